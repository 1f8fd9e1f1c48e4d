from typing import Any

from django.core.management.base import BaseCommand, CommandError

from stories.models import Story
from stories.services import erase_storyteller


class Command(BaseCommand):
    help = (
        "Erase a storyteller's name, contact and stories on their request, leaving an "
        "anonymous tombstone and the audit trail. Identify the story by its number (S-00042)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("story", help="Story reference (S-00042) or number (42).")
        parser.add_argument("--reason", required=True, help="Why, for the audit trail.")

    def handle(self, *args: Any, story: str, reason: str, **options: Any) -> None:
        number = story.upper().removeprefix("S-").lstrip("0") or "0"
        if not number.isdigit():
            raise CommandError(f"Not a story reference: {story}")
        # A site operator acts for the whole server, outside any one campaign's pages.
        found = Story.objects.filter(pk=int(number), erased_at__isnull=True).first()
        if found is None:
            raise CommandError(f"No story {story} (or it was already erased).")
        erased = erase_storyteller(story=found, user=None, reason=reason)
        refs = ", ".join(s.reference for s in erased)
        self.stdout.write(self.style.SUCCESS(f"Erased {len(erased)} stories: {refs}"))
