from django.urls import reverse

from coalition.models import Interaction, Organization, Tag
from core.models import AuditEvent
from tests.coalition.conftest import membership_of
from tests.coalition.factories import ContactFactory, OrganizationFactory, TagFactory, affiliate


def _url(campaign, name, *args):
    return reverse(f"coalition:{name}", args=[campaign.slug, *args])


VALID = {
    "name": "Riverside Labor Council",
    "kind": Organization.Kind.LABOR,
    "stance": "1",
    "influence": "4",
    "capacity": "2",
    "expertise": "Budgets; county contracts",
    "brings": "12 unions, a phone bank",
    "asks": "Support for the janitors' contract fight",
}


def test_outsider_gets_404(as_outsider, campaign, organization):
    assert as_outsider.get(_url(campaign, "organization_list")).status_code == 404
    assert (
        as_outsider.get(_url(campaign, "organization_detail", organization.pk)).status_code == 404
    )


def test_another_campaigns_organization_is_not_found(
    as_coordinator, campaign, foreign_organization
):
    response = as_coordinator.get(_url(campaign, "organization_detail", foreign_organization.pk))
    assert response.status_code == 404


def test_volunteer_may_not_add_an_organization(as_volunteer, campaign):
    assert as_volunteer.get(_url(campaign, "organization_create")).status_code == 403
    assert as_volunteer.post(_url(campaign, "organization_create"), VALID).status_code == 403
    assert not Organization.objects.exists()


def test_coordinator_adds_an_organization(as_coordinator, campaign, coordinator):
    response = as_coordinator.post(_url(campaign, "organization_create"), VALID)
    organization = Organization.objects.for_campaign(campaign).get()
    assert response.status_code == 302
    assert response["Location"] == organization.get_absolute_url()
    assert organization.stance == Organization.Stance.PASSIVE_ALLY
    assert organization.influence == 4
    assert organization.brings == "12 unions, a phone bank"
    event = AuditEvent.objects.get(action="organization.created")
    assert event.actor == coordinator
    assert event.objects_affected == [
        {"model": "coalition.organization", "pk": str(organization.pk)}
    ]


def test_the_same_name_twice_is_refused_and_nothing_changes(as_coordinator, campaign, organization):
    data = {**VALID, "name": "  example FAITH   table "}
    response = as_coordinator.post(_url(campaign, "organization_create"), data)
    assert response.status_code == 400
    assert "already has an organization with this name" in response.content.decode()
    assert Organization.objects.count() == 1


