"""Which email each mentorship event sends, to whom, and with what context; and sending it once."""

from __future__ import annotations

import datetime
import logging
import smtplib
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from mentorconnect import emails
from mentorconnect.dates import date_format
from mentorconnect.outbox.sweep import lease_length
from profiles.models import ExpertiseArea, Profile, User

from . import calendar, contact
from .models import Channel, Event, EventKind, Meeting, MeetingStatus, Mentorship, Rhythm

logger = logging.getLogger(__name__)

# kind -> (who receives it, the email's template name). Kinds not listed send nothing: an
# agreement confirmed has no email of its own (the first confirmation plans the outbox's
# agreement_to_confirm, which a member may turn off; the second, which completes it, shows on
# the mentorship's page and in its history).
#
# These emails go whatever a member chose on their email choices page, which lists the outbox's
# kinds only. The email of a revised agreement must: the revision withdrew the confirmation the
# recipient had given to terms they share, and the email is the only record of what those terms
# said before (Agreement.changes_from; Event.changes is cleared once it is sent, the page shows
# only the new version and the history only that it was revised). A member who could turn it
# off would find their agreement changed with no trace of what they had agreed to.
EMAILS = {
    EventKind.REQUESTED: ("mentor", "mentorship_requested"),
    EventKind.ACCEPTED: ("mentee", "request_accepted"),
    EventKind.DECLINED: ("mentee", "request_declined"),
    EventKind.EXPIRED: ("mentee", "request_expired"),
    EventKind.WITHDRAWN: ("mentor", "request_withdrawn"),
    EventKind.AGREEMENT_REVISED: ("other", "agreement_revised"),
    EventKind.MEETING_PROPOSED: ("other", "meeting_proposed"),
    EventKind.MEETING_CONFIRMED: ("other", "meeting_confirmed"),
    EventKind.MEETING_CANCELLED: ("other", "meeting_cancelled"),
    EventKind.FEEDBACK_SENT: ("other", "feedback_received"),
    EventKind.COMPLETED: ("other", "mentorship_ended"),
    EventKind.ENDED_EARLY: ("other", "mentorship_ended"),
    EventKind.COHORT_MATCHED: ("mentee", "cohort_matched"),
    EventKind.COHORT_MENTOR: ("mentor", "cohort_matched_mentor"),
}


# Whether an event's email still has something to tell when it is sent, by kind: an app that
# knows registers its check in its AppConfig.ready() (feedback: not once the recipient has
# read the feedback on the site), as apps register their reminder kinds with the outbox, so
# that this module imports none of them. An email found not needed is recorded as dealt with.
still_worth_sending: dict[str, Callable[[Event], bool]] = {}


@dataclass(frozen=True)
class Person:
    user: User
    name: str
    time_zone: str


def person(user: User) -> Person:
    profile = Profile.objects.filter(user=user).only("display_name", "time_zone").first()
    return Person(
        user=user,
        name=profile.display_name if profile else user.email,
        time_zone=(profile.time_zone if profile else "") or "UTC",
    )


def recipient_of(event: Event, role: str) -> User | None:
    mentorship = event.mentorship
    if role == "mentor":
        return mentorship.mentor
    if role == "mentee":
        return mentorship.mentee
    if event.actor is None:
        # The actor has since deleted their account: the one left is the other participant.
        return mentorship.mentee or mentorship.mentor
    return mentorship.other(event.actor)


def send_for(event: Event, connection: Any = None) -> bool:
    """Sends the email of `event`, if its kind has one. Returns whether one was sent."""
    if event.kind not in EMAILS:
        return False
    role, template = EMAILS[EventKind(event.kind)]
    recipient_user = recipient_of(event, role)
    if recipient_user is None:
        return False  # the recipient has deleted their account
    worth_sending = still_worth_sending.get(event.kind)
    if worth_sending is not None and not worth_sending(event):
        return False
    recipient = person(recipient_user)
    meetings = calendar_changes(event)
    # The context holds words and dates (the meeting's time, the areas' names, the suggestions'
    # reasons): made in the recipient's language, as the email itself is.
    language = emails.language_for(recipient.user)
    with translation.override(language):
        context = _context(event, recipient)
        context["cancelled_meetings"] = [
            local_time(meeting, recipient)
            for meeting in meetings
            if meeting.status == MeetingStatus.CANCELLED
        ]
    message = emails.build(
        template,
        to=[recipient.user.email],
        language=language,
        context=context,
        headers={"Message-ID": event.message_id},
    )
    for number, meeting in enumerate(meetings, start=1):
        with translation.override(language):
            ics = calendar.ics_for(meeting)
        if meeting.status != MeetingStatus.CANCELLED:
            name = "meeting.ics"
        elif len(meetings) == 1:
            name = "meeting-cancelled.ics"
        else:
            name = f"meeting-cancelled-{number}.ics"
        message.attach(name, ics, "text/calendar")
    message.connection = connection
    message.send()
    return True


