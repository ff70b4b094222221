"""The reminders of mentorships: when each is due, and what its email needs to say it.

Each kind is registered with the outbox (mentorconnect/outbox) in MentorshipsConfig.ready();
the outbox plans, claims and sends them, and the wording is in
templates/emails/reminders/<kind>-*.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mentorconnect import emails
from mentorconnect.outbox.kinds import ReminderKind
from mentorconnect.outbox.models import Reminder, about_ids
from profiles.models import Profile, User

from . import calendar, contact, waiting_list
from .emails import suggestions_for
from .models import (
    RHYTHM_DAYS,
    Agreement,
    Meeting,
    MeetingStatus,
    Mentorship,
    Status,
    planned_end_at,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def timing(name: str) -> Any:
    return settings.REMINDERS[name]


def _url(path: str) -> str:
    return settings.SITE_URL + path


# Planning


def plan_pending_requests(now: datetime.datetime) -> int:
    """The mentor, at 3 and at 7 days of an unanswered request."""
    first = min(timing("PENDING_REQUEST_DAYS"))
    pending = Mentorship.objects.filter(
        status=Status.PENDING, requested_at__lte=now - datetime.timedelta(days=first)
    ).values_list("pk", "mentor_id", "requested_at")
    return Reminder.objects.plan(
        Reminder(
            recipient_id=mentor_id,
            kind=PENDING_REQUEST.name,
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
        if since is None:
            continue  # not started: no check-in due (as in Mentorship.check_in_due_on)
        every = datetime.timedelta(days=RHYTHM_DAYS.get(rhythm or "monthly", 30))
        # A mentorship that stays silent hears again every rhythm period: the first check-in
        # is due one period (and the grace) after the last meeting, the next one a period
        # later, and so on. The first keeps the period name it always had, so nothing already
        # sent is sent again.
        periods = (now - since - grace) // every
        if periods < 1:
            continue
        due = since + periods * every + grace
        period = f"since-{since:%Y-%m-%d}" if periods == 1 else f"since-{since:%Y-%m-%d}-{periods}"
        for recipient in (mentee_id, mentor_id):
            if recipient:
                rows.append(
                    Reminder(
                        recipient_id=recipient,
                        kind=CHECK_IN_DUE.name,
                        subject=f"mentorship:{pk}",
                        period=period,
                        due_at=due,
                    )
                )
    return Reminder.objects.plan(rows)


def plan_upcoming_meetings(now: datetime.datetime) -> int:
    """Both participants, 24 hours before a confirmed meeting."""
    ahead = datetime.timedelta(hours=timing("MEETING_AHEAD_HOURS"))
    meetings = Meeting.objects.filter(
        status=MeetingStatus.CONFIRMED, starts_at__gt=now, starts_at__lte=now + ahead
    ).values_list("pk", "starts_at", "mentorship__mentee_id", "mentorship__mentor_id")
    return Reminder.objects.plan(
        Reminder(
            recipient_id=recipient,
            kind=UPCOMING_MEETING.name,
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
        "pk",
        "mentee_id",
        "mentor_id",
        "started_at",
        "agreement__planned_months",
        "agreement__planned_end_on",
    )
    rows = []
    for pk, mentee_id, mentor_id, started_at, months, end_on in active.iterator(chunk_size=5000):
        if started_at is None:
            continue  # not started: no planned end yet
        planned_end = planned_end_at(started_at, months or 6, end_on)
        if planned_end - ahead <= now < planned_end:
            rows += [
                Reminder(
                    recipient_id=recipient,
                    kind=PLANNED_END.name,
                    subject=f"mentorship:{pk}",
                    period=f"end-{planned_end:%Y-%m-%d}",
                    due_at=planned_end - ahead,
                )
                for recipient in (mentee_id, mentor_id)
                if recipient
            ]
    return Reminder.objects.plan(rows)


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
    return Reminder.objects.plan(
        Reminder(
            recipient_id=user_id,
            kind=NO_REQUEST_YET.name,
            subject="profile",
            period=f"day-{days}",
            due_at=completed_at + datetime.timedelta(days=days),
        )
        for user_id, completed_at in mentees
        if completed_at is not None  # always so: the query filters on it
    )


def plan_paused_mentor(mentorship: Mentorship, now: datetime.datetime) -> None:
    """Tells a mentor whose request expired that their availability was paused."""
    if mentorship.mentor_id is None:
        return  # the mentor has deleted their account
    Reminder.objects.plan(
        [
            Reminder(
                recipient_id=mentorship.mentor_id,
                kind=AVAILABILITY_PAUSED.name,
                subject=f"mentorship:{mentorship.pk}",
                period="expired",
                due_at=now,
            )
        ]
    )


def plan_agreement_to_confirm(agreement: Agreement, *, by: User) -> None:
    """Tells the other person that `by` has confirmed the agreement and it waits for their
    confirmation. The period is the moment `by` confirmed, so each confirmation is told once,
    and one taken back since (a change to the terms clears it) is not told at all."""
    mentorship = agreement.mentorship
    recipient_id = mentorship.mentor_id if by.pk == mentorship.mentee_id else mentorship.mentee_id
    confirmed_at = getattr(agreement, f"{mentorship.role_of(by)}_confirmed_at")
    if recipient_id is None or confirmed_at is None:
        return
    Reminder.objects.plan(
        [
            Reminder(
                recipient_id=recipient_id,
                kind=AGREEMENT_TO_CONFIRM.name,
                subject=f"mentorship:{mentorship.pk}",
                period=confirmed_period(confirmed_at),
                due_at=confirmed_at,
            )
        ]
    )


def confirmed_period(confirmed_at: datetime.datetime) -> str:
    return f"confirmed-{confirmed_at.astimezone(datetime.UTC):%Y%m%dT%H%M%S.%f}"


# What each email needs. A reminder left out no longer applies (answered, cancelled, ...).


def mentorships_of(reminders: Sequence[Reminder]) -> dict[str, Mentorship]:
    """The mentorships a batch of "mentorship:<pk>" reminders is about, with both people, in
    one query."""
    return {
        str(mentorship.pk): mentorship
        for mentorship in Mentorship.objects.filter(pk__in=about_ids(reminders)).select_related(
            "mentee__profile", "mentor__profile"
        )
    }


def about_mentorships(
    reminders: Sequence[Reminder], *, status: str | None = None
) -> list[tuple[Reminder, Mentorship, StrOrPromise]]:
    """Each reminder whose mentorship still exists (and is still in `status`, when given), with
    the other person's name."""
    mentorships = mentorships_of(reminders)
    found = []
    for reminder in reminders:
        mentorship = mentorships.get(reminder.about_id)
        if mentorship is None or (status is not None and mentorship.status != status):
            continue
        other = mentorship.other(reminder.recipient)
        # Lazy: the email renders it in its recipient's language.
        found.append(
            (reminder, mentorship, other.name_in_emails if other else _("a former member"))
        )
    return found


