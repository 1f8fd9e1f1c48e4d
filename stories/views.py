"""Story pages. Every story shown goes through Story.objects.visible_to and redact()."""

from zoneinfo import ZoneInfo

from allauth.account.decorators import reauthentication_required
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.access import campaign_view
from coalition.permissions import Action, Role
from coalition.views.common import CappedPaginator
from core import audit
from core.crypto import keyed_hash
from core.models import AuditEvent
from core.pdf import PdfUnavailable
from stories import packets, stats
from stories.forms import ConsentForm, EraseForm, IntakeForm, PacketForm, WithdrawForm
from stories.models import ConsentText, Purpose, Story, Theme
from stories.redaction import redact
from stories.selectors import effective_consent
from stories.services import (
    current_consent_text,
    erase_storyteller,
    record_consent,
    save_story,
    start_story,
    withdraw_consent,
)
from stories.timezones import zone_for_state
from targets.models import Facility

PAGE_SIZE = 25


def _stories(request: HttpRequest, purpose: str = Purpose.INTERNAL):
    return (
        Story.objects.visible_to(request.user, request.campaign, purpose)
        .select_related("storyteller", "facility__jurisdiction__state", "jurisdiction__state")
        .prefetch_related("themes", "consents")
    )


def _story(request: HttpRequest, pk: int) -> Story:
    """A story the user may work on; anything else is 404, whether it exists or not."""
    return get_object_or_404(_stories(request), pk=pk)


def _managed_story(request: HttpRequest, pk: int) -> Story:
    """For a lead acting on a storyteller's request: any story of the campaign, its content
    not shown."""
    return get_object_or_404(
        Story.objects.for_campaign(request.campaign)
        .filter(erased_at__isnull=True)
        .select_related("storyteller"),
        pk=pk,
    )


def _view(request: HttpRequest, story: Story, *, with_contact: bool = False):
    purpose = Purpose.INTERNAL
    return redact(
        story,
        purpose=purpose,
        consent=effective_consent(story)[purpose],
        viewer=request.user,
        with_contact=with_contact,
    )


@campaign_view(Action.INTAKE_STORIES)
def index(request: HttpRequest) -> HttpResponse:
    stories = _stories(request)
    theme = request.GET.get("theme", "")
    if theme in Theme.values:
        stories = stories.filter(themes__theme=theme)
    facility = request.GET.get("facility", "")
    if facility.isdigit():
        stories = stories.filter(facility_id=int(facility))
    if request.GET.get("held_past"):
        stories = stories.filter(held_past_seconds__gt=0)
    if request.GET.get("status") in Story.Status.values:
        stories = stories.filter(status=request.GET["status"])
    # Counting visible stories reads each one's latest consent: count a window, not them all.
    page = CappedPaginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    views = [_view(request, story) for story in page]
    if views:
        audit.record(
            action="story.listed", request=request, campaign=request.campaign, objects=list(page)
        )
    return render(
        request,
        "stories/index.html",
        {
            "page": page,
            "views": views,
            "themes": Theme.choices,
            # One look-up per facility (a few hundred) rather than a pass over the stories.
            "facilities": Facility.objects.filter(
                Exists(Story.objects.for_campaign(request.campaign).filter(facility=OuterRef("pk")))
            ).order_by("name"),
            "filters": request.GET,
        },
    )


@campaign_view(Action.INTAKE_STORIES)
@require_POST
def new(request: HttpRequest) -> HttpResponse:
    story = start_story(campaign=request.campaign, user=request.user, request=request)
    return redirect("stories:edit", campaign_slug=request.campaign.slug, pk=story.pk)


def _intake_initial(story: Story) -> dict:
    teller = story.storyteller
    initial = {
        name: getattr(story, name)
        for name in (
            "narrative",
            "identifying_details",
            "facility",
            "time_zone",
            "detainer_lodged_at",
            "custody_ended_at",
            "custody_end_reason",
            "outcome",
            "outcome_at",
            "hold_rule",
            "review_on",
        )
    }
    for name in ("name", "contact", "preferred_language", "interpreter_used", "relationship"):
        initial[name] = getattr(teller, name)
    initial["themes"] = [t.theme for t in story.themes.all()]
    tz = ZoneInfo(story.time_zone)
    for name in ("detainer_lodged_at", "custody_ended_at", "outcome_at"):
        if initial[name]:
            initial[name] = timezone.localtime(initial[name], tz).replace(tzinfo=None)
    return initial


