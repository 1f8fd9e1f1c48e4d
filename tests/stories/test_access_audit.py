"""Invariant 4: every page that shows a story's personal data leaves an audit record naming it.
Walks every stories URL, so a new page that forgets to audit fails here."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from stories.models import Story
from tests.factories import PASSWORD
from tests.stories.conftest import reauthenticated
from tests.test_authorization import POLICY
from tests.urlwalk import OWN_NAMES

# Pages that show no story's content: what they show instead.
NO_STORY_CONTENT = {
    "stories:new": "creates an empty draft (audited as story.started)",
    "stories:statistics": "counts only",
    "stories:consent_text": "the consent wording, no story",
    "stories:withdraw": "the reference number only",
    "stories:consent": "the reference number only",
    "stories:erase": "the reference number only",
    "stories:audit": "the trail itself",
    "stories:requests": "posted searches are audited (see test_requests)",
    "stories:packet": "the form lists references; building it is audited (see test_packets)",
    "stories:autosave": "POST only",
    "stories:discard": "the reference number only (discarding is audited as story.discarded)",
}

PAGES = [n for n in OWN_NAMES if n.startswith("stories:") and "GET" in POLICY[n].methods]


def test_every_stories_page_is_classified():
    unclassified = [n for n in PAGES if n not in NO_STORY_CONTENT and n not in AUDITED]
    assert not unclassified, f"Say whether these pages show story content: {unclassified}"


AUDITED = {"stories:index", "stories:detail", "stories:edit", "stories:redaction"}


@pytest.mark.parametrize("name", sorted(AUDITED))
def test_pages_showing_a_story_audit_the_access(name, campaign, lead, samples):
    client = reauthenticated(lead, PASSWORD)
    story = Story.objects.for_campaign(campaign).get(pk=samples["pk"]["stories:detail"])
    kwargs = {"campaign_slug": campaign.slug}
    if name != "stories:index":
        kwargs["pk"] = story.pk
    before = AuditEvent.objects.about(story).count()
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert AuditEvent.objects.about(story).count() == before + 1
    assert AuditEvent.objects.about(story).first().actor == lead
