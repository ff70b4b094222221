"""Encryption at rest for private feedback text (a mentorship's, and a circle member's with
their host), with a key of its own and rotation.

FEEDBACK_ENCRYPTION_KEYS lists Fernet keys, newest first: the first encrypts, every one still
decrypts, and `manage.py rotate_feedback_key` re-encrypts old rows with the first. A database
read or dump shows only tokens. It sits at the ground so that every app holding feedback can
use it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import models


@cache
def _keys(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def keyring() -> MultiFernet:
    return _keys(tuple(settings.FEEDBACK_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return keyring().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    return keyring().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """The same text, encrypted with the newest key."""
    return keyring().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Text that Python code sees in clear and the database stores as a Fernet token."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)
