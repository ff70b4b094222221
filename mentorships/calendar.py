"""Calendar files (.ics) for meetings, so that everyone can add them to their own calendars."""

from __future__ import annotations

import datetime
from email.utils import parseaddr
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, vCalAddress
from icalendar import Event as CalendarEvent

from .models import Meeting, MeetingStatus

if TYPE_CHECKING:
    from .circles.models import CircleMeeting


def ics_for(meeting: Meeting) -> bytes:
    """The meeting as a calendar file; once cancelled, the file that takes it out of a
    calendar it was added to."""
    return ics_event(
        uid=f"meeting-{meeting.pk}@mentorconnect",
        cancelled=meeting.status == MeetingStatus.CANCELLED,
        summary=_("MentorConnect mentoring meeting"),
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        created_at=meeting.created_at,
        location=meeting.place_or_link,
        description=_("%(format)s. Details: %(url)s")
        % {
            "format": meeting.get_format_display(),
            "url": settings.SITE_URL + meeting.mentorship.get_absolute_url(),
        },
    )


def ics_for_circle_meeting(meeting: CircleMeeting) -> bytes:
    circle = meeting.circle
    return ics_event(
        uid=f"circle-meeting-{meeting.pk}@mentorconnect",
        summary=_("MentorConnect circle: %(title)s") % {"title": circle.title},
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        created_at=meeting.created_at,
        location=meeting.place_or_link,
        description=_("%(format)s. Details: %(url)s")
        % {
            "format": meeting.get_format_display(),
            "url": settings.SITE_URL + circle.get_absolute_url(),
        },
    )


def ics_event(
    *,
    uid: str,
    summary: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    created_at: datetime.datetime,
    location: str,
    description: str,
    cancelled: bool = False,
) -> bytes:
    """One event as a calendar file; mentorships' and circles' meetings alike. A cancelled
    event keeps its UID and comes with a higher sequence number, so that calendars which
    added it take it out (RFC 5546, CANCEL). The service, which sends both, is their organizer:
    calendars ignore a cancellation without one."""
    calendar = Calendar()
    calendar.add("prodid", "-//MentorConnect//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", uid)
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = name or "MentorConnect"
    entry.add("organizer", organizer)
    if cancelled:
        entry.add("status", "CANCELLED")
        entry.add("sequence", 1)
    entry.add("summary", summary)
    entry.add("dtstart", starts_at)
    entry.add("dtend", ends_at)
    entry.add("dtstamp", created_at)
    if location:
        entry.add("location", location)
    entry.add("description", description)
    calendar.add_component(entry)
    return calendar.to_ical()
