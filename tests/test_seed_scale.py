"""`manage.py seed_scale`: the national-scale data set, here at a thousandth of its size."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from actions.models import CampaignAction, Petition, PetitionCounter, Signature
from coalition.models import Campaign, Contact, FollowUp, Meeting, Organization
from core import scale
from core.crypto import decrypt, keyed_hash
from stories.models import Consent, Story
from targets.models import Arrangement, Assessment, Jurisdiction, Office, Official

pytestmark = pytest.mark.django_db

SCALE = 0.001
SEED = 3


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_scale", scale=SCALE, workers=0, stdout=out, **options)
    return out.getvalue()


def generated(model):
    return model.objects.filter(campaign__slug__startswith=scale.SLUG_PREFIX)


def contact_names() -> list[str]:
    return [c.name for c in generated(Contact).order_by("pk")]


def signature_names() -> list[str]:
    return [s.name for s in generated(Signature).order_by("pk")[:50]]


@pytest.fixture(scope="module")
def sizes():
    return scale.Sizes.at(SCALE)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One run for the whole module (the reference files take seconds to import), undone at
    its end; each test still runs in a transaction of its own inside this one."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = seed(seed=SEED)
        yield output
        transaction.set_rollback(True)


def test_sizes_scale_with_the_factor():
    full, tenth = scale.Sizes.at(1), scale.Sizes.at(0.1)
    assert full.signatures == 1_000_000
    assert full.contacts == 100_000
    assert full.campaigns == 3_000
    assert full.arrangements_287g > 1_000
    assert tenth.contacts == 10_000
    assert tenth.signatures == 100_000
    # The split over campaigns is exact, and the special campaigns get what they were given.
    counts = scale.allocate(1000, {0: 200, 1: 100, 2: 0, 3: 0}, [1.0, 0.5, 0.25], 4)
    assert sum(counts) == 1000
    assert counts[:4] == [200, 100, 0, 0]


def test_the_data_set_has_the_promised_counts(seeded, sizes):
    output = seeded
    assert "signatures" in output and "total" in output  # timings per table

    # Reference data: every county of the Census file, offices, officials, 287(g) agreements.
    assert Jurisdiction.objects.counties().count() >= 3_000
    assert Office.objects.count() >= sizes.offices
    assert Official.objects.count() >= sizes.officials
    assert Arrangement.objects.filter(kind="287g").count() >= sizes.arrangements_287g
    synthetic = Arrangement.objects.filter(external_id__startswith=scale.SYNTHETIC_KEY)
    assert all(a.notes == scale.SYNTHETIC_NOTE for a in synthetic)

    # Campaign data, exactly as the sizes say.
    assert Campaign.objects.filter(slug__startswith=scale.SLUG_PREFIX).count() == sizes.campaigns
    assert generated(Organization).count() == sizes.organizations
    assert generated(Contact).count() == sizes.contacts
    assert generated(Story).count() == sizes.stories
    assert generated(Meeting).count() == sizes.meetings
    assert generated(FollowUp).count() == sizes.followups
    assert generated(CampaignAction).count() == sizes.actions
    every_campaign_has_a_plan = Campaign.objects.filter(
        slug__startswith=scale.SLUG_PREFIX, plan__isnull=True
    )
    assert not every_campaign_has_a_plan.exists()

    # Every story has its consent history, starting with consent for internal use.
    stories = generated(Story)
    assert Consent.objects.filter(story__in=stories, purpose="internal").count() >= stories.count()

    # The petitions: the national one with all the signatures, its counter set.
    national = Petition.objects.get(campaign__slug=scale.NATIONAL)
    assert national.signatures.count() == sizes.signatures
    assert national.signature_count() == sizes.signatures
    assert PetitionCounter.objects.filter(petition=national).count() > 0
    baseline = Petition.objects.get(campaign__slug=scale.BASELINE)
    assert baseline.signatures.count() == sizes.baseline_signatures

    # The power-map campaigns have targets on their map.
    assert Assessment.objects.filter(campaign__slug=scale.MAP_LARGE).count() >= 1


def test_personal_data_is_encrypted_and_signatures_are_deduplicated(seeded, sizes):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name, email, email_hash, place FROM {Signature._meta.db_table} LIMIT 20"  # noqa: S608
        )
        raw = cursor.fetchall()
        cursor.execute(f"SELECT name, email FROM {Contact._meta.db_table} LIMIT 20")  # noqa: S608
        raw_contacts = cursor.fetchall()
        cursor.execute(f"SELECT narrative FROM {Story._meta.db_table} LIMIT 20")  # noqa: S608
        raw_stories = cursor.fetchall()
    for name, email, email_hash, place in raw:
        plain_email = decrypt(email)
        assert "@example.net" in plain_email and "@" not in email
        assert decrypt(name).strip() and decrypt(place).strip()
        assert email_hash == keyed_hash(plain_email)
    for name, email in raw_contacts:
        assert " " not in name and (email == "" or "@" not in email)
        assert " " in decrypt(name)
    assert all(" " not in narrative and decrypt(narrative) for (narrative,) in raw_stories)

    signatures = Signature.objects.all()
    pairs = signatures.values("petition", "email_hash").distinct().count()
    assert pairs == signatures.count() == sizes.signatures + sizes.baseline_signatures


def test_same_seed_same_names_and_no_second_run_without_force(seeded):
    with pytest.raises(CommandError, match="--force"):
        seed(seed=SEED)

    seed(seed=11, force=True)
    first_contacts, first_signatures = contact_names(), signature_names()
    assert first_contacts and first_signatures

    seed(seed=11, force=True)
    assert contact_names() == first_contacts
    assert signature_names() == first_signatures
    assert Campaign.objects.filter(slug__startswith=scale.SLUG_PREFIX).count() == (
        scale.Sizes.at(SCALE).campaigns
    )

    seed(seed=12, force=True)
    assert contact_names() != first_contacts


def test_it_refuses_a_database_with_other_campaigns(seeded, campaign):
    before = Campaign.objects.count()
    with pytest.raises(CommandError, match="did not make"):
        seed(seed=SEED, force=True)
    assert Campaign.objects.count() == before
