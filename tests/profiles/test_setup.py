from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from profiles.models import Profile, User

from .factories import area, city, library_type, stage

pytestmark = pytest.mark.django_db


def step_url(step: int) -> str:
    return reverse("profiles:setup", kwargs={"step": step})


def about_you(**changes: object) -> dict[str, object]:
    data = {
        "display_name": "Ada Lovelace",
        "headline": "Cataloging Librarian",
        "library_type": library_type("Public").pk,
        "career_stage": stage("Early career (under 5 years)").pk,
        "city": "Toronto",
        "open_to_remote": "on",
        "meeting_formats": ["video", "phone"],
        "languages": ["en", "fr"],
        "time_zone": "",
    }
    data.update(changes)
    return data


def test_three_steps_make_a_complete_profile(client: Client, member: User) -> None:
    client.force_login(member)
    assert client.get(step_url(1)).status_code == 200
    assert not Profile.objects.exists(), "a GET never writes"

    response = client.post(step_url(1), about_you())
    assert response["Location"] == step_url(2)
    profile = Profile.objects.get(user=member)
    assert profile.city == city("Toronto", "CA")
    assert profile.time_zone == "America/Toronto"

    response = client.post(
        step_url(2),
        {
            "wants_mentor": "on",
            "wanted_areas": [area("Cataloging (original and copy)").pk],
            "help_wanted": "Moving into metadata work.",
            "mentor_capacity": 2,
        },
    )
    assert response["Location"] == step_url(3)
    response = client.post(
        step_url(3),
        {
            "bio": "I catalog things.",
            "contact_email": "ada@example.org",
            "contact_visibility": "matched",
        },
    )
    assert response["Location"] == reverse("dashboard")
    profile.refresh_from_db()
    assert profile.completed_at is not None
    assert profile.missing_items == []
    assert profile.completeness_percent == 100


def test_steps_two_and_three_wait_for_step_one(client: Client, member: User) -> None:
    client.force_login(member)
    assert client.get(step_url(3))["Location"] == step_url(1)


def test_ambiguous_city_is_explained_and_what_was_typed_is_kept(
    client: Client, member: User
) -> None:
    client.force_login(member)
    response = client.post(step_url(1), about_you(city="Columbus", headline="Kept headline"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Several places match “Columbus”" in html
    assert "Columbus, Ohio, US" in html
    assert 'value="Kept headline"' in html
    assert not Profile.objects.exists()

    response = client.post(step_url(1), about_you(city="Columbus, Ohio"))
    assert response.status_code == 302
    chosen = Profile.objects.get().city
    assert chosen and chosen.region == "Ohio"


def test_city_names_match_without_accents(client: Client, member: User) -> None:
    client.force_login(member)
    client.post(step_url(1), about_you(city="Montreal"))
    chosen = Profile.objects.get().city
    assert chosen and chosen.name == "Montréal"


def test_a_role_is_required_and_each_role_needs_its_areas(client: Client, member: User) -> None:
    client.force_login(member)
    client.post(step_url(1), about_you())
    response = client.post(step_url(2), {"mentor_capacity": 2})
    assert "Choose at least one" in response.content.decode()
    response = client.post(
        step_url(2), {"can_mentor": "on", "mentor_capacity": 2, "help_wanted": "kept"}
    )
    assert "Choose at least one area you can mentor in." in response.content.decode()
    assert 'value="kept"' in response.content.decode()


def test_capacity_is_one_to_five(client: Client, member: User) -> None:
    client.force_login(member)
    client.post(step_url(1), about_you())
    response = client.post(
        step_url(2),
        {"can_mentor": "on", "expertise": [area("Acquisitions").pk], "mentor_capacity": 9},
    )
    assert response.status_code == 200
    assert "less than or equal to 5" in response.content.decode()


def test_completeness_meter_names_what_is_missing(client: Client, member: User) -> None:
    client.force_login(member)
    client.post(step_url(1), about_you(headline="", languages=[]))
    response = client.get(step_url(2))
    assert "Still missing: headline or job title, languages" in response.content.decode()


def test_city_suggestions_come_from_the_gazetteer(client: Client, member: User) -> None:
    client.force_login(member)
    response = client.get(reverse("profiles:city_suggestions"), {"q": "Toro"})
    assert response.json()["cities"][0] == "Toronto, Ontario, CA"
    client.logout()
    assert client.get(reverse("profiles:city_suggestions"), {"q": "Toro"}).status_code == 302


def test_a_mentee_may_finish_after_step_two_and_add_a_bio_later(
    client: Client, member: User
) -> None:
    client.force_login(member)
    client.post(step_url(1), about_you())
    response = client.post(
        step_url(2),
        {"wants_mentor": "on", "wanted_areas": [area("Acquisitions").pk], "finish": "1"},
    )
    assert response["Location"] == reverse("dashboard")
    profile = Profile.objects.get(user=member)
    assert profile.completed_at is not None
    assert "short bio" in profile.missing_items
