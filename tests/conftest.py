import pytest
from django.test import Client

from coalition.models import Invitation, Membership, hash_token
from coalition.permissions import Role
from tests.actions.factories import action_samples
from tests.actions.public_samples import public_samples
from tests.api.factories import exchange_samples
from tests.coalition.factories import coalition_samples
from tests.factories import CampaignFactory, MembershipFactory, UserFactory, enable_totp
from tests.stories.factories import story_samples
from tests.targets.factories import power_map_samples, reference_samples

DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Each test that reaches the database starts with an empty cache: the cache is a table in
    it (settings.CACHES), allauth's and the public forms' rate limits live there, and tests that
    sign in or send forms many times must not share them. Tests without the database cannot
    reach the cache either."""
    uses_db = bool(DB_FIXTURES & set(request.fixturenames)) or bool(
        request.node.get_closest_marker("django_db")
    )
    if not uses_db:
        yield
        return
    from django.core.cache import cache

    from actions.models.petitions import forget_published

    transactional = {"transactional_db", "live_server"} & set(request.fixturenames)
    request.getfixturevalue("transactional_db" if transactional else "db")
    cache.clear()
    # Published petitions kept in this process belong to the test that read them.
    forget_published()
    yield
    # A test in a transaction leaves nothing behind: its writes to the cache roll back with it
    # (and a test that broke its transaction could not clear anyway).
    if transactional:
        cache.clear()


@pytest.fixture
def campaign(db):
    return CampaignFactory(name="ICE out of Example County", slug="example-county")


@pytest.fixture
def other_campaign(db):
    return CampaignFactory(name="Sample City Coalition", slug="sample-city")


def _member(campaign, role: Role, email: str):
    user = UserFactory(email=email)
    MembershipFactory(campaign=campaign, user=user, role=role)
    if role == Role.LEAD:
        enable_totp(user)
    return user


@pytest.fixture
def lead(campaign):
    return _member(campaign, Role.LEAD, "lead@example.org")


@pytest.fixture
def coordinator(campaign):
    return _member(campaign, Role.COORDINATOR, "coordinator@example.org")


@pytest.fixture
def volunteer(campaign):
    return _member(campaign, Role.VOLUNTEER, "volunteer@example.org")


@pytest.fixture
def observer(campaign):
    return _member(campaign, Role.OBSERVER, "observer@example.org")


@pytest.fixture
def outsider(other_campaign):
    """Leads another campaign, and is no member of `campaign`."""
    return _member(other_campaign, Role.LEAD, "outsider@example.org")


@pytest.fixture
def people(lead, coordinator, volunteer, observer, outsider):
    return {
        "lead": lead,
        "coordinator": coordinator,
        "volunteer": volunteer,
        "observer": observer,
        "outsider": outsider,
    }


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_lead(lead):
    return client_for(lead)


@pytest.fixture
def as_coordinator(coordinator):
    return client_for(coordinator)


@pytest.fixture
def as_volunteer(volunteer):
    return client_for(volunteer)


@pytest.fixture
def as_outsider(outsider):
    return client_for(outsider)


STORY_PAGES_WITH_PK = [
    "stories:detail",
    "stories:edit",
    "stories:autosave",
    "stories:consent",
    "stories:withdraw",
    "stories:erase",
    "stories:audit",
    "stories:redaction",
    "stories:redaction_undo",
    "stories:discard",
]


@pytest.fixture
def samples(campaign, people):
    """Values for every URL keyword (tests/urlwalk.py), pointing at real rows of `campaign`.
    A keyword whose value depends on the page maps URL names to values, "*" being the default.
    """
    token = "sample-invitation-token"
    invitation = Invitation.objects.create(
        campaign=campaign,
        email="invitee@example.org",
        email_hash="0" * 64,
        role=Role.VOLUNTEER,
        token_hash=hash_token(token),
        invited_by=people["lead"],
    )
    member = Membership.objects.get(campaign=campaign, user=people["observer"])
    stories = story_samples(campaign, people)
    pks = {"coalition:invitation_revoke": invitation.pk, "*": member.pk}
    pks.update({name: stories["story_pk"] for name in STORY_PAGES_WITH_PK})
    coalition = coalition_samples(campaign, people)
    pks.update(coalition["pk"])
    actions = action_samples(campaign, people)
    pks.update(actions["pk"])
    power_map = power_map_samples(campaign, people)
    pks.update(power_map["pk"])
    reference = reference_samples()
    exchange = exchange_samples(campaign, people, coalition["pk"], stories, reference)
    pks.update(exchange["pk"])
    public = public_samples(campaign, people)
    pks.update(public["pk"])
    return {
        "campaign_slug": campaign.slug,
        "token": token,
        # `pk` differs by page: URL name -> primary key, "*" for the rest.
        "pk": pks,
        # allauth's own keys: nonsense values are enough to reach the view
        "key": "not-a-key",
        "uidb36": "1",
        "object_id": "1",
        "app_label": "coalition",
        "content_type_id": "1",
        "id": "1",
        "pk_any": "1",
        # targets: reference data pages
        **reference,
        # coalition: the calendar feed's secret address
        "feed_token": coalition["feed_token"],
        # stories
        "version": stories["version"],
        "language": stories["language"],
        # actions: the public timeline's secret key, a policy element
        "public_key": actions["public_key"],
        "element_id": actions["element_id"],
        # targets: the power map's export format, a public statement
        "fmt": power_map["fmt"],
        "statement_id": power_map["statement_id"],
        # exchange and the API (issue 9)
        # the API's campaign slug; public pages' own slugs by URL name
        "slug": {"*": campaign.slug, **public["slug"]},
        "resource": exchange["resource"],
        "job_id": exchange["job_id"],
        # public pages (issue 8)
        **public["extra"],
    }
