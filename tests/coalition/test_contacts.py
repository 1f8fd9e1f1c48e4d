import csv
import io

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coalition.models import Affiliation, Contact, Tag
from coalition.permissions import Role
from core.crypto import keyed_hash, name_hash
from core.models import AuditEvent
from tests.coalition.conftest import membership_of
from tests.coalition.factories import ContactFactory, OrganizationFactory, TagFactory, affiliate
from tests.conftest import client_for
from tests.factories import MembershipFactory


def _url(campaign, name, *args):
    return reverse(f"coalition:{name}", args=[campaign.slug, *args])


def _form(organization=None, **overrides):
    data = {
        "name": "María  López",
        "email": "maria.lopez@example.org",
        "phone": "+1 (555) 010-3000",
        "preferred_channel": "text",
        "languages": ["es", "en"],
        "notes": "Her brother was held 4 days past his release.",
        "orgs-TOTAL_FORMS": "2",
        "orgs-INITIAL_FORMS": "0",
        "orgs-MIN_NUM_FORMS": "0",
        "orgs-MAX_NUM_FORMS": "1000",
        "orgs-0-organization": organization.pk if organization else "",
        "orgs-0-role": "Organizer" if organization else "",
        "orgs-1-organization": "",
        "orgs-1-role": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("page", ["contact_list", "contact_create", "contact_duplicates"])
def test_volunteers_and_observers_get_403(as_volunteer, observer, campaign, page):
    assert as_volunteer.get(_url(campaign, page)).status_code == 403
    assert client_for(observer).get(_url(campaign, page)).status_code == 403


def test_outsider_gets_404(as_outsider, campaign):
    contact = ContactFactory(campaign=campaign)
    assert as_outsider.get(_url(campaign, "contact_detail", contact.pk)).status_code == 404


def test_another_campaigns_contact_is_not_found(as_coordinator, campaign, other_campaign):
    contact = ContactFactory(campaign=other_campaign)
    assert as_coordinator.get(_url(campaign, "contact_detail", contact.pk)).status_code == 404


def test_coordinator_adds_a_contact_with_organization_languages_and_opt_outs(
    as_coordinator, campaign, organization, coordinator
):
    response = as_coordinator.post(
        _url(campaign, "contact_create"), _form(organization, no_email="on")
    )
    contact = Contact.objects.for_campaign(campaign).get()
    assert response.status_code == 302
    assert contact.name == "María López"
    assert contact.name_hash == name_hash("maria lopez")
    assert contact.phone_hash == keyed_hash("5550103000")
    assert sorted(c.language for c in contact.languages.all()) == ["en", "es"]
    assert contact.affiliations.get().role == "Organizer"
    assert contact.email_opt_out_at is not None
    assert contact.created_by == coordinator
    assert not contact.may_email
    assert contact.may_text
    event = AuditEvent.objects.get(action="contact.created")
    assert event.details["opt_outs_changed"] == ["email_opt_out_at"]
    assert "María" not in str(event.details)


def test_personal_data_is_encrypted_at_rest(as_coordinator, campaign, organization):
    as_coordinator.post(_url(campaign, "contact_create"), _form(organization))
    contact = Contact.objects.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, email, phone, notes FROM coalition_contact WHERE id = %s", [contact.pk]
        )
        row = cursor.fetchone()
    for raw, plain in zip(row, ("María", "maria.lopez", "010-3000", "brother"), strict=True):
        assert raw.startswith("gAAAAA")
        assert plain.lower() not in raw.lower()
    assert Contact.objects.get().email == "maria.lopez@example.org"


