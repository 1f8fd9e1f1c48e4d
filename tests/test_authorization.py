"""Walks every URL pattern of the project and checks who may reach it against POLICY.

A URL without an entry in POLICY fails `test_every_url_has_a_policy`: whoever adds a page says
here who may see it. Campaign pages are also checked against the role table in
coalition.permissions, so the two cannot drift apart.
"""

from dataclasses import dataclass, replace

import pytest
from django.urls import reverse

from coalition.permissions import POLICY as ROLE_POLICY
from coalition.permissions import Role
from tests.conftest import client_for
from tests.urlwalk import ADMIN_NAMES, ALL_NAMES, KWARGS, OWN_NAMES, PATTERNS, url_for

ANON = "anonymous"
OUTSIDER = "outsider"
ROLES = [r.value for r in Role]
ACTORS = [ANON, OUTSIDER, *ROLES]

# Expected outcomes
OK = "ok"  # 2xx or a redirect that is not to the sign-in page
LOGIN = "login"  # redirect to sign in
NOT_FOUND = 404
FORBIDDEN = 403
ADMIN_LOGIN = "admin-login"  # redirect to the admin's sign-in


@dataclass(frozen=True)
class Rule:
    expect: dict[str, object]
    methods: tuple[str, ...] = ("GET",)
    # The roles the campaign gate lets in, when the sample object narrows them further (a
    # volunteer reaches the story pages, but not to edit the finished sample story).
    gate: frozenset | None = None


def campaign_page(allowed: frozenset | set, methods: tuple[str, ...] = ("GET",)) -> Rule:
    expect = {ANON: LOGIN, OUTSIDER: NOT_FOUND}
    expect.update({role: OK if Role(role) in allowed else FORBIDDEN for role in ROLES})
    return Rule(expect, methods)


def everyone(outcome: object = OK) -> Rule:
    return Rule(dict.fromkeys(ACTORS, outcome))


def signed_in(outcome: object = OK) -> Rule:
    return Rule({ANON: LOGIN, **dict.fromkeys([OUTSIDER, *ROLES], outcome)})


def reference_page(*, edit: bool = False, methods: tuple[str, ...] = ("GET",)) -> Rule:
    """Shared reference data: any signed-in person reads it; leads and coordinators of any
    campaign (the outsider leads another one) edit it."""
    if not edit:
        return Rule({ANON: LOGIN, **dict.fromkeys([OUTSIDER, *ROLES], OK)}, methods)
    editors = {OUTSIDER, Role.LEAD.value, Role.COORDINATOR.value}
    expect = {actor: OK if actor in editors else FORBIDDEN for actor in [OUTSIDER, *ROLES]}
    return Rule({ANON: LOGIN, **expect}, methods)


LEAD_ONLY = {Role.LEAD}
INTAKE = {Role.LEAD, Role.COORDINATOR, Role.VOLUNTEER}
ALL_ROLES = set(Role)

