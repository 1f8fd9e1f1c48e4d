"""The campaign's power map: the map itself, putting actors on it, their cards and history,
changes of stance with evidence, relationships, and the movement over the campaign."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.access import campaign_view, may
from coalition.models import Organization
from coalition.permissions import Action
from targets.models import (
    ActorKind,
    Assessment,
    Jurisdiction,
    Office,
    Official,
    Priority,
    PublicStatement,
    Relationship,
    RelationshipKind,
    StanceChange,
)
from targets.power_map import services
from targets.power_map.forms import (
    AddToMapForm,
    AssessmentForm,
    MapFilterForm,
    RelationshipForm,
    StanceChangeForm,
    subject_key,
)
from targets.power_map.graph import (
    KIND_STYLE,
    PRIORITY_STYLE,
    RELATIONSHIP_COLORS,
    build_power_map,
    change_summary,
    evidence_summary,
    evidence_url,
    graph_data,
)
from targets.power_map.render import movement as movement_of
from targets.power_map.render import movement_svg

SEARCH_LIMIT = 20


def _assessments(request: HttpRequest):
    return Assessment.objects.for_campaign(request.campaign)


def _map_url(request: HttpRequest) -> str:
    return reverse("targets:power_map", kwargs={"campaign_slug": request.campaign.slug})


@campaign_view(Action.VIEW)
def power_map(request: HttpRequest) -> HttpResponse:
    filter_form = MapFilterForm(request.GET or None)
    built = build_power_map(request.campaign, filter_form.filters())
    query = request.GET.urlencode() if filter_form.is_bound else ""
    return render(
        request,
        "targets/power_map/map.html",
        {
            "map": built,
            "graph": graph_data(built),
            "filter_form": filter_form,
            "query": query,
            "may_edit": may(request, Action.EDIT),
            "may_export_contacts": may(request, Action.EXPORT_PERSONAL_DATA),
            "legend": legend(),
        },
    )


def legend() -> dict:
    """The colours and shapes of the map, for the legend beside it."""
    return {
        "kinds": [
            {
                "label": kind.label,
                "color": KIND_STYLE[kind]["color"],
                "shape": KIND_STYLE[kind]["shape"],
            }
            for kind in ActorKind
        ],
        "priorities": [
            {
                "label": priority.label,
                "color": PRIORITY_STYLE[priority]["color"],
                "width": PRIORITY_STYLE[priority]["width"],
                "dashed": PRIORITY_STYLE[priority]["style"] == "dashed",
            }
            for priority in Priority
        ],
        "relationships": [
            {"label": kind.label, "color": RELATIONSHIP_COLORS[kind]} for kind in RelationshipKind
        ],
    }


def _places(campaign) -> list[Jurisdiction]:
    """The campaign's places, found from the words of its jurisdiction (as targets:index does)."""
    stop = {"county", "city", "parish", "borough", "town", "the", "and", "of"}
    words = [
        w
        for w in campaign.jurisdiction_text.replace(",", " ").split()
        if len(w) > 2 and w.casefold() not in stop
    ]
    if not words:
        return []
    query = Q()
    for word in words[:4]:
        query |= Q(name__icontains=word)
    return list(Jurisdiction.objects.filter(query).exclude(kind__in=Jurisdiction.STATE_LEVEL)[:6])


def _candidates(request: HttpRequest, text: str) -> dict[str, list]:
    campaign = request.campaign
    if text:
        offices = Office.objects.filter(name__icontains=text)
        officials = Official.objects.filter(
            Q(name__icontains=text) | Q(title__icontains=text) | Q(office__name__icontains=text)
        )
        organizations = Organization.objects.for_campaign(campaign).filter(name__icontains=text)
    else:
        places = _places(campaign)
        within = Q(pk__in=[])
        for place in places:
            within |= Q(jurisdiction__in=Jurisdiction.objects.within(place))
        offices = Office.objects.filter(within)
        officials = Official.objects.current().filter(office__in=offices)
        organizations = Organization.objects.for_campaign(campaign).order_by("-influence", "name")
    on_map = set()
    for ids in _assessments(request).on_map().values_list("office", "official", "organization"):
        kind, pk = next((k, v) for k, v in zip(ActorKind.values, ids, strict=False) if v)
        on_map.add(f"{kind}-{pk}")
    found = {
        "offices": list(
            offices.select_related("jurisdiction__state").order_by("jurisdiction__name", "name")[
                :SEARCH_LIMIT
            ]
        ),
        "officials": list(officials.select_related("office").order_by("name")[:SEARCH_LIMIT]),
        "organizations": list(organizations[:SEARCH_LIMIT]),
    }
    rows = {}
    for group, actors in found.items():
        rows[group] = [
            {
                "actor": actor,
                "key": subject_key(actor),
                "on_map": subject_key(actor).replace(":", "-") in on_map,
            }
            for actor in actors
        ]
    return rows


