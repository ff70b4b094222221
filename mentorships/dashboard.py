"""What a member's dashboard shows of their mentorships, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from profiles.models import Profile, User

from .models import Meeting, Mentorship, Status


@dataclass
class MentorshipPanels:
    mentors: list[Mentorship] = field(default_factory=list)
    mentees: list[Mentorship] = field(default_factory=list)
    requests_in: list[Mentorship] = field(default_factory=list)
    requests_out: list[Mentorship] = field(default_factory=list)
    upcoming_meetings: list[Meeting] = field(default_factory=list)
    check_ins_due: list[tuple[Mentorship, datetime.date]] = field(default_factory=list)
    next_step: tuple[str, str] | None = None  # (what to do, the URL name or path)


def panels_for(user: User, profile: Profile | None) -> MentorshipPanels:
    now = timezone.now()
    panels = MentorshipPanels()
    current = (
        Mentorship.objects.involving(user)
        .filter(status__in=[Status.PENDING, Status.ACTIVE])
        .select_related("mentee__profile", "mentor__profile", "agreement")
        .with_last_meeting_held()
        .order_by("requested_at")
    )
    for mentorship in current:
        mine_as_mentee = mentorship.mentee_id == user.pk
        if mentorship.status == Status.PENDING:
            (panels.requests_out if mine_as_mentee else panels.requests_in).append(mentorship)
            continue
        (panels.mentors if mine_as_mentee else panels.mentees).append(mentorship)
        due = mentorship.check_in_due_on()
        if due and due <= (now + datetime.timedelta(days=7)).date():
            panels.check_ins_due.append((mentorship, due))
    panels.upcoming_meetings = list(
        Meeting.objects.upcoming(now)
        .filter(mentorship__in=[m.pk for m in panels.mentors + panels.mentees])
        .select_related("mentorship__mentee__profile", "mentorship__mentor__profile")[:5]
    )
    panels.next_step = next_step(user, profile, panels)
    return panels


def next_step(
    user: User, profile: Profile | None, panels: MentorshipPanels
) -> tuple[str, str] | None:
    """The one most useful thing to do next, as (sentence, link)."""
    if profile is None or profile.completed_at is None:
        return ("Finish your profile so mentors can get to know you.", reverse("profiles:edit"))
    if panels.requests_in:
        first = panels.requests_in[0]
        return ("Answer the request waiting for you.", first.get_absolute_url())
    unconfirmed = [
        m
        for m in panels.mentors + panels.mentees
        if getattr(m, "agreement", None) and not m.agreement.confirmed_by(user)
    ]
    if unconfirmed:
        return ("Confirm your mentorship agreement.", unconfirmed[0].get_absolute_url())
    if profile.wants_mentor and not panels.mentors and not panels.requests_out:
        if not Mentorship.objects.filter(mentee=user).exists():
            return (
                "Send your first request: pick a mentor below.",
                reverse("profiles:find_mentor"),
            )
        return ("Ask another mentor: you have no open request.", reverse("profiles:find_mentor"))
    return None
