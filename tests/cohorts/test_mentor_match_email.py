"""A mentor matched with several mentees in one cohort hears of them all in one email."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentorships import services as mentorships_services
from mentorships import tasks
from mentorships.models import EventKind, Mentorship
from profiles.models import User
from programs.cohorts import services
from programs.cohorts.models import Cohort, Role
from tests.cohorts.conftest import make_application, make_cohort, make_coordinator
from tests.mentorships.helpers import make_active
from tests.profiles.factories import make_mentee, make_mentor


@pytest.fixture
def cohort(today: datetime.date) -> Cohort:
    return make_cohort()


@pytest.fixture
def coordinator(cohort: Cohort) -> User:
    return make_coordinator(cohort.program)


def test_a_mentor_with_three_mentees_gets_one_email_naming_them_all(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    time_machine: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentor = make_mentor(display_name="Mona Mentor", mentor_capacity=3)
    make_application(mentor, cohort, Role.MENTOR, capacity=3)
    mentees = [make_mentee(display_name=name) for name in ["Ana", "Ben", "Cleo"]]
    for mentee in mentees:
        make_application(mentee, cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    mail.outbox.clear()

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentorships:cohort_publish", args=[cohort.pk]), follow=True)

    mentorships = {m.mentee_id: m for m in Mentorship.objects.filter(mentor=mentor.user)}
    assert len(mentorships) == 3
    to_mentor = [message for message in mail.outbox if message.to == [mentor.user.email]]
    assert len(to_mentor) == 1
    email = to_mentor[0]
    names = f"{cohort.program.name} · Spring 2025"
    assert email.subject == f"Your mentees are Ana, Ben, Cleo: {names}"
    assert "has matched you with 3 mentees" in email.body
    assert isinstance(email, EmailMultiAlternatives)
    html = str(email.alternatives[0][0])
    assert "has matched you with 3 mentees" in html
    for mentee in mentees:
        url = mentorships[mentee.user_id].get_absolute_url()
        assert f"- {mentee.display_name}: {settings.SITE_URL}{url}" in email.body
        assert f'<a href="{settings.SITE_URL}{url}"' in html
        assert f">{mentee.display_name}</a>" in html
        # Each mentee still gets their own email, naming their mentor.
        theirs = [message for message in mail.outbox if message.to == [mentee.user.email]]
        assert [message.subject for message in theirs] == [f"Mona Mentor is your mentor: {names}"]
        # Each mentorship's history says the mentor was told.
        assert mentorships[mentee.user_id].events.filter(kind=EventKind.COHORT_MENTOR).exists()
    assert len(mail.outbox) == 4

    # The sweep for lost emails finds nothing more to send, however late it runs.
    time_machine.move_to(datetime.datetime(2025, 3, 11, 17, tzinfo=datetime.UTC), tick=False)
    assert tasks.send_unsent_emails() == 0
    assert len(mail.outbox) == 4


@pytest.mark.django_db
def test_an_event_another_email_told_of_is_recorded_as_emailed_and_never_sent(
    time_machine: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        mentorship = make_active(make_mentee(), make_mentor())  # its request and answer emailed
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        event = mentorships_services.record_event(
            mentorship, EventKind.COHORT_MENTOR, None, already_emailed=True
        )
    assert queued == []
    assert event.emailed_at is not None
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1), tick=False)
    assert tasks.send_unsent_emails() == 0
    assert mail.outbox == []


def test_a_mentor_with_one_mentee_gets_the_email_naming_them(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentor = make_mentor(display_name="Mona Mentor", mentor_capacity=3)
    make_application(mentor, cohort, Role.MENTOR, capacity=3)
    make_application(make_mentee(display_name="Ana"), cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    mail.outbox.clear()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentorships:cohort_publish", args=[cohort.pk]), follow=True)
    (email,) = [message for message in mail.outbox if message.to == [mentor.user.email]]
    assert email.subject.startswith("Your mentee is Ana: ")
    assert "has matched you with Ana, who is now your mentee" in email.body
    assert Mentorship.objects.get().get_absolute_url() in email.body
