"""Which open circles to offer a member, ranked as mentors are.

Mentor search and the waiting list show a few open circles (places left, not ended) for the
areas a member chose or wants. A circle is ranked by the same match score as a mentor
(profiles.matching.score): its host (or convener) stands in for the mentor, its areas for the
mentor's expertise, its format for their meeting formats and its free places for theirs. Two
queries whatever the directory's size: the candidates, then the areas of the few shown.
"""

from __future__ import annotations

from django.db.models import F, Func, IntegerField, prefetch_related_objects

from profiles import matching
from profiles.models import Profile, User

from .models import Circle, CircleFormat

# The candidates scored in Python: those sharing most of the areas, then with most room. A
# shared area outweighs everything else in the score, so the few shown are always among them.
CANDIDATES = 40
SHOWN = 3


def as_person(circle: Circle) -> matching.Person:
    """The circle as matching sees a mentor; needs its leader's profile and career stage."""
    leader = circle.host or circle.convener
    profile: Profile | None = getattr(leader, "profile", None) if leader else None
    # Only a circle meeting in person has a place; a remote one is near nobody in particular.
    city = circle.city if circle.format == CircleFormat.IN_PERSON else None
    return matching.Person(
        pk=circle.pk,
        user_id=leader.pk if leader else 0,
        areas=frozenset(circle.covering),  # type: ignore[attr-defined]
        latitude=city.latitude if city else None,
        longitude=city.longitude if city else None,
        open_to_remote=circle.format != CircleFormat.IN_PERSON,
        library_type_id=profile.library_type_id if profile else None,
        seniority=profile.career_stage.seniority if profile and profile.career_stage else None,
        formats=frozenset([circle.format]),
        languages=frozenset(profile.languages) if profile else frozenset(),
        free_places=circle.free_places,
    )


def circles_for(
    user: User, profile: Profile | None, area_ids: list[int], *, shown: int = SHOWN
) -> list[Circle]:
    """Up to `shown` open circles covering any of `area_ids` that the member can meet, best
    match first, each with its areas prefetched and `covering_areas` (those of `area_ids` it
    covers). None for a member without a profile: joining needs one, and without a city or a
    word on remote meetings nothing can be said to fit."""
    if profile is None or not area_ids:
        return []
    candidates: list[Circle] = list(
        Circle.objects.offered_for(user, profile, area_ids)
        .select_related("host__profile__career_stage", "convener__profile__career_stage")
        .annotate(shared=Func(F("covering"), function="cardinality", output_field=IntegerField()))
        .order_by("-shared", (F("places") - F("member_count")).desc(), "-created_at")[:CANDIDATES]
    )
    me = matching.person_of(profile, area_ids)
    # sorted() is stable: equal scores keep the database's order (most room, then newest).
    ranked = sorted(candidates, key=lambda circle: -matching.score(me, as_person(circle)))
    shown_circles = ranked[:shown]
    # The areas of the few shown, in one query and in the taxonomy's order: as objects, whose
    # str() names them in the reader's language.
    prefetch_related_objects(shown_circles, "areas")
    for circle in shown_circles:
        circle.covering_areas = [  # type: ignore[attr-defined]
            area
            for area in circle.areas.all()
            if area.pk in circle.covering  # type: ignore[attr-defined]
        ]
    return shown_circles


def area_ids_from(values: list[str]) -> list[int]:
    """The area ids of a query string's values, ignoring anything that is not one (a number
    longer than any id is not one, and Python refuses to read the longest)."""
    return [int(value) for value in values[:300] if value.isdigit() and len(value) <= 18]
