"""Emails go through a real Celery worker and Redis, once each, even when a task is lost."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from mentorconnect.celery import app as celery_app
from mentorships import tasks
from mentorships.models import Event
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_request

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker() -> Iterator[None]:
    celery_app.conf.task_always_eager = False
    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        yield


def wait_for_mail(count: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_request_email_is_delivered_by_the_worker_once(worker: None) -> None:
    mentor = make_mentor(display_name="Max Mentor")
    make_request(make_mentee(display_name="Mia"), mentor)
    wait_for_mail(1)
    assert [m.to for m in mail.outbox] == [[mentor.user.email]]
    event = Event.objects.get()
    assert event.emailed_at is not None

    # The same event again (a redelivered task) sends nothing.
    assert tasks.send_event_email(event.pk) is False
    tasks.send_event_email.delay(event.pk)
    time.sleep(1)
    assert len(mail.outbox) == 1


def test_the_sweep_sends_what_a_lost_task_left_behind(worker: None) -> None:
    from datetime import timedelta

    from django.utils import timezone

    mentor = make_mentor()
    mentee = make_mentee()
    # Recorded as if its task had been lost in a crash an hour ago.
    from mentorships.models import EventKind, Mentorship

    mentorship = Mentorship.objects.create(
        mentee=mentee.user,
        mentor=mentor.user,
        help_wanted="x",
        why_this_mentor="y",
        first_message="z",
    )
    Event.objects.create(
        mentorship=mentorship,
        kind=EventKind.REQUESTED,
        actor=mentee.user,
        created_at=timezone.now() - timedelta(hours=1),
    )
    assert tasks.send_unsent_emails() == 1
    wait_for_mail(1)
    assert [m.to for m in mail.outbox] == [[mentor.user.email]]
    assert tasks.send_unsent_emails() == 0
    time.sleep(0.5)
    assert len(mail.outbox) == 1
