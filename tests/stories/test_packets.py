import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from core.models import AuditEvent
from stories import packets, releases, scrubbing
from stories.models import Identifiability, Purpose
from tests.conftest import client_for
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.stories.conftest import reauthenticated
from tests.stories.factories import consent, make_story


def _choices(stories, purpose=Purpose.POLICYMAKERS_ANONYMIZED, fmt="html") -> dict:
    return {
        "purpose": purpose,
        "stories": [s.pk for s in stories],
        "reason": "Meeting with Supervisor Diaz",
        "format": fmt,
    }


def _packet(client, campaign, stories, purpose=Purpose.POLICYMAKERS_ANONYMIZED, fmt="html"):
    """Preview the packet, then build what was previewed, as a lead does."""
    url = reverse("stories:packet", args=[campaign.slug])
    data = _choices(stories, purpose, fmt)
    shown = client.post(url, data)
    if shown.status_code != 200:
        return shown
    return client.post(url, {**data, "preview": shown.context["token"], "build": "1"})


def _consented_story(campaign, by, name="Marta Ruiz", **kw):
    story = make_story(
        campaign,
        taken_by=by,
        name=name,
        narrative=f"{name} was held two days past her release.",
        **kw,
    )
    consent(story, Purpose.INTERNAL, by=by)
    return story


def test_packet_contains_only_consented_stories_redacted(as_fresh_lead, campaign, volunteer, lead):
    yes = _consented_story(campaign, volunteer)
    consent(yes, Purpose.POLICYMAKERS_ANONYMIZED, by=volunteer)
    no = _consented_story(campaign, volunteer, name="Elena Soto")
    consent(no, Purpose.POLICYMAKERS_ANONYMIZED, granted=False, by=volunteer)
    response = _packet(as_fresh_lead, campaign, [yes, no])
    assert response.status_code == 200
    body = response.content.decode()
    assert "was held two days past her release" in body
    assert "Marta" not in body and "Ruiz" not in body
    assert "Elena" not in body
    assert no.reference in body and "said no to this use" in body
    event = AuditEvent.objects.get(action="packet.generated")
    assert event.actor == lead
    assert event.reason == "Meeting with Supervisor Diaz"
    assert event.objects_affected == [{"model": "stories.story", "pk": str(yes.pk)}]
    assert event.details["left_out"] == [no.reference]


def test_withdrawal_leaves_the_story_out_of_the_next_packet(as_fresh_lead, campaign, volunteer):
    story = _consented_story(campaign, volunteer)
    consent(story, Purpose.POLICYMAKERS_ANONYMIZED, by=volunteer)
    assert "was held two days" in _packet(as_fresh_lead, campaign, [story]).content.decode()
    consent(story, Purpose.POLICYMAKERS_ANONYMIZED, granted=False, withdrawal=True, by=volunteer)
    body = _packet(as_fresh_lead, campaign, [story]).content.decode()
    assert "was held two days" not in body
    assert "was withdrawn on" in body


def test_named_packet_uses_the_name_the_storyteller_allowed(as_fresh_lead, campaign, volunteer):
    story = _consented_story(campaign, volunteer)
    consent(story, Purpose.POLICYMAKERS_NAMED, level=Identifiability.FIRST_NAME, by=volunteer)
    body = _packet(as_fresh_lead, campaign, [story], Purpose.POLICYMAKERS_NAMED).content.decode()
    assert "Marta" in body and "Ruiz" not in body


def test_pdf_packet(as_fresh_lead, campaign, volunteer):
    story = _consented_story(campaign, volunteer)
    consent(story, Purpose.POLICYMAKERS_ANONYMIZED, by=volunteer)
    response = _packet(as_fresh_lead, campaign, [story], fmt="pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"


def test_packet_needs_a_recent_confirmation(as_lead, campaign, volunteer):
    story = _consented_story(campaign, volunteer)
    response = _packet(as_lead, campaign, [story])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not AuditEvent.objects.filter(action="packet.generated").exists()


def test_packet_needs_a_second_factor(campaign, volunteer, settings):
    settings.REQUIRE_LEAD_MFA = False  # even where leads may browse without one
    lead = UserFactory(email="nofactor@example.org")
    MembershipFactory(campaign=campaign, user=lead, role="lead")
    client = reauthenticated(lead, PASSWORD)
    story = _consented_story(campaign, volunteer)
    response = _packet(client, campaign, [story])
    assert response.status_code == 403
    assert "A second factor is needed" in response.content.decode()
    assert not AuditEvent.objects.filter(action="packet.generated").exists()


def test_packet_needs_a_reason(as_fresh_lead, campaign, volunteer):
    story = _consented_story(campaign, volunteer)
    response = as_fresh_lead.post(
        reverse("stories:packet", args=[campaign.slug]),
        {"purpose": Purpose.INTERNAL, "stories": [story.pk], "format": "html"},
    )
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="packet.generated").exists()


def test_coordinator_cannot_build_packets(campaign, coordinator):
    assert (
        client_for(coordinator).get(reverse("stories:packet", args=[campaign.slug])).status_code
        == 403
    )


