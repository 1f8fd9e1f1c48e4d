"""The campaign timeline, its exports, and the public timeline."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from actions import timeline
from actions.forms.plan import PublishForm
from actions.forms.timeline import TimelineFilterForm
from actions.models import CampaignPlan
from actions.public import cacheable
from actions.views.common import current_plan, page
from coalition.access import campaign_view
from coalition.permissions import Action as Can
from core import audit


def _entries(request: HttpRequest) -> tuple[TimelineFilterForm, list[timeline.Entry], list]:
    form = TimelineFilterForm(request.GET)
    plan = current_plan(request)
    everything = timeline.campaign_entries(
        request.campaign,
        place=plan.jurisdiction if plan else None,
        kinds=form.kinds_chosen(),
    )
    search = form.search().casefold()
    if search:
        everything = [e for e in everything if search in e.title.casefold()]
    start, end = form.range()
    return form, timeline.within(everything, start, end), timeline.months(everything)


@campaign_view(Can.VIEW)
def timeline_page(request: HttpRequest) -> HttpResponse:
    form, entries, months = _entries(request)
    plan = current_plan(request)
    query = request.GET.urlencode()
    context = {
        "filter": form,
        "entries": entries,
        "months": months,
        "plan": plan,
        "query": query,
        "publish_form": PublishForm(),
        "today": timezone.localdate(),
        "kinds": timeline.KINDS,
    }
    if request.htmx and request.htmx.target == "results":
        return page(request, "actions/timeline.html#results", context)
    return page(request, "actions/timeline.html", context)


def _filename(request: HttpRequest, extension: str) -> str:
    return f"{slugify(request.campaign.slug)}-timeline-{timezone.localdate():%Y-%m-%d}.{extension}"


@campaign_view(Can.VIEW)
@require_GET
def timeline_csv(request: HttpRequest) -> HttpResponse:
    _form, entries, _months = _entries(request)
    response = HttpResponse(
        timeline.to_csv(entries, base_url=request.build_absolute_uri("/").rstrip("/")),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "csv")}"'
    audit.record(
        action="timeline.exported",
        request=request,
        campaign=request.campaign,
        format="csv",
        count=len(entries),
    )
    return response


@campaign_view(Can.VIEW)
@require_GET
def timeline_ics(request: HttpRequest) -> HttpResponse:
    _form, entries, _months = _entries(request)
    response = HttpResponse(
        timeline.to_ics(
            entries,
            name=str(request.campaign.name),
            base_url=request.build_absolute_uri("/").rstrip("/"),
            host=request.get_host().split(":")[0] or "brightline",
        ),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "ics")}"'
    audit.record(
        action="timeline.exported",
        request=request,
        campaign=request.campaign,
        format="ics",
        count=len(entries),
    )
    return response


@require_GET
@cacheable
def public_timeline(request: HttpRequest, public_key: str) -> HttpResponse:
    """The timeline a lead published: only the items marked public, no personal data."""
    plan = (
        CampaignPlan.objects.filter(timeline_published=True, public_key=public_key)
        .select_related("campaign", "jurisdiction")
        .only(
            "id",
            "public_key",
            "timeline_published",
            "public_title",
            "public_intro",
            "public_reference_events",
            "jurisdiction",
            "campaign__id",
            "campaign__name",
            "campaign__slug",
        )
        .first()
    )
    if plan is None:
        raise Http404
    entries = timeline.public_entries(plan)
    return render(
        request,
        "actions/public_timeline.html",
        {
            "plan": plan,
            "title": plan.public_title or plan.campaign.name,
            "entries": entries,
            "months": timeline.months(entries),
        },
    )


def public_timeline_moved(request: HttpRequest, public_key: str) -> HttpResponse:
    """Links to the timeline's first address keep working: they lead to the public page."""
    return redirect("public:timeline", public_key=public_key, permanent=True)
