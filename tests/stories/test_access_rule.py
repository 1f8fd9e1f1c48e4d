"""stories.access states the rule twice over: `decide` in Python for one story, `visible_q` as
a database filter so lists page in the database. This test builds a story for every
combination of the facts the rule reads and checks that both agree, for every role."""

import itertools
from datetime import timedelta

from django.utils import timezone

from coalition.models import Membership
from coalition.permissions import Role
from stories.access import ALL_FIELDS, HIDDEN_AT, access_for
from stories.models import Consent, Identifiability, Purpose, Story
from tests.factories import UserFactory
from tests.stories.factories import make_story

CONSENTS = ["none", "full", "first", "anonymized", "refused", "withdrawn", "expired"]


def _record(story, kind: str, *, withdrawn_before: bool) -> None:
    now = timezone.now()
    if withdrawn_before:
        Consent.objects.create(
            story=story,
            purpose=Purpose.HEARING,
            granted=False,
            withdrawal=True,
            method=Consent.Method.IN_PERSON,
            recorded_at=now - timedelta(hours=2),
        )
    if kind == "none":
        return
    Consent.objects.create(
        story=story,
        purpose=Purpose.INTERNAL,
        granted=kind in ("full", "first", "anonymized", "expired"),
        withdrawal=kind == "withdrawn",
        identifiability=kind if kind in Identifiability.values else Identifiability.FULL_NAME,
        method=Consent.Method.IN_PERSON,
        expires_on=timezone.localdate() - timedelta(days=1) if kind == "expired" else None,
        recorded_at=now - timedelta(hours=1),
    )


def test_the_database_filter_and_the_decision_agree(campaign):
    me, other = UserFactory(), UserFactory()
    stories = []
    for taker, complete, erased, kind, withdrawn in itertools.product(
        (me, other), (True, False), (True, False), CONSENTS, (True, False)
    ):
        story = make_story(campaign, taken_by=taker, complete=complete)
        if erased:
            story.erased_at = timezone.now()
            story.save()
        _record(story, kind, withdrawn_before=withdrawn)
        stories.append(story)
    for role in [*Role.values, None]:
        Membership.objects.filter(user=me).delete()
        if role is not None:
            Membership.objects.create(campaign=campaign, user=me, role=role)
        listed = set(
            Story.objects.visible_to(me, campaign, Purpose.INTERNAL).values_list("pk", flat=True)
        )
        for story in Story.objects.filter(pk__in=[s.pk for s in stories]).prefetch_related(
            "consents"
        ):
            access = access_for(me, story)
            assert (story.pk in listed) == access.visible, (role, story.pk)
            if access.visible and story.status == Story.Status.COMPLETE and access.editable:
                assert not access.editable & HIDDEN_AT[access.level]
            if access.raw:
                assert story.taken_by_id == me.pk and story.status == Story.Status.DRAFT
                assert access.editable == ALL_FIELDS
