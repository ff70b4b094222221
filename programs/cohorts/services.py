"""Every change to a cohort's applications and its draft round, each one atomic.

Views call these functions and show a CohortError's message on the same page; nothing changes
when one is raised. Publishing the round makes mentorships, so it lives one layer up
(mentorships/cohort_rounds.py).
"""

from __future__ import annotations

import datetime
import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.postgres.expressions import ArraySubquery
from django.db import IntegrityError, transaction
from django.db.models import OuterRef
from django.dispatch import Signal
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mentorconnect.outbox import tasks as outbox_tasks
from mentorconnect.outbox.models import Reminder
from profiles import matching, taxonomy_names
from profiles.models import ExpertiseArea, Profile, User
from programs.models import program_today

from . import reminders, rounds
from .models import (
    MOST_MENTEES,
    Application,
    ApplicationStatus,
    Cohort,
    CohortStatus,
    DraftPair,
    Exclusion,
    RankedChoice,
    Role,
    counts_as_member,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from programs.models import Program

    from .rounds import Applicant, Pair, RoundReport


class CohortError(Exception):
    """A change that is not allowed, with the message to show the person who tried it."""


# Sent inside the transaction that closes a cohort without matches, with `applications`: the
# mentee applications of active members it leaves not matched. Circles live a layer up
# (mentorships/circles), so mentorships listens (cohort_rounds.circles_for_a_closed_round) and
# notes on each the open circles their email offers, as publishing does.
closed_without_matches = Signal()


def rankable_mentors(mentee: Profile | None, mentors: Iterable[Application]) -> list[Application]:
    """Of `mentors` (mentor applications, applicant__profile with its city and career stage
    loaded), those `mentee` may rank: the ones the round could pair them with, as far as a
    mentee may know it (rounds.can_meet, the part of rounds.pair_score's rule about meeting).
    A mentor who excluded the mentee stays on the list: leaving them out would tell the mentee
    of the exclusion, and the round keeps the two apart anyway."""
    if mentee is None:
        return []
    me = matching.person_of(mentee, ())
    return [
        mentor
        for mentor in mentors
        if (profile := getattr(mentor.applicant, "profile", None)) is not None
        and rounds.can_meet(me, matching.person_of(profile, ()))
    ]


# Applying


def _display_name(user: User) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile is not None else user.email


@transaction.atomic
def application_submit(
    *,
    cohort: Cohort,
    applicant: User,
    role: str,
    answers: Sequence[str],
    is_member: bool,
    is_student: bool,
    years_of_experience: int | None = None,
    capacity: int = 1,
    orientation_confirmed: bool = False,
    ranked: Sequence[Application] = (),
    excluded: Sequence[User] = (),
) -> Application:
    """A member applies to `cohort` in `role`, with their profile as it is; raises CohortError
    with the reason when they may not."""
    profile = (
        Profile.objects.select_for_update(of=("self",))
        .select_related("career_stage", "city")
        .filter(user=applicant)
        .first()
    )
    is_member = counts_as_member(applicant, declared=is_member, cohort=cohort)
    refusal = cohort.refusal(
        role=role,
        profile=profile,
        is_member=is_member,
        is_student=is_student,
        years=years_of_experience,
        today=program_today(),
    )
    if refusal:
        raise CohortError(refusal)
    if role == Role.MENTOR and cohort.orientation and not orientation_confirmed:
        raise CohortError(_("Confirm the orientation first: mentors are matched only after it."))
    if len(answers) != len(cohort.questions) or not all(answer.strip() for answer in answers):
        raise CohortError(_("Answer each of the program's questions."))
    mentor = role == Role.MENTOR
    mentors: list[Application] = []
    if not mentor:
        # A ranked mentor who withdrew since the page was shown is dropped; one the round
        # could never pair the mentee with is refused, by name.
        mentors = list(
            Application.objects.live()
            .filter(cohort=cohort, role=Role.MENTOR, pk__in=[choice.pk for choice in ranked])
            .select_related("applicant__profile__city", "applicant__profile__career_stage")
        )
        meetable = {choice.pk for choice in rankable_mentors(profile, mentors)}
        for choice in mentors:
            if choice.pk not in meetable:
                raise CohortError(
                    _(
                        "%(mentor)s cannot be your mentor in this cohort: you cannot meet (too "
                        "far apart, and not both open to remote mentoring). Choose another mentor."
                    )
                    % {"mentor": _display_name(choice.applicant)}
                )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                cohort=cohort,
                applicant=applicant,
                role=role,
                answers=[answer.strip() for answer in answers],
                is_member=is_member,
                is_student=is_student,
                years_of_experience=years_of_experience if mentor else None,
                capacity=capacity if mentor else 1,
                orientation_confirmed_at=timezone.now()
                if mentor and orientation_confirmed
                else None,
            )
    except IntegrityError as error:
        raise CohortError(_("You have already applied to this cohort.")) from error
    if not mentor:
        live = {choice.pk for choice in mentors}
        RankedChoice.objects.bulk_create(
            RankedChoice(mentee_application=application, mentor_application=choice, rank=rank)
            for rank, choice in enumerate(
                [choice for choice in ranked if choice.pk in live][: len(ranked)], start=1
            )
        )
    Exclusion.objects.bulk_create(
        Exclusion(application=application, excluded_user=person)
        for person in excluded
        if person.pk != applicant.pk
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by: User) -> Application:
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("cohort")
        .get(pk=application.pk)
    )
    if by.pk != application.applicant_id:
        raise CohortError(_("Only the applicant can withdraw an application."))
    if application.status == ApplicationStatus.WITHDRAWN:
        # A second submit of the same withdrawal (a reload, a double click): already done.
        return application
    if not application.is_withdrawable:
        raise CohortError(_("This application can no longer be withdrawn: the round is published."))
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    # Its pairs in the draft go with it, locked or not: nobody is matched who withdrew.
    DraftPair.objects.filter(mentee_application=application).delete()
    DraftPair.objects.filter(mentor_application=application).delete()
    return application


