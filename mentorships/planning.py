"""The matching plan: which mentor each waiting mentee is suggested first.

Suggesting every mentee their own best mentor piles requests on a few and leaves mentees
unmatched whose only fitting mentors were taken by others who had alternatives. The plan is a
maximum matching of mentees to mentors' free places over the fitting pairs (a maximum flow of
least cost, from OR-Tools), so that when each mentee asks their planned mentor, as many mentees
as possible find one; among such plans it prefers the best-scored pairs. A mentee's planned
mentor is shown first, the others after it (mentorships.suggestions).

The graph stays small at any directory size: mentees reach mentors through meeting points, one
per area for those open to remote mentoring (mentee -> area -> mentor) and one per area and
place for those near each other (mentee -> area at a place within NEARBY_KM -> the mentors
there). Every path is a fitting pair and every fitting pair has a path. A plan weighs only
whether a pair meets nearby or remotely; the rest of the fit orders the other suggestions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable

import numpy as np
from ortools.graph.python import min_cost_flow

from profiles import matching
from profiles.matching import Person

# Costs are whole numbers: what a pair lacks from this score, in tenths.
_BEST_SCORE = 60.0
# Pairs meeting nearby cost a little less than pairs meeting remotely.
_REMOTE_PAIR_SCORE = matching.WEIGHT_SHARED_AREA + matching.WEIGHT_REMOTE
_NEAR_PAIR_SCORE = matching.WEIGHT_SHARED_AREA + matching.WEIGHT_NEARBY


def _cost(score: float) -> int:
    return max(0, round((_BEST_SCORE - score) * 10))


def _place(person: Person) -> tuple[float, float] | None:
    if person.latitude is None or person.longitude is None:
        return None
    return (person.latitude, person.longitude)


def _nearby_places(places: Iterable[tuple[float, float]]) -> dict[tuple[float, float], list]:
    """For each place, the places within NEARBY_KM of it (itself included), found through a
    grid of one-degree cells."""
    cells: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    unique = set(places)
    for place in unique:
        cells[(int(place[0] // 1), int(place[1] // 1))].append(place)
    near: dict[tuple[float, float], list] = {}
    for place in unique:
        row, column = int(place[0] // 1), int(place[1] // 1)
        # 100 km is under a degree of latitude; a degree of longitude is narrower further
        # north, so look two cells east and west.
        near[place] = [
            other
            for d_row in (-1, 0, 1)
            for d_column in (-2, -1, 0, 1, 2)
            for other in cells.get((row + d_row, column + d_column), ())
            if matching._great_circle_km(*place, *other) <= matching.NEARBY_KM
        ]
    return near


def plan(
    mentees: list[Person],
    mentors: list[Person],
    ruled_out: Collection[tuple[int, int]] = (),
) -> dict[int, int]:
    """Each matched mentee's pk -> their planned mentor's pk, over fitting pairs not in
    `ruled_out` ((mentee pk, mentor pk) pairs), at most `free_places` mentees per mentor."""
    mentors = [mentor for mentor in mentors if mentor.free_places > 0]
    if not mentees or not mentors:
        return {}
    source, sink = 0, 1
    mentee_node = {mentee.pk: 2 + i for i, mentee in enumerate(mentees)}
    first_mentor = 2 + len(mentees)
    mentor_node = {mentor.pk: first_mentor + i for i, mentor in enumerate(mentors)}
    mentor_at_node = {node: pk for pk, node in mentor_node.items()}
    # The meeting points: (area, None) for pairs both open to remote mentoring, (area, place)
    # for a mentor's place and one of their areas.
    meeting_node: dict[tuple[int, tuple[float, float] | None], int] = {}
    first_meeting = first_mentor + len(mentors)

    tails: list[int] = []
    heads: list[int] = []
    capacities: list[int] = []
    costs: list[int] = []

    def arc(tail: int, head: int, capacity: int, cost: int = 0) -> None:
        tails.append(tail)
        heads.append(head)
        capacities.append(capacity)
        costs.append(cost)

    def meeting(area: int, place: tuple[float, float] | None) -> int:
        return meeting_node.setdefault((area, place), first_meeting + len(meeting_node))

    at_meeting: dict[tuple[int, tuple[float, float] | None], list[Person]] = defaultdict(list)
    for mentor in mentors:
        node = mentor_node[mentor.pk]
        arc(node, sink, mentor.free_places)
        place = _place(mentor)
        for area in mentor.areas:
            for key in [(area, None)] if mentor.open_to_remote else []:
                at_meeting[key].append(mentor)
                arc(meeting(*key), node, mentor.free_places)
            if place is not None:
                at_meeting[(area, place)].append(mentor)
                arc(meeting(area, place), node, mentor.free_places)
    near = _nearby_places(
        [place for place in map(_place, [*mentees, *mentors]) if place is not None]
    )
    remote_cost = _cost(_REMOTE_PAIR_SCORE)
    near_cost = _cost(_NEAR_PAIR_SCORE)
    ruled_out_for: dict[int, set[int]] = defaultdict(set)
    for mentee_pk, mentor_pk in ruled_out:
        ruled_out_for[mentee_pk].add(mentor_pk)
    for mentee in mentees:
        node = mentee_node[mentee.pk]
        arc(source, node, 1)
        place = _place(mentee)
        reachable = [
            (key, remote_cost)
            for key in [(area, None) for area in mentee.areas if mentee.open_to_remote]
            if key in meeting_node
        ] + [
            ((area, other), near_cost)
            for area in mentee.areas
            for other in (near[place] if place is not None else ())
            if (area, other) in meeting_node
        ]
        if mentee.pk not in ruled_out_for:
            for key, cost in reachable:
                arc(node, meeting_node[key], 1, cost)
            continue
        # The few mentees with a mentor ruled out get an arc to each of the others instead.
        direct: dict[int, int] = {}
        for key, cost in reachable:
            for mentor in at_meeting[key]:
                if mentor.pk not in ruled_out_for[mentee.pk]:
                    direct[mentor.pk] = min(cost, direct.get(mentor.pk, cost))
        for mentor_pk, cost in direct.items():
            arc(node, mentor_node[mentor_pk], 1, cost)

    flow = min_cost_flow.SimpleMinCostFlow()
    tails_array, heads_array = np.array(tails), np.array(heads)
    flow.add_arcs_with_capacity_and_unit_cost(
        tails_array, heads_array, np.array(capacities), np.array(costs)
    )
    flow.set_node_supply(source, len(mentees))
    flow.set_node_supply(sink, -sum(mentor.free_places for mentor in mentors))
    if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:
        return {}
    flows = flow.flows(np.arange(len(tails)))
    used = flows > 0
    return _pairs(
        zip(tails_array[used], heads_array[used], flows[used], strict=True),
        mentee_node,
        mentor_at_node,
        first_meeting,
    )


def _pairs(
    used_arcs: Iterable[tuple[int, int, int]],
    mentee_node: dict[int, int],
    mentor_at_node: dict[int, int],
    first_meeting: int,
) -> dict[int, int]:
    """Reads the pairs off the flow: a mentee's own arc to a mentor, or a meeting point's
    incoming mentees paired with the places it sends on to mentors (any of which fits them)."""
    mentee_at_node = {node: pk for pk, node in mentee_node.items()}
    into: dict[int, list[int]] = defaultdict(list)
    out_of: dict[int, list[int]] = defaultdict(list)
    pairs: dict[int, int] = {}
    for tail, head, units in used_arcs:
        if tail in mentee_at_node and head in mentor_at_node:
            pairs[mentee_at_node[tail]] = mentor_at_node[head]
        elif head >= first_meeting and tail in mentee_at_node:
            into[head].append(mentee_at_node[tail])
        elif tail >= first_meeting:
            out_of[tail].extend([mentor_at_node[head]] * int(units))
    for node, mentees in into.items():
        pairs.update(zip(mentees, out_of[node], strict=True))
    return pairs
