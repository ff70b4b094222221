"""A number out of range is told the real limits at once: -3 and 0 get the same message,
the one the field's help states, not first "at least 0" and then "at least 1"."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

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