def pending_request_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    return {
        reminder.pk: {
            "other_name": other_name,
            "age": (now - mentorship.requested_at).days,
            "action_url": _url(mentorship.get_absolute_url()),
        }
        for reminder, mentorship, other_name in about_mentorships(reminders, status=Status.PENDING)
    }


def availability_paused_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    action_url = _url(reverse("profiles:setup", args=[2]))
    return {
        reminder.pk: {"other_name": other_name, "action_url": action_url}
        for reminder, _mentorship, other_name in about_mentorships(reminders)
    }


def active_mentorship_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    """For reminders about an active mentorship that link to its page (check-ins, ends)."""
    return {
        reminder.pk: {"other_name": other_name, "action_url": _url(mentorship.get_absolute_url())}
        for reminder, mentorship, other_name in about_mentorships(reminders, status=Status.ACTIVE)
    }


def agreement_to_confirm_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    """Only while the other person's confirmation (the one the reminder was planned for) still
    stands and the recipient has not confirmed: one who confirmed meanwhile is not asked."""
    found = about_mentorships(reminders, status=Status.ACTIVE)
    agreements = {
        agreement.mentorship_id: agreement
        for agreement in Agreement.objects.filter(
            mentorship__in=[mentorship for _reminder, mentorship, _name in found]
        ).only("mentorship_id", "mentee_confirmed_at", "mentor_confirmed_at")
    }
    contexts = {}
    for reminder, mentorship, other_name in found:
        agreement = agreements.get(mentorship.pk)
        if agreement is None:
            continue
        mine, theirs = agreement.mentee_confirmed_at, agreement.mentor_confirmed_at
        if mentorship.role_of(reminder.recipient) == "mentor":
            mine, theirs = theirs, mine
        if mine is None and theirs is not None and reminder.period == confirmed_period(theirs):
            contexts[reminder.pk] = {
                "other_name": other_name,
                "action_url": _url(reverse("mentorships:agreement", args=[mentorship.pk])),
            }
    return contexts


def upcoming_meeting_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    meetings = {
        str(meeting.pk): meeting
        for meeting in Meeting.objects.filter(pk__in=about_ids(reminders)).select_related(
            "mentorship"
        )
    }
    contexts = {}
    for reminder in reminders:
        meeting = meetings.get(reminder.about_id)
        if meeting is None or meeting.status != MeetingStatus.CONFIRMED or meeting.starts_at <= now:
            continue
        zone = reminder.recipient.time_zone_for_emails or "UTC"
        contexts[reminder.pk] = {
            "starts_at": meeting.starts_at,
            "zone": zone,
            "starts_today": same_local_day(meeting.starts_at, now, zone),
            "action_url": _url(meeting.mentorship.get_absolute_url()),
            "attachments": [("meeting.ics", calendar.ics_for(meeting), "text/calendar")],
        }
    return contexts