def test_without_pango_the_pdf_falls_back_to_the_printable_page(
    as_fresh_lead, campaign, volunteer, monkeypatch
):
    import sys

    story = _consented_story(campaign, volunteer)
    consent(story, Purpose.POLICYMAKERS_ANONYMIZED, by=volunteer)
    # As on a server where WeasyPrint cannot load: importing it fails.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    response = _packet(as_fresh_lead, campaign, [story], fmt="pdf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "cannot make PDFs" in response.content.decode()
    assert "was held two days past her release" in response.content.decode()


# --- the preview (issue 17) -------------------------------------------------------------------


def test_the_preview_shows_each_story_as_printed_and_is_audited(as_fresh_lead, campaign, volunteer):
    yes = _consented_story(campaign, volunteer)
    consent(yes, Purpose.POLICYMAKERS_ANONYMIZED, by=volunteer)
    no = _consented_story(campaign, volunteer, name="Elena Soto")
    response = as_fresh_lead.post(
        reverse("stories:packet", args=[campaign.slug]), _choices([yes, no])
    )
    assert response.status_code == 200
    # The form above lists the stories as the lead sees them inside the campaign; the preview
    # below is what leaves it.
    body = response.content.decode().split('class="packet-preview"')[1]
    preview = response.context["preview"]
    # The same StoryView and the same partial as the packet printed from it.
    printed = render_to_string("stories/partials/packet_body.html", {"packet": preview})
    assert printed.split('<article class="packet-story">')[1] in body
    assert "[name removed] was held two days past her release" in body
    assert "Marta" not in body and "Elena" not in body
    assert no.reference in body and "no consent was asked for this use" in body
    assert 'name="build"' in body
    event = AuditEvent.objects.get(action="packet.previewed")
    assert event.objects_affected == [{"model": "stories.story", "pk": str(yes.pk)}]
    assert event.details["left_out"] == [no.reference]
    assert not AuditEvent.objects.filter(action="packet.generated").exists()


def test_a_packet_is_built_only_as_previewed(as_fresh_lead, campaign, volunteer, lead):
    story = _consented_story(campaign, volunteer)
    consent(story, Purpose.POLICYMAKERS_ANONYMIZED, by=volunteer)
    other = _consented_story(campaign, volunteer, name="Elena Soto")
    consent(other, Purpose.POLICYMAKERS_ANONYMIZED, by=volunteer)
    url = reverse("stories:packet", args=[campaign.slug])
    data = _choices([story])
    token = as_fresh_lead.post(url, data).context["token"]

    def build(**changes):
        return as_fresh_lead.post(url, {**data, "preview": token, "build": "1", **changes})

    # No preview, a forged one, other stories or another reason than previewed: previewed again.
    for attempt in (
        build(preview=""),
        build(preview="forged"),
        build(stories=[story.pk, other.pk]),
        build(reason="Something else"),
        build(purpose=Purpose.PUBLIC_ANONYMIZED),
    ):
        assert attempt.status_code == 200
        assert "Check the packet again below" in attempt.content.decode()
        assert "preview" in attempt.context
    # Another lead's build with this lead's preview.
    second = UserFactory(email="second-lead@example.org")
    MembershipFactory(campaign=campaign, user=second, role="lead")
    with pytest.raises(packets.PreviewMismatch):
        packets.build_previewed(
            token=token,
            campaign=campaign,
            user=second,
            purpose=data["purpose"],
            story_ids=data["stories"],
            reason=data["reason"],
        )
    assert not AuditEvent.objects.filter(action="packet.generated").exists()
    # A withdrawal between the preview and the build: what was previewed is not what prints.
    consent(story, Purpose.POLICYMAKERS_ANONYMIZED, granted=False, withdrawal=True, by=volunteer)
    changed = build()
    assert "Check the packet again below" in changed.content.decode()
    assert "consent for this use was withdrawn" in changed.content.decode()
    assert not AuditEvent.objects.filter(action="packet.generated").exists()
    # Each preview shown was audited: the first, five refused builds and the changed one.
    assert AuditEvent.objects.filter(action="packet.previewed").count() == 7


def test_a_kept_item_changes_what_the_preview_promised(as_fresh_lead, campaign, volunteer, lead):
    story = make_story(
        campaign,
        taken_by=volunteer,
        narrative="The jail's number is 555-010-2000; they ignored us on 6 de noviembre.",
    )
    consent(story, Purpose.INTERNAL, by=volunteer)
    consent(story, Purpose.POLICYMAKERS_ANONYMIZED, by=volunteer)
    url = reverse("stories:packet", args=[campaign.slug])
    shown = as_fresh_lead.post(url, _choices([story]))
    assert "The jail&#x27;s number is [phone removed]" in shown.content.decode()
    item = releases.review(story).item(scrubbing.release_key("555-010-2000"))
    releases.keep(story=story, item=item, reason="the jail's public number", user=lead)
    stale = as_fresh_lead.post(
        url, {**_choices([story]), "preview": shown.context["token"], "build": "1"}
    )
    assert "Check the packet again below" in stale.content.decode()
    assert "The jail&#x27;s number is 555-010-2000" in stale.content.decode()
    built = as_fresh_lead.post(
        url, {**_choices([story]), "preview": stale.context["token"], "build": "1"}
    )
    assert "The jail&#x27;s number is 555-010-2000" in built.content.decode()
    assert "[date removed]" in built.content.decode()
    assert AuditEvent.objects.filter(action="packet.generated").count() == 1
