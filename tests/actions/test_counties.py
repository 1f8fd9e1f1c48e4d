"""Issue 8: the 287(g) lookup, "lead the campaign in your county", and staff's review."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import translation

from actions.models import CampaignPlan, LeadRequest, LeadRequestStatus
from coalition.models import Campaign, Invitation, Membership
from coalition.permissions import Role
from core.crypto import keyed_hash
from core.models import AuditEvent
from targets.models import Arrangement, Jurisdiction, Office, Power
from tests.conftest import client_for
from tests.factories import CampaignFactory, UserFactory, enable_totp
from tests.targets.conftest import COUNTIES, PARTICIPATING, load, needs_data
from tests.targets.factories import (
    ArrangementFactory,
    CityFactory,
    CountyFactory,
    OfficeFactory,
    PowerFactory,
    StateFactory,
)


def _url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def texas(db):
    return StateFactory(name="Texas", fips="48", postal_code="TX")


@pytest.fixture
def harrison(texas):
    return CountyFactory(name="Harrison County", parent=texas, state=texas, fips="48203")


@pytest.fixture
def sheriff(harrison):
    return OfficeFactory(name="Harrison County Sheriff's Office", jurisdiction=harrison)


@pytest.fixture
def agreement(sheriff):
    return ArrangementFactory(
        office=sheriff,
        model_287g=Arrangement.Model287g.WARRANT_SERVICE,
        signed_on=datetime.date(2025, 2, 24),
    )


@pytest.fixture
def board(harrison):
    """The county board: it sets the sheriff's budget."""
    board = OfficeFactory(
        name="Harrison County Commissioners Court",
        kind=Office.Kind.COUNTY_BOARD,
        jurisdiction=harrison,
    )
    PowerFactory(office=board, kind=Power.Kind.SETS_BUDGET)
    return board


@pytest.fixture
def staff(db):
    user = UserFactory(email="staff@example.org", name="Sofia Staff", is_staff=True)
    enable_totp(user)
    return user


@pytest.fixture
def as_staff(staff):
    return client_for(staff)


OFFER = {
    "name": "Rosa Organizer",
    "email": "rosa@example.org",
    "phone": "+1 (903) 555-0100",
    "organization": "East Texas Faith Network",
    "message": "Our congregation is ready.",
    "website": "",
}


def _offer(county, client=None, language="en", **changes):
    client = client or Client()
    return client.post(_url("public:county", language, fips=county.fips), {**OFFER, **changes})


def _lead_request(county, email="rosa@example.org", **fields) -> LeadRequest:
    return LeadRequest.objects.create(
        jurisdiction=county,
        name=fields.pop("name", "Rosa Organizer"),
        email=email,
        email_hash=keyed_hash(email),
        **fields,
    )


# The public form: offering to lead ------------------------------------------------------------


def test_an_offer_is_stored_encrypted_and_audited(harrison):
    response = _offer(harrison)
    assert response.status_code == 302
    assert response["Location"] == _url("public:county", fips="48203") + "?sent=1"
    offer = LeadRequest.objects.get()
    assert (offer.jurisdiction, offer.status) == (harrison, LeadRequestStatus.PENDING)
    assert (offer.name, offer.email, offer.organization) == (
        "Rosa Organizer",
        "rosa@example.org",
        "East Texas Faith Network",
    )
    assert offer.email_hash == keyed_hash("rosa@example.org")
    assert offer.language == "en"
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, email, phone, organization, message FROM actions_leadrequest")
        raw = " ".join(cursor.fetchone())
    for plain in ("Rosa", "rosa@example.org", "555-0100", "Faith", "congregation"):
        assert plain not in raw
    event = AuditEvent.objects.get(action="lead_request.received")
    assert event.actor is None
    assert AuditEvent.objects.about(offer).exists()


def test_the_thanks_page_says_what_happens_next(harrison):
    response = Client().get(_url("public:county", fips="48203") + "?sent=1")
    page = response.content.decode()
    assert "Thank you!" in page
    assert "A site administrator will review it" in page
    assert '<form method="post"' not in page


def test_bad_input_shows_clear_errors_and_stores_nothing(harrison):
    response = _offer(harrison, name="", email="not an email", phone="call me")
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    assert "Enter a valid email address." in page
    assert "Enter a phone number with digits" in page
    assert "nothing was saved" in page
    assert not LeadRequest.objects.exists()
    assert not AuditEvent.objects.filter(action="lead_request.received").exists()


