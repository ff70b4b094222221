"""Accounts on a shared computer: re-authentication, sessions that end, and sign-in that rotates
the session."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from profiles.models import User

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-long-password-77"


def signed_in_client(email: str = "member@example.org", password: str = PASSWORD) -> Client:
    """A browser of its own that signed in through the login form, as a person does."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302, response.content
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("dashboard")).status_code == 200


def test_changing_the_email_address_asks_for_the_password_first(member: User) -> None:
    client = signed_in_client()
    response = client.post(reverse("account_email"), {"email": "new@example.org", "action_add": ""})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="new@example.org").exists()
    assert mail.outbox == []

    assert b'name="password"' in client.get(response["Location"]).content
    response = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    # The change the member asked for goes ahead once they have entered their password.
    assert EmailAddress.objects.filter(user=member, email="new@example.org").exists()
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert response.redirect_chain[-1][0] == reverse("account_email")


def test_a_wrong_password_changes_no_email_address(member: User) -> None:
    client = signed_in_client()
    response = client.post(reverse("account_email"), {"email": "new@example.org", "action_add": ""})
    response = client.post(response["Location"], {"password": "not-my-password"})
    assert response.status_code == 200
    assert b"Incorrect password." in response.content
    assert not EmailAddress.objects.filter(email="new@example.org").exists()


def test_the_password_is_asked_again_five_minutes_later(member: User) -> None:
    client = signed_in_client()
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False) as traveller:
        response = client.post(
            reverse("account_email"), {"email": "new@example.org", "action_add": ""}
        )
        client.post(response["Location"], {"password": PASSWORD})
        client.post(reverse("account_email"), {"email": "new@example.org", "action_remove": ""})
        assert not EmailAddress.objects.filter(email="new@example.org").exists()

        traveller.shift(datetime.timedelta(minutes=6))
        response = client.post(
            reverse("account_email"), {"email": "other@example.org", "action_add": ""}
        )
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="other@example.org").exists()


def test_changing_the_password_needs_the_current_one(member: User) -> None:
    client = signed_in_client()
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "a-guess", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert b"Please type your current password." in response.content
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    assert mail.outbox == []


def test_changing_the_password_keeps_this_session_and_ends_the_others(member: User) -> None:
    here = signed_in_client()
    library_computer = signed_in_client()
    assert is_signed_in(library_computer)

    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(library_computer)
    assert library_computer.get(reverse("dashboard"))["Location"].startswith(
        reverse("account_login")
    )


def test_resetting_a_forgotten_password_ends_every_session(member: User) -> None:
    library_computer = signed_in_client()
    client = Client()
    client.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/\S+/)", str(mail.outbox[0].body)
    )
    assert link
    response = client.get(link.group(1), follow=True)
    client.post(
        response.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert not is_signed_in(library_computer)


def test_signing_in_gives_a_new_session_key(member: User) -> None:
    # A session id planted before sign-in (on a shared computer, or by a link) is worth nothing
    # after it: the signed-in session has a key of its own and the old one is gone.
    planted = SessionStore()
    planted["planted"] = True
    planted.create()
    assert planted.session_key
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key

    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})

    signed_in_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert signed_in_key != planted.session_key
    assert is_signed_in(client)
    assert not SessionStore().exists(planted.session_key)


def test_the_session_cookie_ends_with_the_browser_and_there_is_no_remember_me(
    member: User,
) -> None:
    client = Client()
    assert b'name="remember"' not in client.get(reverse("account_login")).content
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": PASSWORD, "remember": "on"}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_a_session_ends_after_an_hour_without_a_request(member: User) -> None:
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False) as traveller:
        client = signed_in_client()
        traveller.shift(datetime.timedelta(minutes=61))
        # Redis forgets its copy of the session when the same hour is up; time travel does not
        # reach Redis, so the test forgets it here.
        cache.clear()
        assert not is_signed_in(client)


def test_a_member_who_keeps_reading_stays_signed_in(member: User) -> None:
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False) as traveller:
        client = signed_in_client()
        for _ in range(6):
            traveller.shift(datetime.timedelta(minutes=25))
            cache.clear()  # the database's copy alone must keep the session alive
            assert is_signed_in(client)
        traveller.shift(datetime.timedelta(minutes=61))
        cache.clear()
        assert not is_signed_in(client)
