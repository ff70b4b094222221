"""The reminders of circles, sent through the outbox (once each, in each person's daytime, but
for the offer of a place and the notifications at the end of this module, which go at once):
registered with it in CirclesConfig.ready(); the wording is in
templates/emails/reminders/<kind>-*. A circle's meeting reminds its host and members a day
ahead; a circle that has gone a rhythm period without meeting and has nothing booked reminds
them to meet again, as a silent mentorship does (mentorships.reminders.plan_check_ins); a place
opening in a circle tells the longest-waiting mentee on the waiting list for its areas. A request
to join tells the host (or convener), and their answer tells whoever asked; a member leaving
tells the host (or convener) too. Those are planned by the services in the same transaction as
the change, so the email is never lost and never sent twice."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorconnect.outbox.kinds import ReminderKind
from mentorconnect.outbox.models import Reminder, about_ids
from mentorships import calendar
from mentorships.models import RHYTHM_DAYS, Rhythm, WaitingListEntry, WaitingStatus
from mentorships.reminders import same_local_day
from profiles import matching
from profiles.models import Profile, User

from .models import (
    Circle,
    CircleEvent,
    CircleEventKind,
    CircleFormat,
    CircleMeeting,
    CircleMeetingStatus,
    CircleMembership,
    CircleRsvp,
    CircleStatus,
    MembershipStatus,
)


def _ahead() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.REMINDERS["MEETING_AHEAD_HOURS"])


def plan_circle_meetings(now: datetime.datetime) -> int:
    """The host and every member, a day before a circle's meeting; not those who said they
    can't come."""
    ahead = _ahead()
    meetings = list(
        CircleMeeting.objects.filter(
            status=CircleMeetingStatus.PLANNED,
            starts_at__gt=now,
            starts_at__lte=now + ahead,
        )
        .exclude(circle__status=CircleStatus.ENDED)
        .values_list("pk", "starts_at", "circle_id", "circle__host_id")
    )
    if not meetings:
        return 0
    members: dict[int, list[int]] = defaultdict(list)
    for circle_id, member_id in CircleMembership.objects.filter(
        circle__in={circle_id for _pk, _starts_at, circle_id, _host_id in meetings},
        status=MembershipStatus.MEMBER,
    ).values_list("circle_id", "member_id"):
        members[circle_id].append(member_id)
    not_coming = set(
        CircleRsvp.objects.filter(
            meeting__in=[pk for pk, *_ in meetings], coming=False
        ).values_list("meeting_id", "member_id")
    )
    return Reminder.objects.plan(
        Reminder(
            recipient_id=recipient,
            kind=CIRCLE_MEETING.name,
            subject=f"circle_meeting:{pk}",
            period="24h",
            due_at=starts_at - ahead,
        )
        for pk, starts_at, circle_id, host_id in meetings
        for recipient in [*([host_id] if host_id else []), *members[circle_id]]
        if (pk, recipient) not in not_coming
    )


def circle_meeting_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    """Each reminder whose meeting still stands, for someone still in the circle who has not
    said they can't come since."""
    meetings = {
        str(meeting.pk): meeting
        for meeting in CircleMeeting.objects.filter(pk__in=about_ids(reminders)).select_related(
            "circle"
        )
    }
    recipients = [reminder.recipient_id for reminder in reminders]
    members = set(
        CircleMembership.objects.filter(
            member__in=recipients,
            circle__in={meeting.circle_id for meeting in meetings.values()},
            status=MembershipStatus.MEMBER,
        ).values_list("circle_id", "member_id")
    )
    not_coming = set(
        CircleRsvp.objects.filter(
            meeting__in=meetings.values(), member__in=recipients, coming=False
        ).values_list("meeting_id", "member_id")
    )
    contexts = {}
    for reminder in reminders:
        meeting = meetings.get(reminder.about_id)
        if (
            meeting is None
            or meeting.status != CircleMeetingStatus.PLANNED
            or meeting.starts_at <= now
            or meeting.circle.status == CircleStatus.ENDED
            or (meeting.pk, reminder.recipient_id) in not_coming
        ):
            continue
        circle = meeting.circle
        if (
            reminder.recipient_id != circle.host_id
            and (circle.pk, reminder.recipient_id) not in members
        ):
            continue  # left the circle since
        zone = reminder.recipient.time_zone_for_emails or "UTC"
        contexts[reminder.pk] = {
            "starts_at": meeting.starts_at,
            "zone": zone,
            "starts_today": same_local_day(meeting.starts_at, now, zone),
            "circle_title": circle.title,
            "action_url": settings.SITE_URL + circle.get_absolute_url(),
            "attachments": [
                (
                    "circle-meeting.ics",
                    calendar.ics_for_circle_meeting(meeting),
                    "text/calendar",
                )
            ],
        }
    return contexts


