"""Two Celery worker processes on the same PostgreSQL and Redis share the sending of a sweep and
send every due reminder exactly once: how the service scales past one machine
(docs/scaling.md)."""

from __future__ import annotations

import datetime
import re
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import timezone

from mentorconnect.celery import app as celery_app
from mentorconnect.outbox import tasks
from mentorconnect.outbox.models import Reminder, ReminderStatus
from mentorships.models import Mentorship
from profiles.models import Profile
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_active
from .test_reminders_beat import ROOT, environment, wait_for, zone_where_it_is_noon

pytestmark = pytest.mark.django_db(transaction=True)
WORKERS = 2
MENTORSHIPS = 12


@pytest.fixture
def outboxes(tmp_path: Path) -> Iterator[list[Path]]:
    """Starts two independent worker processes, each writing the mail it sends to a folder of
    its own, and yields those folders once both answer a ping."""
    celery_app.conf.task_always_eager = False
    folders = [tmp_path / f"worker-{number}" for number in range(WORKERS)]
    workers = [
        subprocess.Popen(  # noqa: S603 - our own Celery worker
            [
                str(Path(sys.executable).parent / "celery"),
                "-A",
                "mentorconnect",
                "worker",
                "--pool",
                "solo",
                "--hostname",
                f"scale-{number}@%h",
                "--without-mingle",
                "--without-gossip",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **environment(),
                "EMAIL_URL": f"filemail:///{folder}",
                # A few reminders per claim, so the two sweeps take turns on the same rows.
                "REMINDER_BATCH": "2",
            },
        )
        for number, folder in enumerate(folders)
    ]
    try:
        assert wait_for(lambda: len(celery_app.control.ping(timeout=0.5) or []) == WORKERS)
        yield folders
    finally:
        # Senders still queued would only find nothing due: leave the broker empty.
        celery_app.control.purge()
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)


def reminders_sent(folder: Path) -> list[str]:
    """The Message-ID of every reminder a worker wrote (Django's file backend: one file per
    connection, messages one after another). The mentorships' own emails are there too."""
    return [
        found
        for path in sorted(folder.glob("*.log"))
        for found in re.findall(r"^Message-ID: (<reminder-\S+)", path.read_text(), flags=re.M)
    ]


def test_two_workers_share_a_sweep_and_send_each_due_reminder_once(
    outboxes: list[Path],
) -> None:
    zone = zone_where_it_is_noon()
    # Everyone shares a way to be reached, so the accepts ask nobody for one: only check-ins.
    mentor_profiles = [
        make_mentor(mentor_capacity=5, share_account_email=True) for _ in range(MENTORSHIPS // 4)
    ]
    for number in range(MENTORSHIPS):
        make_active(
            make_mentee(share_account_email=True), mentor_profiles[number % len(mentor_profiles)]
        )
    Profile.objects.update(time_zone=zone)
    # Six weeks without a meeting: both people in every mentorship are due a check-in.
    Mentorship.objects.update(started_at=timezone.now() - datetime.timedelta(days=42))

    # What beat does every few minutes: one sweep, whose sending both workers share.
    tasks.reminder_sweep.delay()

    def all_sent() -> bool:
        check_ins = Reminder.objects.filter(kind="check_in_due")
        return (
            check_ins.filter(status=ReminderStatus.SENT).count() == 2 * MENTORSHIPS
            and not Reminder.objects.exclude(status=ReminderStatus.SENT).exists()
        )

    assert wait_for(all_sent, seconds=45)
    sent = [reminders_sent(folder) for folder in outboxes]
    everything = Counter(found for ids in sent for found in ids)
    assert set(everything.values()) == {1}, "a reminder was sent twice"
    assert sorted(everything) == sorted(r.message_id for r in Reminder.objects.all())
    assert all(sent), "both workers should have sent some of the reminders"