# Closing


@transaction.atomic
def round_closed_without_matches(*, cohort: Cohort) -> int:
    """Tells the applicants of `cohort`, which its coordinators have just closed before its
    matches were ever published, that the round closed without matches: each one still
    waiting is marked not matched and emailed (as publishing tells those it leaves out), so
    nobody waits for matches that never come; the mentees among them are offered the open
    circles they could join (closed_without_matches). Its draft pairs go: nobody will be
    matched in it. Returns how many are emailed (members whose account is closed are only
    marked)."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.status != CohortStatus.CLOSED or cohort.published_at is not None:
        return 0
    now = timezone.now()
    waiting = list(
        Application.objects.select_for_update(of=("self",))
        .filter(cohort=cohort, status=ApplicationStatus.SUBMITTED)
        .select_related("applicant")
    )
    Application.objects.filter(pk__in=[application.pk for application in waiting]).update(
        status=ApplicationStatus.NOT_MATCHED, updated_at=now
    )
    DraftPair.objects.filter(cohort=cohort).delete()
    closed_without_matches.send(
        sender=Cohort,
        applications=[
            application
            for application in waiting
            if application.role == Role.MENTEE and application.applicant.is_active
        ],
    )
    Reminder.objects.plan(reminders.not_matched_reminders(waiting, now))
    transaction.on_commit(outbox_tasks.send_soon)
    return sum(application.applicant.is_active for application in waiting)


# The round


@dataclass
class Pool:
    """The applicants of one round, as the solver sees them, with what pages show of them."""

    mentees: list[Applicant] = field(default_factory=list)
    mentors: list[Applicant] = field(default_factory=list)
    applications: dict[int, Application] = field(default_factory=dict)
    # Every loaded application's applicant as members see them (their profile's display
    # name), those the round leaves out included, so pages name every pair without a query.
    names: dict[int, str] = field(default_factory=dict)
    # The applications the coordinators' pages count, by role: live ones of members whose
    # account is active (ApplicationQuerySet.tally), so the cohort's page and its list of
    # applications agree.
    counts: Counter[str] = field(default_factory=Counter)

    def by_pk(self) -> dict[int, Applicant]:
        return {applicant.pk: applicant for applicant in [*self.mentees, *self.mentors]}

    @functools.cached_property
    def area_names(self) -> dict[int, str]:
        """The names of the applicants' areas, for the pairs' reasons: one query, when asked."""
        area_ids = set().union(*(applicant.person.areas for applicant in self.by_pk().values()))
        return dict(ExpertiseArea.objects.filter(pk__in=area_ids).values_list("pk", "name"))


def round_pool(cohort: Cohort) -> Pool:
    """The cohort's submitted applications, as the round takes them: mentors only once they
    confirmed the orientation (when there is one), each with the places MentorConnect still
    allows them (at most five mentees at once). One query, whatever the cohort's size: each
    application comes with its applicant's profile, areas, ranked choices and exclusions."""
    # Once published, the round's figures are those of the applications it decided.
    published = cohort.is_published
    profile = OuterRef("applicant__profile")
    applications = list(
        (Application.objects.live() if published else Application.objects.in_round())
        .filter(cohort=cohort)
        .select_related("applicant__profile__city", "applicant__profile__career_stage")
        .annotate(
            expertise_ids=ArraySubquery(
                Profile.expertise.through.objects.filter(profile_id=profile).values(
                    "expertisearea_id"
                )
            ),
            wanted_ids=ArraySubquery(
                Profile.wanted_areas.through.objects.filter(profile_id=profile).values(
                    "expertisearea_id"
                )
            ),
            ranked_ids=ArraySubquery(
                RankedChoice.objects.filter(mentee_application=OuterRef("pk"))
                .order_by("rank")
                .values("mentor_application_id")
            ),
            excluded_ids=ArraySubquery(
                Exclusion.objects.filter(application=OuterRef("pk")).values("excluded_user_id")
            ),
        )
    )

    pool = Pool()
    for application in applications:
        if not application.account_closed:
            pool.counts[application.role] += 1
        profile_of = getattr(application.applicant, "profile", None)
        if profile_of is None:
            pool.names[application.pk] = application.applicant.email
            continue
        pool.names[application.pk] = profile_of.display_name
        excluded = frozenset(application.excluded_ids)
        if application.role == Role.MENTOR:
            if cohort.orientation and application.orientation_confirmed_at is None:
                continue
            places = application.capacity
            if not published:
                places = min(places, MOST_MENTEES - profile_of.active_mentee_count)
            if places < 1:
                continue
            pool.mentors.append(
                rounds.Applicant(
                    pk=application.pk,
                    person=matching.person_of(profile_of, application.expertise_ids),
                    capacity=places,
                    excluded=excluded,
                )
            )
        else:
            pool.mentees.append(
                rounds.Applicant(
                    pk=application.pk,
                    person=matching.person_of(profile_of, application.wanted_ids),
                    ranked=tuple(application.ranked_ids),
                    excluded=excluded,
                )
            )
        pool.applications[application.pk] = application
    mentor_pks = {mentor.pk for mentor in pool.mentors}
    # A ranked mentor who withdrew (or cannot be matched) is no choice any more.
    pool.mentees = [
        mentee
        if all(pk in mentor_pks for pk in mentee.ranked)
        else rounds.Applicant(
            pk=mentee.pk,
            person=mentee.person,
            capacity=mentee.capacity,
            ranked=tuple(pk for pk in mentee.ranked if pk in mentor_pks),
            excluded=mentee.excluded,
        )
        for mentee in pool.mentees
    ]
    return pool


