from __future__ import annotations

import importlib
import re
from html import unescape

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client
from django.urls import reverse

from mentorconnect.sso import record_claims
from profiles.models import Profile, User
from tests.conftest import make_member

from .factories import area, city, library_type, make_mentor, stage

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
            "meeting_formats": ["video", "phone"],
            "open_to_remote": "on",
            "languages": ["en", "fr"],
            "time_zone": "",
            "bio": "I catalog things.",
            "share_account_email": "on",
            "contact_visibility": "matched",
        },
    )
    assert response["Location"] == reverse("dashboard")
    profile.refresh_from_db()
    assert profile.completed_at is not None
    assert profile.missing_items == []
    assert profile.completeness_percent == 100
    assert profile.share_account_email
    assert profile.time_zone == "America/Toronto"


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


def test_completeness_meter_names_what_other_steps_still_need(client: Client, member: User) -> None:
    client.force_login(member)
    client.post(step_url(1), about_you(headline=""))
    html = unescape(client.get(step_url(2)).content.decode())
    assert "Still to add on other steps: headline or job title (" in html
    assert "meeting formats (" in html
    assert "short bio (" in html
    # Step 2 ticks "I'd like a mentor" for a new member: the box never calls it missing.
    assert "whether you'd like a mentor" not in html


def test_completeness_meter_agrees_with_what_a_refused_step_shows(
    client: Client, member: User
) -> None:
    client.force_login(member)
    client.post(step_url(1), about_you())
    # "I'd like a mentor" ticked, but no area yet: refused, and the box names only other steps.
    response = client.post(step_url(2), {"wants_mentor": "on"})
    html = unescape(response.content.decode())
    assert "Choose at least one area you'd like help with." in html
    assert "whether you'd like a mentor" not in html
    assert "areas you'd like help with (" not in html


def test_new_profile_speaks_english_and_the_browsers_language(client: Client, member: User) -> None:
    client.force_login(member)
    client.post(step_url(1), about_you(), headers={"accept-language": "fr-CA,fr;q=0.9,en;q=0.8"})
    assert Profile.objects.get(user=member).languages == ["en", "fr"]
    html = client.get(step_url(3)).content.decode()
    assert re.search(r'<input[^>]*value="en"[^>]*checked', html)
    assert re.search(r'<input[^>]*value="fr"[^>]*checked', html)
    assert not re.search(r'<input[^>]*value="es"[^>]*checked', html)


def test_a_refused_language_is_explained_beside_the_languages(client: Client, member: User) -> None:
    client.force_login(member)
    client.post(step_url(1), about_you())
    response = client.post(step_url(3), {"meeting_formats": ["video"], "languages": ["xx"]})
    html = response.content.decode()
    assert re.search(r'<fieldset[^>]*aria-describedby="[^"]*id_languages_error', html)
    assert re.search(r'id="id_languages_error">Select a valid choice', html)


def test_no_dashed_placeholders_in_any_step(client: Client, member: User) -> None:
    client.force_login(member)
    assert "Choose…" in client.get(step_url(1)).content.decode()
    client.post(step_url(1), about_you())
    for step in (1, 2, 3):
        assert "---------" not in client.get(step_url(step)).content.decode()


def test_each_step_asks_only_its_own_fields(client: Client, member: User) -> None:
    client.force_login(member)
    first = client.get(step_url(1)).content.decode()
    assert 'name="city"' in first and 'name="languages"' not in first
    fields = set(re.findall(r'<(?:input|select|textarea)\b[^>]*\bname="(\w+)"', first))
    # The header's language menu sends where to come back to ("next") on every page.
    assert fields - {"csrfmiddlewaretoken", "next"} == {
        *["display_name", "pronouns", "headline", "workplace"],
        *["library_type", "career_stage", "city"],
    }


