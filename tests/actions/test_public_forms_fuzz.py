"""Property-based tests of every public form: whatever a person or a bot sends, the answer is
never a server error, and a form that is not accepted stores nothing.

The forms are found from the URL patterns (every "public:" page that takes a POST), with the
models each one writes; a new public form must be added to WRITES or the first test fails.
"""

import pytest
from django.apps import apps
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.urlwalk import OWN_NAMES, url_for

# Public pages with a form, and the models a submission writes.
WRITES = {
    "public:petition": ["actions.Signature"],
    "public:letter": ["actions.Letter", "actions.OutboxMessage"],
    "public:county": ["actions.LeadRequest"],
}
FIELDS = [
    "name",
    "email",
    "place",
    "comment",
    "phone",
    "organization",
    "message",
    "sender_name",
    "sender_email",
    "sender_place",
    "wants_updates",
    "show_publicly",
    "website",
]
text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=5000),
    st.sampled_from(
        [
            "",
            " ",
            '=HYPERLINK("http://x","y")',
            "maria@example.org",
            "MARIA@Example.org ",
            "<script>alert(1)</script>",
            "\x00",
            "a" * 100_000,
            "on",
            "ñandú@ejemplo.mx",
        ]
    ),
)
payloads = st.dictionaries(st.sampled_from(FIELDS), text, max_size=len(FIELDS))


def test_every_public_form_is_known():
    # Every public page answers POST through actions.public.public_form; each must be listed.
    from tests.urlwalk import PATTERNS

    posting = [
        n
        for n in OWN_NAMES
        if n.startswith("public:") and getattr(PATTERNS[n].callback, "csrf_exempt", False)
    ]
    assert set(posting) <= set(WRITES), set(posting) - set(WRITES)


def _count(labels: list[str]) -> int:
    return sum(apps.get_model(label).objects.count() for label in labels)


@pytest.mark.parametrize("name", sorted(WRITES))
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=payloads)
def test_public_form_never_fails_and_stores_nothing_it_refuses(name, data, samples, settings_):
    url = url_for(name, samples)
    before = _count(WRITES[name])
    client = Client(REMOTE_ADDR=f"10.9.{len(data)}.{before % 250}")
    response = client.post(url, data)
    assert response.status_code < 500
    assert response.status_code in (200, 302, 303, 400, 429), response.status_code
    if response.status_code not in (302, 303):
        assert _count(WRITES[name]) == before, f"{name} stored rows for a refused form: {data}"


@pytest.fixture
def settings_(settings):
    settings.PUBLIC_FORM_RATE = 0  # no limit: every example reaches the form
    return settings
