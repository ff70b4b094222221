"""Starting, joining, leaving and ending circles: the rules of mentorships/circles/services.py."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from mentorships.circles import services
from mentorships.circles.models import (
    Circle,
    CircleEvent,
    CircleMembership,
    CircleStatus,
    MembershipStatus,
)
from mentorships.circles.services import CircleError
from profiles.models import Profile
from tests.mentorships.helpers import make_active
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_circle

pytestmark = pytest.mark.django_db


def places_taken(profile: Profile) -> int:
    profile.refresh_from_db()
    return profile.active_mentee_count


def test_a_mentors_circle_takes_a_place_and_ending_it_gives_the_place_back() -> None:
    mentor = make_mentor(mentor_capacity=2)
    circle = make_circle(mentor)
    assert places_taken(mentor) == 1
    assert circle.host_id == mentor.user_id
    assert circle.status == CircleStatus.OPEN

    services.circle_end(circle=circle, by=mentor.user)

    assert places_taken(mentor) == 0
    circle.refresh_from_db()
    assert circle.status == CircleStatus.ENDED
    assert circle.ended_at is not None


def test_a_full_mentor_cannot_start_a_circle() -> None:
    mentor = make_mentor(mentor_capacity=1)
    make_active(make_mentee(), mentor)

    with pytest.raises(CircleError, match="takes one of your places"):
        make_circle(mentor)

    assert not Circle.objects.exists()
    assert places_taken(mentor) == 1


def test_a_member_who_does_not_mentor_starts_a_peer_circle_that_takes_no_place() -> None:
    mentee = make_mentee()
    with pytest.raises(CircleError, match="for mentors"):
        make_circle(mentee)

    circle = make_circle(mentee, peer=True)

    assert circle.host_id is None
    assert circle.convener_id == mentee.user_id
    assert circle.memberships.get().status == MembershipStatus.MEMBER
    assert places_taken(mentee) == 0


def test_ending_a_peer_circle_gives_no_place_back_to_anyone() -> None:
    convener = make_mentor(mentor_capacity=2)
    make_active(make_mentee(), convener)
    circle = make_circle(convener, peer=True)
    services.circle_end(circle=circle, by=convener.user)
    assert places_taken(convener) == 1


def test_an_open_circle_takes_members_until_full_then_refuses() -> None:
    circle = make_circle(make_mentor(), places=3, join_policy="open")
    mentees = [make_mentee() for _ in range(4)]
    for mentee in mentees[:3]:
        membership = services.circle_join(circle=circle, by=mentee.user, note="Hello")
        assert membership.status == MembershipStatus.MEMBER
    assert Circle.objects.with_member_count().get(pk=circle.pk).is_full

    with pytest.raises(CircleError, match="full"):
        services.circle_join(circle=circle, by=mentees[3].user)


def test_leaving_opens_the_place_for_someone_else() -> None:
    circle = make_circle(make_mentor(), places=3)
    members = [make_mentee() for _ in range(3)]
    for mentee in members:
        services.circle_join(circle=circle, by=mentee.user)

    services.circle_leave(circle=circle, by=members[0].user)

    assert not Circle.objects.with_member_count().get(pk=circle.pk).is_full
    latecomer = make_mentee()
    assert services.circle_join(circle=circle, by=latecomer.user).status == "member"
    assert CircleEvent.objects.filter(circle=circle, kind="left", actor=members[0].user).exists()


def test_with_the_approve_policy_the_host_welcomes_or_declines_each_request() -> None:
    mentor = make_mentor()
    circle = make_circle(mentor, join_policy="approve")
    mia, noor = make_mentee(), make_mentee()

    asked = services.circle_join(circle=circle, by=mia.user, note="I run a small branch.")
    other = services.circle_join(circle=circle, by=noor.user)
    assert asked.status == other.status == MembershipStatus.REQUESTED
    assert not Circle.objects.visible_to(mia.user).exists()

    with pytest.raises(CircleError, match="Only the host"):
        services.request_answer(membership=asked, by=mia.user, approve=True)
    services.request_answer(membership=asked, by=mentor.user, approve=True)
    services.request_answer(membership=other, by=mentor.user, approve=False)

    assert Circle.objects.visible_to(mia.user).get() == circle
    assert not Circle.objects.visible_to(noor.user).exists()
    assert CircleMembership.objects.get(pk=other.pk).status == MembershipStatus.DECLINED
    with pytest.raises(CircleError, match="already been answered"):
        services.request_answer(membership=other, by=mentor.user, approve=True)


def test_a_host_cannot_welcome_more_members_than_places() -> None:
    mentor = make_mentor()
    circle = make_circle(mentor, places=3, join_policy="approve")
    asked = [services.circle_join(circle=circle, by=make_mentee().user) for _ in range(3)]
    for membership in asked[:2]:
        services.request_answer(membership=membership, by=mentor.user, approve=True)
    services.circle_join(circle=circle, by=make_mentee().user)  # a fourth asks while one is free
    services.request_answer(membership=asked[2], by=mentor.user, approve=True)

    fourth = CircleMembership.objects.filter(circle=circle, status="requested").get()
    with pytest.raises(CircleError, match="Every place is taken"):
        services.request_answer(membership=fourth, by=mentor.user, approve=True)


def test_joining_twice_is_refused_and_the_database_holds_one_live_membership() -> None:
    circle = make_circle(make_mentor(), join_policy="approve")
    mia = make_mentee()
    services.circle_join(circle=circle, by=mia.user)
    with pytest.raises(CircleError, match="already asked"):
        services.circle_join(circle=circle, by=mia.user)
    with pytest.raises(IntegrityError):
        CircleMembership.objects.create(circle=circle, member=mia.user, status="member")


def test_the_host_cannot_join_their_own_circle_nor_anyone_an_ended_one() -> None:
    mentor = make_mentor()
    circle = make_circle(mentor)
    with pytest.raises(CircleError, match="run this circle"):
        services.circle_join(circle=circle, by=mentor.user)
    services.circle_end(circle=circle, by=mentor.user)
    with pytest.raises(CircleError, match="ended"):
        services.circle_join(circle=circle, by=make_mentee().user)


def test_ending_declines_waiting_requests_and_only_the_host_may_end() -> None:
    mentor = make_mentor()
    circle = make_circle(mentor, join_policy="approve")
    mia = make_mentee()
    asked = services.circle_join(circle=circle, by=mia.user)
    with pytest.raises(CircleError, match="Only the host"):
        services.circle_end(circle=circle, by=mia.user)
    services.circle_end(circle=circle, by=mentor.user)
    asked.refresh_from_db()
    assert asked.status == MembershipStatus.DECLINED
    with pytest.raises(CircleError, match="already ended"):
        services.circle_end(circle=circle, by=mentor.user)


def test_the_host_proposes_meetings_and_each_member_answers_once() -> None:
    mentor = make_mentor()
    circle = make_circle(mentor)
    mia, noor = make_mentee(), make_mentee()
    services.circle_join(circle=circle, by=mia.user)
    starts_at = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(CircleError, match="Only the host"):
        services.meeting_propose(circle=circle, by=mia.user, starts_at=starts_at)
    meeting = services.meeting_propose(
        circle=circle, by=mentor.user, starts_at=starts_at, place_or_link="https://meet.example"
    )

    services.meeting_rsvp(meeting=meeting, by=mia.user, coming=True)
    services.meeting_rsvp(meeting=meeting, by=mia.user, coming=False)
    with pytest.raises(CircleError, match="Only the circle's members"):
        services.meeting_rsvp(meeting=meeting, by=noor.user, coming=True)

    assert [(r.member_id, r.coming) for r in meeting.rsvps.all()] == [(mia.user.pk, False)]


def test_a_meeting_in_the_past_is_refused() -> None:
    mentor = make_mentor()
    circle = make_circle(mentor)
    with pytest.raises(CircleError, match="future"):
        services.meeting_propose(
            circle=circle, by=mentor.user, starts_at=timezone.now() - datetime.timedelta(hours=1)
        )


def test_the_database_refuses_a_circle_outside_three_to_eight_places() -> None:
    with pytest.raises(IntegrityError):
        make_circle(make_mentor(), places=9)
