"""Rows for the URL walk's samples (tests/conftest.py): the petition pages."""

from actions.models import Petition, PetitionCounter
from actions.services.petitions import sign

PETITION_PAGES_WITH_PK = [
    "petitions:detail",
    "petitions:edit",
    "petitions:publish",
    "petitions:deliver",
    "petitions:signatures",
    "petitions:export",
    "petitions:counts",
]


def petition_samples(campaign, people) -> dict:
    """{"pk": {url name: pk}, "slug": {url name: slug}, "extra": {url keyword: value}}"""
    petition = Petition.objects.create(
        campaign=campaign,
        slug="sample-petition",
        title="End the 287(g) agreement in Example County",
        text="Sheriff, do not renew the agreement.",
        status=Petition.Status.OPEN,
        created_by=people["lead"],
    )
    PetitionCounter.create_for(petition)
    signature, _created = sign(
        petition,
        {"name": "Sample Signer", "email": "signer@example.org", "place": "Exampleton"},
        language="en",
    )
    pks = dict.fromkeys(PETITION_PAGES_WITH_PK, petition.pk)
    pks["petitions:signature_remove"] = signature.pk
    return {"pk": pks, "slug": {"public:petition": petition.slug}, "extra": {}}
