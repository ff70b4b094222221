"""The matching plan: as many mentees as possible get a fitting mentor, none beyond a mentor's
free places."""

from __future__ import annotations

import random
from collections import Counter

from ortools.graph.python import max_flow

from mentorships.planning import plan
from profiles import matching
from profiles.matching import Person

# A few real places: Chicago, Evanston (20 km away), Toronto, Hamilton, Vancouver.
PLACES = [(41.88, -87.63), (42.05, -87.69), (43.70, -79.42), (43.25, -79.87), (49.25, -123.12)]


def community(seed: int, mentees: int, mentors: int) -> tuple[list[Person], list[Person]]:
    rng = random.Random(seed)

    def person(pk: int, places: int) -> Person:
        latitude, longitude = rng.choice(PLACES)
        return Person(
            pk=pk,
            user_id=pk,
            areas=frozenset(rng.sample(range(8), rng.randint(1, 3))),
            latitude=latitude,
            longitude=longitude,
            open_to_remote=rng.random() < 0.4,
            free_places=places,
        )

    return (
        [person(pk, 0) for pk in range(mentees)],
        [person(1000 + pk, rng.randint(1, 3)) for pk in range(mentors)],
    )


def most_matchable(mentees: list[Person], mentors: list[Person]) -> int:
    """The largest number of mentees matchable, from every fitting pair spelled out."""
    flow = max_flow.SimpleMaxFlow()
    source, sink = 0, 1
    for i, mentee in enumerate(mentees):
        flow.add_arc_with_capacity(source, 2 + i, 1)
        for j, mentor in enumerate(mentors):
            if matching.fits(mentee, mentor):
                flow.add_arc_with_capacity(2 + i, 2 + len(mentees) + j, 1)
    for j, mentor in enumerate(mentors):
        flow.add_arc_with_capacity(2 + len(mentees) + j, sink, mentor.free_places)
    assert flow.solve(source, sink) == flow.OPTIMAL
    return flow.optimal_flow()


def test_the_plan_matches_as_many_mentees_as_any_matching_could() -> None:
    for seed in range(8):
        mentees, mentors = community(seed, mentees=60, mentors=15)
        pairs = plan(mentees, mentors)
        assert len(pairs) == most_matchable(mentees, mentors)


def test_every_planned_pair_fits_and_no_mentor_gets_more_than_their_free_places() -> None:
    mentees, mentors = community(3, mentees=80, mentors=20)
    by_pk = {person.pk: person for person in [*mentees, *mentors]}
    pairs = plan(mentees, mentors)
    assert pairs
    for mentee, mentor in pairs.items():
        assert matching.fits(by_pk[mentee], by_pk[mentor])
    for mentor, planned in Counter(pairs.values()).items():
        assert planned <= by_pk[mentor].free_places


def test_a_ruled_out_pair_is_never_planned() -> None:
    mentee = Person(
        pk=1,
        user_id=1,
        areas=frozenset({1}),
        latitude=41.88,
        longitude=-87.63,
        open_to_remote=False,
    )
    declined = Person(**{**mentee.__dict__, "pk": 2, "user_id": 2, "free_places": 1})
    other = Person(**{**declined.__dict__, "pk": 3, "user_id": 3})
    assert plan([mentee], [declined, other], ruled_out={(1, 2)}) == {1: 3}
    assert plan([mentee], [declined], ruled_out={(1, 2)}) == {}