def reason_text(mentee: Applicant, mentor: Applicant, area_names: dict[int, str]) -> str:
    """Why the pair fits, for the coordinators: what the score counted, shortest first."""
    parts = []
    shared = sorted(area_names.get(pk, "") for pk in mentee.person.areas & mentor.person.areas)
    if shared:
        named = ", ".join(taxonomy_names.translated(name) for name in shared if name)
        parts.append(_("Shares %(areas)s") % {"areas": named})
    distance = matching.distance_between(mentee.person, mentor.person)
    if distance is not None and distance <= matching.NEARBY_KM:
        parts.append(
            _("same city")
            if distance < 5
            else _("%(distance)s km apart")
            % {"distance": number_format(round(distance), force_grouping=True)}
        )
    elif mentee.person.open_to_remote and mentor.person.open_to_remote:
        parts.append(_("both open to remote mentoring"))
    if mentor.pk in mentee.ranked:
        parts.append(
            _("the mentee's choice #%(rank)d") % {"rank": mentee.ranked.index(mentor.pk) + 1}
        )
    if mentee.person.languages & mentor.person.languages - {"en"}:
        parts.append(_("a shared language"))
    return matching.list_separator().join(parts)[:500]


@transaction.atomic
def round_run(*, cohort: Cohort, by: User) -> int:
    """Solves the round again into the draft, keeping every locked pair; returns the number
    of pairs. `by` is a coordinator (checked by the view)."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.is_published:
        raise CohortError(_("This round is published: its pairs are mentorships now."))
    pool = round_pool(cohort)
    applicants = pool.by_pk()
    locked_pairs = list(cohort.draft_pairs.filter(locked=True).order_by("pk"))
    # A locked pair stays as long as both are still in the round and the mentor still has the
    # place (MentorConnect's limit may have taken it since).
    gone = []
    places = {mentor.pk: mentor.capacity for mentor in pool.mentors}
    for pair in locked_pairs:
        mentee = applicants.get(pair.mentee_application_id)
        mentor = applicants.get(pair.mentor_application_id)
        if (
            mentee is None
            or mentor is None
            or places.get(mentor.pk, 0) < 1
            or rounds.pair_score(mentee, mentor) is None
        ):
            gone.append(pair.pk)
        else:
            places[mentor.pk] -= 1
    DraftPair.objects.filter(pk__in=gone).delete()
    locked = [
        (pair.mentee_application_id, pair.mentor_application_id)
        for pair in locked_pairs
        if pair.pk not in gone
    ]
    pairs = rounds.solve_round(pool.mentees, pool.mentors, locked)
    cohort.draft_pairs.filter(locked=False).delete()
    kept = set(locked)
    DraftPair.objects.bulk_create(
        DraftPair(
            cohort=cohort,
            mentee_application_id=pair.mentee,
            mentor_application_id=pair.mentor,
            score=pair.score,
            reasons=reason_text(applicants[pair.mentee], applicants[pair.mentor], pool.area_names),
        )
        for pair in pairs
        if (pair.mentee, pair.mentor) not in kept
    )
    cohort.round_run_at = timezone.now()
    cohort.save(update_fields=["round_run_at", "updated_at"])
    return len(pairs)


def _check_draft(pair: DraftPair) -> None:
    if pair.cohort.is_published:
        raise CohortError(_("This round is published: its pairs are mentorships now."))


@transaction.atomic
def pair_lock(*, pair: DraftPair, locked: bool) -> DraftPair:
    _check_draft(pair)
    pair.locked = locked
    pair.save(update_fields=["locked"])
    return pair


@transaction.atomic
def pair_unassign(*, pair: DraftPair) -> None:
    """Takes the pair out of the draft; a re-run may pair the two again with others."""
    _check_draft(pair)
    pair.delete()


def _cannot_pair(pool: Pool, mentee: int, mentor: int) -> str:
    # Never says which: an exclusion is not shown to the coordinators either.
    return _(
        "%(mentee)s and %(mentor)s cannot be paired: they cannot meet (too far apart, and not "
        "both open to remote mentoring) or one of them may not be matched with the other."
    ) % {"mentee": pool.names[mentee], "mentor": pool.names[mentor]}


def _locked_for_change(cohort: Cohort) -> tuple[Cohort, Pool]:
    """The cohort, locked against a concurrent change or run, and its round's applicants."""
    cohort = Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)
    if cohort.is_published:
        raise CohortError(_("This round is published: its pairs are mentorships now."))
    return cohort, round_pool(cohort)


