"""Encryption of personal data at rest, and keyed hashes for exact-match lookups.

Keys come from FIELD_ENCRYPTION_KEYS (Fernet keys, newest first), never from SECRET_KEY.
Values are encrypted with the newest key and readable with any listed key, so a key can be
rotated: add a new key in front, run `manage.py rotate_encryption_keys`, then drop the old one.
"""

import functools
import hashlib
import hmac
import unicodedata

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(Exception):
    """A stored value cannot be decrypted with any configured key (wrong or missing key)."""


@functools.lru_cache(maxsize=4)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is empty: personal data cannot be stored. "
            "Generate a key with `manage.py generate_encryption_key`."
        )
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes)."
        ) from exc


def _keys() -> tuple[str, ...]:
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    if settings.SECRET_KEY in keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must not contain SECRET_KEY.")
    return keys


def encrypt(plaintext: str) -> str:
    return _multifernet(_keys()).encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _multifernet(_keys()).decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError(
            "A stored value could not be decrypted with any key in FIELD_ENCRYPTION_KEYS. "
            "The key it was written with is missing or the value is not an encrypted token."
        ) from None


def rotate(token: str) -> str:
    """Re-encrypt a token with the newest key (it must be readable with one of the keys)."""
    try:
        return _multifernet(_keys()).rotate(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError("A stored value could not be decrypted for rotation.") from None


def generate_key() -> str:
    return Fernet.generate_key().decode()


def normalize(value: str) -> str:
    """Fold case, Unicode form and inner whitespace so equal things hash equally."""
    value = unicodedata.normalize("NFKC", value).casefold()
    return " ".join(value.split())


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of the normalized value: an exact-match lookup key that reveals nothing."""
    key = settings.FIELD_HASH_KEY
    if not key:
        raise ImproperlyConfigured("FIELD_HASH_KEY is not set: keyed hashes cannot be computed.")
    return hmac.new(key.encode(), normalize(value).encode(), hashlib.sha256).hexdigest()


def keys_fingerprint() -> str:
    """Changes when the newest encryption key or the hash key changes, and reveals neither:
    values prepared under one set of keys (an import's dry run) are written only under the
    same keys."""
    newest = _keys()[0] if _keys() else ""
    return hmac.new(
        (settings.FIELD_HASH_KEY or "").encode(), b"fingerprint\0" + newest.encode(), hashlib.sha256
    ).hexdigest()
