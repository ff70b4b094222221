"""`make match-bench`'s figures, on communities small enough to check by hand."""

from __future__ import annotations

import numpy as np
import pytest
from ortools.graph.python import max_flow

from profiles.matching import Person, fits
from scripts import match_bench

TORONTO = (43.70, -79.42)
MISSISSAUGA = (43.58, -79.66)  # about 23 km from Toronto
MONTREAL = (45.51, -73.59)
VANCOUVER = (49.25, -123.12)
HALIFAX = (44.65, -63.58)


def person(pk: int, place: tuple[float, float], areas: set[int], *, remote: bool, free: int = 0):
    return Person(
        pk=pk,
        user_id=pk,
        areas=frozenset(areas),
        latitude=place[0],
        longitude=place[1],
        open_to_remote=remote,
        free_places=free,
    )


@pytest.fixture(scope="module")
def small() -> tuple[match_bench.Community, match_bench.Community]:
    return match_bench.make_communities(
        members=700, seed=7, geography=match_bench.Geography.largest_cities(60)
    )


def test_hand_made_community_has_its_known_limit() -> None:
    geography = match_bench.Geography(
        [TORONTO, MISSISSAUGA, MONTREAL, VANCOUVER, HALIFAX], [1, 1, 1, 1, 1]
    )
    mentors = [
        person(1, TORONTO, {1}, remote=False, free=1),
        person(2, VANCOUVER, {1}, remote=True, free=2),
        person(3, MONTREAL, {3}, remote=False, free=1),
    ]
    mentees = [
        person(11, TORONTO, {1}, remote=False),  # only the mentor in Toronto
        person(12, MISSISSAUGA, {1}, remote=True),  # Toronto (near) or Vancouver (remote)
        person(13, VANCOUVER, {2}, remote=True),  # nobody knows area 2
        person(14, MONTREAL, {1}, remote=False),  # area 1 only far away, and not remote
        person(15, HALIFAX, {1, 3}, remote=True),  # Vancouver; Montreal's mentor is not remote
        person(16, HALIFAX, {1}, remote=True),  # Vancouver
    ]
    community = match_bench.Community("hand-made", geography, mentors, mentees)

    plan = match_bench.maximum_matching(community)

    # Toronto's one place and Vancouver's two: Mississauga's mentee must go to Toronto, or
    # Toronto's own mentee goes without; both Halifax mentees take Vancouver's places.
    assert plan.matched == 3
    assert set(plan.mentor_of.items()) <= {(11, 1), (12, 1), (12, 2), (15, 2), (16, 2)}
    assert sorted(plan.mentor_of.values()).count(2) <= 2


def test_limit_is_the_maximum_flow_over_every_fitting_pair(small) -> None:
    for community in small:
        plan = match_bench.maximum_matching(community)

        assert plan.matched == _flow_over_every_fitting_pair(community)
        mentors = {mentor.pk: mentor for mentor in community.mentors}
        mentees = {mentee.pk: mentee for mentee in community.mentees}
        assert len(plan.mentor_of) == plan.matched
        assert all(fits(mentees[e], mentors[m]) for e, m in plan.mentor_of.items())
        loads = match_bench.Counter(plan.mentor_of.values())
        assert all(loads[pk] <= mentor.free_places for pk, mentor in mentors.items())


def test_policies_match_no_more_than_the_limit(small) -> None:
    scarce, plentiful = small
    assert len(scarce.mentees) > 3 * scarce.free_places
    assert len(plentiful.mentees) < 2 * plentiful.free_places
    for community in small:
        limit = match_bench.maximum_matching(community).matched / len(community.mentees)
        for name, policy in [
            ("suggestions", match_bench.project_policy),
            ("greedy", match_bench.greedy_policy),
            ("unplanned", match_bench.unplanned_policy),
        ]:
            outcome = match_bench.simulate(community, policy, name)
            line = match_bench.Line(outcome, limit)

            assert 0 < outcome.coverage <= limit
            assert 0 < line.ratio <= 1
            assert outcome.first_fits_share == 1.0
            assert outcome.idle_mentors == 0
            assert 0 <= outcome.exposure_gini < 1
            assert outcome.p10_score <= outcome.mean_score
            assert str(line).startswith(f"MATCH {name} community={community.name} coverage=")


