"""Sample rows for the data exchange's URLs (the authorization walk, tests/conftest.py)."""

from typing import Any

from exchange.models import Job

REFERENCE_DETAIL = {
    "jurisdiction": "jurisdiction_id",
    "office": "office_id",
    "official": "official_id",
    "facility": "facility_id",
    "arrangement": "arrangement_id",
    "detainer-policy": "policy_id",
}


def exchange_samples(
    campaign: Any, people: dict[str, Any], coalition_pks: dict, stories: dict, reference: dict
) -> dict[str, Any]:
    """`pk` of every API detail route; a finished export job of the lead (jobs are their
    owner's alone)."""
    pk = {
        "api:campaign-organization-detail": coalition_pks["coalition:organization_detail"],
        "api:campaign-contact-detail": coalition_pks["coalition:contact_detail"],
        "api:campaign-meeting-detail": coalition_pks["coalition:meeting_detail"],
        "api:campaign-followup-detail": coalition_pks["coalition:followup_detail"],
        "api:campaign-story-detail": stories["story_pk"],
    }
    for basename, key in REFERENCE_DETAIL.items():
        pk[f"api:{basename}-detail"] = reference[key]
    job = Job.objects.create(
        kind=Job.Kind.EXPORT,
        campaign=campaign,
        user=people["lead"],
        resource="organizations",
        file_format="csv",
        status=Job.Status.DONE,
    )
    job.set_result(b"id,name\r\n", name="sample.csv", content_type="text/csv")
    job.save()
    return {
        "pk": pk,
        "job_id": job.pk,
        "resource": {
            "exchange:campaign_export": "organizations",
            "exchange:reference_export": "jurisdictions",
            "exchange:campaign_import": "organizations",
            "exchange:reference_import": "officials",
        },
    }
