"""Messages that name the state and the people; contact that always works after a match; links
in meetings; empty states on the mentorship page."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentorconnect.outbox import sweep as outbox
from mentorships import services
from mentorships.models import Meeting, MeetingStatus
from profiles.models import Profile
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_active, make_request

pytestmark = pytest.mark.django_db

# 18:00 UTC is noon in Chicago, where the factories' members live: inside their day.
NOON_CHICAGO = datetime.datetime(2026, 12, 1, 18, 0, tzinfo=datetime.UTC)


@pytest.fixture
def mentee() -> Profile:
    return make_mentee(display_name="Mia Lopez")


@pytest.fixture
def mentor() -> Profile:
    return make_mentor(display_name="Max Brown", contact_email="max@library.example")


def test_declining_an_accepted_request_says_who_accepted_it_and_when(
    client: Client, mentee: Profile, mentor: Profile
) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentorship = make_active(mentee, mentor)
    client.force_login(mentor.user)
    response = client.post(reverse("mentorships:decline", args=[mentorship.pk]), follow=True)
    assert "You already accepted this request from Mia Lopez on 1 December 2026." in (
        response.content.decode()
    )


def test_answering_an_expired_or_withdrawn_request_names_that_state(
    client: Client, mentee: Profile, mentor: Profile
) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        withdrawn = make_request(mentee, mentor)
        services.mentorship_withdraw(mentorship=withdrawn, by=mentee.user)
        expiring = make_request(mentee, mentor)
    services.expire_unanswered_requests(now=NOON_CHICAGO + datetime.timedelta(days=15))
    client.force_login(mentor.user)
    page = client.post(reverse("mentorships:decline", args=[withdrawn.pk]), follow=True)
    assert "Mia Lopez withdrew this request on 1 December 2026." in page.content.decode()
    page = client.post(reverse("mentorships:accept", args=[expiring.pk]), follow=True)
    assert "This request expired without an answer on 16 December 2026." in (page.content.decode())


def test_ending_an_ended_mentorship_names_the_person_and_the_day(
    client: Client, mentee: Profile, mentor: Profile
) -> None:
    mentorship = make_active(mentee, mentor)
    with time_machine.travel(NOON_CHICAGO, tick=False):
        services.mentorship_end(mentorship=mentorship, by=mentee.user, completed=True)
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentorships:end", args=[mentorship.pk]), {"outcome": "completed"}, follow=True
    )
    page = response.content.decode()
    assert "This mentorship with Mia Lopez already ended on 1 December 2026." in page
    assert "Your mentorship with Mia Lopez was completed on 1 December 2026, by Mia Lopez" in page


def test_answering_a_cancelled_meeting_says_it_was_cancelled(
    client: Client, mentee: Profile, mentor: Profile
) -> None:
    mentorship = make_active(mentee, mentor)
    meeting = services.meeting_propose(
        mentorship=mentorship,
        by=mentee.user,
        starts_at=datetime.datetime(2031, 3, 4, 15, 0, tzinfo=datetime.UTC),
    )
    services.meeting_cancel(meeting=meeting, by=mentee.user)
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentorships:meeting_confirm", args=[mentorship.pk, meeting.pk]), follow=True
    )
    assert "The meeting of 4 March 2031 was already cancelled." in response.content.decode()


def test_the_one_who_shared_no_contact_is_prompted_and_the_other_told_we_asked(
    client: Client, mentee: Profile, mentor: Profile
) -> None:
    mentorship = make_active(mentee, mentor)
    client.force_login(mentee.user)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "max@library.example" in page
    assert 'id="share-contact-prompt"' in page
    assert "Max Brown has no way to reach you outside MentorConnect" in page
    assert reverse("profiles:setup", args=[3]) in page

    client.force_login(mentor.user)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "Mia Lopez has not shared a way to be reached yet. We have asked them by email" in page
    assert 'id="share-contact-prompt"' not in page


def test_after_an_accept_whoever_shared_no_contact_is_asked_once_by_email(
    mentee: Profile, mentor: Profile
) -> None:
    quiet = make_mentee(display_name="Quinn")
    with time_machine.travel(NOON_CHICAGO, tick=False):
        make_active(mentee, mentor)
        quiet_mentorship = make_request(quiet, mentor)
    # Quinn shares an email before the accept's email would go: nobody asks her.
    Profile.objects.filter(pk=quiet.pk).update(contact_email="quinn@library.example")
    with time_machine.travel(NOON_CHICAGO, tick=False):
        services.mentorship_accept(mentorship=quiet_mentorship, by=mentor.user)
    for minutes in (5, 10, 60):
        with time_machine.travel(NOON_CHICAGO + datetime.timedelta(minutes=minutes), tick=False):
            outbox.sweep()
    asked = [m for m in mail.outbox if "share one way to get in touch" in m.subject]
    assert [m.to for m in asked] == [[mentee.user.email]]
    assert asked[0].subject == "Help Max Brown reach you: share one way to get in touch"
    assert "Max Brown is now your mentor" in asked[0].body
    assert reverse("profiles:setup", args=[3]) in asked[0].body


def test_links_in_a_meeting_are_clickable_and_the_rest_escaped(
    client: Client, mentee: Profile, mentor: Profile
) -> None:
    mentorship = make_active(mentee, mentor)
    Meeting.objects.create(
        mentorship=mentorship,
        proposed_by=mentee.user,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        status=MeetingStatus.CONFIRMED,
        place_or_link="https://meet.example.org/abc-def",
        agenda="Slides at www.example.org/slides <script>alert(1)</script>",
    )
    client.force_login(mentor.user)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert (
        '<a href="https://meet.example.org/abc-def" rel="noopener nofollow">'
        "https://meet.example.org/abc-def</a>" in page
    )
    assert '<a href="http://www.example.org/slides" rel="noopener nofollow">' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_a_new_mentorship_shows_what_to_do_where_it_is_empty(
    client: Client, mentee: Profile, mentor: Profile
) -> None:
    mentorship = make_active(mentee, mentor)
    client.force_login(mentee.user)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert 'class="avatar avatar-lg' in page and ">MB</span>" in page
    assert "No meeting planned with Max Brown yet." in page
    assert "Nothing on the plan yet." in page


def test_the_list_of_mentorships_says_how_to_start_when_empty(
    client: Client, mentee: Profile
) -> None:
    client.force_login(mentee.user)
    page = client.get(reverse("mentorships:list")).content.decode()
    assert 'class="empty-state"' in page
    assert reverse("profiles:find_mentor") in page


def test_the_accepted_email_says_whether_the_mentor_can_be_reached(
    django_capture_on_commit_callbacks, mentee: Profile, mentor: Profile
) -> None:
    silent = make_mentor(display_name="Sam Quiet")
    with django_capture_on_commit_callbacks(execute=True):
        make_active(mentee, mentor)
        make_active(mentee, silent)
    accepted = [m for m in mail.outbox if "accepted your mentoring request" in m.subject]
    assert "how to reach Max Brown outside MentorConnect" in accepted[0].body
    assert "Sam Quiet has not shared a way to be reached" in accepted[1].body
