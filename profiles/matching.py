"""How mentors are found and ranked: distance, the match score and its one-line reason.

The score is computed by PostgreSQL as an annotation on the mentor queryset, so ranking 100,000
members never loops over them in Python; only the page of results shown gets a reason line.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ACos, Coalesce, Cos, Greatest, Least, Radians, Sin

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from .models import City, Profile

EARTH_RADIUS_KM = 6371.0
KM_PER_MILE = 1.609344
# Within this distance, meeting in person counts as a good fit.
NEARBY_KM = 100

# Weights of the match score. One shared wanted area outweighs all the rest of the fit
# together: a mentee asking for help with cataloging is first shown catalogers.
WEIGHT_SHARED_AREA = 10.0
WEIGHT_LIBRARY_TYPE = 1.5
WEIGHT_NEARBY = 1.5
WEIGHT_REMOTE = 1.0
WEIGHT_FORMAT = 1.0
WEIGHT_LANGUAGE = 1.0
WEIGHT_STAGE_AHEAD = 2.0
WEIGHT_STAGE_PEER = 1.0
WEIGHT_FREE_PLACE = 0.25


def distance_km_from(city: City) -> ExpressionWrapper:
    """Great-circle distance from `city` to each profile's city (spherical law of cosines)."""
    lat, lon = Radians(Value(city.latitude)), Radians(Value(city.longitude))
    other_lat, other_lon = Radians(F("city__latitude")), Radians(F("city__longitude"))
    cosine = Cos(lat) * Cos(other_lat) * Cos(other_lon - lon) + Sin(lat) * Sin(other_lat)
    # Rounding can push the cosine a hair past 1 for the same city; ACos would then fail.
    return ExpressionWrapper(
        Value(EARTH_RADIUS_KM) * ACos(Least(Greatest(cosine, Value(-1.0)), Value(1.0))),
        output_field=FloatField(),
    )


def distance_km_between(one: City, other: City) -> float:
    """distance_km_from's distance, for two cities already loaded (no query)."""
    lat, other_lat = math.radians(one.latitude), math.radians(other.latitude)
    delta_lon = math.radians(other.longitude) - math.radians(one.longitude)
    along = math.cos(lat) * math.cos(other_lat) * math.cos(delta_lon)
    cosine = along + math.sin(lat) * math.sin(other_lat)
    return EARTH_RADIUS_KM * math.acos(min(max(cosine, -1.0), 1.0))


def bounding_box(city: City, km: float) -> Q:
    """A cheap, index-friendly box around `city` that contains every point within `km`."""
    from math import cos, radians

    lat_delta = km / 111.0
    lon_delta = km / max(111.0 * cos(radians(city.latitude)), 1.0)
    return Q(
        city__latitude__range=(city.latitude - lat_delta, city.latitude + lat_delta),
        city__longitude__range=(city.longitude - lon_delta, city.longitude + lon_delta),
    )


class MatchAnnotations(TypedDict):
    """What annotate_match adds to every mentor (`viewer_distance_km` only where it can)."""

    shared_areas: int
    match_score: float


