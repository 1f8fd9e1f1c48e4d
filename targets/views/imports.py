"""Upload a public file, see its dry run, confirm it."""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.access import reference_view
from targets.forms import ImportUploadForm
from targets.importers import IMPORTERS, ImportFileError, date_from_filename
from targets.models import ImportRun
from targets.services import import_apply, import_preview


@reference_view(edit=True)
def import_list(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        as_of = (
            form.cleaned_data["as_of"] or date_from_filename(upload.name) or datetime.date.today()
        )
        run = import_preview(
            kind=form.cleaned_data["kind"],
            data=upload.read(),
            filename=upload.name[:255],
            as_of=as_of,
            user=request.user,
            request=request,
        )
        return redirect(run)
    runs = ImportRun.objects.defer("content").select_related("uploaded_by")[:20]
    return render(
        request,
        "targets/import_list.html",
        {"form": form, "runs": runs, "importers": IMPORTERS.values()},
        status=400 if request.method == "POST" else 200,
    )


@reference_view(edit=True)
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    run = get_object_or_404(
        ImportRun.objects.defer("content").select_related("uploaded_by"), pk=import_id
    )
    report = run.result if run.status == ImportRun.Status.APPLIED else run.preview
    return render(request, "targets/import_detail.html", {"run": run, "report": report})


@reference_view(edit=True)
@require_POST
def import_confirm(request: HttpRequest, import_id: int) -> HttpResponseRedirect:
    run = get_object_or_404(ImportRun, pk=import_id)
    if request.POST.get("discard"):
        if run.status == ImportRun.Status.PREVIEWED:
            run.status = ImportRun.Status.DISCARDED
            run.content = b""
            run.save(update_fields=["status", "content"])
            messages.info(request, _("The import was discarded; nothing changed."))
        return redirect("targets:import_list")
    if run.status != ImportRun.Status.PREVIEWED:
        messages.error(request, _("This import has already been applied or discarded."))
        return redirect(run)
    try:
        report = import_apply(run=run, user=request.user, request=request)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect(run)
    messages.success(request, _("Import applied. %(summary)s") % {"summary": report.summary()})
    return redirect(run)