@transaction.atomic
def pair_swap(*, pair: DraftPair, other: DraftPair) -> tuple[DraftPair, DraftPair]:
    """Gives each of two draft pairs the other's mentor, and locks both: the coordinator chose
    them, so a re-run keeps them. Refused for a locked pair, a pair with someone no longer in
    the round, and a new pair the round could not make (an exclusion, or no way to meet)."""
    cohort, pool = _locked_for_change(pair.cohort)
    found = {
        found.pk: found
        for found in DraftPair.objects.select_for_update().filter(
            cohort=cohort, pk__in=[pair.pk, other.pk]
        )
    }
    if pair.pk == other.pk or len(found) != 2:
        raise CohortError(_("Choose another pair of this draft to swap mentors with."))
    pair, other = found[pair.pk], found[other.pk]
    if pair.locked or other.locked:
        raise CohortError(_("A locked pair stays as it is: unlock it first to change its mentor."))
    if pair.mentor_application_id == other.mentor_application_id:
        raise CohortError(_("Both pairs have the same mentor: there is nothing to swap."))
    applicants = pool.by_pk()
    people = [
        pair.mentee_application_id,
        pair.mentor_application_id,
        other.mentee_application_id,
        other.mentor_application_id,
    ]
    if any(pk not in applicants for pk in people):
        raise CohortError(_("Someone in these pairs is no longer in the round: run it again."))
    new = [(pair, other.mentor_application_id), (other, pair.mentor_application_id)]
    scores = []
    for changed, mentor in new:
        score = rounds.pair_score(applicants[changed.mentee_application_id], applicants[mentor])
        if score is None:
            raise CohortError(_cannot_pair(pool, changed.mentee_application_id, mentor))
        scores.append(score)
    for (changed, mentor), score in zip(new, scores, strict=True):
        changed.mentor_application_id = mentor
        changed.score = score
        changed.reasons = reason_text(
            applicants[changed.mentee_application_id], applicants[mentor], pool.area_names
        )
        changed.locked = True
        changed.save(update_fields=["mentor_application", "score", "reasons", "locked"])
    return pair, other