def _with_meeting_times(circles: Any, now: datetime.datetime) -> Any:
    """Each circle with `booked` (a planned meeting still to come) and `last_held_at` (the
    start of its latest planned meeting that has begun)."""
    planned = CircleMeeting.objects.filter(
        circle=OuterRef("pk"), status=CircleMeetingStatus.PLANNED
    )
    return circles.annotate(
        booked=Exists(planned.filter(starts_at__gte=now)),
        last_held_at=Subquery(
            planned.filter(starts_at__lt=now).order_by("-starts_at").values("starts_at")[:1]
        ),
    )


def plan_circle_check_ins(now: datetime.datetime) -> int:
    """The host (or convener) and every member, once per rhythm period in which a running
    circle with members has held no meeting and has none booked: the first one period (and the
    grace of mentorships' check-ins) after its last meeting or its start."""
    grace = datetime.timedelta(days=settings.REMINDERS["CHECK_IN_GRACE_DAYS"])
    running = _with_meeting_times(Circle.objects.exclude(status=CircleStatus.ENDED), now).filter(
        booked=False
    )
    due: dict[int, tuple[int | None, str, datetime.datetime]] = {}
    for pk, leader_id, created_at, last_held_at, rhythm in running.values_list(
        "pk", "host_id", "created_at", "last_held_at", "rhythm"
    ).iterator(chunk_size=5000):
        since = last_held_at or created_at
        every = datetime.timedelta(days=RHYTHM_DAYS.get(rhythm, 30))
        periods = (now - since - grace) // every
        if periods < 1:
            continue
        period = f"since-{since:%Y-%m-%d}" if periods == 1 else f"since-{since:%Y-%m-%d}-{periods}"
        due[pk] = (leader_id, period, since + periods * every + grace)
    if not due:
        return 0
    recipients: dict[int, set[int]] = defaultdict(set)
    for circle_id, member_id in CircleMembership.objects.filter(
        circle__in=list(due), status=MembershipStatus.MEMBER
    ).values_list("circle_id", "member_id"):
        recipients[circle_id].add(member_id)
    return Reminder.objects.plan(
        Reminder(
            recipient_id=recipient,
            kind=CIRCLE_CHECK_IN.name,
            subject=f"circle:{pk}",
            period=period,
            due_at=due_at,
        )
        for pk, (host_id, period, due_at) in due.items()
        # A circle nobody has joined yet has nobody to meet.
        if recipients[pk]
        for recipient in recipients[pk] | ({host_id} if host_id else set())
    )


def circle_check_in_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    """Each reminder whose circle still runs, has nothing booked and held no meeting since the
    reminder fell due, for someone still in it (the host, or a member)."""
    circles = {
        str(circle.pk): circle
        for circle in _with_meeting_times(
            Circle.objects.filter(pk__in=about_ids(reminders)), now
        ).select_related("host__profile", "convener__profile")
    }
    members = set(
        CircleMembership.objects.filter(
            circle__in=[circle.pk for circle in circles.values()],
            member__in=[reminder.recipient_id for reminder in reminders],
            status=MembershipStatus.MEMBER,
        ).values_list("circle_id", "member_id")
    )
    grace = datetime.timedelta(days=settings.REMINDERS["CHECK_IN_GRACE_DAYS"])
    contexts = {}
    for reminder in reminders:
        circle = circles.get(reminder.about_id)
        if (
            circle is None
            or circle.is_ended
            or circle.booked
            or (circle.last_held_at is not None and circle.last_held_at > reminder.due_at - grace)
        ):
            continue
        leads = reminder.recipient_id in {circle.host_id, circle.convener_id}
        if not leads and (circle.pk, reminder.recipient_id) not in members:
            continue  # left the circle since
        leader = circle.host or circle.convener
        contexts[reminder.pk] = {
            "circle_title": circle.title,
            # The label itself (lazy), not its text: the email is written later, in the
            # recipient's language.
            "rhythm": dict(Rhythm.choices).get(circle.rhythm, circle.rhythm),
            "leads": leads,
            "leader_name": getattr(getattr(leader, "profile", None), "display_name", ""),
            "action_url": settings.SITE_URL
            + (
                reverse("circles:meeting_new", args=[circle.pk])
                if leads
                else circle.get_absolute_url()
            ),
        }
    return contexts


