"""The matching round: its vectorised scores against profiles.matching, its priorities on cases
small enough to check by hand (and by trying every assignment), and its report."""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pytest

from profiles import matching
from profiles.matching import Person
from programs.cohorts.rounds import (
    Applicant,
    Pair,
    greedy_round,
    pair_score,
    rank_bonus,
    report,
    solve_round,
    synthetic_cohort,
)
from programs.cohorts.rounds import _scores as vectorised_scores

TORONTO = (43.70, -79.42)
MISSISSAUGA = (43.58, -79.66)  # about 23 km from Toronto
MONTREAL = (45.51, -73.59)
VANCOUVER = (49.25, -123.12)
HALIFAX = (44.65, -63.58)


def applicant(
    pk: int,
    areas: Iterable[int] = (),
    *,
    place: tuple[float, float] | None = None,
    remote: bool = True,
    capacity: int = 1,
    ranked: tuple[int, ...] = (),
    excluded: frozenset[int] = frozenset(),
    **person: Any,
) -> Applicant:
    """An application whose member's user id is its pk, open to remote mentoring and placeless
    (so that a pair scores 1 for meeting, remotely) unless told otherwise."""
    fields: dict[str, Any] = {
        "pk": pk,
        "user_id": pk,
        "areas": frozenset(areas),
        "latitude": place[0] if place else None,
        "longitude": place[1] if place else None,
        "open_to_remote": remote,
    }
    fields.update(person)
    return Applicant(
        pk=pk,
        person=Person(**fields),
        capacity=capacity,
        ranked=ranked,
        excluded=excluded,
    )


def pairs_of(pairs: Sequence[Pair]) -> set[tuple[int, int]]:
    return {(pair.mentee, pair.mentor) for pair in pairs}


def random_cohort(rng: random.Random, mentees: int, mentors: int) -> tuple[list, list]:
    """Members drawn to hit every branch of the score: near, far and placeless, every library
    type (none and 0 included), stages with and without, exclusions, rankings, a member on
    both sides."""
    places = [TORONTO, MISSISSAUGA, MONTREAL, VANCOUVER, HALIFAX, None]

    def person(pk: int) -> dict[str, Any]:
        return {
            "place": rng.choice(places),
            "remote": rng.random() < 0.5,
            "library_type_id": rng.choice([None, 0, 1, 2, 3]),
            "seniority": rng.choice([None, 0, 1, 2, 3, 4, 5]),
            "formats": frozenset(rng.sample(["video", "phone", "in_person"], rng.randint(0, 2))),
            "languages": frozenset(rng.sample(["en", "fr", "es"], rng.randint(0, 2))),
            "free_places": rng.randint(0, 3),
        }

    mentor_list = [
        applicant(
            100 + k,
            set(rng.sample(range(1, 13), rng.randint(0, 5))),
            capacity=rng.randint(1, 3),
            excluded=frozenset(rng.sample(range(1, mentees + 1), rng.randint(0, 1))),
            **person(100 + k),
        )
        for k in range(mentors)
    ]
    mentee_list = [
        applicant(
            k,
            set(rng.sample(range(1, 13), rng.randint(0, 3))),
            ranked=tuple(rng.sample([m.pk for m in mentor_list], rng.randint(0, min(5, mentors)))),
            excluded=frozenset(rng.sample([m.pk for m in mentor_list], rng.randint(0, 1))),
            **person(k),
        )
        for k in range(1, mentees + 1)
    ]
    # The same member applying on both sides can never be matched with themselves.
    mentee_list[0] = dataclasses.replace(
        mentee_list[0], person=dataclasses.replace(mentee_list[0].person, user_id=100)
    )
    return mentee_list, mentor_list


def assert_valid(mentees: list[Applicant], mentors: list[Applicant], pairs: list[Pair]) -> None:
    by_pk = {a.pk: a for a in mentees + mentors}
    assert len({pair.mentee for pair in pairs}) == len(pairs)
    load = Counter(pair.mentor for pair in pairs)
    assert all(load[m.pk] <= m.capacity for m in mentors)
    for pair in pairs:
        assert pair.score == pair_score(by_pk[pair.mentee], by_pk[pair.mentor])


def key(pairs: list[Pair]) -> tuple[int, float, float]:
    """The round's priorities: most matched, strongest weakest pair, highest total."""
    scores = [pair.score for pair in pairs]
    return (len(scores), min(scores, default=0.0), sum(scores))