POLICY: dict[str, Rule] = {
    # Bright Line's own pages
    "coalition:dashboard": signed_in(),
    "coalition:invitation": everyone(),
    "coalition:campaign_home": campaign_page(ALL_ROLES),
    "coalition:members": campaign_page(LEAD_ONLY),
    "coalition:invite": campaign_page(LEAD_ONLY, ("POST",)),
    "coalition:member_role": campaign_page(LEAD_ONLY, ("POST",)),
    "coalition:member_remove": campaign_page(LEAD_ONLY, ("POST",)),
    "coalition:invitation_revoke": campaign_page(LEAD_ONLY, ("POST",)),
    "coalition:audit_log": campaign_page(LEAD_ONLY),
    # Stories: intake roles reach them; which stories they see is decided per story.
    "stories:index": campaign_page(INTAKE),
    "stories:new": campaign_page(INTAKE, ("POST",)),
    "stories:detail": campaign_page(INTAKE),
    # The sample story is finished: only leads and coordinators edit a finished story (as far
    # as its consent shows it to them); its volunteer taker no longer may (stories.access).
    "stories:edit": replace(
        campaign_page({Role.LEAD, Role.COORDINATOR}, ("GET", "POST")), gate=frozenset(INTAKE)
    ),
    "stories:autosave": replace(
        campaign_page({Role.LEAD, Role.COORDINATOR}, ("POST",)), gate=frozenset(INTAKE)
    ),
    "stories:consent": campaign_page(INTAKE, ("GET", "POST")),
    "stories:withdraw": campaign_page(INTAKE, ("GET", "POST")),
    "stories:consent_text": campaign_page(INTAKE),
    "stories:statistics": campaign_page(ALL_ROLES),
    "stories:packet": campaign_page(LEAD_ONLY, ("GET", "POST")),
    "stories:requests": campaign_page(LEAD_ONLY, ("GET", "POST")),
    "stories:erase": campaign_page(LEAD_ONLY, ("GET", "POST")),
    "stories:audit": campaign_page(LEAD_ONLY),
    # The sample story is finished: its discard page only says a lead can erase it instead.
    "stories:discard": campaign_page(INTAKE),
    "stories:redaction": campaign_page(LEAD_ONLY, ("GET", "POST")),
    "stories:redaction_undo": campaign_page(LEAD_ONLY, ("POST",)),
    "set_language": Rule(dict.fromkeys(ACTORS, OK), ("POST",)),
}


def allauth_page() -> Rule:
    """allauth's own pages apply their own rules (sign-in, or 404 when there is no such
    authenticator); what matters here is that none fails or opens to the wrong person."""
    return Rule(
        {ANON: frozenset({OK, LOGIN}), **dict.fromkeys([OUTSIDER, *ROLES], frozenset({OK, 404}))}
    )


# Accounts (django-allauth): public by nature, or asking for sign-in themselves.
ACCOUNT_PAGES = {
    "account_login": everyone(),
    "account_signup": everyone(),
    "account_logout": everyone(),
    "account_reset_password": everyone(),
    "account_reset_password_done": everyone(),
    "account_reset_password_from_key": everyone(),
    "account_reset_password_from_key_done": everyone(),
    "account_email_verification_sent": everyone(),
    "account_confirm_email": everyone(),
    "account_inactive": everyone(),
    "account_change_password": signed_in(),
    "account_set_password": signed_in(),
    "account_email": signed_in(),
    "account_reauthenticate": allauth_page(),
    "account_confirm_login_code": allauth_page(),
    "mfa_index": signed_in(),
    "mfa_authenticate": allauth_page(),
    "mfa_reauthenticate": allauth_page(),
    "mfa_activate_totp": signed_in(),
    "mfa_deactivate_totp": allauth_page(),
    "mfa_view_recovery_codes": allauth_page(),
    "mfa_generate_recovery_codes": allauth_page(),
    "mfa_download_recovery_codes": allauth_page(),
    "mfa_add_webauthn": signed_in(),
    "mfa_list_webauthn": allauth_page(),
    "mfa_remove_webauthn": allauth_page(),
    "mfa_edit_webauthn": allauth_page(),
    "mfa_reauthenticate_webauthn": allauth_page(),
    "mfa_login_webauthn": allauth_page(),
}
POLICY.update(ACCOUNT_PAGES)

# Targets: the shared reference data and its analysis pages.
TARGET_PAGES = {
    "targets:index": campaign_page(ALL_ROLES),
    "targets:reference_home": reference_page(),
    "targets:near_you": reference_page(),
    "targets:cost": reference_page(),
    "targets:custody": reference_page(),
    "targets:import_list": reference_page(edit=True),
    "targets:import_detail": reference_page(edit=True),
    "targets:import_confirm": reference_page(edit=True, methods=("POST",)),
    "targets:power_create": reference_page(edit=True),
    "targets:power_edit": reference_page(edit=True),
    "targets:power_delete": reference_page(edit=True, methods=("POST",)),
    "targets:custody_step_create": reference_page(edit=True),
    "targets:custody_step_edit": reference_page(edit=True),
    "targets:custody_step_delete": reference_page(edit=True, methods=("POST",)),
}
for _kind in ("jurisdiction", "office", "official", "facility", "arrangement", "policy"):
    TARGET_PAGES[f"targets:{_kind}_list"] = reference_page()
    TARGET_PAGES[f"targets:{_kind}_detail"] = reference_page()
    TARGET_PAGES[f"targets:{_kind}_create"] = reference_page(edit=True)
    TARGET_PAGES[f"targets:{_kind}_edit"] = reference_page(edit=True)
