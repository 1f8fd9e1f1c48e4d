from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from core import crypto


@register(Tags.security)
def check_encryption_keys(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not settings.FIELD_ENCRYPTION_KEYS:
        return []
    try:
        crypto.encrypt("check")
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="core.E001")]
    return []


@register(Tags.security, deploy=True)
def check_encryption_configured(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    if not settings.FIELD_ENCRYPTION_KEYS:
        errors.append(
            Error(
                "FIELD_ENCRYPTION_KEYS is not set; personal data cannot be stored.",
                hint="Run `manage.py generate_encryption_key` and set the variable.",
                id="core.E002",
            )
        )
    if not settings.FIELD_HASH_KEY:
        errors.append(
            Error(
                "FIELD_HASH_KEY is not set; duplicates cannot be found.",
                hint="Set it to a long random string that you keep as safely as the keys.",
                id="core.E003",
            )
        )
    return errors
