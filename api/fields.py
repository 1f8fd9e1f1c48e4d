"""Relations that accept only records of the request's campaign."""

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
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


class CampaignTags(serializers.SlugRelatedField):
    """Tags of the campaign in the serializer context, by name (any case). A name the
    campaign has no tag for is refused: tags are made on the web."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="name", **kwargs)

    def get_queryset(self) -> Any:
        from coalition.models import Tag

        campaign = self.context.get("campaign")
        if campaign is None:
            return Tag.objects.none()
        return Tag.objects.for_campaign(campaign)

    def to_internal_value(self, data: Any) -> Any:
        # No tag has a NUL or a lone surrogate in its name, and neither can reach the
        # database (PostgreSQL refuses NUL; UTF-8 cannot encode a surrogate).
        if not isinstance(data, str) or not data.strip() or not _storable(data):
            self.fail("invalid")
        tag = self.get_queryset().filter(name__iexact=data.strip()).first()
        if tag is None:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return tag


def _storable(text: str) -> bool:
    return "\x00" not in text and not any("\ud800" <= char <= "\udfff" for char in text)


class CampaignRelatedSchema(OpenApiSerializerFieldExtension):
    """In the schema, a campaign record is named by its integer id (drf-spectacular cannot
    read the model from a queryset chosen per request)."""

    target_class = CampaignRelated

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        return build_basic_type(OpenApiTypes.INT)
