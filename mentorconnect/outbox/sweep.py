"""The sweep: plan, claim, deliver.

Celery beat runs the sweep every few minutes (tasks.py). It first *plans*: each registered
kind's planner finds what is due in the database and inserts one Reminder row per recipient,
kind, subject and period (the unique constraint makes planning idempotent). Then it *sends*: due
rows are claimed with SELECT ... FOR UPDATE SKIP LOCKED and a lease, so a second sweep (or a
second beat started by mistake) skips them, and a claim whose worker died is retried once the
lease has expired.

The outbox knows a recipient only through the user model: `email`, `is_active`,
`reminders_off`, and, where the model has them, `name_in_emails`, `time_zone_for_emails` and
`related_for_emails` (what to load along with each recipient to read those two).
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import zoneinfo
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from mentorconnect import emails

from .kinds import reminder_kinds
from .models import Reminder, ReminderStatus
from .unsubscribe import unsubscribe_url

logger = logging.getLogger(__name__)


def timing(name: str) -> Any:
    return settings.REMINDERS[name]


def sweep(now: datetime.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    planned = plan(now)
    return {"planned": planned, "sent": send_due(now)}


def plan(now: datetime.datetime) -> int:
    """Runs every registered kind's planner."""
    return sum(kind.plan(now) for kind in reminder_kinds if kind.plan is not None)


# Sending


def claim_due(now: datetime.datetime, limit: int) -> list[int]:
    """Takes up to `limit` due reminders for this sweep; rows another sweep holds are skipped."""
    lease = datetime.timedelta(minutes=timing("LEASE_MINUTES"))
    with transaction.atomic():
        ids = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=ReminderStatus.DUE, due_at__lte=now)
                | Q(status=ReminderStatus.CLAIMED, lease_until__lt=now)
            )
            .order_by("due_at")
            .values_list("pk", flat=True)[:limit]
        )
        Reminder.objects.filter(pk__in=ids).update(
            status=ReminderStatus.CLAIMED, lease_until=now + lease, attempts=F("attempts") + 1
        )
    return ids


@dataclass
class Outcomes:
    """What became of a batch of reminders, written back with one UPDATE per outcome."""

    sent: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)

    def write(self, now: datetime.datetime) -> None:
        done = Reminder.objects.filter
        if self.sent:
            done(pk__in=self.sent).update(
                status=ReminderStatus.SENT, sent_at=now, lease_until=None, last_error=""
            )
        if self.skipped:
            done(pk__in=self.skipped).update(status=ReminderStatus.SKIPPED, lease_until=None)
        for pk, error in self.failed:
            done(pk=pk).update(status=ReminderStatus.FAILED, lease_until=None, last_error=error)


def send_due(now: datetime.datetime) -> int:
    """Sends due reminders batch by batch until none is left. Several processes may run this at
    once (tasks.send_reminders): each claims batches of its own."""
    sent = 0
    related = [f"recipient__{name}" for name in getattr(get_user_model(), "related_for_emails", ())]
    while ids := claim_due(now, timing("BATCH")):
        reminders = list(Reminder.objects.filter(pk__in=ids).select_related("recipient", *related))
        outcomes = Outcomes()
        wanted = []
        for reminder in reminders:
            recipient = reminder.recipient
            if (
                reminder.kind not in reminder_kinds
                or reminder.kind in recipient.reminders_off
                or not recipient.is_active
            ):
                outcomes.skipped.append(reminder.pk)
            else:
                wanted.append(reminder)
        contexts = contexts_for(wanted, now)
        with get_connection() as connection:
            for reminder in wanted:
                context = contexts.get(reminder.pk)
                if context is None:
                    outcomes.skipped.append(reminder.pk)  # no longer relevant
                else:
                    deliver(reminder, context, now, outcomes, connection)
        outcomes.write(now)
        sent += len(outcomes.sent)
    return sent


def contexts_for(reminders: Sequence[Reminder], now: datetime.datetime) -> dict[int, dict]:
    """Each kind's builder is given all of the batch's reminders of its kind at once."""
    by_kind: dict[str, list[Reminder]] = defaultdict(list)
    for reminder in reminders:
        by_kind[reminder.kind].append(reminder)
    contexts: dict[int, dict] = {}
    for name, of_kind in by_kind.items():
        contexts.update(reminder_kinds[name].context(of_kind, now))
    return contexts


def time_zone_of(recipient: Any) -> zoneinfo.ZoneInfo:
    name = getattr(recipient, "time_zone_for_emails", "") or timing("DEFAULT_TIME_ZONE")
    return zoneinfo.ZoneInfo(name)


def next_daytime(moment: datetime.datetime, zone: zoneinfo.ZoneInfo) -> datetime.datetime | None:
    """None if `moment` is within the recipient's day, else when their next day starts."""
    local = moment.astimezone(zone)
    starts, ends = timing("DAY_STARTS"), timing("DAY_ENDS")
    if starts <= local.hour < ends:
        return None
    day = local.date() if local.hour < starts else local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(starts), tzinfo=zone)


def deliver(
    reminder: Reminder,
    context: dict[str, Any],
    now: datetime.datetime,
    outcomes: Outcomes,
    connection: Any,
) -> None:
    """Sends one claimed reminder (or puts it back until the recipient's daytime); the outcome
    is noted on `outcomes`, which writes it."""
    recipient = reminder.recipient
    if (later := next_daytime(now, time_zone_of(recipient))) is not None:
        Reminder.objects.filter(pk=reminder.pk).update(
            status=ReminderStatus.DUE, due_at=later, lease_until=None
        )
        return
    unsubscribe = unsubscribe_url(recipient, reminder.kind)
    attachments = context.pop("attachments", [])
    try:
        message = emails.build(
            reminder_kinds[reminder.kind].template,
            to=[recipient.email],
            context={
                "greeting": getattr(recipient, "name_in_emails", "") or recipient.email,
                **context,
                "unsubscribe_url": unsubscribe,
            },
            headers={
                "Message-ID": reminder.message_id,
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        for name, data, mimetype in attachments:
            message.attach(name, data, mimetype)
        message.connection = connection
        message.send()
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
        logger.warning("Reminder %s refused permanently: %s", reminder.pk, type(error).__name__)
        outcomes.failed.append((reminder.pk, type(error).__name__))
        return
    except (OSError, smtplib.SMTPException) as error:
        backoff = datetime.timedelta(minutes=2 ** min(reminder.attempts, 8))
        Reminder.objects.filter(pk=reminder.pk).update(
            status=ReminderStatus.DUE,
            due_at=now + backoff,
            lease_until=None,
            last_error=type(error).__name__,
        )
        logger.warning("Reminder %s will be retried: %s", reminder.pk, type(error).__name__)
        return
    outcomes.sent.append(reminder.pk)


def backlog(now: datetime.datetime | None = None, late_after_minutes: int = 30) -> int:
    """How many reminders are overdue by more than `late_after_minutes` (for monitoring)."""
    now = now or timezone.now()
    return Reminder.objects.filter(
        Q(status=ReminderStatus.DUE) | Q(status=ReminderStatus.CLAIMED, lease_until__lt=now),
        due_at__lt=now - datetime.timedelta(minutes=late_after_minutes),
    ).count()
