"""Emails go through a real Celery worker and Redis, once each, even when a task is lost."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from typing import Any
from unittest.mock import patch

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.mail.message import EmailMessage
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentorconnect.celery import app as celery_app
from mentorconnect.outbox.sweep import lease_length
from mentorships import tasks
from mentorships.models import Event, EventKind
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import REQUEST, make_request

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
    # The worker records the send just after the server accepted the message.
    deadline = time.monotonic() + 15
    while Event.objects.get().emailed_at is None and time.monotonic() < deadline:
        time.sleep(0.05)
    event = Event.objects.get()
    assert event.emailed_at is not None and event.claimed_until is None
    assert mail.outbox[0].extra_headers["Message-ID"] == event.message_id

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


class Killed(BaseException):
    """The worker process dies: nothing after this line of it runs."""


class DyingBackend(EmailBackend):
    """Accepts the message like an SMTP server; then the worker sending it dies."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        super().send_messages(email_messages)
        raise Killed


def requested_an_hour_ago() -> Event:
    mentorship = make_request(make_mentee(), make_mentor())
    event = Event.objects.get(mentorship=mentorship)
    Event.objects.filter(pk=event.pk).update(
        created_at=timezone.now() - timedelta(hours=1), emailed_at=None
    )
    mail.outbox.clear()
    return event


def after_the_lease() -> time_machine.travel:
    return time_machine.travel(timezone.now() + lease_length() + timedelta(seconds=1))


@pytest.mark.django_db
def test_a_worker_that_died_while_sending_leaves_a_claim_the_sweep_takes_back_after_its_lease() -> (
    None
):
    event = requested_an_hour_ago()
    # A worker claimed it and died before the SMTP server accepted the message.
    Event.objects.filter(pk=event.pk).update(claimed_until=timezone.now() + lease_length())
    assert tasks.send_event_email(event.pk) is False  # Celery's redelivery: still claimed
    assert tasks.send_unsent_emails() == 0
    assert mail.outbox == []
    with after_the_lease():
        assert tasks.send_unsent_emails() == 1
        assert tasks.send_unsent_emails() == 0
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [event.message_id]
    event.refresh_from_db()
    assert event.emailed_at is not None and event.claimed_until is None


@pytest.mark.django_db
def test_an_email_accepted_just_before_its_worker_died_goes_out_again_as_the_same_message(
    settings: Any,
) -> None:
    event = requested_an_hour_ago()
    settings.EMAIL_BACKEND = "tests.mentorships.test_delivery.DyingBackend"
    with pytest.raises(Killed):
        tasks.send_event_email(event.pk)
    event.refresh_from_db()
    assert event.emailed_at is None and event.claimed_until is not None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with after_the_lease():
        assert tasks.send_unsent_emails() == 1
    # Twice, recognisably one message: never none.
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [event.message_id] * 2


@contextmanager
def broker_at(url: str) -> Iterator[None]:
    """CELERY_BROKER_URL pointed elsewhere. Celery keeps its connection pools once made, so
    they are set aside meanwhile and put back after."""
    original = celery_app.conf.broker_url
    celery_app.conf.update(broker_url=url)
    try:
        with (
            patch.object(celery_app, "_pool", None),
            patch.object(celery_app.amqp, "_producer_pool", None),
        ):
            yield
    finally:
        celery_app.conf.update(broker_url=original)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_with_the_broker_down_a_request_succeeds_and_the_sweep_sends_its_email_later(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    celery_app.conf.task_always_eager = False
    mentor, mentee = make_mentor(), make_mentee()
    client.force_login(mentee.user)
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        started = time.monotonic()
        response = client.post(reverse("mentorships:request", args=[mentor.pk]), REQUEST)
        took = time.monotonic() - started
    assert response.status_code == 302
    assert took < 5
    event = Event.objects.get()
    assert (event.kind, event.emailed_at, event.claimed_until) == (EventKind.REQUESTED, None, None)
    assert "Could not queue the email of mentorship event" in caplog.text
    assert mail.outbox == []

    # The broker is back. Beat's sweep finds the event once it is older than a lease (a task
    # queued with it would have taken it by then) and sends it.
    Event.objects.update(created_at=F("created_at") - lease_length())
    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        tasks.send_unsent_emails.delay()
        wait_for_mail(1)
        tasks.send_unsent_emails.delay()
        time.sleep(0.5)
    assert [m.to for m in mail.outbox] == [[mentor.user.email]]
    assert mail.outbox[0].extra_headers["Message-ID"] == event.message_id
    event.refresh_from_db()
    assert event.emailed_at is not None
