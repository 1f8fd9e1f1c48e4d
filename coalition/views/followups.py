"""Follow-ups: the tasks that come out of meetings, who owns them and when they are due."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.access import campaign_view, may, may_change_followup, may_edit_meeting
from coalition.audit import contacts_read
from coalition.forms.bulk import FollowUpBulkForm
from coalition.forms.filters import FollowUpFilterForm
from coalition.forms.meetings import FollowUpForm, FollowUpStateForm
from coalition.models import FollowUp, Meeting
from coalition.permissions import Action
from coalition.services.meetings import followup_save, followup_set_state, followups_bulk_update
from coalition.views.common import bulk_selection, list_context, list_template, quick_selects
from coalition.views.meetings import meeting_page


def _followups(request: HttpRequest):
    return FollowUp.objects.for_campaign(request.campaign)


@campaign_view(Action.VIEW)
def followup_list(request: HttpRequest) -> HttpResponse:
    filter_form = FollowUpFilterForm(
        request.GET, campaign=request.campaign, membership=request.membership
    )
    followups = filter_form.apply(_followups(request).select_related("owner__user", "meeting"))
    context = list_context(request, filter_form, followups)
    for followup in context["page"].object_list:
        followup.may_change = may_change_followup(request, followup)
    context["may_edit"] = may(request, Action.EDIT)
    if context["may_edit"]:
        context["bulk_form"] = FollowUpBulkForm(
            campaign=request.campaign, queryset=_followups(request)
        )
    quick_selects(filter_form, context.get("bulk_form"))
    return render(request, list_template(request, "coalition/followups/list.html"), context)


@campaign_view(Action.EDIT)
@require_POST
def followup_bulk(request: HttpRequest) -> HttpResponse:
    campaign = request.campaign
    form = FollowUpBulkForm(request.POST, campaign=campaign, queryset=_followups(request))
    chosen, back = bulk_selection(
        request, form, FollowUpFilterForm, _followups(request), "coalition:followup_list"
    )
    if chosen is None:
        return redirect(back)
    if form.cleaned_data["action"] == "owner":
        count = followups_bulk_update(
            queryset=chosen, owner=form.cleaned_data["owner"], set_owner=True, request=request
        )
    else:
        count = followups_bulk_update(queryset=chosen, state=form.state, request=request)
    messages.success(request, _("%(count)s follow-ups were updated.") % {"count": count})
    return redirect(back)


def _form_page(request, form, followup=None, meeting=None, status: int = 200) -> HttpResponse:
    return render(
        request,
        "coalition/followups/form.html",
        {"form": form, "followup": followup, "meeting": meeting},
        status=status,
    )


@campaign_view(Action.EDIT)
def followup_create(request: HttpRequest) -> HttpResponse:
    initial = {"owner": request.membership.pk}
    for name in ("contact", "organization"):
        if request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    form = FollowUpForm(request.POST or None, initial=initial, campaign=request.campaign)
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, status=400)
        followup = followup_save(
            followup=form.save(commit=False), changed=form.changed_data, request=request
        )
        messages.success(request, _("The follow-up was added."))
        return redirect(followup)
    return _form_page(request, form)


@campaign_view(Action.LOG_MEETINGS)
@require_POST
def meeting_followup_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.for_campaign(request.campaign).prefetch_related("attendees__user"), pk=pk
    )
    meeting.campaign = request.campaign
    if not may_edit_meeting(request, meeting):
        raise PermissionDenied
    form = FollowUpForm(
        request.POST,
        campaign=request.campaign,
        meeting=meeting,
        may_pick_contacts=may(request, Action.EDIT),
    )
    if not form.is_valid():
        return meeting_page(request, meeting, followup_form=form, status=400)
    followup_save(followup=form.save(commit=False), changed=form.changed_data, request=request)
    messages.success(request, _("The follow-up was added."))
    return redirect(f"{meeting.get_absolute_url()}#followups")


def _get(request: HttpRequest, pk: int) -> FollowUp:
    followup = get_object_or_404(
        _followups(request).select_related("owner__user", "meeting", "organization", "contact"),
        pk=pk,
    )
    followup.campaign = request.campaign
    return followup


@campaign_view(Action.VIEW)
def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    followup = _get(request, pk)
    may_change = may_change_followup(request, followup)
    if followup.contact is not None and may(request, Action.EDIT):
        contacts_read(request, [followup.contact], where="followup")
    return render(
        request,
        "coalition/followups/detail.html",
        {
            "followup": followup,
            "may_change": may_change,
            "may_read_details": may_change,
            "may_see_contact": may(request, Action.EDIT),
        },
    )


@campaign_view(Action.LOG_MEETINGS)
def followup_edit(request: HttpRequest, pk: int) -> HttpResponse:
    followup = _get(request, pk)
    if not may_change_followup(request, followup):
        raise PermissionDenied
    form = FollowUpForm(
        request.POST or None,
        instance=followup,
        campaign=request.campaign,
        may_pick_contacts=may(request, Action.EDIT),
    )
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, followup=followup, status=400)
        followup_save(followup=form.save(commit=False), changed=form.changed_data, request=request)
        messages.success(request, _("Your changes were saved."))
        return redirect(followup)
    return _form_page(request, form, followup=followup)


@campaign_view(Action.LOG_MEETINGS)
@require_POST
def followup_state(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a follow-up done, dropped or open again; htmx gets the updated row back."""
    followup = _get(request, pk)
    if not may_change_followup(request, followup):
        raise PermissionDenied
    followup.may_change = True
    form = FollowUpStateForm(request.POST)
    error = None
    if form.is_valid():
        followup_set_state(followup=followup, state=form.cleaned_data["state"], request=request)
    else:
        error = _("Choose done, dropped or open.")
    if request.htmx:
        return render(
            request,
            "coalition/followups/list.html#followup-row",
            {"followup": followup, "row_error": error, "campaign": request.campaign},
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("“%(title)s” is now %(state)s.")
            % {"title": followup.title, "state": followup.get_state_display().lower()},
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = followup.get_absolute_url()
    return redirect(next_url)
