from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from profiles.models import User
from tests.profiles.factories import library_type, make_mentee

PUBLIC_PAGES = [
    ("home", "Find a mentor. Be a mentor. Grow together."),
    ("how_it_works", "How MentorConnect works"),
    ("best_practices", "Best practices for mentees and mentors"),
    ("faq", "Frequently asked questions"),
    ("running_a_cohort", "Running a program cohort on MentorConnect"),
    ("programs:directory", "Mentoring programs"),
    ("account_login", "Sign in to MentorConnect"),
    ("account_signup", "Join MentorConnect"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "heading"), PUBLIC_PAGES)
def test_public_page_has_one_heading_landmarks_and_skip_link(
    client: Client, url_name: str, heading: str
) -> None:
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    headings = re.findall(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S)
    assert len(headings) == 1
    assert heading in " ".join(headings[0].split())
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert '<nav class="navbar' in html
    assert "<footer" in html
    assert '<html lang="en">' in html


@pytest.mark.django_db
def test_best_practices_covers_every_tip_sheet_heading(client: Client) -> None:
    html = client.get(reverse("best_practices")).content.decode()
    mentee = html.split('id="mentees"')[1].split('id="mentors"')[0]
    mentor = html.split('id="mentors"')[1]
    for title in [
        "Manage your time",
        "Expectations",
        "Not confused with networking",
        "Tell and show",
        "Easy-going or formal forming",
        "End results",
    ]:
        assert title in mentee
    for title in [
        "Manage your time",
        "Expectations",
        "Not your average librarian",
        "Teach",
        "Open-minded",
        "Results",
    ]:
        assert title in mentor


@pytest.mark.django_db
def test_faq_answers_the_questions_members_ask(client: Client) -> None:
    html = client.get(reverse("faq")).content.decode()
    for question in [
        "Can my boss be my mentor?",
        "coaching and mentoring",
        "Who can be a mentor?",
        "How do I know I need a mentor?",
        "How much time does it take?",
        "How long does a mentorship last?",
        "What is the role of feedback?",
        "What should I do when it is not going well?",
    ]:
        assert question in html


@pytest.mark.django_db
def test_dashboard_sends_anonymous_visitors_to_sign_in(client: Client) -> None:
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('dashboard')}"


def test_dashboard_greets_the_signed_in_member(client: Client, member: User) -> None:
    client.force_login(member)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    # By name once they have a profile; before, not by the start of their email address.
    assert b"Welcome to MentorConnect</h1>" in response.content
    assert b"Welcome, member" not in response.content
    assert b"Start with a short profile" in response.content
    assert b"You have no mentorships yet." in response.content


@pytest.mark.django_db
def test_unknown_page_is_a_404(client: Client) -> None:
    assert client.get("/no-such-page/").status_code == 404


@pytest.mark.django_db
def test_dashboard_tells_a_member_with_everything_filled_in_to_finish(client: Client) -> None:
    # Filled in on every step, then left by "Back" rather than "Finish": nothing is missing.
    profile = make_mentee(library_type=library_type("Public"), completed_at=None)
    client.force_login(profile.user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Still missing" not in page
    assert "Everything is filled in: press “Finish” on the last step" in page
