"""The security map: every URL and API route, who may reach it, and what personal data it shows.

Who may reach a page is read from the code (the role table behind `campaign_view`, the marks
`reference_view` and the staff gate leave on views, the public namespace); what personal data a
page shows is declared here, by URL name or by a prefix of names. A URL with no declaration
fails tests/test_security_map.py, and so does docs/security.md when it differs from what
`manage.py security_map` writes.
"""

from django.urls import URLPattern, URLResolver, get_resolver

from coalition.permissions import POLICY, Action

# What each page shows of people (not of public officials, whose public contact details are
# reference data). The longest matching key wins: an exact URL name, or a prefix.
PERSONAL_DATA: dict[str, str] = {
    # accounts (allauth): the signed-in person's own account only
    "account_": "the signed-in person's own email addresses",
    "mfa_": "the signed-in person's own second factors and recovery codes",
    "set_language": "none",
    # coalition
    "coalition:dashboard": "the person's own campaigns",
    "coalition:invitation": "the invited address, to the person holding the invitation link",
    "coalition:index": "none (the campaign's overview and counts)",
    "coalition:campaign_home": "none (the campaign's overview and counts)",
    "coalition:audit_log": "who did what and when: members' names, references of records",
    "coalition:members": "members' names and emails; pending invitations' addresses",
    "coalition:invite": "members' names and emails",
    "coalition:invitation_revoke": "none",
    "coalition:member_": "members' names and emails",
    "coalition:calendar": "meetings' titles, times and places",
    "coalition:calendar_feed": "meetings' titles, times and places, through a secret address",
    "coalition:contact": "contacts' names, emails, phones, notes and affiliations",
    "coalition:organization": "allied organizations and the names of their contacts",
    "coalition:endorsement": "allied organizations' endorsements",
    "coalition:principle": "none",
    "coalition:meeting": "meetings' attendees (names), agendas, notes and decisions",
    "coalition:followup": "follow-ups and the names of the members they are assigned to",
    # stories: consent decides; every read of a story is audited
    "stories:": "storytellers' names and contact details, narratives and consent records, as "
    "consent allows (redacted where only anonymized use is allowed); every read audited",
    "stories:statistics": "counts only",
    "stories:consent_text": "none (the consent texts)",
    "stories:audit": "who read which story and when",
    "stories:requests": "storytellers' erasure and withdrawal requests",
    # reference data and the power map
    "targets:": "public officials' public contact details (reference data); no private person",
    "targets:assessment": "the campaign's notes on a target",
    "targets:power_map": "the campaign's notes on targets and allies",
    "targets:map_": "the campaign's notes on targets and allies",
    "targets:map_export_contacts": "contacts linked to the map's organizations (names, emails)",
    "targets:movement": "none (stances over time)",
    "targets:stance_change": "none",
    "targets:relationship": "none",
    # the campaign plan
    "actions:": "none",
    "actions:action_story": "references of stories used in an action (no content)",
    "actions:records_document": "uploaded public-records documents, which may name people",
    "actions:document_": "uploaded public-records documents, which may name people",
    # petitions, letters, requests to lead
    "petitions:": "none (petitions and their counts)",
    "petitions:signatures": "signers' names, emails, places and comments",
    "petitions:signature_remove": "one signer's name",
    "petitions:export": "signers' names, emails, places and comments (the delivery file)",
    "petitions:counts": "counts by place only",
    "letters:": "none (letter campaigns and counts)",
    "letters:outbox": "senders' names and places; the merged letters",
    "letters:packet": "senders' names and places in the printed letters",
    "letters:retry": "none",
    "letters:handed": "none",
    "staff:": "names, emails, phones and messages of people who asked to lead a campaign",
    "public:": "none: public facts, counts, and the first names and towns of signers who "
    "agreed to show them",
    # data exchange and the API
    "exchange:": "none (lists without personal data)",
    "exchange:contact_export": "contacts' names, emails, phones (lead, second factor, stated "
    "purpose; audited)",
    "exchange:campaign_import": "the rows of the uploaded file, in the dry run",
    "exchange:job_": "the job's own report or result file, to the person who started it",
    "exchange:api_token": "the person's own API tokens",
    "api:schema": "none",
    "api:docs": "none",
    "api:campaign-list": "the person's own campaigns",
    "api:campaign-detail": "the person's own campaigns",
    "api:campaign-contact": "contacts' names, emails, phones, notes and affiliations",
    "api:campaign-story": "stories as consent allows, redacted where required; every read audited",
    "api:campaign-meeting": "meetings' attendees (names), agendas, notes and decisions",
    "api:campaign-followup": "follow-ups and the names of the members they are assigned to",
    "api:campaign-organization": "allied organizations",
    "api:campaign-petition": "none (petitions and their counts)",
    "api:campaign-signature": "signers' names, emails, places and comments",
    "api:": "none (reference data: public facts)",
}

