from django.urls import reverse

from core.models import AuditEvent
from stories.models import Identifiability, Purpose
from tests.conftest import client_for
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.stories.conftest import reauthenticated
from tests.stories.factories import consent, make_story


def _packet(client, campaign, stories, purpose=Purpose.POLICYMAKERS_ANONYMIZED, fmt="html"):
    return client.post(
        reverse("stories:packet", args=[campaign.slug]),
        {
            "purpose": purpose,
            "stories": [s.pk for s in stories],
            "reason": "Meeting with Supervisor Diaz",
            "format": fmt,
        },
    )


def _consented_story(campaign, by, name="Marta Ruiz", **kw):
    story = make_story(
        campaign,
        taken_by=by,
        name=name,
        narrative=f"{name} was held two days past her release.",
        **kw,
    )
    consent(story, Purpose.INTERNAL, by=by)
    return story


def test_packet_contains_only_consented_stories_redacted(as_fresh_lead, campaign, volunteer, lead):
    yes = _consented_story(campaign, volunteer)
    consent(yes, Purpose.POLICYMAKERS_ANONYMIZED, by=volunteer)
    no = _consented_story(campaign, volunteer, name="Elena Soto")
    consent(no, Purpose.POLICYMAKERS_ANONYMIZED, granted=False, by=volunteer)
    response = _packet(as_fresh_lead, campaign, [yes, no])
    assert response.status_code == 200
    body = response.content.decode()
    assert "was held two days past her release" in body
    assert "Marta" not in body and "Ruiz" not in body
    assert "Elena" not in body
    assert no.reference in body and "said no to this use" in body
    event = AuditEvent.objects.get(action="packet.generated")
    assert event.actor == lead
    assert event.reason == "Meeting with Supervisor Diaz"
    assert event.objects_affected == [{"model": "stories.story", "pk": str(yes.pk)}]
    assert event.details["left_out"] == [no.reference]


def test_withdrawal_leaves_the_story_out_of_the_next_packet(as_fresh_lead, campaign, volunteer):
    story = _consented_story(campaign, volunteer)
    consent(story, Purpose.POLICYMAKERS_ANONYMIZED, by=volunteer)
    assert "was held two days" in _packet(as_fresh_lead, campaign, [story]).content.decode()
    consent(story, Purpose.POLICYMAKERS_ANONYMIZED, granted=False, withdrawal=True, by=volunteer)
    body = _packet(as_fresh_lead, campaign, [story]).content.decode()
    assert "was held two days" not in body
    assert "was withdrawn on" in body


def test_named_packet_uses_the_name_the_storyteller_allowed(as_fresh_lead, campaign, volunteer):
    story = _consented_story(campaign, volunteer)
    consent(story, Purpose.POLICYMAKERS_NAMED, level=Identifiability.FIRST_NAME, by=volunteer)
    body = _packet(as_fresh_lead, campaign, [story], Purpose.POLICYMAKERS_NAMED).content.decode()
    assert "Marta" in body and "Ruiz" not in body


def test_pdf_packet(as_fresh_lead, campaign, volunteer):
    story = _consented_story(campaign, volunteer)
    consent(story, Purpose.POLICYMAKERS_ANONYMIZED, by=volunteer)
    response = _packet(as_fresh_lead, campaign, [story], fmt="pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"


def test_packet_needs_a_recent_confirmation(as_lead, campaign, volunteer):
    story = _consented_story(campaign, volunteer)
    response = _packet(as_lead, campaign, [story])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not AuditEvent.objects.filter(action="packet.generated").exists()


def test_packet_needs_a_second_factor(campaign, volunteer, settings):
    settings.REQUIRE_LEAD_MFA = False  # even where leads may browse without one
    lead = UserFactory(email="nofactor@example.org")
    MembershipFactory(campaign=campaign, user=lead, role="lead")
    client = reauthenticated(lead, PASSWORD)
    story = _consented_story(campaign, volunteer)
    response = _packet(client, campaign, [story])
    assert response.status_code == 403
    assert "A second factor is needed" in response.content.decode()
    assert not AuditEvent.objects.filter(action="packet.generated").exists()


def test_packet_needs_a_reason(as_fresh_lead, campaign, volunteer):
    story = _consented_story(campaign, volunteer)
    response = as_fresh_lead.post(
        reverse("stories:packet", args=[campaign.slug]),
        {"purpose": Purpose.INTERNAL, "stories": [story.pk], "format": "html"},
    )
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="packet.generated").exists()


def test_coordinator_cannot_build_packets(campaign, coordinator):
    assert (
        client_for(coordinator).get(reverse("stories:packet", args=[campaign.slug])).status_code
        == 403
    )


def test_without_pango_the_pdf_falls_back_to_the_printable_page(
    as_fresh_lead, campaign, volunteer, monkeypatch
):
    import sys

    story = _consented_story(campaign, volunteer)
    consent(story, Purpose.POLICYMAKERS_ANONYMIZED, by=volunteer)
    # As on a server where WeasyPrint cannot load: importing it fails.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    response = _packet(as_fresh_lead, campaign, [story], fmt="pdf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "cannot make PDFs" in response.content.decode()
    assert "was held two days past her release" in response.content.decode()
