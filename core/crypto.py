"""Encryption of personal data at rest, and keyed hashes for exact-match lookups.

Keys come from FIELD_ENCRYPTION_KEYS (Fernet keys, newest first), never from SECRET_KEY.
Values are encrypted with the newest key and readable with any listed key, so a key can be
rotated: add a new key in front, run `manage.py rotate_encryption_keys`, then drop the old one.
"""

import functools
import hashlib
import hmac
import unicodedata
from collections.abc import Callable
from typing import Any

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


# Letters that carry no accent to strip but are written without it on many forms and keyboards.
_PLAIN_LETTERS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "\u0131": "i", "æ": "ae", "œ": "oe"}
    | {"þ": "th"}
)
# Apostrophes, primes and the modifier letters keyboards and word processors put in their place.
_APOSTROPHES = frozenset("'`\u00b4\u02b9\u02bb\u02bc\u02bd\u02c8\u2018\u2019\u201b\u2032")


def normalize_name(value: str) -> str:
    """A person's name as it is compared: "María José Ñúñez", "maria  jose nunez" and
    "MARIA JOSE NUNEZ" are one name, because names are typed by many hands on many keyboards.
    Accents and case go, spacing collapses, hyphens count as spaces ("Jean-Pierre") and
    apostrophes vanish ("O'Brien" is "OBrien")."""
    letters = []
    for char in unicodedata.normalize("NFKD", value.casefold()).translate(_PLAIN_LETTERS):
        if unicodedata.combining(char) or char in _APOSTROPHES:
            continue
        letters.append(" " if unicodedata.category(char) == "Pd" else char)
    return " ".join("".join(letters).split())


def _hmac(text: str) -> str:
    key = settings.FIELD_HASH_KEY
    if not key:
        raise ImproperlyConfigured("FIELD_HASH_KEY is not set: keyed hashes cannot be computed.")
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of the normalized value: an exact-match lookup key that reveals nothing."""
    return _hmac(normalize(value))


def name_hash(name: str) -> str:
    """The keyed hash of a person's name (storytellers, contacts), for finding the same name
    written another way; "" for no name. Stored hashes follow this function: change it only
    with a data migration that recomputes them."""
    normalized = normalize_name(name or "")
    return _hmac(normalized) if normalized else ""


def rehash_names(model: Any, hash_of: Callable[[str], str] = name_hash, batch: int = 1000) -> int:
    """Recompute `name_hash` from the encrypted `name` of every row of `model` (a model from a
    data migration's `apps`), a batch of primary keys at a time. Returns the rows changed."""
    changed, last = 0, None
    rows = model._default_manager.order_by("pk").only("pk", "name", "name_hash")
    while page := list((rows if last is None else rows.filter(pk__gt=last))[:batch]):
        stale = []
        for row in page:
            fresh = hash_of(row.name or "")
            if fresh != row.name_hash:
                row.name_hash = fresh
                stale.append(row)
        model._default_manager.bulk_update(stale, ["name_hash"])
        changed += len(stale)
        last = page[-1].pk
    return changed


def keys_fingerprint() -> str:
    """Changes when the newest encryption key or the hash key changes, and reveals neither:
    values prepared under one set of keys (an import's dry run) are written only under the
    same keys."""
    newest = _keys()[0] if _keys() else ""
    return hmac.new(
        (settings.FIELD_HASH_KEY or "").encode(), b"fingerprint\0" + newest.encode(), hashlib.sha256
    ).hexdigest()
