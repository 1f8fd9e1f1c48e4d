"""API representations of coalition data. No side effects: writes go through the services."""

from typing import Any

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers

from api.fields import CampaignRelated, CampaignTags
from coalition.access import may, may_read_meeting_notes
from coalition.models import (
    Campaign,
    Contact,
    ContactLanguage,
    FollowUp,
    Meeting,
    Membership,
    Organization,
)
from coalition.permissions import Action
from targets.models import Official


class CampaignSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = ["slug", "name", "description", "jurisdiction_text", "created_at", "role"]
        read_only_fields = fields

    def get_role(self, campaign: Campaign) -> str:
        request = self.context["request"]
        return next(
            (m.role for m in getattr(request, "_memberships", []) if m.campaign_id == campaign.pk),
            "",
        )


class OrganizationSerializer(serializers.ModelSerializer):
    point_person = CampaignRelated(Membership, required=False, allow_null=True)
    tags = CampaignTags(
        many=True,
        required=False,
        help_text="Names of the campaign's tags (made on the web); other names are refused.",
    )

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "kind",
            "stance",
            "capacity",
            "influence",
            "expertise",
            "brings",
            "asks",
            "base_size",
            "website",
            "notes",
            "point_person",
            "tags",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate_name(self, value: str) -> str:
        campaign = self.context["campaign"]
        name = value.strip()
        # As the unique constraint compares (lower case, by the database's rules: where they
        # differ from upper case, e.g. a Kelvin sign, iexact alone let an IntegrityError
        # through on PostgreSQL), and as the web form does (iexact).
        taken = (
            Organization.objects.for_campaign(campaign)
            .alias(lowered=Lower("name"))
            .filter(models.Q(name__iexact=name) | models.Q(lowered=Lower(models.Value(name))))
        )
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError(
                _("The campaign already has an organization of that name.")
            )
        return name


class AffiliationSerializer(serializers.Serializer):
    """A contact's organization (of the same campaign) and their role there."""

    organization = CampaignRelated(Organization)
    name = serializers.CharField(source="organization.name", read_only=True)
    role = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate_role(self, value: str) -> str:
        return " ".join(value.split())


class LanguagesField(serializers.ListField):
    def to_representation(self, languages) -> list[str]:
        return [lang.language for lang in languages.all()]


class ContactSerializer(serializers.ModelSerializer):
    languages = LanguagesField(
        child=serializers.ChoiceField(choices=ContactLanguage.Language.choices),
        required=False,
        help_text="Language codes the person speaks.",
    )
    organizations = AffiliationSerializer(
        source="affiliations",
        many=True,
        required=False,
        help_text="The organizations of this campaign the person belongs to, with their role. "
        "Sent, the list replaces the contact's organizations.",
    )
    tags = CampaignTags(
        many=True,
        required=False,
        help_text="Names of the campaign's tags (made on the web); other names are refused.",
    )
    point_person = CampaignRelated(Membership, required=False, allow_null=True)
    may_email = serializers.BooleanField(read_only=True)
    may_call = serializers.BooleanField(read_only=True)
    may_text = serializers.BooleanField(read_only=True)

    class Meta:
        model = Contact
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "notes",
            "preferred_channel",
            "point_person",
            "languages",
            "organizations",
            "tags",
            "may_email",
            "may_call",
            "may_text",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"email": {"allow_blank": True}, "name": {"allow_blank": False}}

    def validate_email(self, value: str) -> str:
        if value:
            serializers.EmailField().run_validation(value)
        return value.strip()

    def validate_name(self, value: str) -> str:
        if not value.strip() or "\x00" in value:
            raise serializers.ValidationError(_("Give the person's name."))
        return value.strip()

    def validate_organizations(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen = [item["organization"].pk for item in value]
        if len(seen) != len(set(seen)):
            raise serializers.ValidationError(_("Name each organization once."))
        return value


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting and who was there: members, organizations, officials met, and (for leads
    and coordinators, who may see contacts) the contacts present. Ids of other campaigns'
    records are refused."""

    attendees = CampaignRelated(
        Membership,
        many=True,
        required=False,
        help_text="Coalition members present (membership ids). A volunteer who logs a meeting "
        "is always among them.",
    )
    organizations = CampaignRelated(Organization, many=True, required=False)
    contacts = serializers.ManyRelatedField(
        child_relation=CampaignRelated(Contact),
        required=False,
        allow_null=True,
        help_text="Contacts present: read and written by leads and coordinators only (null "
        "for other roles, who may send null only). null leaves them as they are.",
    )
    officials = serializers.PrimaryKeyRelatedField(
        queryset=Official.objects.all(),
        many=True,
        required=False,
        help_text="Officials met (ids of the shared reference data).",
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "link",
            "agenda",
            "notes",
            "decisions",
            "attendees",
            "organizations",
            "contacts",
            "officials",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def _may_see_contacts(self) -> bool:
        request = self.context.get("request")
        return request is not None and may(request._request, Action.EDIT)

    def validate_contacts(self, value: Any) -> Any:
        """null leaves the contacts as they are (what other roles read back); a list is
        for leads and coordinators only."""
        if value is not None and not self._may_see_contacts():
            raise exceptions.PermissionDenied(
                _("Only leads and coordinators may say which contacts were present.")
            )
        return value

    def _plausible(self, value: Any) -> Any:
        # Far-off years are typing mistakes (and old local time offsets are not RFC 3339).
        if value is not None and not 1900 <= value.year <= 2200:
            raise serializers.ValidationError(_("Give a date between 1900 and 2200."))
        return value

    def validate_starts_at(self, value: Any) -> Any:
        return self._plausible(value)

    def validate_ends_at(self, value: Any) -> Any:
        return self._plausible(value)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        starts = data.get("starts_at", getattr(self.instance, "starts_at", None))
        ends = data.get("ends_at", getattr(self.instance, "ends_at", None))
        if starts and ends and ends < starts:
            raise serializers.ValidationError(
                {"ends_at": _("A meeting cannot end before it starts.")}
            )
        return data

    def to_representation(self, meeting: Meeting) -> dict[str, Any]:
        data = super().to_representation(meeting)
        request = self.context.get("request")
        if request is None or not may_read_meeting_notes(request._request, meeting):
            data["notes"] = None
        if not self._may_see_contacts():
            data["contacts"] = None
        return data


class FollowUpSerializer(serializers.ModelSerializer):
    meeting = CampaignRelated(Meeting, required=False, allow_null=True)
    owner = CampaignRelated(Membership, required=False, allow_null=True)
    organization = CampaignRelated(Organization, required=False, allow_null=True)
    contact = CampaignRelated(Contact, required=False, allow_null=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "title",
            "meeting",
            "owner",
            "due_on",
            "state",
            "closed_at",
            "organization",
            "contact",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "closed_at", "created_at", "updated_at"]
