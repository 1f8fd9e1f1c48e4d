"""Stories through the API: read only, through Story.objects.visible_to and redact() at the
level stories.access decides for the internal purpose, like the story pages; every read is
audited."""

from typing import Any

from rest_framework import mixins, viewsets
from rest_framework.response import Response

from api.permissions import CampaignRole, action_for
from coalition.permissions import Action
from core import audit
from stories.access import access_for
from stories.models import Purpose, Story
from stories.redaction import redact
from stories.serializers import StoryViewSerializer

PURPOSE = Purpose.INTERNAL


class StoryAPI(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Stories you may see, as consent allows (redacted where only anonymized use is allowed)."""

    serializer_class = StoryViewSerializer
    permission_classes = [CampaignRole]
    actions_required = {"read": Action.INTAKE_STORIES, "create": Action.INTAKE_STORIES}
    lookup_value_regex = r"[0-9]+"
    ordering_fields = ["created_at"]
    filterset_fields = ["status"]

    def required_action(self) -> Action:
        return action_for(self)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Story.objects.none()
        return (
            Story.objects.visible_to(self.request.user, self.request.campaign, PURPOSE)
            .select_related("storyteller", "facility__jurisdiction__state", "jurisdiction__state")
            .prefetch_related("themes", "consents", "redaction_releases")
        )

    def _views(self, stories: list[Story]) -> list[Any]:
        if stories:
            audit.record(
                action="story.api_read",
                request=self.request,
                campaign=self.request.campaign,
                objects=stories,
                reason=PURPOSE,
            )
        role = self.request.membership.role
        return [
            redact(
                story,
                purpose=PURPOSE,
                level=access_for(self.request.user, story, role=role).level,
            )
            for story in stories
        ]

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        views = self._views(list(page if page is not None else queryset))
        data = self.get_serializer(views, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        story = self.get_object()
        return Response(self.get_serializer(self._views([story])[0]).data)
