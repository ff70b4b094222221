"""How mentors are found and ranked: whether a mentor fits, distance, the match score and the
reasons shown with a suggestion.

A mentor *fits* a mentee when they can actually work together: the mentor knows at least one
area the mentee wants help with, and they can meet (within NEARBY_KM of each other, or both
open to remote mentoring). Fit and score are written twice, side by side: as Python over
`Person`s (suggestions, the matching plan and `make match-bench` rank a few hundred mentors at
a time) and as SQL annotations (search sorts the whole directory). tests/test_match_rules.py
holds the two to the same answers.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

import numpy as np
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext, ngettext, pgettext

from mentorconnect.expressions import SQLExpression

from . import taxonomy_names

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
# Suggestions scoring within this much of the best are "well fitting": shown in an order drawn
# at random, weighted by free places, so that requests spread over mentors with room instead of
# piling on whoever tops the ranking for everyone. Less than one shared area: a mentor who
# covers more of what the mentee asked for always comes first.
WELL_FITTING_MARGIN = 3.0


@dataclass(frozen=True)
class Person:
    """What matching knows of a member, to rank mentors in Python."""

    pk: int
    user_id: int
    # A mentor's areas of expertise, or the areas a mentee wants help with.
    areas: frozenset[int]
    latitude: float | None
    longitude: float | None
    open_to_remote: bool
    library_type_id: int | None = None
    seniority: int | None = None
    formats: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    free_places: int = 0


def person_of(profile: Profile, area_ids: Iterable[int]) -> Person:
    """The member as matching sees them, with `area_ids` as their areas (wanted areas for a
    mentee, expertise for a mentor); `profile` with its city and career stage loaded. Free
    places are left out: callers that need them say them."""
    city = profile.city
    return Person(
        pk=profile.pk,
        user_id=profile.user_id,
        areas=frozenset(area_ids),
        latitude=city.latitude if city else None,
        longitude=city.longitude if city else None,
        open_to_remote=profile.open_to_remote,
        library_type_id=profile.library_type_id,
        seniority=profile.career_stage.seniority if profile.career_stage else None,
        formats=frozenset(profile.meeting_formats),
        languages=frozenset(profile.languages),
    )


def distance_between(one: Person, other: Person) -> float | None:
    if one.latitude is None or one.longitude is None:
        return None
    if other.latitude is None or other.longitude is None:
        return None
    return _great_circle_km(one.latitude, one.longitude, other.latitude, other.longitude)


def fits(mentee: Person, mentor: Person) -> bool:
    """The one definition of a mentor the mentee can actually work with."""
    if not mentee.areas & mentor.areas:
        return False
    if mentee.open_to_remote and mentor.open_to_remote:
        return True
    distance = distance_between(mentee, mentor)
    return distance is not None and distance <= NEARBY_KM


def score(mentee: Person, mentor: Person) -> float:
    """The match score, as annotate_match computes it in SQL."""
    total = len(mentee.areas & mentor.areas) * WEIGHT_SHARED_AREA
    if mentee.library_type_id and mentor.library_type_id == mentee.library_type_id:
        total += WEIGHT_LIBRARY_TYPE
    distance = distance_between(mentee, mentor)
    if distance is not None and distance <= NEARBY_KM:
        total += WEIGHT_NEARBY
    elif mentor.open_to_remote and mentee.open_to_remote:
        total += WEIGHT_REMOTE
    if mentee.formats & mentor.formats:
        total += WEIGHT_FORMAT
    if mentee.languages & mentor.languages:
        total += WEIGHT_LANGUAGE
    if mentee.seniority is not None and mentor.seniority is not None:
        if mentee.seniority < mentor.seniority <= mentee.seniority + 3:
            total += WEIGHT_STAGE_AHEAD
        elif mentor.seniority == mentee.seniority:
            total += WEIGHT_STAGE_PEER
    return total + mentor.free_places * WEIGHT_FREE_PLACE


def bits(codes: Iterable[str], order: tuple[str, ...]) -> int:
    """A bit mask of `codes` (meeting formats or languages), in `order`."""
    return sum(1 << order.index(code) for code in codes if code in order)


@functools.cache
def format_and_language_order() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from .models import Language, MeetingFormat

    return tuple(MeetingFormat.values), tuple(Language.values)


@dataclass(frozen=True)
class Pool:
    """Mentors who might fit one mentee, as columns (one entry per mentor), so that the
    hundreds a mentee open to remote mentoring may fit are ranked at once."""

    pks: np.ndarray
    shared: np.ndarray  # how many of the mentee's wanted areas each knows
    latitude: np.ndarray  # NaN without a city
    longitude: np.ndarray
    remote: np.ndarray
    library_type: np.ndarray  # 0 when not given
    seniority: np.ndarray  # -1 when not given
    formats: np.ndarray  # bit masks, MeetingFormat's order
    languages: np.ndarray  # bit masks, Language's order
    free: np.ndarray

    @classmethod
    def of(cls, mentee: Person, mentors: Sequence[Person]) -> Pool:
        formats, languages = format_and_language_order()
        return cls(
            pks=np.array([m.pk for m in mentors], dtype=np.int64),
            shared=np.array([len(mentee.areas & m.areas) for m in mentors], dtype=np.int64),
            latitude=np.array([np.nan if m.latitude is None else m.latitude for m in mentors]),
            longitude=np.array([np.nan if m.longitude is None else m.longitude for m in mentors]),
            remote=np.array([m.open_to_remote for m in mentors], dtype=bool),
            library_type=np.array([m.library_type_id or 0 for m in mentors], dtype=np.int64),
            seniority=np.array(
                [-1 if m.seniority is None else m.seniority for m in mentors], dtype=np.int64
            ),
            formats=np.array([bits(m.formats, formats) for m in mentors], dtype=np.int64),
            languages=np.array([bits(m.languages, languages) for m in mentors], dtype=np.int64),
            free=np.array([m.free_places for m in mentors], dtype=np.int64),
        )

    def __len__(self) -> int:
        return len(self.pks)


def pool_fits_and_scores(mentee: Person, pool: Pool) -> tuple[np.ndarray, np.ndarray]:
    """fits() and score() of every mentor in `pool` at once (tests hold them to the same
    answers as the functions above)."""
    formats, languages = format_and_language_order()
    if mentee.latitude is None or mentee.longitude is None:
        near = np.zeros(len(pool), dtype=bool)
    else:
        lat, other_lat = np.radians(mentee.latitude), np.radians(pool.latitude)
        along = (
            np.cos(lat) * np.cos(other_lat) * np.cos(np.radians(pool.longitude - mentee.longitude))
        )
        cosine = np.clip(along + np.sin(lat) * np.sin(other_lat), -1.0, 1.0)
        with np.errstate(invalid="ignore"):
            near = EARTH_RADIUS_KM * np.arccos(cosine) <= NEARBY_KM  # NaN (no city): False
    remote = pool.remote & mentee.open_to_remote
    fitting = (pool.shared > 0) & (near | remote)
    total = pool.shared * WEIGHT_SHARED_AREA
    if mentee.library_type_id:
        total = total + (pool.library_type == mentee.library_type_id) * WEIGHT_LIBRARY_TYPE
    total = total + np.where(near, WEIGHT_NEARBY, np.where(remote, WEIGHT_REMOTE, 0.0))
    total = total + ((pool.formats & bits(mentee.formats, formats)) > 0) * WEIGHT_FORMAT
    total = total + ((pool.languages & bits(mentee.languages, languages)) > 0) * WEIGHT_LANGUAGE
    if mentee.seniority is not None:
        ahead = (pool.seniority > mentee.seniority) & (pool.seniority <= mentee.seniority + 3)
        total = total + ahead * WEIGHT_STAGE_AHEAD
        total = total + (pool.seniority == mentee.seniority) * WEIGHT_STAGE_PEER
    return fitting, total + pool.free * WEIGHT_FREE_PLACE


def suggestion_order(
    mentee: Person, pool: Pool, rng: np.random.Generator, *, planned: int | None = None
) -> list[int]:
    """The positions in `pool` of the mentors with a free place who fit `mentee`, in the order
    to suggest them.

    The mentor the matching plan gives the mentee (`planned`, a profile pk) comes first, if
    they are among them: the plan spreads mentees over every free place so that as many as
    possible find a mentor (mentorships/planning.py). Then the well-fitting ones (within
    WELL_FITTING_MARGIN of the best score), in a random order in which a mentor with three free
    places is drawn first about three times as often as one with a single place (Efraimidis
    and Spirakis' weighted shuffle); then the other fitting mentors, best score first. Those
    who do not fit are left out.
    """
    fitting, scores = pool_fits_and_scores(mentee, pool)
    candidates = np.flatnonzero(fitting & (pool.free > 0))
    if not len(candidates):
        return []
    values = scores[candidates]
    well = values >= values.max() - WELL_FITTING_MARGIN
    drawn = candidates[well]
    keys = rng.random(len(drawn)) ** (1.0 / pool.free[drawn])
    rest = candidates[~well]
    rest = rest[np.lexsort((pool.pks[rest], -scores[rest]))]
    ordered = [*drawn[np.argsort(-keys, kind="stable")].tolist(), *rest.tolist()]
    if planned is not None:
        at = np.flatnonzero(pool.pks == planned)
        if len(at) and int(at[0]) in ordered:
            ordered.remove(int(at[0]))
            ordered.insert(0, int(at[0]))
    return ordered


class DistanceKm(SQLExpression):
    """Great-circle distance from `city` to each profile's city (spherical law of cosines),
    as _great_circle_km computes it."""

    columns = ("lat", "lon")
    output_field = FloatField()

    def __init__(self, city: City) -> None:
        super().__init__(F("city__latitude"), F("city__longitude"))
        self.origin = (city.latitude, city.longitude)

    def sql_and_values(self) -> tuple[str, list[Any]]:
        latitude, longitude = self.origin
        cosine = (
            "cos(radians(%s)) * cos(radians({lat})) * cos(radians({lon}) - radians(%s))"
            " + sin(radians(%s)) * sin(radians({lat}))"
        )
        # Rounding can push the cosine a hair past 1 for the same city; acos would then fail.
        return f"(%s * acos(least(greatest({cosine}, -1.0), 1.0)))", [
            EARTH_RADIUS_KM,
            latitude,
            longitude,
            latitude,
        ]


def distance_km_from(city: City) -> DistanceKm:
    """Great-circle distance from `city` to each profile's city."""
    return DistanceKm(city)


def distance_km_between(one: City, other: City) -> float:
    """distance_km_from's distance, for two cities already loaded (no query)."""
    return _great_circle_km(one.latitude, one.longitude, other.latitude, other.longitude)


def near_enough_to_meet(one: Profile | None, other: Profile) -> bool:
    """Whether two members can meet in person: both cities known (and loaded) and within
    NEARBY_KM."""
    return bool(
        one and one.city and other.city and distance_km_between(one.city, other.city) <= NEARBY_KM
    )


def _great_circle_km(lat: float, lon: float, other_lat: float, other_lon: float) -> float:
    lat, other_lat = math.radians(lat), math.radians(other_lat)
    along = math.cos(lat) * math.cos(other_lat) * math.cos(math.radians(other_lon - lon))
    cosine = along + math.sin(lat) * math.sin(other_lat)
    return EARTH_RADIUS_KM * math.acos(min(max(cosine, -1.0), 1.0))


def _box(city: City, km: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """The latitudes and longitudes of a box around `city` that contains every point within
    `km`."""
    lat_delta = km / 111.0
    lon_delta = km / max(111.0 * math.cos(math.radians(city.latitude)), 1.0)
    return (
        (city.latitude - lat_delta, city.latitude + lat_delta),
        (city.longitude - lon_delta, city.longitude + lon_delta),
    )


def bounding_box(city: City, km: float) -> Q:
    """A cheap, index-friendly box around `city` that contains every point within `km`."""
    latitudes, longitudes = _box(city, km)
    return Q(city__latitude__range=latitudes, city__longitude__range=longitudes)


def in_bounding_box(city: City, km: float, other: City) -> bool:
    """Whether `other` is in bounding_box(city, km): the same box, for rows already loaded."""
    (south, north), (west, east) = _box(city, km)
    return south <= other.latitude <= north and west <= other.longitude <= east


def who_can_meet(mentors: QuerySet[Profile], mentee: Profile, *, remote: bool) -> QuerySet[Profile]:
    """The mentors `mentee` can meet, fits()'s second half in SQL: within NEARBY_KM of the
    mentee's city, or (when `remote`, the mentee being open to it) open to remote mentoring."""
    options = Q(open_to_remote=True) if remote else Q(pk__in=[])
    if mentee.city is not None:
        mentors = mentors.annotate(viewer_distance_km=distance_km_from(mentee.city))
        options |= bounding_box(mentee.city, NEARBY_KM) & Q(viewer_distance_km__lte=NEARBY_KM)
    return mentors.filter(options)


# Members want help with two or three areas. Past this many, the areas' hash tables would cost
# more to build than an index search per mentor.
HASHED_AREAS_AT_MOST = 8


class SharedAreas(SQLExpression):
    """How many of `wanted_ids` (a mentee's wanted areas) each profile knows."""

    columns = ("pk",)
    output_field = IntegerField()

    def __init__(self, wanted_ids: list[int]) -> None:
        super().__init__(F("pk"))
        self.wanted_ids = sorted(set(wanted_ids))

    def sql_and_values(self) -> tuple[str, list[Any]]:
        from .models import Profile

        if not self.wanted_ids:
            return "0", []
        table = Profile.expertise.through._meta.db_table
        if len(self.wanted_ids) > HASHED_AREAS_AT_MOST:
            return (
                f"(SELECT count(*) FROM {table} WHERE profile_id = {{pk}}"  # noqa: S608 (a table name)
                " AND expertisearea_id = ANY(%s::integer[]))",
                [self.wanted_ids],
            )
        # One "knows this area" per wanted area: PostgreSQL reads each area's members once
        # into a hash table and then tests each profile in it. Counting each profile's areas
        # in a subquery cost an index search per profile, most of a search matching thousands.
        knows = f"({{pk}} IN (SELECT profile_id FROM {table} WHERE expertisearea_id = %s))::integer"  # noqa: S608 (a table name)
        return f"({' + '.join([knows] * len(self.wanted_ids))})", list(self.wanted_ids)


class MatchScore(SQLExpression):
    """score(), in SQL: each mentor's match score for `mentee` (its city and career stage
    loaded), given the mentor's `shared` areas and `distance` (None without a city)."""

    output_field = FloatField()

    def __init__(self, mentee: Profile, shared: SharedAreas, distance: DistanceKm | None) -> None:
        columns: dict[str, Any] = {"shared": shared, "capacity": F("mentor_capacity")}
        columns["taken"] = F("active_mentee_count")
        if mentee.library_type_id:
            columns["library_type"] = F("library_type_id")
        if distance is not None or mentee.open_to_remote:
            columns["remote"] = F("open_to_remote")
        if distance is not None:
            columns["distance"] = distance
        if mentee.meeting_formats:
            columns["formats"] = F("meeting_formats")
        if mentee.languages:
            columns["languages"] = F("languages")
        if mentee.career_stage is not None:
            columns["seniority"] = F("career_stage__seniority")
        super().__init__(*columns.values())
        self.columns = tuple(columns)
        self.mentee = mentee

    def sql_and_values(self) -> tuple[str, list[Any]]:
        mentee = self.mentee
        terms = ["{shared} * %s::float8"]
        values: list[Any] = [WEIGHT_SHARED_AREA]
        if "library_type" in self.columns:
            terms.append("CASE WHEN {library_type} = %s THEN %s::float8 ELSE 0 END")
            values += [mentee.library_type_id, WEIGHT_LIBRARY_TYPE]
        if "distance" in self.columns:
            terms.append(
                "CASE WHEN {distance} <= %s THEN %s::float8"
                " WHEN {remote} THEN %s::float8 ELSE 0 END"
            )
            remote = WEIGHT_REMOTE if mentee.open_to_remote else 0.0
            values += [NEARBY_KM, WEIGHT_NEARBY, remote]
        elif "remote" in self.columns:
            terms.append("CASE WHEN {remote} THEN %s::float8 ELSE 0 END")
            values.append(WEIGHT_REMOTE)
        if "formats" in self.columns:
            terms.append("CASE WHEN {formats} && %s::varchar[] THEN %s::float8 ELSE 0 END")
            values += [list(mentee.meeting_formats), WEIGHT_FORMAT]
        if "languages" in self.columns:
            terms.append("CASE WHEN {languages} && %s::varchar[] THEN %s::float8 ELSE 0 END")
            values += [list(mentee.languages), WEIGHT_LANGUAGE]
        stage = mentee.career_stage
        if stage is not None:  # as in __init__, which scores "seniority" then
            seniority = stage.seniority
            terms.append(
                "CASE WHEN {seniority} > %s AND {seniority} <= %s THEN %s::float8"
                " WHEN {seniority} = %s THEN %s::float8 ELSE 0 END"
            )
            values += [seniority, seniority + 3, WEIGHT_STAGE_AHEAD, seniority, WEIGHT_STAGE_PEER]
        terms.append("({capacity} - {taken}) * %s::float8")
        values.append(WEIGHT_FREE_PLACE)
        # In floating point, as score() adds them in Python (and cheaper than numeric).
        return f"({' + '.join(terms)})", values


class Fits(SQLExpression):
    """fits(), in SQL: a shared wanted area, and near enough or both open to remote."""

    output_field = BooleanField()

    def __init__(self, mentee: Profile, shared: SharedAreas, distance: DistanceKm | None) -> None:
        columns: dict[str, Any] = {"shared": shared}
        if distance is not None:
            columns["distance"] = distance
        if mentee.open_to_remote:
            columns["remote"] = F("open_to_remote")
        super().__init__(*columns.values())
        self.columns = tuple(columns)

    def sql_and_values(self) -> tuple[str, list[Any]]:
        meets = []
        values: list[Any] = []
        if "distance" in self.columns:
            # A mentor without a city is not near (not NULL, which would sort first).
            meets.append("({distance} <= %s) IS TRUE")
            values.append(NEARBY_KM)
        if "remote" in self.columns:
            meets.append("{remote}")
        if not meets:
            return "false", []
        return f"({{shared}} > 0 AND ({' OR '.join(meets)}))", values


class MatchAnnotations(TypedDict):
    """What annotate_match adds to every mentor (`viewer_distance_km` only where it can)."""

    shared_areas: int
    match_score: float
    fits: bool


def annotate_match(
    mentors: QuerySet[Profile], mentee: Profile, wanted_ids: list[int]
) -> QuerySet[WithAnnotations[Profile, MatchAnnotations]]:
    """Adds `match_score`, `fits`, `shared_areas` and, when the mentee has a city,
    `viewer_distance_km`.

    `wanted_ids` are the areas the mentee wants help with (passed in, so that the caller's
    one query for them also serves the reason lines).
    """
    shared = SharedAreas(wanted_ids)
    distance = DistanceKm(mentee.city) if mentee.city is not None else None
    mentors = mentors.annotate(shared_areas=shared)
    if distance is not None:
        mentors = mentors.annotate(viewer_distance_km=distance)
    return mentors.annotate(
        match_score=MatchScore(mentee, shared, distance), fits=Fits(mentee, shared, distance)
    )


def recommended_for(
    mentee: Profile,
    mentors: QuerySet[Profile],
    wanted_ids: list[int],
    limit: int,
    *,
    along: Sequence[int] = (),
) -> QuerySet[Profile]:
    """The best `limit` mentors for `mentee`, in one query; first, whatever their score, the
    mentors `along` (the suggestions a dashboard has chosen already, all sharing a wanted area),
    loaded in the same query.

    Only mentors sharing a wanted area can rank first (WEIGHT_SHARED_AREA), so the score is
    computed for them alone, plus the `limit` mentors with most free places as a fallback for
    mentees whose areas no mentor covers yet. This keeps the query fast at any directory size.
    """
    from .models import Profile

    sharing_a_wanted_area = Profile.expertise.through.objects.filter(
        expertisearea_id__in=wanted_ids
    ).values("profile_id")
    most_free_places = (
        mentors.exclude(pk__in=along)
        .order_by((F("mentor_capacity") - F("active_mentee_count")).desc(), "pk")
        .values("pk")[:limit]
    )
    # One IN over a UNION lets PostgreSQL start from these few ids instead of scanning
    # every mentor and testing two conditions on each.
    candidates = mentors.filter(pk__in=sharing_a_wanted_area.union(most_free_places))
    along_first = Case(When(pk__in=along, then=Value(0)), default=Value(1))
    return annotate_match(candidates, mentee, wanted_ids).order_by(
        along_first, "-match_score", "active_mentee_count", "display_name"
    )[: limit + len(along)]


@dataclass(frozen=True)
class Reason:
    """Why a mentor is suggested, saying only what the score counted: the wanted areas they
    cover first, then how they can meet, then the rest."""

    shared_areas: list[str]
    distance_km: float | None  # from the mentee's own city
    same_library_type: str | None
    remote: bool
    free_places: int
    shared_formats: list[str] = field(default_factory=list)
    shared_languages: list[str] = field(default_factory=list)
    stage: str = ""  # "ahead" (a few steps ahead of the mentee), "peer" (same stage) or ""
    unit: str = "km"

    def __str__(self) -> str:
        # Each part is a whole phrase in the reader's language, so that the sentence reads in
        # any word order; the parts are joined by semicolons.
        parts = []
        if self.shared_areas:
            parts.append(gettext("Covers: %(areas)s") % {"areas": ", ".join(self.shared_areas)})
        if self.distance_km is not None and self.distance_km < 5:
            parts.append(gettext("in your city"))
        elif self.distance_km is not None and self.distance_km <= NEARBY_KM:
            parts.append(
                gettext("%(distance)s away")
                % {"distance": distance_text(self.distance_km, self.unit)}
            )
        elif self.remote:
            parts.append(gettext("open to remote mentoring"))
        if self.shared_formats:
            formats = join_alternatives(self.shared_formats).lower()
            parts.append(gettext("meets by %(formats)s") % {"formats": formats})
        if self.shared_languages:
            # English writes a language's name with a capital; French and Spanish do not, in
            # the middle of a sentence.
            names = self.shared_languages
            if not (get_language() or "en").startswith("en"):
                names = [name[:1].lower() + name[1:] for name in names]
            languages = join_all(names)
            parts.append(gettext("speaks %(languages)s") % {"languages": languages})
        if self.stage == "ahead":
            parts.append(gettext("a few steps ahead of you in their career"))
        elif self.stage == "peer":
            parts.append(gettext("at your career stage"))
        if self.same_library_type:
            parts.append(
                gettext("same library type (%(library_type)s)")
                % {"library_type": self.same_library_type}
            )
        if not parts:
            return ngettext(
                "Has %(count)s free place", "Has %(count)s free places", self.free_places
            ) % {"count": self.free_places}
        text = list_separator().join(parts)
        return text[0].upper() + text[1:]


def list_separator() -> str:
    """The semicolon between the items of a list, as the reader's language writes it: French
    puts a no-break space before it."""
    return pgettext("list separator", "; ")


def join_all(names: Sequence[str]) -> str:
    """ "A and B and C", in the reader's language."""
    text = names[0] if names else ""
    for name in names[1:]:
        text = gettext("%(first)s and %(second)s") % {"first": text, "second": name}
    return text


def join_alternatives(names: Sequence[str]) -> str:
    """ "A or B or C", in the reader's language."""
    text = names[0] if names else ""
    for name in names[1:]:
        text = gettext("%(first)s or %(second)s") % {"first": text, "second": name}
    return text


def join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return join_all(names)
    more = len(names) - 2
    return ngettext("%(names)s and %(count)s more", "%(names)s and %(count)s more", more) % {
        "names": ", ".join(names[:2]),
        "count": more,
    }


def unit_for(profile: Profile | None) -> str:
    """Miles for members in the United States, kilometres elsewhere."""
    city = profile.city if profile is not None and profile.city_id else None
    return "mi" if city is not None and city.country == "US" else "km"


def distance_text(km: float, unit: str) -> str:
    if unit == "mi":
        miles = round(km / KM_PER_MILE)
        return ngettext("%(distance)s mile", "%(distance)s miles", miles) % {
            "distance": _whole_number(miles)
        }
    return gettext("%(distance)s km") % {"distance": _whole_number(round(km))}


def _whole_number(number: int) -> str:
    """A whole number grouped by thousands in the reader's language (1,234 or 1 234). Below a
    thousand there is nothing to group: number_format, slow for a list of cards, is skipped."""
    return str(number) if 0 <= number < 1000 else number_format(number, force_grouping=True)


def reason_for(
    mentor: Profile,
    mentee: Profile,
    wanted_names: Iterable[str],
    *,
    shared_names: Iterable[str] | None = None,
) -> Reason:
    """The reason shown beside a suggestion; the career stages loaded with both profiles, and
    `mentor.expertise` prefetched unless `shared_names` already says which of the wanted areas
    (English names, in the taxonomy's order) the mentor knows."""
    from .models import Language, MeetingFormat

    wanted = set(wanted_names)
    if shared_names is None:
        shared_names = [area.name for area in mentor.expertise.all() if area.name in wanted]
    same_library_type = (
        mentor.library_type
        if mentee.library_type_id and mentor.library_type_id == mentee.library_type_id
        else None
    )
    stage = ""
    if mentee.career_stage is not None and mentor.career_stage is not None:
        ahead = mentor.career_stage.seniority - mentee.career_stage.seniority
        if 0 < ahead <= 3:
            stage = "ahead"
        elif ahead == 0:
            stage = "peer"
    formats = [
        f for f in MeetingFormat if f in mentee.meeting_formats and f in mentor.meeting_formats
    ]
    # Nearly every member speaks English: only another shared language is worth saying.
    languages = [
        lang
        for lang in Language
        if lang != Language.ENGLISH and lang in mentee.languages and lang in mentor.languages
    ]
    return Reason(
        # Compared by their English names, shown in the reader's language (as str() of an area).
        shared_areas=[taxonomy_names.translated(name) for name in shared_names],
        distance_km=getattr(mentor, "viewer_distance_km", None),
        same_library_type=str(same_library_type) if same_library_type else None,
        remote=mentor.open_to_remote and mentee.open_to_remote,
        free_places=mentor.free_places,
        shared_formats=[str(f.label) for f in formats],
        shared_languages=[str(lang.label) for lang in languages],
        stage=stage,
        unit=unit_for(mentee),
    )


def km_from(distance: float, unit: str) -> float:
    return distance * KM_PER_MILE if unit == "mi" else distance
