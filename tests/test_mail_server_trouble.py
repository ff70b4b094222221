"""Emails sent while someone waits (a sign-up's confirmation, a password reset, an invitation)
when the mail server refuses the address or cannot be reached: the page says so, keeps what was
typed, and is never a server error."""

from __future__ import annotations

import socket

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from profiles.models import User

from .conftest import PASSWORD, make_member

pytestmark = pytest.mark.django_db

REFUSING = "tests.mentorships.failing_mail.RefusingBackend"


def closed_port() -> int:
    """A local port nothing listens on: Django's real SMTP backend finds no server there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def no_mail_server() -> override_settings:
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=closed_port(),
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=5,
    )


def test_a_sign_up_whose_address_the_mail_server_refuses_says_so(client: Client) -> None:
    with override_settings(EMAIL_BACKEND=REFUSING):
        response = client.post(
            reverse("account_signup"),
            {"email": "jordan@gmial.com", "password1": PASSWORD},
            follow=True,
        )
    assert response.status_code == 200
    assert (
        "Our mail server refused the address jordan@gmial.com, so we could not email it."
        in response.content.decode()
    )
    assert User.objects.filter(email="jordan@gmial.com").exists()


def test_a_password_reset_while_the_mail_server_is_down_says_to_try_again(
    client: Client,
) -> None:
    make_member("ada@example.org")
    with no_mail_server():
        response = client.post(
            reverse("account_reset_password"), {"email": "ada@example.org"}, follow=True
        )
    assert response.status_code == 200
    assert (
        "We could not send an email to ada@example.org just now. Please try again in a few "
        "minutes." in response.content.decode()
    )


def test_an_invitation_the_mail_server_refuses_is_said_on_the_form_with_the_note_kept(
    client: Client,
) -> None:
    client.force_login(make_member("ada@example.org"))
    with override_settings(EMAIL_BACKEND=REFUSING):
        response = client.post(
            reverse("invite_colleague"),
            {"email": "colleague@gmial.com", "note": "Come and mentor with me"},
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Our mail server refused the address colleague@gmial.com" in page
    assert "Come and mentor with me" in page
    assert "Your invitation is on its way" not in page
