from __future__ import annotations

import threading

import pytest
from django.db import connection

from mentorships import services
from mentorships.models import Mentorship, Status
from profiles.models import Profile
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_request

REPEATS = 10
PLACES = 2
REQUESTS = 6


def accept_all_at_once(requests: list[Mentorship], mentor: Profile) -> list[str]:
    """Each accept runs in its own thread (so its own database connection), all released
    together by a barrier."""
    barrier = threading.Barrier(len(requests))
    outcomes: list[str] = []

    def accept(mentorship: Mentorship) -> None:
        try:
            barrier.wait()
            services.mentorship_accept(mentorship=mentorship, by=mentor.user)
            outcomes.append("accepted")
        except services.MentorshipError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(m,)) for m in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(REPEATS))
def test_simultaneous_accepts_fill_exactly_the_free_places(attempt: int) -> None:
    mentor = make_mentor(mentor_capacity=PLACES)
    requests = [make_request(make_mentee(), mentor) for _ in range(REQUESTS)]

    outcomes = accept_all_at_once(requests, mentor)

    assert sorted(outcomes) == ["accepted"] * PLACES + ["refused"] * (REQUESTS - PLACES)
    assert Mentorship.objects.filter(mentor=mentor.user, status=Status.ACTIVE).count() == PLACES
    assert Mentorship.objects.filter(mentor=mentor.user, status=Status.PENDING).count() == (
        REQUESTS - PLACES
    )
    mentor.refresh_from_db()
    assert mentor.active_mentee_count == PLACES


@pytest.mark.django_db(transaction=True)
def test_the_same_request_accepted_twice_at_once_counts_once() -> None:
    mentor = make_mentor(mentor_capacity=3)
    request = make_request(make_mentee(), mentor)

    outcomes = accept_all_at_once([request, request, request], mentor)

    assert sorted(outcomes) == ["accepted", "refused", "refused"]
    mentor.refresh_from_db()
    assert mentor.active_mentee_count == 1
