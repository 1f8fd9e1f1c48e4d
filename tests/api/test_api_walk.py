"""Writes through the API, per role, for every campaign route (reads: tests/test_authorization.py).

Who may write is the role table's answer (coalition.permissions.POLICY); an empty body from a
role that may write is refused with 400, proving it got past the permission check.
"""

import pytest
from django.urls import reverse

from coalition.permissions import Role
from tests.urlwalk import KWARGS, OWN_NAMES

ANON, OUTSIDER = "anonymous", "outsider"
ROLES = [r.value for r in Role]
EDITORS = {"lead", "coordinator"}
LOGGERS = {"lead", "coordinator", "volunteer"}

# route -> {method: roles that may}; others get 403, outsiders 404, anonymous 401.
WRITES = {
    "api:campaign-organization-list": {"post": EDITORS},
    "api:campaign-organization-detail": {"patch": EDITORS, "delete": EDITORS},
    "api:campaign-contact-list": {"post": EDITORS},
    "api:campaign-contact-detail": {"patch": EDITORS, "delete": EDITORS},
    "api:campaign-meeting-list": {"post": LOGGERS},
    # the volunteer attended the sample meeting; deleting is for leads and coordinators
    "api:campaign-meeting-detail": {"patch": LOGGERS, "delete": EDITORS},
    "api:campaign-followup-list": {"post": EDITORS},
    # the volunteer owns the sample follow-up
    "api:campaign-followup-detail": {"patch": LOGGERS},
    "api:campaign-story-list": {},
    "api:campaign-story-detail": {},
}
REFERENCE_EDITORS = {OUTSIDER, "lead", "coordinator"}  # the outsider leads another campaign


def test_every_api_campaign_route_is_in_the_write_table():
    api = [n for n in OWN_NAMES if n.startswith("api:campaign-") and "campaign_slug" in KWARGS[n]]
    assert sorted(api) == sorted(WRITES)


def _url(name, samples):
    kwargs = {"campaign_slug": samples["campaign_slug"]}
    if name.endswith("-detail"):
        kwargs["pk"] = samples["pk"][name]
    return reverse(name, kwargs=kwargs)


def _expected(actor, allowed):
    if actor == ANON:
        return {401}
    if actor == OUTSIDER:
        return {404}
    return {400, 200, 204} if actor in allowed else {403}


CASES = [
    (name, method, actor)
    for name, methods in WRITES.items()
    for method in ("post", "patch", "delete")
    if method in methods or (method == "post") == name.endswith("-list")
    for actor in [ANON, OUTSIDER, *ROLES]
]


@pytest.mark.parametrize(("name", "method", "actor"), CASES)
def test_who_writes_what(name, method, actor, api_as, samples):
    allowed = WRITES[name].get(method, set())
    response = getattr(api_as[actor], method)(_url(name, samples), {}, format="json")
    if not allowed and actor not in (ANON, OUTSIDER):
        # read-only routes: the method is not there for anyone who may read, 403 otherwise
        assert response.status_code in (403, 405), (name, method, actor)
        return
    assert response.status_code in _expected(actor, allowed), (
        f"{method.upper()} {name} as {actor}: {response.status_code} {response.content[:200]}"
    )


REFERENCE_LISTS = [
    "api:jurisdiction-list",
    "api:office-list",
    "api:official-list",
    "api:facility-list",
    "api:arrangement-list",
    "api:detainer-policy-list",
]


@pytest.mark.parametrize("name", REFERENCE_LISTS)
@pytest.mark.parametrize("actor", [ANON, OUTSIDER, *ROLES])
def test_reference_writes_are_for_leads_and_coordinators(name, actor, api_as):
    response = api_as[actor].post(reverse(name), {}, format="json")
    if actor == ANON:
        assert response.status_code == 401
    elif actor in REFERENCE_EDITORS:
        assert response.status_code == 400, response.content
    else:
        assert response.status_code == 403
