"""Reminders end to end: Redis, a real Celery worker and a real Celery beat on a short interval.
The request "ages" by moving its timestamps back, as time moving forward would."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection
from django.utils import timezone

from mentorconnect.celery import app as celery_app
from mentorconnect.outbox.models import Reminder, ReminderStatus
from mentorships.models import Mentorship, Status
from profiles.models import Profile
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_request

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def zone_where_it_is_noon() -> str:
    """A time zone in which it is now around midday, so reminders may go out at once."""
    hour = timezone.now().hour
    for offset in range(-12, 15):
        if (hour + offset) % 24 == 12:
            return "Etc/GMT" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"
    raise AssertionError("unreachable")


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DATABASE_URL"] = (
        f"postgres://{connection.settings_dict['USER']}@{connection.settings_dict['HOST']}:"
        f"{connection.settings_dict['PORT']}/{connection.settings_dict['NAME']}"
    )
    return env


@pytest.fixture
def worker_and_beat(tmp_path: Path) -> Iterator[None]:
    celery_app.conf.task_always_eager = False
    env = {**environment(), "REMINDER_SWEEP_SECONDS": "1"}
    beat = subprocess.Popen(  # noqa: S603 - our own Celery beat
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "mentorconnect",
            "beat",
            "--schedule",
            str(tmp_path / "beat-schedule"),
            "--max-interval",
            "1",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        beat.terminate()
        beat.wait(timeout=10)


def wait_for(condition: Callable[[], object], seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def waiting_mails(email: str) -> list[EmailMessage]:
    return [m for m in mail.outbox if m.to == [email] and "waiting for your answer" in m.subject]


def age(mentorship: Mentorship, days: int) -> None:
    Mentorship.objects.filter(pk=mentorship.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=days, minutes=1)
    )


def test_an_ageing_request_gets_one_email_per_step_and_expires_on_time(
    worker_and_beat: None,
) -> None:
    zone = zone_where_it_is_noon()
    mentor = make_mentor(display_name="Max", time_zone=zone)
    mentee = make_mentee(display_name="Mia", time_zone=zone)
    Profile.objects.filter(pk__in=[mentor.pk, mentee.pk]).update(time_zone=zone)
    mentorship = make_request(mentee, mentor)
    email = mentor.user.email

    age(mentorship, 3)
    assert wait_for(lambda: len(waiting_mails(email)) == 1)
    time.sleep(3)  # several more sweeps
    assert len(waiting_mails(email)) == 1

    age(mentorship, 7)
    assert wait_for(lambda: len(waiting_mails(email)) == 2)
    time.sleep(3)
    assert len(waiting_mails(email)) == 2

    age(mentorship, 14)
    assert wait_for(lambda: Mentorship.objects.get(pk=mentorship.pk).status == Status.EXPIRED)
    assert wait_for(
        lambda: any("expired" in m.subject for m in mail.outbox if m.to == [mentee.user.email])
    )
    assert wait_for(lambda: any("availability is paused" in m.subject for m in mail.outbox))
    assert len(waiting_mails(email)) == 2


def test_a_worker_killed_after_claiming_is_followed_by_exactly_one_email(tmp_path: Path) -> None:
    zone = zone_where_it_is_noon()
    mentor = make_mentor(time_zone=zone)
    Profile.objects.filter(pk=mentor.pk).update(time_zone=zone)
    mentorship = make_request(make_mentee(), mentor)
    age(mentorship, 3)

    # A separate process claims the reminder, then dies before sending.
    script = (
        "import django, time; django.setup();"
        "from django.utils import timezone; from mentorships import reminders;"
        "from mentorconnect.outbox import sweep as outbox;"
        "now = timezone.now(); reminders.plan_pending_requests(now);"
        "print(outbox.claim_due(now, 10).ids, flush=True); time.sleep(60)"
    )
    claimer = subprocess.Popen(  # noqa: S603 - our own code
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**environment(), "DJANGO_SETTINGS_MODULE": "mentorconnect.settings"},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert claimer.stdout is not None
    assert claimer.stdout.readline().strip().startswith("[")
    claimer.send_signal(signal.SIGKILL)
    claimer.wait(timeout=10)
    reminder = Reminder.objects.get()
    assert reminder.status == ReminderStatus.CLAIMED

    from mentorconnect.outbox import sweep as outbox

    outbox.sweep()
    assert waiting_mails(mentor.user.email) == []  # still leased to the dead worker
    after_the_lease = timezone.now() + datetime.timedelta(minutes=11)
    outbox.sweep(now=after_the_lease)
    outbox.sweep(now=after_the_lease + datetime.timedelta(minutes=1))
    assert len(waiting_mails(mentor.user.email)) == 1
    assert Reminder.objects.get().status == ReminderStatus.SENT
