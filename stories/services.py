"""Writes about stories: intake, the 48-hour clock, consent, erasure. Each one is audited."""

from collections.abc import Iterable
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.crypto import name_hash
from stories import access as story_access
from stories.access import access_for
from stories.clock import held_past, hold_deadline
from stories.consent_texts import install
from stories.models import (
    ANONYMIZED_PURPOSES,
    Consent,
    ConsentText,
    Identifiability,
    Purpose,
    Story,
    Storyteller,
    StoryTheme,
)

# The intake's fields (stories.access names them once); the jurisdiction follows the facility.
STORY_FIELDS = [name for name in story_access.STORY_FIELDS if name != "themes"] + ["jurisdiction"]
STORYTELLER_FIELDS = list(story_access.STORYTELLER_FIELDS)


class StoryError(Exception):
    """A change that would break a rule; the message is for the user."""


def start_story(*, campaign: Any, user: Any, request: HttpRequest | None = None) -> Story:
    with transaction.atomic():
        teller = Storyteller.objects.create(campaign=campaign)
        story = Story.objects.create(campaign=campaign, storyteller=teller, taken_by=user)
        audit.record(
            action="story.started", actor=user, request=request, campaign=campaign, objects=[story]
        )
    return story


def recompute_hold(story: Story) -> None:
    """Fill the 48-hour deadline and the time held past it from the timeline."""
    story.hold_deadline = None
    story.held_past_seconds = None
    if story.custody_ended_at is None:
        return
    story.hold_deadline = hold_deadline(
        story.custody_ended_at, rule=story.hold_rule, tz=ZoneInfo(story.time_zone)
    )
    end = story.outcome_at
    if end is None and story.outcome == Story.Outcome.STILL_HELD:
        end = timezone.now()
    if end is not None:
        story.held_past_seconds = int(held_past(story.hold_deadline, end).total_seconds())


def save_story(
    *,
    story: Story,
    data: dict[str, Any],
    themes: Iterable[str] | None,
    user: Any,
    request: HttpRequest | None = None,
    complete: bool = False,
) -> Story:
    """Save intake fields (an autosave sends only some). `complete` marks the intake done.

    Only the fields `user` may change now are written (stories.access): a field their access
    hides (a name shown as its first part, a narrative with parts removed, exact times) is
    never overwritten, whatever a form or a request sends."""
    if story.is_erased:
        raise StoryError("This story was erased.")
    access = access_for(user, story)
    editable = set(access.editable)
    if "facility" in editable:
        editable.add("jurisdiction")  # follows the facility
    data = {name: value for name, value in data.items() if name in editable}
    if "themes" not in editable:
        themes = None
    complete = complete and access.raw
    teller = story.storyteller
    changed = []
    for name in STORYTELLER_FIELDS:
        if name in data and getattr(teller, name) != data[name]:
            setattr(teller, name, data[name])
            changed.append(f"storyteller.{name}")
    teller.name_hash = name_hash(teller.name)
    for name in STORY_FIELDS:
        if name in data and getattr(story, name) != data[name]:
            setattr(story, name, data[name])
            changed.append(name)
    if complete:
        story.status = Story.Status.COMPLETE
    recompute_hold(story)
    with transaction.atomic():
        teller.save()
        story.save()
        if themes is not None:
            wanted = set(themes)
            current = set(story.themes.values_list("theme", flat=True))
            if wanted != current:
                story.themes.exclude(theme__in=wanted).delete()
                StoryTheme.objects.bulk_create(
                    [StoryTheme(story=story, theme=t) for t in wanted - current]
                )
                changed.append("themes")
        if changed or complete:
            # Names of the fields changed, never their values.
            audit.record(
                action="story.completed" if complete else "story.edited",
                actor=user,
                request=request,
                campaign=story.campaign,
                objects=[story],
                fields=changed,
            )
    return story


def current_consent_text(language: str) -> ConsentText:
    """The newest consent text in `language` (English for any other language)."""
    lang = language if language in ("en", "es") else "en"
    text = ConsentText.objects.filter(language=lang).order_by("-version").first()
    if text is None:  # a database emptied by hand (or by a test): put the texts back
        install(ConsentText)
        text = ConsentText.objects.filter(language=lang).order_by("-version").first()
    return text