def plan_place_offer(circle: Circle) -> int:
    """Tells the longest-waiting mentee on the waiting list who wants one of the circle's areas
    and can meet it (and was not told of this circle before) that a place opened in it."""
    told = Reminder.objects.filter(kind=CIRCLE_PLACE.name, subject=f"circle:{circle.pk}")
    taken = CircleMembership.objects.filter(circle=circle).values("member_id")
    entries = (
        WaitingListEntry.objects.filter(
            status=WaitingStatus.WAITING, areas__in=circle.areas.all(), mentee__is_active=True
        )
        .exclude(mentee__in=told.values("recipient_id"))
        .exclude(mentee__in=taken)
        .exclude(mentee__in=[circle.host_id, circle.convener_id])
        .order_by("joined_at", "pk")
    )
    if circle.format == CircleFormat.IN_PERSON and circle.city is not None:
        near = Profile.objects.filter(matching.bounding_box(circle.city, matching.NEARBY_KM))
        entries = entries.filter(mentee__in=near.values("user_id"))
    else:
        # Only mentees who asked to meet in person wait for an in-person circle.
        entries = entries.filter(in_person=False)
    first = entries.values_list("mentee_id", flat=True).first()
    if first is None:
        return 0
    return Reminder.objects.plan(
        [
            Reminder(
                recipient_id=first,
                kind=CIRCLE_PLACE.name,
                subject=f"circle:{circle.pk}",
                period="offer",
                due_at=timezone.now(),
            )
        ]
    )


def place_offer_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    """Each reminder whose circle still has a place open."""
    circles = {
        str(circle.pk): circle
        for circle in Circle.objects.open_to_join()
        .filter(pk__in=about_ids(reminders))
        .select_related("host__profile")
        .prefetch_related("areas")
    }
    contexts = {}
    for reminder in reminders:
        circle = circles.get(reminder.about_id)
        if circle is None:
            continue
        host = getattr(circle.host, "profile", None) if circle.host else None
        contexts[reminder.pk] = {
            "circle_title": circle.title,
            "host_name": host.display_name if host else "",
            # The areas themselves: each is named in the recipient's language as the email is
            # written.
            "areas": list(circle.areas.all()),
            "action_url": settings.SITE_URL + reverse("circles:join", args=[circle.pk]),
        }
    return contexts


def plan_join_request(membership: CircleMembership) -> int:
    """Tells the circle's host (or convener) that `membership`'s member asks to join."""
    circle = membership.circle
    leader_id = circle.leader_user_id
    if leader_id is None:
        return 0
    return Reminder.objects.plan(
        [
            Reminder(
                recipient_id=leader_id,
                kind=CIRCLE_JOIN_REQUEST.name,
                subject=f"circle_membership:{membership.pk}",
                period="asked",
                due_at=timezone.now(),
            )
        ]
    )


def join_request_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    """Each reminder whose request still waits for an answer, in a circle still running, from
    a member whose account is still active."""
    memberships = {
        str(membership.pk): membership
        for membership in CircleMembership.objects.filter(
            pk__in=about_ids(reminders),
            status=MembershipStatus.REQUESTED,
            member__is_active=True,
        )
        .exclude(circle__status=CircleStatus.ENDED)
        .select_related("circle", "member__profile")
    }
    contexts = {}
    for reminder in reminders:
        membership = memberships.get(reminder.about_id)
        if membership is None:
            continue
        profile = getattr(membership.member, "profile", None)
        contexts[reminder.pk] = {
            "circle_title": membership.circle.title,
            "member_name": getattr(profile, "display_name", ""),
            "note": membership.note,
            "action_url": settings.SITE_URL
            + membership.circle.get_absolute_url()
            + "#requests-heading",
        }
    return contexts


