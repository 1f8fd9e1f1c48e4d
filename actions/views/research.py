"""Research questions with their answers, sources and links; public-records requests."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.forms.research import (
    DocumentForm,
    QuestionAddForm,
    QuestionForm,
    RecordsRequestForm,
    ResearchLinkForm,
)
from actions.models import RecordsDocument, RecordsRequest, ResearchLink, ResearchQuestion
from actions.services.research import (
    document_add,
    document_delete,
    ensure_research_questions,
    question_add,
    question_save,
    records_save,
)
from actions.views.common import current_plan, page, paginate, querystring
from coalition.access import campaign_view
from coalition.permissions import Action as Can

LINKED = ("jurisdiction__state", "office", "facility", "arrangement__office", "policy")


def _questions(request: HttpRequest):
    return ResearchQuestion.objects.for_campaign(request.campaign)


@campaign_view(Can.VIEW)
def research(request: HttpRequest) -> HttpResponse:
    ensure_research_questions(request.campaign)
    return _research_page(request, QuestionAddForm())


def _research_page(request: HttpRequest, form: QuestionAddForm, status: int = 200) -> HttpResponse:
    campaign = request.campaign
    questions = (
        _questions(request)
        .prefetch_related(Prefetch("links", queryset=ResearchLink.objects.select_related(*LINKED)))
        .annotate(requests=Count("records_requests"))
    )
    requests = RecordsRequest.objects.for_campaign(campaign).select_related("office")
    today = timezone.localdate()
    waiting = [r for r in requests.awaiting().order_by("due_on")]
    return page(
        request,
        "actions/research.html",
        {
            "plan": current_plan(request),
            "questions": questions,
            "form": form,
            "waiting": waiting,
            "overdue": [r for r in waiting if r.is_overdue(today)],
            "today": today,
        },
        status=status,
    )


@campaign_view(Can.EDIT)
@require_POST
def question_create(request: HttpRequest) -> HttpResponse:
    form = QuestionAddForm(request.POST)
    if not form.is_valid():
        return _research_page(request, form, status=400)
    question = question_add(campaign=request.campaign, question=form.cleaned_data["question"])
    messages.success(request, _("The question was added."))
    return redirect(question.get_absolute_url())


def _question(request: HttpRequest, pk: int) -> ResearchQuestion:
    question = get_object_or_404(_questions(request), pk=pk)
    question.campaign = request.campaign
    return question


def _question_page(request, question, link_form=None, status: int = 200) -> HttpResponse:
    plan = current_plan(request)
    return page(
        request,
        "actions/question_detail.html",
        {
            "question": question,
            "plan": plan,
            "links": ResearchLink.objects.for_campaign(request.campaign)
            .filter(question=question)
            .select_related(*LINKED),
            "records_requests": RecordsRequest.objects.for_campaign(request.campaign)
            .filter(question=question)
            .select_related("office"),
            "link_form": link_form or ResearchLinkForm(plan=plan),
        },
        status=status,
    )


@campaign_view(Can.VIEW)
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _question_page(request, _question(request, pk))


@campaign_view(Can.EDIT)
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    form = QuestionForm(request.POST or None, instance=question)
    context = {"form": form, "question": question}
    if request.method == "POST":
        if form.is_valid():
            question_save(question=form.save(commit=False), changed=form.changed_data)
            messages.success(request, _("The answer was saved."))
            return redirect(question)
        return page(request, "actions/question_form.html", context, status=400)
    return page(request, "actions/question_form.html", context)


@campaign_view(Can.EDIT)
@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    if question.key:
        messages.error(request, _("The toolkit's questions stay on the list; leave it unanswered."))
        return redirect(question)
    question.delete()
    messages.success(request, _("The question was removed."))
    return redirect(reverse("actions:research", kwargs={"campaign_slug": request.campaign.slug}))


@campaign_view(Can.EDIT)
@require_POST
def link_create(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    form = ResearchLinkForm(request.POST, plan=current_plan(request))
    if not form.is_valid():
        return _question_page(request, question, link_form=form, status=400)
    form.link(question).save()
    messages.success(request, _("The reference data was linked."))
    return redirect(question)


@campaign_view(Can.EDIT)
@require_POST
def link_delete(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(
        ResearchLink.objects.for_campaign(request.campaign).select_related("question"), pk=pk
    )
    question = link.question
    question.campaign = request.campaign
    link.delete()
    messages.success(request, _("The link was removed."))
    return redirect(question)


# Public-records requests


def _requests(request: HttpRequest):
    return RecordsRequest.objects.for_campaign(request.campaign)


@campaign_view(Can.VIEW)
def records_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    requests = (
        _requests(request)
        .select_related("office", "owner__user", "question")
        .annotate(document_count=Count("documents"))
        .order_by("-sent_on", "-pk")
    )
    if status == "waiting":
        requests = requests.awaiting()
    elif status in RecordsRequest.Status.values:
        requests = requests.filter(status=status)
    return page(
        request,
        "actions/records_list.html",
        {
            "page": paginate(request, requests),
            "query": querystring(request),
            "status": status,
            "statuses": RecordsRequest.Status.choices,
            "today": timezone.localdate(),
        },
    )


def _records_form(request, form, records_request=None, status: int = 200) -> HttpResponse:
    return page(
        request,
        "actions/records_form.html",
        {"form": form, "records_request": records_request},
        status=status,
    )


@campaign_view(Can.EDIT)
def records_create(request: HttpRequest) -> HttpResponse:
    campaign = request.campaign
    initial = {"response_days": 10, "owner": request.membership.pk}
    question = request.GET.get("question", "")
    if question.isdigit():
        initial["question"] = int(question)
    form = RecordsRequestForm(
        request.POST or None,
        initial=initial,
        instance=RecordsRequest(campaign=campaign),
        campaign=campaign,
        plan=current_plan(request),
    )
    if request.method == "POST":
        if not form.is_valid():
            return _records_form(request, form, status=400)
        records_request = records_save(records_request=form.save(commit=False))
        messages.success(request, _("The public-records request was added."))
        return redirect(records_request)
    return _records_form(request, form)


def _records_request(request: HttpRequest, pk: int) -> RecordsRequest:
    records_request = get_object_or_404(
        _requests(request).select_related("office", "owner__user", "question"), pk=pk
    )
    records_request.campaign = request.campaign
    return records_request


def _records_page(request, records_request, document_form=None, status=200) -> HttpResponse:
    return page(
        request,
        "actions/records_detail.html",
        {
            "records_request": records_request,
            "documents": RecordsDocument.objects.for_campaign(request.campaign).filter(
                request=records_request
            ),
            "reminders": records_request.reminders.all()[:5],
            "document_form": document_form
            or DocumentForm(initial={"received_on": timezone.localdate()}),
            "today": timezone.localdate(),
        },
        status=status,
    )


@campaign_view(Can.VIEW)
def records_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _records_page(request, _records_request(request, pk))


@campaign_view(Can.EDIT)
def records_edit(request: HttpRequest, pk: int) -> HttpResponse:
    records_request = _records_request(request, pk)
    form = RecordsRequestForm(
        request.POST or None,
        instance=records_request,
        campaign=request.campaign,
        plan=current_plan(request),
    )
    if request.method == "POST":
        if not form.is_valid():
            return _records_form(request, form, records_request, status=400)
        records_save(records_request=form.save(commit=False))
        messages.success(request, _("The public-records request was saved."))
        return redirect(records_request)
    return _records_form(request, form, records_request)


@campaign_view(Can.EDIT)
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    records_request = _records_request(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _records_page(request, records_request, document_form=form, status=400)
    document_add(
        records_request=records_request,
        file=form.cleaned_data["file"],
        title=form.cleaned_data["title"],
        received_on=form.cleaned_data["received_on"],
        request=request,
    )
    messages.success(request, _("The document was added."))
    return redirect(f"{records_request.get_absolute_url()}#documents")


def _document(request: HttpRequest, pk: int) -> RecordsDocument:
    document = get_object_or_404(
        RecordsDocument.objects.for_campaign(request.campaign).select_related("request"), pk=pk
    )
    document.campaign = request.campaign
    return document


@campaign_view(Can.VIEW)
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = _document(request, pk)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    # Always a download, never rendered in the browser: an uploaded HTML file cannot run.
    return FileResponse(handle, as_attachment=True, filename=document.filename)


@campaign_view(Can.EDIT)
@require_POST
def document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    records_request = document.request
    records_request.campaign = request.campaign
    document_delete(document=document, request=request)
    messages.success(request, _("The document was removed."))
    return redirect(f"{records_request.get_absolute_url()}#documents")
