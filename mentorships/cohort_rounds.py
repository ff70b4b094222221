"""Publishing a program cohort's round: its draft pairs become ordinary mentorships.

Mentorships sit above programs, so this is where a cohort makes mentorships (programs never
imports this app). Each pair becomes an active mentorship with an agreement, as an accepted
request does, and the two are told by email through an Event each (sent once, never lost: see
emails.py). Every other applicant is told kindly through the outbox (programs.cohorts.reminders),
in one transaction with the rest.

Cohort mentees count among a mentor's mentees, as any mentorship does, so that ending one frees
a place as usual; when they take a mentor past the capacity on their profile, publishing raises
that capacity to fit them (never above MOST_MENTEES, which the round already respects).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorconnect.outbox import tasks as outbox_tasks
from mentorconnect.outbox.models import Reminder
from profiles.models import Profile, User
from programs.cohorts import reminders
from programs.cohorts.models import (
    MOST_MENTEES,
    Application,
    ApplicationStatus,
    Cohort,
    CohortStatus,
    DraftPair,
    Role,
    WindowState,
)
from programs.cohorts.services import CohortError
from programs.models import program_today

from .circles.models import Circle
from .models import Agreement, EventKind, Mentorship, Rhythm, Status
from .services import record_event

# Open circles named in a not-matched mentee's email, at most.
CIRCLES_OFFERED = 3


def cohort_words(cohort: Cohort) -> str:
    """The program and cohort, by their names alone: what a cohort's mentorship keeps where a
    request keeps the mentee's own words. Both people read it, in their own languages (the
    subject of each match email quotes it), so it holds no words of anyone's language."""
    return f"{cohort.program.name} · {cohort.name}"


def request_text(application: Application, cohort: Cohort) -> str:
    """The mentee's application as the mentorship's request: each question and its answer."""
    lines = [
        f"{question}\n{answer}" for question, answer in application.answered_questions() if answer
    ]
    return ("\n\n".join(lines) or cohort_words(cohort))[:2000]


def publish_refusal(cohort: Cohort, pair_count: int) -> str | None:
    """Why the round cannot be published as it stands, before anything is looked at pair by
    pair; None if nothing stops it yet."""
    if cohort.is_published:
        return _("This round is already published.")
    if not pair_count:
        return _("The draft has no pairs: run the round first.")
    if pair_count > cohort.places:
        return _(
            "The draft has %(pairs)s pairs for %(places)s places: unassign some, or raise "
            "the places, first."
        ) % {"pairs": pair_count, "places": cohort.places}
    return None


@dataclass(frozen=True)
class PublishPreview:
    """What publishing the round would do now, for the coordinators to confirm first."""

    refusal: str | None
    pairs: int
    matched: int  # the people told they are matched: each mentee, and each mentor once
    not_matched: int  # the other applicants in the round, told they were not matched
    starts_on: datetime.date
    # The last day of each window that would still take applications, had the round not been
    # published: publishing closes them at once.
    mentees_until: datetime.date | None
    mentors_until: datetime.date | None


def publish_preview(cohort: Cohort) -> PublishPreview:
    """What publishing `cohort`'s round would do today: two queries."""
    today = program_today()
    draft = DraftPair.objects.filter(cohort=cohort).aggregate(
        pairs=Count("pk"), mentors=Count("mentor_application", distinct=True)
    )
    not_matched = (
        Application.objects.in_round()
        .filter(cohort=cohort, draft_pair__isnull=True, draft_pairs_as_mentor__isnull=True)
        .count()
    )

    def open_until(role: str) -> datetime.date | None:
        if cohort.window_state(role, today) == WindowState.CLOSED:
            return None
        return cohort.window(role)[1]

    return PublishPreview(
        refusal=publish_refusal(cohort, draft["pairs"]),
        pairs=draft["pairs"],
        matched=draft["pairs"] + draft["mentors"],
        not_matched=not_matched,
        starts_on=max(cohort.starts_on, today),
        mentees_until=open_until(Role.MENTEE),
        mentors_until=open_until(Role.MENTOR),
    )


