"""Story pages. Every story shown goes through Story.objects.visible_to and redact()."""

from zoneinfo import ZoneInfo

from allauth.account.decorators import reauthentication_required
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.access import campaign_view, may
from coalition.permissions import Action
from coalition.views.common import CappedPaginator
from core import audit
from core.crypto import name_hash
from core.models import AuditEvent
from core.pdf import PdfUnavailable
from stories import packets, stats
from stories.access import ALL_FIELDS, EXACT_TIMES, access_for
from stories.forms import (
    TIMELINE,
    UNCHOSEN_ZONE,
    ConsentForm,
    DiscardForm,
    EraseForm,
    IntakeForm,
    PacketForm,
    WithdrawForm,
)
from stories.models import ConsentText, Identifiability, Purpose, Story, Theme
from stories.redaction import redact, shown_name
from stories.selectors import effective_consent
from stories.services import (
    StoryError,
    current_consent_text,
    discard_draft,
    erase_storyteller,
    record_consent,
    save_story,
    start_story,
    withdraw_consent,
)
from stories.timezones import wall_clock, zone_for_facility
from targets.models import Facility

PAGE_SIZE = 25


def _stories(request: HttpRequest, purpose: str = Purpose.INTERNAL):
    return (
        Story.objects.visible_to(request.user, request.campaign, purpose)
        .select_related("storyteller", "facility__jurisdiction__state", "jurisdiction__state")
        .prefetch_related("themes", "consents", "redaction_releases")
    )


def _story(request: HttpRequest, pk: int) -> Story:
    """A story of the campaign with `story.access`, this person's access decision for it now
    (stories.access). 404 when they have no way in at all, whether it exists or not; each view
    then checks the one thing it does (see, edit, record consent, withdraw, erase)."""
    story = get_object_or_404(
        Story.objects.for_campaign(request.campaign)
        .filter(erased_at__isnull=True)
        .select_related("storyteller", "facility__jurisdiction__state", "jurisdiction__state")
        .prefetch_related("themes", "consents", "redaction_releases"),
        pk=pk,
    )
    story.access = access_for(request.user, story, role=request.membership.role)
    if not story.access.reachable:
        raise Http404
    return story


def _allowed(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _view(request: HttpRequest, story: Story, *, with_contact: bool = False):
    access = getattr(story, "access", None) or access_for(
        request.user, story, role=request.membership.role
    )
    if not access.visible:
        raise Http404
    return redact(story, purpose=Purpose.INTERNAL, level=access.level, with_contact=with_contact)


@campaign_view(Action.INTAKE_STORIES)
def index(request: HttpRequest) -> HttpResponse:
    stories = _stories(request)
    theme = request.GET.get("theme", "")
    if theme in Theme.values:
        stories = stories.filter(themes__theme=theme)
    facility = request.GET.get("facility", "")
    if facility.isdigit() and len(facility) < 10:
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
            # Finished by this person, no consent asked yet: only the way to the consent form.
            "awaiting_consent": Story.objects.for_campaign(request.campaign)
            .filter(
                taken_by=request.user,
                status=Story.Status.COMPLETE,
                erased_at__isnull=True,
                consents__isnull=True,
            )
            .only("pk", "created_at"),
        },
    )


@campaign_view(Action.INTAKE_STORIES)
@require_POST
def new(request: HttpRequest) -> HttpResponse:
    story = start_story(campaign=request.campaign, user=request.user, request=request)
    return redirect("stories:edit", campaign_slug=request.campaign.slug, pk=story.pk)