def calendar_changes(event: Event) -> list[Meeting]:
    """The meetings whose calendar file goes with the email of `event`: a confirmed meeting
    to add to one's calendar; a cancelled one, or those the end of the mentorship cancelled,
    to take out of it (calendar.ics_for makes the file that does)."""
    if event.kind in {EventKind.MEETING_CONFIRMED, EventKind.MEETING_CANCELLED}:
        return [event.meeting] if event.meeting else []
    if event.kind in {EventKind.COMPLETED, EventKind.ENDED_EARLY}:
        return list(Meeting.objects.cancelled_by_the_end_of(event.mentorship))
    return []


def local_time(meeting: Meeting, recipient: Person) -> str:
    """A meeting's day and time in the recipient's time zone, named."""
    starts = timezone.localtime(meeting.starts_at, zoneinfo.ZoneInfo(recipient.time_zone))
    # Translators: a meeting's day and time in an email, in Django's date format
    # ("Friday 4 December 2026 at 14:00"); French "l j F Y \\à H:i".
    when = date_format(starts, gettext("l j F Y \\a\\t H:i"))
    return f"{when} ({recipient.time_zone})"


def _context(event: Event, recipient: Person) -> dict[str, Any]:
    # An event that a member's leaving caused (privacy.close_relationships records it as
    # Event.actor_left) says they have left instead of naming what they did, which they did not
    # do themselves; the history says the same. One they did before they left stays theirs.
    actor = person(event.actor) if event.actor and not event.actor_left else None
    mentorship = event.mentorship
    context: dict[str, Any] = {
        "event": event,
        "mentorship": mentorship,
        "recipient": recipient,
        "actor": actor,
        "other": person(other) if (other := mentorship.other(recipient.user)) else None,
        "mentorship_url": settings.SITE_URL + mentorship.get_absolute_url(),
        "feedback_url": settings.SITE_URL + reverse("feedback:archive", args=[mentorship.pk]),
        "find_mentor_url": settings.SITE_URL + reverse("profiles:find_mentor"),
        "meeting": event.meeting,
    }
    if event.meeting:
        context["meeting_local"] = local_time(event.meeting, recipient)
        if event.kind == EventKind.MEETING_PROPOSED and event.meeting.replaces:
            context["replaced_local"] = local_time(event.meeting.replaces, recipient)
    if event.kind == EventKind.REQUESTED:
        context.update(about_request(mentorship, recipient))
    if event.kind == EventKind.AGREEMENT_REVISED:
        context["changes"] = agreement_changes(event.changes or {})
    if event.kind == EventKind.ACCEPTED and event.actor is not None:
        # The mentee learns at once whether the mentor shared a way to be reached.
        mentor_profile = Profile.objects.select_related("user").filter(user=event.actor).first()
        context["mentor_reachable"] = contact.reachable(mentor_profile, by=recipient.user)
    if event.kind == EventKind.COHORT_MENTOR:
        context["mentees"] = cohort_mentees(mentorship)
        context["mentee_names"] = ", ".join(mentee["name"] for mentee in context["mentees"])
    if event.kind in {EventKind.EXPIRED, EventKind.DECLINED}:
        # The recipient of an expired or declined request's email is its mentee.
        context["suggestions"] = suggestions_for(recipient.user, exclude=mentorship.mentor)
    return context


def agreement_changes(changes: dict[str, list[Any]]) -> list[dict[str, str]]:
    """A revision's changes (Agreement.changes_from) in words, in the order the agreement
    lists its terms: each with its label, what it says now (`after`), and what it said before
    (`before`, "" for a long text, which the email quotes only as it is now)."""
    terms: dict[str, tuple[str, Callable[[Any], str]]] = {
        "goals": (gettext("Goals"), _text),
        "rhythm": (gettext("How often you meet"), _rhythm),
        "planned_months": (gettext("Planned length"), _length),
        "channels": (gettext("Channels"), _channels),
        "expectations": (gettext("Expectations"), _text),
    }
    return [
        {
            "label": label,
            "before": "" if changes[term][0] is None else words(changes[term][0]),
            "after": words(changes[term][1]),
        }
        for term, (label, words) in terms.items()
        if term in changes
    ]


def _text(value: str) -> str:
    return value or gettext("(none)")


def _rhythm(value: list[str]) -> str:
    rhythm, in_their_words = value
    return in_their_words if rhythm == Rhythm.CUSTOM else str(Rhythm(rhythm).label)


def _length(value: list[Any]) -> str:
    months, end = value
    if end is None:
        return ngettext("%(count)s month", "%(count)s months", months) % {"count": months}
    day = date_format(datetime.date.fromisoformat(end), gettext("j F Y"))
    return ngettext(
        "%(count)s month, until about %(day)s", "%(count)s months, until about %(day)s", months
    ) % {"count": months, "day": day}


def _channels(value: list[str]) -> str:
    labels = [str(label) for code, label in Channel.choices if code in value]
    return ", ".join(labels) or gettext("Not agreed yet")


