"""Relations that accept only records of the request's campaign."""

from typing import Any

from rest_framework import serializers


class CampaignRelated(serializers.PrimaryKeyRelatedField):
    """A primary key of `model` within the campaign in the serializer context: another
    campaign's id is refused as if it did not exist."""

    def __init__(self, model: type, **kwargs: Any) -> None:
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        campaign = self.context.get("campaign")
        if campaign is None:
            return self.model.objects.none()
        return self.model.objects.for_campaign(campaign)
