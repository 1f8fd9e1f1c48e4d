"""API endpoints of the coalition: /api/campaigns/ and each campaign's records under it."""

from typing import Any

import django_filters
from django.db import models
from rest_framework import mixins, viewsets
from rest_framework.serializers import BaseSerializer

from api.permissions import Member
from api.viewsets import CampaignViewSet
from coalition.access import may, may_change_followup, may_edit_meeting
from coalition.models import Campaign, Contact, FollowUp, Meeting, Organization
from coalition.permissions import Action
from coalition.serializers import (
    CampaignSerializer,
    ContactSerializer,
    FollowUpSerializer,
    MeetingSerializer,
    OrganizationSerializer,
)
from coalition.services.allies import organization_delete, organization_save
from coalition.services.contacts import OPT_OUT_FIELDS, contact_delete, contact_save
from coalition.services.meetings import followup_save, meeting_delete, meeting_save
from core import audit


class CampaignAPI(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The campaigns you belong to, with your role in each."""

    serializer_class = CampaignSerializer
    permission_classes = [Member]
    lookup_field = "slug"
    pagination_class = None
    ordering_fields = ["name", "created_at"]
    filterset_fields = ["slug"]

    def get_queryset(self) -> models.QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Campaign.objects.none()
        from coalition.access import user_memberships

        user_memberships(self.request)  # read once, for the role of each campaign
        return Campaign.objects.for_user(self.request.user).order_by("name")


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name, expertise or tag")

    class Meta:
        model = Organization
        fields = ["kind", "stance", "capacity", "influence", "point_person"]

    def search(self, queryset: models.QuerySet, name: str, value: str) -> models.QuerySet:
        return queryset.search(value)


class OrganizationAPI(CampaignViewSet):
    """Allied organizations. Every member reads; leads and coordinators write."""

    model = Organization
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["name", "created_at", "stance", "influence"]

    def get_queryset(self) -> models.QuerySet:
        return self.scoped().prefetch_related("tags")

    def perform_create(self, serializer: BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        tags = data.pop("tags", [])
        organization = Organization(campaign=self.request.campaign, **data)
        serializer.instance = organization_save(
            organization=organization,
            tags=tags,
            changed=list(serializer.validated_data),
            request=self.request,
        )

    def perform_update(self, serializer: BaseSerializer) -> None:
        organization = serializer.instance
        data = dict(serializer.validated_data)
        tags = data.pop("tags", None)
        for field, value in data.items():
            setattr(organization, field, value)
        organization_save(
            organization=organization,
            tags=list(organization.tags.all()) if tags is None else tags,
            changed=list(serializer.validated_data),
            request=self.request,
        )
        serializer.instance = Organization.objects.for_campaign(self.request.campaign).get(
            pk=organization.pk
        )

    def perform_destroy(self, instance: Organization) -> None:
        organization_delete(organization=instance, request=self.request)


class ContactFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Exact name, email or phone; part of an organization's name"
    )
    organization = django_filters.NumberFilter(field_name="affiliations__organization")

    class Meta:
        model = Contact
        fields = ["preferred_channel", "point_person"]

    def search(self, queryset: models.QuerySet, name: str, value: str) -> models.QuerySet:
        return queryset.search(value)


class ContactAPI(CampaignViewSet):
    """Contacts are personal data: leads and coordinators only, as on the web. Every read is
    audited."""

    model = Contact
    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    ordering_fields = ["created_at", "updated_at"]
    actions_required = {"read": Action.EDIT, "create": Action.EDIT}

    def get_queryset(self) -> models.QuerySet:
        return (
            self.scoped()
            .prefetch_related("affiliations__organization", "languages", "tags")
            .distinct()
        )

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            data = response.data
            rows = data.get("results", [data]) if isinstance(data, dict) else []
            ids = [row["id"] for row in rows if isinstance(row, dict) and "id" in row]
            if ids:
                audit.record(
                    action="contact.api_read",
                    request=request,
                    campaign=request.campaign,
                    objects=list(Contact.objects.for_campaign(request.campaign).filter(pk__in=ids)),
                    count=len(ids),
                )
        return response

    def _save(self, contact: Contact, data: dict[str, Any]) -> Contact:
        """Fields sent are changed; lists sent (languages, organizations, tags) replace the
        contact's; lists not sent stay as they are."""
        changed = list(data)
        languages = data.pop("languages", None)
        affiliations = data.pop("affiliations", None)
        tags = data.pop("tags", None)
        for field, value in data.items():
            setattr(contact, field, value)
        existing = contact.pk is not None
        if languages is None:
            languages = [c.language for c in contact.languages.all()] if existing else []
        if affiliations is None and existing:
            pairs = [(a.organization, a.role) for a in contact.affiliations.all()]
        elif affiliations is None:
            pairs = []
        else:
            pairs = [(item["organization"], item.get("role", "")) for item in affiliations]
        if tags is None:
            tags = list(contact.tags.all()) if existing else []
        saved = contact_save(
            contact=contact,
            affiliations=pairs,
            languages=languages,
            tags=tags,
            opt_outs={
                wish: getattr(contact, field) is not None for wish, field in OPT_OUT_FIELDS.items()
            },
            changed=[("organizations" if name == "affiliations" else name) for name in changed],
            request=self.request,
        )
        # read back with what the response shows (the lists just written)
        return self.get_queryset().get(pk=saved.pk)

    def perform_create(self, serializer: BaseSerializer) -> None:
        contact = Contact(campaign=self.request.campaign)
        serializer.instance = self._save(contact, dict(serializer.validated_data))

    def perform_update(self, serializer: BaseSerializer) -> None:
        serializer.instance = self._save(serializer.instance, dict(serializer.validated_data))

    def perform_destroy(self, instance: Contact) -> None:
        contact_delete(contact=instance, request=self.request)


class MeetingFilter(django_filters.FilterSet):
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Meeting
        fields = ["kind"]


class MeetingAPI(CampaignViewSet):
    """Meetings. Every member reads (notes only leads, coordinators and those present); leads,
    coordinators and volunteers log them; volunteers change only meetings they attended."""

    model = Meeting
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    ordering_fields = ["starts_at", "created_at"]
    actions_required = {
        "read": Action.VIEW,
        "create": Action.LOG_MEETINGS,
        "update": Action.LOG_MEETINGS,
        "destroy": Action.EDIT,
    }

    def get_queryset(self) -> models.QuerySet:
        return self.scoped().prefetch_related("attendees", "organizations", "contacts", "officials")

    def may_change(self, meeting: Meeting) -> bool:
        return may_edit_meeting(self.request._request, meeting)

    def _save(self, meeting: Meeting, data: dict[str, Any]) -> Meeting:
        """As the web's meeting form: lists sent replace the meeting's, lists not sent stay;
        contacts only from those who may see them (the serializer refuses the others); a
        volunteer who logs a meeting was there."""
        changed = list(data)
        attendees = data.pop("attendees", None)
        organizations = data.pop("organizations", None)
        officials = data.pop("officials", None)
        contacts = data.pop("contacts", None)
        existing = meeting.pk is not None
        for field, value in data.items():
            setattr(meeting, field, value)
        if attendees is None:
            attendees = list(meeting.attendees.all()) if existing else [self.request.membership]
        attendees = list(attendees)
        if not may(self.request._request, Action.EDIT) and self.request.membership not in attendees:
            attendees.append(self.request.membership)
        if organizations is None:
            organizations = list(meeting.organizations.all()) if existing else []
        if officials is None:
            officials = list(meeting.officials.all()) if existing else []
        saved = meeting_save(
            meeting=meeting,
            attendees=attendees,
            organizations=organizations,
            officials=officials,
            contacts=contacts,  # None: as they are
            changed=changed,
            request=self.request,
        )
        return self.get_queryset().get(pk=saved.pk)

    def perform_create(self, serializer: BaseSerializer) -> None:
        meeting = Meeting(campaign=self.request.campaign)
        serializer.instance = self._save(meeting, dict(serializer.validated_data))

    def perform_update(self, serializer: BaseSerializer) -> None:
        serializer.instance = self._save(serializer.instance, dict(serializer.validated_data))

    def perform_destroy(self, instance: Meeting) -> None:
        meeting_delete(meeting=instance, request=self.request)


class FollowUpFilter(django_filters.FilterSet):
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = FollowUp
        fields = ["state", "owner", "meeting", "organization"]


class FollowUpAPI(CampaignViewSet):
    """Follow-ups. Every member reads; leads and coordinators create; owners change theirs."""

    model = FollowUp
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilter
    ordering_fields = ["due_on", "created_at"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    actions_required = {
        "read": Action.VIEW,
        "create": Action.EDIT,
        "update": Action.LOG_MEETINGS,
    }

    def may_change(self, followup: FollowUp) -> bool:
        return may_change_followup(self.request._request, followup)

    def perform_create(self, serializer: BaseSerializer) -> None:
        followup = FollowUp(campaign=self.request.campaign, **serializer.validated_data)
        serializer.instance = followup_save(
            followup=followup, changed=list(serializer.validated_data), request=self.request
        )

    def perform_update(self, serializer: BaseSerializer) -> None:
        followup = serializer.instance
        data = dict(serializer.validated_data)
        if not may(self.request._request, Action.EDIT):
            # an owner may move their task along, not hand it to someone else
            data.pop("owner", None)
        for field, value in data.items():
            setattr(followup, field, value)
        followup_save(followup=followup, changed=list(data), request=self.request)