@campaign_view(Action.EDIT)
def assessment_add(request: HttpRequest) -> HttpResponse:
    """Find an office, an official or an organization and put it on the map."""
    campaign = request.campaign
    data = request.POST if request.method == "POST" else None
    subject = request.POST.get("subject") or request.GET.get("subject", "")
    form = AddToMapForm(data, campaign=campaign, initial={"subject": subject})
    if data is not None and form.is_valid():
        values = form.cleaned_data
        try:
            assessment = services.assessment_add(
                campaign=campaign,
                subject=values["subject"],
                priority=values["priority"],
                stance=values.get("stance"),
                influence=values.get("influence"),
                notes=values["notes"],
                request=request,
            )
        except services.PowerMapError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("%(actor)s is on the map.") % {"actor": assessment.actor_name}
            )
            return redirect(assessment)
    text = request.GET.get("q", "").strip()[:100]
    chosen = form.actor if (subject or data is not None) else None
    if chosen is not None and data is None:
        # Someone taken off the map comes back with the campaign's last read of them.
        previous = services.assessment_for(campaign=campaign, subject=chosen, on_map_only=False)
        if previous is not None:
            form.initial.update(
                priority=previous.priority, stance=previous.stance, influence=previous.influence
            )
    context = {
        "form": form,
        "chosen": chosen,
        "q": text,
        "candidates": None if chosen else _candidates(request, text),
    }
    status = 400 if data is not None else 200
    return render(request, "targets/power_map/add.html", context, status=status)


def _detail_context(request: HttpRequest, assessment: Assessment) -> dict:
    campaign = request.campaign
    changes = list(
        StanceChange.objects.for_campaign(campaign)
        .filter(assessment=assessment)
        .select_related("recorded_by")
    )
    history = [
        {
            "change": change,
            "summary": change_summary(change),
            "evidence": evidence_summary(change),
            "url": evidence_url(change, campaign),
        }
        for change in changes
    ]
    built = build_power_map(campaign)
    node = built.node(assessment.node_id)
    statements = PublicStatement.objects.none()
    if assessment.official_id:
        statements = PublicStatement.objects.filter(official_id=assessment.official_id)
    elif assessment.office_id:
        statements = PublicStatement.objects.filter(
            Q(office_id=assessment.office_id) | Q(official__office_id=assessment.office_id)
        )
    return {
        "assessment": assessment,
        "node": node,
        "ties": built.ties(node) if node else [],
        "history": history,
        "statements": list(statements[:20]),
        "may_edit": may(request, Action.EDIT),
    }


@campaign_view(Action.VIEW)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(_assessments(request).with_actors(), pk=pk)
    context = _detail_context(request, assessment)
    if context["may_edit"] and assessment.is_on_map:
        context["stance_form"] = StanceChangeForm(
            assessment=assessment, initial=_stance_initial(request)
        )
    return render(request, "targets/power_map/assessment.html", context)


def _stance_initial(request: HttpRequest) -> dict:
    # A meeting's page can link here with ?meeting=<id> to record what the meeting showed.
    meeting = request.GET.get("meeting", "")
    return {"evidence_kind": "meeting", "meeting": meeting} if meeting.isdigit() else {}