@dataclass(frozen=True)
class MentorPlaces:
    pk: int  # the mentor's application
    name: str
    left: int  # places left in the draft


def assignable_mentors(pool: Pool, pairs: Iterable[DraftPair], mentee: int) -> list[MentorPlaces]:
    """The mentors the coordinators may give `mentee` (an application pk of the round) by hand,
    by name: those with a place left in the draft (`pairs`) whom rounds.pair_score allows for
    this mentee, as pair_assign does, their current mentor aside. Empty for a mentee not in
    the round. No query: the pool has everything."""
    applicants = pool.by_pk()
    chosen = applicants.get(mentee)
    if chosen is None or mentee not in {applicant.pk for applicant in pool.mentees}:
        return []
    pairs = list(pairs)
    taken = Counter(pair.mentor_application_id for pair in pairs)
    current = {pair.mentee_application_id: pair.mentor_application_id for pair in pairs}
    return [
        MentorPlaces(
            pk=mentor.pk, name=pool.names[mentor.pk], left=mentor.capacity - taken[mentor.pk]
        )
        for mentor in sorted(pool.mentors, key=lambda mentor: pool.names[mentor.pk].casefold())
        if taken[mentor.pk] < mentor.capacity
        and mentor.pk != current.get(mentee)
        and rounds.pair_score(chosen, mentor) is not None
    ]


