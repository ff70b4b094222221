"""Promises kept under faults: a real Celery worker, killed with SIGKILL at random points while
it sends a batch of 300 reminders and a queue of mentorship emails to a real SMTP server, loses
no email and sends at most the message in flight at each kill twice.

The worker is a separate process (two pool processes, so two senders) on the test database
and Redis; the SMTP server is the test's own (smtp_sink.py), so an email counts as sent the
moment a server accepted it, and duplicates are counted by Message-ID. The test acts as beat:
it queues the sweeps every half second. The lease is two seconds and the server slow enough
that the batch outlives it several times, so the senders must renew their leases as they go.
"""

from __future__ import annotations

import datetime
import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mentorconnect.celery import app as celery_app
from mentorconnect.outbox import tasks as outbox_tasks
from mentorconnect.outbox.models import Reminder, ReminderStatus
from mentorships import emails, services
from mentorships import tasks as mentorship_tasks
from mentorships.models import Event, EventKind
from profiles.models import Profile, User
from tests.mentorships.helpers import make_active
from tests.mentorships.test_reminders_beat import ROOT, environment, zone_where_it_is_noon
from tests.profiles.factories import make_mentee, make_mentor

from .smtp_sink import SmtpSink, smtp_sink

pytestmark = pytest.mark.django_db(transaction=True)

REMINDERS = 300  # one batch (REMINDERS["BATCH"] is 500)
FEEDBACK_NOTICES = 100
# The worker's pool processes: two senders at once, so one tries to take the batch the other
# is sending whenever its lease is not renewed in time.
SENDERS = 2
LEASE_SECONDS = 2
# Per message on the server's side: 300 reminders take about three leases to send.
SMTP_DELAY = 0.012
# What each kill takes: every process of the worker (a new worker is started), or only its
# pool processes, the ones sending (the worker forks new ones, and Celery hands the tasks that
# were running out again: the redelivery the issue found doing nothing).
WHOLE, POOL = "whole worker", "pool processes"
KILLS = [WHOLE, POOL, WHOLE, POOL]