# Pages that are neither campaign pages nor reference pages nor public: who may reach them.
OTHER_ACCESS: dict[str, str] = {
    "account_": "anyone (sign-in, password reset); own account once signed in",
    "mfa_": "the signed-in person",
    "set_language": "anyone",
    "coalition:dashboard": "any signed-in person",
    "coalition:invitation": "the holder of the invitation link, signed in with the invited address",
    "coalition:calendar_feed": "the holder of a member's secret calendar address",
    "api:schema": "anyone",
    "api:docs": "anyone",
    "api:campaign-list": "any signed-in person (token or session): their own campaigns",
    "api:campaign-detail": "members of the campaign; others 404",
    "api:": "any signed-in person (token or session)",
    "exchange:job_": "the person who started the job; others 404",
    "exchange:api_token": "any signed-in person, for their own tokens",
    "actions:public_timeline": "anyone (redirects to the public timeline)",
    "public:": "anyone, without an account",
}


def _match(table: dict[str, str], name: str) -> str | None:
    def matches(key: str) -> bool:
        if name == key:
            return True
        if not name.startswith(key):
            return False
        # A prefix ending in a separator, or a whole word of the name ("coalition:contact"
        # covers "coalition:contact_list", not "coalition:contacts").
        return key.endswith((":", "_", "-")) or name[len(key) :][:1] in ("_", "-")

    keys = [key for key in table if matches(key)]
    return table[max(keys, key=len)] if keys else None


def _roles(action: Action) -> str:
    roles = ", ".join(sorted(role.value for role in POLICY[action]))
    return f"members with role {roles}; other members 403, non-members 404"


def _walk(patterns, prefix: str = "", route: str = "") -> list[tuple[str, str, object]]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found.extend(_walk(entry.url_patterns, ns, route + str(entry.pattern)))
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((f"{prefix}{entry.name}", route + str(entry.pattern), entry.callback))
    return found


def access_of(name: str, callback: object) -> str | None:
    action = getattr(callback, "campaign_action", None)
    if action is not None:
        return _roles(Action(action))
    if getattr(callback, "staff_only", False):
        return "site staff, with a second factor"
    edit = getattr(callback, "reference_edit", None)
    if edit is not None and name.split(":")[0] in ("targets", "actions", "exchange"):
        if name.startswith(("exchange:job_", "exchange:api_token")):
            return _match(OTHER_ACCESS, name)
        return (
            "leads and coordinators of any campaign, and site staff"
            if edit
            else "any signed-in person"
        )
    return _match(OTHER_ACCESS, name)


def rows() -> list[dict[str, str | None]]:
    """One row per named URL outside the Django admin, in name order."""
    found = {}
    for name, route, callback in _walk(get_resolver().url_patterns):
        if name.startswith("admin:") or name in found:
            continue
        found[name] = {
            "name": name,
            "route": "/" + route.replace("^", "").replace("$", "").replace("\\Z", ""),
            "access": access_of(name, callback),
            "personal_data": _match(PERSONAL_DATA, name),
        }
    return [found[name] for name in sorted(found)]


HEADER = """# Security map

Generated by `manage.py security_map` from the code; `tests/test_security_map.py` fails when
this file and the code disagree. Who may reach a page is read from the views themselves (the
role table in `coalition/permissions.py` behind `campaign_view`, the marks of `reference_view`
and of the staff gate, the public namespace); what personal data each page shows is declared
in `core/security_map.py`.

Rules that hold on every path (each has its tests):

- **Campaign pages** (`/c/<campaign>/…`, the campaign API): members only, by role; a
  non-member gets 404, a member whose role may not, 403. Leads need a second factor.
- **Personal-data exports** (contacts, signatures, story packets, the map's contacts): the lead
  role, a second factor, a stated purpose, and an audit record of each export.
- **Stories**: consent decides every listing, export, packet and API response; redaction where
  only anonymized use is allowed; each read audited.
- **Public pages** (`/en/act/…`, `/es/act/…`): no account; they read only what they publish;
  forms have a honeypot, a per-address rate limit and a same-origin check.
- **Sessions** end after `SESSION_IDLE_MINUTES` (480) without activity; sign-in is locked after
  `AXES_FAILURE_LIMIT` (5) failures; the Content-Security-Policy allows no inline script;
  `manage.py check --deploy` is clean with production settings; `pip-audit` runs in CI.
- **The Django admin** (`/admin/…`) is for site staff only.

| URL name | address | who may reach it | personal data shown |
|---|---|---|---|
"""


def render() -> str:
    lines = [HEADER.rstrip("\n")]
    for row in rows():
        lines.append(
            f"| `{row['name']}` | `{row['route']}` | {row['access']} | {row['personal_data']} |"
        )
    return "\n".join(lines) + "\n"
