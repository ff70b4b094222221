"""Demo data's mentorships: the active mentorships demo mentors' numbers promise."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from mentorconnect.outbox.models import Reminder
from profiles.models import ContactVisibility, Profile, ProfileQuerySet, User

from . import services
from .circles import services as circles
from .circles.models import (
    Circle,
    CircleEvent,
    CircleFormat,
    CircleMembership,
    CirclePlanItem,
    JoinPolicy,
)
from .circles.reminders import CIRCLE_JOIN_ANSWER, CIRCLE_JOIN_REQUEST
from .models import (
    Agreement,
    Channel,
    Event,
    Format,
    Meeting,
    Mentorship,
    PlanItem,
    Rhythm,
    Status,
)


def give_mentors_their_mentees(profiles: list[Profile], now: datetime.datetime) -> None:
    """Gives mentors the mentees their `active_mentee_count` promises, as real active
    mentorships with agreements, so the directory's numbers add up."""
    mentees = iter([p for p in profiles if p.wants_mentor and not p.can_mentor])
    mentorships = []
    for mentor in (p for p in profiles if p.can_mentor):
        for _ in range(mentor.active_mentee_count):
            mentee = next(mentees, None)
            if mentee is None:
                break
            started = now - datetime.timedelta(days=(mentor.pk * 7 + mentee.pk) % 150)
            mentorships.append(
                Mentorship(
                    mentee_id=mentee.user_id,
                    mentor_id=mentor.user_id,
                    status=Status.ACTIVE,
                    help_wanted=mentee.help_wanted,
                    why_this_mentor="Our areas of work overlap.",
                    first_message="Hello! I would be glad to learn from you.",
                    requested_at=started - datetime.timedelta(days=3),
                    answered_at=started,
                    started_at=started,
                )
            )
    Mentorship.objects.bulk_create(mentorships)
    Agreement.objects.bulk_create(
        [
            Agreement(
                mentorship=mentorship,
                goals=mentorship.help_wanted,
                mentee_confirmed_at=mentorship.started_at,
                mentor_confirmed_at=mentorship.started_at,
            )
            for mentorship in mentorships
        ]
    )
    counts = Counter(mentorship.mentor_id for mentorship in mentorships)
    for mentor in (p for p in profiles if p.can_mentor):
        mentor.active_mentee_count = counts[mentor.user_id]
    Profile.objects.bulk_update([p for p in profiles if p.can_mentor], ["active_mentee_count"])


# The demo mentor's and demo mentee's own mentorships, made through the same services as the
# pages use and then dated back, so every part of a running mentorship has something in it.

MENTEE_REQUEST = {
    "help_wanted": "Prepare for cataloging librarian interviews and learn RDA in practice.",
    "why_this_mentor": "You lead a metadata team in a public library, where I hope to work.",
    "preferred_format": Format.VIDEO,
    "preferred_rhythm": Rhythm.MONTHLY,
    "first_message": "Hello Morgan, I am finishing my MLIS part-time and would love your "
    "advice on moving from technician work into cataloging.",
}
AGREEMENT = {
    "planned_months": 6,
    "channels": [Channel.VIDEO, Channel.EMAIL],
    "expectations": "We meet once a month by video for an hour; either of us may move a "
    "meeting with two days' notice. What we talk about stays between us.",
}
# (kind, text, done) for the mentee@ and mentor@ mentorship, then for the second one.
PLANS = [
    [
        (PlanItem.Kind.GOAL, "Be ready for cataloging librarian interviews by spring", False),
        (PlanItem.Kind.GOAL, "Catalog confidently in RDA with MARC 21", False),
        (PlanItem.Kind.ACTION, "Shadow a cataloging session at Chicago Public Library", True),
        (PlanItem.Kind.ACTION, "Draft a cover letter for the next technical services job", True),
        (PlanItem.Kind.ACTION, "Work through the RDA Toolkit's exercises on series", False),
    ],
    [
        (PlanItem.Kind.GOAL, "Find my area of focus for the next two years", False),
        (PlanItem.Kind.ACTION, "List three roles I admire and what they ask for", True),
        (PlanItem.Kind.ACTION, "Ask my supervisor about a metadata cleanup project", False),
    ],
]
AGENDAS = [
    (
        "Your cataloging questions from the last month, and the interview practice plan.",
        "Mock interview: questions on authority control and RDA.",
    ),
    (
        "Getting to know each other; what you would like from the next six months.",
        "The three roles you listed, and what a first step towards each could be.",
    ),
]
CIRCLE = {
    "title": "Metadata careers circle",
    "description": "For library workers moving into cataloging and metadata work: we read "
    "one short piece a month, bring our own records and questions, and talk about the paths "
    "into technical services.",
    "places": 5,
    "rhythm": Rhythm.MONTHLY,
    "planned_months": 6,
    "format": CircleFormat.VIDEO,
    "join_policy": JoinPolicy.APPROVE,
}
CIRCLE_PLAN = [
    "Read the Library of Congress's guide to subject headings, chapter one",
    "Each bring a record from our own catalog that we were unsure about",
]
CIRCLE_AGREEMENT = (
    "We meet on the first Tuesday of the month by video. Each of us brings one question or "
    "record; what is said in the circle stays in the circle."
)


