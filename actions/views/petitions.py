"""Petitions: the campaign's pages (/c/<campaign>/petitions/…) and the public page
(/en|es/act/petitions/<slug>/).

Who does what (coalition.permissions):
- every member reads the petitions and their counts (VIEW);
- leads and coordinators write them, read the signature list, and export counts by postal code
  or town (EDIT): counts name nobody, and coordinators plan where to collect next;
- the lead alone decides what the public sees — open, closed, signers' first names — and
  records the delivery (PUBLISH);
- the lead alone exports the signatures themselves, with a second factor and a stated purpose,
  leaving an audit record (EXPORT_PERSONAL_DATA), and erases a signature (ERASE_PERSONAL_DATA).
"""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from actions.forms.petitions import (
    COUNT_FORMATS,
    DeliveryForm,
    PetitionForm,
    PublishForm,
    SignatureExportForm,
    SignForm,
)
from actions.models import Petition, Signature
from actions.models.petitions import PUBLIC_FIELDS
from actions.public import cacheable, public_form
from actions.services import petitions as service
from actions.views.common import current_plan, page, paginate
from coalition.access import campaign_view, may
from coalition.permissions import Action as Can
from core import audit
from core.crypto import keyed_hash
from core.pdf import PdfUnavailable, html_to_pdf
from exchange import formats

# How many signers' first names the public page shows, newest first.
PUBLIC_SIGNERS = 12
SIGNED_STATES = ("new", "updated")


def _posted(request: HttpRequest):
    """The POST data, even when empty (an empty POST still makes a bound form that says what
    is missing)."""
    return request.POST if request.method == "POST" else None


def _petitions(request: HttpRequest):
    return Petition.objects.for_campaign(request.campaign)


def _petition(request: HttpRequest, pk: int) -> Petition:
    petition = get_object_or_404(_petitions(request).select_related("delivery_action"), pk=pk)
    petition.campaign = request.campaign
    return petition


@campaign_view(Can.VIEW)
def petition_list(request: HttpRequest) -> HttpResponse:
    petitions = (
        _petitions(request)
        .annotate(total=Coalesce(Sum("counters__count"), 0))
        .order_by("-created_at", "-pk")
    )
    return page(request, "actions/petitions/list.html", {"page": paginate(request, petitions)})


def _detail_page(
    request: HttpRequest, petition: Petition, publish_form=None, status: int = 200
) -> HttpResponse:
    count = petition.signature_count()
    context = {
        "petition": petition,
        "count": count,
        "targets": petition.targets.select_related("jurisdiction").order_by("name"),
        "sponsors": petition.sponsors.order_by("name"),
        "public_address": request.build_absolute_uri(petition.public_url()),
        "may_export": may(request, Can.EXPORT_PERSONAL_DATA),
    }
    if may(request, Can.PUBLISH):
        context["publish_form"] = publish_form or PublishForm.for_petition(petition)
    return page(request, "actions/petitions/detail.html", context, status=status)


@campaign_view(Can.VIEW)
def petition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _petition(request, pk))


def _form_page(request, form, petition=None, status: int = 200) -> HttpResponse:
    return page(
        request, "actions/petitions/form.html", {"form": form, "petition": petition}, status=status
    )


@campaign_view(Can.EDIT)
def petition_create(request: HttpRequest) -> HttpResponse:
    form = PetitionForm(
        _posted(request),
        instance=Petition(campaign=request.campaign),
        campaign=request.campaign,
        plan=current_plan(request),
    )
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, status=400)
        petition = service.petition_create(form=form, campaign=request.campaign, request=request)
        messages.success(
            request, _("The petition was saved as a draft. The lead opens it to the public.")
        )
        return redirect(petition)
    return _form_page(request, form)


@campaign_view(Can.EDIT)
def petition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(request, pk)
    form = PetitionForm(
        _posted(request),
        instance=petition,
        campaign=request.campaign,
        plan=current_plan(request),
    )
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, petition, status=400)
        form.save()
        messages.success(request, _("The petition was saved."))
        return redirect(petition)
    return _form_page(request, form, petition)


