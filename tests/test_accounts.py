from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

import pytest
from allauth.account.adapter import get_adapter
from allauth.core import context
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client, RequestFactory
from django.urls import reverse

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

from profiles.models import User

from .conftest import PASSWORD, make_member
from .profiles.factories import make_profile

pytestmark = pytest.mark.django_db


def test_members_sign_in_with_email_not_a_username() -> None:
    user = User.objects.create_user(email="Ada@Example.org", password=PASSWORD)
    assert not hasattr(user, "username") or user.username is None
    assert user.email == "Ada@example.org"


def test_signup_asks_for_email_verification_before_sign_in(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body

    response = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": PASSWORD}
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("dashboard")).status_code == 302


def test_signup_with_a_weak_password_keeps_the_email_and_explains(client: Client) -> None:
    response = client.post(
        reverse("account_signup"), {"email": "new@example.org", "password1": "12345678"}
    )
    assert response.status_code == 200
    assert b'value="new@example.org"' in response.content
    assert b"This password is too common." in response.content


def test_member_without_a_profile_is_taken_to_make_one(client: Client, member: User) -> None:
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("profiles:setup", kwargs={"step": 1})
    assert b"Make your profile" in response.content


def test_member_with_a_profile_signs_in_to_the_dashboard(client: Client) -> None:
    from tests.profiles.factories import make_mentee

    mentee = make_mentee(display_name="Ada")
    response = client.post(
        reverse("account_login"), {"login": mentee.user.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert b"Welcome, Ada" in response.content


def test_password_reset_for_unknown_address_looks_like_known(client: Client, member: User) -> None:
    def request_reset(email: str) -> tuple[int, str, bytes]:
        response = client.post(reverse("account_reset_password"), {"email": email}, follow=True)
        # The header's language menu carries a CSRF token, masked differently on every page.
        page = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", response.content)
        return response.status_code, response.redirect_chain[-1][0], page

    known = request_reset(member.email)
    unknown = request_reset("nobody@example.org")
    assert known == unknown
    # Each address gets one email; only the one with an account gets a reset link.
    assert [m.to for m in mail.outbox] == [[member.email], ["nobody@example.org"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def page_as_anyone_sees_it(response: TestResponse, email: str) -> str:
    """The page with the address the person typed and the per-response CSRF token left out."""
    html = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_signup_with_existing_address_looks_like_a_new_signup(member: User) -> None:
    def sign_up(email: str) -> tuple[int, list, str]:
        response = Client().post(
            reverse("account_signup"), {"email": email, "password1": PASSWORD}, follow=True
        )
        return (
            response.status_code,
            response.redirect_chain,
            page_as_anyone_sees_it(response, email),
        )

    assert sign_up(member.email) == sign_up("someone-new@example.org")
    assert mail.outbox[0].subject == "You already have a MentorConnect account"


def test_failed_sign_in_with_an_unknown_address_looks_like_a_wrong_password(member: User) -> None:
    def sign_in(email: str) -> tuple[int, str]:
        response = Client().post(
            reverse("account_login"), {"login": email, "password": "not-the-password"}
        )
        return response.status_code, page_as_anyone_sees_it(response, email)

    known = sign_in(member.email)
    assert known == sign_in("nobody@example.org")
    assert "The email address and/or password you specified are not correct." in known[1]


def test_repeated_failed_logins_are_rate_limited(client: Client, member: User) -> None:
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": member.email, "password": "wrong-password"}
        )
        assert b"The email address and/or password you specified are not correct." in (
            response.content
        )
    # Even the right password is refused while the account is cooling down.
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert client.get(reverse("dashboard")).status_code == 302


def test_admin_login_goes_through_allauth(client: Client, staff: User) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    response = client.post(
        response["Location"], {"login": staff.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/admin/"
    assert b"MentorConnect administration" in response.content


def test_members_who_are_not_staff_cannot_use_the_admin(client: Client, member: User) -> None:
    client.force_login(member)
    assert client.get("/admin/login/").status_code == 403
    assert client.get("/admin/").status_code == 302


def test_account_emails_have_plain_text_and_html_parts(client: Client) -> None:
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": PASSWORD},
    )
    message = mail.outbox[0]
    assert message.subject == "Confirm your email address for MentorConnect"
    assert isinstance(message, EmailMultiAlternatives)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and isinstance(html, str)
    link = re.search(r"http://testserver/accounts/confirm-email/\S+/", str(message.body))
    assert link
    assert link.group(0) in html


def test_changing_password_sends_a_security_notice(client: Client) -> None:
    member = make_member("ada@example.org")
    client.force_login(member)
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a-new-password-77",
            "password2": "a-new-password-77",
        },
    )
    assert [m.subject for m in mail.outbox] == ["Your MentorConnect password was changed"]


def test_a_security_notice_says_when_in_the_members_time_zone(
    client: Client, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2026, 12, 7, 11, 25, tzinfo=datetime.UTC), tick=False)
    member = make_profile(email="ada@example.org", time_zone="America/Chicago").user
    client.force_login(member)
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a-new-password-77",
            "password2": "a-new-password-77",
        },
    )
    # As allauth sends it once the new address is confirmed (to the old address).
    with context.request_context(RequestFactory().get("/")):
        get_adapter().send_notification_mail(
            "account/email/email_changed",
            member,
            {"from_email": "ada@example.org", "to_email": "ada@example.net"},
            email="ada@example.org",
        )

    password_changed, email_changed = mail.outbox
    assert password_changed.subject == "Your MentorConnect password was changed"
    assert email_changed.subject == "The email address of your MentorConnect account changed"
    for message in [password_changed, email_changed]:
        assert "When: 7 December 2026, 05:25 (America/Chicago)" in str(message.body)
        assert isinstance(message, EmailMultiAlternatives)
        assert "When: 7 December 2026, 05:25 (America/Chicago)" in str(message.alternatives[0][0])
