"""Meetings: the list, logging one (as a coordinator, or as a volunteer who was there), and a
meeting's page with its follow-ups."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coalition.access import (
    campaign_view,
    may,
    may_edit_meeting,
    may_read_meeting_notes,
)
from coalition.audit import contacts_read
from coalition.forms.filters import MeetingFilterForm
from coalition.forms.meetings import FollowUpForm, MeetingForm
from coalition.models import Meeting
from coalition.permissions import Action
from coalition.services.meetings import meeting_delete, meeting_save
from coalition.views.common import list_context, list_template, quick_selects

FORM_TEMPLATE = "coalition/meetings/form.html"


def _meetings(request: HttpRequest):
    return Meeting.objects.for_campaign(request.campaign)


@campaign_view(Action.VIEW)
def meeting_list(request: HttpRequest) -> HttpResponse:
    filter_form = MeetingFilterForm(
        request.GET, campaign=request.campaign, membership=request.membership
    )
    meetings = filter_form.apply(
        _meetings(request).prefetch_related("organizations", "officials", "attendees")
    )
    context = list_context(request, filter_form, meetings)
    context["may_log"] = may(request, Action.LOG_MEETINGS)
    quick_selects(filter_form, context.get("bulk_form"), names_only=("organization",))
    return render(request, list_template(request, "coalition/meetings/list.html"), context)


def _meeting_form(request: HttpRequest, meeting: Meeting | None) -> HttpResponse:
    campaign = request.campaign
    may_pick_contacts = may(request, Action.EDIT)
    data = request.POST if request.method == "POST" else None
    refresh = data is not None and "refresh" in data
    initial = {} if meeting else {"attendees": [request.membership.pk]}
    if meeting is None and request.GET.get("kind") in Meeting.Kind.values:
        initial["kind"] = request.GET["kind"]
    form = MeetingForm(
        data,
        instance=meeting,
        initial=initial,
        campaign=campaign,
        may_pick_contacts=may_pick_contacts,
        may_read_notes=meeting is None or may_read_meeting_notes(request, meeting),
    )
    if data is not None and not refresh and form.is_valid():
        attendees = list(form.cleaned_data["attendees"])
        if not may(request, Action.EDIT) and request.membership not in attendees:
            # Volunteers log meetings they attend: the one logging it was there.
            attendees.append(request.membership)
        saved = meeting_save(
            meeting=form.save(commit=False),
            attendees=attendees,
            organizations=form.cleaned_data["organizations"],
            officials=form.cleaned_data["officials"],
            contacts=form.cleaned_data["contacts"] if may_pick_contacts else None,
            changed=form.changed_data,
            request=request,
        )
        messages.success(request, _("The meeting was saved."))
        return redirect(saved)
    template = FORM_TEMPLATE
    if refresh and request.htmx:
        template = f"{FORM_TEMPLATE}#attendee-picks"
    return render(
        request,
        template,
        {"form": form, "meeting": meeting},
        status=400 if data is not None and not refresh else 200,
    )


@campaign_view(Action.LOG_MEETINGS)
def meeting_create(request: HttpRequest) -> HttpResponse:
    return _meeting_form(request, None)


def _get_meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(
        _meetings(request).prefetch_related("attendees__user", "organizations"), pk=pk
    )
    meeting.campaign = request.campaign
    return meeting


@campaign_view(Action.LOG_MEETINGS)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    if not may_edit_meeting(request, meeting):
        raise PermissionDenied
    return _meeting_form(request, meeting)


def meeting_page(request: HttpRequest, meeting: Meeting, followup_form=None, status: int = 200):
    may_edit = may_edit_meeting(request, meeting)
    context = {
        "meeting": meeting,
        "officials": meeting.officials.select_related("office"),
        "may_edit": may_edit,
        "may_read_notes": may_read_meeting_notes(request, meeting),
        "may_see_contacts": may(request, Action.EDIT),
        "followups": meeting.followups.select_related("owner__user"),
    }
    if context["may_see_contacts"]:
        contacts = list(meeting.contacts.prefetch_related("affiliations__organization"))
        contacts_read(request, contacts, where="meeting")
        context["contacts"] = contacts
    else:
        context["contact_count"] = meeting.contacts.count()
    if may_edit:
        context["followup_form"] = followup_form or FollowUpForm(
            campaign=request.campaign,
            meeting=meeting,
            may_pick_contacts=may(request, Action.EDIT),
        )
    return render(request, "coalition/meetings/detail.html", context, status=status)


@campaign_view(Action.VIEW)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return meeting_page(request, _get_meeting(request, pk))


@campaign_view(Action.EDIT)
def meeting_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    if request.method == "POST":
        meeting_delete(meeting=meeting, request=request)
        messages.success(request, _("The meeting was deleted."))
        return redirect("coalition:meeting_list", campaign_slug=request.campaign.slug)
    return render(
        request,
        "coalition/confirm_delete.html",
        {
            "object": meeting,
            "cancel_url": meeting.get_absolute_url(),
            "warning": _("Its notes are deleted with it; its follow-ups stay, on their own."),
        },
    )