@transaction.atomic
def publish(*, cohort: Cohort, by: User) -> list[Mentorship]:
    """Makes a mentorship of every draft pair, marks each application matched or not matched,
    and plans the emails; raises CohortError (and changes nothing) if the round cannot be
    published as it stands."""
    cohort = Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)
    pairs = list(
        DraftPair.objects.filter(cohort=cohort)
        .select_related("mentee_application__applicant", "mentor_application__applicant")
        .order_by("pk")
    )
    if refusal := publish_refusal(cohort, len(pairs)):
        raise CohortError(refusal)
    now = timezone.now()
    starts_at = start_of(cohort, now)
    # A round published before the cohort's first day starts its mentorships on that day,
    # which every member sees as the date the coordinators entered; one published later
    # starts them now.
    starts_on = cohort.starts_on if starts_at > now else None
    why = cohort_words(cohort)[:2000]
    mentorships = []
    mentors_told: set[int] = set()
    for pair in pairs:
        mentee_app, mentor_app = pair.mentee_application, pair.mentor_application
        for application in (mentee_app, mentor_app):
            if application.status != ApplicationStatus.SUBMITTED:
                raise CohortError(
                    _("An application in the draft was withdrawn: run the round again.")
                )
            if not application.applicant.is_active:
                raise CohortError(
                    _("A member in the draft no longer has an account: run the round again.")
                )
        # One conditional UPDATE takes the place, raising the capacity if needed: it holds
        # under a request accepted at the same moment.
        claimed = Profile.objects.filter(
            user_id=mentor_app.applicant_id, active_mentee_count__lt=MOST_MENTEES
        ).update(
            mentor_capacity=Greatest(F("mentor_capacity"), F("active_mentee_count") + 1),
            active_mentee_count=F("active_mentee_count") + 1,
        )
        if not claimed:
            raise CohortError(
                _(
                    "A mentor in the draft has no place left on MentorConnect any more: run the "
                    "round again."
                )
            )
        if Mentorship.objects.filter(
            mentee_id=mentee_app.applicant_id,
            mentor_id=mentor_app.applicant_id,
            status=Status.ACTIVE,
        ).exists():
            raise CohortError(
                _("A pair in the draft are mentor and mentee already: unassign them and publish.")
            )
        mentorship = Mentorship.objects.create(
            mentee_id=mentee_app.applicant_id,
            mentor_id=mentor_app.applicant_id,
            status=Status.ACTIVE,
            help_wanted=request_text(mentee_app, cohort),
            why_this_mentor=why,
            preferred_rhythm=Rhythm.MONTHLY,
            first_message="",
            requested_at=now,
            answered_at=now,
            started_at=starts_at,
            starts_on=starts_on,
        )
        Agreement.objects.create(
            mentorship=mentorship,
            goals=mentorship.help_wanted,
            rhythm=Rhythm.MONTHLY,
            planned_months=planned_months(cohort),
            planned_end_on=cohort.ends_on,
        )
        pair.mentorship = mentorship
        pair.save(update_fields=["mentorship"])
        record_event(mentorship, EventKind.COHORT_MATCHED, None)
        # A mentor hears of all their mentees in the cohort in one email: their first
        # mentorship's, which names every one (emails.cohort_mentees). Each other mentorship's
        # history says so too, with nothing more to send.
        record_event(
            mentorship,
            EventKind.COHORT_MENTOR,
            None,
            already_emailed=mentor_app.applicant_id in mentors_told,
        )
        mentors_told.add(mentor_app.applicant_id)
        mentorships.append(mentorship)

    matched = {pair.mentee_application_id for pair in pairs} | {
        pair.mentor_application_id for pair in pairs
    }
    waiting = Application.objects.filter(cohort=cohort, status=ApplicationStatus.SUBMITTED)
    waiting.filter(pk__in=matched).update(status=ApplicationStatus.MATCHED, updated_at=now)
    not_matched = list(waiting.exclude(pk__in=matched))
    Application.objects.filter(pk__in=[a.pk for a in not_matched]).update(
        status=ApplicationStatus.NOT_MATCHED, updated_at=now
    )
    offer_circles([a for a in not_matched if a.role == Role.MENTEE])
    Reminder.objects.plan(reminders.not_matched_reminders(not_matched, now))
    cohort.status = CohortStatus.PUBLISHED
    cohort.published_at = now
    cohort.published_by = by
    cohort.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    # The not-matched have waited for the result since they applied.
    transaction.on_commit(outbox_tasks.send_soon)
    return mentorships


def offer_circles(mentee_applications: list[Application]) -> None:
    """Notes on each application the open circles in the mentee's wanted areas that they could
    join (Circle.objects.offered_to_each), those covering most of their areas first, for the
    email that tells them they were not matched. Four queries, however many mentees."""
    profiles = list(
        Profile.objects.select_related("city")
        .with_wanted_area_ids()
        .filter(user_id__in=[application.applicant_id for application in mentee_applications])
    )
    offers = Circle.objects.offered_to_each(profiles)
    offered = []
    for application in mentee_applications:
        circles = offers.get(application.applicant_id, [])[:CIRCLES_OFFERED]
        application.circles_offered = [
            {"title": circle.title, "path": reverse("circles:join", args=[circle.pk])}
            for circle in circles
        ]
        if application.circles_offered:
            offered.append(application)
    Application.objects.bulk_update(offered, ["circles_offered"])


def circles_for_a_closed_round(
    sender: type[Cohort], *, applications: list[Application], **kwargs: object
) -> None:
    """A cohort closed without matches offers the mentees it leaves out the open circles they
    could join, as publishing does (connected in MentorshipsConfig.ready())."""
    offer_circles(applications)


# A mentorship's start is also one instant (started_at), for what runs from it: check-ins,
# feedback prompts, "starts later". Noon UTC is the morning of the cohort's first day across
# North America, and that day everywhere from UTC-12 to UTC+11; pages and emails show the
# first day itself (Mentorship.starts_on), which holds further east too.
START_TIME = datetime.time(12, tzinfo=datetime.UTC)


def start_of(cohort: Cohort, now: datetime.datetime) -> datetime.datetime:
    """When the cohort's mentorships start: the middle of its first day (START_TIME), or now
    when the round is published after that."""
    first_day = datetime.datetime.combine(cohort.starts_on, START_TIME)
    return max(first_day, now)


def planned_months(cohort: Cohort) -> int:
    """The cohort's length in whole months, as an agreement's planned length (1 to 24). The
    planned end is the cohort's last day itself (Agreement.planned_end_on), not this many
    months after the start."""
    days = (cohort.ends_on - cohort.starts_on).days
    return min(max(round(days / 30.44), 1), 24)


def cohort_outcomes(cohort: Cohort) -> dict[str, int]:
    """How the mentorships a published round made stand now: {status: count}, found through
    each published pair's link to its mentorship."""
    return dict(
        Mentorship.objects.filter(cohort_pair__cohort=cohort)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
