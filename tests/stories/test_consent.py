import pytest
from django.urls import reverse

from core.models import AppendOnlyError, AuditEvent
from stories.models import Consent, ConsentText, Identifiability, Purpose, Story
from stories.selectors import effective_consent
from tests.stories.factories import consent, make_story


@pytest.fixture
def story(campaign, volunteer):
    return make_story(campaign, taken_by=volunteer)


def _consent_data(**grants) -> dict:
    """A confirmed consent form: Yes for the uses named (at their level), No for the others."""
    data = {"method": "in_person", "language": "es", "interpreter_used": "on", "confirmed": "on"}
    for purpose in Purpose.values:
        level = grants.get(purpose)
        data[f"decision_{purpose}"] = "yes" if level else "no"
        data[f"identify_{purpose}"] = level or Identifiability.ANONYMIZED
    return data


def test_consent_texts_exist_in_both_languages(db):
    assert set(ConsentText.objects.filter(version=1).values_list("language", flat=True)) == {
        "en",
        "es",
    }
    spanish = ConsentText.objects.get(version=1, language="es")
    assert "situación migratoria" in spanish.body


def test_volunteer_records_consent_per_purpose(as_volunteer, campaign, story, volunteer):
    url = reverse("stories:consent", args=[campaign.slug, story.pk])
    response = as_volunteer.post(
        url,
        _consent_data(
            internal=Identifiability.FULL_NAME,
            policymakers_anon=Identifiability.FULL_NAME,  # forced to anonymized
        ),
    )
    assert response.status_code == 302
    records = {c.purpose: c for c in Consent.objects.for_story(story)}
    assert len(records) == len(Purpose.values)
    assert records["internal"].granted
    assert records["internal"].identifiability == Identifiability.FULL_NAME
    assert records["policymakers_anon"].identifiability == Identifiability.ANONYMIZED
    assert not records["public_named"].granted
    assert records["internal"].consent_text == ConsentText.objects.get(version=1, language="es")
    assert records["internal"].collected_by == volunteer
    assert records["internal"].interpreter_used
    event = AuditEvent.objects.get(action="consent.recorded")
    assert event.details["granted"] == ["internal", "policymakers_anon"]


def test_consent_page_shows_the_text_in_the_storytellers_language(as_volunteer, campaign, story):
    story.storyteller.preferred_language = "es"
    story.storyteller.save()
    page = as_volunteer.get(reverse("stories:consent", args=[campaign.slug, story.pk]))
    assert "Usted decide cómo se puede usar su historia" in page.content.decode()


def test_withdrawal_of_one_purpose(as_volunteer, campaign, story, volunteer):
    consent(story, Purpose.INTERNAL, by=volunteer)
    consent(story, Purpose.HEARING, by=volunteer)
    url = reverse("stories:withdraw", args=[campaign.slug, story.pk])
    assert as_volunteer.post(url, {"purposes": ["hearing"]}).status_code == 302
    current = effective_consent(story)
    assert current["internal"].granted
    assert current["hearing"].withdrawal
    assert not current["hearing"].granted
    assert Consent.objects.for_story(story).count() == 3  # nothing overwritten


def test_withdrawal_of_everything(as_volunteer, campaign, story, volunteer):
    consent(story, Purpose.INTERNAL, by=volunteer)
    as_volunteer.post(
        reverse("stories:withdraw", args=[campaign.slug, story.pk]), {"everything": "on"}
    )
    assert not any(c and c.granted for c in effective_consent(story).values())
    assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1


def test_withdrawal_needs_a_choice(as_volunteer, campaign, story):
    response = as_volunteer.post(reverse("stories:withdraw", args=[campaign.slug, story.pk]), {})
    assert response.status_code == 400
    assert not Consent.objects.for_story(story).exists()


def test_consent_records_are_append_only(story, volunteer):
    record = consent(story, by=volunteer)
    record.granted = False
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        Consent.objects.for_story(story).update(granted=False)
    with pytest.raises(AppendOnlyError):
        record.delete()


def test_story_page_shows_consent_at_a_glance(as_volunteer, campaign, story, volunteer):
    consent(story, Purpose.INTERNAL, by=volunteer)
    consent(story, Purpose.HEARING, granted=False, by=volunteer)
    body = as_volunteer.get(story.get_absolute_url()).content.decode()
    assert "Consent at a glance" in body
    assert body.count("✓ Yes") == 1
    assert "✗ No" in body
    assert body.count("Not asked") == len(Purpose.values) - 2


def test_viewing_a_story_is_audited(as_volunteer, campaign, story, volunteer):
    consent(story, by=volunteer)
    as_volunteer.get(story.get_absolute_url())
    event = AuditEvent.objects.get(action="story.viewed")
    assert event.actor == volunteer
    assert event.objects_affected == [{"model": "stories.story", "pk": str(story.pk)}]


def test_expired_consent_is_not_in_force(campaign, story, coordinator, volunteer):
    from datetime import date

    consent(story, by=volunteer, expires_on=date(2020, 1, 1))
    visible = Story.objects.visible_to(coordinator, campaign, Purpose.INTERNAL)
    assert not visible.filter(pk=story.pk).exists()