def test_vectorised_scores_agree_with_matching_score() -> None:
    mentees, mentors = random_cohort(random.Random(5), 70, 40)

    table = vectorised_scores(mentees, mentors)

    kinds: Counter[str] = Counter()
    for i, mentee in enumerate(mentees):
        for j, mentor in enumerate(mentors):
            expected = pair_score(mentee, mentor)
            if expected is None:
                assert table[i, j] == -np.inf
                kinds["cannot"] += 1
                continue
            fit = matching.score(mentee.person, mentor.person)
            free = mentor.person.free_places * matching.WEIGHT_FREE_PLACE
            assert expected == fit - free + rank_bonus(mentee, mentor)
            assert table[i, j] == expected
            kinds["ranked" if rank_bonus(mentee, mentor) else "plain"] += 1
    assert min(kinds.values()) > 20, kinds


def test_pair_score_needs_no_shared_area_but_a_way_to_meet_and_no_exclusion() -> None:
    mentee = applicant(1, {1}, place=TORONTO, remote=False)
    assert pair_score(mentee, applicant(2, {5}, place=MISSISSAUGA, remote=False)) == 1.5
    assert pair_score(mentee, applicant(3, {1}, place=MONTREAL, remote=True)) is None
    assert pair_score(applicant(1, excluded=frozenset({2})), applicant(2)) is None
    assert pair_score(applicant(1), applicant(2, excluded=frozenset({1}))) is None


def test_ranked_choices_add_twelve_for_the_first_down_to_four_for_the_fifth() -> None:
    mentee = applicant(1, ranked=(11, 12, 13, 14, 15, 16))
    bonuses = [pair_score(mentee, applicant(pk)) for pk in (11, 12, 13, 14, 15, 16)]
    # Both open to remote: 1 for that, the rest for the rank; a sixth choice adds nothing.
    assert bonuses == [13.0, 11.0, 9.0, 7.0, 5.0, 1.0]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_round_matches_as_many_as_greedy_with_a_weakest_pair_as_strong(seed: int) -> None:
    mentees, mentors = synthetic_cohort(seed, mentees=400, mentors=120)

    round_pairs = solve_round(mentees, mentors)
    greedy_pairs = greedy_round(mentees, mentors)

    assert_valid(mentees, mentors, round_pairs)
    assert_valid(mentees, mentors, greedy_pairs)
    assert len(round_pairs) >= len(greedy_pairs)
    if len(round_pairs) == len(greedy_pairs):
        assert key(round_pairs) >= key(greedy_pairs)
        assert min(p.score for p in round_pairs) >= min(p.score for p in greedy_pairs)


@pytest.mark.parametrize("seed", range(12))
def test_round_is_the_best_of_every_possible_assignment(seed: int) -> None:
    rng = random.Random(seed)
    mentees, mentors = random_cohort(rng, 5, 3)
    capacity = {mentor.pk: mentor.capacity for mentor in mentors}
    # Each mentee's options: no mentor, or any mentor they can be matched with.
    options = [
        [None] + [(e.pk, r.pk, score) for r in mentors if (score := pair_score(e, r)) is not None]
        for e in mentees
    ]
    best = max(
        key([Pair(*option) for option in choice if option])
        for choice in itertools.product(*options)
        if all(
            count <= capacity[pk]
            for pk, count in Counter(option[1] for option in choice if option).items()
        )
    )

    pairs = solve_round(mentees, mentors)

    assert_valid(mentees, mentors, pairs)
    assert key(pairs) == best


def test_greedy_takes_the_only_mentor_another_could_have_and_the_round_matches_both() -> None:
    anywhere = applicant(11, {1}, place=VANCOUVER)
    in_vancouver = applicant(12, {2}, place=VANCOUVER, remote=False)
    first = applicant(1, {1}, place=VANCOUVER)  # anywhere (remote) or Vancouver's (nearby)
    second = applicant(2, {1}, place=HALIFAX)  # only the mentor open to remote
    mentees, mentors = [first, second], [anywhere, in_vancouver]

    assert pairs_of(greedy_round(mentees, mentors)) == {(1, 11)}
    assert pairs_of(solve_round(mentees, mentors)) == {(1, 12), (2, 11)}


def test_exclusions_hold_either_way() -> None:
    mentors = [applicant(11, {1, 2}), applicant(12, {1})]
    mentees = [applicant(1, {1, 2}, excluded=frozenset({11})), applicant(2, {1, 2})]
    assert pairs_of(solve_round(mentees, mentors)) == {(1, 12), (2, 11)}

    mentors = [applicant(11, {1, 2}, excluded=frozenset({2})), applicant(12, {1})]
    mentees = [applicant(1, {5}), applicant(2, {1, 2})]
    assert pairs_of(solve_round(mentees, mentors)) == {(1, 11), (2, 12)}


def test_locked_pairs_are_kept_and_take_a_place() -> None:
    mentors = [applicant(11, {1}, capacity=2), applicant(12, {2})]
    mentees = [applicant(1, {1}), applicant(2, {1}), applicant(3, {2})]
    assert pairs_of(solve_round(mentees, mentors)) == {(1, 11), (2, 11), (3, 12)}

    pairs = solve_round(mentees, mentors, locked=[(3, 11)])

    # Mentor 11's other place goes to one of the two who know area 1; the third has mentor 12.
    assert (3, 11) in pairs_of(pairs)
    assert len(pairs) == 3
    assert Counter(pair.mentor for pair in pairs) == {11: 2, 12: 1}


