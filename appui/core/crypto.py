"""Encryption at rest of sensitive free text (notes, circumstances, assessments, documents).

Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) with a list of keys kept outside
the database (`APPUI_ENCRYPTION_KEYS`, newest first): new values use the first key, every
key still decrypts, and `appui encryption rotate` rewrites stored values with the first.

The field is ours rather than a package's: the maintained package derives its keys from
SECRET_KEY and hides a failed decryption by returning the ciphertext, and a wrong key must
fail loudly rather than show gibberish as a note.
"""

from __future__ import annotations

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


class DecryptionError(RuntimeError):
    """A stored value could not be decrypted by any configured key."""


@functools.cache
def _fernet(keys: tuple[bytes, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("No encryption key: set APPUI_ENCRYPTION_KEYS.")
    return MultiFernet([Fernet(k) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.APPUI_ENCRYPTION_KEYS))


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return fernet().decrypt(token)
    except InvalidToken:
        raise DecryptionError(
            "A stored value cannot be decrypted with the configured keys "
            "(APPUI_ENCRYPTION_KEYS lacks the key it was written with)."
        ) from None


def encrypt_json(value) -> str:
    """A JSON-serialisable value as a Fernet token (text), e.g. for the session."""
    import json

    return encrypt_bytes(json.dumps(value).encode()).decode()


def decrypt_json(token: str):
    import json

    return json.loads(decrypt_bytes(token.encode()))


def rotate_token(token: bytes) -> bytes:
    """The same value encrypted with the newest key."""
    try:
        return fernet().rotate(token)
    except InvalidToken:
        raise DecryptionError(
            "A stored value cannot be decrypted with the configured keys."
        ) from None


class EncryptedTextField(models.TextField):
    """Text stored encrypted; empty text is stored as an empty string, not encrypted.

    The database sees only the token, so it cannot be searched or sorted: keep to text that
    is read on its own page (notes, circumstances). With a `max_length`, forms show a
    one-line input limited to it, as a CharField would.
    """

    def formfield(self, **kwargs):
        if self.max_length is not None and not self.choices:
            from django import forms

            kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt_bytes(str(value).encode()).decode()

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt_bytes(value.encode()).decode()


def encrypted_fields():
    """Every (model, field names) pair holding encrypted text, for key rotation."""
    from django.apps import apps

    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            yield model, names