def test_first_suggestion_that_does_not_fit_is_counted() -> None:
    # In the corner of the query's box around Toronto but about 115 km away: a candidate who
    # does not fit.
    corner = (44.45, -78.42)
    geography = match_bench.Geography([TORONTO, corner], [1, 1])
    community = match_bench.Community(
        "corner",
        geography,
        [
            person(1, corner, {1}, remote=False, free=1),
            person(2, TORONTO, {1}, remote=False, free=1),
        ],
        [person(11, TORONTO, {1}, remote=False)],
    )

    outcome = match_bench.simulate(
        community,
        lambda community: lambda mentee, pool: np.argsort(pool.pks).tolist(),
        "unfiltered",
    )

    assert outcome.could_fit == 1
    assert outcome.first_fits_share == 0
    assert outcome.matched == {11: 1}
    assert outcome.coverage == 0


def test_gini_of_exposure() -> None:
    assert match_bench.gini([2, 2, 2]) == 0
    assert match_bench.gini([0, 0, 3]) == pytest.approx(2 / 3)
    assert match_bench.gini([0, 0]) == 0


def _flow_over_every_fitting_pair(community: match_bench.Community) -> int:
    """The textbook construction: one arc per fitting pair."""
    mentees, mentors = community.mentees, community.mentors
    tails, heads, capacities = [], [], []
    for i, mentee in enumerate(mentees):
        tails.append(0)
        heads.append(2 + i)
        capacities.append(1)
        for j, mentor in enumerate(mentors):
            if fits(mentee, mentor):
                tails.append(2 + i)
                heads.append(2 + len(mentees) + j)
                capacities.append(1)
    for j, mentor in enumerate(mentors):
        tails.append(2 + len(mentees) + j)
        heads.append(1)
        capacities.append(mentor.free_places)
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(
        np.array(tails, dtype=np.int32),
        np.array(heads, dtype=np.int32),
        np.array(capacities, dtype=np.int64),
    )
    assert flow.solve(0, 1) == flow.OPTIMAL
    return flow.optimal_flow()


def test_circles_seat_waiting_mentees_where_one_to_one_runs_out() -> None:
    geography = match_bench.Geography([TORONTO, MISSISSAUGA, VANCOUVER], [1, 1, 1])
    mentors = [person(1, TORONTO, {1}, remote=False, free=2)]
    near = [person(10 + i, MISSISSAUGA, {1}, remote=False) for i in range(11)]
    # Far away, and the mentor meets only in person: neither one-to-one nor a circle.
    far = person(31, VANCOUVER, {1}, remote=True)
    community = match_bench.Community("hand-made", geography, mentors, [*near, far])
    outcome = match_bench.simulate(community, match_bench.project_policy, "suggestions")
    assert outcome.covered == 2

    circled = match_bench.with_circles(community, outcome)

    # Both places become circles: each keeps its one-to-one mentee, the first seats seven
    # who waited, the second the last two.
    assert (circled.one_to_one, circled.in_circles, circled.circles) == (2, 9, 2)
    assert circled.converted == 2
    assert circled.served == 11 / 12
    assert circled.one_to_one_only == 2 / 12
    line = match_bench.circles_line(circled, limit=2 / 12)
    assert line.startswith("MATCH with_circles community=hand-made served=0.9167 ")
    assert "one_to_one_only=0.1667 limit=0.1667" in line


def test_with_circles_serves_at_least_as_many_and_seats_three_to_eight(small) -> None:
    scarce, _ = small
    outcome = match_bench.simulate(scarce, match_bench.project_policy, "suggestions")
    circled = match_bench.with_circles(scarce, outcome)
    assert circled.one_to_one_only == outcome.coverage
    assert circled.served > circled.one_to_one_only
    assert circled.circles * 2 <= circled.in_circles <= circled.circles * 8
