"""Petitions: the public page and its form, the signatures (one per email, encrypted), the
counter, the campaign's pages, delivery and the exports."""

import csv
import datetime
import io
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from actions.models import (
    ActionKind,
    CampaignAction,
    Petition,
    PetitionCounter,
    Signature,
)
from actions.models.petitions import COUNTER_SHARDS, forget_published
from actions.services import petitions as service
from coalition.models import Organization
from coalition.permissions import Role
from core.crypto import keyed_hash
from core.models import AuditEvent
from tests.conftest import client_for
from tests.factories import CampaignFactory, MembershipFactory, UserFactory

SIGNER = {
    "name": "Ana María Ejemplo",
    "email": "ana@example.org",
    "place": "Exampleton",
    "comment": "My cousin was held for ICE for three days.",
}


def make_petition(campaign, *, slug="end-287g", status=Petition.Status.OPEN, **fields):
    petition = Petition.objects.create(
        campaign=campaign,
        slug=slug,
        title=fields.pop("title", "End the 287(g) agreement in Example County"),
        title_es=fields.pop("title_es", "Pongamos fin al acuerdo 287(g) del condado"),
        text=fields.pop("text", "Sheriff, do not renew the agreement with ICE."),
        text_es=fields.pop("text_es", "Sheriff, no renueve el acuerdo con ICE."),
        status=status,
        **fields,
    )
    PetitionCounter.create_for(petition)
    return petition


@pytest.fixture
def petition(campaign, place):
    petition = make_petition(campaign, addressed_to="Sheriff Example and the County Board")
    petition.targets.set([place["sheriff"], place["board"]])
    ally = Organization.objects.create(campaign=campaign, name="Example Faith Table", kind="faith")
    petition.sponsors.set([ally])
    return petition


def public(petition, language="en") -> str:
    with translation.override(language):
        return reverse("public:petition", kwargs={"slug": petition.slug})


def url(name, campaign, *args) -> str:
    return reverse(f"petitions:{name}", args=[campaign.slug, *args])


def signatures(petition):
    return Signature.objects.for_campaign(petition.campaign).filter(petition=petition)


def post(client, petition, data, **extra):
    return client.post(public(petition), data, **extra)


# The public form


def test_signing_counts_once_and_thanks_the_signer(client, petition):
    response = post(client, petition, SIGNER)
    assert response.status_code == 302
    assert response["Location"] == f"{public(petition)}?signed=new#signed"
    signature = signatures(petition).get()
    assert (signature.name, signature.email, signature.place) == (
        "Ana María Ejemplo",
        "ana@example.org",
        "Exampleton",
    )
    assert signature.wants_updates is False  # the box is unticked unless ticked
    assert signature.language == "en"
    assert petition.signature_count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Thank you for signing!" in page


