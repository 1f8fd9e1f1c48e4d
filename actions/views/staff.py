"""Site staff's review of requests to lead a county campaign.

Only site staff (user.is_staff) reach these pages: anyone else signed in gets 404, as an
outsider does for a campaign, and an anonymous visitor is sent to sign in. Staff read the
personal details of the people who offered, so the second-factor rule that protects leads
(settings.REQUIRE_LEAD_MFA) applies to them too. Every page that shows those details leaves
an audit record.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.forms.counties import ReviewForm
from actions.lookup import agreements_by_county, county_agreements
from actions.models import CampaignPlan, LeadRequest, LeadRequestStatus
from actions.services.counties import (
    LeadRequestError,
    lead_request_approve,
    lead_request_decline,
)
from core import audit


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise Http404
        if settings.REQUIRE_LEAD_MFA and not is_mfa_enabled(request.user):
            messages.warning(
                request,
                _(
                    "Site staff see the personal details of people who offer to lead a "
                    "campaign: set up a second factor (an authenticator app or a passkey) to "
                    "continue."
                ),
            )
            return redirect("mfa_index")
        return view(request, *args, **kwargs)

    wrapped.staff_only = True  # read by the authorization tests
    return wrapped


def _requests() -> Any:
    return LeadRequest.objects.select_related("jurisdiction__state", "campaign", "reviewed_by")


@staff_view
def lead_requests(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", LeadRequestStatus.PENDING)
    if status not in LeadRequestStatus.values:
        status = LeadRequestStatus.PENDING
    found = _requests().filter(status=status).order_by("created_at", "pk")
    if status != LeadRequestStatus.PENDING:
        found = found.order_by("-reviewed_at", "-pk")
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    requests = list(page.object_list)
    agreements = agreements_by_county(r.jurisdiction for r in requests)
    if requests:
        audit.record(action="lead_request.viewed", request=request, objects=requests)
    return render(
        request,
        "actions/staff/lead_requests.html",
        {
            "page": page,
            "rows": [(r, agreements.get(r.jurisdiction_id, [])) for r in requests],
            "status": status,
            "statuses": LeadRequestStatus.choices,
            "query": f"status={status}",
        },
    )


@staff_view
def lead_request(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(_requests(), pk=pk)
    audit.record(action="lead_request.viewed", request=request, objects=[found])
    return _detail(request, found, ReviewForm())


def _detail(
    request: HttpRequest, found: LeadRequest, form: ReviewForm, status: int = 200
) -> HttpResponse:
    county = found.jurisdiction
    # Staff administer campaigns: they see every campaign already working in the county.
    campaigns = [
        plan.campaign
        for plan in CampaignPlan.objects.filter(jurisdiction=county)
        .select_related("campaign")
        .order_by("campaign__name")
    ]
    others = (
        LeadRequest.objects.filter(jurisdiction=county, status=LeadRequestStatus.PENDING)
        .exclude(pk=found.pk)
        .count()
    )
    return render(
        request,
        "actions/staff/lead_request.html",
        {
            "lead_request": found,
            "county": county,
            "rows": county_agreements(county),
            "campaigns": campaigns,
            "other_pending": others,
            "form": form,
        },
        status=status,
    )


@staff_view
@require_POST
def lead_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(_requests(), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _detail(request, found, form, status=400)
    note = form.cleaned_data["note"]
    try:
        if form.cleaned_data["decision"] == ReviewForm.APPROVE:
            campaign = lead_request_approve(lead_request=found, note=note, request=request)
        else:
            lead_request_decline(lead_request=found, note=note, request=request)
    except LeadRequestError as error:
        messages.error(request, str(error))
        return redirect("staff:lead_request", pk=found.pk)
    if form.cleaned_data["decision"] == ReviewForm.APPROVE:
        messages.success(
            request,
            _(
                "Approved. The campaign “%(campaign)s” was created for %(county)s and its "
                "lead was sent an invitation by email."
            )
            % {"campaign": campaign, "county": found.jurisdiction},
        )
    else:
        messages.success(
            request,
            _("Declined. Nothing else was created for %(county)s.")
            % {"county": found.jurisdiction},
        )
    return redirect(reverse("staff:lead_requests"))