def test_a_locked_pair_that_breaks_an_exclusion_or_a_capacity_is_refused() -> None:
    mentors = [applicant(11, {1}, excluded=frozenset({1})), applicant(12, {1})]
    mentees = [applicant(1, {1}), applicant(2, {1})]
    with pytest.raises(ValueError, match="cannot be matched"):
        solve_round(mentees, mentors, locked=[(1, 11)])
    with pytest.raises(ValueError, match="over capacity"):
        solve_round(mentees, mentors, locked=[(1, 12), (2, 12)])


def test_round_prefers_the_stronger_weakest_pair_to_the_higher_total() -> None:
    # Both matchings match both mentees: 1-11 and 2-12 score 41 and 11 (total 52); 1-12 and
    # 2-11 score 21 each (total 42). The round takes the second; greedy, the first.
    mentors = [applicant(11, {1, 2, 3, 4, 5, 6}), applicant(12, {1, 2, 5})]
    mentees = [applicant(1, {1, 2, 3, 4}), applicant(2, {5, 6})]

    pairs = solve_round(mentees, mentors)

    assert sorted((p.mentee, p.mentor, p.score) for p in pairs) == [(1, 12, 21.0), (2, 11, 21.0)]
    assert report(mentees, mentors, greedy_round(mentees, mentors)).weakest_score == 11.0


def test_round_takes_the_highest_total_among_the_strongest_weakest_pairs() -> None:
    # Matching one mentee: the round takes the strongest pair.
    mentors = [applicant(11, {1}), applicant(12, {1, 2})]
    mentees = [applicant(1, {1, 2})]
    assert pairs_of(solve_round(mentees, mentors)) == {(1, 12)}


def test_ranked_choices_raise_the_ranked_choice_share() -> None:
    # Mentor 11 shares the mentee's library type (1.5), mentor 12 is her first choice (6).
    mentors = [applicant(11, {1}, library_type_id=3), applicant(12, {1})]
    ranking = applicant(1, {1}, library_type_id=3, ranked=(12,))
    unranked = dataclasses.replace(ranking, ranked=())

    assert pairs_of(solve_round([ranking], mentors)) == {(1, 12)}
    assert report([ranking], mentors, solve_round([ranking], mentors)).ranked_choice_share == 1.0
    assert report([ranking], mentors, solve_round([unranked], mentors)).ranked_choice_share == 0.0

    mentees, mentors = synthetic_cohort(4, mentees=400, mentors=120)
    without = [dataclasses.replace(mentee, ranked=()) for mentee in mentees]
    with_choices = report(mentees, mentors, solve_round(mentees, mentors))
    ignoring_them = report(mentees, mentors, solve_round(without, mentors))
    assert with_choices.ranked_choice_share > ignoring_them.ranked_choice_share


def test_report_counts_blocking_pairs_and_the_figures() -> None:
    # Scores (all open to remote, 1 for that): 1-11 21, 1-12 11, 2-11 11, 2-12 11, 3-12 11,
    # 3-13 11, any other pair 1.
    mentors = [applicant(11, {1, 2}), applicant(12, {1, 3}), applicant(13, {3}, capacity=2)]
    mentees = [applicant(1, {1, 2}), applicant(2, {1}), applicant(3, {3})]
    pairs = [Pair(1, 12, 11.0), Pair(2, 11, 11.0)]

    figures = report(mentees, mentors, pairs)

    # 1 and 11 would both rather have each other (21 over 11, and over 11's weakest, 11);
    # 3, unmatched, and 13, with free places, would both take each other. Nobody else gains:
    # 3 and 12 tie with 12's own pair, and 2 has 11 already at 11.
    assert figures.blocking_pairs == 2
    assert figures.applicants == 3
    assert figures.matched == 2
    assert figures.matched_share == pytest.approx(2 / 3)
    assert (figures.mean_score, figures.weakest_score) == (11.0, 11.0)
    assert figures.mentor_load == 0.5
    assert figures.ranked_choice_share == 0.0


def test_report_of_an_empty_round() -> None:
    figures = report([applicant(1, place=None, remote=False)], [applicant(11)], [])
    assert (figures.matched, figures.mean_score, figures.weakest_score) == (0, None, None)
    assert figures.blocking_pairs == 0


def test_round_with_nobody_on_one_side_matches_nobody() -> None:
    mentees, mentors = [applicant(1, {1})], [applicant(11, {1})]
    assert solve_round(mentees, []) == [] == solve_round([], mentors)
    assert greedy_round(mentees, []) == [] == greedy_round([], mentors)