POLICY.update(TARGET_PAGES)

# Targets: the campaign's power map. Every member reads it; leads and coordinators edit it and
# export it (Action.EDIT); the export with the coalition's contacts is personal data (leads).
# Public statements are shared reference data.
MAP_EDITORS = {Role.LEAD, Role.COORDINATOR}  # Action.EDIT
POWER_MAP_PAGES = {
    "targets:power_map": campaign_page(ALL_ROLES),
    "targets:movement": campaign_page(ALL_ROLES),
    "targets:assessment_detail": campaign_page(ALL_ROLES),
    "targets:assessment_add": campaign_page(MAP_EDITORS, ("GET", "POST")),
    "targets:assessment_edit": campaign_page(MAP_EDITORS, ("GET", "POST")),
    "targets:stance_change": campaign_page(MAP_EDITORS, ("GET", "POST")),
    "targets:assessment_remove": campaign_page(MAP_EDITORS, ("GET", "POST")),
    "targets:relationship_create": campaign_page(MAP_EDITORS, ("GET", "POST")),
    "targets:relationship_edit": campaign_page(MAP_EDITORS, ("GET", "POST")),
    "targets:relationship_delete": campaign_page(MAP_EDITORS, ("POST",)),
    "targets:map_export": campaign_page(MAP_EDITORS),
    "targets:map_download": campaign_page(MAP_EDITORS),
    "targets:map_export_contacts": campaign_page(LEAD_ONLY, ("GET", "POST")),
    "targets:statement_list": reference_page(),
    "targets:statement_detail": reference_page(),
    "targets:statement_create": reference_page(edit=True, methods=("GET", "POST")),
    "targets:statement_edit": reference_page(edit=True, methods=("GET", "POST")),
}
POLICY.update(POWER_MAP_PAGES)

