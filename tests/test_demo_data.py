"""`manage.py demo_data` shows every part of a running mentorship without a click: what the demo
mentor and the demo mentee see on their own pages right after `make run`."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from feedback.models import Feedback
from mentorconnect import privacy
from mentorconnect.outbox.models import Reminder
from mentorships.circles.models import Circle, CircleEvent, CircleMeeting, CircleMembership
from mentorships.emails import EMAILS
from mentorships.models import Event, Meeting, Mentorship, PlanItem, Status
from profiles.models import Profile, User

pytestmark = pytest.mark.django_db

MENTOR = "mentor@mentorconnect.example"
MENTEE = "mentee@mentorconnect.example"
MEMBERS = 60


def text_of(html: str) -> str:
    """The page's words as a reader sees them, without tags or repeated spaces."""
    words = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
    return re.sub(r" ([,.:;])", r"\1", words)


def section(html: str, heading_id: str) -> str:
    """The words of the page's card headed by `heading_id`."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return text_of(html[start : html.index("</section>", start)])


def signed_in(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def counts() -> dict[str, int]:
    return {
        model.__name__: model._default_manager.count()
        for model in [
            User,
            Mentorship,
            Meeting,
            PlanItem,
            Feedback,
            Event,
            Circle,
            CircleMembership,
            CircleMeeting,
        ]
    }


@pytest.fixture
def demo(db: None) -> None:
    call_command("demo_data", members=MEMBERS, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_running_it_again_changes_nothing(demo: None) -> None:
    before = counts()
    call_command("demo_data", members=MEMBERS, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == before
    # Nothing the demo people did is waiting to be emailed to them.
    assert not Event.objects.filter(emailed_at__isnull=True).exists()


WAITING_MEMBERS = "the demo mentee and the generated members waiting for a mentor"


@pytest.mark.parametrize("deactivated", [MENTOR, MENTEE, WAITING_MEMBERS])
def test_running_it_again_while_demo_people_are_deactivated_tells_nobody_they_left_again(
    demo: None, deactivated: str
) -> None:
    gone = User.objects.filter(email=deactivated)
    if deactivated == WAITING_MEMBERS:
        # Those the demo mentor's second mentee would be chosen from, once the demo mentee's
        # leaving has left him one mentorship short.
        gone = User.objects.filter(email=MENTEE) | User.objects.filter(
            email__startswith="member",
            profile__wants_mentor=True,
            profile__can_mentor=False,
            mentorships_as_mentee__isnull=True,
        )
    gone.update(is_active=False)
    # Beat's sweep closes what they had open and tells the others they left MentorConnect.
    assert privacy.close_relationships_of_deactivated() >= 1
    unsent = Event.objects.filter(kind__in=list(EMAILS), emailed_at__isnull=True)
    emails_before = set(unsent.values_list("pk", flat=True))
    reminders_before = set(Reminder.objects.values_list("pk", flat=True))
    mentorships_before = set(Mentorship.objects.values_list("pk", flat=True))
    told_circle_ended = CircleEvent.objects.filter(actor_left=True)
    left = (Event.objects.filter(actor_left=True).count(), told_circle_ended.count())

    call_command("demo_data", members=MEMBERS, stdout=open("/dev/null", "w"))  # noqa: SIM115

    # Nothing was made again for them, so there is nothing for the sweep to close and nobody
    # is told again that they left. (With the demo mentee gone, the demo mentor is given
    # another mentee instead: that story is dated back, its emails marked sent, as at first.)
    assert privacy.close_relationships_of_deactivated() == 0
    assert (Event.objects.filter(actor_left=True).count(), told_circle_ended.count()) == left
    assert set(unsent.values_list("pk", flat=True)) == emails_before
    made = set(Mentorship.objects.values_list("pk", flat=True)) - mentorships_before
    for reminder in Reminder.objects.exclude(pk__in=reminders_before):
        assert reminder.subject in {f"mentorship:{pk}" for pk in made}, reminder
    gone_ids = User.objects.filter(is_active=False).values("pk")
    assert not Mentorship.objects.filter(
        Q(mentor__in=gone_ids) | Q(mentee__in=gone_ids),
        status__in=[Status.PENDING, Status.ACTIVE],
    ).exists()


def test_demo_mentor_sees_two_running_mentorships_and_a_circle(demo: None) -> None:
    mentor = signed_in(MENTOR)
    page = text_of(mentor.get("/dashboard/").content.decode())
    active = Mentorship.objects.filter(mentor__email=MENTOR, status=Status.ACTIVE)
    assert active.count() == 2
    names = list(active.values_list("mentee__profile__display_name", flat=True))
    assert "Jamie Tremblay" in names
    for name in names:
        assert f"Your mentee {name}, since" in page
        assert f"with {name}: confirmed" in page  # their next meeting, under Upcoming meetings
    # Each mentee has written feedback the mentor has not opened yet.
    assert page.count("1 new feedback") == 2
    # Two mentees and a circle take three of four places: one more can ask.
    assert "As a mentor: 3 of 4 places taken. Accepting requests" in page

    # Each mentorship's page has something in every part.
    for mentorship in Mentorship.objects.filter(mentor__email=MENTOR, status=Status.ACTIVE):
        html = mentor.get(mentorship.get_absolute_url()).content.decode()
        agreement = section(html, "agreement-heading")
        assert "Mentee confirmed" in agreement and "mentor confirmed" in agreement
        assert "We meet once a month by video" in agreement
        meetings = section(html, "meetings-heading")
        assert "Confirmed" in meetings and "Agenda:" in meetings  # the next one
        assert "Past meetings" in meetings and ": held" in meetings
        assert "No meeting planned" not in meetings
        plan = section(html, "plan-heading")
        items = list(mentorship.plan_items.all())
        assert len(items) >= 3 and any(i.done for i in items) and not all(i.done for i in items)
        for item in items:
            assert item.text in plan
        assert html.count('aria-label="Mark not done:') == sum(i.done for i in items)
        assert "1 new" in section(html, "feedback-heading")

        # Feedback both ways, each readable by the two of them in the archive.
        archive = mentor.get(reverse("feedback:archive", args=[mentorship.pk]))
        written = Feedback.objects.filter(mentorship=mentorship)
        assert {f.author_id for f in written} == {mentorship.mentor_id, mentorship.mentee_id}
        for feedback in written:
            assert feedback.text[:40] in text_of(archive.content.decode())

    # The circle the mentor hosts: three members, one asking to join, a meeting ahead.
    circle = Circle.objects.get(host__email=MENTOR)
    page = text_of(mentor.get(circle.get_absolute_url()).content.decode())
    assert circle.title in page
    members = circle.memberships.filter(status="member").select_related("member__profile")
    assert members.count() == 3
    for membership in members:
        assert membership.member.profile.display_name in page
    assert circle.memberships.filter(status="requested").count() == 1
    assert circle.meetings.get().agenda in page


def test_demo_mentee_has_a_mentor_and_a_request_waiting_with_another(demo: None) -> None:
    mentee = signed_in(MENTEE)
    page = text_of(mentee.get("/dashboard/").content.decode())
    assert "Your mentor Morgan Reyes, since" in page
    waiting = Mentorship.objects.get(mentee__email=MENTEE, status=Status.PENDING)
    other = Profile.objects.get(user=waiting.mentor)
    assert other.user.email != MENTOR
    assert f"Your requests waiting for an answer {other.display_name}, sent" in page
    # The other mentor sees it among the requests to answer.
    assert "Jamie Tremblay" in text_of(
        signed_in(other.user.email).get("/dashboard/").content.decode()
    )


def test_the_demo_circles_past_joins_send_no_emails_today(demo: None) -> None:
    # The three members welcomed weeks ago in the story are not welcomed again by email; the
    # one still asking is announced to the host.
    circle = Circle.objects.get(host__email=MENTOR)
    planned = Reminder.objects.filter(kind__in=["circle_join_request", "circle_join_answer"])
    waiting = CircleMembership.objects.get(circle=circle, status="requested")
    assert list(planned.values_list("kind", "subject")) == [
        ("circle_join_request", f"circle_membership:{waiting.pk}")
    ]
