from __future__ import annotations

import pytest
from django.test import Client

from profiles.models import User
from tests.mentorships.helpers import make_active, make_request

from .factories import city, make_mentee, make_mentor

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_cannot_see_profiles(client: Client) -> None:
    mentor = make_mentor()
    response = client.get(mentor.get_absolute_url())
    assert response.status_code == 302


def test_member_sees_what_a_mentee_needs_to_decide(client: Client) -> None:
    mentor = make_mentor(
        display_name="Morgan",
        city=city("Hamilton", "CA"),
        mentor_capacity=3,
        active_mentee_count=1,
        meeting_formats=["video", "in_person"],
        languages=["en", "es"],
        expertise=["Acquisitions"],
    )
    mentee = make_mentee(city=city("Toronto", "CA"))
    client.force_login(mentee.user)
    html = client.get(mentor.get_absolute_url()).content.decode()
    assert "Accepting · 2 places free" in html
    assert "Acquisitions" in html
    assert "Hamilton, Ontario, CA" in html
    assert "km (" in html and "mi) from you" in html
    assert "Video call, In person" in html
    assert "English, Spanish" in html


def test_hidden_profiles_answer_404(client: Client, member: User) -> None:
    hidden = make_mentor(hidden_by_staff=True, moderation_reason="Spam")
    unfinished = make_mentor(completed_at=None)
    client.force_login(member)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(unfinished.get_absolute_url()).status_code == 404
    assert client.get("/members/999999/").status_code == 404


def test_a_profile_hidden_from_search_opens_only_for_the_people_in_touch(client: Client) -> None:
    hidden = make_mentee(display_name="Hana", hidden_from_search=True)
    her_mentor = make_mentor(display_name="Max")
    asked_by_her = make_mentor(display_name="Ada")
    make_active(hidden, her_mentor)
    make_request(hidden, asked_by_her)
    for who, status in [
        (make_mentee().user, 404),
        (her_mentor.user, 200),
        (asked_by_her.user, 200),
    ]:
        client.force_login(who)
        assert client.get(hidden.get_absolute_url()).status_code == status, who


def test_member_can_always_see_their_own_profile(client: Client) -> None:
    own = make_mentor(hidden_from_search=True, completed_at=None)
    client.force_login(own.user)
    response = client.get(own.get_absolute_url())
    assert response.status_code == 200
    assert b"Edit your profile" in response.content


def test_contact_details_follow_the_members_choice(client: Client, member: User) -> None:
    shared = make_mentor(contact_email="shared@example.org", contact_visibility="members")
    private = make_mentor(contact_email="private@example.org", contact_visibility="nobody")
    client.force_login(member)
    assert b"shared@example.org" in client.get(shared.get_absolute_url()).content
    assert b"private@example.org" not in client.get(private.get_absolute_url()).content
