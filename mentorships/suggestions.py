"""Which mentors a mentee is suggested, and what to say when none fits.

Suggestions are only mentors the mentee can actually work with (profiles.matching.fits), never
one their mentorships rule out (an open request, their current mentor, a "no" in the last six
months: MentorshipQuerySet.ruling_out_their_mentor), never a full or paused one. The same code
orders them for the dashboard, the emails and `make match-bench`: well-fitting mentors in an
order drawn per mentee and per day, weighted by free places, so that requests spread over the
mentors who have room.
"""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
from django.contrib.postgres.expressions import ArraySubquery
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.utils import timezone

from profiles import matching, taxonomy_names
from profiles.matching import Person, Pool, Reason, person_of
from profiles.models import Profile, User
from programs.models import Program

from . import planning
from .circles.models import Circle
from .models import DECLINE_REMEMBERED, Mentorship, PlannedMatch, Status

# What the dashboard shows; the emails show fewer.
DASHBOARD_SUGGESTIONS = 5
# The closest other mentors shown when fewer fit than were asked for.
CLOSEST_SHOWN = 3
# Programs offered for an area no mentor covers.
PROGRAMS_PER_AREA = 3
# Circles offered for the areas no mentor covers.
CIRCLES_OFFERED = 6


@dataclass
class Suggestions:
    """What a mentee is shown: fitting mentors with their reasons; the wanted areas that no
    accepting mentor they can meet covers; and, when fewer mentors fit than were asked for,
    the closest others (with reasons that say what they lack) and programs for those areas."""

    mentors: list[tuple[Profile, Reason]] = field(default_factory=list)
    uncovered_ids: list[int] = field(default_factory=list)
    closest: list[tuple[Profile, Reason]] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)
    # Open circles covering the uncovered areas, offered first where one-to-one runs out; each
    # with `covering`, the ids of the uncovered areas it covers.
    circles: list[Circle] = field(default_factory=list)
    # The wanted areas' names, by id.
    names: dict[int, str] = field(default_factory=dict)

    @property
    def uncovered(self) -> list[str]:
        """The names of the wanted areas no fitting mentor covers (the English names, which
        programs are matched by; pages show `uncovered_shown`)."""
        return [self.names[pk] for pk in self.uncovered_ids]

    @property
    def uncovered_shown(self) -> list[str]:
        """The same areas' names in the reader's language (as ExpertiseArea.__str__ gives them)."""
        return [taxonomy_names.translated(name) for name in self.uncovered]

    @property
    def circles_by_area(self) -> list[tuple[str, list[Circle]]]:
        """("Circles for <area>", those circles) for each uncovered area some circle covers,
        the area named in the reader's language."""
        grouped = [
            (
                taxonomy_names.translated(self.names[pk]),
                [c for c in self.circles if pk in c.covering],  # type: ignore[attr-defined]
            )
            for pk in self.uncovered_ids
        ]
        return [(name, circles) for name, circles in grouped if circles]


def people(profiles: QuerySet[Profile], areas: str | dict[int, set[int]]) -> list[Person]:
    """`profiles` as matching sees them, in one query of plain values. `areas` names the
    relation their areas come from ("expertise" for mentors, "wanted_areas" for mentees), or
    gives them, by profile id."""
    rows = profiles.annotate(free=F("mentor_capacity") - F("active_mentee_count"))
    if isinstance(areas, str):
        through = getattr(Profile, areas).through
        area_ids = through.objects.filter(profile_id=OuterRef("pk")).values("expertisearea_id")
        rows = rows.annotate(area_ids=ArraySubquery(area_ids))
        known = None
    else:
        known = areas
    values = rows.values_list(
        "pk",
        "user_id",
        "city__latitude",
        "city__longitude",
        "open_to_remote",
        "library_type_id",
        "career_stage__seniority",
        "meeting_formats",
        "languages",
        "free",
        *(["area_ids"] if known is None else []),
    ).order_by()
    return [
        Person(
            pk=row[0],
            user_id=row[1],
            areas=frozenset(row[10] if known is None else known[row[0]]),
            latitude=row[2],
            longitude=row[3],
            open_to_remote=row[4],
            library_type_id=row[5],
            seniority=row[6],
            formats=frozenset(row[7]),
            languages=frozenset(row[8]),
            free_places=max(row[9], 0),
        )
        for row in values
    ]


@dataclass(frozen=True)
class Candidates:
    """The mentors who might fit a mentee (`pool`) and which of the mentee's wanted areas each
    knows (`knowing`, by profile id)."""

    pool: Pool
    knowing: dict[int, set[int]]
    # The mentor the matching plan gives the mentee, when they are among the candidates.
    planned: int | None = None