def plan_join_answers(memberships: Sequence[CircleMembership]) -> int:
    """Tells whoever asked to join that the host welcomed them (the membership is a member's
    now) or declined (a circle's end declines the requests still waiting, too)."""
    return Reminder.objects.plan(
        Reminder(
            recipient_id=membership.member_id,
            kind=CIRCLE_JOIN_ANSWER.name,
            subject=f"circle_membership:{membership.pk}",
            period="welcomed" if membership.status == MembershipStatus.MEMBER else "declined",
            due_at=timezone.now(),
        )
        for membership in memberships
    )


def join_answer_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    """Each reminder whose answer still stands: a welcome to a member still in a circle that
    still runs (one that has ended since tells its members so, circle_ended), or a decline (a
    circle's end declines the requests still waiting, and those who asked are told)."""
    memberships = {
        str(membership.pk): membership
        for membership in CircleMembership.objects.filter(
            pk__in=about_ids(reminders)
        ).select_related("circle")
    }
    contexts = {}
    for reminder in reminders:
        membership = memberships.get(reminder.about_id)
        if membership is None:
            continue
        welcomed = reminder.period == "welcomed"
        expected = MembershipStatus.MEMBER if welcomed else MembershipStatus.DECLINED
        if membership.status != expected:
            continue  # left the circle since
        if welcomed and membership.circle.is_ended:
            continue
        contexts[reminder.pk] = {
            "circle_title": membership.circle.title,
            "welcomed": welcomed,
            # Those the circle's end declined were never answered, and the email must not say
            # the host turned them down.
            "ended_unanswered": membership.ended_unanswered,
            "action_url": settings.SITE_URL
            + (membership.circle.get_absolute_url() if welcomed else reverse("circles:list")),
        }
    return contexts


def plan_member_left(membership: CircleMembership, *, leaving: bool) -> int:
    """Tells the circle's host (or convener) that `membership`'s member has left it; with
    `leaving`, that they left MentorConnect, and with it the circle (privacy.close_relationships),
    which the email says without naming them, as a mentorship's email does."""
    circle = membership.circle
    leader_id = circle.leader_user_id
    if leader_id is None:
        return 0
    return Reminder.objects.plan(
        [
            Reminder(
                recipient_id=leader_id,
                kind=CIRCLE_MEMBER_LEFT.name,
                subject=f"circle_membership:{membership.pk}",
                period="left_mentorconnect" if leaving else "left",
                due_at=timezone.now(),
            )
        ]
    )


def member_left_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    """Each reminder whose member has not come back to the circle since, in a circle still
    running, for whoever still runs it."""
    memberships = {
        str(membership.pk): membership
        for membership in CircleMembership.objects.filter(
            pk__in=about_ids(reminders), status=MembershipStatus.LEFT
        )
        .exclude(circle__status=CircleStatus.ENDED)
        .select_related("circle", "member__profile")
    }
    back = set(
        CircleMembership.objects.filter(
            circle__in={membership.circle_id for membership in memberships.values()},
            member__in={membership.member_id for membership in memberships.values()},
            status__in=[MembershipStatus.REQUESTED, MembershipStatus.MEMBER],
        ).values_list("circle_id", "member_id")
    )
    contexts = {}
    for reminder in reminders:
        membership = memberships.get(reminder.about_id)
        if membership is None or (membership.circle_id, membership.member_id) in back:
            continue
        circle = membership.circle
        if not circle.is_led_by(reminder.recipient):
            continue
        left_mentorconnect = reminder.period == "left_mentorconnect"
        profile = getattr(membership.member, "profile", None)
        contexts[reminder.pk] = {
            "circle_title": circle.title,
            "member_name": "" if left_mentorconnect else getattr(profile, "display_name", ""),
            "left_mentorconnect": left_mentorconnect,
            "action_url": settings.SITE_URL + circle.get_absolute_url(),
        }
    return contexts