def start_worker(port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **environment(),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "REMINDER_LEASE_SECONDS": str(LEASE_SECONDS),
        "LOG_LEVEL": "WARNING",
    }
    hostname = f"killed-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
    worker = subprocess.Popen(  # noqa: S603 - our own Celery worker
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "mentorconnect",
            "worker",
            "--concurrency",
            str(SENDERS),
            "--hostname",
            hostname,
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        # A session of its own, so a kill reaches every process the worker started.
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while not celery_app.control.ping(destination=[hostname], timeout=0.5):
        assert time.monotonic() < deadline, "the worker did not start"
    return worker


def kill(worker: subprocess.Popen[bytes], what: str = WHOLE) -> int:
    """Kills the worker or its pool processes; returns how many processes it killed."""
    if worker.poll() is not None:
        return 0
    if what == WHOLE:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        return 1
    found = subprocess.run(  # noqa: S603 - procps
        ["/usr/bin/ps", "-o", "pid=", "--ppid", str(worker.pid)],
        capture_output=True,
        text=True,
        check=False,
    )
    for pid in found.stdout.split():
        os.kill(int(pid), signal.SIGKILL)
    return len(found.stdout.split())


def plan_reminders() -> set[str]:
    """REMINDERS members who have not finished their profile, each due one reminder now, in a
    time zone where it is daytime."""
    zone = zone_where_it_is_noon()
    users = User.objects.bulk_create(
        User(email=f"member{number}@example.org", password="!") for number in range(REMINDERS)
    )
    Profile.objects.bulk_create(
        Profile(user=user, display_name=f"Member {user.pk}", time_zone=zone) for user in users
    )
    due = timezone.now() - datetime.timedelta(minutes=1)
    Reminder.objects.plan(
        Reminder(
            recipient=user, kind="profile_unfinished", subject="profile", period="day-2", due_at=due
        )
        for user in users
    )
    return {reminder.message_id for reminder in Reminder.objects.all()}


def record_feedback_notices() -> None:
    """Feedback sent in a few mentorships, each notice queued for a worker after commit (as the
    issue found them: 60 feedback notices in flight when the workers were killed)."""
    # Both share a way to be reached, so the accepts queue no email asking for one (it would
    # wait for their daytime, which may be hours away).
    mentorships = [
        make_active(make_mentee(share_account_email=True), make_mentor(share_account_email=True))
        for _ in range(5)
    ]
    for number in range(FEEDBACK_NOTICES):
        mentorship = mentorships[number % len(mentorships)]
        with transaction.atomic():
            services.record_event(mentorship, EventKind.FEEDBACK_SENT, mentorship.mentee)


def event_emails() -> set[str]:
    return {event.message_id for event in Event.objects.filter(kind__in=list(emails.EMAILS))}


def everything_sent() -> bool:
    return (
        not Reminder.objects.exclude(status=ReminderStatus.SENT).exists()
        and not Event.objects.filter(kind__in=list(emails.EMAILS), emailed_at=None).exists()
    )


def tick_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Queues the sweeps every half second, as beat would, until `condition` holds."""
    deadline = time.monotonic() + seconds
    next_tick = 0.0
    while time.monotonic() < deadline:
        if condition():
            return True
        if time.monotonic() >= next_tick:
            outbox_tasks.send_reminders.delay()
            mentorship_tasks.send_unsent_emails.delay()
            next_tick = time.monotonic() + 0.5
        time.sleep(0.005)
    return False


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    celery_app.conf.task_always_eager = False
    with smtp_sink(delay=SMTP_DELAY) as found:
        yield found
    # Tasks still queued, and those a killed worker held (Redis would hand them out again in
    # an hour, in some later test run), go with the test.
    celery_app.control.purge()
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("unacked", "unacked_index")


def test_workers_killed_mid_batch_lose_nothing_and_resend_at_most_the_message_in_flight(
    sink: SmtpSink, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = random.randrange(2**32)  # noqa: S311 - not for secrets
    chance = random.Random(seed)  # noqa: S311
    reminders = plan_reminders()
    # One sender takes the batch while the other works through the feedback notices.
    outbox_tasks.send_reminders.delay()
    record_feedback_notices()
    started = time.monotonic()
    log = tmp_path / "worker.log"
    kills = 0
    workers = [start_worker(sink.port, log)]
    try:
        for what in KILLS:
            target = sink.count() + chance.randint(5, 60)
            if not tick_until(partial(sink.has_accepted, target), seconds=15):
                break
            time.sleep(chance.uniform(0, 2 * SMTP_DELAY))  # anywhere in a message
            assert kill(workers[-1], what), "no process to kill"
            kills += 1
            if what == WHOLE:
                workers.append(start_worker(sink.port, log))
        assert tick_until(everything_sent, seconds=40), "some email was never sent"
    finally:
        for worker in workers:
            kill(worker)

    expected = reminders | event_emails()
    accepted = sink.times_accepted()
    lost = expected - set(accepted)
    twice = {message_id: count - 1 for message_id, count in accepted.items() if count > 1}
    in_flight = sink.in_flight_when_cut_off()
    with capsys.disabled():
        print(
            f"\nKILL TEST seed={seed} reminders={len(reminders)} "
            f"event_emails={len(expected) - len(reminders)} kills={kills} "
            f"({', '.join(KILLS[:kills])}) sessions_cut_off={len(sink.cut_off)} "
            f"accepted={sink.count()} lost={len(lost)} sent_twice={sum(twice.values())} "
            f"in_flight_at_kills={sum(in_flight.values())} seconds={time.monotonic() - started:.1f}"
        )
    assert kills == len(KILLS), "everything was sent before the last kill"
    assert not lost
    assert set(accepted) == expected
    # A message went out again only if it was the last one a killed sender's session had sent.
    for message_id, extra in twice.items():
        assert extra <= in_flight[message_id], message_id
    assert sum(twice.values()) <= kills * SENDERS