def candidates_for(user: User, mentee: Person, profile: Profile) -> Candidates:
    """Every mentor who may be suggested to `user` and might fit: accepting, with a free place,
    not ruled out, sharing a wanted area, and near (a box around the mentee's city) or open to
    remote. suggestion_order then decides exactly who fits."""
    meets = Q(open_to_remote=True) if mentee.open_to_remote else Q(pk__in=[])
    if profile.city is not None:
        meets |= matching.bounding_box(profile.city, matching.NEARBY_KM)
    # Whether each is the mentor the matching plan gives this mentee, asked in the same query.
    is_planned = ExpressionWrapper(
        Q(user_id__in=PlannedMatch.objects.filter(mentee=user).values("mentor_id")),
        output_field=BooleanField(),
    )
    rows = list(
        Profile.objects.suggestable_to(user)
        .knowing_which(list(mentee.areas))
        .filter(meets)
        .annotate(free=F("mentor_capacity") - F("active_mentee_count"), planned=is_planned)
        .values_list(
            "pk",
            "city__latitude",
            "city__longitude",
            "open_to_remote",
            "library_type_id",
            "career_stage__seniority",
            "meeting_formats",
            "languages",
            "free",
            "planned",
            "known_area_ids",
        )
        .order_by()
    )
    # In the order of their ids, not the query plan's: the day's draw (rng_for) picks by
    # position, so the same rows in another order would suggest other mentors.
    rows.sort()
    knowing = {row[0]: set(row[10]) for row in rows}
    formats, languages = matching.format_and_language_order()
    columns = list(zip(*rows, strict=True)) or [()] * 11
    # Mentors share a few combinations of formats and languages: each is turned into bits once.
    format_bits = {codes: matching.bits(codes, formats) for codes in set(map(tuple, columns[6]))}
    language_bits = {
        codes: matching.bits(codes, languages) for codes in set(map(tuple, columns[7]))
    }
    pool = Pool(
        pks=np.array(columns[0], dtype=np.int64),
        shared=np.array([len(knowing[pk]) for pk in columns[0]], dtype=np.int64),
        latitude=np.array(columns[1], dtype=float),
        longitude=np.array(columns[2], dtype=float),
        remote=np.array(columns[3], dtype=bool),
        library_type=np.array([pk or 0 for pk in columns[4]], dtype=np.int64),
        seniority=np.array([-1 if s is None else s for s in columns[5]], dtype=np.int64),
        formats=np.array([format_bits[tuple(f)] for f in columns[6]], dtype=np.int64),
        languages=np.array([language_bits[tuple(f)] for f in columns[7]], dtype=np.int64),
        free=np.array(columns[8], dtype=np.int64),
    )
    planned = next((row[0] for row in rows if row[9]), None)
    return Candidates(pool=pool, knowing=knowing, planned=planned)


def rng_for(mentee: Person, today: datetime.date) -> np.random.Generator:
    """The draw behind a mentee's order: the same all day (the list does not reshuffle on every
    visit), another tomorrow."""
    return np.random.default_rng(zlib.crc32(f"{mentee.pk}:{today.isoformat()}".encode()))


def suggestions_for(
    user: User,
    profile: Profile,
    wanted: dict[int, str],
    *,
    today: datetime.date,
    limit: int = DASHBOARD_SUGGESTIONS,
    areas_in_hand: Collection[int] = (),
) -> Suggestions:
    """What `profile` (the mentee's, with city and career stage) is suggested; `wanted` maps
    the ids of the areas they want help with to their names. `areas_in_hand` are those the
    mentee's mentors know, or the mentors their requests wait on: not said to be uncovered,
    though nobody else is suggested for them."""
    mentee = person_of(profile, list(wanted))
    chosen: list[int] = []
    covered: set[int] = set()
    distances: dict[int, float | None] = {}
    knowing: dict[int, set[int]] = {}
    if wanted:
        candidates = candidates_for(user, mentee, profile)
        pool = candidates.pool
        ordered = matching.suggestion_order(
            mentee, pool, rng_for(mentee, today), planned=candidates.planned
        )
        pks = pool.pks[ordered].tolist()
        knowing = candidates.knowing
        covered = set().union(*(knowing[pk] for pk in pks))
        chosen = pks[:limit]
        distances = {
            int(pool.pks[at]): matching.distance_between(
                mentee, _spot(pool.latitude[at], pool.longitude[at])
            )
            for at in ordered[:limit]
        }
    uncovered_ids = [pk for pk in wanted if pk not in covered and pk not in areas_in_hand]
    suggestions = Suggestions(uncovered_ids=uncovered_ids, names=wanted)
    if len(chosen) < limit or uncovered_ids:
        # The closest others too, and the chosen along with them in the same query. Their
        # reasons name the wanted areas each knows: asked along, not all their areas.
        suggestable = Profile.objects.suggestable_to(user).with_known_areas(list(wanted))
        listed = matching.recommended_for(
            profile, suggestable, list(wanted), CLOSEST_SHOWN, along=chosen
        )
        loaded = {mentor.pk: mentor for mentor in listed}
        suggestions.closest = [
            (mentor, _reason(mentor, profile, set(mentor.known_area_ids), wanted))  # type: ignore[attr-defined]
            for pk, mentor in loaded.items()
            if pk not in chosen
        ][:CLOSEST_SHOWN]
        suggestions.programs = _programs_for(
            profile, suggestions.uncovered or list(wanted.values())
        )
    else:
        loaded = Profile.objects.shaped_for_lists().in_bulk(chosen)
    suggestions.mentors = _with_reasons(profile, chosen, loaded, distances, knowing, wanted)
    if suggestions.uncovered_ids:
        suggestions.circles = _circles_for(user, profile, suggestions.uncovered_ids)
    return suggestions