def plan_circle_ended(circle: Circle, by: User) -> int:
    """Tells each member of a circle that has just ended (but whoever ended it) that it has,
    and that its archive stays with them."""
    members = (
        circle.memberships.taking_places().exclude(member=by).values_list("member_id", flat=True)
    )
    return Reminder.objects.plan(
        Reminder(
            recipient_id=member_id,
            kind=CIRCLE_ENDED.name,
            subject=f"circle:{circle.pk}",
            period="ended",
            due_at=timezone.now(),
        )
        for member_id in members
    )


def circle_ended_contexts(
    reminders: Sequence[Reminder], now: datetime.datetime
) -> dict[int, dict[str, Any]]:
    """Each reminder whose circle has ended, for someone still among its members (its archive
    is theirs), saying whether it ended because its host left MentorConnect."""
    ended_as_host_left = CircleEvent.objects.filter(
        circle=OuterRef("pk"), kind=CircleEventKind.ENDED, actor_left=True
    )
    circles = {
        str(circle.pk): circle
        for circle in Circle.objects.filter(
            pk__in=about_ids(reminders),
            status=CircleStatus.ENDED,
        ).annotate(host_left=Exists(ended_as_host_left))
    }
    members = set(
        CircleMembership.objects.filter(
            circle__in=circles.values(),
            member__in=[reminder.recipient_id for reminder in reminders],
            status=MembershipStatus.MEMBER,
        ).values_list("circle_id", "member_id")
    )
    contexts = {}
    for reminder in reminders:
        circle = circles.get(reminder.about_id)
        if circle is None or (circle.pk, reminder.recipient_id) not in members:
            continue
        contexts[reminder.pk] = {
            "circle_title": circle.title,
            "host_left": circle.host_left,
            "action_url": settings.SITE_URL + circle.get_absolute_url(),
            "find_url": settings.SITE_URL + reverse("circles:list"),
        }
    return contexts


CIRCLE_MEETING = ReminderKind(
    name="circle_meeting",
    label=_("Your circles' meetings in the next 24 hours"),
    plan=plan_circle_meetings,
    context=circle_meeting_contexts,
)
CIRCLE_CHECK_IN = ReminderKind(
    name="circle_check_in",
    label=_("Your circles when it is time to meet again"),
    plan=plan_circle_check_ins,
    context=circle_check_in_contexts,
)
# Planned when a member leaves (services.circle_leave). It goes at any hour: the place is not
# held for the mentee it is offered to (anyone may join first, and then the offer is never
# sent), and nobody else on the waiting list is told of it, so an offer kept until morning is
# often an offer lost.
CIRCLE_PLACE = ReminderKind(
    name="circle_place",
    label=_("A place opened in a circle for your areas"),
    context=place_offer_contexts,
    waits_for_daytime=False,
    notification=True,
)
# The next four are notifications, not reminders: someone asked to join, the host answered,
# a member left, the circle ended. They go out as soon as the sweep finds them, at any hour,
# as a one-to-one mentorship's request, answer and end are emailed at once
# (mentorships/emails.py): someone waits on a request or an answer, and a member of both a
# mentorship and a circle would otherwise learn of the same kind of news at two different
# paces. Their footer says why the member gets each one
# (templates/emails/reminders/circle_*-body.*).
#
# Planned when someone asks to join (services.circle_join) and when the host answers
# (services.request_answer).
CIRCLE_JOIN_REQUEST = ReminderKind(
    name="circle_join_request",
    label=_("Requests to join a circle you run"),
    context=join_request_contexts,
    waits_for_daytime=False,
    notification=True,
)
# Planned when a circle ends (services.circle_end), its host's account deletion included.
CIRCLE_ENDED = ReminderKind(
    name="circle_ended",
    label=_("A circle you are in has ended"),
    context=circle_ended_contexts,
    waits_for_daytime=False,
    notification=True,
)
# Planned when a member leaves (services.circle_leave), or leaves MentorConnect: the host
# learns of it by email as well as in the circle's history, as a mentor learns a mentorship
# ended.
CIRCLE_MEMBER_LEFT = ReminderKind(
    name="circle_member_left",
    label=_("Members leaving a circle you run"),
    context=member_left_contexts,
    waits_for_daytime=False,
)
CIRCLE_JOIN_ANSWER = ReminderKind(
    name="circle_join_answer",
    label=_("Answers to your requests to join a circle"),
    context=join_answer_contexts,
    waits_for_daytime=False,
    notification=True,
)
