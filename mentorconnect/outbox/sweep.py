"""The sweep: plan, claim, deliver.

Celery beat runs the sweep every few minutes (tasks.py). It first *plans*: each registered
kind's planner finds what is due in the database and inserts one Reminder row per recipient,
kind, subject and period (the unique constraint makes planning idempotent). Then it *sends*: due
rows are claimed with SELECT ... FOR UPDATE SKIP LOCKED and a lease, so a second sweep (or a
second beat started by mistake) skips them, and a claim whose worker died is retried once the
lease has expired. A sender renews its lease while its batch is still sending, and marks each
message sent in its own transaction as soon as the SMTP server has accepted it.

The outbox knows a recipient only through the user model: `email`, `is_active`,
`reminders_off`, and, where the model has them, `name_in_emails`, `time_zone_for_emails` and
`related_for_emails` (what to load along with each recipient to read those two).
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import uuid
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import models, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from mentorconnect import emails

from .kinds import reminder_kinds
from .models import Reminder, ReminderStatus
from .unsubscribe import unsubscribe_url

logger = logging.getLogger(__name__)


def timing(name: str) -> Any:
    return settings.REMINDERS[name]


def sweep(now: datetime.datetime | None = None) -> dict[str, int]:
    planned = plan(now or timezone.now())
    return {"planned": planned, "sent": send_due(now)}


def plan(now: datetime.datetime) -> int:
    """Runs every registered kind's planner."""
    return sum(kind.plan(now) for kind in reminder_kinds if kind.plan is not None)


# Sending


def lease_length() -> datetime.timedelta:
    """How long a claim holds an email before another sender may take it (also the mentorship
    events' emails use it)."""
    return datetime.timedelta(seconds=timing("LEASE_SECONDS"))


@dataclass
class Claim:
    """Reminders one sender has claimed, marked in their rows with its token.

    The token lets the sender renew, mark and put back only rows that are still its own: a row
    whose lease ran out may have been taken by another sender. Times follow the sweep's clock:
    `moment` (the `now` it was claimed at) plus the time since, so tests may set the moment.
    """

    token: uuid.UUID
    ids: list[int]
    moment: datetime.datetime
    claimed_at: datetime.datetime = field(default_factory=timezone.now)
    renewed_at: datetime.datetime = field(default_factory=timezone.now)
    # The rows not yet dealt with that this claim still holds.
    held: set[int] = field(init=False)

    def __post_init__(self) -> None:
        self.held = set(self.ids)

    def now(self) -> datetime.datetime:
        return self.moment + (timezone.now() - self.claimed_at)

    def rows(self, **fields: Any) -> models.QuerySet[Reminder]:
        """The rows matching `fields` that this claim holds, to update."""
        return Reminder.objects.filter(claim=self.token, status=ReminderStatus.CLAIMED, **fields)

    def holds(self, pk: int) -> bool:
        """Whether the row is still this sender's to send. Once a third of the lease has passed,
        the lease of every row still held is extended first: a sender slower than its lease (a
        slow SMTP server) keeps its rows, and one that lost some learns it here."""
        if timezone.now() - self.renewed_at >= lease_length() / 3:
            self.renewed_at = timezone.now()
            renewed = self.rows(pk__in=self.held).update(lease_until=self.now() + lease_length())
            if renewed < len(self.held):
                logger.warning(
                    "A lease ran out: %s reminders went to another sender", len(self.held) - renewed
                )
                self.held = set(self.rows(pk__in=self.held).values_list("pk", flat=True))
        return pk in self.held

    def done(self, pks: Iterable[int]) -> None:
        self.held.difference_update(pks)


def claim_due(now: datetime.datetime, limit: int) -> Claim:
    """Takes up to `limit` due reminders for this sender: rows another sender holds are
    skipped, and rows whose sender died (their lease ran out) are taken back."""
    token = uuid.uuid4()
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
            status=ReminderStatus.CLAIMED,
            claim=token,
            lease_until=now + lease_length(),
            attempts=F("attempts") + 1,
        )
    return Claim(token=token, ids=ids, moment=now)