# Coalition: allies, contacts, principles, meetings, follow-ups, calendar.
EDITORS = {Role.LEAD, Role.COORDINATOR}  # Action.EDIT
LOGGERS = {Role.LEAD, Role.COORDINATOR, Role.VOLUNTEER}  # Action.LOG_MEETINGS
GET_POST = ("GET", "POST")
COALITION_PAGES = {
    "coalition:index": campaign_page(ALL_ROLES),
    "coalition:organization_list": campaign_page(ALL_ROLES),
    "coalition:organization_bulk": campaign_page(EDITORS, ("POST",)),
    "coalition:organization_create": campaign_page(EDITORS, GET_POST),
    "coalition:organization_detail": campaign_page(ALL_ROLES),
    "coalition:organization_edit": campaign_page(EDITORS, GET_POST),
    "coalition:organization_delete": campaign_page(EDITORS, GET_POST),
    "coalition:organization_interaction_add": campaign_page(EDITORS, ("POST",)),
    # Contacts are personal data: leads and coordinators; exporting them, leads only.
    "coalition:contact_list": campaign_page(EDITORS),
    "coalition:contact_bulk": campaign_page(EDITORS, ("POST",)),
    "coalition:contact_create": campaign_page(EDITORS, GET_POST),
    "coalition:contact_duplicates": campaign_page(EDITORS),
    "coalition:contact_export": campaign_page(LEAD_ONLY, GET_POST),
    "coalition:contact_detail": campaign_page(EDITORS),
    "coalition:contact_edit": campaign_page(EDITORS, GET_POST),
    "coalition:contact_delete": campaign_page(EDITORS, GET_POST),
    "coalition:contact_merge": campaign_page(EDITORS, GET_POST),
    "coalition:contact_interaction_add": campaign_page(EDITORS, ("POST",)),
    "coalition:principle_list": campaign_page(ALL_ROLES),
    "coalition:principle_create": campaign_page(EDITORS, GET_POST),
    "coalition:principle_edit": campaign_page(EDITORS, GET_POST),
    "coalition:principle_delete": campaign_page(EDITORS, GET_POST),
    "coalition:endorsement_add": campaign_page(EDITORS, ("POST",)),
    "coalition:endorsement_withdraw": campaign_page(EDITORS, ("POST",)),
    # The sample meeting was attended by the volunteer, and the sample follow-up is theirs.
    "coalition:meeting_list": campaign_page(ALL_ROLES),
    "coalition:meeting_create": campaign_page(LOGGERS, GET_POST),
    "coalition:meeting_detail": campaign_page(ALL_ROLES),
    "coalition:meeting_edit": campaign_page(LOGGERS, GET_POST),
    "coalition:meeting_delete": campaign_page(EDITORS, GET_POST),
    "coalition:meeting_followup_create": campaign_page(LOGGERS, ("POST",)),
    "coalition:followup_list": campaign_page(ALL_ROLES),
    "coalition:followup_bulk": campaign_page(EDITORS, ("POST",)),
    "coalition:followup_create": campaign_page(EDITORS, GET_POST),
    "coalition:followup_detail": campaign_page(ALL_ROLES),
    "coalition:followup_edit": campaign_page(LOGGERS, GET_POST),
    "coalition:followup_state": campaign_page(LOGGERS, ("POST",)),
    "coalition:calendar_month": campaign_page(ALL_ROLES),
    "coalition:calendar_week": campaign_page(ALL_ROLES),
    "coalition:calendar_feed_settings": campaign_page(ALL_ROLES),
    "coalition:calendar_feed_issue": campaign_page(ALL_ROLES, ("POST",)),
    "coalition:calendar_feed_revoke": campaign_page(ALL_ROLES, ("POST",)),
    # The secret address is the credential (a wrong or revoked one: tests/coalition).
    "coalition:calendar_feed": everyone(),
}
POLICY.update(COALITION_PAGES)

