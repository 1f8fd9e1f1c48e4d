"""Benchmark 5: the power map and the timeline of a big campaign.

scale-map-large has 200 targets on its map (offices, officials and allied organizations, with
their stance history and relationships) and 2,000 events on its timeline (actions, meetings,
allies' changes of stance, and the place's policy and agreement dates); scale-map-small has 20
and 200. Each page is measured for both: median server time and number of queries. These
pages show every target and every event, so their time grows with them; the goals are a query
count that does not (the same for both) and a time no worse than proportional (ratio <= 10).
"""

from __future__ import annotations

from django.urls import reverse

PAGES = [
    ("targets:power_map", ""),
    ("targets:power_map", "?priorities=primary&filtered=1"),
    ("targets:movement", ""),
    ("actions:timeline", ""),
    ("actions:timeline", "?kinds=action&kinds=meeting"),
    ("actions:timeline_csv", ""),
    ("actions:timeline_ics", ""),
]


def _counts(campaign) -> dict[str, int]:
    from actions import timeline
    from actions.models import CampaignPlan
    from targets.models import Assessment, Relationship, StanceChange

    plan = CampaignPlan.objects.filter(campaign=campaign).select_related("jurisdiction").first()
    entries = timeline.campaign_entries(campaign, place=plan.jurisdiction if plan else None)
    return {
        "targets on the map": Assessment.objects.for_campaign(campaign).on_map().count(),
        "relationships": Relationship.objects.for_campaign(campaign).count(),
        "stance changes": StanceChange.objects.for_campaign(campaign).count(),
        "timeline events": len(entries),
    }


def run(context):
    from bench.run import Section
    from core import scale

    large = context.campaigns[scale.MAP_LARGE]
    small = context.campaigns[scale.MAP_SMALL]
    client = context.client()
    big_counts, small_counts = _counts(large), _counts(small)
    body = [
        "| | scale-map-large | scale-map-small |",
        "|---|---:|---:|",
        *(f"| {k} | {big_counts[k]:,} | {small_counts[k]:,} |" for k in big_counts),
        "",
        "| page | large ms | small ms | ratio | queries large / small | verdict |",
        "|---|---:|---:|---:|---:|---|",
    ]
    misses = []
    events_ratio = big_counts["timeline events"] / max(1, small_counts["timeline events"])
    for name, query in PAGES:
        big_url = reverse(name, kwargs={"campaign_slug": large.slug}) + query
        small_url = reverse(name, kwargs={"campaign_slug": small.slug}) + query
        big, little = context.measure_pair(client, big_url, small_url)
        ratio = big.median_ms / little.median_ms if little.median_ms else float("inf")
        problems = []
        if big.status != 200 or little.status != 200:
            problems.append(f"HTTP {big.status}/{little.status}")
        if big.queries != little.queries or not (big.stable_queries and little.stable_queries):
            problems.append("query counts differ")
        if ratio > max(10.0, events_ratio):
            problems.append("slower than proportional")
        verdict = "; ".join(problems) or "ok"
        if problems:
            misses.append(f"`{name}{query}`")
        body.append(
            f"| `{name}{query}` | {big.median_ms:.1f} | {little.median_ms:.1f} | {ratio:.2f}x | "
            f"{big.queries} / {little.queries} | {verdict} |"
        )
    status = "ok" if not misses else "goal missed"
    summary = (
        f"{len(PAGES)} pages, {big_counts['targets on the map']} targets and "
        f"{big_counts['timeline events']:,} events against {small_counts['targets on the map']} "
        f"and {small_counts['timeline events']:,}: "
        + (
            "same queries, time at most proportional"
            if not misses
            else "missed: " + ", ".join(misses)
        )
    )
    return Section("5", "Power map and timeline", status, summary, "\n".join(body) + "\n")