def test_same_email_in_other_case_and_spacing_updates_the_one_signature(client, petition):
    post(client, petition, SIGNER)
    again = {**SIGNER, "name": "Ana Ejemplo", "email": "  ANA@Example.ORG ", "wants_updates": "on"}
    response = post(client, petition, again)
    assert response.status_code == 302
    assert response["Location"].endswith("?signed=updated#signed")
    signature = signatures(petition).get()
    assert signature.name == "Ana Ejemplo"
    assert signature.wants_updates is True
    assert signature.email_hash == keyed_hash("ana@example.org")
    assert petition.signature_count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "You had already signed this petition." in page
    assert "It is still counted once." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "This field is required."),
        ({**SIGNER, "name": "   "}, "This field is required."),
        ({**SIGNER, "email": "ana at example"}, "Enter a valid email address."),
        ({**SIGNER, "name": "A" * 201}, "at most 200 characters"),
        ({**SIGNER, "email": f"{'a' * 250}@example.org"}, "at most 254 characters"),
        ({**SIGNER, "place": "P" * 101}, "at most 100 characters"),
        ({**SIGNER, "comment": "C" * 1001}, "at most 1000 characters"),
        ({**SIGNER, "name": "Ana\x00"}, "Null characters are not allowed."),
    ],
    ids=[
        "empty",
        "blank-name",
        "bad-email",
        "long-name",
        "long-email",
        "long-place",
        "long-comment",
        "null-char",
    ],
)
def test_bad_input_gets_clear_errors_and_stores_nothing(client, petition, data, message):
    response = post(client, petition, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your signature was not saved." in page
    assert message in page
    assert 'aria-invalid="true"' in page
    assert not signatures(petition).exists()
    assert petition.signature_count() == 0


def test_a_filled_honeypot_is_thanked_and_nothing_is_stored(client, petition):
    response = post(client, petition, {**SIGNER, "website": "http://spam.example"})
    assert response.status_code == 302
    assert response["Location"].endswith("?signed=new#signed")
    assert not signatures(petition).exists()
    assert petition.signature_count() == 0


def test_past_the_rate_limit_the_form_says_so_and_stores_nothing(client, petition, settings):
    settings.PUBLIC_FORM_RATE = 2
    for n in range(2):
        assert post(client, petition, {**SIGNER, "email": f"p{n}@example.org"}).status_code == 302
    response = post(client, petition, {**SIGNER, "email": "third@example.org"})
    assert response.status_code == 429
    assert response["Retry-After"]
    assert "Nothing was saved" in response.content.decode()
    assert signatures(petition).count() == 2
    assert not signatures(petition).filter(email_hash=keyed_hash("third@example.org")).exists()


def test_a_post_from_another_site_is_refused(client, petition):
    response = post(client, petition, SIGNER, HTTP_ORIGIN="https://elsewhere.example")
    assert response.status_code == 403
    assert "another website" in response.content.decode()
    assert not signatures(petition).exists()


def test_a_post_from_this_site_is_taken(client, petition):
    response = post(client, petition, SIGNER, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert signatures(petition).count() == 1


def test_a_closed_petition_takes_no_signature(client, petition):
    petition.status = Petition.Status.CLOSED
    petition.save(update_fields=["status"])
    assert "This petition is closed" in client.get(public(petition)).content.decode()
    response = post(client, petition, SIGNER)
    assert response.status_code == 400
    assert "Nothing was saved." in response.content.decode()
    assert not signatures(petition).exists()


def test_a_petition_closed_by_another_process_takes_no_signature_while_this_one_keeps_it(
    client, petition
):
    """This process keeps the open petition's row a few seconds; another process closes it (a
    queryset update: no signal reaches this one). The database refuses the signature anyway."""
    other = {**SIGNER, "email": "otra@example.org"}
    assert post(client, petition, other).status_code == 302  # read and kept: open
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.CLOSED)
    response = post(client, petition, SIGNER)
    assert response.status_code == 400
    assert "This petition is closed" in response.content.decode()
    assert list(signatures(petition).values_list("email_hash", flat=True)) == [
        keyed_hash("otra@example.org")
    ]
    assert petition.signature_count() == 1
    # Signing again with the first address (an update) is refused as well, and changes nothing.
    assert post(client, petition, {**other, "name": "Changed"}).status_code == 400
    assert signatures(petition).get().name == SIGNER["name"]


def test_saving_a_petition_is_seen_at_once_in_this_process(client, petition):
    assert client.get(public(petition)).status_code == 200  # kept
    petition.title = "A new title for the sheriff"
    petition.save(update_fields=["title"])
    assert "A new title for the sheriff" in client.get(public(petition)).content.decode()
    petition.status = Petition.Status.DRAFT
    petition.save(update_fields=["status"])
    assert client.get(public(petition)).status_code == 404


def test_sign_only_if_open_writes_nothing_on_a_closed_petition(petition):
    service.sign(petition, SIGNER, language="en")
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.CLOSED)
    fresh = {**SIGNER, "email": "new@example.org"}
    assert service.sign(petition, fresh, language="en", only_if_open=True) == (None, False)
    again = {**SIGNER, "comment": "changed"}
    assert service.sign(petition, again, language="en", only_if_open=True) == (None, False)
    assert signatures(petition).count() == 1
    assert signatures(petition).get().comment == SIGNER["comment"]
    assert petition.signature_count() == 1
    # An import of paper signatures may still add to a closed petition.
    assert service.sign(petition, fresh, language="en")[1] is True


def test_a_new_petition_has_its_counter_shards(campaign):
    petition = Petition.objects.create(campaign=campaign, slug="fresh", title="T", text="x")
    assert PetitionCounter.objects.filter(petition=petition).count() == COUNTER_SHARDS