@campaign_view(Can.PUBLISH)
@require_POST
def petition_publish(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(request, pk)
    form = PublishForm.for_petition(petition, request.POST)
    if not form.is_valid():
        return _detail_page(request, petition, publish_form=form, status=400)
    service.petition_set_status(
        petition=petition,
        status=form.cleaned_data["status"],
        show_signers=form.cleaned_data["show_signers"],
        request=request,
    )
    messages.success(
        request,
        {
            Petition.Status.DRAFT: _("The petition is a draft: its public page is gone."),
            Petition.Status.OPEN: _("The petition is open: its public page takes signatures."),
            Petition.Status.CLOSED: _("The petition is closed: its page shows the count only."),
        }[petition.status],
    )
    return redirect(petition)


@campaign_view(Can.PUBLISH)
def petition_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(request, pk)
    if request.method == "POST" and "undo" in request.POST:
        service.petition_clear_delivery(petition=petition, request=request)
        messages.success(request, _("The petition is no longer marked as delivered."))
        return redirect(petition)
    initial = {
        "delivered_at": petition.delivered_at
        or timezone.localtime().replace(second=0, microsecond=0),
        "delivery_action": petition.delivery_action_id,
    }
    form = DeliveryForm(_posted(request), initial=initial, campaign=request.campaign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action = service.petition_mark_delivered(
            petition=petition,
            delivered_at=data["delivered_at"],
            action=data["delivery_action"],
            create_action=data["create_action"],
            close=data["close"],
            request=request,
        )
        messages.success(request, _("The petition is marked as delivered."))
        if action is not None and data["create_action"]:
            messages.info(request, _("A petition-delivery action was added to the actions."))
        return redirect(petition)
    return page(
        request,
        "actions/petitions/deliver.html",
        {"petition": petition, "form": form, "count": petition.signature_count()},
        status=400 if request.method == "POST" else 200,
    )


class _KnownCountPaginator(Paginator):
    """Pages of signatures whose number comes from the petition's counter, not COUNT(*)."""

    def __init__(self, object_list, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


@campaign_view(Can.EDIT)
def signature_list(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(request, pk)
    signatures = service.signatures_of(petition).order_by("-created_at", "-pk")
    email = " ".join(request.GET.get("email", "").split())[:254]
    count = petition.signature_count()
    if email:  # names are encrypted: an exact email is the one way to find a signer
        signatures = signatures.filter(email_hash=keyed_hash(email))
        current = paginate(request, signatures)
    else:
        current = _KnownCountPaginator(signatures, 50, count).get_page(request.GET.get("page"))
    shown = list(current.object_list)
    if shown:
        audit.record(
            action="signature.read",
            request=request,
            campaign=request.campaign,
            objects=shown,
            where="signature_list",
            count=len(shown),
        )
    return page(
        request,
        "actions/petitions/signatures.html",
        {
            "petition": petition,
            "page": current,
            "shown": shown,
            "email": email,
            "count": count,
            "query": f"email={email}" if email else "",
            "may_erase": may(request, Can.ERASE_PERSONAL_DATA),
        },
    )


@campaign_view(Can.ERASE_PERSONAL_DATA)
def signature_remove(request: HttpRequest, pk: int) -> HttpResponse:
    signature = get_object_or_404(
        Signature.objects.for_campaign(request.campaign).select_related("petition"), pk=pk
    )
    petition = signature.petition
    petition.campaign = request.campaign
    back = reverse("petitions:signatures", args=[request.campaign.slug, petition.pk])
    if request.method == "POST":
        service.signature_remove(signature=signature, request=request)
        messages.success(request, _("The signature was erased."))
        return redirect(back)
    return page(
        request,
        "actions/petitions/signature_remove.html",
        {"petition": petition, "signature": signature, "back": back},
    )


def _filename(petition: Petition, what: str, fmt: str) -> str:
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return f"{petition.slug}-{what}-{stamp}.{fmt}"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _print_html(request: HttpRequest, context: dict, *, for_browser: bool) -> str:
    return render_to_string(
        "actions/petitions/print.html", {**context, "for_browser": for_browser}, request=request
    )


def _pdf_or_print(request: HttpRequest, context: dict, filename: str) -> HttpResponse:
    """A PDF; where the server cannot make one, the same page to print from the browser."""
    try:
        pdf = html_to_pdf(
            _print_html(request, context, for_browser=False),
            stylesheet="actions/petitions.css",
            base_url=request.build_absolute_uri("/"),
        )
    except PdfUnavailable:
        response = HttpResponse(_print_html(request, context, for_browser=True))
        response["Cache-Control"] = "private, no-store"
        return response
    return _attachment(HttpResponse(pdf, content_type="application/pdf"), filename)


def _print_context(petition: Petition) -> dict:
    return {
        "petition": petition,
        "targets": petition.targets.order_by("name"),
        "sponsors": petition.sponsors.order_by("name"),
        "made_at": timezone.localtime(),
    }


@campaign_view(Can.EXPORT_PERSONAL_DATA)
def signature_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The signatures for delivery: personal data, so a second factor, a purpose, an audit
    record naming the petition and the last signature the file holds."""
    if not is_mfa_enabled(request.user):
        return render(
            request, "exchange/needs_mfa.html", {"campaign": request.campaign}, status=403
        )
    petition = _petition(request, pk)
    count = petition.signature_count()
    form = SignatureExportForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        fmt = form.cleaned_data["file_format"]
        with_email = form.cleaned_data["with_email"]
        if fmt != "csv" and count > settings.EXPORT_SYNC_ROWS:
            form.add_error(
                "file_format",
                _("XLSX and PDF are made for up to %(limit)s signatures: choose CSV.")
                % {"limit": settings.EXPORT_SYNC_ROWS},
            )
        else:
            audit.record(
                action="petition.signatures_exported",
                request=request,
                campaign=request.campaign,
                objects=[petition],
                reason=form.cleaned_data["purpose"],
                format=fmt,
                count=count,
                with_email=with_email,
                last_signature=service.last_signature_pk(petition),
            )
            return _signature_file(request, petition, fmt, with_email=with_email)
    return page(
        request,
        "actions/petitions/export.html",
        {"petition": petition, "form": form, "count": count},
        status=400 if request.method == "POST" else 200,
    )


def _signature_file(
    request: HttpRequest, petition: Petition, fmt: str, *, with_email: bool
) -> HttpResponse:
    headers = service.signature_headers(with_email=with_email)
    rows = service.signature_rows(petition, with_email=with_email)
    filename = _filename(petition, "signatures", fmt)
    if fmt == "csv":  # streamed: a petition of a million signatures never sits in memory
        response = StreamingHttpResponse(
            formats.iter_csv(headers, rows), content_type=formats.CONTENT_TYPES["csv"]
        )
        return _attachment(response, filename)
    if fmt == "xlsx":
        content = formats.xlsx_bytes(headers, rows)
        return _attachment(
            HttpResponse(content, content_type=formats.CONTENT_TYPES["xlsx"]), filename
        )
    context = {**_print_context(petition), "headers": headers, "rows": list(rows)}
    return _pdf_or_print(request, context, filename)


@campaign_view(Can.EDIT)
def signature_counts(request: HttpRequest, pk: int) -> HttpResponse:
    """Signatures by postal code or town, and the total: no names, so coordinators too."""
    petition = _petition(request, pk)
    fmt = request.GET.get("format")
    counts = service.place_counts(petition)
    if fmt not in COUNT_FORMATS:
        return page(
            request,
            "actions/petitions/counts.html",
            {"petition": petition, "counts": counts, "formats": COUNT_FORMATS},
        )
    audit.record(
        action="petition.counts_exported",
        request=request,
        campaign=request.campaign,
        objects=[petition],
        format=fmt,
        total=counts.total,
    )
    headers = [_("Postal code or town"), _("Signatures")]
    rows = [*counts.rows, (_("Total"), counts.total)]
    filename = _filename(petition, "counts", fmt)
    if fmt in ("csv", "xlsx"):
        content = formats.render(fmt, headers, rows)
        return _attachment(HttpResponse(content, content_type=formats.CONTENT_TYPES[fmt]), filename)
    context = {**_print_context(petition), "headers": headers, "rows": rows, "counts_only": True}
    return _pdf_or_print(request, context, filename)


# The public page


@public_form("petition")
@cacheable
@require_http_methods(["GET", "HEAD", "POST"])
def public_petition(request: HttpRequest, slug: str) -> HttpResponse:
    """Read only what the page publishes; a signature is one statement (service.sign)."""
    try:
        petition = Petition.published_by_slug(slug)
    except Petition.DoesNotExist:
        raise Http404 from None
    form = SignForm(_posted(request), petition=petition)
    status = 200
    if request.method == "POST":
        if form.is_bot:  # told "thank you", and nothing is stored
            return HttpResponseRedirect(f"{request.path}?signed=new#signed")
        if petition.accepts_signatures and form.is_valid():
            signature, created = service.sign(
                petition, form.cleaned_data, language=get_language() or "", only_if_open=True
            )
            if signature is not None:
                state = "new" if created else "updated"
                return HttpResponseRedirect(f"{request.path}?signed={state}#signed")
            # Closed a moment ago (this process had not heard yet): show the page as it is now.
            petition = get_object_or_404(
                Petition.objects.published().only(*PUBLIC_FIELDS), slug=slug
            )
            form = SignForm(_posted(request), petition=petition)
        status = 400
    return _public_page(request, petition, form, status)


def _public_page(request: HttpRequest, petition: Petition, form: SignForm, status: int):
    count = petition.signature_count()
    signers = []
    if petition.show_signers:
        # Newest first along the index signature_petition_recent; a few rows, never all.
        signers = list(
            petition.signatures.filter(show_publicly=True)
            .only("name", "place", "created_at")
            .order_by("-created_at")[:PUBLIC_SIGNERS]
        )
    signed = request.GET.get("signed")
    # The context processors are lazy (coalition.context_processors): this page never reads the
    # session, so its response does not vary by cookie and shared caches may keep it.
    context = {
        "petition": petition,
        "form": form,
        "count": count,
        "percent": petition.progress_percent(count),
        "targets": petition.targets.only("name").order_by("name"),
        "sponsors": petition.sponsors.only("name").order_by("name"),
        "signers": signers,
        "signed": signed if signed in SIGNED_STATES and request.method == "GET" else "",
        "page_url": request.build_absolute_uri(request.path),
    }
    return render(request, "public/petition.html", context, status=status)