# Actions: the campaign plan. Leads and coordinators edit it, every member reads it; leads
# alone decide what the public timeline shows. The element catalogue and policy scores are
# shared reference data.
PLAN_EDITORS = {Role.LEAD, Role.COORDINATOR}  # Action.EDIT
PLAN_WRITE = ("GET", "POST")
ACTION_PAGES = {
    "actions:index": campaign_page(ALL_ROLES),
    "actions:stages": campaign_page(ALL_ROLES),
    "actions:settings": campaign_page(PLAN_EDITORS, PLAN_WRITE),
    "actions:place_set": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:publish": campaign_page(LEAD_ONLY, ("POST",)),
    "actions:goal_list": campaign_page(ALL_ROLES),
    "actions:goal_create": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:goal_edit": campaign_page(PLAN_EDITORS, PLAN_WRITE),
    "actions:goal_move": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:goal_delete": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:research": campaign_page(ALL_ROLES),
    "actions:question_create": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:question_detail": campaign_page(ALL_ROLES),
    "actions:question_edit": campaign_page(PLAN_EDITORS, PLAN_WRITE),
    "actions:question_delete": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:link_create": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:link_delete": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:records_list": campaign_page(ALL_ROLES),
    "actions:records_create": campaign_page(PLAN_EDITORS, PLAN_WRITE),
    "actions:records_detail": campaign_page(ALL_ROLES),
    "actions:records_edit": campaign_page(PLAN_EDITORS, PLAN_WRITE),
    "actions:document_upload": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:records_document": campaign_page(ALL_ROLES),
    "actions:document_delete": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:demand_list": campaign_page(ALL_ROLES),
    "actions:demand_add": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:demand_detail": campaign_page(ALL_ROLES),
    "actions:demand_edit": campaign_page(PLAN_EDITORS, PLAN_WRITE),
    "actions:demand_state": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:demand_delete": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:demand_public": campaign_page(LEAD_ONLY, ("POST",)),
    "actions:compare": campaign_page(ALL_ROLES),
    "actions:action_list": campaign_page(ALL_ROLES),
    "actions:action_create": campaign_page(PLAN_EDITORS, PLAN_WRITE),
    "actions:action_detail": campaign_page(ALL_ROLES),
    "actions:action_edit": campaign_page(PLAN_EDITORS, PLAN_WRITE),
    "actions:action_delete": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:action_story_add": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:action_story_remove": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:action_public": campaign_page(LEAD_ONLY, ("POST",)),
    "actions:timeline": campaign_page(ALL_ROLES),
    "actions:timeline_csv": campaign_page(ALL_ROLES),
    "actions:timeline_ics": campaign_page(ALL_ROLES),
    "actions:messaging": campaign_page(ALL_ROLES),
    "actions:messaging_examples": campaign_page(PLAN_EDITORS, ("POST",)),
    "actions:element_list": reference_page(),
    "actions:element_create": reference_page(edit=True, methods=PLAN_WRITE),
    "actions:element_edit": reference_page(edit=True, methods=PLAN_WRITE),
    "actions:policy_scores": reference_page(edit=True, methods=PLAN_WRITE),
    # The key in the address is the only way in; the page reads only what it publishes.
    "actions:public_timeline": everyone(),
}
for _kind in ("frame", "point", "opposing"):
    ACTION_PAGES[f"actions:{_kind}_create"] = campaign_page(PLAN_EDITORS, PLAN_WRITE)
    ACTION_PAGES[f"actions:{_kind}_edit"] = campaign_page(PLAN_EDITORS, PLAN_WRITE)
    ACTION_PAGES[f"actions:{_kind}_delete"] = campaign_page(PLAN_EDITORS, ("POST",))
POLICY.update(ACTION_PAGES)


# Data exchange (issue 9): the API, exports, jobs. An anonymous API request gets 401 (token
# authentication answers first); a non-member 404; a role that may not, 403. POST, PATCH and
# DELETE of each API route per role: tests/api/test_api_walk.py.
UNAUTHORIZED = 401


def api_campaign(allowed: frozenset | set) -> Rule:
    rule = campaign_page(allowed)
    return Rule({**rule.expect, ANON: UNAUTHORIZED}, rule.methods)


def api_signed_in() -> Rule:
    return Rule({ANON: UNAUTHORIZED, **dict.fromkeys([OUTSIDER, *ROLES], OK)})


def owner_only(owner: str = Role.LEAD.value) -> Rule:
    """A job is its owner's alone: anyone else gets 404."""
    others = dict.fromkeys([OUTSIDER, *ROLES], NOT_FOUND)
    return Rule({ANON: LOGIN, **others, owner: OK})


