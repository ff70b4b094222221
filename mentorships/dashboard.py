"""What a member's dashboard shows of their mentorships, in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from profiles.models import Profile, User

from .models import Meeting, Mentorship, MentorshipQuerySet, Status
from .suggestions import Suggestions

# The profile step with the wanted areas and the mentor's places (profiles/forms.py SETUP_STEPS).
MENTORING_STEP = 2


class CheckInDue(NamedTuple):
    mentorship: Mentorship
    due_on: datetime.date
    overdue: bool


@dataclass
class MentorshipPanels:
    mentors: list[Mentorship] = field(default_factory=list)
    mentees: list[Mentorship] = field(default_factory=list)
    requests_in: list[Mentorship] = field(default_factory=list)
    requests_out: list[Mentorship] = field(default_factory=list)
    upcoming_meetings: list[Meeting] = field(default_factory=list)
    check_ins_due: list[CheckInDue] = field(default_factory=list)
    # Ended within RECENTLY_ENDED: said beside "no mentorship under way".
    recently_ended: list[Mentorship] = field(default_factory=list)
    next_step: tuple[str, str] | None = None  # (what to do, the URL name or path)
    has_asked_for_a_mentor: bool = False

    @property
    def has_mentor_or_open_request(self) -> bool:
        return bool(self.mentors or self.requests_out)

    @property
    def request_limit(self) -> int:
        return settings.MENTORSHIP_MAX_OPEN_REQUESTS

    @property
    def at_request_limit(self) -> bool:
        """Whether the mentee has as many requests waiting as they may (check_can_request):
        until one is answered or withdrawn, asking another mentor would be refused."""
        return len(self.requests_out) >= self.request_limit

    @property
    def areas_in_hand(self) -> set[int]:
        """The areas the member's mentors know, and those of the mentors their requests wait
        on (mentorships_of's `mentor_area_ids`)."""
        return {
            pk
            for mentorship in self.mentors + self.requests_out
            for pk in mentorship.mentor_area_ids  # type: ignore[attr-defined]
        }


# Ended mentorships stay on the dashboard this long (their feedback prompts, feedback/prompts.py).
RECENTLY_ENDED = datetime.timedelta(days=30)


# What the dashboard shows of a mentorship and the two people in it: the mentorship's own
# columns but its long texts (the request's words, the decline note, the end reason), the
# people's names (an email for one without a profile), and the agreed rhythm and who has
# confirmed it. Naming these few columns, rather than leaving out the long ones of every
# table joined, also makes the query several times cheaper for Django to build.
LONG_TEXTS = {"help_wanted", "why_this_mentor", "first_message", "decline_note", "end_reason"}
PERSON_SHOWN = ["email", "is_active", "profile__display_name"]
ON_DASHBOARD = [
    *(field.name for field in Mentorship._meta.concrete_fields if field.name not in LONG_TEXTS),
    *(f"{person}__{name}" for person in ["mentee", "mentor"] for name in PERSON_SHOWN),
    "agreement__rhythm",
    "agreement__mentee_confirmed_at",
    "agreement__mentor_confirmed_at",
]


def mentorships_of(user: User, now: datetime.datetime) -> MentorshipQuerySet:
    """Every mentorship the dashboard needs, in one query: the current ones, those ended
    recently, and the rest the member asked for as a mentee (whether they ever sent a
    request). Each with `mentor_area_ids`, the areas its mentor knows (MentorshipPanels
    .areas_in_hand)."""
    mentor_areas = Profile.expertise.through.objects.filter(
        profile__user_id=OuterRef("mentor_id")
    ).values("expertisearea_id")
    return (
        Mentorship.objects.involving(user)
        .filter(
            Q(status__in=[Status.PENDING, Status.ACTIVE])
            | Q(
                status__in=[Status.COMPLETED, Status.ENDED_EARLY],
                ended_at__gte=now - RECENTLY_ENDED,
            )
            | Q(mentee=user)
        )
        .select_related("mentee__profile", "mentor__profile", "agreement")
        .only(*ON_DASHBOARD)
        .with_last_meeting_held()
        .annotate(mentor_area_ids=ArraySubquery(mentor_areas))
        .order_by("requested_at")
    )


def panels_for(
    user: User, profile: Profile | None, mentorships: Sequence[Mentorship], now: datetime.datetime
) -> MentorshipPanels:
    """The dashboard's panels from `mentorships_of(user, now)`."""
    panels = MentorshipPanels()
    for mentorship in mentorships:
        mine_as_mentee = mentorship.mentee_id == user.pk
        panels.has_asked_for_a_mentor = panels.has_asked_for_a_mentor or mine_as_mentee
        if mentorship.status == Status.PENDING:
            (panels.requests_out if mine_as_mentee else panels.requests_in).append(mentorship)
        elif mentorship.status == Status.ACTIVE:
            (panels.mentors if mine_as_mentee else panels.mentees).append(mentorship)
            due = mentorship.check_in_due_on()
            if due and due <= (now + datetime.timedelta(days=7)).date():
                panels.check_ins_due.append(CheckInDue(mentorship, due, overdue=due < now.date()))
        elif mentorship.ended_at and mentorship.ended_at >= now - RECENTLY_ENDED:
            panels.recently_ended.append(mentorship)
    current = {mentorship.pk: mentorship for mentorship in panels.mentors + panels.mentees}
    panels.upcoming_meetings = list(
        Meeting.objects.upcoming(now).filter(mentorship__in=list(current))[:5]
    )
    for meeting in panels.upcoming_meetings:
        # The mentorship and the people in it are loaded already.
        meeting.mentorship = current[meeting.mentorship_id]
    return panels


def next_step(
    user: User,
    profile: Profile | None,
    panels: MentorshipPanels,
    suggested: Suggestions | None = None,
    *,
    waiting: bool = False,
) -> tuple[str, str] | None:
    """The one most useful thing to do next, as (sentence, link). For a mentee who has asked
    nobody, "pick a mentor below" only when mentors are suggested below (`suggested`);
    otherwise what they can do instead: a circle, the waiting list, wider areas."""
    if profile is None or profile.completed_at is None:
        return (_("Finish your profile so mentors can get to know you."), reverse("profiles:edit"))
    if panels.requests_in:
        first = panels.requests_in[0]
        return (_("Answer the request waiting for you."), first.get_absolute_url())
    unconfirmed = [
        m
        for m in panels.mentors + panels.mentees
        if getattr(m, "agreement", None) and not m.agreement.confirmed_by(user)
    ]
    if unconfirmed:
        return (_("Confirm your mentorship agreement."), unconfirmed[0].get_absolute_url())
    if profile.wants_mentor and not panels.mentors and not panels.requests_out:
        if suggested is not None and suggested.mentors:
            if not panels.has_asked_for_a_mentor:
                return (_("Send your first request: pick a mentor below."), "#suggested")
            return (
                _("Ask another mentor: you have no open request. Pick one below."),
                "#suggested",
            )
        if suggested is not None and suggested.circles:
            return (
                _(
                    "No mentor with a free place fits your areas right now: join a circle "
                    "below, where a mentor meets a few mentees together."
                ),
                "#suggested",
            )
        if waiting:
            return (
                _(
                    "You are on the waiting list. Meanwhile, add more areas you'd like help "
                    "with: more mentors may fit."
                ),
                reverse("profiles:setup", args=[MENTORING_STEP]),
            )
        return (
            _(
                "No mentor with a free place fits your areas right now: join the waiting list "
                "below, or add more areas you'd like help with."
            ),
            "#suggested",
        )
    return None