def send_due(now: datetime.datetime | None = None) -> int:
    """Sends due reminders batch by batch until none is left; each batch is due as of `now`,
    or of the time it is claimed. Several processes may run this at once
    (tasks.send_reminders): each claims batches of its own.

    Each message is marked sent in its own transaction right after the SMTP server accepted
    it, so a sender killed mid-batch leaves only its unsent rows claimed, and the sweep takes
    them back once the lease has run out: nothing is lost, and at most the one message in
    flight when it died goes out twice (with the same Message-ID).
    """
    sent = 0
    related = [f"recipient__{name}" for name in getattr(get_user_model(), "related_for_emails", ())]
    while (claim := claim_due(now or timezone.now(), timing("BATCH"))).ids:
        reminders = list(
            Reminder.objects.filter(pk__in=claim.ids)
            .select_related("recipient", *related)
            .order_by("due_at", "pk")
        )
        wanted = [
            reminder
            for reminder in reminders
            if reminder.kind in reminder_kinds
            and reminder_kinds[reminder.kind].is_sent_to(reminder.recipient)
        ]
        contexts = contexts_for(wanted, claim.moment)
        # Turned off, or no longer relevant (answered, cancelled, ...).
        skipped = [reminder.pk for reminder in reminders if reminder.pk not in contexts]
        claim.rows(pk__in=skipped).update(
            status=ReminderStatus.SKIPPED, lease_until=None, claim=None
        )
        claim.done(skipped)
        with get_connection() as connection:
            for reminder in wanted:
                if reminder.pk in contexts and claim.holds(reminder.pk):
                    sent += deliver(reminder, contexts[reminder.pk], claim, connection)
                    claim.done([reminder.pk])
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


def deliver(reminder: Reminder, context: dict[str, Any], claim: Claim, connection: Any) -> bool:
    """Sends one claimed reminder and writes down what became of it at once: sent, put back
    until the recipient's daytime (for a kind that waits for it), retried later, or failed.
    Returns whether it was sent."""
    recipient = reminder.recipient
    kind = reminder_kinds[reminder.kind]
    now = claim.now()
    mine = claim.rows(pk=reminder.pk)
    if kind.waits_for_daytime and (later := next_daytime(now, time_zone_of(recipient))):
        mine.update(status=ReminderStatus.DUE, due_at=later, lease_until=None, claim=None)
        return False
    unsubscribe = unsubscribe_url(recipient, reminder.kind)
    attachments = context.pop("attachments", [])
    try:
        message = emails.build(
            kind.template,
            to=[recipient.email],
            language=emails.language_for(recipient),
            context={
                "greeting": getattr(recipient, "name_in_emails", "") or recipient.email,
                **context,
                # The footer names the kind and says whether it is a reminder.
                "kind_label": kind.label,
                "is_notification": kind.notification,
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
        mine.update(
            status=ReminderStatus.FAILED,
            lease_until=None,
            claim=None,
            last_error=type(error).__name__,
        )
        return False
    except (OSError, smtplib.SMTPException) as error:
        backoff = datetime.timedelta(minutes=2 ** min(reminder.attempts, 8))
        mine.update(
            status=ReminderStatus.DUE,
            due_at=now + backoff,
            lease_until=None,
            claim=None,
            last_error=type(error).__name__,
        )
        logger.warning("Reminder %s will be retried: %s", reminder.pk, type(error).__name__)
        return False
    # The SMTP server has accepted it: marked at once, in a transaction of its own.
    if not mine.update(
        status=ReminderStatus.SENT, sent_at=now, lease_until=None, claim=None, last_error=""
    ):
        logger.warning("Reminder %s was sent after its lease ran out", reminder.pk)
    return True


@dataclass(frozen=True)
class Backlog:
    """What monitoring should know about reminders not yet sent."""

    # Due longer ago than the threshold: waiting, or claimed and still not sent.
    overdue: int
    # Claimed by a sender whose lease ran out (it died): the next sweep takes them back.
    stale_claims: int


def backlog(now: datetime.datetime | None = None, late_after_minutes: int = 30) -> Backlog:
    """Reminders overdue by more than `late_after_minutes`, and claims whose sender is gone."""
    now = now or timezone.now()
    waiting = Reminder.objects.filter(status__in=[ReminderStatus.DUE, ReminderStatus.CLAIMED])
    counts = waiting.aggregate(
        overdue=Count(
            "pk", filter=Q(due_at__lt=now - datetime.timedelta(minutes=late_after_minutes))
        ),
        stale_claims=Count("pk", filter=Q(status=ReminderStatus.CLAIMED, lease_until__lt=now)),
    )
    return Backlog(**counts)
