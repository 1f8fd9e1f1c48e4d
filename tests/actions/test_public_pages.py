"""Every public page: reachable without an account, the same for everyone who opens it (so
shared caches may keep it), and in both languages."""

import pytest
from django.test import Client
from django.utils import translation

from tests.urlwalk import OWN_NAMES, url_for

PUBLIC_NAMES = [n for n in OWN_NAMES if n.startswith("public:")]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_public_page_is_cacheable_and_in_its_language(name, language, samples):
    with translation.override(language):
        url = url_for(name, samples)
    assert url.startswith(f"/{language}/act/")
    response = Client().get(url)
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    assert "public" in response["Cache-Control"], response["Cache-Control"]
    vary = response.get("Vary", "")
    assert "Cookie" not in vary, f"{url} varies by cookie: {vary}"
    assert "Set-Cookie" not in response.headers and not response.cookies


def test_an_address_without_language_leads_to_the_visitors_language(samples):
    response = Client(HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9").get("/act/")
    assert response.status_code == 302
    assert response["Location"] == "/es/act/"
