"""Staff cannot take over a member's account from the admin, and whatever they change there,
the member sees on their privacy page."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.test import Client
from django.urls import reverse

from profiles.models import User
from tests.conftest import PASSWORD, make_member
from tests.profiles.factories import make_mentee

pytestmark = pytest.mark.django_db


def test_staff_cannot_set_a_members_password(client: Client, staff: User) -> None:
    member = make_member("mia@example.org")
    client.force_login(staff)
    url = reverse("admin:auth_user_password_change", args=[member.pk])
    response = client.post(url, {"password1": "taken-over-42!", "password2": "taken-over-42!"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    assert not member.check_password("taken-over-42!")
    page = client.get(response["Location"]).content.decode()
    assert "Staff cannot set a member&#x27;s password" in page


def test_staff_may_still_change_their_own_password(client: Client, staff: User) -> None:
    client.force_login(staff)
    url = reverse("admin:auth_user_password_change", args=[staff.pk])
    assert client.get(url).status_code == 200


def test_a_reset_link_is_sent_and_the_member_sees_what_staff_did(
    client: Client, staff: User
) -> None:
    mentee = make_mentee(display_name="Mia")
    client.force_login(staff)
    client.post(
        reverse("admin:profiles_user_changelist"),
        {"action": "send_password_reset", "_selected_action": [mentee.user_id]},
    )
    assert [message.to for message in mail.outbox] == [[mentee.user.email]]
    client.post(
        reverse("admin:profiles_profile_changelist"),
        {"action": "hide_from_members", "_selected_action": [mentee.pk]},
    )
    assert LogEntry.objects.count() == 2

    client.force_login(mentee.user)
    page = client.get(reverse("privacy")).content.decode()
    assert "Sent a password reset link. (your account)" in page
    assert "Hidden from members (moderation). (your profile)" in page


def test_a_member_untouched_by_staff_is_told_so(client: Client) -> None:
    client.force_login(make_member("mia@example.org"))
    assert "our staff have made no change" in client.get(reverse("privacy")).content.decode()