def annotate_match(
    mentors: QuerySet[Profile], mentee: Profile, wanted_ids: list[int]
) -> QuerySet[WithAnnotations[Profile, MatchAnnotations]]:
    """Adds `match_score`, `shared_areas` and, when the mentee has a city, `viewer_distance_km`.

    `wanted_ids` are the areas the mentee wants help with (passed in, so that the caller's
    one query for them also serves the reason lines).
    """
    from .models import Profile

    shared = (
        Profile.expertise.through.objects.filter(
            profile_id=OuterRef("pk"), expertisearea_id__in=wanted_ids
        )
        .order_by()
        .values("profile_id")
        .annotate(count=Count("*"))
        # django-stubs does not see an alias annotated after values() (typeddjango/django-stubs
        # #602), though Django selects it.
        .values("count")  # type: ignore[misc]
    )
    mentors = mentors.annotate(
        shared_areas=Coalesce(Subquery(shared, output_field=IntegerField()), 0)
    )

    score = F("shared_areas") * Value(WEIGHT_SHARED_AREA)
    if mentee.library_type_id:
        score += Case(
            When(library_type_id=mentee.library_type_id, then=Value(WEIGHT_LIBRARY_TYPE)),
            default=Value(0.0),
        )
    if mentee.city is not None:
        mentors = mentors.annotate(viewer_distance_km=distance_km_from(mentee.city))
        score += Case(
            When(viewer_distance_km__lte=NEARBY_KM, then=Value(WEIGHT_NEARBY)),
            When(open_to_remote=True, then=Value(WEIGHT_REMOTE if mentee.open_to_remote else 0.0)),
            default=Value(0.0),
        )
    elif mentee.open_to_remote:
        score += Case(When(open_to_remote=True, then=Value(WEIGHT_REMOTE)), default=Value(0.0))
    if mentee.meeting_formats:
        score += Case(
            When(meeting_formats__overlap=mentee.meeting_formats, then=Value(WEIGHT_FORMAT)),
            default=Value(0.0),
        )
    if mentee.languages:
        score += Case(
            When(languages__overlap=mentee.languages, then=Value(WEIGHT_LANGUAGE)),
            default=Value(0.0),
        )
    if mentee.career_stage is not None:
        seniority = mentee.career_stage.seniority
        score += Case(
            When(
                career_stage__seniority__gt=seniority,
                career_stage__seniority__lte=seniority + 3,
                then=Value(WEIGHT_STAGE_AHEAD),
            ),
            When(career_stage__seniority=seniority, then=Value(WEIGHT_STAGE_PEER)),
            default=Value(0.0),
        )
    score += (F("mentor_capacity") - F("active_mentee_count")) * Value(WEIGHT_FREE_PLACE)
    return mentors.annotate(match_score=ExpressionWrapper(score, output_field=FloatField()))


def recommended_for(
    mentee: Profile, mentors: QuerySet[Profile], wanted_ids: list[int], limit: int
) -> QuerySet[Profile]:
    """The best `limit` mentors for `mentee`, in one query.

    Only mentors sharing a wanted area can rank first (WEIGHT_SHARED_AREA), so the score is
    computed for them alone, plus the `limit` mentors with most free places as a fallback for
    mentees whose areas no mentor covers yet. This keeps the query fast at any directory size.
    """
    from .models import Profile

    sharing_a_wanted_area = Profile.expertise.through.objects.filter(
        expertisearea_id__in=wanted_ids
    ).values("profile_id")
    most_free_places = mentors.order_by(
        (F("mentor_capacity") - F("active_mentee_count")).desc(), "pk"
    ).values("pk")[:limit]
    # One IN over a UNION lets PostgreSQL start from these few ids instead of scanning
    # every mentor and testing two conditions on each.
    candidates = mentors.filter(pk__in=sharing_a_wanted_area.union(most_free_places))
    return annotate_match(candidates, mentee, wanted_ids).order_by(
        "-match_score", "active_mentee_count", "display_name"
    )[:limit]


@dataclass(frozen=True)
class Reason:
    """Why a mentor is suggested, saying only what the score counted."""

    shared_areas: list[str]
    distance_km: float | None  # from the mentee's own city
    same_library_type: str | None
    remote: bool
    free_places: int

    def __str__(self) -> str:
        parts = []
        if self.shared_areas:
            parts.append("Shares " + join_names(self.shared_areas))
        if self.distance_km is not None and self.distance_km < 5:
            parts.append("in your city")
        elif self.distance_km is not None and self.distance_km <= NEARBY_KM:
            parts.append(f"{round(self.distance_km):,} km away")
        elif self.remote:
            parts.append("open to remote mentoring")
        if self.same_library_type:
            parts.append(f"same library type ({self.same_library_type})")
        if not parts:
            places = "place" if self.free_places == 1 else "places"
            return f"Has {self.free_places} free {places}"
        text = "; ".join(parts)
        return text[0].upper() + text[1:]


def join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:2]) + f" and {len(names) - 2} more"


def reason_for(mentor: Profile, mentee: Profile, wanted_names: Iterable[str]) -> Reason:
    """The one-line reason shown beside a suggestion; `mentor.expertise` must be prefetched."""
    wanted = set(wanted_names)
    same_library_type = (
        mentor.library_type
        if mentee.library_type_id and mentor.library_type_id == mentee.library_type_id
        else None
    )
    return Reason(
        shared_areas=[area.name for area in mentor.expertise.all() if area.name in wanted],
        distance_km=getattr(mentor, "viewer_distance_km", None),
        same_library_type=same_library_type.name if same_library_type else None,
        remote=mentor.open_to_remote and mentee.open_to_remote,
        free_places=mentor.free_places,
    )


def km_from(distance: float, unit: str) -> float:
    return distance * KM_PER_MILE if unit == "mi" else distance