def record_consent(
    *,
    story: Story,
    decisions: dict[str, tuple[bool, str]],
    method: str,
    interpreter_used: bool,
    consent_text: ConsentText | None,
    expires_on: date | None,
    collected_by: Any,
    renewal_note: str = "",
    request: HttpRequest | None = None,
) -> list[Consent]:
    """Append one record per purpose whose decision changes: `decisions` maps purpose ->
    (granted, identifiability); uses not named keep the decision in force.

    Who may record is stories.access's decision for `collected_by`. After any withdrawal only
    a lead may (a renewal), saying how the storyteller gave consent again; the records say so.
    """
    if story.is_erased:
        raise StoryError(_("This story was erased."))
    access = access_for(collected_by, story)
    if not access.may_record_consent:
        raise StoryError(_("You may not record consent for this story."))
    renewal = access.may_renew_consent
    if renewal and any(g for g, _i in decisions.values()) and not renewal_note.strip():
        raise StoryError(_("Say how the storyteller gave consent again."))
    if expires_on is not None and expires_on < timezone.localdate():
        raise StoryError(_("This date has passed: consent cannot end before today."))
    now = timezone.now()
    records = []
    for purpose, (granted, identifiability) in decisions.items():
        if purpose in ANONYMIZED_PURPOSES:
            identifiability = Identifiability.ANONYMIZED
        records.append(
            Consent(
                story=story,
                purpose=purpose,
                granted=granted,
                identifiability=identifiability,
                method=method,
                collected_by=collected_by,
                interpreter_used=interpreter_used,
                consent_text=consent_text,
                expires_on=expires_on if granted else None,
                renewal=renewal,
                renewal_note=renewal_note.strip() if renewal else "",
                recorded_at=now,
                recorded_by=getattr(request, "user", None) or collected_by,
            )
        )
    with transaction.atomic():
        Consent.objects.bulk_create(records)
        audit.record(
            action="consent.renewed" if renewal else "consent.recorded",
            actor=collected_by,
            request=request,
            campaign=story.campaign,
            objects=[story],
            granted=sorted(p for p, (g, _i) in decisions.items() if g),
            refused=sorted(p for p, (g, _i) in decisions.items() if not g),
            method=method,
            text=str(consent_text) if consent_text else "",
        )
    return records


def withdraw_consent(
    *, story: Story, purposes: Iterable[str] | None, user: Any, request: HttpRequest | None = None
) -> list[Consent]:
    """Withdraw consent for some purposes, or for all (`purposes=None`). Takes effect at once:
    every listing and packet reads the latest record. Withdrawal only ever narrows, so anyone
    whose access lets them record one may (stories.access)."""
    if not access_for(user, story).may_withdraw:
        raise StoryError(_("You may not record a withdrawal for this story."))
    targets = list(purposes) if purposes is not None else list(Purpose.values)
    now = timezone.now()
    records = [
        Consent(
            story=story,
            purpose=purpose,
            granted=False,
            withdrawal=True,
            identifiability=Identifiability.ANONYMIZED,
            method=Consent.Method.IN_PERSON,
            collected_by=user,
            recorded_at=now,
            recorded_by=user,
        )
        for purpose in targets
    ]
    with transaction.atomic():
        Consent.objects.bulk_create(records)
        audit.record(
            action="consent.withdrawn",
            actor=user,
            request=request,
            campaign=story.campaign,
            objects=[story],
            purposes=sorted(targets),
        )
    return records


def erase_storyteller(
    *, story: Story, user: Any, reason: str, request: HttpRequest | None = None
) -> list[Story]:
    """Erase a storyteller's data on request, with every story they told. What remains is an
    anonymous tombstone per story (facility, themes and hours held past the deadline, which
    carry no identity), the consent decisions (which hold no personal data) and the audit
    trail. Returns the stories erased."""
    teller = story.storyteller
    now = timezone.now()
    with transaction.atomic():
        teller.name = teller.contact = teller.name_hash = ""
        teller.erased_at = now
        teller.save()
        erased = list(teller.stories.select_for_update())
        for told in erased:
            told.narrative = told.identifying_details = ""
            told.booked_at = told.detainer_lodged_at = told.custody_ended_at = told.outcome_at = (
                None
            )
            told.hold_deadline = None
            told.review_on = None
            told.erased_at = now
            told.save()
            told.redaction_releases.all().delete()  # the kept items quote the narrative
        audit.record(
            action="story.erased",
            actor=user,
            request=request,
            campaign=story.campaign,
            objects=[*erased, teller],
            reason=reason,
        )
    return erased


def stories_due_for_review(today: date | None = None) -> Any:
    today = today or timezone.localdate()
    return Story.objects.filter(review_on__lt=today, erased_at__isnull=True)


def discard_draft(*, story: Story, user: Any, request: HttpRequest | None = None) -> bool:
    """Delete a draft that will not be finished (a practice entry, a storyteller who stopped
    before telling it), with its storyteller when they told no other story. Returns whether
    the storyteller went too. A finished story is never discarded: erasure is the path for
    those, and it leaves an anonymous record; nor is a draft with consent on record, because
    consent records are kept."""
    with transaction.atomic():
        story = Story.objects.select_for_update().select_related("storyteller").get(pk=story.pk)
        if story.is_erased:
            raise StoryError(_("This story was erased."))
        if story.status == Story.Status.COMPLETE:
            raise StoryError(_("A finished story cannot be discarded. A lead can erase it."))
        if not access_for(user, story).may_discard:
            raise StoryError(_("You may not discard this story."))
        if Consent.objects.for_story(story).exists():
            raise StoryError(
                _(
                    "Consent was recorded for this story, and consent records are kept: it "
                    "cannot be discarded. A lead can erase it."
                )
            )
        teller = story.storyteller
        alone = not teller.stories.exclude(pk=story.pk).exists()
        audit.record(
            action="story.discarded",
            actor=user,
            request=request,
            campaign=story.campaign,
            objects=[story],
            storyteller_deleted=alone,
        )
        story.delete()
        if alone:
            teller.delete()
    return alone
