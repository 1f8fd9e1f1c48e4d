"""CSP without inline script or style on every page, and the headers a browser needs."""

import re
from html.parser import HTMLParser

import pytest
from django.test import override_settings

from tests.conftest import client_for
from tests.factories import UserFactory
from tests.test_authorization import POLICY
from tests.urlwalk import ADMIN_NAMES, OWN_NAMES, url_for


class InlineFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name in attributes:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
        if "style" in attributes:
            self.problems.append(f"<{tag} style=...>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            data_only = attributes.get("type") == "application/json"
            if not attributes.get("src") and not data_only:
                self.problems.append("inline <script>")
            src = attributes.get("src") or ""
            if src and (not src.startswith("/") or src.startswith("//")):
                self.problems.append(f"script from elsewhere: {src}")


# Swagger UI (the API's documentation page) sets inline styles from its script; that one page
# allows inline styles, never inline script (api/urls.py).
INLINE_STYLE_ALLOWED = {"api:docs"}

GET_PAGES = [n for n in OWN_NAMES if n in POLICY and "GET" in POLICY[n].methods]


@pytest.mark.parametrize("name", GET_PAGES)
@pytest.mark.parametrize("actor", ["anonymous", "lead"])
def test_pages_have_no_inline_script_or_style(name, actor, people, samples):
    response = client_for(None if actor == "anonymous" else people[actor]).get(
        url_for(name, samples), follow=True
    )
    if response.status_code >= 400 or "text/html" not in response.get("Content-Type", ""):
        pytest.skip(f"{name} shows no HTML page to {actor}")
    finder = InlineFinder()
    finder.feed(response.content.decode())
    problems = finder.problems
    if name in INLINE_STYLE_ALLOWED:
        problems = [p for p in problems if "style" not in p]
    assert not problems, f"{name}: {problems}"
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src")).split()
    # Scripts from this site only (with a nonce on pages that carry one); never inline.
    assert script_src[:2] == ["script-src", "'self'"]
    assert all(s.startswith("'nonce-") for s in script_src[2:]), script_src
    if name not in INLINE_STYLE_ALLOWED:
        assert "'unsafe-inline'" not in csp


def test_htmx_script_carries_the_nonce(as_lead, campaign):
    response = as_lead.get(campaign.get_absolute_url())
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    expected = f'<script src="/static/django_htmx/htmx-2.min.js" defer nonce="{nonce}"></script>'
    assert expected in response.content.decode()


def test_framing_and_sniffing_are_refused(client, db):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_when_tls_is_required(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.parametrize("name", ADMIN_NAMES)
def test_admin_pages_have_no_inline_script_or_style(name, samples, campaign):
    staff = UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
    response = client_for(staff).get(url_for(name, samples), follow=True)
    if response.status_code >= 400 or "text/html" not in response.get("Content-Type", ""):
        pytest.skip(f"{name} shows no HTML page here ({response.status_code})")
    finder = InlineFinder()
    finder.feed(response.content.decode())
    assert not finder.problems, f"{name}: {finder.problems}"
