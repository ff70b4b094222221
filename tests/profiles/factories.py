"""Plain helpers that make profiles with sensible defaults for tests."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count
from typing import Any

from django.utils import timezone

from profiles.models import CareerStage, City, ExpertiseArea, LibraryType, Profile
from tests.conftest import make_member

_numbers = count(1)


def city(name: str, country: str = "US", region: str | None = None) -> City:
    cities = City.objects.filter(name=name, country=country)
    if region:
        cities = cities.filter(region=region)
    return cities.order_by("-population")[0]


def area(name: str) -> ExpertiseArea:
    return ExpertiseArea.objects.get(name=name)


def stage(name: str) -> CareerStage:
    return CareerStage.objects.get(name=name)


def library_type(name: str) -> LibraryType:
    return LibraryType.objects.get(name=name)


def make_profile(
    *,
    email: str | None = None,
    expertise: Sequence[str] = (),
    wanted: Sequence[str] = (),
    **fields: Any,
) -> Profile:
    number = next(_numbers)
    user = make_member(email or f"person{number}@example.org")
    defaults: dict[str, Any] = {
        "display_name": f"Person {number}",
        "headline": "Librarian",
        "city": city("Chicago"),
        "meeting_formats": ["video"],
        "languages": ["en"],
        "bio": "A librarian.",
        "onboarding_step": 3,
        "completed_at": timezone.now(),
    }
    defaults.update(fields)
    profile = Profile.objects.create(user=user, **defaults)
    if expertise:
        profile.expertise.set([area(name) for name in expertise])
    if wanted:
        profile.wanted_areas.set([area(name) for name in wanted])
    return profile


def make_mentor(**fields: Any) -> Profile:
    fields.setdefault("expertise", ["Reference services"])
    fields.setdefault("career_stage", stage("Mid-career (5-15 years)"))
    fields.setdefault("mentor_capacity", 2)
    return make_profile(can_mentor=True, **fields)


def make_mentee(**fields: Any) -> Profile:
    fields.setdefault("wanted", ["Reference services"])
    fields.setdefault("career_stage", stage("Early career (under 5 years)"))
    return make_profile(wants_mentor=True, **fields)