def _intake_initial(story: Story) -> dict:
    """The form as the story stands: times as the facility's clocks showed them, with which
    of a repeated time it was, and "from the facility" as the zone when that is what it is."""
    teller = story.storyteller
    initial = {
        name: getattr(story, name)
        for name in (
            "narrative",
            "identifying_details",
            "facility",
            "custody_end_reason",
            "outcome",
            "hold_rule",
            "review_on",
        )
    }
    for name in ("name", "contact", "preferred_language", "interpreter_used", "relationship"):
        initial[name] = getattr(teller, name)
    initial["themes"] = [t.theme for t in story.themes.all()]
    derived = zone_for_facility(story.facility) if story.facility_id else UNCHOSEN_ZONE
    initial["time_zone"] = "" if story.time_zone == derived else story.time_zone
    tz = ZoneInfo(story.time_zone)
    for name in TIMELINE:
        moment = getattr(story, name)
        initial[name] = None
        if moment is not None:
            initial[name], fold = wall_clock(moment, tz)
            initial[f"{name}_fold"] = fold
    return initial


def _intake_form(request: HttpRequest, story: Story, data=None) -> IntakeForm:
    """The intake form as this person may use it: a field their access decision does not let
    them change is disabled and shows what they may see of it (the first name, the narrative
    with parts removed, no exact time), so a hidden value is neither shown nor posted back."""
    access = story.access
    form = IntakeForm(data, initial=_intake_initial(story), zone_when_unknown=story.time_zone)
    if access.editable == ALL_FIELDS:
        return form
    view = redact(story, purpose=Purpose.INTERNAL, level=access.level)
    shown = {"name": view.name, "contact": "", "identifying_details": "", "narrative": ""}
    if access.visible:
        shown["narrative"] = view.narrative
    for name, field in form.fields.items():
        if name in ALL_FIELDS and name not in access.editable:
            field.disabled = True
            if name in shown:
                form.initial[name] = shown[name]
            elif name in EXACT_TIMES:
                form.initial[name] = None
    return form


def _apply_intake(request: HttpRequest, story: Story, form: IntakeForm, complete: bool) -> None:
    """Save what is right in the form, even when other fields are wrong: nothing typed is
    lost for a mistake elsewhere. The form has resolved the time zone (chosen, or the
    facility's)."""
    data = form.savable_data()
    themes = data.pop("themes", None)  # None: not in this post, or wrong; keep the saved ones
    facility = data.get("facility")
    if facility is not None:
        data["jurisdiction"] = facility.jurisdiction
    save_story(
        story=story, data=data, themes=themes, user=request.user, request=request, complete=complete
    )


@campaign_view(Action.INTAKE_STORIES)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    _allowed(bool(story.access.editable))
    if request.method == "POST":
        form = _intake_form(request, story, request.POST)
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
                if access_for(request.user, story, role=request.membership.role).visible:
                    return redirect(story)
                return redirect("stories:index", campaign_slug=request.campaign.slug)
            if story.status != Story.Status.COMPLETE:
                messages.success(request, _("Draft saved."))
                return redirect("stories:edit", campaign_slug=request.campaign.slug, pk=story.pk)
            messages.success(request, _("Changes saved."))
            return redirect(story)
        # Keep what is right (as a draft); the page comes back with everything typed and the
        # mistakes marked next to their fields.
        _apply_intake(request, story, form, complete=False)
        return render(
            request,
            "stories/edit.html",
            {"story": story, "form": form, "saved_at": timezone.localtime()},
            status=400,
        )
    form = _intake_form(request, story)
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
    """Saves what has been typed so far (htmx, every few seconds while the volunteer types).

    Always 200 with the status line: what is right is saved even when another field is wrong,
    and each field's errors come back out of band into the place next to it (cleared when
    fixed). The form itself is never replaced, so nothing typed meanwhile is lost. (A 4xx would
    make htmx swap nothing, and the volunteer would not learn what was not saved.)"""
    story = _story(request, pk)
    _allowed(bool(story.access.editable))
    form = _intake_form(request, story, request.POST)
    form.is_valid()
    _apply_intake(request, story, form, complete=False)
    return render(
        request,
        "stories/partials/autosave.html",
        {"form": form, "saved_at": timezone.localtime()},
    )


@campaign_view(Action.INTAKE_STORIES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    view = _view(request, story, with_contact=True)
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
            "view": view,
            "access": story.access,
            "consent_rows": rows,
            "history": story.consents.all().select_related("consent_text", "collected_by"),
        },
    )


