"""Rows for the URL walk's samples (tests/conftest.py): the letter pages."""

from actions.models import LetterCampaign, PublicStatus
from actions.services.letters import letter_send
from tests.targets.factories import OfficialFactory

LETTER_PAGES_WITH_PK = [
    "letters:detail",
    "letters:edit",
    "letters:status",
    "letters:outbox",
    "letters:retry",
    "letters:packet",
    "letters:handed",
]


def letter_samples(campaign, people) -> dict:
    """{"pk": {url name: pk}, "slug": {url name: slug}, "extra": {url keyword: value}}"""
    official = OfficialFactory(name="Sam Sample", title="Sheriff", email="")
    letter_campaign = LetterCampaign.objects.create(
        campaign=campaign,
        slug="write-the-sample-sheriff",
        title="Write to the Sheriff",
        text="Ask the Sheriff to stop holding people for ICE.",
        subject="Stop ICE holds",
        body="Dear {recipient_position} {recipient_name},\n\nStop ICE holds.\n\n{sender_name}",
        status=PublicStatus.OPEN,
    )
    letter_campaign.recipients.set([official])
    # A letter to an official without an email address: a packet to print.
    letter_send(
        letter_campaign=letter_campaign,
        name="Pat Sender",
        email="pat@example.org",
        place="Example City",
    )
    return {
        "pk": dict.fromkeys(LETTER_PAGES_WITH_PK, letter_campaign.pk),
        "slug": {"public:letter": letter_campaign.slug},
        "extra": {"recipient_id": official.pk},
    }