def _apply_intake(request: HttpRequest, story: Story, form: IntakeForm, complete: bool) -> None:
    data = dict(form.cleaned_data)
    themes = data.pop("themes", [])
    facility = data.get("facility")
    if facility is not None:
        data["jurisdiction"] = facility.jurisdiction
        if "time_zone" not in request.POST and facility.jurisdiction_id:
            state = facility.jurisdiction.state or facility.jurisdiction
            data["time_zone"] = zone_for_state(state.postal_code)
    save_story(
        story=story, data=data, themes=themes, user=request.user, request=request, complete=complete
    )


@campaign_view(Action.INTAKE_STORIES)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    if request.method == "POST":
        form = IntakeForm(request.POST)
        finishing = "finish" in request.POST
        if form.is_valid() and finishing:
            form.clean_for_completion()
        if form.is_valid():
            _apply_intake(request, story, form, complete=finishing)
            if finishing:
                messages.success(request, _("The story is saved."))
                if not story.consents.exists():
                    messages.info(request, _("Now record the storyteller's consent."))
                    return redirect(
                        "stories:consent", campaign_slug=request.campaign.slug, pk=story.pk
                    )
                return redirect(story)
            messages.success(request, _("Draft saved."))
            return redirect("stories:edit", campaign_slug=request.campaign.slug, pk=story.pk)
        return render(request, "stories/edit.html", {"story": story, "form": form}, status=400)
    form = IntakeForm(initial=_intake_initial(story))
    audit.record(
        action="story.opened_for_editing",
        request=request,
        campaign=request.campaign,
        objects=[story],
    )
    return render(request, "stories/edit.html", {"story": story, "form": form})


@campaign_view(Action.INTAKE_STORIES)
@require_POST
def autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """Saves what has been typed so far (htmx, every few seconds while the volunteer types)."""
    story = _story(request, pk)
    form = IntakeForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "stories/partials/autosave.html",
            {"errors": form.errors, "saved_at": None},
            status=400,
        )
    _apply_intake(request, story, form, complete=False)
    return render(
        request,
        "stories/partials/autosave.html",
        {"errors": None, "saved_at": timezone.localtime()},
    )


