"""Messaging: starting a campaign's messaging from the toolkit's examples."""

from django.db import transaction
from django.db.models import Max

from actions.catalogue import MESSAGING_FRAMES, OPPOSING_MESSAGES
from actions.models import Frame, OpposingMessage, TalkingPoint
from coalition.models import Campaign


def messaging_from_examples(*, campaign: Campaign) -> int:
    """Add the example frames, talking points and opposing messages the campaign lacks (by
    title or text), to edit into its own. Returns how many items were added."""
    added = 0
    with transaction.atomic():
        frames = {f.title: f for f in Frame.objects.for_campaign(campaign)}
        points = set(TalkingPoint.objects.for_campaign(campaign).values_list("text", flat=True))
        start = Frame.objects.for_campaign(campaign).aggregate(m=Max("position"))["m"] or 0
        for offset, data in enumerate(MESSAGING_FRAMES, start=1):
            frame = frames.get(data["title"])
            if frame is None:
                frame = Frame.objects.create(
                    campaign=campaign,
                    title=data["title"],
                    vision=data["vision"],
                    position=start + offset,
                )
                added += 1
            for position, point in enumerate(data["points"], start=1):
                if point["text"] in points:
                    continue
                TalkingPoint.objects.create(
                    campaign=campaign,
                    frame=frame,
                    text=point["text"],
                    pros=point["pros"],
                    cons=point["cons"],
                    position=position,
                )
                added += 1
        said = set(OpposingMessage.objects.for_campaign(campaign).values_list("message", flat=True))
        for position, data in enumerate(OPPOSING_MESSAGES, start=1):
            if data["message"] in said:
                continue
            OpposingMessage.objects.create(campaign=campaign, position=position, **data)
            added += 1
    return added