def same_local_day(moment: datetime.datetime, now: datetime.datetime, zone: str) -> bool:
    """Whether `moment` is on today's date in `zone`: a meeting's reminder goes out up to a
    day ahead, so the meeting is later today or tomorrow on the recipient's own calendar,
    never always 'tomorrow'."""
    local = zoneinfo.ZoneInfo(zone)
    return timezone.localtime(moment, local).date() == timezone.localtime(now, local).date()


def no_request_yet_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    """Mentor suggestions are ranked for each mentee (a few queries each); this kind is sent
    once per mentee, a week after they finish their profile."""
    asked = set(
        Mentorship.objects.filter(
            mentee__in=[reminder.recipient_id for reminder in reminders]
        ).values_list("mentee_id", flat=True)
    )
    return {
        reminder.pk: {
            "suggestions": _suggestions_in_their_language(reminder),
            "action_url": _url(reverse("profiles:find_mentor")),
        }
        for reminder in reminders
        if reminder.recipient_id not in asked
    }


def _suggestions_in_their_language(reminder: Reminder) -> list[dict[str, str]]:
    """The suggestions' reasons are sentences: written in the language the email is sent in."""
    recipient = reminder.recipient
    language = emails.language_for(recipient)
    with translation.override(language):
        return suggestions_for(recipient, exclude=recipient)


def share_contact_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    """Only while the mentorship is active and the recipient still shares no way to reach
    them: whoever added one since the accept is not asked."""
    mentorships = mentorships_of(reminders)
    profiles = {
        profile.user_id: profile
        for profile in Profile.objects.filter(
            user_id__in=[reminder.recipient_id for reminder in reminders]
        ).select_related("user")
    }
    contexts = {}
    for reminder in reminders:
        mentorship = mentorships.get(reminder.about_id)
        if mentorship is None or mentorship.status != Status.ACTIVE:
            continue
        other = mentorship.other(reminder.recipient)
        if other is None or contact.reachable(profiles.get(reminder.recipient_id), by=other):
            continue
        contexts[reminder.pk] = {
            "other_name": other.name_in_emails,
            "role": mentorship.role_of(reminder.recipient),
            "action_url": _url(contact.contact_settings_path()),
            "mentorship_url": _url(mentorship.get_absolute_url()),
        }
    return contexts


PENDING_REQUEST = ReminderKind(
    name="pending_request",
    label=_("Requests waiting for your answer"),
    plan=plan_pending_requests,
    context=pending_request_contexts,
)
CHECK_IN_DUE = ReminderKind(
    name="check_in_due",
    label=_("Check-ins due in your mentorships"),
    plan=plan_check_ins,
    context=active_mentorship_contexts,
)
UPCOMING_MEETING = ReminderKind(
    name="upcoming_meeting",
    label=_("Meetings in the next 24 hours"),
    plan=plan_upcoming_meetings,
    context=upcoming_meeting_contexts,
)
PLANNED_END = ReminderKind(
    name="planned_end",
    label=_("A mentorship's planned end is near"),
    plan=plan_planned_ends,
    context=active_mentorship_contexts,
)
NO_REQUEST_YET = ReminderKind(
    name="no_request_yet",
    label=_("Suggestions when you have not asked a mentor yet"),
    plan=plan_no_request_yet,
    context=no_request_yet_contexts,
)
# Planned when a request expires (services.expire_unanswered_requests).
AVAILABILITY_PAUSED = ReminderKind(
    name="availability_paused",
    label=_("Your availability was paused"),
    context=availability_paused_contexts,
    notification=True,
)
WAITING_LIST_PLACE = ReminderKind(
    name=waiting_list.OFFER_KIND,
    label=_("A mentor who fits you has a free place"),
    plan=waiting_list.plan_offers,
    context=waiting_list.offer_contexts,
    notification=True,
)

# Planned when a request is accepted (contact.plan_share_contact).
SHARE_CONTACT = ReminderKind(
    name=contact.SHARE_CONTACT_KIND,
    label=_("Asking you to share a way to be reached with a new match"),
    context=share_contact_contexts,
)

# Planned when one of the two confirms the agreement first (services.agreement_save). Like the
# email of a revised agreement, which asks the same, it goes within minutes at any hour: the
# other person is who the agreement waits on.
AGREEMENT_TO_CONFIRM = ReminderKind(
    name="agreement_to_confirm",
    label=_("A mentorship agreement waiting for your confirmation"),
    context=agreement_to_confirm_contexts,
    waits_for_daytime=False,
)

KINDS = [
    PENDING_REQUEST,
    AGREEMENT_TO_CONFIRM,
    CHECK_IN_DUE,
    UPCOMING_MEETING,
    PLANNED_END,
    NO_REQUEST_YET,
    AVAILABILITY_PAUSED,
    WAITING_LIST_PLACE,
    SHARE_CONTACT,
]
