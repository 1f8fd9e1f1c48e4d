"""Base viewsets: campaign data scoped through `for_campaign`, reference data shared."""

from typing import Any

from django.db import models
from rest_framework import viewsets

from api.permissions import CampaignRole, ReferenceData, action_for
from coalition.permissions import Action


class CampaignViewSet(viewsets.ModelViewSet):
    """A campaign's records at /api/campaigns/<slug>/<resource>/.

    `model` is fetched only through `model.objects.for_campaign(request.campaign)`; the
    campaign is injected on create, never taken from the request body.
    """

    model: type[models.Model]
    permission_classes = [CampaignRole]
    actions_required: dict[str, Action] = {"read": Action.VIEW, "create": Action.EDIT}
    lookup_value_regex = r"[0-9]+"

    def required_action(self) -> Action:
        return action_for(self)

    def scoped(self) -> models.QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request campaign
            return self.model.objects.none()
        return self.model.objects.for_campaign(self.request.campaign)

    def get_queryset(self) -> models.QuerySet:
        return self.scoped()

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["campaign"] = getattr(self.request, "campaign", None)
        return context


class ReferenceViewSet(viewsets.ModelViewSet):
    """Shared public facts; every change is kept in history (simple-history records the user
    through its middleware)."""

    permission_classes = [ReferenceData]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
