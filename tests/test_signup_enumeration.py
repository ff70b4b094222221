"""Signing up with an address that already has an account looks and takes the same as with a
new one: the same answer, an email either way, and the typed password hashed either way (the
hashing is what made the two answers a quarter of a second apart)."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import make_member

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    encoded: ClassVar[list[str]] = []

    def encode(self, password: str, salt: str, *args: Any, **kwargs: Any) -> str:
        self.encoded.append(password)
        return super().encode(password, salt, *args, **kwargs)


def sign_up(email: str) -> tuple[int, str, int]:
    CountingHasher.encoded.clear()
    response = Client().post(
        reverse("account_signup"), {"email": email, "password1": "a-new-password-for-me-42"}
    )
    return response.status_code, response["Location"], len(CountingHasher.encoded)


def test_an_existing_address_gets_the_same_answer_and_work_as_a_new_one(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["tests.test_signup_enumeration.CountingHasher"]
    make_member("taken@example.org")
    new = sign_up("new@example.org")
    taken = sign_up("taken@example.org")
    assert new == taken
    assert new[2] >= 1
    assert sorted(message.to[0] for message in mail.outbox) == [
        "new@example.org",
        "taken@example.org",
    ]
