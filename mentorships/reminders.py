"""Scheduled reminder emails: planned as rows, claimed, sent once, never lost.

Celery beat runs `sweep()` every few minutes. It first *plans*: each rule finds what is due in
the database and inserts one Reminder row per recipient, kind, subject and period (the unique
constraint makes planning idempotent). Then it *sends*: due rows are claimed with
SELECT ... FOR UPDATE SKIP LOCKED and a lease, so a second sweep (or a second beat started by
mistake) skips them, and a claim whose worker died is retried once the lease has expired.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Exists, F, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from mentorconnect import emails
from profiles.models import Profile, User

from . import waiting_list
from .models import (
    RHYTHM_DAYS,
    Meeting,
    MeetingStatus,
    Mentorship,
    Reminder,
    ReminderKind,
    ReminderStatus,
    Status,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "mentorconnect.reminders.unsubscribe"


def timing(name: str) -> Any:
    return settings.REMINDERS[name]


# Planning


def _plan(rows: Iterable[Reminder]) -> int:
    rows = list(rows)
    if rows:
        Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return len(rows)


def plan_pending_requests(now: datetime.datetime) -> int:
    """The mentor, at 3 and at 7 days of an unanswered request."""
    first = min(timing("PENDING_REQUEST_DAYS"))
    pending = Mentorship.objects.filter(
        status=Status.PENDING, requested_at__lte=now - datetime.timedelta(days=first)
    ).values_list("pk", "mentor_id", "requested_at")
    return _plan(
        Reminder(
            recipient_id=mentor_id,
            kind=ReminderKind.PENDING_REQUEST,
            subject=f"mentorship:{pk}",
            period=f"day-{days}",
            due_at=requested_at + datetime.timedelta(days=days),
        )
        for pk, mentor_id, requested_at in pending.iterator(chunk_size=2000)
        if mentor_id
        for days in timing("PENDING_REQUEST_DAYS")
        if requested_at + datetime.timedelta(days=days) <= now
    )


def plan_check_ins(now: datetime.datetime) -> int:
    """Both participants, once per rhythm period with no meeting held or booked in time."""
    grace = datetime.timedelta(days=timing("CHECK_IN_GRACE_DAYS"))
    booked = Meeting.objects.filter(
        mentorship=OuterRef("pk"),
        status__in=[MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED],
        starts_at__gte=now,
    )
    active = (
        Mentorship.objects.active()
        .with_last_meeting_held()
        .annotate(booked=Exists(booked))
        .filter(booked=False)
        .values_list(
            "pk", "mentee_id", "mentor_id", "started_at", "last_held_at", "agreement__rhythm"
        )
    )
    rows = []
    for pk, mentee_id, mentor_id, started_at, last_held_at, rhythm in active.iterator(
        chunk_size=5000
    ):
        since = last_held_at or started_at
        due = since + datetime.timedelta(days=RHYTHM_DAYS.get(rhythm or "monthly", 30)) + grace
        if due > now:
            continue
        for recipient in (mentee_id, mentor_id):
            if recipient:
                rows.append(
                    Reminder(
                        recipient_id=recipient,
                        kind=ReminderKind.CHECK_IN_DUE,
                        subject=f"mentorship:{pk}",
                        period=f"since-{since:%Y-%m-%d}",
                        due_at=due,
                    )
                )
    return _plan(rows)


def plan_upcoming_meetings(now: datetime.datetime) -> int:
    """Both participants, 24 hours before a confirmed meeting."""
    ahead = datetime.timedelta(hours=timing("MEETING_AHEAD_HOURS"))
    meetings = Meeting.objects.filter(
        status=MeetingStatus.CONFIRMED, starts_at__gt=now, starts_at__lte=now + ahead
    ).values_list("pk", "starts_at", "mentorship__mentee_id", "mentorship__mentor_id")
    return _plan(
        Reminder(
            recipient_id=recipient,
            kind=ReminderKind.UPCOMING_MEETING,
            subject=f"meeting:{pk}",
            period="24h",
            due_at=starts_at - ahead,
        )
        for pk, starts_at, mentee_id, mentor_id in meetings
        for recipient in (mentee_id, mentor_id)
        if recipient
    )


def plan_planned_ends(now: datetime.datetime) -> int:
    """Both participants, two weeks before the agreed length runs out: wrap up or extend."""
    ahead = datetime.timedelta(days=timing("PLANNED_END_AHEAD_DAYS"))
    active = Mentorship.objects.active().values_list(
        "pk", "mentee_id", "mentor_id", "started_at", "agreement__planned_months"
    )
    rows = []
    for pk, mentee_id, mentor_id, started_at, months in active.iterator(chunk_size=5000):
        planned_end = started_at + datetime.timedelta(days=round((months or 6) * 30.44))
        if planned_end - ahead <= now < planned_end:
            rows += [
                Reminder(
                    recipient_id=recipient,
                    kind=ReminderKind.PLANNED_END,
                    subject=f"mentorship:{pk}",
                    period=f"end-{planned_end:%Y-%m-%d}",
                    due_at=planned_end - ahead,
                )
                for recipient in (mentee_id, mentor_id)
                if recipient
            ]
    return _plan(rows)


def plan_unfinished_profiles(now: datetime.datetime) -> int:
    """New members without a finished profile, 2 days after sign-up and once more at 7."""
    days_list = timing("PROFILE_UNFINISHED_DAYS")
    finished = Profile.objects.filter(user=OuterRef("pk"), completed_at__isnull=False)
    users = (
        User.objects.filter(
            is_active=True,
            date_joined__lte=now - datetime.timedelta(days=min(days_list)),
            date_joined__gte=now - datetime.timedelta(days=max(days_list) + 7),
            emailaddress__verified=True,
        )
        .exclude(Exists(finished))
        .values_list("pk", "date_joined")
    )
    return _plan(
        Reminder(
            recipient_id=pk,
            kind=ReminderKind.PROFILE_UNFINISHED,
            subject="profile",
            period=f"day-{days}",
            due_at=joined + datetime.timedelta(days=days),
        )
        for pk, joined in users
        for days in days_list
        if joined + datetime.timedelta(days=days) <= now
    )


def plan_no_request_yet(now: datetime.datetime) -> int:
    """Mentees who finished their profile a week ago and never asked anyone."""
    days = timing("NO_REQUEST_DAYS")
    asked = Mentorship.objects.filter(mentee=OuterRef("user"))
    mentees = (
        Profile.objects.filter(
            wants_mentor=True,
            completed_at__lte=now - datetime.timedelta(days=days),
            completed_at__gte=now - datetime.timedelta(days=days + 14),
        )
        .exclude(Exists(asked))
        .values_list("user_id", "completed_at")
    )
    return _plan(
        Reminder(
            recipient_id=user_id,
            kind=ReminderKind.NO_REQUEST_YET,
            subject="profile",
            period=f"day-{days}",
            due_at=completed_at + datetime.timedelta(days=days),
        )
        for user_id, completed_at in mentees
    )


def plan_program_deadlines(now: datetime.datetime) -> int:
    """Members who saved a program, 7 days before its applications close."""
    from programs.models import SavedProgram

    today = timezone.localdate(now)
    ahead = timing("PROGRAM_DEADLINE_AHEAD_DAYS")
    saved = SavedProgram.objects.filter(
        program__closes_on__gte=today,
        program__closes_on__lte=today + datetime.timedelta(days=ahead),
    ).values_list("user_id", "program_id", "program__closes_on")
    return _plan(
        Reminder(
            recipient_id=user_id,
            kind=ReminderKind.PROGRAM_DEADLINE,
            subject=f"program:{program_id}",
            period=f"closes-{closes_on:%Y-%m-%d}",
            due_at=now,
        )
        for user_id, program_id, closes_on in saved
    )


def plan_feedback_prompts(now: datetime.datetime) -> int:
    """Each participant, after the first meeting held, one month in, and at the end, unless
    they have written feedback since (the same occasions as the dashboard's invitations)."""
    from feedback.models import Feedback
    from feedback.prompts import occasion_of

    from .dashboard import RECENTLY_ENDED

    def latest_by(role: str) -> Subquery:
        return Subquery(
            Feedback.objects.filter(mentorship=OuterRef("pk"), author=OuterRef(role))
            .order_by("-created_at")
            .values("created_at")[:1]
        )

    mentorships = (
        Mentorship.objects.filter(
            Q(status=Status.ACTIVE)
            | Q(
                status__in=[Status.COMPLETED, Status.ENDED_EARLY],
                ended_at__gte=now - RECENTLY_ENDED,
            )
        )
        # Nobody is left to read feedback once the other person has deleted their account.
        .filter(mentee__isnull=False, mentor__isnull=False)
        .annotate(
            first_held=Min("meetings__starts_at", filter=Q(meetings__status=MeetingStatus.HELD)),
            mentee_wrote=latest_by("mentee"),
            mentor_wrote=latest_by("mentor"),
        )
        .only("pk", "mentee_id", "mentor_id", "started_at", "ended_at", "status")
    )
    rows = []
    for mentorship in mentorships.iterator(chunk_size=5000):
        occasion, since = occasion_of(mentorship, now)
        if occasion is None:
            continue
        for recipient, wrote in (
            (mentorship.mentee_id, mentorship.mentee_wrote),
            (mentorship.mentor_id, mentorship.mentor_wrote),
        ):
            if recipient and (wrote is None or wrote < since):
                rows.append(
                    Reminder(
                        recipient_id=recipient,
                        kind=ReminderKind.FEEDBACK_PROMPT,
                        subject=f"mentorship:{mentorship.pk}",
                        period=f"{since:%Y-%m-%d}",
                        due_at=since,
                    )
                )
    return _plan(rows)


PLANNERS = [
    plan_feedback_prompts,
    plan_pending_requests,
    plan_check_ins,
    plan_upcoming_meetings,
    plan_planned_ends,
    plan_unfinished_profiles,
    plan_no_request_yet,
    plan_program_deadlines,
    waiting_list.plan_offers,
]


def plan_paused_mentor(mentorship: Mentorship, now: datetime.datetime) -> None:
    """Tells a mentor whose request expired that their availability was paused."""
    _plan(
        [
            Reminder(
                recipient_id=mentorship.mentor_id,
                kind=ReminderKind.AVAILABILITY_PAUSED,
                subject=f"mentorship:{mentorship.pk}",
                period="expired",
                due_at=now,
            )
        ]
    )


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
class Batch:
    """The objects a batch of reminders is about, loaded with one query per kind of object,
    and the outcomes written back with one UPDATE per outcome."""

    mentorships: dict[str, Mentorship] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    sent: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def load(cls, reminders: list[Reminder]) -> Batch:
        ids: dict[str, set[str]] = {"mentorship": set(), "meeting": set()}
        for reminder in reminders:
            kind, _, pk = reminder.subject.partition(":")
            if kind in ids:
                ids[kind].add(pk)
        return cls(
            mentorships={
                str(m.pk): m
                for m in Mentorship.objects.filter(pk__in=ids["mentorship"]).select_related(
                    "mentee__profile", "mentor__profile"
                )
            },
            meetings={
                str(m.pk): m
                for m in Meeting.objects.filter(pk__in=ids["meeting"]).select_related("mentorship")
            },
        )

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


def sweep(now: datetime.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    planned = plan(now)
    return {"planned": planned, "sent": send_due(now)}


def plan(now: datetime.datetime) -> int:
    return sum(planner(now) for planner in PLANNERS)


def send_due(now: datetime.datetime) -> int:
    """Sends due reminders batch by batch until none is left. Several processes may run this at
    once (tasks.send_reminders): each claims batches of its own."""
    sent = 0
    while ids := claim_due(now, timing("BATCH")):
        reminders = list(Reminder.objects.filter(pk__in=ids).select_related("recipient__profile"))
        batch = Batch.load(reminders)
        with get_connection() as connection:
            for reminder in reminders:
                deliver(reminder, now, batch, connection)
        batch.write(now)
        sent += len(batch.sent)
    return sent


def next_daytime(moment: datetime.datetime, zone: zoneinfo.ZoneInfo) -> datetime.datetime | None:
    """None if `moment` is within the recipient's day, else when their next day starts."""
    local = moment.astimezone(zone)
    starts, ends = timing("DAY_STARTS"), timing("DAY_ENDS")
    if starts <= local.hour < ends:
        return None
    day = local.date() if local.hour < starts else local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(starts), tzinfo=zone)


def deliver(reminder: Reminder, now: datetime.datetime, batch: Batch, connection: Any) -> None:
    """Sends one claimed reminder (or puts it back until the recipient's daytime); the outcome
    is noted on `batch`, which writes it."""
    recipient = reminder.recipient
    profile = getattr(recipient, "profile", None) if hasattr(recipient, "profile") else None
    zone = zoneinfo.ZoneInfo((profile.time_zone if profile else "") or timing("DEFAULT_TIME_ZONE"))
    if reminder.kind in recipient.reminders_off or not recipient.is_active:
        batch.skipped.append(reminder.pk)
        return
    content = content_for(reminder, now, batch)
    if content is None:
        batch.skipped.append(reminder.pk)  # no longer relevant
        return
    if (later := next_daytime(now, zone)) is not None:
        Reminder.objects.filter(pk=reminder.pk).update(
            status=ReminderStatus.DUE, due_at=later, lease_until=None
        )
        return
    unsubscribe = unsubscribe_url(recipient, reminder.kind)
    try:
        message = emails.build(
            "reminder",
            to=[recipient.email],
            context={**content, "unsubscribe_url": unsubscribe},
            headers={
                "Message-ID": reminder.message_id,
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        for name, data, mimetype in content.get("attachments", []):
            message.attach(name, data, mimetype)
        message.connection = connection
        message.send()
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
        logger.warning("Reminder %s refused permanently: %s", reminder.pk, type(error).__name__)
        batch.failed.append((reminder.pk, type(error).__name__))
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
    batch.sent.append(reminder.pk)


def unsubscribe_url(user: User, kind: str) -> str:
    token = signing.dumps({"user": user.pk, "kind": kind}, salt=UNSUBSCRIBE_SALT)
    return settings.SITE_URL + reverse("mentorships:unsubscribe", args=[token])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return data["user"], data["kind"]


# What each reminder says. None means it no longer applies (answered, cancelled, ...).


def _url(path: str) -> str:
    return settings.SITE_URL + path


def content_for(reminder: Reminder, now: datetime.datetime, batch: Batch) -> dict[str, Any] | None:
    kind, (subject_type, _, subject_id) = reminder.kind, reminder.subject.partition(":")
    name = _name_of(reminder.recipient)
    if subject_type == "mentorship":
        mentorship = batch.mentorships.get(subject_id)
        if mentorship is None:
            return None
        other = mentorship.other(reminder.recipient)
        other_name = _name_of(other) if other else "a former member"
        link = _url(mentorship.get_absolute_url())
        if kind == ReminderKind.PENDING_REQUEST:
            if mentorship.status != Status.PENDING:
                return None
            age = (now - mentorship.requested_at).days
            return {
                "subject": f"{other_name} is waiting for your answer",
                "greeting": name,
                "lines": [
                    f"{other_name} asked you to mentor them {age} days ago.",
                    "Accept, or decline with a kind note: either way they can move on. Requests "
                    "close after two weeks without an answer, and your availability is then "
                    "paused.",
                ],
                "action_url": link,
                "action_label": "Answer the request",
            }
        if kind == ReminderKind.AVAILABILITY_PAUSED:
            return {
                "subject": "Your mentoring availability is paused",
                "greeting": name,
                "lines": [
                    f"A request from {other_name} waited two weeks without an answer, so it has "
                    "closed and we paused your availability, to keep the directory honest.",
                    "Ready for requests again? Turn “accepting requests now” back on in your "
                    "profile.",
                ],
                "action_url": _url(reverse("profiles:setup", args=[2])),
                "action_label": "Resume my availability",
            }
        if kind != ReminderKind.FEEDBACK_PROMPT and mentorship.status != Status.ACTIVE:
            return None
        if kind == ReminderKind.CHECK_IN_DUE:
            return {
                "subject": f"Time to check in with {other_name}",
                "greeting": name,
                "lines": [
                    f"No meeting with {other_name} has been held or booked within your agreed "
                    "rhythm.",
                    "A short call or a few lines by email keeps a mentorship alive.",
                ],
                "action_url": link,
                "action_label": "Propose a meeting",
            }
        if kind == ReminderKind.FEEDBACK_PROMPT:
            return {
                "subject": f"How is it going with {other_name}?",
                "greeting": name,
                "lines": [
                    "A good moment for feedback: a few honest words on what helps and what "
                    "could be better. Only the two of you will read it.",
                ],
                "action_url": _url(reverse("feedback:archive", args=[mentorship.pk])),
                "action_label": "Leave feedback",
            }
        if kind == ReminderKind.PLANNED_END:
            return {
                "subject": f"Your mentorship with {other_name} is nearly at its planned end",
                "greeting": name,
                "lines": [
                    "Your agreed time together ends in about two weeks.",
                    "Decide together: wrap up and celebrate, or extend by revising the agreement.",
                ],
                "action_url": link,
                "action_label": "Wrap up or extend",
            }
        return None
    if subject_type == "meeting":
        meeting = batch.meetings.get(subject_id)
        if meeting is None or meeting.status != MeetingStatus.CONFIRMED or meeting.starts_at <= now:
            return None
        from . import calendar

        profile = getattr(reminder.recipient, "profile", None)
        zone = zoneinfo.ZoneInfo((profile.time_zone if profile else "") or "UTC")
        starts = meeting.starts_at.astimezone(zone)
        return {
            "subject": f"Mentoring meeting tomorrow, {starts:%A %H:%M}",
            "greeting": name,
            "lines": [
                f"Your meeting starts on {starts:%A %d %B at %H:%M} ({zone.key}).",
                "The calendar file is attached.",
            ],
            "action_url": _url(meeting.mentorship.get_absolute_url()),
            "action_label": "See the meeting",
            "attachments": [("meeting.ics", calendar.ics_for(meeting), "text/calendar")],
        }
    if subject_type == "program":
        from programs.models import Program

        program = Program.objects.filter(pk=subject_id).first()
        if program is None or not program.closes_on:
            return None
        return {
            "subject": f"Applications for {program.name} close on {program.closes_on:%d %B}",
            "greeting": name,
            "lines": [
                f"You saved {program.name}. Its applications close on "
                f"{program.closes_on:%A %d %B %Y}."
            ],
            "action_url": _url(program.get_absolute_url()),
            "action_label": "See the program",
        }
    if subject_type == "waiting":
        return waiting_list.content_for(reminder, name)
    if subject_type == "campaign":
        from profiles import recruitment

        return recruitment.content_for(reminder, name)
    if kind == ReminderKind.PROFILE_UNFINISHED:
        if Profile.objects.filter(user=reminder.recipient, completed_at__isnull=False).exists():
            return None
        return {
            "subject": "Finish your MentorConnect profile",
            "greeting": name,
            "lines": [
                "Your profile is not finished yet. It takes three short steps, and it is what "
                "lets us suggest mentors who fit you.",
            ],
            "action_url": _url(reverse("profiles:edit")),
            "action_label": "Finish my profile",
        }
    if kind == ReminderKind.NO_REQUEST_YET:
        if Mentorship.objects.filter(mentee=reminder.recipient).exists():
            return None
        from .emails import suggestions_for

        suggestions = suggestions_for(reminder.recipient, exclude=reminder.recipient)
        return {
            "subject": "Three mentors who could help you",
            "greeting": name,
            "lines": [
                "You have not asked a mentor yet. Most mentors are glad to be asked: a short, "
                "specific request is all it takes.",
                *[f"{s['name']}, {s['headline']}: {s['reason']} ({s['url']})" for s in suggestions],
            ],
            "action_url": _url(reverse("profiles:find_mentor")),
            "action_label": "Find a mentor",
        }
    return None


def _name_of(user: User) -> str:
    profile = getattr(user, "profile", None) if hasattr(user, "profile") else None
    return profile.display_name if profile and profile.display_name else user.email


def backlog(now: datetime.datetime | None = None, late_after_minutes: int = 30) -> int:
    """How many reminders are overdue by more than `late_after_minutes` (for monitoring)."""
    now = now or timezone.now()
    return Reminder.objects.filter(
        Q(status=ReminderStatus.DUE) | Q(status=ReminderStatus.CLAIMED, lease_until__lt=now),
        due_at__lt=now - datetime.timedelta(minutes=late_after_minutes),
    ).count()