def test_bad_input_changes_nothing(as_coordinator, campaign, organization):
    data = _form(
        organization,
        email="not-an-address",
        phone="12",
        **{"orgs-1-organization": organization.pk},  # the same organization twice
    )
    response = as_coordinator.post(_url(campaign, "contact_create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a valid email address." in body
    assert "at least 7 digits" in body
    assert not Contact.objects.exists()
    assert not Affiliation.objects.exists()


def test_a_broken_form_without_its_management_data_is_a_400(as_coordinator, campaign):
    response = as_coordinator.post(_url(campaign, "contact_create"), {"name": "X"})
    assert response.status_code == 400
    assert not Contact.objects.exists()


def test_editing_withdraws_an_opt_out_and_keeps_the_original_date_of_others(
    as_coordinator, campaign
):
    earlier = timezone.now() - timezone.timedelta(days=30)
    contact = ContactFactory(campaign=campaign, email_opt_out_at=earlier, call_opt_out_at=earlier)
    data = _form(**{"name": contact.name, "no_calls": "on"})
    response = as_coordinator.post(_url(campaign, "contact_edit", contact.pk), data)
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.email_opt_out_at is None
    assert contact.call_opt_out_at == earlier


def test_search_matches_whole_names_emails_phones_and_organizations(as_coordinator, campaign):
    organization = OrganizationFactory(campaign=campaign, name="Westside Tenants Union")
    maria = ContactFactory(campaign=campaign, name="Maria Lopez", email="ML@Example.org")
    affiliate(maria, organization)
    ContactFactory(campaign=campaign, name="Jose Perez", phone="555-010-4444")
    url = _url(campaign, "contact_list")

    def found(q):
        return [c.name for c in as_coordinator.get(url, {"q": q}).context["page"].object_list]

    assert found("maria  LOPEZ") == ["Maria Lopez"]
    assert found("ml@example.org") == ["Maria Lopez"]
    assert found("(555) 010 4444") == ["Jose Perez"]
    assert found("tenants") == ["Maria Lopez"]
    assert found("Maria") == []  # part of an encrypted name cannot match


def test_search_finds_a_name_without_its_accents(as_coordinator, campaign):
    ContactFactory(campaign=campaign, name="José Núñez-Ortiz")
    url = _url(campaign, "contact_list")
    found = as_coordinator.get(url, {"q": "jose  nunez ortiz"}).context["page"].object_list
    assert [c.name for c in found] == ["José Núñez-Ortiz"]


def test_list_is_audited_with_the_contacts_shown(as_coordinator, campaign):
    contacts = ContactFactory.create_batch(2, campaign=campaign)
    as_coordinator.get(_url(campaign, "contact_list"))
    event = AuditEvent.objects.get(action="contact.read")
    assert event.details["where"] == "contact_list"
    assert {o["pk"] for o in event.objects_affected} == {str(c.pk) for c in contacts}


def test_detail_shows_details_and_is_audited(as_coordinator, campaign):
    contact = ContactFactory(campaign=campaign, name="Rosa Example", email="rosa@example.org")
    body = as_coordinator.get(_url(campaign, "contact_detail", contact.pk)).content.decode()
    assert "Rosa Example" in body
    assert 'href="mailto:rosa@example.org"' in body
    assert AuditEvent.objects.get(action="contact.read").details["where"] == "contact_detail"


def test_detail_offers_no_mailto_after_an_email_opt_out(as_coordinator, campaign):
    contact = ContactFactory(campaign=campaign, email_opt_out_at=timezone.now())
    body = as_coordinator.get(_url(campaign, "contact_detail", contact.pk)).content.decode()
    assert "mailto:" not in body
    assert "(do not email)" in body


def test_list_filters(as_coordinator, campaign, coordinator):
    member = membership_of(campaign, coordinator)
    organization = OrganizationFactory(campaign=campaign)
    tag = TagFactory(campaign=campaign)
    a = ContactFactory(campaign=campaign, point_person=member)
    a.tags.add(tag)
    affiliate(a, organization)
    a.languages.create(language="es")
    b = ContactFactory(campaign=campaign, email_opt_out_at=timezone.now())
    c = ContactFactory(campaign=campaign, do_not_contact_at=timezone.now())
    url = _url(campaign, "contact_list")

    def pks(**params):
        return {x.pk for x in as_coordinator.get(url, params).context["page"].object_list}

    assert pks() == {a.pk, b.pk, c.pk}
    assert pks(organization=organization.pk) == {a.pk}
    assert pks(tag=tag.pk) == {a.pk}
    assert pks(language="es") == {a.pk}
    assert pks(point_person=member.pk) == {a.pk}
    assert pks(reachable="email") == {a.pk}
    assert pks(reachable="call") == {a.pk, b.pk}
    assert pks(reachable="none") == {c.pk}


def test_sort_by_organization(as_coordinator, campaign):
    zeta = affiliate(
        ContactFactory(campaign=campaign), OrganizationFactory(campaign=campaign, name="Zeta")
    ).contact
    alpha = affiliate(
        ContactFactory(campaign=campaign), OrganizationFactory(campaign=campaign, name="alpha")
    ).contact
    loner = ContactFactory(campaign=campaign)
    page = as_coordinator.get(_url(campaign, "contact_list"), {"sort": "organization"}).context[
        "page"
    ]
    assert [c.pk for c in page.object_list] == [alpha.pk, zeta.pk, loner.pk]


def test_list_query_count_does_not_grow_with_rows(
    as_coordinator, campaign, coordinator, django_assert_max_num_queries
):
    member = membership_of(campaign, coordinator)
    organization = OrganizationFactory(campaign=campaign)
    tag = TagFactory(campaign=campaign)

    def add(n):
        for contact in ContactFactory.create_batch(n, campaign=campaign, point_person=member):
            affiliate(contact, organization, "member")
            contact.tags.add(tag)
            contact.languages.create(language="es")

    url = _url(campaign, "contact_list")
    add(3)
    with django_assert_max_num_queries(30) as small:
        assert as_coordinator.get(url).status_code == 200
    add(40)
    with django_assert_max_num_queries(30) as large:
        as_coordinator.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_bulk_tag_point_person_and_audit(as_coordinator, campaign, coordinator):
    contacts = ContactFactory.create_batch(3, campaign=campaign)
    member = membership_of(campaign, coordinator)
    url = _url(campaign, "contact_bulk")
    as_coordinator.post(
        url, {"action": "tag", "tag_name": "hearing", "selected": [c.pk for c in contacts[:2]]}
    )
    as_coordinator.post(
        url, {"action": "point_person", "point_person": member.pk, "all_matching": "on"}
    )
    tag = Tag.objects.for_campaign(campaign).get()
    assert set(tag.contacts.all()) == set(contacts[:2])
    assert set(Contact.objects.values_list("point_person", flat=True)) == {member.pk}
    assert AuditEvent.objects.filter(action="contact.bulk_point_person").get().details["count"] == 3


def test_bulk_ignores_rows_of_another_campaign(as_coordinator, campaign, other_campaign):
    mine = ContactFactory(campaign=campaign)
    theirs = ContactFactory(campaign=other_campaign)
    response = as_coordinator.post(
        _url(campaign, "contact_bulk"),
        {"action": "tag", "tag_name": "x", "selected": [mine.pk, theirs.pk]},
        follow=True,
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Tag.objects.exists()


def test_email_list_honours_opt_outs(as_coordinator, campaign):
    yes = ContactFactory(campaign=campaign, email="yes@example.org")
    ContactFactory(campaign=campaign, email="optout@example.org", email_opt_out_at=timezone.now())
    ContactFactory(campaign=campaign, email="dnc@example.org", do_not_contact_at=timezone.now())
    ContactFactory(campaign=campaign, email="")
    response = as_coordinator.post(
        _url(campaign, "contact_bulk"), {"action": "email_list", "all_matching": "on"}
    )
    body = response.content.decode()
    assert "yes@example.org" in body
    assert "optout@example.org" not in body
    assert "dnc@example.org" not in body
    assert "3 chosen people were left out" in body
    event = AuditEvent.objects.get(action="contact.email_list_read")
    assert event.objects_affected == [{"model": "coalition.contact", "pk": str(yes.pk)}]


def test_only_leads_export(as_coordinator, campaign):
    assert as_coordinator.get(_url(campaign, "contact_export")).status_code == 403


def test_export_needs_a_purpose(as_lead, campaign):
    response = as_lead.post(_url(campaign, "contact_export"), {"channel": "any", "purpose": ""})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="contact.exported").exists()


def test_export_honours_opt_outs_and_neutralizes_formulas(as_lead, campaign, lead):
    ContactFactory(
        campaign=campaign, name='=HYPERLINK("x")', email="a@example.org", phone="555 010 1111"
    )
    ContactFactory(
        campaign=campaign, name="No Email", email="b@example.org", email_opt_out_at=timezone.now()
    )
    ContactFactory(
        campaign=campaign,
        name="No Calls Or Texts",
        phone="555 010 2222",
        call_opt_out_at=timezone.now(),
        text_opt_out_at=timezone.now(),
    )
    ContactFactory(campaign=campaign, name="Do Not Contact", do_not_contact_at=timezone.now())
    response = as_lead.post(
        _url(campaign, "contact_export"),
        {"channel": "any", "purpose": "Phone bank for the hearing"},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = {r[0]: r for r in csv.reader(io.StringIO(response.content.decode()))}
    assert '\'=HYPERLINK("x")' in rows
    assert "Do Not Contact" not in rows
    assert rows["No Email"][1] == ""
    assert rows["No Calls Or Texts"][2] == ""
    assert rows['\'=HYPERLINK("x")'][1] == "a@example.org"
    event = AuditEvent.objects.get(action="contact.exported")
    assert event.reason == "Phone bank for the hearing"
    assert event.actor == lead
    assert event.details["count"] == 3

    emails = as_lead.post(
        _url(campaign, "contact_export"), {"channel": "email", "purpose": "Newsletter to allies"}
    )
    names = [r[0] for r in csv.reader(io.StringIO(emails.content.decode()))][1:]
    assert set(names) == {'\'=HYPERLINK("x")', "No Calls Or Texts"}


def test_delete_erases_the_contact(as_coordinator, campaign):
    contact = ContactFactory(campaign=campaign)
    assert as_coordinator.post(_url(campaign, "contact_delete", contact.pk)).status_code == 302
    assert not Contact.objects.exists()
    assert AuditEvent.objects.filter(action="contact.deleted").exists()


def test_a_new_volunteer_sees_no_contact_even_by_address(campaign, db):
    member = MembershipFactory(campaign=campaign, role=Role.VOLUNTEER)
    contact = ContactFactory(campaign=campaign)
    response = client_for(member.user).get(_url(campaign, "contact_detail", contact.pk))
    assert response.status_code == 403
