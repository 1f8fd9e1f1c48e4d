from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from core.security_map import render


class Command(BaseCommand):
    help = "Write docs/security.md: every URL, who may reach it, what personal data it shows."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs/security.md"))

    def handle(self, *args: Any, output: str, **options: Any) -> None:
        Path(output).write_text(render(), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}"))
