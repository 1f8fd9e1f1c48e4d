from typing import Any

from django.core.management.base import BaseCommand

from core import crypto


class Command(BaseCommand):
    help = "Print a new key for FIELD_ENCRYPTION_KEYS (put it first in the list to rotate)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(crypto.generate_key())