def test_a_draft_has_no_public_page(client, campaign):
    draft = make_petition(campaign, slug="draft", status=Petition.Status.DRAFT)
    assert client.get(public(draft)).status_code == 404
    assert post(client, draft, SIGNER).status_code == 404
    assert not signatures(draft).exists()


# What the public page shows


def test_the_page_shows_counts_and_progress_and_no_personal_data(client, petition):
    petition.goal = 4
    petition.save(update_fields=["goal"])
    for n in range(3):
        service.sign(petition, {**SIGNER, "email": f"s{n}@example.org"}, language="en")
    page = client.get(public(petition)).content.decode()
    assert "3 signatures" in page
    assert 'value="3" max="4"' in page
    assert "75% of the goal of 4 signatures" in page
    assert 'aria-labelledby="progress-count progress-goal"' in page
    assert "Sheriff Example and the County Board" in page
    assert "Example Faith Table" in page
    for private in ("Ana", "Ejemplo", "example.org", "Exampleton", "cousin"):
        assert private not in page


def test_first_names_and_towns_only_of_signers_who_agreed(client, petition):
    petition.show_signers = True
    petition.save(update_fields=["show_signers"])
    service.sign(petition, {**SIGNER, "show_publicly": True}, language="en")
    service.sign(
        petition,
        {"name": "Zed Hidden", "email": "zed@example.org", "place": "Secretville"},
        language="en",
    )
    page = client.get(public(petition)).content.decode()
    assert "Ana, Exampleton" in page
    assert "Ejemplo" not in page
    assert "Zed" not in page and "Secretville" not in page
    assert "ana@example.org" not in page


def test_a_signer_cannot_opt_in_where_the_petition_shows_nobody(client, petition):
    post(client, petition, {**SIGNER, "show_publicly": "on"})
    assert signatures(petition).get().show_publicly is False


def test_the_page_is_cacheable_and_the_post_is_not(client, petition):
    response = client.get(public(petition))
    assert "public" in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    posted = post(client, petition, SIGNER)
    assert "no-store" in posted["Cache-Control"]
    assert "public" not in posted["Cache-Control"]


