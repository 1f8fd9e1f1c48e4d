"""Benchmark 3: lists at scale.

Every list page of a campaign (/c/<slug>/…) and every API list of a campaign (/api/…), for the
biggest campaign (scale-national) against one with 1,000 rows in each list (scale-baseline):
median server time and number of queries. Goal: the big one within 1.5 x the small one, with
the same number of queries. The shared reference lists (/reference/…, /api/ reference routes)
have no campaign: each is compared with the same list narrowed by a filter to one state (or
one kind), where the list has such a filter.

The pages are found from the URL patterns (tests/urlwalk.py): names ending in "list" (as in
contact_list, campaign-contact-list) and the few list pages named otherwise (KNOWN_LISTS).
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

GOAL_RATIO = 1.5

# List pages whose URL name does not end in "list".
KNOWN_LISTS = {
    "stories:index",
    "stories:requests",
    "coalition:members",
    "coalition:audit_log",
    "actions:research",
    "targets:index",
    "petitions:signatures",
    "petitions:detail",
}
# Not lists, though named like one.
NOT_LISTS: set[str] = set()


def _is_list(name: str) -> bool:
    if name in NOT_LISTS or name.startswith("admin:"):
        return False
    short = name.split(":")[-1]
    return short.endswith("list") or name in KNOWN_LISTS


def discover() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """List URL names by kind: campaign pages, campaign API, reference pages, reference API."""
    from tests.urlwalk import KWARGS, OWN_NAMES

    found: dict[str, list] = {"campaign": [], "campaign_api": [], "reference": [], "api": []}
    for name in OWN_NAMES:
        if not _is_list(name):
            continue
        kwargs = KWARGS[name]
        api = name.startswith("api:")
        if "campaign_slug" in kwargs:
            found["campaign_api" if api else "campaign"].append((name, kwargs))
        elif not kwargs or kwargs == ("slug",):
            found["api" if api else "reference"].append((name, kwargs))
    return found


def _extra_kwarg(name: str, kwarg: str, campaign) -> object | None:
    """Values for URL keywords beyond the campaign's slug, where a list needs one."""
    from actions.models import Petition

    if kwarg == "pk" and ("petition" in name or name.startswith("petitions:")):
        petition = Petition.objects.for_campaign(campaign).order_by("pk").first()
        return petition.pk if petition else None
    return None


def _campaign_url(name: str, kwargs: tuple[str, ...], campaign) -> str | None:
    values = {}
    for kwarg in kwargs:
        if kwarg == "campaign_slug":
            values[kwarg] = campaign.slug
            continue
        value = _extra_kwarg(name, kwarg, campaign)
        if value is None:
            return None
        values[kwarg] = value
    return reverse(name, kwargs=values)


def _narrowing(name: str, states: dict, sheriff: str) -> tuple[str, int] | None:
    """A query string that narrows a reference list to a small part of it that still fills a
    page (Georgia: 958 offices, 162 places; Texas: 125 of the 1,050 ICE arrangements), and the
    queries the filter itself adds (looking up the state it names). The 203 facilities are a
    short list: measured whole only."""

    def by(code: str) -> tuple[str, int] | None:
        return (f"?state={states[code].pk}", 1) if states.get(code) else None

    return {
        "targets:jurisdiction_list": by("GA"),
        "targets:office_list": by("GA"),
        "targets:arrangement_list": by("TX"),
        "api:jurisdiction-list": by("GA"),
        "api:office-list": (f"?kind={sheriff}", 0),
        "api:facility-list": ("?kind=county_jail", 0),
    }.get(name)


def _verdict(big, small, filter_queries: int = 0) -> tuple[str, bool]:
    if big.status != 200 or (small and small.status != 200):
        return f"HTTP {big.status}/{small.status if small else '-'}", False
    if small is None:
        return ("queries vary" if not big.stable_queries else "—"), big.stable_queries
    ratio = big.median_ms / small.median_ms if small.median_ms else float("inf")
    same = (
        big.queries + filter_queries == small.queries
        and big.stable_queries
        and small.stable_queries
    )
    ok = ratio <= GOAL_RATIO and same
    notes = []
    if ratio > GOAL_RATIO:
        notes.append(f"slower than {GOAL_RATIO}x")
    if not same:
        notes.append("query counts differ")
    return ("ok" if ok else "; ".join(notes)), ok


