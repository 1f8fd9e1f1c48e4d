"""Messaging: frames, talking points with pros and cons, opposing messages with responses,
linked to the targets and actions where they were used."""

from django.urls import reverse

from actions.models import Frame, OpposingMessage, TalkingPoint
from tests.actions.factories import CampaignActionFactory, FrameFactory


def url(name, campaign, *args):
    return reverse(f"actions:{name}", args=[campaign.slug, *args])


def test_starting_from_the_examples_is_idempotent(as_coordinator, campaign):
    as_coordinator.post(url("messaging_examples", campaign))
    counts = (
        Frame.objects.for_campaign(campaign).count(),
        TalkingPoint.objects.for_campaign(campaign).count(),
        OpposingMessage.objects.for_campaign(campaign).count(),
    )
    assert counts == (3, 7, 4)
    as_coordinator.post(url("messaging_examples", campaign))
    assert Frame.objects.for_campaign(campaign).count() == 3
    body = as_coordinator.get(url("messaging", campaign)).content.decode()
    assert "Pros" in body and "Cons" in body
    assert "our response" not in body  # rendered answers, not field labels


def test_a_talking_point_linked_to_a_target_and_an_action(as_coordinator, campaign, plan, place):
    frame = FrameFactory(campaign=campaign)
    action = CampaignActionFactory(campaign=campaign, title="Budget hearing")
    response = as_coordinator.post(
        url("point_create", campaign),
        {
            "frame": frame.pk,
            "text": "Holds cost the county money it never gets back.",
            "pros": "Moves budget hawks\nUses the jail's own figures",
            "cons": "Leaves the moral case aside",
            "targets": [place["board"].pk],
            "actions": [action.pk],
        },
    )
    assert response.status_code == 302
    point = TalkingPoint.objects.for_campaign(campaign).get()
    assert point.pro_lines() == ["Moves budget hawks", "Uses the jail's own figures"]
    body = as_coordinator.get(url("messaging", campaign)).content.decode()
    assert "Uses the jail" in body
    assert "Budget hearing" in body
    detail = as_coordinator.get(url("action_detail", campaign, action.pk)).content.decode()
    assert "Holds cost the county money" in detail


def test_another_campaigns_frame_or_action_cannot_be_linked(
    as_coordinator, campaign, other_campaign
):
    theirs = FrameFactory(campaign=other_campaign)
    their_action = CampaignActionFactory(campaign=other_campaign)
    for data in (
        {"frame": theirs.pk, "text": "x"},
        {"text": "x", "actions": [their_action.pk]},
        {"text": ""},
    ):
        assert as_coordinator.post(url("point_create", campaign), data).status_code == 400, data
    assert not TalkingPoint.objects.exists()


def test_opposing_messages_and_responses(as_coordinator, as_volunteer, campaign):
    data = {
        "message": "This frees dangerous people.",
        "said_by": "The sheriff",
        "response": "Nobody leaves jail unless a judge allows it.",
    }
    assert as_volunteer.post(url("opposing_create", campaign), data).status_code == 403
    assert as_coordinator.post(url("opposing_create", campaign), data).status_code == 302
    message = OpposingMessage.objects.for_campaign(campaign).get()
    body = as_volunteer.get(url("messaging", campaign)).content.decode()
    assert "Nobody leaves jail unless a judge allows it." in body
    assert as_coordinator.post(url("opposing_delete", campaign, message.pk)).status_code == 302
    assert not OpposingMessage.objects.exists()


def test_outsiders_get_404(as_outsider, campaign):
    frame = FrameFactory(campaign=campaign)
    assert as_outsider.get(url("messaging", campaign)).status_code == 404
    assert as_outsider.get(url("frame_edit", campaign, frame.pk)).status_code == 404