EXCHANGE_PAGES = {
    "api:schema": everyone(),
    "api:docs": everyone(),
    "api:campaign-list": api_signed_in(),
    "api:campaign-detail": Rule({**api_signed_in().expect, OUTSIDER: NOT_FOUND}),
    "api:campaign-organization-list": api_campaign(ALL_ROLES),
    "api:campaign-organization-detail": api_campaign(ALL_ROLES),
    "api:campaign-contact-list": api_campaign(EDITORS),
    "api:campaign-contact-detail": api_campaign(EDITORS),
    "api:campaign-meeting-list": api_campaign(ALL_ROLES),
    "api:campaign-meeting-detail": api_campaign(ALL_ROLES),
    "api:campaign-followup-list": api_campaign(ALL_ROLES),
    "api:campaign-followup-detail": api_campaign(ALL_ROLES),
    "api:campaign-story-list": api_campaign(INTAKE),
    "api:campaign-story-detail": api_campaign(INTAKE),
    "exchange:campaign_home": campaign_page(ALL_ROLES),
    "exchange:campaign_export": campaign_page(ALL_ROLES),
    "exchange:contact_export": campaign_page(LEAD_ONLY, GET_POST),
    "exchange:reference_home": reference_page(),
    "exchange:reference_export": reference_page(),
    "exchange:campaign_import": campaign_page(EDITORS, GET_POST),
    "exchange:reference_import": reference_page(edit=True, methods=GET_POST),
    "exchange:import_287g": reference_page(edit=True, methods=GET_POST),
    "exchange:job_confirm": Rule(owner_only().expect, ("POST",)),
    "exchange:job_detail": owner_only(),
    "exchange:job_download": owner_only(),
    "exchange:api_token": Rule(signed_in().expect, GET_POST),
}
API_REFERENCE = ("jurisdiction", "office", "official", "facility", "arrangement", "detainer-policy")
for _basename in API_REFERENCE:
    EXCHANGE_PAGES[f"api:{_basename}-list"] = api_signed_in()
    EXCHANGE_PAGES[f"api:{_basename}-detail"] = api_signed_in()
POLICY.update(EXCHANGE_PAGES)


# Issue 8: petitions, letters, leading a county campaign, the 287(g) lookup. Public pages are
# reachable by everyone; what they show is checked in tests/actions/ (they read only what they
# publish). "public:index" lists open petitions and letter campaigns.
PUBLIC_PAGES = {
    "public:index": everyone(),
    "public:timeline": everyone(),
}
# Petitions: every member reads them and their counts; leads and coordinators write them, read
# the signature list and export counts by place (no names); the lead alone publishes, records
# the delivery, exports the signatures (personal data) and erases one. The public page takes a
# POST from anyone (an empty one gets the form back with errors).
PETITION_PAGES: dict[str, Rule] = {
    "petitions:list": campaign_page(ALL_ROLES),
    "petitions:create": campaign_page(EDITORS, GET_POST),
    "petitions:detail": campaign_page(ALL_ROLES),
    "petitions:edit": campaign_page(EDITORS, GET_POST),
    "petitions:publish": campaign_page(LEAD_ONLY, ("POST",)),
    "petitions:deliver": campaign_page(LEAD_ONLY, GET_POST),
    "petitions:signatures": campaign_page(EDITORS),
    "petitions:export": campaign_page(LEAD_ONLY, GET_POST),
    "petitions:counts": campaign_page(EDITORS),
    "petitions:signature_remove": campaign_page(LEAD_ONLY, GET_POST),
    "public:petition": Rule(everyone().expect, GET_POST),
}
# Letters to officials: every member reads the letter and its delivery counts; leads and
# coordinators write it and work the outbox and the printed packets (senders' names are personal
# data); leads alone open it to the public. The public page takes letters from anyone.
LETTER_PAGES: dict[str, Rule] = {
    "letters:list": campaign_page(ALL_ROLES),
    "letters:create": campaign_page(EDITORS, GET_POST),
    "letters:detail": campaign_page(ALL_ROLES),
    "letters:edit": campaign_page(EDITORS, GET_POST),
    "letters:status": campaign_page(LEAD_ONLY, ("POST",)),
    "letters:outbox": campaign_page(EDITORS),
    "letters:retry": campaign_page(EDITORS, ("POST",)),
    "letters:packet": campaign_page(EDITORS),
    "letters:handed": campaign_page(EDITORS, ("POST",)),
    "public:letter": Rule(everyone().expect, ("GET", "POST")),
}


def staff_page(methods: tuple[str, ...] = ("GET",)) -> Rule:
    """Site staff only: sign in first; anyone else signed in gets 404 (the walk's actors are
    none of them staff; staff themselves are tested in tests/actions/test_counties.py)."""
    return Rule({ANON: LOGIN, **dict.fromkeys([OUTSIDER, *ROLES], NOT_FOUND)}, methods)


