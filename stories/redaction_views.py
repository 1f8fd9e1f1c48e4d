"""A lead's page for what anonymized uses remove from one story, where a flagged item may be
kept (with a reason) or removed again. See stories.releases."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coalition.access import campaign_view
from coalition.permissions import Action
from core import audit
from stories import releases
from stories.access import access_for
from stories.models import Identifiability, Story
from stories.redaction import narrative_at


class KeepForm(forms.Form):
    item = forms.ChoiceField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Why it may stay"),
        max_length=500,
        help_text=gettext_lazy(
            "For example: the jail's public phone number; the date of the board's vote. "
            "Kept with the story; the audit trail records that you kept an item, not the item."
        ),
        error_messages={"required": gettext_lazy("Say why this may stay in anonymized uses.")},
    )

    def __init__(self, *args, items: list[releases.Item], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.key, i.text) for i in items if not i.kept]
        self.fields["item"].error_messages["invalid_choice"] = _(
            "This item is no longer flagged in the story, or it is kept already. Reload the "
            "page to see the story as it is now."
        )


def _story(request: HttpRequest, pk: int) -> Story:
    """Any story of the campaign that is not erased; its content is shown only as the lead's
    access to it allows (`_shows_items`)."""
    return get_object_or_404(
        Story.objects.for_campaign(request.campaign)
        .filter(erased_at__isnull=True)
        .select_related("storyteller")
        .prefetch_related("consents", "redaction_releases"),
        pk=pk,
    )


def _page(request: HttpRequest, story: Story) -> HttpResponse:
    return redirect("stories:redaction", campaign_slug=request.campaign.slug, pk=story.pk)


@campaign_view(Action.EXPORT_PERSONAL_DATA)
def redaction(request: HttpRequest, pk: int) -> HttpResponse:
    """What anonymized uses remove from this story, and the items a lead kept.

    The flagged items are shown (and may be kept) only when the lead sees the story with them
    on its own page: consent for internal use at full name or first name. A story the campaign
    may only see anonymized keeps its flagged items hidden from everyone, leads included
    (DESIGN.md, invariant 8); the page then gives their kinds and counts only."""
    story = _story(request, pk)
    access = access_for(request.user, story, role=request.membership.role)
    shows_items = access.level in (Identifiability.FULL_NAME, Identifiability.FIRST_NAME)
    found = releases.review(story)
    form = KeepForm(items=found.items)
    status = 200
    if request.method == "POST":
        if not shows_items:
            messages.error(request, _("The flagged items of this story cannot be shown or kept."))
            return _page(request, story)
        form = KeepForm(request.POST, items=found.items)
        if form.is_valid():
            releases.keep(
                story=story,
                item=found.item(form.cleaned_data["item"]),
                reason=form.cleaned_data["reason"],
                user=request.user,
                request=request,
            )
            messages.success(request, _("Kept. Anonymized uses of this story show it from now on."))
            return _page(request, story)
        status = 400
    if access.visible:
        audit.record(
            action="story.redaction_reviewed",
            request=request,
            campaign=request.campaign,
            objects=[story],
        )
    return render(
        request,
        "stories/redaction.html",
        {
            "story": story,
            "review": found,
            "shows_items": shows_items,
            "visible": access.visible,
            "anonymized": narrative_at(story, Identifiability.ANONYMIZED) if access.visible else "",
            "form": form,
        },
        status=status,
    )


@campaign_view(Action.EXPORT_PERSONAL_DATA)
@require_POST
def redaction_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a kept item again from the story's anonymized uses."""
    story = _story(request, pk)
    release_pk = request.POST.get("release", "")
    release = next(
        (
            r
            for r in story.redaction_releases.all()
            if release_pk.isdigit() and r.pk == int(release_pk)
        ),
        None,
    )
    if release is None:
        messages.error(request, _("That item is not kept (any more): nothing to undo."))
        return _page(request, story)
    releases.undo(story=story, release=release, user=request.user, request=request)
    messages.success(request, _("Removed again from anonymized uses of this story."))
    return _page(request, story)
