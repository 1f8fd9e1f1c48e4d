"""Public pages: the 287(g) lookup, finding your county, and offering to lead its campaign.

No account needed; every page reads only public facts (see actions/lookup.py). Filters travel
in the address, so a search can be shared as a link.
"""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from actions.forms.counties import CountySearchForm, LeadRequestForm, LookupForm
from actions.lookup import (
    agreements_by_county,
    campaigns_in,
    counties_with_campaigns,
    county_agreements,
    find_counties,
    search_agreements,
    states,
    with_levers,
)
from actions.public import cacheable, public_form
from actions.services.counties import LeadRequestError, lead_request_submit
from targets.models import Jurisdiction

PAGE_SIZE = 50


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@cacheable
@require_safe
def lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.GET, states=list(states()))
    page = rows = None
    if form.is_valid():
        agreements = search_agreements(
            state=form.cleaned_data["state"],
            county=form.cleaned_data["county"],
            agency=form.cleaned_data["agency"],
            model=form.cleaned_data["model"],
        )
        page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = with_levers(page.object_list)
    filtered = form.is_valid() and any(form.cleaned_data.values())
    return render(
        request,
        "public/lookup.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": filtered,
            "query": _query_without_page(request),
        },
        status=200 if form.is_valid() else 400,
    )


@cacheable
@require_safe
def county_search(request: HttpRequest) -> HttpResponse:
    form = CountySearchForm(request.GET, states=list(states()))
    page = rows = None
    if form.searched:
        counties = find_counties(name=form.cleaned_data["q"], state=form.cleaned_data["state"])
        page = Paginator(counties, PAGE_SIZE).get_page(request.GET.get("page"))
        agreements = agreements_by_county(page.object_list)
        campaigns = counties_with_campaigns(page.object_list)
        rows = [(c, len(agreements.get(c.pk, [])), c.pk in campaigns) for c in page.object_list]
    return render(
        request,
        "public/county_search.html",
        {"form": form, "page": page, "rows": rows, "query": _query_without_page(request)},
        status=200 if form.is_valid() else 400,
    )


@public_form("county_lead")
@cacheable
@require_http_methods(["GET", "HEAD", "POST"])
def county(request: HttpRequest, fips: str) -> HttpResponse:
    county = get_object_or_404(Jurisdiction.objects.counties().select_related("state"), fips=fips)
    status = 200
    if request.method == "POST":
        form = LeadRequestForm(request.POST)
        if form.is_bot:
            return HttpResponseRedirect(
                f"{request.path}?sent=1"
            )  # a bot is thanked; nothing is stored
        if form.is_valid():
            data = form.cleaned_data
            try:
                lead_request_submit(
                    county=county,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    organization=data["organization"],
                    message=data["message"],
                    language=get_language() or "",
                    request=request,
                )
            except LeadRequestError as error:
                form.add_error(None, str(error))
            else:
                return HttpResponseRedirect(f"{request.path}?sent=1")
        status = 400
    else:
        form = LeadRequestForm()
    campaign_count, published = campaigns_in(county)
    return render(
        request,
        "public/county.html",
        {
            "county": county,
            "rows": county_agreements(county),
            "campaign_count": campaign_count,
            "published_campaigns": published,
            "form": form,
            "sent": request.method == "GET" and request.GET.get("sent") == "1",
        },
        status=status,
    )