COUNTY_PAGES: dict[str, Rule] = {
    # Public: the 287(g) lookup, finding a county, a county's page and its volunteer form.
    "public:lookup": everyone(),
    "public:county_search": everyone(),
    "public:county": Rule(everyone().expect, ("GET", "POST")),
    # Site staff review the requests to lead a county campaign.
    "staff:lead_requests": staff_page(),
    "staff:lead_request": staff_page(),
    "staff:lead_request_decide": staff_page(("POST",)),
}
POLICY.update(PUBLIC_PAGES)
POLICY.update(PETITION_PAGES)
POLICY.update(LETTER_PAGES)
POLICY.update(COUNTY_PAGES)


# The tests below run over POLICY as a whole: every block above is in it by now.
def test_every_url_has_a_policy():
    missing = [name for name in OWN_NAMES if name not in POLICY]
    assert not missing, f"Add these URL names to POLICY in {__file__}: {missing}"


def test_policy_lists_no_url_that_is_gone():
    stale = [name for name in POLICY if name not in ALL_NAMES]
    assert not stale, f"POLICY names URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", [n for n in OWN_NAMES if n in POLICY])
def test_campaign_pages_match_the_role_table(name):
    """A page under /c/<slug>/ goes through campaign_view, with the roles POLICY declares."""
    pattern = PATTERNS[name]
    if "campaign_slug" not in KWARGS[name]:
        return
    action = getattr(pattern.callback, "campaign_action", None)
    assert action is not None, f"{name} takes a campaign_slug but is not a campaign_view"
    declared = {role for role in ROLES if POLICY[name].expect[role] == OK}
    if POLICY[name].gate is not None:
        declared = {Role(role).value for role in POLICY[name].gate}
    assert declared == {r.value for r in ROLE_POLICY[action]}, name


def _outcome(response) -> object:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if location.startswith(reverse("account_login")):
            return LOGIN
        return OK
    if response.status_code < 400 or response.status_code in (400, 405, 410):
        # 400: a form refused empty input; 405/410: the page exists and said why, to this user.
        return OK
    return response.status_code


CASES = [
    (name, actor, method)
    for name in OWN_NAMES
    if name in POLICY
    for method in POLICY[name].methods
    for actor in ACTORS
]


@pytest.mark.parametrize(("name", "actor", "method"), CASES)
def test_who_reaches_what(name, actor, method, people, samples):
    url = url_for(name, samples)
    client = client_for(None if actor == ANON else people[actor])
    response = client.get(url) if method == "GET" else client.post(url, {})
    assert response.status_code < 500, f"{method} {url} as {actor}: server error"
    expected = POLICY[name].expect[actor]
    allowed = expected if isinstance(expected, frozenset) else {expected}
    assert _outcome(response) in allowed, (
        f"{method} {url} as {actor}: got {response.status_code}, policy says {expected}"
    )


@pytest.mark.parametrize("name", OWN_NAMES)
def test_get_of_post_only_pages_reveals_nothing_to_outsiders(name, people, samples):
    """Even a wrong method gets 404 from an outsider, so campaign names cannot be probed."""
    if name not in POLICY or "GET" in POLICY[name].methods:
        return
    if POLICY[name].expect[OUTSIDER] != NOT_FOUND:
        return
    response = client_for(people[OUTSIDER]).get(url_for(name, samples))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ADMIN_NAMES)
@pytest.mark.parametrize("actor", [ANON, "lead", OUTSIDER])
def test_admin_is_for_site_staff_only(name, actor, people, samples):
    url = url_for(name, samples)
    client = client_for(None if actor == ANON else people[actor])
    response = client.get(url)
    if name in ("admin:login", "admin:logout"):
        assert response.status_code < 500
        return
    assert _outcome(response) == ADMIN_LOGIN, f"{url} as {actor}: {response.status_code}"
