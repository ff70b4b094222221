from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.models import Profile

from .factories import city, library_type, make_mentee, make_mentor, stage
from .reading import dashboard_suggestions

pytestmark = pytest.mark.django_db


def suggestions(client: Client) -> list[tuple[str, str]]:
    return dashboard_suggestions(client)


@pytest.fixture
def mentee() -> Profile:
    return make_mentee(
        display_name="Mentee",
        wanted=["Cataloging (original and copy)", "Metadata creation and management"],
        library_type=library_type("Academic: 4-year college"),
        city=city("Toronto", "CA"),
        career_stage=stage("Early career (under 5 years)"),
    )


def test_best_fit_comes_first_with_its_reason(client: Client, mentee: Profile) -> None:
    make_mentor(
        display_name="Best",
        expertise=["Cataloging (original and copy)", "Metadata creation and management"],
        library_type=library_type("Academic: 4-year college"),
        city=city("Hamilton", "CA"),
    )
    make_mentor(display_name="Far", expertise=["Acquisitions"], city=city("Vancouver", "CA"))
    client.force_login(mentee.user)
    results = suggestions(client)
    assert results[0][0] == "Best"
    reason = results[0][1]
    assert reason.startswith("Shares Cataloging (original and copy) and Metadata creation")
    assert "km away" in reason
    assert "same library type (Academic: 4-year college)" in reason


def test_full_and_paused_mentors_are_never_recommended(client: Client, mentee: Profile) -> None:
    areas = ["Cataloging (original and copy)"]
    make_mentor(display_name="Full", expertise=areas, mentor_capacity=1, active_mentee_count=1)
    make_mentor(display_name="Paused", expertise=areas, accepting_requests=False)
    make_mentor(display_name="Hidden", expertise=areas, hidden_from_search=True)
    make_mentor(display_name="Open", expertise=["Acquisitions"])
    client.force_login(mentee.user)
    assert [name for name, _ in suggestions(client)] == ["Open"]


def test_more_free_places_rank_higher_at_equal_fit(client: Client, mentee: Profile) -> None:
    make_mentor(display_name="One place", mentor_capacity=3, active_mentee_count=2)
    make_mentor(display_name="Three places", mentor_capacity=3, active_mentee_count=0)
    client.force_login(mentee.user)
    assert [name for name, _ in suggestions(client)] == ["Three places", "One place"]


def test_a_mentor_ahead_ranks_above_one_behind(client: Client, mentee: Profile) -> None:
    make_mentor(display_name="Behind", career_stage=stage("LIS student"))
    make_mentor(display_name="Ahead", career_stage=stage("Mid-career (5-15 years)"))
    client.force_login(mentee.user)
    assert [name for name, _ in suggestions(client)] == ["Ahead", "Behind"]


def test_mentors_do_not_see_themselves(client: Client) -> None:
    both = make_mentor(display_name="Both roles", wants_mentor=True, wanted=["Reference services"])
    client.force_login(both.user)
    assert suggestions(client) == []


def test_dashboard_query_count_does_not_grow_with_mentors(client: Client, mentee: Profile) -> None:
    def dashboard_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("dashboard"))
        return len(queries)

    client.force_login(mentee.user)
    # The first page after signing in saves the session once (mentorconnect/sessions.py).
    client.get(reverse("dashboard"))
    for _ in range(10):
        make_mentor(expertise=["Cataloging (original and copy)", "Acquisitions"])
    ten = dashboard_queries()
    for _ in range(190):
        make_mentor(expertise=["Cataloging (original and copy)", "Acquisitions"])
    assert dashboard_queries() == ten


def test_a_mentee_who_only_meets_locally_gets_suggestions_and_search(client: Client) -> None:
    local = make_mentee(display_name="Local", city=city("Toronto", "CA"), open_to_remote=False)
    make_mentor(display_name="Near", expertise=["Reference services"], city=city("Toronto", "CA"))
    client.force_login(local.user)
    assert [name for name, _ in suggestions(client)] == ["Near"]
    response = client.get(reverse("profiles:find_mentor"), {"accepting": "on"})
    assert response.status_code == 200
    assert "Near" in response.content.decode()
