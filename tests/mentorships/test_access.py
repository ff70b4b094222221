"""Every mentorship URL answers only its two participants: 404 to everyone else, staff and
superusers included, and a sign-in page to anonymous visitors."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mentorships import services
from mentorships.models import Mentorship
from tests.conftest import make_member
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_active

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting() -> dict:
    from datetime import timedelta

    from django.utils import timezone

    mentee, mentor = make_mentee(), make_mentor()
    mentorship = make_active(mentee, mentor)
    meeting = services.meeting_propose(
        mentorship=mentorship,
        by=mentee.user,
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=60,
        format="video",
        place_or_link="",
        agenda="",
    )
    item = services.plan_item_add(mentorship=mentorship, by=mentee.user, kind="goal", text="Goal")
    return {
        "mentorship": mentorship,
        "meeting": meeting,
        "item": item,
        "mentee": mentee,
        "mentor": mentor,
    }


def urls(setting: dict) -> list[tuple[str, str]]:
    pk, meeting, item = setting["mentorship"].pk, setting["meeting"].pk, setting["item"].pk
    return [
        ("get", reverse("mentorships:detail", args=[pk])),
        ("get", reverse("mentorships:agreement", args=[pk])),
        ("get", reverse("mentorships:meeting_new", args=[pk])),
        ("get", reverse("mentorships:meeting_ics", args=[pk, meeting])),
        ("post", reverse("mentorships:accept", args=[pk])),
        ("post", reverse("mentorships:decline", args=[pk])),
        ("post", reverse("mentorships:withdraw", args=[pk])),
        ("post", reverse("mentorships:withdraw_others", args=[pk])),
        ("post", reverse("mentorships:end", args=[pk])),
        ("post", reverse("mentorships:meeting_confirm", args=[pk, meeting])),
        ("post", reverse("mentorships:meeting_cancel", args=[pk, meeting])),
        ("post", reverse("mentorships:meeting_mark", args=[pk, meeting])),
        ("post", reverse("mentorships:plan_add", args=[pk])),
        ("post", reverse("mentorships:plan_toggle", args=[pk, item])),
        ("post", reverse("mentorships:plan_change", args=[pk, item])),
    ]


def test_every_mentorship_url_is_404_to_outsiders_and_staff(client: Client, setting: dict) -> None:
    outsiders = [
        make_member("another@example.org"),
        make_member("staff-only@example.org", is_staff=True),
        make_member("super@example.org", is_staff=True, is_superuser=True),
    ]
    for outsider in outsiders:
        client.force_login(outsider)
        for method, url in urls(setting):
            response = getattr(client, method)(url)
            assert response.status_code == 404, (outsider.email, method, url, response.status_code)
    setting["mentorship"].refresh_from_db()
    assert setting["mentorship"].is_active


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, setting: dict) -> None:
    for method, url in urls(setting):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["mentee", "mentor"])
def test_both_participants_can_open_every_page(client: Client, setting: dict, who: str) -> None:
    client.force_login(setting[who].user)
    for method, url in urls(setting):
        if method == "get":
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["mentee", "mentor"])
def test_opening_a_button_url_goes_to_the_mentorship_page(
    client: Client, setting: dict, who: str
) -> None:
    # After a form error the address bar shows the button's URL; a reload is a GET.
    client.force_login(setting[who].user)
    page = setting["mentorship"].get_absolute_url()
    for method, url in urls(setting):
        if method == "post":
            response = client.get(url)
            assert (response.status_code, response.get("Location")) == (302, page), url


def test_mentorship_pages_are_not_cached(client: Client, setting: dict) -> None:
    client.force_login(setting["mentee"].user)
    response = client.get(setting["mentorship"].get_absolute_url())
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_admin_shows_people_states_and_dates_but_never_what_they_wrote(
    client: Client, setting: dict
) -> None:
    superuser = make_member("root@example.org", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    mentorship: Mentorship = setting["mentorship"]
    html = client.get(
        reverse("admin:mentorships_mentorship_change", args=[mentorship.pk])
    ).content.decode()
    assert setting["mentee"].user.email in html
    assert "Prepare for cataloging interviews." not in html
    assert "You lead a metadata team." not in html
    listing = client.get(reverse("admin:mentorships_mentorship_changelist")).content.decode()
    assert "Active" in listing
