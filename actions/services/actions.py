"""Actions and the stories used in them: only stories whose consent covers the use."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from actions.models import ActionStory, CampaignAction
from core import audit
from stories.models import ANONYMIZED_PURPOSES, Identifiability, Purpose, Story


def usable_stories(
    *, action: CampaignAction, user, purposes: tuple[str, ...] | None = None
) -> dict[str, list[Story]]:
    """For each purpose the action's kind allows: the stories this person may use under it.
    One query per purpose; stories come with their consent annotations, never their content."""
    found: dict[str, list[Story]] = {}
    for purpose in purposes if purposes is not None else action.story_purposes:
        found[purpose] = list(
            Story.objects.visible_to(user, action.campaign, purpose)
            .only("pk", "status", "campaign_id")
            .order_by("pk")
        )
    return found


def story_label(story_pk: int, purpose: str, identifiability: str | None = None) -> str:
    """What may be shown about a used story: its reference and how it may be identified."""
    if purpose in ANONYMIZED_PURPOSES or identifiability in (None, Identifiability.ANONYMIZED):
        how = _("anonymized")
    elif identifiability == Identifiability.FIRST_NAME:
        how = _("first name only")
    else:
        how = _("may be named")
    return f"S-{story_pk:05d} ({how})"


def action_add_story(
    *, action: CampaignAction, story_pk: int, purpose: str, request: HttpRequest
) -> ActionStory:
    """Attach a story under `purpose`, if the action's kind allows that purpose and the story's
    consent for it is in force for this person (Story.objects.visible_to)."""
    if purpose not in action.story_purposes:
        raise ValidationError(
            _("Stories cannot be used as “%(purpose)s” in this kind of action.")
            % {"purpose": Purpose(purpose).label}
        )
    allowed = Story.objects.visible_to(request.user, action.campaign, purpose).filter(pk=story_pk)
    if not allowed.exists():
        raise ValidationError(
            _("S-%(ref)05d has no consent in force for “%(purpose)s”.")
            % {"ref": story_pk, "purpose": Purpose(purpose).label}
        )
    try:
        with transaction.atomic():
            use = ActionStory.objects.create(
                campaign=action.campaign,
                action=action,
                story_id=story_pk,
                purpose=purpose,
                added_by=request.user,
            )
    except IntegrityError as error:
        raise ValidationError(_("This story is already used in this action.")) from error
    audit.record(
        action="story.used_in_action",
        request=request,
        campaign=action.campaign,
        objects=[action, use],
        reason=purpose,
        story=story_pk,
    )
    return use


def action_remove_story(*, use: ActionStory, request: HttpRequest) -> None:
    audit.record(
        action="story.removed_from_action",
        request=request,
        campaign=use.campaign,
        objects=[use.action],
        story=use.story_id,
    )
    use.delete()


@dataclass
class StoryUse:
    use: ActionStory
    label: str
    in_force: bool


def story_uses(*, action: CampaignAction, user) -> list[StoryUse]:
    """The stories used in an action, each checked again against consent as it stands today
    (withdrawal takes effect on the next request). At most one query per purpose in use."""
    uses = list(action.story_uses.all())
    by_purpose: dict[str, dict[int, str | None]] = {}
    for purpose in {u.purpose for u in uses}:
        by_purpose[purpose] = dict(
            Story.objects.visible_to(user, action.campaign, purpose)
            .filter(pk__in=[u.story_id for u in uses if u.purpose == purpose])
            .values_list("pk", "consent_identifiability")
        )
    result = []
    for use in uses:
        visible = by_purpose.get(use.purpose, {})
        in_force = use.story_id in visible
        result.append(
            StoryUse(
                use=use,
                label=story_label(use.story_id, use.purpose, visible.get(use.story_id)),
                in_force=in_force,
            )
        )
    return result
