"""Pages of the data exchange: exports, imports, jobs and their progress, the API token."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.access import campaign_view, may, may_edit_reference_data, reference_view
from coalition.permissions import Action
from core import audit
from exchange import formats, jobs
from exchange.forms import PersonalExportForm, Upload287gForm
from exchange.imports import RESOURCES, ImportFileError, confirm_import, start_287g, start_import
from exchange.models import ApiToken, Job
from exchange.registry import ExportSpec, campaign_specs, reference_specs


def _deliver(request: HttpRequest, spec: ExportSpec, fmt: str, campaign, purpose: str = ""):
    """Stream CSV and JSON; build small spreadsheets at once; hand large ones to a job."""
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    filename = f"{campaign.slug if campaign else 'reference'}-{spec.name}-{stamp}.{fmt}"
    if fmt in formats.STREAMED:
        stream = (formats.iter_csv if fmt == "csv" else formats.iter_json)(
            spec.headers, spec.rows(campaign, request.user)
        )
        response = StreamingHttpResponse(stream, content_type=formats.CONTENT_TYPES[fmt])
    else:
        if spec.count(campaign, request.user) > settings.EXPORT_SYNC_ROWS:
            job = jobs.start_export(
                spec=spec, fmt=fmt, campaign=campaign, user=request.user, purpose=purpose
            )
            return redirect(job)
        data = formats.render(fmt, spec.headers, spec.rows(campaign, request.user))
        response = HttpResponse(data, content_type=formats.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format", "csv")
    return fmt if fmt in formats.FORMATS else None


def _jobs(request: HttpRequest) -> QuerySet:
    return Job.objects.of_user(request.user).select_related("campaign")


@campaign_view(Action.VIEW)
def campaign_home(request: HttpRequest) -> HttpResponse:
    specs = [s for s in campaign_specs().values() if not s.personal and may(request, s.action)]
    return render(
        request,
        "exchange/campaign_home.html",
        {
            "campaign": request.campaign,
            "specs": specs,
            "formats": formats.FORMATS,
            "may_export_contacts": may(request, Action.EXPORT_PERSONAL_DATA),
            "may_import": may(request, Action.EDIT),
            "import_kinds": _import_kinds(reference=False),
            "jobs": _jobs(request).for_campaign(request.campaign)[:20],
        },
    )


def _import_kinds(*, reference: bool):
    from exchange.imports import RESOURCES

    return [(name, r.label) for name, r in RESOURCES.items() if r.reference == reference]


@campaign_view(Action.VIEW)
def campaign_export(request: HttpRequest, resource: str) -> HttpResponse:
    spec = campaign_specs().get(resource)
    if spec is None or spec.personal:
        raise Http404
    if not may(request, spec.action):
        raise PermissionDenied
    fmt = _format(request)
    if fmt is None:
        return HttpResponseBadRequest(_("Choose CSV, XLSX, ODS or JSON."))
    return _deliver(request, spec, fmt, request.campaign)


@campaign_view(Action.EXPORT_PERSONAL_DATA)
def contact_export(request: HttpRequest) -> HttpResponse:
    """Contacts are personal data: leads only, with a second factor and a stated purpose."""
    if not is_mfa_enabled(request.user):
        return render(
            request, "exchange/needs_mfa.html", {"campaign": request.campaign}, status=403
        )
    spec = campaign_specs()["contacts"]
    form = PersonalExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fmt, purpose = form.cleaned_data["file_format"], form.cleaned_data["purpose"]
        count = spec.count(request.campaign)
        if fmt in formats.STREAMED or count <= settings.EXPORT_SYNC_ROWS:
            audit.record(
                action="exchange.exported",
                request=request,
                campaign=request.campaign,
                objects=list(spec.objects(request.campaign)),
                reason=purpose,
                resource=spec.name,
                format=fmt,
                count=count,
            )
        return _deliver(request, spec, fmt, request.campaign, purpose=purpose)
    return render(
        request,
        "exchange/contact_export.html",
        {"campaign": request.campaign, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@reference_view()
def reference_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "exchange/reference_home.html",
        {
            "specs": list(reference_specs().values()),
            "formats": formats.FORMATS,
            "may_import": may_edit_reference_data(request),
            "import_kinds": _import_kinds(reference=True),
            "jobs": _jobs(request).filter(campaign__isnull=True)[:20],
        },
    )


@reference_view()
def reference_export(request: HttpRequest, resource: str) -> HttpResponse:
    spec = reference_specs().get(resource)
    if spec is None:
        raise Http404
    fmt = _format(request)
    if fmt is None:
        return HttpResponseBadRequest(_("Choose CSV, XLSX, ODS or JSON."))
    return _deliver(request, spec, fmt, None)


# Jobs belong to the person who started them: anyone else gets 404.
# (reference_view: signed in, and leads past their second factor.)


@reference_view()
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(_jobs(request), pk=job_id)
    if job.status == Job.Status.RUNNING and jobs.recover_stalled(_jobs(request).filter(pk=job.pk)):
        job.refresh_from_db()  # its worker stopped: the page says so instead of polling on
    template = "exchange/partials/job_status.html" if request.htmx else "exchange/job_detail.html"
    return render(request, template, {"job": job})


@reference_view()
def job_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(_jobs(request), pk=job_id)
    if job.status != Job.Status.DONE or not job.result:
        raise Http404
    if job.expired:
        return HttpResponse(_("This file has expired. Run the export again."), status=410)
    if job.personal:
        audit.record(
            action="exchange.downloaded",
            request=request,
            campaign=job.campaign,
            objects=[job],
            reason=job.purpose,
            resource=job.resource,
        )
    response = HttpResponse(job.result_bytes(), content_type=job.result_type)
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    return response


@reference_view()
def api_token(request: HttpRequest) -> HttpResponse:
    """A personal API token for scripts. Only its existence is shown later: the key is
    shown once, when it is made."""
    new_key = None
    tokens = ApiToken.objects.of_user(request.user)
    if request.method == "POST":
        revoked = [str(t) for t in tokens]
        tokens.delete()
        if request.POST.get("action") == "create":
            token, new_key = ApiToken.issue(request.user)
            audit.record(
                action="api.token_created", request=request, token=str(token), replaced=revoked
            )
        else:
            audit.record(action="api.token_revoked", request=request, revoked=revoked)
    token = tokens.first()
    response = render(
        request,
        "exchange/api_token.html",
        {"token": token, "new_key": new_key},
    )
    if new_key:
        response["Cache-Control"] = "no-store"  # the key must not stay in any cache
    return response


def _upload(request: HttpRequest, kind: str, *, campaign) -> HttpResponse:
    form = RESOURCES[kind].upload_form()(
        request.POST or None, request.FILES or None, campaign=campaign
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = start_import(
            kind=kind,
            data=upload.read(),
            filename=upload.name,
            campaign=campaign,
            user=request.user,
            options=form.options(),
        )
        return redirect(job)
    return render(
        request,
        "exchange/import_form.html",
        {"form": form, "kind": RESOURCES[kind], "campaign": campaign},
        status=400 if request.method == "POST" else 200,
    )


@campaign_view(Action.EDIT)
def campaign_import(request: HttpRequest, resource: str) -> HttpResponse:
    if resource not in RESOURCES or RESOURCES[resource].reference:
        raise Http404
    return _upload(request, resource, campaign=request.campaign)


@reference_view(edit=True)
def reference_import(request: HttpRequest, resource: str) -> HttpResponse:
    if resource not in RESOURCES or not RESOURCES[resource].reference:
        raise Http404
    return _upload(request, resource, campaign=None)


@reference_view(edit=True)
def import_287g(request: HttpRequest) -> HttpResponse:
    """ICE's 287(g) list (participating or pending) through the reference importer, as a job."""
    form = Upload287gForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = start_287g(
            data=upload.read(),
            filename=upload.name,
            pending=form.cleaned_data["pending"],
            as_of=form.cleaned_data["as_of"],
            user=request.user,
        )
        return redirect(job)
    return render(
        request,
        "exchange/import_287g.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@reference_view()
def job_confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(_jobs(request), pk=job_id)  # first: others learn nothing
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    try:
        confirm_import(job=job)
    except ImportFileError as error:
        return render(
            request, "exchange/job_detail.html", {"job": job, "error": str(error)}, status=400
        )
    return redirect(job)
