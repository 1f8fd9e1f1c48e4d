"""Allied organizations: the list, one organization's page and log, and their forms."""

from django.contrib import messages
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.access import campaign_view, may
from coalition.audit import contacts_read
from coalition.forms.allies import InteractionForm, OrganizationForm
from coalition.forms.bulk import TagPointPersonBulkForm
from coalition.forms.filters import OrganizationFilterForm
from coalition.models import Affiliation, Interaction, Meeting, Organization
from coalition.permissions import Action
from coalition.services.allies import (
    bulk_point_person,
    bulk_tag,
    interaction_log,
    organization_delete,
    organization_save,
    tag_for_name,
)
from coalition.views.common import bulk_selection, list_context, list_template, quick_selects


def _organizations(request: HttpRequest):
    return Organization.objects.for_campaign(request.campaign)


@campaign_view(Action.VIEW)
def organization_list(request: HttpRequest) -> HttpResponse:
    filter_form = OrganizationFilterForm(
        request.GET, campaign=request.campaign, membership=request.membership
    )
    last_met = (
        Meeting.organizations.through.objects.filter(organization=OuterRef("pk"))
        .order_by("-meeting__starts_at")
        .values("meeting__starts_at")[:1]
    )
    organizations = filter_form.apply(
        _organizations(request)
        .select_related("point_person__user")
        .prefetch_related("tags")
        .annotate(contact_count=Count("affiliations"), last_met=Subquery(last_met))
    )
    context = list_context(request, filter_form, organizations)
    if may(request, Action.EDIT):
        context["bulk_form"] = TagPointPersonBulkForm(
            campaign=request.campaign, queryset=_organizations(request)
        )
    quick_selects(filter_form, context.get("bulk_form"))
    return render(request, list_template(request, "coalition/organizations/list.html"), context)


@campaign_view(Action.EDIT)
@require_POST
def organization_bulk(request: HttpRequest) -> HttpResponse:
    campaign = request.campaign
    form = TagPointPersonBulkForm(request.POST, campaign=campaign, queryset=_organizations(request))
    chosen, back = bulk_selection(
        request,
        form,
        OrganizationFilterForm,
        _organizations(request),
        "coalition:organization_list",
    )
    if chosen is None:
        return redirect(back)
    action = form.cleaned_data["action"]
    if action in ("tag", "untag"):
        tag = tag_for_name(campaign=campaign, name=form.cleaned_data["tag_name"])
        count = bulk_tag(queryset=chosen, tag=tag, remove=action == "untag", request=request)
        text = (
            _("Tag “%(tag)s” removed from %(count)s organizations.")
            if action == "untag"
            else _("Tag “%(tag)s” added to %(count)s organizations.")
        )
        messages.success(request, text % {"tag": tag.name, "count": count})
    else:
        person = form.cleaned_data["point_person"]
        count = bulk_point_person(
            queryset=chosen, campaign=campaign, membership=person, request=request
        )
        messages.success(
            request,
            _("Point person of %(count)s organizations: %(person)s.")
            % {"count": count, "person": person.user if person else _("nobody")},
        )
    return redirect(back)


def _form_page(request: HttpRequest, form: OrganizationForm, status: int = 200) -> HttpResponse:
    return render(request, "coalition/organizations/form.html", {"form": form}, status=status)


@campaign_view(Action.EDIT)
def organization_create(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None, campaign=request.campaign)
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, status=400)
        organization = organization_save(
            organization=form.save(commit=False),
            tags=form.cleaned_data["tags"],
            changed=form.changed_data,
            request=request,
        )
        messages.success(request, _("%(name)s was added.") % {"name": organization.name})
        return redirect(organization)
    return _form_page(request, form)


@campaign_view(Action.EDIT)
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(_organizations(request), pk=pk)
    form = OrganizationForm(request.POST or None, instance=organization, campaign=request.campaign)
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, status=400)
        organization_save(
            organization=form.save(commit=False),
            tags=form.cleaned_data["tags"],
            changed=form.changed_data,
            request=request,
        )
        messages.success(request, _("Your changes were saved."))
        return redirect(organization)
    return _form_page(request, form)


def _detail(
    request: HttpRequest, organization: Organization, interaction_form=None, status: int = 200
) -> HttpResponse:
    campaign = request.campaign
    may_edit = may(request, Action.EDIT)
    meetings = list(
        Meeting.objects.for_campaign(campaign)
        .filter(organizations=organization)
        .order_by("-starts_at")[:50]
    )
    context = {
        "organization": organization,
        "meetings": meetings,
        "endorsements": organization.endorsements.select_related("principle"),
        "followups": organization.followups.filter(campaign=campaign)
        .open()
        .select_related("owner__user"),
        "may_edit": may_edit,
    }
    if may_edit:
        affiliations = list(
            Affiliation.objects.filter(organization=organization, contact__campaign=campaign)
            .select_related("contact")
            .order_by("-contact__created_at")
        )
        interactions = list(
            Interaction.objects.for_campaign(campaign)
            .filter(organization=organization)
            .select_related("logged_by", "contact")
        )
        shown = {a.contact.pk: a.contact for a in affiliations}
        shown.update((i.contact.pk, i.contact) for i in interactions if i.contact is not None)
        contacts_read(request, list(shown.values()), where="organization")
        log = [(i.happened_on, "interaction", i) for i in interactions]
        log += [(m.starts_at.date(), "meeting", m) for m in meetings]
        context.update(
            affiliations=affiliations,
            log=sorted(log, key=lambda entry: entry[0], reverse=True),
            interaction_form=interaction_form or InteractionForm(),
        )
    return render(request, "coalition/organizations/detail.html", context, status=status)


@campaign_view(Action.VIEW)
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(
        _organizations(request).select_related("point_person__user").prefetch_related("tags"),
        pk=pk,
    )
    return _detail(request, organization)


@campaign_view(Action.EDIT)
@require_POST
def organization_interaction_add(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(_organizations(request), pk=pk)
    form = InteractionForm(request.POST)
    if not form.is_valid():
        return _detail(request, organization, interaction_form=form, status=400)
    interaction = form.save(commit=False)
    interaction.campaign = request.campaign
    interaction.organization = organization
    interaction_log(interaction=interaction, request=request)
    messages.success(request, _("The interaction was added to the log."))
    return redirect(organization)


@campaign_view(Action.EDIT)
def organization_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(_organizations(request), pk=pk)
    if request.method == "POST":
        organization_delete(organization=organization, request=request)
        messages.success(request, _("%(name)s was deleted.") % {"name": organization.name})
        return redirect("coalition:organization_list", campaign_slug=request.campaign.slug)
    return render(
        request,
        "coalition/confirm_delete.html",
        {
            "object": organization,
            "cancel_url": organization.get_absolute_url(),
            "warning": _(
                "Its interaction log and endorsements are deleted with it. Its contacts stay, "
                "without this organization."
            ),
        },
    )
