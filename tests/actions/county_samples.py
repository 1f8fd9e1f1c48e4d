"""Rows for the URL walk's samples (tests/conftest.py): the county pages."""

from actions.models import LeadRequest
from core.crypto import keyed_hash
from targets.models import Jurisdiction

SAMPLE_FIPS = "56999"


def county_samples(campaign, people) -> dict:
    """{"pk": {url name: pk}, "slug": {url name: slug}, "extra": {url keyword: value}}"""
    state, _ = Jurisdiction.objects.get_or_create(
        fips="56",
        defaults={"name": "Wyoming", "kind": Jurisdiction.Kind.STATE, "postal_code": "WY"},
    )
    county = Jurisdiction.objects.create(
        name="Walk Sample County",
        kind=Jurisdiction.Kind.COUNTY,
        parent=state,
        state=state,
        fips=SAMPLE_FIPS,
    )
    lead_request = LeadRequest.objects.create(
        jurisdiction=county,
        name="Sam Sample",
        email="sam.sample@example.org",
        email_hash=keyed_hash("sam.sample@example.org"),
    )
    pk = lead_request.pk
    return {
        "pk": {"staff:lead_request": pk, "staff:lead_request_decide": pk},
        "slug": {},
        "extra": {"fips": county.fips},
    }
