"""API representation of a story: always a StoryView made by stories.redaction.redact."""

from rest_framework import serializers


class StoryViewSerializer(serializers.Serializer):
    """Fields of stories.redaction.StoryView; anonymized stories carry no name and no exact
    dates, and their narrative is scrubbed."""

    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    identifiability = serializers.CharField()
    name = serializers.CharField(help_text="Empty when the story may only be used anonymized.")
    narrative = serializers.CharField()
    themes = serializers.ListField(child=serializers.CharField())
    facility = serializers.CharField()
    jurisdiction = serializers.CharField()
    month = serializers.CharField()
    booked_at = serializers.DateTimeField(allow_null=True)
    detainer_lodged_at = serializers.DateTimeField(allow_null=True)
    custody_ended_at = serializers.DateTimeField(allow_null=True)
    custody_end_reason = serializers.CharField()
    outcome = serializers.CharField()
    hold_deadline = serializers.DateTimeField(allow_null=True)
    held_past_hours = serializers.SerializerMethodField()
    hold_rule = serializers.CharField()
    status = serializers.CharField()

    def get_held_past_hours(self, view) -> float | None:
        if view.held_past is None:
            return None
        return round(view.held_past.total_seconds() / 3600, 1)
