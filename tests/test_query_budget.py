"""Every page asks the database a few times, however much it shows, and never twice the same.

The access walk's world (tests/test_access_walk.py) has one of everything; each page is opened
as each person who may see it, then the world grows (more meetings, plan items, feedback,
mentees, circle members, applicants, programs) and each page is opened again. A page that asks
once more per row it lists, or asks the same query twice, fails here, whatever the size of the
world it was tried on.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest
from django.utils import timezone

from feedback import services as feedback_services
from mentorships import services
from mentorships.circles import services as circle_services
from mentorships.circles.models import Circle
from mentorships.models import Mentorship
from profiles.models import Profile, User
from programs.cohorts.models import Application, Cohort
from programs.models import SavedProgram
from tests.mentorships.helpers import make_active, make_request
from tests.profiles.factories import make_mentee, make_mentor
from tests.programs.conftest import make_program
from tests.test_access_walk import OK, OWNER, PARTICIPANT, People, World, make_world, visits

pytestmark = pytest.mark.django_db

MOST_QUERIES = 10
# Pages allowed more, each for its reason; they too must not grow with the data.
MORE_QUERIES_ALLOWED = {
    # The member's data export reads each kind of thing they have, one query per kind.
    "/profile/privacy/my-data.json",
    # The staff's figures: one aggregate per figure.
    "/insights/",
}
# Statements a GET may make besides its queries: the session kept fresh (see
# mentorconnect/sessions.py) in its savepoint.
NOT_A_QUERY = re.compile(r'^(SAVEPOINT|RELEASE SAVEPOINT|UPDATE "django_session")')


def queries_by_page(people: People, world: World) -> dict[tuple[str, str], list[str]]:
    """The queries of each page answered with 200, by (URL, person); the admin's own pages
    left out."""
    asked = {}
    for visit in visits(world):
        if visit.url.startswith("/admin/"):
            continue
        for role in visit.case.get:
            response, statements = people.get(role, visit)
            if response.status_code == 200:
                asked[(visit.url, role)] = [sql for sql in statements if not NOT_A_QUERY.match(sql)]
    return asked


def grow(world: World, batch: int) -> None:
    """Three more of everything the world's pages list (`batch` tells the new people apart)."""
    mia = Profile.objects.get(user=world.users[OWNER])
    max_ = Profile.objects.get(user=world.users[PARTICIPANT])
    Profile.objects.filter(pk=max_.pk).update(mentor_capacity=5)
    max_.refresh_from_db()
    mentorship = Mentorship.objects.get(mentee=mia.user, mentor=max_.user)
    circle = Circle.objects.get(host=max_.user)
    Circle.objects.filter(pk=circle.pk).update(places=8)
    cohort = Cohort.objects.get()
    soon = timezone.now() + datetime.timedelta(days=5)
    for number in range(3):
        services.meeting_propose(
            mentorship=mentorship,
            by=max_.user,
            starts_at=soon + datetime.timedelta(days=number),
            duration_minutes=30,
            format="phone",
            place_or_link="",
            agenda=f"Agenda {number}",
        )
        services.plan_item_add(
            mentorship=mentorship, by=max_.user, kind="goal", text=f"Goal {number}"
        )
        feedback_services.feedback_send(
            mentorship=mentorship, by=max_.user, kind="appreciation", text="Well done", rating=5
        )
        mentee = make_mentee(email=f"mentee-{batch}-{number}@example.org")
        # One more mentee under way with Max, two asking him; Mia asks one more mentor.
        (make_active if number == 0 else make_request)(mentee, max_)
        if number == 0:
            make_request(mia, make_mentor(email=f"mentor-{batch}@example.org"))
        circle_services.request_answer(
            membership=circle_services.circle_join(circle=circle, by=mentee.user),
            by=max_.user,
            approve=True,
        )
        circle_services.meeting_propose(
            circle=circle, by=max_.user, starts_at=soon + datetime.timedelta(days=number)
        )
        circle_services.plan_item_add(circle=circle, by=mentee.user, text=f"Read {number}")
        for role in ("mentor", "mentee"):
            applicant = make_mentor(email=f"applicant-{role}-{batch}-{number}@example.org")
            Application.objects.create(cohort=cohort, applicant=applicant.user, role=role)
        program = make_program(f"Mentoring Program {batch}-{number}")
        SavedProgram.objects.create(user=mia.user, program=program)


def test_every_page_asks_at_most_ten_queries_however_much_it_shows() -> None:
    world = make_world()
    people = People(world)
    # Measured with some of everything, then with more: a page may ask once more when a kind
    # of thing first appears on it, never once more per row.
    grow(world, batch=1)
    before = queries_by_page(people, world)
    grow(world, batch=2)
    after = queries_by_page(people, world)

    # Every page the access walk expects to answer 200 was measured, both times.
    answering = {
        (visit.url, role)
        for visit in visits(world)
        if not visit.url.startswith("/admin/")
        for role, outcome in visit.case.get.items()
        if outcome is OK
    }
    assert len(answering) > 150
    assert answering <= before.keys() and answering <= after.keys()
    too_many = [
        f"{url} as {role}: {len(queries)} queries"
        for (url, role), queries in sorted(after.items())
        if len(queries) > MOST_QUERIES and url not in MORE_QUERIES_ALLOWED
    ]
    assert not too_many, "\n".join(too_many)
    growing = [
        f"{url} as {role}: {len(before[url, role])} queries, then {len(queries)} with more on it"
        for (url, role), queries in sorted(after.items())
        if (url, role) in before and len(queries) > len(before[url, role])
    ]
    assert not growing, "\n".join(growing)
    # Nor the same query twice (allauth's own pages, under /accounts/, are its own affair).
    repeated = [
        f"{url} as {role}: {sql[:200]}"
        for (url, role), queries in sorted(after.items())
        if not url.startswith("/accounts/")
        for sql, times in Counter(queries).items()
        if times > 1
    ]
    assert not repeated, "\n".join(repeated)


def test_the_world_grew_where_the_pages_list_it() -> None:
    world = make_world()
    grow(world, batch=1)
    max_ = world.users[PARTICIPANT]
    assert Mentorship.objects.filter(mentor=max_, status="active").count() == 2
    assert Mentorship.objects.filter(mentor=max_, status="pending").count() == 2
    assert Application.objects.count() == 8
    assert User.objects.filter(circle_memberships__status="member").count() >= 4
