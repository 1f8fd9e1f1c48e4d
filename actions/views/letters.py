"""Letters to officials: the campaign's letter campaigns and their outbox, and the public page
where anyone sends the letter to the officials the campaign chose."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.forms.letters import LetterCampaignForm, LetterStatusForm, PublicLetterForm
from actions.models import LetterCampaign, OutboxMessage, OutboxStatus
from actions.public import cacheable, public_form
from actions.services.letters import (
    RETRYABLE_STATUSES,
    LetterRefused,
    letter_campaign_save,
    letter_campaign_set_status,
    letter_send,
    mark_handed,
    outbox_counts,
    outbox_retry,
    packet_messages,
    previews,
    print_counts,
    recipient_list,
)
from actions.views.common import current_plan, page, paginate, querystring
from coalition.access import campaign_view, may
from coalition.permissions import Action as Can
from core import audit
from core.pdf import PdfUnavailable, html_to_pdf
from targets.models import Official


def _letter_campaigns(request: HttpRequest):
    return LetterCampaign.objects.for_campaign(request.campaign)


def _letter_campaign(request: HttpRequest, pk: int) -> LetterCampaign:
    letter_campaign = get_object_or_404(_letter_campaigns(request), pk=pk)
    letter_campaign.campaign = request.campaign
    return letter_campaign


def _ids(request: HttpRequest, name: str = "message") -> list[int]:
    return [int(value) for value in request.POST.getlist(name) if value.isdigit()]


def _letters_read(request: HttpRequest, messages_shown, *, where: str) -> None:
    """Senders' names and merged letters are personal data: record who was shown which."""
    letters = {m.letter_id: m.letter for m in messages_shown}
    if letters:
        audit.record(
            action="letter.read",
            request=request,
            campaign=request.campaign,
            objects=list(letters.values()),
            where=where,
            count=len(letters),
        )


@campaign_view(Can.VIEW)
def letter_list(request: HttpRequest) -> HttpResponse:
    letter_campaigns = _letter_campaigns(request).annotate(letter_count=Count("letters"))
    return page(request, "actions/letters/list.html", {"letter_campaigns": letter_campaigns})


def _form_page(request, form, letter_campaign=None, status: int = 200) -> HttpResponse:
    return page(
        request,
        "actions/letters/form.html",
        {"form": form, "letter_campaign": letter_campaign, "plan": current_plan(request)},
        status=status,
    )


@campaign_view(Can.EDIT)
def letter_create(request: HttpRequest) -> HttpResponse:
    form = LetterCampaignForm(
        request.POST or None,
        instance=LetterCampaign(campaign=request.campaign, created_by=request.user),
        campaign=request.campaign,
        plan=current_plan(request),
    )
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, status=400)
        letter_campaign = letter_campaign_save(
            letter_campaign=form.save(commit=False),
            recipients=form.cleaned_data["recipients"],
            request=request,
        )
        messages.success(
            request,
            _("The letter was saved as a draft. Open it to the public when it is ready."),
        )
        return redirect(letter_campaign)
    return _form_page(request, form)


@campaign_view(Can.EDIT)
def letter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    letter_campaign = _letter_campaign(request, pk)
    form = LetterCampaignForm(
        request.POST or None,
        instance=letter_campaign,
        campaign=request.campaign,
        plan=current_plan(request),
    )
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, letter_campaign, status=400)
        letter_campaign_save(
            letter_campaign=form.save(commit=False),
            recipients=form.cleaned_data["recipients"],
            request=request,
        )
        messages.success(
            request, _("The letter was saved. Letters already sent keep the text they had.")
        )
        return redirect(letter_campaign)
    return _form_page(request, form, letter_campaign)


def _detail_page(request, letter_campaign, status_form=None, status: int = 200) -> HttpResponse:
    officials = recipient_list(letter_campaign)
    context = {
        "letter_campaign": letter_campaign,
        "previews": previews(letter_campaign, language=get_language(), officials=officials),
        "counts": outbox_counts(letter_campaign),
        "letter_count": letter_campaign.letters.count(),
        "public_address": request.build_absolute_uri(letter_campaign.public_url()),
        "status_form": status_form or LetterStatusForm(initial={"status": letter_campaign.status}),
    }
    if may(request, Can.EDIT):
        to_print = print_counts(letter_campaign)
        context["to_print"] = [(o, to_print[o.pk]) for o in officials if to_print.get(o.pk)]
    return page(request, "actions/letters/detail.html", context, status=status)


@campaign_view(Can.VIEW)
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _letter_campaign(request, pk))


@campaign_view(Can.PUBLISH)
@require_POST
def letter_status(request: HttpRequest, pk: int) -> HttpResponse:
    letter_campaign = _letter_campaign(request, pk)
    form = LetterStatusForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, letter_campaign, status_form=form, status=400)
    status = form.cleaned_data["status"]
    if status == LetterCampaign.Status.OPEN and not letter_campaign.recipients.exists():
        form.add_error("status", _("Choose the officials to write to before opening the letter."))
        return _detail_page(request, letter_campaign, status_form=form, status=400)
    letter_campaign_set_status(letter_campaign=letter_campaign, status=status, request=request)
    messages.success(
        request,
        {
            LetterCampaign.Status.OPEN: _(
                "The letter is open: anyone with the address can send it."
            ),
            LetterCampaign.Status.CLOSED: _(
                "The letter is closed: its page stays, without the form."
            ),
            LetterCampaign.Status.DRAFT: _("The letter is a draft again: its page is gone."),
        }[status],
    )
    return redirect(letter_campaign)