def test_a_mentee_never_sees_nor_trips_over_the_mentor_fields(client: Client, member: User) -> None:
    client.force_login(member)
    client.post(step_url(1), about_you())
    html = client.get(step_url(2)).content.decode()
    assert re.search(r'id="mentor-fields"[^>]*hidden', html)
    assert not re.search(r'id="mentee-fields"[^>]*hidden', html)
    # What a hidden mentor part sends (an impossible capacity, no areas) never blocks a mentee.
    response = client.post(
        step_url(2),
        {
            "wants_mentor": "on",
            "wanted_areas": [area("Acquisitions").pk],
            "mentor_capacity": "99",
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert not profile.can_mentor and profile.mentor_capacity == 2
    assert profile.accepting_requests, "a later start as a mentor still accepts by default"


def test_a_mentor_sees_the_mentor_fields(client: Client, member: User) -> None:
    client.force_login(member)
    client.post(step_url(1), about_you())
    client.post(
        step_url(2),
        {"can_mentor": "on", "expertise": [area("Acquisitions").pk], "mentor_capacity": 3},
    )
    html = client.get(step_url(2)).content.decode()
    assert not re.search(r'id="mentor-fields"[^>]*hidden', html)
    assert Profile.objects.get(user=member).mentor_capacity == 3


def test_city_suggestions_come_from_the_gazetteer(client: Client, member: User) -> None:
    client.force_login(member)
    response = client.get(reverse("profiles:city_suggestions"), {"q": "Toro"})
    assert response.json()["cities"][0] == "Toronto, Ontario, CA"
    response = client.get(reverse("profiles:city_suggestions"), {"q": "Portland"})
    assert {"Portland, Oregon, US", "Portland, Maine, US"} <= set(response.json()["cities"])
    # Visitors filter the public directory by distance from a city too.
    client.logout()
    assert client.get(reverse("profiles:city_suggestions"), {"q": "Toro"}).status_code == 200


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


def test_a_visitor_who_joined_to_ask_a_mentor_is_taken_back_there_once_their_profile_is_made(
    client: Client,
) -> None:
    mentor = make_mentor(display_name="Kai")
    ask = reverse("mentorships:request", args=[mentor.pk])
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "a-long-pass-9-!", "next": ask},
    )
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", str(mail.outbox[-1].body))
    assert link is not None
    # Signed in by the link, they reach the request, which asks for their profile first.
    response = client.post(link.group(1), follow=True)
    assert response.redirect_chain[-1][0] == ask
    assert "Finish your profile first" in response.content.decode()
    client.post(step_url(1), about_you())
    response = client.post(
        step_url(2),
        {
            "wants_mentor": "on",
            "wanted_areas": [area("Cataloging (original and copy)").pk],
            "help_wanted": "Moving into metadata work.",
            "finish": "1",
        },
    )
    assert response["Location"] == ask
    # Once: the next profile saved goes where it always does.
    assert "after_profile" not in client.session


def test_a_next_address_off_the_site_is_not_followed_after_the_profile(client: Client) -> None:
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-pass-9-!",
            "next": "https://evil.example/",
        },
    )
    assert "after_profile" not in client.session


def test_back_keeps_what_was_typed_on_the_step(client: Client, member: User) -> None:
    client.force_login(member)
    client.post(step_url(1), about_you())
    client.post(step_url(2), {"wants_mentor": "on", "mentor_capacity": 1})
    page = client.get(step_url(3)).content.decode()
    assert 'name="back" value="1"' in page

    typed = {
        "meeting_formats": ["video"],
        "languages": ["en"],
        "bio": "Twenty years at the reference desk.",
        "contact_visibility": "matched",
    }
    response = client.post(step_url(3), {**typed, "back": "1"})
    assert response["Location"] == step_url(2)
    profile = Profile.objects.get(user=member)
    assert profile.bio == "Twenty years at the reference desk."
    assert profile.completed_at is None, "going back finishes nothing"
    assert "Twenty years at the reference desk." in client.get(step_url(3)).content.decode()


REVERSES = "This contains an invisible character (U+202E) that reverses the direction"


def test_a_name_that_would_reverse_the_text_around_it_is_refused_and_kept(
    client: Client, member: User
) -> None:
    client.force_login(member)
    response = client.post(step_url(1), about_you(display_name="Ana \u202eRiley"))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert REVERSES in html
    assert 'href="#id_display_name">Your name as members see it: This contains' in html
    assert 'value="Ana \u202eRiley"' in html
    assert not Profile.objects.exists()


