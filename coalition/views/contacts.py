"""Contacts: personal data, for leads and coordinators only. Every page that shows a contact's
details records the read in the audit trail."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.access import campaign_view
from coalition.audit import contacts_read
from coalition.forms.allies import InteractionForm
from coalition.forms.bulk import ContactBulkForm
from coalition.forms.contacts import AffiliationFormSet, ContactForm, ExportForm, MergeForm
from coalition.forms.filters import ContactFilterForm
from coalition.models import Contact, Interaction, Meeting
from coalition.permissions import Action
from coalition.selectors import contacts_with_details, duplicate_groups
from coalition.services.allies import bulk_point_person, bulk_tag, interaction_log, tag_for_name
from coalition.services.contacts import (
    MergeError,
    contact_delete,
    contact_merge,
    contact_save,
    email_list,
    export_csv,
    possible_duplicates,
)
from coalition.views.common import bulk_selection, list_context, list_template, quick_selects


def _contacts(request: HttpRequest):
    return Contact.objects.for_campaign(request.campaign)


@campaign_view(Action.EDIT)
def contact_list(request: HttpRequest) -> HttpResponse:
    filter_form = ContactFilterForm(
        request.GET, campaign=request.campaign, membership=request.membership
    )
    contacts = filter_form.apply(contacts_with_details(request.campaign))
    context = list_context(request, filter_form, contacts)
    contacts_read(request, list(context["page"].object_list), where="contact_list")
    context["bulk_form"] = ContactBulkForm(campaign=request.campaign, queryset=_contacts(request))
    quick_selects(filter_form, context.get("bulk_form"), names_only=("organization",))
    return render(request, list_template(request, "coalition/contacts/list.html"), context)


@campaign_view(Action.EDIT)
@require_POST
def contact_bulk(request: HttpRequest) -> HttpResponse:
    campaign = request.campaign
    form = ContactBulkForm(request.POST, campaign=campaign, queryset=_contacts(request))
    chosen, back = bulk_selection(
        request, form, ContactFilterForm, _contacts(request), "coalition:contact_list"
    )
    if chosen is None:
        return redirect(back)
    action = form.cleaned_data["action"]
    if action == "email_list":
        reachable, left_out = email_list(campaign=campaign, contacts=chosen, request=request)
        return render(
            request,
            "coalition/contacts/email_list.html",
            {"contacts": reachable, "left_out": left_out, "back": back},
        )
    if action in ("tag", "untag"):
        tag = tag_for_name(campaign=campaign, name=form.cleaned_data["tag_name"])
        count = bulk_tag(queryset=chosen, tag=tag, remove=action == "untag", request=request)
        text = (
            _("Tag “%(tag)s” removed from %(count)s contacts.")
            if action == "untag"
            else _("Tag “%(tag)s” added to %(count)s contacts.")
        )
        messages.success(request, text % {"tag": tag.name, "count": count})
    else:
        person = form.cleaned_data["point_person"]
        count = bulk_point_person(
            queryset=chosen, campaign=campaign, membership=person, request=request
        )
        messages.success(
            request,
            _("Point person of %(count)s contacts: %(person)s.")
            % {"count": count, "person": person.user if person else _("nobody")},
        )
    return redirect(back)


def _edit(request: HttpRequest, contact: Contact | None) -> HttpResponse:
    campaign = request.campaign
    data = request.POST if request.method == "POST" else None
    form = ContactForm(data, instance=contact, campaign=campaign)
    initial = []
    if contact is None and request.GET.get("organization", "").isdigit():
        initial = [{"organization": int(request.GET["organization"])}]
    formset = AffiliationFormSet(
        data,
        instance=contact or Contact(campaign=campaign),
        prefix="orgs",
        form_kwargs={"campaign": campaign},
        initial=initial,
        queryset=contact.affiliations.select_related("organization") if contact else None,
    )
    if data is not None and all([form.is_valid(), formset.is_valid()]):
        changed = list(form.changed_data)
        if formset.has_changed():
            changed.append("organizations")
        saved = contact_save(
            contact=form.save(commit=False),
            affiliations=formset.wanted,
            languages=form.cleaned_data["languages"],
            tags=form.cleaned_data["tags"],
            opt_outs=form.opt_outs,
            changed=changed,
            request=request,
        )
        messages.success(request, _("%(name)s was saved.") % {"name": saved.name})
        if possible_duplicates(saved).exists():
            messages.warning(
                request,
                _(
                    "Another contact has the same name, email address or phone number. "
                    "Check it under “Merge a duplicate”."
                ),
            )
        return redirect(saved)
    if contact is not None:
        contacts_read(request, [contact], where="contact_edit")
    return render(
        request,
        "coalition/contacts/form.html",
        {"form": form, "formset": formset, "contact": contact},
        status=400 if data is not None else 200,
    )


@campaign_view(Action.EDIT)
def contact_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@campaign_view(Action.EDIT)
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(_contacts(request), pk=pk))


def _detail(request: HttpRequest, contact: Contact, interaction_form=None, status: int = 200):
    campaign = request.campaign
    contacts_read(request, [contact], where="contact_detail")
    context = {
        "contact": contact,
        "interactions": Interaction.objects.for_campaign(campaign)
        .filter(contact=contact)
        .select_related("logged_by", "organization"),
        "meetings": Meeting.objects.for_campaign(campaign)
        .filter(contacts=contact)
        .order_by("-starts_at")[:50],
        "followups": contact.followups.filter(campaign=campaign).select_related("owner__user"),
        "duplicates": possible_duplicates(contact).count(),
        "interaction_form": interaction_form or InteractionForm(),
    }
    return render(request, "coalition/contacts/detail.html", context, status=status)


@campaign_view(Action.EDIT)
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(contacts_with_details(request.campaign), pk=pk)
    return _detail(request, contact)


@campaign_view(Action.EDIT)
@require_POST
def contact_interaction_add(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(contacts_with_details(request.campaign), pk=pk)
    form = InteractionForm(request.POST)
    if not form.is_valid():
        return _detail(request, contact, interaction_form=form, status=400)
    interaction = form.save(commit=False)
    interaction.campaign = request.campaign
    interaction.contact = contact
    interaction_log(interaction=interaction, request=request)
    messages.success(request, _("The interaction was added to the log."))
    return redirect(contact)


@campaign_view(Action.EDIT)
def contact_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(_contacts(request), pk=pk)
    if request.method == "POST":
        contact_delete(contact=contact, request=request)
        messages.success(request, _("The contact was deleted."))
        return redirect("coalition:contact_list", campaign_slug=request.campaign.slug)
    contacts_read(request, [contact], where="contact_delete")
    return render(
        request,
        "coalition/confirm_delete.html",
        {
            "object": contact,
            "cancel_url": contact.get_absolute_url(),
            "warning": _(
                "Their details, notes and interaction log are erased. Meetings keep everything "
                "else but no longer list this person."
            ),
        },
    )


@campaign_view(Action.EDIT)
def contact_duplicates(request: HttpRequest) -> HttpResponse:
    groups = duplicate_groups(request.campaign)
    contacts_read(request, [c for g in groups for c in g["contacts"]], where="contact_duplicates")
    return render(request, "coalition/contacts/duplicates.html", {"groups": groups})


@campaign_view(Action.EDIT)
def contact_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(contacts_with_details(request.campaign), pk=pk)
    other_pk = request.POST.get("with") or request.GET.get("with") or ""
    other = None
    if other_pk.isdigit() and int(other_pk) != contact.pk:
        other = contacts_with_details(request.campaign).filter(pk=int(other_pk)).first()
    if other is None:
        if request.method == "POST":
            messages.error(request, _("Choose the other record to merge with."))
        candidates = list(
            possible_duplicates(contact).prefetch_related("affiliations__organization")
        )
        contacts_read(request, [contact, *candidates], where="contact_merge")
        return render(
            request,
            "coalition/contacts/merge.html",
            {"contact": contact, "candidates": candidates},
            status=400 if request.method == "POST" else 200,
        )
    form = MergeForm(request.POST or None, first=contact, second=other)
    if request.method == "POST" and form.is_valid():
        keep, duplicate = form.kept_and_merged()
        try:
            kept = contact_merge(keep=keep, duplicate=duplicate, request=request)
        except MergeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The two records are now one."))
            return redirect(kept)
    contacts_read(request, [contact, other], where="contact_merge")
    return render(
        request,
        "coalition/contacts/merge.html",
        {"contact": contact, "other": other, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@campaign_view(Action.EXPORT_PERSONAL_DATA)
def contact_export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            text, _count = export_csv(
                campaign=request.campaign,
                channel=form.cleaned_data["channel"],
                purpose=form.cleaned_data["purpose"],
                request=request,
            )
            stamp = timezone.localdate().isoformat()
            response = HttpResponse(text, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="contacts-{request.campaign.slug}-{stamp}.csv"'
            )
            response["Cache-Control"] = "no-store"
            return response
        return render(request, "coalition/contacts/export.html", {"form": form}, status=400)
    return render(request, "coalition/contacts/export.html", {"form": form})
