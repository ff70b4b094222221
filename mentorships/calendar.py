"""Calendar files (.ics) for meetings, so both can add them to their own calendars."""

from __future__ import annotations

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Meeting


def ics_for(meeting: Meeting) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//MentorConnect//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"meeting-{meeting.pk}@mentorconnect")
    entry.add("summary", "MentorConnect mentoring meeting")
    entry.add("dtstart", meeting.starts_at)
    entry.add("dtend", meeting.ends_at)
    entry.add("dtstamp", meeting.created_at)
    if meeting.place_or_link:
        entry.add("location", meeting.place_or_link)
    entry.add(
        "description",
        f"{meeting.get_format_display()}. Details: "
        f"{settings.SITE_URL}{meeting.mentorship.get_absolute_url()}",
    )
    calendar.add_component(entry)
    return calendar.to_ical()