def cohort_mentees(mentorship: Mentorship) -> list[dict[str, str]]:
    """Every mentee a program cohort's round gave the mentor of `mentorship`, in the order it
    paired them: one email tells the mentor of them all (cohort_rounds.publish). Three queries."""
    pair = getattr(mentorship, "cohort_pair", None)
    if pair is None or mentorship.mentor_id is None:
        return []
    mentorships = list(
        Mentorship.objects.filter(
            mentor_id=mentorship.mentor_id, cohort_pair__cohort=pair.cohort_id
        )
        .order_by("pk")
        .values_list("pk", "mentee_id")
    )
    names = dict(
        Profile.objects.filter(user_id__in=[mentee for _, mentee in mentorships]).values_list(
            "user_id", "display_name"
        )
    )
    return [
        {
            "name": names.get(mentee_id) or gettext("a former member"),
            "url": settings.SITE_URL + reverse("mentorships:detail", args=[pk]),
        }
        for pk, mentee_id in mentorships
    ]


def about_request(mentorship: Mentorship, mentor: Person) -> dict[str, Any]:
    """What a mentor needs to decide on a new request without signing in first: who is asking
    (headline, career stage, city), the areas of theirs the mentee wants help with, and the
    day the request expires, in the mentor's time zone. The rest is on the mentorship."""
    mentee_id, mentor_id = mentorship.mentee_id, mentorship.mentor_id
    mentee_profile = None
    shared_areas: list[str] = []
    if mentee_id is not None and mentor_id is not None:  # neither has deleted their account
        mentee_profile = (
            Profile.objects.select_related("career_stage", "city").filter(user_id=mentee_id).first()
        )
        shared_areas = [
            str(area)  # the name in the active language
            for area in ExpertiseArea.objects.filter(
                wanted_by__user_id=mentee_id, experts__user_id=mentor_id
            )
        ]
    expires = timezone.localtime(mentorship.expires_at, zoneinfo.ZoneInfo(mentor.time_zone))
    return {
        "mentee_profile": mentee_profile,
        "shared_areas": shared_areas,
        "expires_on": expires.date(),
    }


def send_once(event_id: int) -> bool:
    """Sends the email of one mentorship event unless it has gone out, is being sent or is not
    due yet (Event.email_after). One that has nothing left to tell (send_for sends nothing) is
    marked emailed too, so that no sweep takes it again.

    The row is claimed for a lease, not marked emailed, before sending: a worker that dies while
    sending leaves a claim that runs out, and the sweep sends the email again. emailed_at is
    set in its own transaction right after the SMTP server accepted the message, so a crash can
    at worst have the server accept it twice (with the same Message-ID), never lose it.
    Returns whether an email went out; raises if sending failed (the claim is released), but
    for an address the mail server refused, which is marked failed and not tried again.
    """
    now = timezone.now()
    until = now + lease_length()
    claimed = (
        Event.objects.filter(pk=event_id, emailed_at__isnull=True)
        .filter(Q(email_after__isnull=True) | Q(email_after__lte=now))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=until)
    )
    if not claimed:
        return False
    event = Event.objects.select_related("mentorship__mentee", "mentorship__mentor", "actor").get(
        pk=event_id
    )
    try:
        # The session with the mail server ends only once the send is recorded: a worker killed
        # in between leaves it cut off, the one case where the server may get the message again.
        with mail.get_connection() as connection:
            sent = send_for(event, connection)
            Event.objects.filter(pk=event_id).update(
                emailed_at=timezone.now(), claimed_until=None, changes=None
            )
    except smtplib.SMTPRecipientsRefused as error:
        # A refused address stays refused: trying every sweep would only fill the logs.
        logger.warning("Email for mentorship event %s refused: %r", event_id, error.recipients)
        Event.objects.filter(pk=event_id, claimed_until=until).update(
            claimed_until=None,
            email_failed_at=timezone.now(),
            email_error=str(error)[:300],
            changes=None,
        )
        return False
    except Exception:
        # Only our own claim: one that ran out may be another worker's by now.
        Event.objects.filter(pk=event_id, claimed_until=until).update(claimed_until=None)
        raise
    return sent


def suggestions_for(mentee: User, *, exclude: User | None, limit: int = 3) -> list[dict[str, str]]:
    """Other mentors for a mentee whose request expired or was declined (`exclude`, its mentor,
    may have deleted their account since): the dashboard's first suggestions, so never one
    the mentee's mentorships rule out."""
    from . import suggestions

    profile = (
        Profile.objects.select_related("city", "career_stage", "library_type")
        .filter(user=mentee, completed_at__isnull=False)
        .first()
    )
    if profile is None:
        return []
    wanted = dict(profile.wanted_areas.values_list("pk", "name"))
    found = suggestions.suggestions_for(
        mentee, profile, wanted, today=timezone.localdate(), limit=limit + 1
    )
    return [
        {
            "name": mentor.display_name,
            "headline": mentor.headline,
            "reason": str(reason),
            "url": settings.SITE_URL + mentor.get_absolute_url(),
        }
        for mentor, reason in found.mentors
        if exclude is None or mentor.user_id != exclude.pk
    ][:limit]
