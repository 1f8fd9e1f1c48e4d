from typing import Any

from django.core.management.base import BaseCommand

from stories.services import erase_storyteller, stories_due_for_review


class Command(BaseCommand):
    help = (
        "List stories whose review date has passed; with --anonymize, erase their storytellers' "
        "data (leaving anonymous tombstones), as the campaign's retention rule says."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--anonymize", action="store_true")

    def handle(self, *args: Any, anonymize: bool, **options: Any) -> None:
        due = list(stories_due_for_review().select_related("campaign").order_by("review_on"))
        if not due:
            self.stdout.write("No story is past its review date.")
            return
        for story in due:
            self.stdout.write(
                f"{story.reference}  {story.campaign.slug}  review by {story.review_on}"
            )
        if not anonymize:
            self.stdout.write(
                f"{len(due)} stories are past their review date. "
                "Run again with --anonymize to erase them."
            )
            return
        erased = 0
        for story in due:
            story.refresh_from_db()
            if story.erased_at is None:
                erased += len(
                    erase_storyteller(
                        story=story, user=None, reason="retention: review date passed"
                    )
                )
        self.stdout.write(self.style.SUCCESS(f"Anonymized {erased} stories."))