@pytest.mark.parametrize(
    ("step", "field", "value"),
    [
        (1, "pronouns", "she/\u2067her"),
        (1, "headline", "Cataloging \u202dLibrarian"),
        (1, "workplace", "Toronto \u202aPublic"),
        (2, "help_wanted", "Metadata\u2066 work"),
        (3, "contact_phone", "555\u202e0199"),
        (3, "contact_other", "Signal\u2069"),
    ],
)
def test_every_one_line_field_others_read_refuses_direction_controls(
    client: Client, member: User, step: int, field: str, value: str
) -> None:
    client.force_login(member)
    client.post(step_url(1), about_you())
    valid: dict[int, dict[str, object]] = {
        1: about_you(),
        2: {"wants_mentor": "on", "wanted_areas": [area("Cataloging (original and copy)").pk]},
        3: {"contact_visibility": "matched"},
    }
    response = client.post(step_url(step), {**valid[step], field: value})
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "This contains an invisible character (U+" in html
    assert f'href="#id_{field}"' in html
    assert f'value="{value}"' in html or f">{value}</textarea>" in html
    assert getattr(Profile.objects.get(user=member), field) != value


def test_marks_in_a_name_and_controls_in_the_bio_are_kept(client: Client, member: User) -> None:
    """The marks reverse nothing and right-to-left writers need them; a bio is its own
    paragraph, where the browser ends any override at the paragraph's end."""
    client.force_login(member)
    response = client.post(step_url(1), about_you(display_name="\u05de\u05d9\u05db\u05dc\u200f"))
    assert response["Location"] == step_url(2)
    client.post(step_url(2), {"wants_mentor": "on", "mentor_capacity": 1})
    response = client.post(
        step_url(3),
        {"bio": "\u202bHebrew quote\u202c then English", "contact_visibility": "matched"},
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert profile.display_name.endswith("\u200f")
    assert profile.bio.startswith("\u202b")


def test_a_mentor_only_is_told_mentees_can_now_find_them(client: Client, member: User) -> None:
    client.force_login(member)
    client.post(step_url(1), about_you())
    response = client.post(
        step_url(2),
        {
            "can_mentor": "on",
            "expertise": [area("Acquisitions").pk],
            "mentor_capacity": 2,
            "accepting_requests": "on",
            "finish": "1",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Mentees can now find you and send you requests." in page
    assert "Here are mentors who may suit you" not in page


def test_a_mentor_not_accepting_requests_is_not_told_mentees_can_ask(
    client: Client, member: User
) -> None:
    client.force_login(member)
    client.post(step_url(1), about_you())
    response = client.post(
        step_url(2),
        {
            "can_mentor": "on",
            "expertise": [area("Acquisitions").pk],
            "mentor_capacity": 2,
            "finish": "1",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "once your profile accepts requests and shows in search" in page
    assert "Mentees can now find you" not in page


def test_names_saved_before_the_check_or_given_by_single_sign_on_lose_their_controls(
    client: Client, member: User, rf
) -> None:
    """Names that never met the form's message: those saved before the check (cleaned by the
    migration) and those the association's sign-in gives (cleaned as they come)."""
    old = make_mentor(display_name="Ana \u202eRiley", headline="Head of \u2067Cataloging")
    before = old.updated_at
    migration = importlib.import_module("profiles.migrations.0025_remove_stored_direction_controls")
    migration.remove_direction_controls(apps, None)
    old.refresh_from_db()
    assert (old.display_name, old.headline) == ("Ana Riley", "Head of Cataloging")
    assert old.updated_at > before
    client.force_login(member)
    assert "Ana Riley" in client.get(old.get_absolute_url()).content.decode()

    newcomer = make_member("newcomer@example.org")
    request = rf.get("/", HTTP_ACCEPT_LANGUAGE="en")
    record_claims(request, newcomer, {"name": "Sam \u202eSmith"})
    assert Profile.objects.get(user=newcomer).display_name == "Sam Smith"