@campaign_view(Action.INTAKE_STORIES)
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what the storyteller decides, use by use. The form opens with the consent in
    force; the changes are shown in words and saved only once confirmed."""
    story = _story(request, pk)
    _allowed(story.access.may_record_consent)
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
    form_kwargs = {
        "in_force": effective_consent(story),
        "today": timezone.localdate(),
        "renewal": story.access.may_renew_consent,
    }
    changes, status = [], 200
    if request.method == "POST":
        form = ConsentForm(request.POST, **form_kwargs)
        if form.is_valid():
            changes = form.changes()
            if form.cleaned_data["confirmed"]:
                try:
                    record_consent(
                        story=story,
                        decisions=form.decisions(),
                        method=form.cleaned_data["method"],
                        interpreter_used=form.cleaned_data["interpreter_used"],
                        consent_text=current_consent_text(form.cleaned_data["language"]),
                        expires_on=form.cleaned_data["expires_on"],
                        collected_by=request.user,
                        renewal_note=form.cleaned_data.get("renewal_note") or "",
                        request=request,
                    )
                except StoryError as error:
                    form.add_error(None, str(error))
                    changes, status = [], 400
                else:
                    messages.success(request, _("Consent recorded."))
                    if _story(request, pk).access.visible:  # read again: consent changed
                        return redirect(story)
                    return redirect("stories:index", campaign_slug=request.campaign.slug)
        else:
            status = 400
    else:
        form = ConsentForm(
            initial={
                "language": language if language in ("en", "es") else "en",
                "interpreter_used": story.storyteller.interpreter_used,
            },
            **form_kwargs,
        )
    return render(
        request,
        "stories/consent.html",
        {"story": story, "form": form, "consent_text": text, "changes": changes},
        status=status,
    )


@campaign_view(Action.INTAKE_STORIES)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    _allowed(story.access.may_withdraw)
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            purposes = None if form.cleaned_data["everything"] else form.cleaned_data["purposes"]
            withdraw_consent(story=story, purposes=purposes, user=request.user, request=request)
            messages.success(request, _("Withdrawal recorded. It applies from now on, everywhere."))
            if may(request, Action.ERASE_PERSONAL_DATA):
                return redirect("stories:requests", campaign_slug=request.campaign.slug)
            return redirect("stories:index", campaign_slug=request.campaign.slug)
        status = 400
    else:
        form, status = WithdrawForm(), 200
    return render(request, "stories/withdraw.html", {"story": story, "form": form}, status=status)


def _story_number(query: str) -> int | None:
    """The story a lead means by "S-00012", "s12" or "12"; None for anything else."""
    digits = query.upper().removeprefix("S").strip(" -")
    if digits.isascii() and digits.isdecimal() and len(digits) <= 9:
        return int(digits)
    return None


@campaign_view(Action.ERASE_PERSONAL_DATA)
def requests(request: HttpRequest) -> HttpResponse:
    """A storyteller asks to withdraw or to be erased: a lead finds their stories by name, or a
    story by its number. The name is posted, so it never reaches an address (server and proxy
    logs, the browser's history); the audit names the stories found, never the name."""
    if request.method != "POST":
        return render(request, "stories/requests.html", {"found": None})
    query = request.POST.get("query", "").strip()
    number = _story_number(query)
    hashed = name_hash(query) if number is None and len(query) <= 200 else ""
    if number is None and not hashed:
        error = (
            _("Enter a name or a story number.")
            if len(query) <= 200
            else _("That is too long for a name or a story number.")
        )
        return render(request, "stories/requests.html", {"found": None, "error": error}, status=400)
    match = {"pk": number} if number is not None else {"storyteller__name_hash": hashed}
    found = []
    for story in (
        Story.objects.for_campaign(request.campaign)
        .filter(erased_at__isnull=True, **match)
        .select_related("facility")
        .prefetch_related("consents")
    ):
        story.access = access_for(request.user, story, role=request.membership.role)
        if story.access.may_find:
            found.append(story)
    audit.record(
        action="story.searched_by_name",
        request=request,
        campaign=request.campaign,
        objects=found,
        by="number" if number is not None else "name",
    )
    return render(request, "stories/requests.html", {"found": found, "query": query})


@campaign_view(Action.ERASE_PERSONAL_DATA)
@reauthentication_required
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    _allowed(story.access.may_erase)
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
    redacted as that consent requires. The lead first sees it as it will be printed (audited
    as packet.previewed); the build makes exactly what was previewed (stories.packets)."""
    if not is_mfa_enabled(request.user):
        return render(request, "stories/packet_needs_mfa.html", status=403)
    choices = [
        (s.pk, _packet_choice(request, s))
        for s in _stories(request).filter(status=Story.Status.COMPLETE)
    ]
    form = PacketForm(request.POST or None, story_choices=choices)
    if request.method == "POST" and form.is_valid():
        chosen = {
            "campaign": request.campaign,
            "user": request.user,
            "purpose": form.cleaned_data["purpose"],
            "story_ids": [int(pk) for pk in form.cleaned_data["stories"]],
            "reason": form.cleaned_data["reason"],
            "request": request,
        }
        if "build" in request.POST:
            try:
                built = packets.build_previewed(token=request.POST.get("preview", ""), **chosen)
            except packets.PreviewMismatch:
                messages.warning(
                    request,
                    _(
                        "Something changed since your preview (a consent, a kept item, a "
                        "story), or the preview is more than 30 minutes old. Check the packet "
                        "again below before you build it."
                    ),
                )
            else:
                return _packet_output(request, built, form.cleaned_data["format"])
        # A lead sees every story as it will be printed before building the packet.
        shown = packets.preview(**chosen)
        return render(
            request,
            "stories/packet_form.html",
            {"form": form, "preview": shown, "token": packets.preview_token(shown)},
        )
    return render(
        request,
        "stories/packet_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _packet_choice(request: HttpRequest, story: Story) -> str:
    """A story's line in the packet form: reference, the name as the lead sees it inside the
    campaign (the rule of stories.redaction.redact), facility. It does not make the StoryView:
    scrubbing every narrative of a large campaign only to list them would take seconds."""
    level = access_for(request.user, story, role=request.membership.role).level
    name = shown_name(story.storyteller.name, level or Identifiability.ANONYMIZED)
    return f"{story.reference} · {name or _('Anonymous storyteller')} · {story.facility or '—'}"


def _packet_output(request: HttpRequest, built: packets.Packet, fmt: str) -> HttpResponse:
    if fmt == "pdf":
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


@campaign_view(Action.VIEW)
def statistics(request: HttpRequest) -> HttpResponse:
    exact = stats.exact_counts_for(request.membership.role)
    return render(request, "stories/stats.html", stats.summary(request.campaign, exact=exact))


@campaign_view(Action.INTAKE_STORIES)
def consent_text(request: HttpRequest, version: int, language: str) -> HttpResponse:
    text = get_object_or_404(ConsentText, version=version, language=language)
    return render(request, "stories/consent_text.html", {"text": text})


@campaign_view(Action.INTAKE_STORIES)
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    """The person taking a draft (or a lead) deletes it, after saying they mean it. A finished
    story is not discarded: the page says erasure is the way."""
    story = _story(request, pk)
    finished = story.status == Story.Status.COMPLETE
    if not finished:
        _allowed(story.access.may_discard)
    form = DiscardForm(request.POST or None)
    error = ""
    if request.method == "POST" and not finished and form.is_valid():
        try:
            discard_draft(story=story, user=request.user, request=request)
        except StoryError as refused:
            error = str(refused)
        else:
            messages.success(
                request, _("Draft %(reference)s discarded.") % {"reference": story.reference}
            )
            return redirect("stories:index", campaign_slug=request.campaign.slug)
    status = 200
    if request.method == "POST":
        status = 409 if finished or error else 400
    return render(
        request,
        "stories/discard.html",
        {"story": story, "form": form, "finished": finished, "error": error},
        status=status,
    )