def _at(days_ago: float, hour: int = 16) -> datetime.datetime:
    """A moment `days_ago` days from now, on the hour (UTC), for a tidy timeline."""
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def date_events(mentorship: Mentorship, after: int, when: datetime.datetime) -> int:
    """Dates the events recorded since event `after` to `when`, and marks them emailed: demo
    people are not written to about their own story. Returns the last event's id."""
    events = Event.objects.filter(mentorship=mentorship, pk__gt=after)
    events.update(created_at=when, emailed_at=when)
    return Event.objects.filter(mentorship=mentorship).aggregate(last=Max("pk"))["last"] or 0


def _live_story(
    mentorship: Mentorship,
    *,
    started_days_ago: int,
    plan: Sequence[tuple[str, str, bool]],
    agendas: tuple[str, str],
) -> Mentorship:
    """Takes a pending request through what the two would do on its page: the mentor accepts,
    both confirm the agreement, they meet once (held) and book the next meeting, and start
    their plan."""
    mentor, mentee = mentorship.mentor, mentorship.mentee
    assert mentor is not None and mentee is not None
    last = date_events(mentorship, 0, _at(started_days_ago + 2))
    mentorship = services.mentorship_accept(mentorship=mentorship, by=mentor)
    last = date_events(mentorship, last, _at(started_days_ago))
    agreement = Agreement.objects.get(mentorship=mentorship)
    for field_name, value in AGREEMENT.items():
        setattr(agreement, field_name, value)
    services.agreement_save(agreement=agreement, by=mentee, confirm=True)
    services.agreement_save(agreement=agreement, by=mentor, confirm=True)
    agreed = _at(started_days_ago - 2)
    Agreement.objects.filter(pk=agreement.pk).update(
        mentee_confirmed_at=agreed, mentor_confirmed_at=agreed
    )
    last = date_events(mentorship, last, agreed)
    link = f"https://meet.example.org/demo-{mentorship.pk}"
    # Proposed for later today, then moved back to when it happened and marked held.
    first = services.meeting_propose(
        mentorship=mentorship,
        by=mentee,
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        place_or_link=link,
        agenda=agendas[0],
    )
    services.meeting_confirm(meeting=first, by=mentor)
    held_on = _at(started_days_ago // 2)
    last = date_events(mentorship, last, held_on - datetime.timedelta(days=6))
    Meeting.objects.filter(pk=first.pk).update(starts_at=held_on)
    first.refresh_from_db()
    services.meeting_mark(meeting=first, by=mentor, held=True)
    last = date_events(mentorship, last, held_on + datetime.timedelta(hours=1))
    upcoming = services.meeting_propose(
        mentorship=mentorship,
        by=mentor,
        starts_at=_at(-(started_days_ago % 5 + 4), hour=17),
        place_or_link=link,
        agenda=agendas[1],
    )
    services.meeting_confirm(meeting=upcoming, by=mentee)
    last = date_events(mentorship, last, _at(2))
    for number, (kind, text, done) in enumerate(plan):
        item = services.plan_item_add(
            mentorship=mentorship, by=mentee if number % 2 else mentor, kind=kind, text=text
        )
        if done:
            PlanItem.objects.filter(pk=item.pk).update(done=True)
    Mentorship.objects.filter(pk=mentorship.pk).update(
        requested_at=_at(started_days_ago + 2),
        answered_at=_at(started_days_ago),
        started_at=_at(started_days_ago),
    )
    mentorship.refresh_from_db()
    return mentorship


def _date_circle(circle: Circle, after: int, when: datetime.datetime) -> int:
    """Dates the circle's history since event `after` to `when`; returns the last event's id."""
    CircleEvent.objects.filter(circle=circle, pk__gt=after).update(created_at=when)
    return CircleEvent.objects.filter(circle=circle).aggregate(last=Max("pk"))["last"] or 0


def _unmatched_mentees(wanting: list[int]) -> ProfileQuerySet:
    """Generated members looking for a mentor who have no mentorship or circle yet, and an
    active account: first those who want more of the areas `wanting`, then those earlier in
    their career."""
    return (
        Profile.objects.filter(
            user__email__startswith="member",
            user__is_active=True,
            wants_mentor=True,
            can_mentor=False,
            completed_at__isnull=False,
        )
        .exclude(user__mentorships_as_mentee__isnull=False)
        .exclude(user__circle_memberships__isnull=False)
        .annotate(fits=Count("wanted_areas", filter=Q(wanted_areas__in=wanting)))
        .select_related("user")
        .order_by("-fits", "career_stage__seniority", "pk")
    )


@transaction.atomic
def ensure_demo_mentorships(*, mentor: User, mentee: User) -> list[Mentorship]:
    """The demo mentor has two active mentorships (one with the demo mentee, one with a
    generated member), and the demo mentee a request waiting with another mentor. Idempotent:
    each part is made only if it is missing, and never for a demo person whose account was
    deactivated. Returns the demo mentor's active mentorships."""
    mentor_profile = Profile.objects.get(user=mentor)
    # Room for two mentees and a circle, with a place still free for a new request.
    Profile.objects.filter(pk=mentor_profile.pk, mentor_capacity__lt=4).update(mentor_capacity=4)
    # The demo mentee shares an email with her matches, as the page asks her to.
    Profile.objects.filter(user=mentee, contact_email="").update(
        contact_email=mentee.email, contact_visibility=ContactVisibility.MATCHED
    )
    areas = list(mentor_profile.expertise.values_list("pk", flat=True))

    # A demo person whose account is deactivated has had what they had open closed, and the
    # others were told they left MentorConnect (privacy.close_relationships). A story made
    # again for them would be closed again at beat's next sweep, and the others told again.
    if (
        mentor.is_active
        and mentee.is_active
        and not Mentorship.objects.filter(
            mentor=mentor, mentee=mentee, status=Status.ACTIVE
        ).exists()
    ):
        request = Mentorship.objects.filter(
            mentor=mentor, mentee=mentee, status=Status.PENDING
        ).first() or services.mentorship_request(
            mentee=mentee, mentor_profile=mentor_profile, **MENTEE_REQUEST
        )
        _live_story(request, started_days_ago=40, plan=PLANS[0], agendas=AGENDAS[0])

    if (
        mentor.is_active
        and Mentorship.objects.filter(mentor=mentor, status=Status.ACTIVE).count() < 2
    ):
        second = _unmatched_mentees(areas).first()
        if second is not None:
            mentor_profile.refresh_from_db()
            request = services.mentorship_request(
                mentee=second.user,
                mentor_profile=mentor_profile,
                help_wanted=second.help_wanted,
                why_this_mentor="You have led a team in technical services for years; I would "
                "like to learn how you chose where to grow.",
                preferred_format=Format.VIDEO,
                preferred_rhythm=Rhythm.MONTHLY,
                first_message=f"Hello Morgan, I am {second.display_name}, "
                f"{second.headline} at {second.workplace}. Could we talk once a month?",
            )
            _live_story(request, started_days_ago=19, plan=PLANS[1], agendas=AGENDAS[1])

    if (
        mentee.is_active
        and not Mentorship.objects.filter(mentee=mentee, status=Status.PENDING).exists()
    ):
        _ask_another_mentor(mentee, exclude=mentor)
    return list(
        Mentorship.objects.filter(mentor=mentor, status=Status.ACTIVE).order_by("started_at")
    )


def _ask_another_mentor(mentee: User, *, exclude: User) -> Mentorship | None:
    """The demo mentee's request waiting with a generated mentor in an academic library (what
    she asks about) who covers what she wants."""
    wanting = list(Profile.objects.get(user=mentee).wanted_areas.values_list("pk", flat=True))
    mentors = (
        Profile.objects.searchable()
        .accepting()
        .filter(user__email__startswith="member")
        .exclude(user=exclude)
        .annotate(
            fits=Count("expertise", filter=Q(expertise__in=wanting)),
            academic=Q(library_type__name__startswith="Academic"),
        )
        .order_by("-academic", "-fits", "pk")[:10]
    )
    for other in mentors:
        try:
            request = services.mentorship_request(
                mentee=mentee,
                mentor_profile=other,
                help_wanted="A second view on my path into metadata work.",
                why_this_mentor=f"You work as {other.headline} at {other.workplace}; "
                + (
                    "I have never worked in an academic library and would like to learn how "
                    "metadata work differs there."
                    if other.academic
                    else "your path into your role is one I would like to hear about."
                ),
                preferred_format=Format.VIDEO,
                preferred_rhythm=Rhythm.MONTHLY,
                first_message=f"Hello {other.display_name.split()[0]}, I already have a mentor "
                "for cataloging and would value a second view on the wider field.",
            )
        except services.MentorshipError:
            continue
        sent = _at(2, hour=15)
        Mentorship.objects.filter(pk=request.pk).update(requested_at=sent)
        date_events(request, 0, sent)
        return request
    return None


@transaction.atomic
def ensure_demo_circle(*, host: User) -> Circle | None:
    """A circle the demo mentor hosts: three members, one more asking to join, the agreement,
    a plan with one step done, and an upcoming meeting two of them have answered. Made once,
    and not for a deactivated host (as ensure_demo_mentorships says why)."""
    if Circle.objects.filter(host=host).exists():
        return Circle.objects.filter(host=host).first()
    if not host.is_active:
        return None
    profile = Profile.objects.get(user=host)
    areas = list(profile.expertise.all()[:2])
    joining = list(_unmatched_mentees([area.pk for area in areas])[:4])
    if len(joining) < 4:
        return None
    try:
        circle = circles.circle_create(by=host, peer=False, areas=areas, **CIRCLE)
    except circles.CircleError:
        return None  # the mentor's places are all taken
    last = _date_circle(circle, 0, _at(28))
    for number, member in enumerate(joining):
        membership = circles.circle_join(circle=circle, by=member.user, note=member.help_wanted)
        asked = _at(27 - 2 * number if number < 3 else 1)
        CircleMembership.objects.filter(pk=membership.pk).update(requested_at=asked)
        if number < 3:
            circles.request_answer(membership=membership, by=host, approve=True)
            CircleMembership.objects.filter(pk=membership.pk).update(joined_at=asked)
            # Answered weeks ago in the story: their emails would have gone then, not today.
            Reminder.objects.filter(
                kind__in=[CIRCLE_JOIN_REQUEST.name, CIRCLE_JOIN_ANSWER.name],
                subject=f"circle_membership:{membership.pk}",
            ).delete()
        last = _date_circle(circle, last, asked)
    circles.agreement_save(circle=circle, by=host, text=CIRCLE_AGREEMENT)
    Circle.objects.filter(pk=circle.pk).update(agreement_updated_at=_at(20))
    last = _date_circle(circle, last, _at(20))
    for number, text in enumerate(CIRCLE_PLAN):
        item = circles.plan_item_add(circle=circle, by=joining[number].user, text=text)
        CirclePlanItem.objects.filter(pk=item.pk).update(added_at=_at(12))
        if number == 0:
            circles.plan_item_tick(item=item, by=host, done=True)
            CirclePlanItem.objects.filter(pk=item.pk).update(done_at=_at(6))
    last = _date_circle(circle, last, _at(12))
    meeting = circles.meeting_propose(
        circle=circle,
        by=host,
        starts_at=_at(-9, hour=23),
        place_or_link="https://meet.example.org/metadata-circle",
        agenda="Bring one record you found hard to describe; we look at three together.",
    )
    for number, member in enumerate(joining[:2]):
        circles.meeting_rsvp(meeting=meeting, by=member.user, coming=number == 0)
    _date_circle(circle, last, _at(3))
    Circle.objects.filter(pk=circle.pk).update(created_at=_at(28))
    return circle