def test_bad_input_is_explained_in_spanish_on_the_spanish_page(harrison):
    response = _offer(harrison, language="es", name="", email="no")
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert "Este campo es requerido." in page
    assert "Introduzca una dirección de correo electrónico válida." in page
    assert not LeadRequest.objects.exists()


def test_an_offer_sent_in_spanish_remembers_the_language(harrison):
    assert _offer(harrison, language="es").status_code == 302
    assert LeadRequest.objects.get().language == "es"


def test_honeypot_is_thanked_and_nothing_is_stored(harrison):
    response = _offer(harrison, website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"].endswith("?sent=1")
    assert not LeadRequest.objects.exists()


def test_too_many_offers_from_one_address_get_429(harrison, settings):
    settings.PUBLIC_FORM_RATE = 2
    client = Client()
    for n in range(2):
        assert _offer(harrison, client, email=f"person{n}@example.org").status_code == 302
    response = _offer(harrison, client, email="third@example.org")
    assert response.status_code == 429
    assert "Too many forms" in response.content.decode()
    assert LeadRequest.objects.count() == 2


def test_a_cross_site_post_is_refused(harrison):
    response = Client().post(
        _url("public:county", fips="48203"), OFFER, HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    assert "sent from another website" in response.content.decode()
    assert not LeadRequest.objects.exists()


def test_a_second_pending_offer_from_the_same_email_is_refused(harrison, texas):
    assert _offer(harrison).status_code == 302
    response = _offer(harrison, email="  ROSA@example.org ", name="Rosa again")
    assert response.status_code == 400
    page = response.content.decode()
    assert "We already have your offer to lead the campaign in Harrison County, TX" in page
    assert "Nothing new was saved" in page
    assert LeadRequest.objects.count() == 1
    # Another county, or the same county once the first offer was decided, is a new offer.
    rusk = CountyFactory(name="Rusk County", parent=texas, state=texas, fips="48401")
    assert _offer(rusk).status_code == 302
    LeadRequest.objects.filter(jurisdiction=harrison).update(status=LeadRequestStatus.DECLINED)
    assert _offer(harrison).status_code == 302
    assert LeadRequest.objects.count() == 3


def test_the_county_page_is_cacheable_and_posts_are_not(harrison):
    response = Client().get(_url("public:county", fips="48203"))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]
    response = _offer(harrison, name="")
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_form_hides_its_honeypot_from_people(harrison):
    page = Client().get(_url("public:county", fips="48203")).content.decode()
    assert re.search(r'<div class="hp-field" aria-hidden="true">[^<]*<label[^>]*>', page)
    assert 'name="website"' in page
    assert "csrfmiddlewaretoken" not in page


@pytest.mark.parametrize("fips", ["99999", "48", "not-a-code"])
def test_unknown_counties_and_states_are_404(harrison, fips):
    assert Client().get(_url("public:county", fips=fips)).status_code == 404


# The county page: its agreements, and whether a campaign exists ---------------------------------


def test_the_county_page_lists_agreements_and_who_could_end_them(agreement, board):
    page = Client().get(_url("public:county", fips="48203")).content.decode()
    assert "<h1>Harrison County, TX</h1>" in page
    assert "Harrison County Sheriff&#x27;s Office" in page
    assert "Warrant service officer" in page
    assert 'datetime="2025-02-24"' in page
    assert "Harrison County Commissioners Court" in page
    assert "sets the law-enforcement budget" in page
    assert "There is no campaign here yet." in page


def test_an_agreement_of_a_city_in_the_county_counts_for_the_county(harrison):
    city = CityFactory(name="Marshall", parent=harrison, state=harrison.state)
    police = OfficeFactory(name="Marshall Police", kind=Office.Kind.POLICE, jurisdiction=city)
    ArrangementFactory(office=police, model_287g=Arrangement.Model287g.TASK_FORCE)
    page = Client().get(_url("public:county", fips="48203")).content.decode()
    assert "Marshall Police" in page
    assert "Task force model" in page


def test_ended_agreements_are_not_listed(sheriff):
    ArrangementFactory(
        office=sheriff, status=Arrangement.Status.ENDED, ended_on=datetime.date(2025, 6, 1)
    )
    page = Client().get(_url("public:county", fips="48203")).content.decode()
    assert "No 287(g) agreement in force or pending is recorded here." in page


def test_a_campaign_shows_only_what_it_published(harrison):
    secret = CampaignFactory(name="Secret coalition against Sheriff X", slug="secret")
    CampaignPlan.objects.create(campaign=secret, jurisdiction=harrison)
    page = Client().get(_url("public:county", fips="48203")).content.decode()
    assert "A campaign is already organizing in this county." in page
    assert "Secret coalition" not in page
    assert "/c/secret/" not in page

    public = CampaignFactory(name="Internal name", slug="open")
    plan = CampaignPlan.objects.create(
        campaign=public,
        jurisdiction=harrison,
        timeline_published=True,
        public_key=CampaignPlan.new_public_key(),
        public_title="ICE out of Harrison County",
    )
    page = Client().get(_url("public:county", fips="48203")).content.decode()
    assert "ICE out of Harrison County" in page
    assert plan.public_url() in page
    assert "Internal name" not in page
    assert "Secret coalition" not in page


def test_public_pages_never_show_offers(harrison):
    _lead_request(harrison, email="private.person@example.org", name="Private Person")
    for url in (
        _url("public:county", fips="48203"),
        _url("public:county_search") + "?q=Harrison",
        _url("public:lookup"),
    ):
        page = Client().get(url).content.decode()
        assert "Private Person" not in page
        assert "private.person" not in page


# Finding a county -------------------------------------------------------------------------------


def test_county_search_by_name_and_state(harrison, agreement, texas):
    washington_harrison = CountyFactory(name="Harrison County")  # in the factory's Washington
    CampaignPlan.objects.create(campaign=CampaignFactory(), jurisdiction=harrison)
    page = Client().get(_url("public:county_search") + "?q=harrison").content.decode()
    assert _url("public:county", fips="48203") in page
    assert _url("public:county", fips=washington_harrison.fips) in page
    assert "Under way" in page  # Texas' Harrison has a campaign
    assert "Not yet: lead it" in page  # Washington's has none

    page = Client().get(_url("public:county_search") + "?q=harrison&state=tx").content.decode()
    assert _url("public:county", fips="48203") in page
    assert _url("public:county", fips=washington_harrison.fips) not in page


def test_county_search_by_fips_and_whole_state(harrison, texas):
    CountyFactory(name="Rusk County", parent=texas, state=texas, fips="48401")
    page = Client().get(_url("public:county_search") + "?q=48203").content.decode()
    assert "Harrison County, TX" in page and "Rusk County" not in page
    page = Client().get(_url("public:county_search") + "?state=TX").content.decode()
    assert "Harrison County, TX" in page and "Rusk County, TX" in page


def test_county_search_without_a_search_lists_nothing(harrison):
    response = Client().get(_url("public:county_search"))
    assert response.status_code == 200
    assert "Counties found" not in response.content.decode()
    assert "public" in response["Cache-Control"]


def test_county_search_with_an_unknown_state_explains(harrison):
    response = Client().get(_url("public:county_search") + "?state=ZZ")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


# The 287(g) lookup --------------------------------------------------------------------------------


@pytest.fixture
def agreements(texas, harrison, agreement, board):
    """Harrison (TX, warrant service), Laramie (WY, jail and task force), a state agency."""
    wyoming = StateFactory(name="Wyoming", fips="56", postal_code="WY")
    laramie = CountyFactory(name="Laramie County", parent=wyoming, state=wyoming, fips="56021")
    sheriff = OfficeFactory(name="Laramie County Sheriff's Office", jurisdiction=laramie)
    ArrangementFactory(office=sheriff, model_287g=Arrangement.Model287g.JAIL)
    ArrangementFactory(office=sheriff, model_287g=Arrangement.Model287g.TASK_FORCE)
    patrol = OfficeFactory(
        name="Texas Department of Public Safety", kind=Office.Kind.STATE_POLICE, jurisdiction=texas
    )
    ArrangementFactory(office=patrol, model_287g=Arrangement.Model287g.TASK_FORCE)
    ArrangementFactory(
        office=patrol,
        model_287g=Arrangement.Model287g.JAIL,
        status=Arrangement.Status.ENDED,
        ended_on=datetime.date(2024, 1, 1),
    )
    return {"laramie": laramie, "patrol": patrol}


def _lookup(query: str = "", language: str = "en"):
    return Client().get(_url("public:lookup", language) + query)


def test_lookup_without_filters_lists_every_agreement_in_force(agreements):
    response = _lookup()
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    page = response.content.decode()
    assert "4 agreements" in page
    assert "Harrison County Sheriff" in page
    assert "Laramie County Sheriff" in page
    assert "Texas Department of Public Safety" in page


def test_lookup_by_state(agreements):
    page = _lookup("?state=TX").content.decode()
    assert "2 agreements" in page
    assert "Laramie" not in page


def test_lookup_by_county_name(agreements):
    page = _lookup("?county=laramie").content.decode()
    assert "2 agreements" in page
    assert "Jail enforcement model" in page and "Task force model" in page
    assert "Harrison County Sheriff" not in page


def test_lookup_by_agency_and_model(agreements):
    page = _lookup("?agency=public+safety").content.decode()
    assert "1 agreement" in page
    assert "Texas Department of Public Safety" in page
    page = _lookup("?model=warrant_service").content.decode()
    assert "1 agreement" in page
    assert "Harrison County Sheriff" in page


def test_lookup_shows_the_offices_that_could_end_an_agreement(agreements):
    page = _lookup("?county=harrison").content.decode()
    assert "Harrison County Sheriff&#x27;s Office, which signed it" in page
    assert "Harrison County Commissioners Court" in page
    assert "sets the law-enforcement budget" in page
    assert _url("public:county", fips="48203") in page  # lead the campaign there


def test_lookup_with_no_match_says_so(agreements):
    page = _lookup("?county=nowhere").content.decode()
    assert "No 287(g) agreement in force or pending matches this search." in page


def test_lookup_with_a_bad_filter_explains_and_lists_nothing(agreements):
    response = _lookup("?state=ZZ&model=secret")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "Harrison County Sheriff" not in page


def test_lookup_pages_keep_their_filters(agreements, sheriff):
    for _ in range(55):
        ArrangementFactory(office=sheriff)
    page = _lookup("?state=TX").content.decode()
    assert "Page 1 of 2" in page
    assert "?state=TX&amp;page=2" in page
    page = _lookup("?state=TX&page=2").content.decode()
    assert "Page 2 of 2" in page


def test_lookup_in_spanish(agreements):
    response = _lookup("?state=TX", language="es")
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert "Agencia" in page
    assert "Quién podría ponerle fin" in page


def _many_agreements(texas, count: int) -> None:
    for n in range(count):
        county = CountyFactory(parent=texas, state=texas, fips=f"48{700 + n:03d}")
        sheriff = OfficeFactory(jurisdiction=county)
        board = OfficeFactory(kind=Office.Kind.COUNTY_BOARD, jurisdiction=county)
        PowerFactory(office=board, kind=Power.Kind.SETS_BUDGET)
        PowerFactory(office=board, kind=Power.Kind.APPOINTS, appointed_office=sheriff)
        city = CityFactory(parent=county, state=texas)
        ArrangementFactory(office=sheriff)
        ArrangementFactory(office=OfficeFactory(kind=Office.Kind.POLICE, jurisdiction=city))


# states, count, page of agreements, offices with power over them
LOOKUP_QUERIES = 4


@pytest.mark.parametrize("count", [2, 20])
def test_lookup_queries_do_not_grow_with_results(texas, django_assert_num_queries, count):
    _many_agreements(texas, count)
    client = Client()
    with django_assert_num_queries(LOOKUP_QUERIES):
        response = client.get(_url("public:lookup") + "?state=TX")
    assert f"{2 * count} agreements" in response.content.decode()


# the county, whether campaigns work there, its agreements, the offices with power over them
COUNTY_PAGE_QUERIES = 4


@pytest.mark.parametrize("count", [1, 15])
def test_county_page_queries_do_not_grow_with_agreements(
    harrison, django_assert_num_queries, count
):
    for _ in range(count):
        city = CityFactory(parent=harrison, state=harrison.state)
        police = OfficeFactory(kind=Office.Kind.POLICE, jurisdiction=city)
        council = OfficeFactory(kind=Office.Kind.CITY_COUNCIL, jurisdiction=city)
        PowerFactory(office=council, kind=Power.Kind.SETS_BUDGET)
        ArrangementFactory(office=police, model_287g=Arrangement.Model287g.TASK_FORCE)
    client = Client()
    with django_assert_num_queries(COUNTY_PAGE_QUERIES):
        response = client.get(_url("public:county", fips="48203"))
    assert response.content.decode().count("Task force model") == count


# states, count, page of counties, their agreements, which have campaigns
COUNTY_SEARCH_QUERIES = 5


@pytest.mark.parametrize("count", [2, 20])
def test_county_search_queries_do_not_grow_with_results(texas, django_assert_num_queries, count):
    _many_agreements(texas, count)
    client = Client()
    with django_assert_num_queries(COUNTY_SEARCH_QUERIES):
        response = client.get(_url("public:county_search") + "?state=TX")
    assert f"{count} counties" in response.content.decode()


# The vendored public files ------------------------------------------------------------------------


@pytest.fixture
def real_data(db):
    load("census_counties", COUNTIES)
    load("ice_287g_participating", PARTICIPATING)


@needs_data
def test_lookup_on_ices_published_list(real_data):
    page = _lookup("?state=TX&county=Harrison").content.decode()
    assert "1 agreement" in page
    assert "Harrison County Sheriff" in page
    assert "Warrant service officer" in page
    assert 'datetime="2025-02-24"' in page

    page = _lookup("?state=TX&county=Harris+County").content.decode()
    assert "No 287(g) agreement in force or pending matches this search." in page

    texas = Jurisdiction.objects.get(fips="48")
    in_texas = Arrangement.objects.filter(
        Q(office__jurisdiction=texas) | Q(office__jurisdiction__state=texas),
        kind=Arrangement.Kind.AGREEMENT_287G,
        status=Arrangement.Status.ACTIVE,
    ).count()
    assert in_texas > 50
    page = _lookup("?state=TX").content.decode()
    assert f"{in_texas} agreements" in page

    page = _lookup("?agency=Laramie+County+Sheriff").content.decode()
    assert "3 agreements" in page


@needs_data
def test_county_pages_on_the_census_file(real_data):
    page = Client().get(_url("public:county", fips="48203")).content.decode()
    assert "<h1>Harrison County, TX</h1>" in page
    assert "1 agreement" in page
    assert "Warrant service officer" in page
    page = Client().get(_url("public:county", fips="48201")).content.decode()
    assert "<h1>Harris County, TX</h1>" in page
    assert "No 287(g) agreement in force or pending is recorded here." in page
    page = Client().get(_url("public:county_search") + "?q=Harris&state=TX").content.decode()
    assert "Harris County, TX" in page and "Harrison County, TX" in page
    assert Jurisdiction.objects.counties().count() == 3234


# Staff review -------------------------------------------------------------------------------------

STAFF_PAGES = ["staff:lead_requests", "staff:lead_request", "staff:lead_request_decide"]


def _staff_url(name: str, lead_request: LeadRequest) -> str:
    if name == "staff:lead_requests":
        return reverse(name)
    return reverse(name, kwargs={"pk": lead_request.pk})


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(harrison, name):
    url = _staff_url(name, _lead_request(harrison))
    response = Client().get(url) if name != "staff:lead_request_decide" else Client().post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_people_who_are_not_staff_get_404(harrison, lead, name):
    offer = _lead_request(harrison)
    url = _staff_url(name, offer)
    client = client_for(lead)
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "approve"}).status_code == 404
    assert LeadRequest.objects.get().status == LeadRequestStatus.PENDING
    assert not Campaign.objects.filter(plan__jurisdiction=harrison).exists()


