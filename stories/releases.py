"""A lead keeps a flagged item of a narrative in anonymized uses, or takes that back.

Anonymized uses remove every phone number, email address, street address and exact date found
in a narrative (stories.redaction.flagged). Some are not about the storyteller at all: the
jail's public number, the date a county board voted. A lead (the role that exports personal
data) may keep such an item, saying why; the storyteller's name, contact and marked details
are never kept. Keeping and undoing are audited with the kind of item, never its text. Erasing
a storyteller deletes what was kept (stories.services.erase_storyteller).
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from core import audit
from stories.models import Identifiability, RedactionRelease, Story
from stories.redaction import flagged
from stories.scrubbing import ALWAYS, LABELS, Finding, Kind, kind_of, release_key, removed


@dataclass
class Item:
    """One flagged text, however often the narrative says it."""

    key: str  # scrubbing.release_key of the text: what a release is compared by
    kind: Kind
    text: str
    count: int = 1
    release: RedactionRelease | None = None

    @property
    def kept(self) -> bool:
        return self.release is not None

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])


@dataclass
class Review:
    """What anonymized uses remove from a story's narrative."""

    items: list[Item] = field(default_factory=list)  # a lead may keep these
    always: dict[Kind, int] = field(default_factory=dict)  # name, contact, details: counts only
    stale: list[RedactionRelease] = field(default_factory=list)  # kept, no longer in the text

    @property
    def always_counts(self) -> list[tuple[str, int]]:
        return [(str(LABELS[kind]), count) for kind, count in self.always.items()]

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)


def _inside(inner: Finding, outer: Finding) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and inner != outer


def review(story: Story) -> Review:
    """The flagged items of the narrative as anonymized uses would remove them. An item inside
    a longer one ("Apt 4B" in "1420 Maple St, Apt 4B") is listed with it; an item that is (or
    touches) the name, the contact or a marked detail goes with it and cannot be kept."""
    findings = flagged(story, Identifiability.ANONYMIZED)
    always = [f for f in findings if f.kind in ALWAYS]
    generic = [f for f in findings if f.kind not in ALWAYS]
    releases = {release_key(r.item): r for r in story.redaction_releases.all()}
    result = Review()
    for mention in removed(always):  # "Rosa Martínez" is one mention, not three
        result.always[mention.kind] = result.always.get(mention.kind, 0) + 1
    items: dict[str, Item] = {}
    for f in generic:
        if any(_inside(f, other) for other in generic):
            continue
        if any(f.start < a.end and a.start < f.end for a in always):
            continue
        key = release_key(f.text)
        if key in items:
            items[key].count += 1
        else:
            items[key] = Item(key=key, kind=f.kind, text=f.text, release=releases.get(key))
    result.items = list(items.values())
    result.stale = [r for key, r in releases.items() if key not in items]
    return result


def keep(
    *, story: Story, item: Item, reason: str, user: Any, request: HttpRequest | None = None
) -> RedactionRelease:
    """Keep `item` in the story's anonymized uses from now on. Audited with its kind only."""
    with transaction.atomic():
        release = RedactionRelease.objects.create(
            story=story, item=item.text, reason=reason, released_by=user
        )
        audit.record(
            action="story.redaction_released",
            actor=user,
            request=request,
            campaign=story.campaign,
            objects=[story],
            kind=item.kind.value,
            release=release.pk,
        )
    return release


def undo(
    *, story: Story, release: RedactionRelease, user: Any, request: HttpRequest | None = None
) -> None:
    """Remove a kept item again from the story's anonymized uses. Audited with its kind."""
    kind = kind_of(release.item)
    with transaction.atomic():
        audit.record(
            action="story.redaction_release_undone",
            actor=user,
            request=request,
            campaign=story.campaign,
            objects=[story],
            kind=kind.value if kind else "",
            release=release.pk,
        )
        release.delete()
