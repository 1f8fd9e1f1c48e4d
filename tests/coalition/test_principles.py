from django.urls import reverse

from coalition.models import Endorsement, Principle
from core.models import AuditEvent
from tests.coalition.factories import PrincipleFactory


def _url(campaign, name, *args):
    return reverse(f"coalition:{name}", args=[campaign.slug, *args])


def test_outsider_gets_404(as_outsider, campaign):
    assert as_outsider.get(_url(campaign, "principle_list")).status_code == 404


def test_volunteer_may_not_write_principles(as_volunteer, campaign):
    response = as_volunteer.post(_url(campaign, "principle_create"), {"title": "x"})
    assert response.status_code == 403
    assert not Principle.objects.exists()


def test_coordinator_adds_a_principle(as_coordinator, campaign):
    response = as_coordinator.post(
        _url(campaign, "principle_create"),
        {"title": "Fiscal impact", "text": "Holds cost the county.", "position": "2"},
    )
    principle = Principle.objects.for_campaign(campaign).get()
    assert response.status_code == 302
    assert principle.text == "Holds cost the county."
    assert AuditEvent.objects.filter(action="principle.created").exists()


def test_the_same_title_twice_is_refused(as_coordinator, campaign):
    PrincipleFactory(campaign=campaign, title="Due process")
    response = as_coordinator.post(
        _url(campaign, "principle_create"), {"title": "Due process", "position": "0"}
    )
    assert response.status_code == 400
    assert Principle.objects.count() == 1


def test_recording_an_endorsement(as_coordinator, campaign, organization):
    principle = PrincipleFactory(campaign=campaign)
    prefix = f"p{principle.pk}"
    data = {
        f"{prefix}-organization": organization.pk,
        f"{prefix}-endorsed_on": "2026-02-10",
        f"{prefix}-note": "Signed at the February meeting",
    }
    response = as_coordinator.post(_url(campaign, "endorsement_add", principle.pk), data)
    assert response.status_code == 302
    endorsement = Endorsement.objects.for_campaign(campaign).get()
    assert (endorsement.organization, str(endorsement.endorsed_on)) == (organization, "2026-02-10")
    assert AuditEvent.objects.filter(action="endorsement.recorded").exists()
    # The organization's page lists what it endorsed.
    page = as_coordinator.get(organization.get_absolute_url()).content.decode()
    assert principle.title in page

    again = as_coordinator.post(_url(campaign, "endorsement_add", principle.pk), data)
    assert again.status_code == 400
    assert "has already endorsed" in again.content.decode()
    assert Endorsement.objects.count() == 1


def test_an_organization_of_another_campaign_cannot_endorse(
    as_coordinator, campaign, foreign_organization
):
    principle = PrincipleFactory(campaign=campaign)
    response = as_coordinator.post(
        _url(campaign, "endorsement_add", principle.pk),
        {
            f"p{principle.pk}-organization": foreign_organization.pk,
            f"p{principle.pk}-endorsed_on": "2026-02-10",
        },
    )
    assert response.status_code == 400
    assert not Endorsement.objects.exists()


def test_withdrawing_an_endorsement(as_coordinator, campaign, organization):
    principle = PrincipleFactory(campaign=campaign)
    endorsement = Endorsement.objects.create(
        campaign=campaign, principle=principle, organization=organization
    )
    response = as_coordinator.post(_url(campaign, "endorsement_withdraw", endorsement.pk))
    assert response.status_code == 302
    assert not Endorsement.objects.exists()


def test_observer_reads_principles_without_forms(as_observer, campaign, organization):
    principle = PrincipleFactory(campaign=campaign, title="Community impact")
    Endorsement.objects.create(campaign=campaign, principle=principle, organization=organization)
    body = as_observer.get(_url(campaign, "principle_list")).content.decode()
    assert "Community impact" in body
    assert organization.name in body
    assert "Record an endorsement" not in body


def test_list_query_count_does_not_grow_with_rows(
    as_coordinator, campaign, django_assert_max_num_queries
):
    from tests.coalition.factories import OrganizationFactory

    def add(n):
        for principle in PrincipleFactory.create_batch(n, campaign=campaign):
            for organization in OrganizationFactory.create_batch(2, campaign=campaign):
                Endorsement.objects.create(
                    campaign=campaign, principle=principle, organization=organization
                )

    url = _url(campaign, "principle_list")
    add(2)
    with django_assert_max_num_queries(15) as small:
        as_coordinator.get(url)
    add(10)
    with django_assert_max_num_queries(15) as large:
        as_coordinator.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