def _sizes_table(national, baseline) -> list[str]:
    from coalition.models import Campaign

    counts = {
        "organizations": Count("organizations", distinct=True),
        "contacts": Count("contacts", distinct=True),
        "meetings": Count("meetings", distinct=True),
        "follow-ups": Count("followups", distinct=True),
        "stories": Count("stories", distinct=True),
        "actions": Count("campaign_actions", distinct=True),
    }
    lines = ["| list | scale-national | scale-baseline |", "|---|---:|---:|"]
    rows = {}
    for label, aggregate in counts.items():
        # One aggregate per list: counting several joined lists at once multiplies rows.
        values = dict(
            Campaign.objects.filter(pk__in=[national.pk, baseline.pk])
            .annotate(n=aggregate)
            .values_list("pk", "n")
        )
        rows[label] = (values.get(national.pk, 0), values.get(baseline.pk, 0))
    from actions.models import Signature

    rows["signatures"] = (
        Signature.objects.filter(campaign=national).count(),
        Signature.objects.filter(campaign=baseline).count(),
    )
    lines += [f"| {label} | {big:,} | {small:,} |" for label, (big, small) in rows.items()]
    return lines


def run(context):
    from bench.run import Section
    from core import scale
    from targets.models import Jurisdiction, Office

    national = context.campaigns[scale.NATIONAL]
    baseline = context.campaigns[scale.BASELINE]
    client = context.client()
    found = discover()
    states = {
        s.postal_code: s
        for s in Jurisdiction.objects.filter(Q(postal_code__in=["GA", "TX"]) & Q(kind="state"))
    }
    rows, skipped, misses = [], [], []

    def record(group: str, label: str, big, small, filter_queries: int = 0) -> None:
        verdict, ok = _verdict(big, small, filter_queries)
        ratio = f"{big.median_ms / small.median_ms:.2f}x" if small and small.median_ms else "—"
        rows.append(
            f"| {group} | `{label}` | {big.median_ms:.1f} | "
            f"{f'{small.median_ms:.1f}' if small else '—'} | {ratio} | "
            f"{big.queries} / {small.queries if small else '—'} | {verdict} |"
        )
        if not ok:
            misses.append(label)

    for group in ("campaign", "campaign_api"):
        for name, kwargs in found[group]:
            big_url = _campaign_url(name, kwargs, national)
            small_url = _campaign_url(name, kwargs, baseline)
            if not big_url or not small_url:
                skipped.append(f"`{name}` (needs {', '.join(kwargs)})")
                continue
            big, small = context.measure_pair(client, big_url, small_url)
            record(group.replace("_", " "), name, big, small)
    for group in ("reference", "api"):
        for name, kwargs in found[group]:
            if kwargs:
                skipped.append(f"`{name}` (needs {', '.join(kwargs)})")
                continue
            url = reverse(name)
            query, filter_queries = _narrowing(name, states, Office.Kind.SHERIFF) or ("", 0)
            big, small = context.measure_pair(client, url, f"{url}{query}" if query else None)
            record(group, name, big, small, filter_queries)

    measured = len(rows)
    body = [
        "What the two campaigns hold:",
        "",
        *_sizes_table(national, baseline),
        "",
        "Server time in milliseconds (median), big against small: for campaign lists the "
        "national campaign against the 1,000-row one; for reference lists the whole list "
        "against the same list narrowed to one state (Georgia, or Texas for the arrangements) "
        "or one kind, where it has such a filter and the narrowed list still fills a page (— "
        "otherwise: those are measured whole only). A filter by state looks the state up: one "
        "query more for the narrowed list is expected.",
        "",
        "| kind | page | big ms | small ms | ratio | queries big / small | verdict |",
        "|---|---|---:|---:|---:|---:|---|",
        *rows,
        "",
    ]
    if skipped:
        body += ["Not measured (a URL keyword the benchmark cannot fill): " + ", ".join(skipped)]
    status = "ok" if not misses else "goal missed"
    summary = f"{measured} list pages measured; " + (
        f"all within {GOAL_RATIO}x with equal queries"
        if not misses
        else f"{len(misses)} miss the goal: " + ", ".join(f"`{m}`" for m in misses)
    )
    return Section("3", "Lists at scale", status, summary, "\n".join(body))
