"""Issue 5's "done means", as the demo coordinator would do it: three allies and their contacts,
a meeting with two of them and an official, two follow-ups on the home page and in the
calendar feed, and a duplicate contact merged."""

import datetime

import icalendar
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coalition.management.commands.seed_demo import DEMO_PASSWORD
from coalition.models import Campaign, Contact, FollowUp, Meeting, Membership, Organization
from core.crypto import name_hash
from core.models import User
from tests.targets.factories import OfficialFactory

FORMSET = {
    "orgs-TOTAL_FORMS": "1",
    "orgs-INITIAL_FORMS": "0",
    "orgs-MIN_NUM_FORMS": "0",
    "orgs-MAX_NUM_FORMS": "1000",
}


def test_the_demo_coordinator_s_day(db):
    call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    campaign = Campaign.objects.get(slug="example-county")
    soon = timezone.localdate() + datetime.timedelta(days=10)
    sheriff = OfficialFactory(name="Sheriff Jane Example", title="Sheriff")
    client = Client()
    client.post(
        reverse("account_login"), {"login": "coordinator@example.org", "password": DEMO_PASSWORD}
    )
    me = Membership.objects.for_campaign(campaign).get(user__email="coordinator@example.org")

    def url(name, *args):
        return reverse(f"coalition:{name}", args=[campaign.slug, *args])

    allies = []
    for name, kind, person in [
        ("Eastside Tenants Union", "labor", "Luz Ejemplo"),
        ("Valley Interfaith Network", "faith", "Tomás Muestra"),
        ("Legal Aid of Example County", "immigration_lawyers", "Dana Sample"),
    ]:
        response = client.post(
            url("organization_create"), {"name": name, "kind": kind, "stance": "1"}
        )
        assert response.status_code == 302, response.content
        organization = Organization.objects.for_campaign(campaign).get(name=name)
        allies.append(organization)
        data = {
            "name": person,
            "email": f"{person.split()[1].lower()}@example.org",
            **FORMSET,
            "orgs-0-organization": organization.pk,
            "orgs-0-role": "Organizer",
        }
        assert client.post(url("contact_create"), data).status_code == 302

    contacts = [
        Contact.objects.for_campaign(campaign).get(name_hash=name_hash(n))
        for n in ("Luz Ejemplo", "Tomás Muestra")
    ]
    response = client.post(
        url("meeting_create"),
        {
            "kind": "research",
            "title": "Research meeting with the sheriff",
            "starts_at": f"{soon:%Y-%m-%d}T10:00",
            "location": "Sheriff's office",
            "attendees": [me.pk],
            "organizations": [o.pk for o in allies[:2]],
            "contacts": [c.pk for c in contacts],
            "officials": [sheriff.pk],
            "notes": "Luz asked about booking data.",
        },
    )
    meeting = Meeting.objects.for_campaign(campaign).get(title="Research meeting with the sheriff")
    assert response.status_code == 302
    for title, due in [
        ("Ask for the 287(g) agreement text", "2030-03-06"),
        ("Share notes with allies", "2030-03-08"),
    ]:
        response = client.post(
            url("meeting_followup_create", meeting.pk),
            {"title": title, "owner": me.pk, "due_on": due},
        )
        assert response.status_code == 302

    home = client.get(reverse("coalition:campaign_home", args=[campaign.slug])).content.decode()
    assert "Ask for the 287(g) agreement text" in home
    assert "Share notes with allies" in home

    client.post(url("calendar_feed_issue"))
    feed_url = client.get(url("calendar_feed_settings")).context["new_url"]
    feed = Client().get(feed_url.replace("http://testserver", ""))
    summaries = {
        str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    }
    assert "Research meeting with the sheriff" in summaries
    assert "Follow-up due: Ask for the 287(g) agreement text" in summaries
    assert "Luz" not in feed.content.decode()

    # Someone enters Luz again; the duplicate is found by the hash of her email and merged.
    data = {
        "name": "LUZ  EJEMPLO",
        "email": "EJEMPLO@example.org",
        "phone": "555 010 9999",
        **FORMSET,
    }
    data.update({"orgs-0-organization": "", "orgs-0-role": ""})
    client.post(url("contact_create"), data)
    duplicate = Contact.objects.for_campaign(campaign).filter(phone_hash__gt="").latest("pk")
    groups = client.get(url("contact_duplicates")).context["groups"]
    assert {c.pk for c in groups[0]["contacts"]} == {contacts[0].pk, duplicate.pk}
    client.post(
        url("contact_merge", contacts[0].pk), {"with": duplicate.pk, "keep": contacts[0].pk}
    )
    luz = Contact.objects.get(pk=contacts[0].pk)
    assert luz.phone == "555 010 9999"
    assert luz.meetings.get() == meeting
    assert not Contact.objects.filter(pk=duplicate.pk).exists()
    assert FollowUp.objects.for_campaign(campaign).filter(meeting=meeting).count() == 2
    assert User.objects.filter(email="coordinator@example.org").exists()