@campaign_view(Action.EDIT)
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(_assessments(request).on_map().with_actors(), pk=pk)
    form = AssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        services.assessment_update(
            assessment=form.save(commit=False), changed=form.changed_data, request=request
        )
        messages.success(request, _("Saved."))
        return redirect(assessment)
    return render(
        request,
        "targets/power_map/assessment_form.html",
        {"assessment": assessment, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@campaign_view(Action.EDIT)
def stance_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a change of stance or influence, with what showed it."""
    assessment = get_object_or_404(_assessments(request).on_map().with_actors(), pk=pk)
    data = request.POST if request.method == "POST" else None
    form = StanceChangeForm(data, assessment=assessment, initial=_stance_initial(request))
    if data is not None and form.is_valid():
        values = form.cleaned_data
        try:
            with transaction.atomic():
                statement = form.new_statement()
                if statement is not None:
                    services.statement_save(statement=statement, reason="power map evidence")
                services.record_stance_change(
                    assessment=assessment,
                    stance=values["stance"],
                    influence=values["influence"],
                    happened_on=values["happened_on"],
                    evidence_kind=values["evidence_kind"],
                    meeting=values.get("meeting"),
                    statement=statement or values.get("statement"),
                    evidence_text=values["evidence_text"],
                    evidence_url=values["evidence_url"],
                    request=request,
                )
        except services.PowerMapError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Recorded: %(actor)s is now %(stance)s.")
                % {"actor": assessment.actor_name, "stance": assessment.stance_display.lower()},
            )
            return redirect(assessment)
    return render(
        request,
        "targets/power_map/stance_form.html",
        {"assessment": assessment, "form": form},
        status=400 if data is not None else 200,
    )


@campaign_view(Action.EDIT)
def assessment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(_assessments(request).on_map().with_actors(), pk=pk)
    if request.method == "POST":
        services.assessment_remove(assessment=assessment, request=request)
        messages.success(
            request,
            _("%(actor)s is off the map; its history is kept.") % {"actor": assessment.actor_name},
        )
        return redirect(_map_url(request))
    return render(request, "targets/power_map/remove.html", {"assessment": assessment})


def _relationship_form(request: HttpRequest, relationship: Relationship | None) -> HttpResponse:
    built = build_power_map(request.campaign)
    data = request.POST if request.method == "POST" else None
    initial = {k: request.GET[k] for k in ("source", "target", "kind") if k in request.GET}
    form = RelationshipForm(
        data,
        power_map=built,
        instance=relationship,
        **({"initial": initial} if relationship is None else {}),
    )
    if data is not None and form.is_valid():
        try:
            services.relationship_save(
                relationship=form.save(), changed=form.changed_data, request=request
            )
        except services.PowerMapError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The relationship is on the map."))
            return redirect(_map_url(request))
    return render(
        request,
        "targets/power_map/relationship_form.html",
        {"form": form, "relationship": relationship, "empty": len(built.nodes) < 2},
        status=400 if data is not None else 200,
    )


@campaign_view(Action.EDIT)
def relationship_create(request: HttpRequest) -> HttpResponse:
    return _relationship_form(request, None)


def _relationship(request: HttpRequest, pk: int) -> Relationship:
    return get_object_or_404(Relationship.objects.for_campaign(request.campaign), pk=pk)


@campaign_view(Action.EDIT)
def relationship_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _relationship_form(request, _relationship(request, pk))


@campaign_view(Action.EDIT)
@require_POST
def relationship_delete(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    services.relationship_delete(relationship=relationship, request=request)
    messages.success(request, _("The relationship was removed."))
    return redirect(_map_url(request))


@campaign_view(Action.VIEW)
def movement(request: HttpRequest) -> HttpResponse:
    """Who moved, when, and after what: a chart and the table of every change."""
    campaign = request.campaign
    changes = list(
        StanceChange.objects.for_campaign(campaign).select_related(
            "assessment__office__jurisdiction__state",
            "assessment__official__office",
            "assessment__organization",
            "recorded_by",
        )
    )
    for change in changes:
        change.assessment.campaign = campaign
    moved = movement_of(changes)
    rows = [
        {
            "change": change,
            "summary": change_summary(change),
            "evidence": evidence_summary(change),
            "url": evidence_url(change, campaign),
        }
        for change in changes
        if not change.is_first
    ]
    return render(
        request,
        "targets/power_map/movement.html",
        {"moved": moved, "chart": movement_svg(moved), "rows": rows},
    )
