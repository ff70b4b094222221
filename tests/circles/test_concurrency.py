"""Simultaneous joins fill exactly the places a circle has (each join in its own thread, so on
its own database connection)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from mentorships.circles import services
from mentorships.circles.models import Circle, MembershipStatus
from profiles.models import User
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_circle

REPEATS = 5
PLACES = 3
JOINERS = 8


def join_all_at_once(circle: Circle, users: list[User]) -> list[str]:
    barrier = threading.Barrier(len(users))
    outcomes: list[str] = []

    def join(user: User) -> None:
        try:
            barrier.wait()
            services.circle_join(circle=circle, by=user)
            outcomes.append("joined")
        except services.CircleError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=join, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(REPEATS))
def test_simultaneous_joins_stop_exactly_at_the_limit(attempt: int) -> None:
    circle = make_circle(make_mentor(), places=PLACES, join_policy="open")
    users = [make_mentee().user for _ in range(JOINERS)]

    outcomes = join_all_at_once(circle, users)

    assert sorted(outcomes) == ["joined"] * PLACES + ["refused"] * (JOINERS - PLACES)
    assert circle.memberships.filter(status=MembershipStatus.MEMBER).count() == PLACES
    assert Circle.objects.with_member_count().get(pk=circle.pk).status_label == "Full"


@pytest.mark.django_db(transaction=True)
def test_the_same_member_joining_twice_at_once_joins_once() -> None:
    circle = make_circle(make_mentor(), places=PLACES, join_policy="open")
    mia = make_mentee().user

    outcomes = join_all_at_once(circle, [mia, mia, mia])

    assert sorted(outcomes) == ["joined", "refused", "refused"]
    assert circle.memberships.filter(member=mia).count() == 1