@transaction.atomic
def pair_assign(*, cohort: Cohort, mentee_application: int, mentor_application: int) -> DraftPair:
    """Pairs a mentee of the round with a mentor who has a place left in the draft: a new pair
    for an unmatched mentee, or a new mentor for a mentee's unlocked pair. The pair is locked,
    as a swap's are. Refused beyond the mentor's places (their capacity in this cohort, within
    MentorConnect's limit), beyond the cohort's places, for a locked pair, and for a pair the
    round could not make."""
    cohort, pool = _locked_for_change(cohort)
    applicants = pool.by_pk()
    mentee = applicants.get(mentee_application)
    mentor = applicants.get(mentor_application)
    if mentee is None or mentee.pk not in {applicant.pk for applicant in pool.mentees}:
        raise CohortError(_("That mentee is not in the round any more: reload the page."))
    if mentor is None or mentor.pk not in {applicant.pk for applicant in pool.mentors}:
        raise CohortError(_("That mentor is not in the round any more: reload the page."))
    pair = (
        DraftPair.objects.select_for_update()
        .filter(cohort=cohort, mentee_application_id=mentee.pk)
        .first()
    )
    if pair is not None and pair.locked:
        raise CohortError(_("A locked pair stays as it is: unlock it first to change its mentor."))
    if pair is not None and pair.mentor_application_id == mentor.pk:
        raise CohortError(
            _("%(mentor)s is this mentee's mentor already.") % {"mentor": pool.names[mentor.pk]}
        )
    taken = DraftPair.objects.filter(cohort=cohort, mentor_application_id=mentor.pk).count()
    if taken >= mentor.capacity:
        raise CohortError(
            _(
                "%(mentor)s has no place left: %(taken)d of %(capacity)d taken in this draft. "
                "Swap with one of their pairs instead."
            )
            % {"mentor": pool.names[mentor.pk], "taken": taken, "capacity": mentor.capacity}
        )
    if pair is None and cohort.draft_pairs.count() >= cohort.places:
        raise CohortError(
            _(
                "The draft already has a pair for each of the %(places)d places of the cohort: "
                "raise the places, or swap, first."
            )
            % {"places": cohort.places}
        )
    score = rounds.pair_score(mentee, mentor)
    if score is None:
        raise CohortError(_cannot_pair(pool, mentee.pk, mentor.pk))
    if pair is None:
        pair = DraftPair(cohort=cohort, mentee_application_id=mentee.pk)
    pair.mentor_application_id = mentor.pk
    pair.score = score
    pair.reasons = reason_text(mentee, mentor, pool.area_names)
    pair.locked = True
    pair.save()
    return pair


@dataclass(frozen=True)
class RoundFigures:
    draft: RoundReport
    greedy: RoundReport
    pool: Pool
    # The draft's pairs, locked first, then the strongest (the round's page lists them).
    pairs: list[DraftPair]


def round_figures(cohort: Cohort) -> RoundFigures:
    """The draft's report next to a first-come greedy match of the same applicants: two
    queries, whatever the round's size."""
    pool = round_pool(cohort)
    applicants = pool.by_pk()
    pairs = list(cohort.draft_pairs.all())
    draft: list[Pair] = [
        rounds.Pair(
            mentee=pair.mentee_application_id, mentor=pair.mentor_application_id, score=pair.score
        )
        for pair in pairs
        if pair.mentee_application_id in applicants and pair.mentor_application_id in applicants
    ]
    return RoundFigures(
        draft=rounds.report(pool.mentees, pool.mentors, draft),
        greedy=rounds.report(
            pool.mentees, pool.mentors, rounds.greedy_round(pool.mentees, pool.mentors)
        ),
        pool=pool,
        pairs=pairs,
    )


# The program's page


@dataclass(frozen=True)
class CohortListing:
    cohort: Cohort
    mentee_window: str
    mentor_window: str
    application: Application | None


def cohorts_for_program_page(
    program: Program, user: User | AnonymousUser, today: datetime.date
) -> list[CohortListing]:
    """The program's cohorts members may see, each with its windows' states and the viewer's
    own live application, if any: two queries."""
    cohorts = list(program.cohorts.listed().order_by("starts_on", "pk"))
    own: dict[int, Application] = {}
    if user.is_authenticated and cohorts:
        own = {
            application.cohort_id: application
            for application in Application.objects.live().filter(applicant=user, cohort__in=cohorts)
        }
    return [
        CohortListing(
            cohort=cohort,
            mentee_window=cohort.window_state(Role.MENTEE, today),
            mentor_window=cohort.window_state(Role.MENTOR, today),
            application=own.get(cohort.pk),
        )
        for cohort in cohorts
    ]


def coordinates(program: Program, user: User | AnonymousUser) -> bool:
    """Whether `user` runs this program's cohorts (its coordinators, and curators)."""
    if not user.is_authenticated:
        return False
    return (
        user.has_perm("programs.change_program") or program.coordinators.filter(user=user).exists()
    )
