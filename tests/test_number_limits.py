"""A number out of range is told the real limits at once: -3 and 0 get the same message,
the one the field's help states, not first "at least 0" and then "at least 1"."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from mentorships.forms import AgreementForm, MeetingForm
from profiles.forms import MentoringForm
from tests.profiles.factories import make_mentor

pytestmark = pytest.mark.django_db


def test_a_circle_too_small_is_told_the_fewest_places_whatever_the_number(
    client: Client,
) -> None:
    client.force_login(make_mentor().user)
    form_page = client.get(reverse("circles:new")).content.decode()
    assert re.search(r'<input type="number" name="places"[^>]* min="3" max="8"', form_page)
    for places, months in (("-1", "-2"), ("0", "0"), ("2", "0")):
        page = client.post(
            reverse("circles:new"),
            {"kind": "mentor", "title": "Small", "places": places, "planned_months": months},
        ).content.decode()
        assert "Ensure this value is greater than or equal to 3." in page, places
        assert "Ensure this value is greater than or equal to 1." in page, months
        assert "greater than or equal to 0." not in page


def test_a_mentors_places_are_told_from_one_to_five_whatever_the_number() -> None:
    mentor = make_mentor()
    for capacity in ("-1", "0"):
        form = MentoringForm({"can_mentor": "on", "mentor_capacity": capacity}, instance=mentor)
        assert form.errors["mentor_capacity"] == [
            "Ensure this value is greater than or equal to 1."
        ], capacity
    assert 'min="1" max="5"' in str(MentoringForm(instance=mentor)["mentor_capacity"])


def test_a_meeting_or_agreement_out_of_range_is_told_the_real_limits_at_once() -> None:
    for minutes in ("-30", "0", "10"):
        form = MeetingForm({"duration_minutes": minutes}, time_zone="America/Chicago")
        assert form.errors["duration_minutes"] == [
            "Ensure this value is greater than or equal to 15."
        ], minutes
    for months in ("-3", "0"):
        agreement = AgreementForm({"planned_months": months})
        assert agreement.errors["planned_months"] == [
            "Ensure this value is greater than or equal to 1."
        ], months


@time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC), tick=False)
def test_a_meeting_in_the_hour_the_clocks_skip_is_refused_not_moved() -> None:
    form = MeetingForm(
        {"starts_at": "2027-03-14T02:30", "duration_minutes": 60, "format": "video"},
        time_zone="America/Los_Angeles",
    )
    assert form.errors["starts_at"] == [
        "02:30 does not exist in America/Los_Angeles: the clocks go forward then."
    ]
    form = MeetingForm(
        {"starts_at": "2027-03-14T03:30", "duration_minutes": 60, "format": "video"},
        time_zone="America/Los_Angeles",
    )
    assert "starts_at" not in form.errors