@campaign_view(Action.INTAKE_STORIES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    consents = effective_consent(story)
    audit.record(action="story.viewed", request=request, campaign=request.campaign, objects=[story])
    today = timezone.localdate()
    rows = [
        (label, consents[purpose], bool(consents[purpose] and consents[purpose].in_force_on(today)))
        for purpose, label in Purpose.choices
    ]
    return render(
        request,
        "stories/detail.html",
        {
            "story": story,
            "view": _view(request, story, with_contact=True),
            "consent_rows": rows,
            "history": story.consents.all().select_related("consent_text", "collected_by"),
        },
    )


@campaign_view(Action.INTAKE_STORIES)
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    language = (
        request.POST.get("language")
        or request.GET.get("language")
        or (
            story.storyteller.preferred_language
            if story.storyteller.preferred_language in ("en", "es")
            else request.LANGUAGE_CODE
        )
    )
    text = current_consent_text(language)
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            record_consent(
                story=story,
                decisions=form.decisions(),
                method=form.cleaned_data["method"],
                interpreter_used=form.cleaned_data["interpreter_used"],
                consent_text=current_consent_text(form.cleaned_data["language"]),
                expires_on=form.cleaned_data["expires_on"],
                collected_by=request.user,
                request=request,
            )
            messages.success(request, _("Consent recorded."))
            return redirect(story)
        status = 400
    else:
        form = ConsentForm(
            initial={
                "language": language if language in ("en", "es") else "en",
                "interpreter_used": story.storyteller.interpreter_used,
            }
        )
        status = 200
    return render(
        request,
        "stories/consent.html",
        {"story": story, "form": form, "consent_text": text},
        status=status,
    )


@campaign_view(Action.INTAKE_STORIES)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    story = (
        _story(request, pk) if request.membership.role != Role.LEAD else _managed_story(request, pk)
    )
    return _withdraw(request, story)


def _withdraw(request: HttpRequest, story: Story) -> HttpResponse:
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            purposes = None if form.cleaned_data["everything"] else form.cleaned_data["purposes"]
            withdraw_consent(story=story, purposes=purposes, user=request.user, request=request)
            messages.success(request, _("Withdrawal recorded. It applies from now on, everywhere."))
            if request.membership.role == Role.LEAD:
                return redirect("stories:requests", campaign_slug=request.campaign.slug)
            return redirect("stories:index", campaign_slug=request.campaign.slug)
        status = 400
    else:
        form, status = WithdrawForm(), 200
    return render(request, "stories/withdraw.html", {"story": story, "form": form}, status=status)


@campaign_view(Action.ERASE_PERSONAL_DATA)
def requests(request: HttpRequest) -> HttpResponse:
    """A storyteller asks to withdraw or to be erased: find their stories by exact name."""
    name = request.GET.get("name", "").strip()
    found = []
    if name:
        found = list(
            Story.objects.for_campaign(request.campaign)
            .filter(erased_at__isnull=True, storyteller__name_hash=keyed_hash(name))
            .select_related("facility")
        )
        audit.record(
            action="story.searched_by_name",
            request=request,
            campaign=request.campaign,
            objects=found,
        )
    return render(request, "stories/requests.html", {"name": name, "found": found})


@campaign_view(Action.ERASE_PERSONAL_DATA)
@reauthentication_required
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    story = _managed_story(request, pk)
    if request.method == "POST":
        form = EraseForm(request.POST)
        if form.is_valid():
            erased = erase_storyteller(
                story=story, user=request.user, reason=form.cleaned_data["reason"], request=request
            )
            messages.success(
                request,
                _("Erased %(count)s stories and their storyteller's data.")
                % {"count": len(erased)},
            )
            return redirect("stories:requests", campaign_slug=request.campaign.slug)
        status = 400
    else:
        form, status = EraseForm(), 200
    others = story.storyteller.stories.exclude(pk=story.pk).count()
    return render(
        request,
        "stories/erase.html",
        {"story": story, "form": form, "others": others},
        status=status,
    )


@campaign_view(Action.VIEW_AUDIT)
def story_audit(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_object_or_404(Story.objects.for_campaign(request.campaign), pk=pk)
    events = AuditEvent.objects.for_campaign(request.campaign).about(story)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "stories/audit.html", {"story": story, "page": page})


@campaign_view(Action.EXPORT_PERSONAL_DATA)
@reauthentication_required
def packet(request: HttpRequest) -> HttpResponse:
    """A lead builds a packet of stories for a purpose: only stories whose consent covers it,
    redacted as that consent requires."""
    if not is_mfa_enabled(request.user):
        return render(request, "stories/packet_needs_mfa.html", status=403)
    choices = [
        (s.pk, f"{s.reference} · {_view(request, s).display_name} · {s.facility or '—'}")
        for s in _stories(request).filter(status=Story.Status.COMPLETE)
    ]
    form = PacketForm(request.POST or None, story_choices=choices)
    if request.method == "POST" and form.is_valid():
        built = packets.build(
            campaign=request.campaign,
            user=request.user,
            purpose=form.cleaned_data["purpose"],
            story_ids=[int(pk) for pk in form.cleaned_data["stories"]],
            reason=form.cleaned_data["reason"],
            request=request,
        )
        if form.cleaned_data["format"] == "pdf":
            try:
                return packets.pdf_response(request, built)
            except PdfUnavailable:
                messages.error(
                    request,
                    _(
                        "This server cannot make PDFs (the Pango library is missing). Print "
                        "this page instead, or save it as PDF from the print dialog."
                    ),
                )
        return render(request, "stories/packet.html", {"packet": built})
    return render(
        request,
        "stories/packet_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@campaign_view(Action.VIEW)
def statistics(request: HttpRequest) -> HttpResponse:
    exact = request.membership.role in (Role.LEAD, Role.COORDINATOR)
    return render(request, "stories/stats.html", stats.summary(request.campaign, exact=exact))


@campaign_view(Action.INTAKE_STORIES)
def consent_text(request: HttpRequest, version: int, language: str) -> HttpResponse:
    text = get_object_or_404(ConsentText, version=version, language=language)
    return render(request, "stories/consent_text.html", {"text": text})