@campaign_view(Can.EDIT)
def outbox(request: HttpRequest, pk: int) -> HttpResponse:
    letter_campaign = _letter_campaign(request, pk)
    status = request.GET.get("status", "")
    rows = (
        OutboxMessage.objects.for_campaign(request.campaign)
        .filter(letter__letter_campaign=letter_campaign)
        .select_related("letter")
        .order_by("-created_at", "-pk")
    )
    if status in OutboxStatus.values:
        rows = rows.filter(status=status)
    else:
        status = ""
    shown = paginate(request, rows)
    _letters_read(request, shown.object_list, where="outbox")
    return page(
        request,
        "actions/letters/outbox.html",
        {
            "letter_campaign": letter_campaign,
            "page": shown,
            "query": querystring(request),
            "status": status,
            "statuses": OutboxStatus.choices,
            "counts": outbox_counts(letter_campaign),
            "retryable": RETRYABLE_STATUSES,
        },
    )


@campaign_view(Can.EDIT)
@require_POST
def outbox_retry_now(request: HttpRequest, pk: int) -> HttpResponse:
    letter_campaign = _letter_campaign(request, pk)
    chosen = _ids(request)
    count = outbox_retry(
        letter_campaign=letter_campaign, message_ids=chosen or None, request=request
    )
    if count:
        messages.success(
            request,
            ngettext("Sending %(n)s letter again now.", "Sending %(n)s letters again now.", count)
            % {"n": count},
        )
    else:
        messages.info(request, _("No letter has failed. Letters waiting to be sent are sent now."))
    return redirect(reverse("letters:outbox", args=[request.campaign.slug, letter_campaign.pk]))


def _packet_context(request, letter_campaign, recipient_id: int) -> dict:
    official = get_object_or_404(Official.objects.select_related("office"), pk=recipient_id)
    letters = list(packet_messages(letter_campaign, official.pk).select_related("letter"))
    return {
        "letter_campaign": letter_campaign,
        "official": official,
        "letters": letters,
        "campaign": request.campaign,
        "made_at": timezone.now(),
    }


@campaign_view(Can.EDIT)
def packet(request: HttpRequest, pk: int, recipient_id: int) -> HttpResponse:
    """Every letter to one recipient that waits to be delivered by hand, one per page."""
    letter_campaign = _letter_campaign(request, pk)
    context = _packet_context(request, letter_campaign, recipient_id)
    _letters_read(request, context["letters"], where="packet")
    if request.GET.get("format") == "pdf":
        html = render_to_string("actions/letters/packet_print.html", context, request=request)
        try:
            pdf = html_to_pdf(
                html, stylesheet="actions/letters.css", base_url=request.build_absolute_uri("/")
            )
        except PdfUnavailable:
            messages.error(
                request,
                _(
                    "This server cannot make PDFs (the Pango library is missing). Print this "
                    "page instead, or save it as PDF from the print dialog."
                ),
            )
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            name = f"letters-{letter_campaign.slug}-{recipient_id}.pdf"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Cache-Control"] = "no-store"
            return response
    return page(request, "actions/letters/packet.html", context)


@campaign_view(Can.EDIT)
@require_POST
def packet_handed(request: HttpRequest, pk: int, recipient_id: int) -> HttpResponse:
    letter_campaign = _letter_campaign(request, pk)
    count = mark_handed(
        letter_campaign=letter_campaign,
        official_id=recipient_id,
        message_ids=_ids(request),
        request=request,
    )
    messages.success(
        request,
        ngettext(
            "%(n)s letter marked as delivered by hand.",
            "%(n)s letters marked as delivered by hand.",
            count,
        )
        % {"n": count},
    )
    return redirect(letter_campaign)


# The public page ------------------------------------------------------------------------------


def _public_page(request, letter_campaign, form, status: int = 200) -> HttpResponse:
    language = get_language()
    return render(
        request,
        "public/letter.html",
        {
            "letter_campaign": letter_campaign,
            "previews": previews(letter_campaign, language=language),
            "letter_count": letter_campaign.letters.count(),
            "form": form,
            "sent": request.GET.get("sent") == "1",
        },
        status=status,
    )


@public_form("letter")
@cacheable
def public_letter(request: HttpRequest, slug: str) -> HttpResponse:
    """The letter each official will get, and the form that sends it. Reads only what it
    publishes: the letter campaign's public text and its recipients (public officials)."""
    letter_campaign = get_object_or_404(LetterCampaign.objects.published(), slug=slug)
    if request.method != "POST":
        return _public_page(request, letter_campaign, PublicLetterForm())
    if not letter_campaign.accepts_letters:
        return _public_page(request, letter_campaign, PublicLetterForm(), status=410)
    form = PublicLetterForm(request.POST)
    thanks = f"{letter_campaign.public_url()}?sent=1"
    if form.is_bot:
        return HttpResponseRedirect(thanks)  # a bot: thanked, and nothing is stored
    if form.is_valid():
        data = form.cleaned_data
        try:
            letter_send(
                letter_campaign=letter_campaign,
                name=data["name"],
                email=data["email"],
                place=data["place"],
                wants_updates=data["wants_updates"],
                language=get_language() or "",
            )
        except LetterRefused as refusal:
            form.add_error("email", str(refusal))
        else:
            return HttpResponseRedirect(thanks)
    return _public_page(request, letter_campaign, form, status=400)