def test_staff_without_a_second_factor_is_asked_to_set_one_up(harrison):
    user = UserFactory(is_staff=True)
    response = client_for(user).get(reverse("staff:lead_requests"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


def test_staff_without_a_second_factor_pass_when_the_rule_is_off(harrison, settings):
    settings.REQUIRE_LEAD_MFA = False
    user = UserFactory(is_staff=True)
    assert client_for(user).get(reverse("staff:lead_requests")).status_code == 200


def test_staff_list_pending_requests_with_their_county_and_agreements(
    as_staff, staff, harrison, agreement
):
    offer = _lead_request(harrison, organization="East Texas Faith Network")
    _lead_request(harrison, email="declined@example.org", status=LeadRequestStatus.DECLINED)
    response = as_staff.get(reverse("staff:lead_requests"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Harrison County, TX" in page
    assert "Rosa Organizer" in page and "rosa@example.org" in page
    assert "Warrant service officer" in page
    assert "declined@example.org" not in page
    assert reverse("staff:lead_request", kwargs={"pk": offer.pk}) in page
    event = AuditEvent.objects.get(action="lead_request.viewed")
    assert event.actor == staff
    assert AuditEvent.objects.about(offer).filter(action="lead_request.viewed").exists()

    page = as_staff.get(reverse("staff:lead_requests") + "?status=declined").content.decode()
    assert "declined@example.org" in page and "rosa@example.org" not in page


def test_staff_read_a_request_and_its_county(as_staff, harrison, agreement, board):
    offer = _lead_request(harrison, phone="903 555 0100", message="Ready to go.")
    page = as_staff.get(reverse("staff:lead_request", kwargs={"pk": offer.pk})).content.decode()
    assert "903 555 0100" in page and "Ready to go." in page
    assert "Harrison County Commissioners Court" in page
    assert "Approve and invite as lead" in page
    assert AuditEvent.objects.about(offer).filter(action="lead_request.viewed").exists()


def _decide(client, offer, decision="approve", note=""):
    return client.post(
        reverse("staff:lead_request_decide", kwargs={"pk": offer.pk}),
        {"decision": decision, "note": note},
    )


def test_approval_creates_the_campaign_its_plan_and_a_lead_invitation(
    as_staff, staff, harrison, agreement
):
    offer = _lead_request(harrison)
    response = _decide(as_staff, offer, note="Called her; she is ready.")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:lead_requests")

    campaign = Campaign.objects.get()
    assert campaign.name == "End 287(g) in Harrison County, TX"
    assert campaign.slug == "end-287g-harrison-county-tx"
    plan = CampaignPlan.objects.get()
    assert (plan.campaign, plan.jurisdiction) == (campaign, harrison)
    invitation = Invitation.objects.get()
    assert (invitation.campaign, invitation.role) == (campaign, Role.LEAD)
    assert invitation.email == "rosa@example.org"
    assert invitation.invited_by == staff
    assert not Membership.objects.filter(campaign=campaign).exists()  # until she accepts

    offer.refresh_from_db()
    assert offer.status == LeadRequestStatus.APPROVED
    assert (offer.campaign, offer.reviewed_by) == (campaign, staff)
    assert offer.review_note == "Called her; she is ready."
    assert offer.reviewed_at is not None

    (message,) = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert campaign.name in message.subject
    event = AuditEvent.objects.get(action="lead_request.approved")
    assert (event.actor, event.campaign) == (staff, campaign)
    assert AuditEvent.objects.about(offer).filter(action="lead_request.approved").exists()
    assert AuditEvent.objects.filter(action="invitation.sent", campaign=campaign).exists()

    page = as_staff.get(response["Location"]).content.decode()
    assert "End 287(g) in Harrison County, TX" in page  # the success message


def test_the_invitation_works_for_a_new_person_and_makes_them_lead(as_staff, harrison):
    _decide(as_staff, _lead_request(harrison))
    link = re.search(r"http://testserver(/invitations/[^/\s]+/)", mail.outbox[-1].body).group(1)
    page = Client().get(link).content.decode()
    assert "End 287(g) in Harrison County, TX" in page


def test_the_invitation_works_for_someone_who_already_has_an_account(as_staff, harrison):
    person = UserFactory(email="rosa@example.org")
    _decide(as_staff, _lead_request(harrison, email="Rosa@Example.org"))
    link = re.search(r"http://testserver(/invitations/[^/\s]+/)", mail.outbox[-1].body).group(1)
    client = client_for(person)
    client.post(link)
    membership = Membership.objects.get(user=person)
    assert membership.role == Role.LEAD
    assert membership.campaign.name == "End 287(g) in Harrison County, TX"


def test_a_spanish_speaker_gets_the_invitation_in_spanish(as_staff, harrison):
    _decide(as_staff, _lead_request(harrison, language="es"))
    assert mail.outbox[-1].subject.startswith("Le invitan a unirse")


def test_a_second_campaign_in_the_county_gets_its_own_address(as_staff, harrison):
    CampaignFactory(slug="end-287g-harrison-county-tx")
    _decide(as_staff, _lead_request(harrison))
    assert CampaignPlan.objects.get().campaign.slug == "end-287g-harrison-county-tx-2"


def test_when_the_invitation_cannot_be_sent_nothing_is_kept(as_staff, harrison, monkeypatch):
    def refuse(**kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("coalition.services.members.send_mail", refuse)
    offer = _lead_request(harrison)
    response = _decide(as_staff, offer)
    page = as_staff.get(response["Location"]).content.decode()
    assert "The invitation email could not be sent" in page
    assert LeadRequest.objects.get().status == LeadRequestStatus.PENDING
    assert not Campaign.objects.exists()
    assert not CampaignPlan.objects.exists()
    assert not Invitation.objects.exists()
    assert not AuditEvent.objects.filter(action="lead_request.approved").exists()


def test_approving_twice_is_refused(as_staff, harrison):
    offer = _lead_request(harrison)
    _decide(as_staff, offer)
    response = _decide(as_staff, offer)
    assert response.status_code == 302
    page = as_staff.get(response["Location"]).content.decode()
    assert "already approved" in page
    assert Campaign.objects.count() == 1
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_approving_a_declined_request_is_refused(as_staff, harrison):
    offer = _lead_request(harrison)
    _decide(as_staff, offer, decision="decline")
    response = _decide(as_staff, offer)
    page = as_staff.get(response["Location"]).content.decode()
    assert "was declined on" in page
    assert not Campaign.objects.exists()
    assert not Invitation.objects.exists()
    assert LeadRequest.objects.get().status == LeadRequestStatus.DECLINED


def test_declining_stores_nothing_else(as_staff, staff, harrison):
    offer = _lead_request(harrison)
    response = _decide(as_staff, offer, decision="decline", note="Not in this county.")
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == LeadRequestStatus.DECLINED
    assert (offer.review_note, offer.reviewed_by, offer.campaign) == (
        "Not in this county.",
        staff,
        None,
    )
    assert not Campaign.objects.exists()
    assert not CampaignPlan.objects.exists()
    assert not Invitation.objects.exists()
    assert not mail.outbox
    event = AuditEvent.objects.get(action="lead_request.declined")
    assert event.actor == staff


def test_a_decision_that_is_neither_is_refused(as_staff, harrison):
    offer = _lead_request(harrison)
    response = _decide(as_staff, offer, decision="maybe")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert LeadRequest.objects.get().status == LeadRequestStatus.PENDING


def test_deciding_needs_a_post(as_staff, harrison):
    offer = _lead_request(harrison)
    url = reverse("staff:lead_request_decide", kwargs={"pk": offer.pk})
    assert as_staff.get(url).status_code == 405


# The signed-in page's own (session, user, second factor, memberships for the menu, the
# session's save in a savepoint: 7), then the count, the page of requests with their counties,
# the counties' agreements and the audit record.
STAFF_LIST_QUERIES = 11


@pytest.mark.parametrize("count", [2, 12])
def test_staff_list_queries_do_not_grow_with_requests(
    as_staff, texas, django_assert_num_queries, count
):
    _many_agreements(texas, count)
    for county in Jurisdiction.objects.counties():
        _lead_request(county)
    with django_assert_num_queries(STAFF_LIST_QUERIES):
        response = as_staff.get(reverse("staff:lead_requests"))
    assert response.content.decode().count('id="request-') == count


def test_the_admin_shows_requests_read_only(harrison):
    offer = _lead_request(harrison)
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = client_for(admin)
    page = client.get(reverse("admin:actions_leadrequest_changelist")).content.decode()
    assert "Harrison County" in page
    page = client.get(reverse("admin:actions_leadrequest_change", args=[offer.pk])).content.decode()
    assert "rosa@example.org" not in page
    assert client.get(reverse("admin:actions_leadrequest_add")).status_code == 403


def test_the_public_index_links_both_pages(db):
    page = Client().get(_url("public:index")).content.decode()
    assert _url("public:lookup") in page
    assert _url("public:county_search") in page
    assert "Does your county have a 287(g) agreement?" in page
    assert "Lead the campaign in your county" in page