def test_nonsense_values_get_clear_errors(as_coordinator, campaign):
    data = {**VALID, "stance": "7", "kind": "militia", "base_size": "-3", "website": "nope"}
    response = as_coordinator.post(_url(campaign, "organization_create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count('class="row-error"') >= 4
    assert not Organization.objects.exists()


def test_a_change_of_stance_goes_into_the_log(as_coordinator, campaign, organization):
    data = {**VALID, "name": organization.name, "stance": "2"}
    assert (
        as_coordinator.post(_url(campaign, "organization_edit", organization.pk), data).status_code
        == 302
    )
    entry = Interaction.objects.for_campaign(campaign).get(organization=organization)
    assert entry.kind == Interaction.Kind.STANCE
    assert entry.summary == "Stance changed from Passive ally to Active ally."
    changed = AuditEvent.objects.get(action="organization.updated").details["changed"]
    assert {"stance", "influence", "kind"} <= set(changed)
    assert "capacity" not in changed


def test_observer_sees_the_organization_but_not_its_people_or_log(
    as_observer, campaign, organization
):
    contact = ContactFactory(campaign=campaign, name="Pastor Private Person")
    affiliate(contact, organization, "Pastor")
    Interaction.objects.create(
        campaign=campaign, organization=organization, summary="Private call notes"
    )
    body = as_observer.get(_url(campaign, "organization_detail", organization.pk)).content.decode()
    assert organization.name in body
    assert "Pastor Private Person" not in body
    assert "Private call notes" not in body
    assert _url(campaign, "organization_edit", organization.pk) not in body
    assert not AuditEvent.objects.filter(action="contact.read").exists()


def test_coordinator_sees_people_and_the_log_and_the_read_is_audited(
    as_coordinator, campaign, organization
):
    contact = ContactFactory(campaign=campaign, name="Pastor Known Person")
    affiliate(contact, organization, "Pastor")
    Interaction.objects.create(campaign=campaign, organization=organization, summary="Called")
    body = as_coordinator.get(
        _url(campaign, "organization_detail", organization.pk)
    ).content.decode()
    assert "Pastor Known Person" in body
    assert "Called" in body
    event = AuditEvent.objects.get(action="contact.read")
    assert event.details["where"] == "organization"
    assert event.objects_affected == [{"model": "coalition.contact", "pk": str(contact.pk)}]


def test_logging_an_interaction(as_coordinator, campaign, organization):
    url = _url(campaign, "organization_interaction_add", organization.pk)
    response = as_coordinator.post(
        url, {"happened_on": "2026-03-02", "kind": "call", "summary": "Director agreed to sign."}
    )
    assert response.status_code == 302
    entry = Interaction.objects.for_campaign(campaign).get()
    assert entry.summary == "Director agreed to sign."
    assert AuditEvent.objects.filter(action="interaction.logged").exists()


def test_an_empty_interaction_is_refused(as_coordinator, campaign, organization):
    url = _url(campaign, "organization_interaction_add", organization.pk)
    response = as_coordinator.post(url, {"happened_on": "not a date", "kind": "stance"})
    assert response.status_code == 400
    assert not Interaction.objects.exists()


def test_filters_search_and_sort(as_observer, campaign):
    OrganizationFactory(campaign=campaign, name="Alpha Union", kind="labor", stance=-2, influence=5)
    OrganizationFactory(campaign=campaign, name="Beta Church", kind="faith", stance=2, influence=1)
    OrganizationFactory(
        campaign=campaign, name="Gamma Lawyers", kind="immigration_lawyers", stance=None
    )
    url = _url(campaign, "organization_list")

    def names(**params):
        page = as_observer.get(url, params).context["page"]
        return [o.name for o in page.object_list]

    assert names() == ["Alpha Union", "Beta Church", "Gamma Lawyers"]
    assert names(kind="faith") == ["Beta Church"]
    assert names(stance="none") == ["Gamma Lawyers"]
    assert names(stance="-2") == ["Alpha Union"]
    assert names(q="lawy") == ["Gamma Lawyers"]
    assert names(sort="allies") == ["Beta Church", "Alpha Union", "Gamma Lawyers"]
    assert names(sort="influence")[0] == "Alpha Union"
    assert names(stance="nonsense") == ["Alpha Union", "Beta Church", "Gamma Lawyers"]


def test_htmx_filtering_returns_only_the_results(as_observer, campaign, organization):
    response = as_observer.get(
        _url(campaign, "organization_list"),
        {"q": "faith"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results">')
    assert organization.name in body


def test_bulk_tag_and_point_person(as_coordinator, campaign, coordinator):
    chosen = OrganizationFactory.create_batch(3, campaign=campaign)
    other = OrganizationFactory(campaign=campaign)
    url = _url(campaign, "organization_bulk")
    response = as_coordinator.post(
        url, {"action": "tag", "tag_name": "Budget  hearing", "selected": [o.pk for o in chosen]}
    )
    assert response.status_code == 302
    tag = Tag.objects.for_campaign(campaign).get()
    assert tag.name == "Budget hearing"
    assert set(tag.organizations.all()) == set(chosen)
    member = membership_of(campaign, coordinator)
    as_coordinator.post(
        url, {"action": "point_person", "point_person": member.pk, "selected": [chosen[0].pk]}
    )
    assert Organization.objects.get(pk=chosen[0].pk).point_person == member
    assert Organization.objects.get(pk=other.pk).point_person is None
    assert AuditEvent.objects.filter(action="organization.bulk_tagged").count() == 1


def test_bulk_action_on_everything_the_filters_match(as_coordinator, campaign):
    faith = OrganizationFactory.create_batch(2, campaign=campaign, kind="faith")
    labor = OrganizationFactory(campaign=campaign, kind="labor")
    url = _url(campaign, "organization_bulk") + "?kind=faith"
    as_coordinator.post(url, {"action": "tag", "tag_name": "faith table", "all_matching": "on"})
    tag = Tag.objects.for_campaign(campaign).get()
    assert set(tag.organizations.all()) == set(faith)
    assert labor not in tag.organizations.all()


def test_bulk_action_with_nothing_chosen_changes_nothing(as_coordinator, campaign, organization):
    url = _url(campaign, "organization_bulk")
    response = as_coordinator.post(url, {"action": "tag", "tag_name": "x"}, follow=True)
    assert "Choose at least one row first." in response.content.decode()
    assert not Tag.objects.exists()


def test_bulk_untag(as_coordinator, campaign, organization):
    tag = TagFactory(campaign=campaign, name="old")
    organization.tags.add(tag)
    as_coordinator.post(
        _url(campaign, "organization_bulk"),
        {"action": "untag", "tag_name": "OLD", "selected": [organization.pk]},
    )
    assert not organization.tags.exists()


def test_list_query_count_does_not_grow_with_rows(
    as_coordinator, campaign, coordinator, django_assert_max_num_queries
):
    member = membership_of(campaign, coordinator)
    tag = TagFactory(campaign=campaign)

    def add(n):
        for organization in OrganizationFactory.create_batch(
            n, campaign=campaign, point_person=member
        ):
            organization.tags.add(tag)
            affiliate(ContactFactory(campaign=campaign), organization)

    url = _url(campaign, "organization_list")
    add(3)
    with django_assert_max_num_queries(30) as small:
        assert as_coordinator.get(url).status_code == 200
    add(30)
    with django_assert_max_num_queries(30) as large:
        as_coordinator.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_delete_asks_first_then_deletes_and_audits(as_coordinator, campaign, organization):
    url = _url(campaign, "organization_delete", organization.pk)
    assert "cannot be undone" in as_coordinator.get(url).content.decode()
    assert as_coordinator.post(url).status_code == 302
    assert not Organization.objects.exists()
    assert AuditEvent.objects.filter(action="organization.deleted").exists()