def test_the_page_in_spanish(client, petition):
    response = client.get(public(petition, "es"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in page
    assert "Pongamos fin al acuerdo 287(g) del condado" in page
    assert 'hreflang="en"' in page
    post_response = client.post(public(petition, "es"), SIGNER)
    assert post_response["Location"] == f"{public(petition, 'es')}?signed=new#signed"
    assert signatures(petition).get().language == "es"


def test_every_field_has_a_label_and_the_honeypot_is_hidden(client, petition):
    page = client.get(public(petition)).content.decode()
    for field in ("name", "email", "place", "comment", "wants_updates", "website"):
        assert f'for="id_{field}"' in page, field
    assert '<div class="hp-field" aria-hidden="true">' in page
    assert 'name="wants_updates"' in page and "checked" not in page
    assert "Our promise" in page


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def _sign_many(petition, start, stop, **extra):
    for n in range(start, stop):
        service.sign(
            petition,
            {**SIGNER, "email": f"many{n}@example.org", "show_publicly": True, **extra},
            language="en",
        )


def test_the_public_page_reads_a_fixed_number_of_rows(client, petition, django_assert_num_queries):
    petition.show_signers = True
    petition.save(update_fields=["show_signers"])
    _sign_many(petition, 0, 2)
    # The petition, its counter's shards (summed), the latest opted-in signers (LIMIT) and its
    # sponsors (its targets too where it names no addressee). No COUNT(*) of the signatures.
    with django_assert_num_queries(4) as small:
        client.get(public(petition))
    _sign_many(petition, 2, 40)
    forget_published()
    with django_assert_num_queries(4) as large:
        client.get(public(petition))
    sql = " ".join(q["sql"] for q in large.captured_queries).upper()
    assert "COUNT(" not in sql
    assert "LIMIT 12" in sql
    assert len(small.captured_queries) == len(large.captured_queries)
    # Seen again within PUBLIC_PETITION_CACHE_SECONDS: this process kept the petition's row.
    with django_assert_num_queries(3) as again:
        client.get(public(petition))
    assert 'actions_petition"' not in " ".join(q["sql"] for q in again.captured_queries)


def test_the_signature_list_reads_a_fixed_number_of_rows(as_coordinator, petition):
    path = url("signatures", petition.campaign, petition.pk)
    _sign_many(petition, 0, 3)
    small = _queries(as_coordinator, path)
    _sign_many(petition, 3, 70)
    assert _queries(as_coordinator, path) == small
    assert _queries(as_coordinator, f"{path}?page=2") == small


# The write path


def test_encrypted_at_rest(petition):
    service.sign(petition, SIGNER, language="en")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, email, place, comment, email_hash FROM actions_signature")
        row = cursor.fetchone()
    dump = " ".join(row)
    for plain in ("Ana", "Ejemplo", "ana@example.org", "Exampleton", "cousin"):
        assert plain not in dump
    assert row[4] == keyed_hash("ana@example.org")


def test_a_new_signature_is_one_statement(petition, django_assert_num_queries):
    """The insert that refuses a duplicate and the counter's update: no lookup first, and no
    query that reads the signatures or grows with them. On PostgreSQL both are one statement
    (a data-modifying WITH); elsewhere two in a transaction (savepoint, insert, counter,
    release, as the test runs inside a transaction)."""
    service.sign(petition, SIGNER, language="en")
    expected = 1 if connection.vendor == "postgresql" else 4
    with django_assert_num_queries(expected) as captured:
        signature, created = service.sign(
            petition, {**SIGNER, "email": "second@example.org"}, language="en"
        )
    assert created is True and signature.pk
    sql = " ".join(q["sql"] for q in captured.captured_queries).upper()
    assert "COUNT(" not in sql and "ON CONFLICT" in sql
    assert petition.signature_count() == 2


def test_signing_again_updates_and_counts_once(petition):
    service.sign(petition, SIGNER, language="en")
    signature, created = service.sign(petition, {**SIGNER, "name": "Ana E."}, language="en")
    assert created is False
    assert signature.name == "Ana E."
    assert petition.signature_count() == 1


def _at_once(count: int, work) -> list[Exception]:
    """Run work(n) in `count` threads released together; each has its own connection."""
    barrier = threading.Barrier(count)
    errors: list[Exception] = []

    def run(n: int) -> None:
        try:
            barrier.wait()
            work(n)
        except Exception as error:  # collected, and asserted on by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


concurrent = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
)


@concurrent
def test_one_email_signing_at_once_from_many_requests_counts_once(transactional_db):
    petition = make_petition(CampaignFactory())
    errors = _at_once(
        8, lambda n: service.sign(petition, {**SIGNER, "name": f"Ana {n}"}, language="en")
    )
    assert not errors
    assert signatures(petition).count() == 1
    assert petition.signature_count() == 1


@concurrent
def test_many_signers_at_once_are_all_counted(transactional_db):
    petition = make_petition(CampaignFactory())
    errors = _at_once(
        24,
        lambda n: service.sign(petition, {**SIGNER, "email": f"{n}@example.org"}, language="en"),
    )
    assert not errors
    assert signatures(petition).count() == 24
    assert petition.signature_count() == 24


def test_the_counter_is_made_when_missing_and_recount_agrees(campaign):
    petition = Petition.objects.create(
        campaign=campaign, slug="no-counter", title="T", text="x", status="open"
    )
    service.sign(petition, SIGNER, language="en")
    service.sign(petition, {**SIGNER, "email": "other@example.org"}, language="en")
    assert petition.counters.count() == COUNTER_SHARDS
    assert petition.signature_count() == 2
    assert PetitionCounter.recount(petition) == 2
    assert petition.signature_count() == 2


# The campaign's pages


def test_a_coordinator_writes_a_petition_as_a_draft(as_coordinator, campaign, place, plan):
    ally = Organization.objects.create(campaign=campaign, name="Labor Council", kind="labor")
    response = as_coordinator.post(
        url("create", campaign),
        {
            "title": "Stop holding people for ICE",
            "text": "We ask the sheriff to stop honoring ICE holds.",
            "targets": [place["sheriff"].pk, place["board"].pk],
            "sponsors": [ally.pk],
            "goal": "200",
            "slug": "",
        },
    )
    assert response.status_code == 302
    petition = Petition.objects.for_campaign(campaign).get()
    assert petition.slug == "stop-holding-people-for-ice"
    assert petition.status == Petition.Status.DRAFT
    assert petition.counters.count() == COUNTER_SHARDS
    assert set(petition.targets.all()) == {place["sheriff"], place["board"]}
    assert list(petition.sponsors.all()) == [ally]
    assert client_for(None).get(public(petition)).status_code == 404


def test_a_title_already_used_gets_a_free_address(as_coordinator, campaign, other_campaign):
    make_petition(other_campaign, slug="stop-holding-people-for-ice")
    data = {"title": "Stop holding people for ICE", "text": "x", "goal": "200"}
    assert as_coordinator.post(url("create", campaign), data).status_code == 302
    assert Petition.objects.for_campaign(campaign).get().slug == "stop-holding-people-for-ice-2"


def test_bad_petition_input_saves_nothing(as_coordinator, campaign, other_campaign):
    theirs = Organization.objects.create(campaign=other_campaign, name="Theirs", kind="faith")
    make_petition(other_campaign, slug="taken")
    base = {"title": "T", "text": "x", "goal": "200"}
    for data in (
        {**base, "title": ""},
        {**base, "goal": "0"},
        {**base, "goal": "lots"},
        {**base, "slug": "not a slug!"},
        {**base, "slug": "taken"},
        {**base, "sponsors": [theirs.pk]},
    ):
        response = as_coordinator.post(url("create", campaign), data)
        assert response.status_code == 400, data
        assert "nothing was saved" in response.content.decode()
    assert not Petition.objects.for_campaign(campaign).exists()


def test_the_address_stays_once_published(as_coordinator, petition):
    response = as_coordinator.post(
        url("edit", petition.campaign, petition.pk),
        {"title": "New title", "text": "New text", "goal": "300", "slug": "moved"},
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert (petition.title, petition.goal, petition.slug) == ("New title", 300, "end-287g")


def test_only_the_lead_opens_a_petition(as_lead, as_coordinator, campaign):
    draft = make_petition(campaign, slug="draft", status=Petition.Status.DRAFT)
    path = url("publish", campaign, draft.pk)
    assert as_coordinator.post(path, {"status": "open"}).status_code == 403
    response = as_lead.post(path, {"status": "open", "show_signers": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Petition.Status.OPEN and draft.show_signers
    assert client_for(None).get(public(draft)).status_code == 200
    event = AuditEvent.objects.for_campaign(campaign).about(draft).get(action="petition.status")
    assert event.details["old"] == "draft" and event.details["new"] == "open"


def test_the_list_and_detail_show_the_count(as_volunteer, petition):
    service.sign(petition, SIGNER, language="en")
    listing = as_volunteer.get(url("list", petition.campaign)).content.decode()
    assert petition.title in listing
    detail = as_volunteer.get(url("detail", petition.campaign, petition.pk)).content.decode()
    assert "1 signature" in detail
    assert "Example County Sheriff" in detail
    # A volunteer sees neither the signatures nor the export.
    assert url("signatures", petition.campaign, petition.pk) not in detail
    assert url("export", petition.campaign, petition.pk) not in detail


def test_another_campaigns_lead_gets_404_everywhere(as_outsider, petition):
    signature, _ = service.sign(petition, SIGNER, language="en")
    campaign = petition.campaign
    for name in ("detail", "edit", "deliver", "signatures", "export", "counts"):
        assert as_outsider.get(url(name, campaign, petition.pk)).status_code == 404, name
    assert as_outsider.post(url("publish", campaign, petition.pk), {}).status_code == 404
    assert as_outsider.get(url("signature_remove", campaign, signature.pk)).status_code == 404


def test_our_pages_do_not_reach_another_campaigns_petition(as_lead, campaign, other_campaign):
    theirs = make_petition(other_campaign, slug="theirs")
    signature, _ = service.sign(theirs, SIGNER, language="en")
    for name in ("detail", "edit", "signatures", "export", "counts"):
        assert as_lead.get(url(name, campaign, theirs.pk)).status_code == 404, name
    assert as_lead.post(url("signature_remove", campaign, signature.pk)).status_code == 404
    assert signatures(theirs).count() == 1


def test_finding_a_signer_by_email(as_coordinator, petition):
    service.sign(petition, SIGNER, language="en")
    service.sign(petition, {**SIGNER, "name": "Bo Other", "email": "bo@example.org"}, language="en")
    path = url("signatures", petition.campaign, petition.pk)
    page = as_coordinator.get(path, {"email": "ANA@example.org"}).content.decode()
    assert "Ana María Ejemplo" in page and "Bo Other" not in page
    event = AuditEvent.objects.for_campaign(petition.campaign).filter(action="signature.read")
    assert event.count() == 1


def test_the_lead_erases_a_signature(as_lead, as_coordinator, petition):
    signature, _ = service.sign(petition, SIGNER, language="en")
    path = url("signature_remove", petition.campaign, signature.pk)
    assert as_coordinator.post(path).status_code == 403
    assert "Ana" in as_lead.get(path).content.decode()
    assert as_lead.post(path).status_code == 302
    assert not signatures(petition).exists()
    assert petition.signature_count() == 0
    assert (
        AuditEvent.objects.for_campaign(petition.campaign)
        .filter(action="signature.erased")
        .exists()
    )


# Delivery


def _delivery(petition, **data):
    return {"delivered_at": "2026-06-01T10:30", "close": "on", **data}


def test_delivery_can_add_the_delivery_action(as_lead, petition, client):
    service.sign(petition, SIGNER, language="en")
    response = as_lead.post(
        url("deliver", petition.campaign, petition.pk), _delivery(petition, create_action="on")
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    action = petition.delivery_action
    assert action.kind == ActionKind.PETITION_DELIVERY
    assert action.happens_on == datetime.date(2026, 6, 1)
    assert set(action.targets.all()) == set(petition.targets.all())
    assert set(action.allies.all()) == set(petition.sponsors.all())
    assert action.description == "1 signature delivered."
    assert petition.status == Petition.Status.CLOSED
    assert petition.delivered_at == timezone.make_aware(datetime.datetime(2026, 6, 1, 10, 30))
    assert "Delivered to its targets on" in client.get(public(petition)).content.decode()


def test_delivery_links_an_existing_action(as_lead, petition):
    action = CampaignAction.objects.create(
        campaign=petition.campaign,
        kind=ActionKind.PETITION_DELIVERY,
        title="Deliver to the sheriff",
        happens_on=datetime.date(2026, 6, 1),
    )
    path = url("deliver", petition.campaign, petition.pk)
    assert as_lead.get(path).status_code == 200
    both = _delivery(petition, delivery_action=action.pk, create_action="on")
    assert as_lead.post(path, both).status_code == 400
    assert as_lead.post(path, _delivery(petition, delivery_action=action.pk)).status_code == 302
    petition.refresh_from_db()
    assert petition.delivery_action == action
    assert CampaignAction.objects.for_campaign(petition.campaign).count() == 1
    assert as_lead.post(path, {"undo": "1"}).status_code == 302
    petition.refresh_from_db()
    assert petition.delivered_at is None and petition.delivery_action is None


def test_delivery_refuses_another_campaigns_action(as_lead, petition, other_campaign):
    theirs = CampaignAction.objects.create(
        campaign=other_campaign,
        kind=ActionKind.PETITION_DELIVERY,
        title="Theirs",
        happens_on=datetime.date(2026, 6, 1),
    )
    path = url("deliver", petition.campaign, petition.pk)
    assert as_lead.post(path, _delivery(petition, delivery_action=theirs.pk)).status_code == 400
    petition.refresh_from_db()
    assert petition.delivered_at is None


def test_only_the_lead_marks_delivery(as_coordinator, petition):
    path = url("deliver", petition.campaign, petition.pk)
    assert as_coordinator.post(path, _delivery(petition)).status_code == 403


# Exports

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)"]


def _sign_formulas(petition):
    for n, formula in enumerate(FORMULAS):
        service.sign(
            petition,
            {"name": formula, "email": f"f{n}@example.org", "place": formula, "comment": formula},
            language="en",
        )


def _export(client, petition, **data):
    return client.post(
        url("export", petition.campaign, petition.pk),
        {"file_format": "csv", "purpose": "Delivery to the sheriff on 1 June", **data},
    )


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_signature_export_neutralizes_formulas_and_is_audited(as_lead, petition):
    _sign_formulas(petition)
    response = _export(as_lead, petition)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="end-287g-')
    rows = _csv(response)
    assert rows[0] == ["Name", "Postal code or town", "Comment", "Signed"]
    cells = [cell for row in rows[1:] for cell in row[:3]]
    assert len(cells) == 12
    assert all(cell.startswith("'") for cell in cells), cells
    assert f"'{FORMULAS[0]}" in cells
    event = (
        AuditEvent.objects.for_campaign(petition.campaign)
        .about(petition)
        .get(action="petition.signatures_exported")
    )
    assert event.reason == "Delivery to the sheriff on 1 June"
    assert event.actor.email == "lead@example.org"
    assert event.details["count"] == 4
    assert event.details["format"] == "csv"


def test_the_xlsx_export_writes_formulas_as_text(as_lead, petition):
    _sign_formulas(petition)
    response = _export(as_lead, petition, file_format="xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row[:3]]
    assert all(isinstance(v, str) and v.startswith("'") for v in values), values
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row)


def test_the_pdf_export_is_a_pdf_or_a_page_to_print(as_lead, petition):
    service.sign(petition, SIGNER, language="en")
    response = _export(as_lead, petition, file_format="pdf")
    assert response.status_code == 200
    if response["Content-Type"] == "application/pdf":
        assert response.content.startswith(b"%PDF")
    else:
        assert "Ana María Ejemplo" in response.content.decode()


def test_emails_only_of_signers_who_asked_for_news(as_lead, petition):
    service.sign(petition, {**SIGNER, "wants_updates": True}, language="en")
    service.sign(petition, {**SIGNER, "email": "quiet@example.org", "name": "Q"}, language="en")
    rows = _csv(_export(as_lead, petition, with_email="on"))
    emails = {row[0]: row[4] for row in rows[1:]}
    assert emails == {"Ana María Ejemplo": "ana@example.org", "Q": ""}


def test_the_export_needs_a_purpose(as_lead, petition):
    response = _export(as_lead, petition, purpose="")
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not AuditEvent.objects.filter(action="petition.signatures_exported").exists()


def test_only_the_lead_exports_signatures(as_coordinator, petition):
    assert _export(as_coordinator, petition).status_code == 403
    assert not AuditEvent.objects.filter(action="petition.signatures_exported").exists()


def test_a_lead_without_a_second_factor_cannot_export(campaign, petition, settings):
    settings.REQUIRE_LEAD_MFA = False  # so the page itself must refuse
    user = UserFactory()
    MembershipFactory(campaign=campaign, user=user, role=Role.LEAD)
    response = _export(client_for(user), petition)
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="petition.signatures_exported").exists()


def test_counts_by_place_for_coordinators(as_coordinator, petition):
    for n, place in enumerate(["Exampleton", " exampleton ", "EXAMPLETON", "99999", "=1+1", ""]):
        service.sign(
            petition, {"name": "X", "email": f"c{n}@example.org", "place": place}, language="en"
        )
    path = url("counts", petition.campaign, petition.pk)
    page = as_coordinator.get(path).content.decode()
    assert "Exampleton" in page
    rows = _csv(as_coordinator.get(path, {"format": "csv"}))
    assert rows[0] == ["Postal code or town", "Signatures"]
    assert rows[1] == ["Exampleton", "3"]
    assert ["'=1+1", "1"] in rows
    assert ["(not given)", "1"] in rows
    assert rows[-1] == ["Total", "6"]
    xlsx = as_coordinator.get(path, {"format": "xlsx"})
    assert load_workbook(io.BytesIO(xlsx.content)).active["A2"].value == "Exampleton"
    assert as_coordinator.get(path, {"format": "pdf"}).status_code == 200
    assert AuditEvent.objects.filter(action="petition.counts_exported").count() == 3


def test_counts_name_nobody(as_coordinator, petition):
    service.sign(petition, SIGNER, language="en")
    body = _csv(
        as_coordinator.get(url("counts", petition.campaign, petition.pk), {"format": "csv"})
    )
    flat = " ".join(" ".join(row) for row in body)
    assert "Ana" not in flat and "ana@example.org" not in flat


def test_anonymous_visitors_reach_no_campaign_page(petition):
    anonymous = Client()
    response = anonymous.get(url("signatures", petition.campaign, petition.pk))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
