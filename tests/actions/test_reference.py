"""The policy-element catalogue and policy scores: shared reference data, with history."""

from django.urls import reverse

from actions.catalogue import ELEMENTS
from actions.models import ElementGroup, PolicyElement, PolicyScore
from coalition.permissions import Role
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.targets.factories import DetainerPolicyFactory


def test_the_catalogue_ships_in_two_groups(db):
    assert PolicyElement.objects.count() >= len(ELEMENTS)
    groups = set(PolicyElement.objects.values_list("group", flat=True))
    assert groups == set(ElementGroup.values)
    sharing = set(
        PolicyElement.objects.filter(touches_information_sharing=True).values_list(
            "code", flat=True
        )
    )
    assert {"no-booking-data", "no-release-dates"} <= sharing
    assert "no-holds" not in sharing


def test_anyone_signed_in_reads_it(as_volunteer, db):
    body = as_volunteer.get(reverse("actions:element_list")).content.decode()
    assert "Keep ICE from getting information and access" in body
    assert "Stop complying with holds and limit their impact" in body
    assert "8 U.S.C. § 1373" in body


def test_coordinators_correct_an_element_and_history_keeps_the_old(coordinator, db):
    element = PolicyElement.objects.get(code="no-juvenile-holds")
    client = client_for(coordinator)
    address = reverse("actions:element_edit", args=[element.pk])
    data = {
        "group": element.group,
        "name": "No holds on anyone under 21",
        "description": element.description,
        "weight": 3,
        "position": element.position,
    }
    assert client.post(address, data).status_code == 302
    element.refresh_from_db()
    assert (element.name, element.weight) == ("No holds on anyone under 21", 3)
    assert element.history.count() >= 1
    assert element.history.first().history_user == coordinator
    assert "No holds on anyone under 21" in client.get(address).content.decode()


def test_weights_stay_between_1_and_5(coordinator, db):
    element = PolicyElement.objects.get(code="no-juvenile-holds")
    response = client_for(coordinator).post(
        reverse("actions:element_edit", args=[element.pk]),
        {"group": element.group, "name": "x", "description": "y", "weight": 9, "position": 1},
    )
    assert response.status_code == 400
    element.refresh_from_db()
    assert element.weight == 2


def test_volunteers_anywhere_cannot_edit(db):
    volunteer = UserFactory()
    MembershipFactory(user=volunteer, role=Role.VOLUNTEER)
    element = PolicyElement.objects.first()
    response = client_for(volunteer).post(
        reverse("actions:element_edit", args=[element.pk]), {"name": "x"}
    )
    assert response.status_code == 403


def test_scoring_a_policy(coordinator, db):
    policy = DetainerPolicyFactory(title="County ordinance")
    no_holds = PolicyElement.objects.get(code="no-holds")
    juveniles = PolicyElement.objects.get(code="no-juvenile-holds")
    client = client_for(coordinator)
    address = reverse("actions:policy_scores", args=[policy.pk])
    response = client.post(
        address,
        {
            f"e{no_holds.pk}-coverage": "partial",
            f"e{no_holds.pk}-note": "Unless reimbursed",
            f"e{juveniles.pk}-coverage": "full",
            f"e{juveniles.pk}-source": "Section 3",
        },
    )
    assert response.status_code == 302
    scores = {s.element.code: s for s in PolicyScore.objects.filter(policy=policy)}
    assert set(scores) == {"no-holds", "no-juvenile-holds"}
    assert scores["no-holds"].note == "Unless reimbursed"
    body = client.get(address).content.decode()
    assert "4.5 \u00d7 1 = 4.50" in body
    response = client.post(address, {f"e{no_holds.pk}-coverage": "mostly"})
    assert response.status_code == 400
    assert PolicyScore.objects.get(policy=policy, element=no_holds).coverage == "partial"