def _circles_for(user: User, profile: Profile, area_ids: list[int]) -> list[Circle]:
    """Open circles for the areas one-to-one cannot serve now, in one query: those covering
    most of them first, then those with most free places."""
    circles = list(Circle.objects.offered_for(user, profile, area_ids).order_by("-created_at"))
    circles.sort(key=lambda circle: (-len(circle.covering), -circle.free_places))  # type: ignore[attr-defined]
    return circles[:CIRCLES_OFFERED]


def _spot(latitude: float, longitude: float) -> Person:
    """A place, as distance_between reads it (NaN: no city)."""
    known = not (np.isnan(latitude) or np.isnan(longitude))
    return Person(
        pk=0,
        user_id=0,
        areas=frozenset(),
        latitude=float(latitude) if known else None,
        longitude=float(longitude) if known else None,
        open_to_remote=False,
    )


def _with_reasons(
    profile: Profile,
    chosen: list[int],
    loaded: dict[int, Profile],
    distances: dict[int, float | None],
    knowing: dict[int, set[int]],
    wanted: dict[int, str],
) -> list[tuple[Profile, Reason]]:
    """The chosen mentors (`loaded`, by id, unless they have just stopped accepting requests)
    with their reasons."""
    suggested = []
    for pk in chosen:
        if pk not in loaded:
            continue
        shown = loaded[pk]
        # What reason_for reads of a mentor found by search: the distance from the mentee.
        shown.viewer_distance_km = distances[pk]  # type: ignore[attr-defined]
        suggested.append((shown, _reason(shown, profile, knowing[pk], wanted)))
    return suggested


def _reason(mentor: Profile, mentee: Profile, known: set[int], wanted: dict[int, str]) -> Reason:
    """reason_for(), given which of the wanted areas the mentor knows."""
    shared = [name for area_id, name in wanted.items() if area_id in known]
    return matching.reason_for(mentor, mentee, wanted.values(), shared_names=shared)


def _programs_for(profile: Profile, area_names: list[str]) -> list[Program]:
    programs = Program.objects.public().open_to(profile).speaking_of(area_names)
    return list(programs[:PROGRAMS_PER_AREA])


def refresh_plan() -> int:
    """Makes the matching plan again over every mentee waiting for a mentor (no mentor, no
    open request) and every mentor with a free place; returns how many mentees it plans."""
    busy = Mentorship.objects.filter(status__in=[Status.PENDING, Status.ACTIVE])
    mentees = people(
        Profile.objects.visible_to_members()
        .filter(wants_mentor=True)
        .exclude(user__in=busy.values("mentee_id")),
        "wanted_areas",
    )
    mentors = people(Profile.objects.searchable().accepting(), "expertise")
    declined = Mentorship.objects.filter(
        status=Status.DECLINED, answered_at__gte=timezone.now() - DECLINE_REMEMBERED
    ).values_list("mentee__profile", "mentor__profile")
    pairs = planning.plan([m for m in mentees if m.areas], mentors, ruled_out=set(declined))
    user_of = {person.pk: person.user_id for person in [*mentees, *mentors]}
    now = timezone.now()
    with transaction.atomic():
        PlannedMatch.objects.all().delete()
        PlannedMatch.objects.bulk_create(
            [
                PlannedMatch(mentee_id=user_of[mentee], mentor_id=user_of[mentor], planned_at=now)
                for mentee, mentor in pairs.items()
            ],
            batch_size=5000,
        )
    return len(pairs)
