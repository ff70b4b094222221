"""Which open circles to offer a member, ranked as mentors are.

Mentor search and the waiting list show a few open circles (places left, not ended) for the
areas a member chose or wants. A circle is ranked by the same match score as a mentor
(profiles.matching.score): its host (or convener) stands in for the mentor, its areas for the
mentor's expertise, its format for their meeting formats and its free places for theirs.

The candidates are scored from a narrow query of the few columns the score reads; only the few
shown are then loaded whole, with their leaders and areas. Whatever the directory's size that
is one small query when no open circle covers the areas (most searches) and three when one does.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from profiles import matching
from profiles.models import Profile, User

from .models import Circle, CircleFormat, CircleStatus

# The candidates scored in Python: those sharing most of the areas, then with most room. A
# shared area outweighs everything else in the score, so the few shown are always among them.
CANDIDATES = 40
SHOWN = 3

# What the score reads of a circle, and of its leader's profile (the host's, else the
# convener's), as columns of the candidates' query.
_CANDIDATE_COLUMNS = (
    "pk",
    "leader_id",
    "format",
    "places",
    "member_count",
    "covering",
    "city__latitude",
    "city__longitude",
    "leader_library_type_id",
    "leader_seniority",
    "leader_languages",
)


def as_person(row: dict[str, Any]) -> matching.Person:
    """A circle (a row of the candidates' query) as matching sees a mentor."""
    # Only a circle meeting in person has a place; a remote one is near nobody in particular.
    in_person = row["format"] == CircleFormat.IN_PERSON
    return matching.Person(
        pk=row["pk"],
        user_id=row["leader_id"] or 0,
        areas=frozenset(row["covering"]),
        latitude=row["city__latitude"] if in_person else None,
        longitude=row["city__longitude"] if in_person else None,
        open_to_remote=not in_person,
        library_type_id=row["leader_library_type_id"],
        seniority=row["leader_seniority"],
        formats=frozenset([row["format"]]),
        languages=frozenset(row["leader_languages"] or ()),
        free_places=max(row["places"] - row["member_count"], 0),
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
    # Most searches are for areas no circle under way covers: a question that costs little to
    # ask spares them building and planning the candidates' query.
    covered = Circle.areas.through.objects.filter(expertisearea_id__in=area_ids).exclude(
        circle__status=CircleStatus.ENDED
    )
    if not covered.exists():
        return []
    leader = Profile.objects.filter(user_id=OuterRef("leader_id")).order_by()
    candidates = list(
        Circle.objects.offered_for(user, profile, area_ids)
        .annotate(
            shared=Func(F("covering"), function="cardinality", output_field=IntegerField()),
            leader_id=Coalesce("host_id", "convener_id"),
            # Subqueries rather than joins through the leader's account: PostgreSQL plans
            # those joins in about 5 ms, many times what the query takes to run.
            leader_library_type_id=Subquery(leader.values("library_type_id")),
            leader_seniority=Subquery(leader.values("career_stage__seniority")),
            leader_languages=Subquery(leader.values("languages")),
        )
        .order_by("-shared", (F("places") - F("member_count")).desc(), "-created_at")
        .values(*_CANDIDATE_COLUMNS)[:CANDIDATES]
    )
    if not candidates:
        return []
    me = matching.person_of(profile, area_ids)
    # sorted() is stable: equal scores keep the database's order (most room, then newest).
    ranked = sorted(candidates, key=lambda row: -matching.score(me, as_person(row)))
    covering = {row["pk"]: row["covering"] for row in ranked[:shown]}
    by_pk = {
        circle.pk: circle
        for circle in Circle.objects.filter(pk__in=covering)
        .with_member_count()
        .with_area_names()
        .select_related("host__profile", "convener__profile", "city")
    }
    shown_circles = [by_pk[pk] for pk in covering if pk in by_pk]
    for circle in shown_circles:
        circle.covering = covering[circle.pk]  # type: ignore[attr-defined]
        # The English names of the areas asked for that it covers, in the taxonomy's order.
        circle.covering_areas = [  # type: ignore[attr-defined]
            name
            for pk, name in zip(circle.area_ids, circle.area_names, strict=True)  # type: ignore[attr-defined]
            if pk in circle.covering  # type: ignore[attr-defined]
        ]
    return shown_circles
