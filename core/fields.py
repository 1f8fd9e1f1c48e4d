from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import crypto


class EncryptedTextField(models.TextField):
    """Text stored encrypted (Fernet, keys from FIELD_ENCRYPTION_KEYS).

    Empty strings and NULL are stored as they are; everything else is ciphertext. Ciphertext
    differs on every save, so the column cannot be searched: store a keyed hash beside it
    (core.crypto.keyed_hash) for the exact-match lookups that must work.
    """

    description = _("Encrypted text")

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))

    def get_lookup(self, lookup_name: str):
        if lookup_name != "isnull":
            raise FieldError(
                f"Encrypted field '{self.name}' cannot be searched with '{lookup_name}'; "
                "use its keyed hash instead."
            )
        return super().get_lookup(lookup_name)
