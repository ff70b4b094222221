"""The matching rules: fits and score in Python agree with their SQL twins, and the order of
well-fitting mentors spreads suggestions by free places."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import numpy as np
import pytest

from profiles import matching
from profiles.matching import Person, Pool, person_of
from profiles.models import CareerStage, ExpertiseArea, Profile

from .factories import area, city, library_type, make_mentee, make_mentor, stage


def matched_in_sql_and_python(
    mentee: Profile, wanted: list[int]
) -> tuple[Person, list[tuple[Any, Person]]]:
    """The mentee as Python matching sees them, and every mentor as annotate_match gives them
    beside their Python twin (their areas of expertise and free places)."""
    mentee = Profile.objects.select_related("city", "career_stage").get(pk=mentee.pk)
    mentors = matching.annotate_match(
        Profile.objects.filter(can_mentor=True)
        .select_related("city", "career_stage")
        .prefetch_related("expertise"),
        mentee,
        wanted,
    )
    twins = [
        (
            mentor,
            Person(
                **{
                    **person_of(mentor, [a.pk for a in mentor.expertise.all()]).__dict__,
                    "free_places": mentor.free_places,
                }
            ),
        )
        for mentor in mentors
    ]
    return person_of(mentee, wanted), twins


@pytest.mark.django_db
def test_fits_and_score_in_python_agree_with_the_sql_that_search_sorts_by() -> None:
    mentee = make_mentee(
        wanted=["Cataloging (original and copy)", "Grant writing"],
        city=city("Toronto", "CA"),
        library_type=library_type("Academic: 4-year college"),
        meeting_formats=["video", "phone"],
        languages=["en", "fr"],
    )
    places = [city("Toronto", "CA"), city("Hamilton", "CA"), city("Vancouver", "CA"), None]
    stages: list[CareerStage | None] = [None, stage("LIS student")]
    stages += [stage("Early career (under 5 years)"), stage("Mid-career (5-15 years)")]
    rng = random.Random(7)
    for n in range(40):
        make_mentor(
            display_name=f"Mentor {n}",
            expertise=rng.sample(
                ["Cataloging (original and copy)", "Grant writing", "Acquisitions"],
                rng.randint(1, 2),
            ),
            city=rng.choice(places),
            open_to_remote=rng.random() < 0.5,
            library_type=rng.choice([library_type("Academic: 4-year college"), None]),
            career_stage=rng.choice(stages),
            meeting_formats=rng.choice([["video"], ["in_person"], ["phone", "video"]]),
            languages=rng.choice([["en"], ["fr"], ["es"]]),
            mentor_capacity=rng.randint(1, 5),
        )
    wanted = [area("Cataloging (original and copy)").pk, area("Grant writing").pk]
    seeker, mentors = matched_in_sql_and_python(mentee, wanted)
    for mentor, twin in mentors:
        assert mentor.fits == matching.fits(seeker, twin), mentor.display_name
        assert mentor.match_score == pytest.approx(matching.score(seeker, twin)), (
            mentor.display_name
        )


@pytest.mark.django_db
@pytest.mark.parametrize("wanted_count", [1, 3, matching.HASHED_AREAS_AT_MOST + 2])
def test_shared_areas_in_sql_count_the_wanted_areas_each_mentor_knows(wanted_count: int) -> None:
    names = list(ExpertiseArea.objects.order_by("pk").values_list("name", flat=True)[:12])
    wanted_names = names[:wanted_count]
    mentee = make_mentee(wanted=wanted_names, city=city("Toronto", "CA"))
    rng = random.Random(wanted_count)
    for n in range(12):
        make_mentor(display_name=f"Mentor {n}", expertise=rng.sample(names, rng.randint(1, 6)))
    wanted = [area(name).pk for name in wanted_names]
    seeker, mentors = matched_in_sql_and_python(mentee, wanted)
    for mentor, twin in mentors:
        assert mentor.shared_areas == len(twin.areas & set(wanted)), mentor.display_name
        assert mentor.match_score == pytest.approx(matching.score(seeker, twin))


def person(pk: int, *, places: int = 1, areas: frozenset[int] = frozenset({1})) -> Person:
    return Person(
        pk=pk,
        user_id=pk,
        areas=areas,
        latitude=43.7,
        longitude=-79.4,
        open_to_remote=True,
        free_places=places,
    )


def test_a_mentor_with_three_free_places_comes_first_about_three_times_as_often() -> None:
    mentee = person(0)
    three, one = person(1, places=3), person(2, places=1)
    # Their scores differ by the free places' small weight only: both are well fitting.
    pool = Pool.of(mentee, [three, one])
    firsts = Counter(
        int(pool.pks[matching.suggestion_order(mentee, pool, np.random.default_rng(draw))[0]])
        for draw in range(4000)
    )
    assert 2.6 <= firsts[1] / firsts[2] <= 3.4


def test_mentors_who_do_not_fit_or_have_no_place_are_left_out_and_better_fits_come_first() -> None:
    mentee = person(0, areas=frozenset({1, 2}))
    both = person(1, areas=frozenset({1, 2}))
    one = person(2, areas=frozenset({1}), places=5)
    other_area = person(3, areas=frozenset({9}))
    full = person(4, places=0)
    pool = Pool.of(mentee, [one, other_area, full, both])
    for draw in range(50):
        order = matching.suggestion_order(mentee, pool, np.random.default_rng(draw))
        assert pool.pks[order].tolist() == [1, 2]


def test_a_far_mentor_fits_only_when_both_are_open_to_remote() -> None:
    mentee = Person(
        pk=0, user_id=0, areas=frozenset({1}), latitude=32.3, longitude=-90.2, open_to_remote=True
    )  # Jackson, MS
    far = Person(
        pk=1,
        user_id=1,
        areas=frozenset({1}),
        latitude=34.05,
        longitude=-118.24,
        open_to_remote=False,
    )  # Los Angeles
    assert not matching.fits(mentee, far)
    assert matching.fits(mentee, Person(**{**far.__dict__, "open_to_remote": True}))
    in_person_only = Person(**{**mentee.__dict__, "open_to_remote": False})
    assert not matching.fits(in_person_only, Person(**{**far.__dict__, "open_to_remote": True}))


def test_the_pool_scores_every_mentor_as_fits_and_score_do_one_by_one() -> None:
    rng = random.Random(3)
    places = [(41.88, -87.63), (42.05, -87.69), (43.70, -79.42), (49.25, -123.12), (None, None)]

    def someone(pk: int) -> Person:
        latitude, longitude = rng.choice(places)
        return Person(
            pk=pk,
            user_id=pk,
            areas=frozenset(rng.sample(range(6), rng.randint(1, 3))),
            latitude=latitude,
            longitude=longitude,
            open_to_remote=rng.random() < 0.5,
            library_type_id=rng.choice([None, 1, 2]),
            seniority=rng.choice([None, 1, 2, 3, 4, 5]),
            formats=frozenset(rng.sample(["video", "phone", "in_person"], rng.randint(0, 2))),
            languages=frozenset(rng.sample(["en", "fr", "es"], rng.randint(0, 2))),
            free_places=rng.randint(0, 4),
        )

    for round_ in range(20):
        mentee = someone(0)
        mentors = [someone(pk) for pk in range(1, 40)]
        fitting, scores = matching.pool_fits_and_scores(mentee, Pool.of(mentee, mentors))
        assert fitting.tolist() == [matching.fits(mentee, m) for m in mentors], round_
        assert scores.tolist() == pytest.approx([matching.score(mentee, m) for m in mentors])
