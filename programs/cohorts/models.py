"""Programs that run on MentorConnect: dated cohorts that members apply to, matched in one round.

A program's coordinators (named by staff in the admin) open a cohort with application windows,
eligibility rules and up to five short questions. Members apply as a mentor or a mentee with
their existing profile; mentees may rank up to five of the cohort's mentors, and either side may
name people they must not be matched with. The coordinators run the matching round
(rounds.solve_round) into draft pairs, adjust them and publish: publishing makes ordinary
mentorships (mentorships/cohort_rounds.py, one layer up).

Dates are the association's days (programs.models.program_today); every window includes its
first and last day, as the directory's windows do.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext_lazy

from mentorconnect.dates import date_format
from profiles.models import CareerStage, User
from profiles.models import Membership as MembershipRecord
from programs.models import Membership as ProgramMembership
from programs.models import Program, UnitKind, program_today

if TYPE_CHECKING:
    from profiles.models import Profile

MAX_QUESTIONS = 5
MAX_RANKED = 5
# MentorConnect's own limit on a mentor's mentees at once (profiles' capacity constraint).
MOST_MENTEES = 5


class Coordinator(models.Model):
    """A member who runs a program's cohorts on the site: named by staff in the admin."""

    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        related_name="coordinators",
        verbose_name=gettext_lazy("program"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinator_roles",
        verbose_name=gettext_lazy("member"),
    )
    created_at = models.DateTimeField(gettext_lazy("created at"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("coordinator")
        verbose_name_plural = gettext_lazy("coordinators")
        ordering = ["program__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="one_coordinator_row_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} coordinates {self.program}"


class CohortStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft (not shown to members)")
    OPEN = "open", gettext_lazy("Open for applications")
    MATCHING = "matching", gettext_lazy("Matching")
    PUBLISHED = "published", gettext_lazy("Matches published")
    CLOSED = "closed", gettext_lazy("Closed")


# Members see a cohort, and may apply within its windows, in these states.
LISTED_STATUSES = [CohortStatus.OPEN, CohortStatus.MATCHING, CohortStatus.PUBLISHED]
# A cohort whose matches were published stays in one of these: its mentorships exist and
# everyone was told, so neither applications nor the round can open again.
AFTER_PUBLISHING = [CohortStatus.PUBLISHED, CohortStatus.CLOSED]


class Role(models.TextChoices):
    MENTEE = "mentee", gettext_lazy("Mentee")
    MENTOR = "mentor", gettext_lazy("Mentor")


class WindowState(models.TextChoices):
    UPCOMING = "upcoming", pgettext_lazy("applications", "Opens soon")
    OPEN = "open", pgettext_lazy("applications", "Open")
    CLOSED = "closed", pgettext_lazy("applications", "Closed")


def counts_as_member(applicant: User, *, declared: bool, cohort: Cohort | None = None) -> bool:
    """Whether `applicant` counts as a member of the association, for a cohort that requires
    membership: the one place that decides it.

    Where the site offers the association's single sign-on, the association's own word
    decides: the membership recorded at the member's last sign-in through it (active, seen
    within MembershipRecord.CURRENT_FOR), and for a program that asks for membership of its
    unit (a division or round table), that unit among the recorded ones. What an applicant
    declares does not count there: anyone with an account here can sign in through the
    association once (a password account is linked by its verified address), so nobody
    depends on a tick. Self-declaration stays only on a site without single sign-on, where it
    is all there is; the application then tells them that coordinators may check it."""
    if not MembershipRecord.sign_in_offered():
        return declared
    record = MembershipRecord.objects.filter(user=applicant).first()
    return record is not None and record.covers(required_unit(cohort) if cohort else None)


def required_unit(cohort: Cohort) -> str | None:
    """The abbreviation of the unit whose membership the cohort's program asks for, if any."""
    program = cohort.program
    if program.membership == ProgramMembership.UNIT and program.unit.kind != UnitKind.ASSOCIATION:
        return program.unit.abbreviation
    return None


def membership_note(applicant: User, cohort: Cohort) -> str | None:
    """What the application says about the applicant's membership where the association's
    sign-in decides it (counts_as_member); None where the applicant says it themselves."""
    if not MembershipRecord.sign_in_offered():
        return None
    record = MembershipRecord.objects.filter(user=applicant).first()
    unit = required_unit(cohort)
    if record is None:
        return gettext(
            "The association tells us about your membership when you sign in with your "
            "association account. Sign out and sign in that way once: it finds this account "
            "by your email address."
        )
    seen = date_format(record.seen_at, "DATE_FORMAT")
    if record.covers(unit):
        if unit:
            return gettext(
                "The association confirmed your membership, %(unit)s included, when you "
                "last signed in with your association account on %(date)s."
            ) % {"unit": unit, "date": seen}
        return gettext(
            "The association confirmed your membership when you last signed in with your "
            "association account on %(date)s."
        ) % {"date": seen}
    if unit and record.is_current:
        return gettext(
            "When you last signed in with your association account, on %(date)s, the "
            "association did not list %(unit)s among your memberships. Joined since? Sign "
            "out and sign in with your association account again."
        ) % {"unit": unit, "date": seen}
    return gettext(
        "When you last signed in with your association account, on %(date)s, the "
        "association did not list a current membership. Renewed since? Sign out and sign in "
        "with your association account again."
    ) % {"date": seen}


class CohortQuerySet(models.QuerySet["Cohort"]):
    def listed(self) -> CohortQuerySet:
        return self.filter(status__in=LISTED_STATUSES)

    def coordinated_by(self, user: User) -> CohortQuerySet:
        """The cohorts `user` may manage: those of the programs they coordinate, or every one
        for staff who may change programs (curators)."""
        if user.has_perm("programs.change_program"):
            return self
        return self.filter(program__coordinators__user=user)


class Cohort(models.Model):
    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        related_name="cohorts",
        verbose_name=gettext_lazy("program"),
    )
    name = models.CharField(
        gettext_lazy("name"),
        max_length=120,
        help_text=gettext_lazy("For example “Spring 2026”."),
    )

    mentors_open_on = models.DateField(gettext_lazy("mentor applications open"))
    mentors_close_on = models.DateField(gettext_lazy("mentor applications close"))
    mentees_open_on = models.DateField(gettext_lazy("mentee applications open"))
    mentees_close_on = models.DateField(gettext_lazy("mentee applications close"))
    matching_on = models.DateField(gettext_lazy("matches published by"))
    starts_on = models.DateField(gettext_lazy("mentorships start"))
    ends_on = models.DateField(gettext_lazy("mentorships end"))

    places = models.PositiveSmallIntegerField(
        gettext_lazy("places for mentees"),
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    membership_required = models.BooleanField(
        gettext_lazy("membership of the association required")
    )
    students_welcome = models.BooleanField(gettext_lazy("students may apply"), default=True)
    mentor_min_years = models.PositiveSmallIntegerField(
        gettext_lazy("mentors' minimum years of experience"),
        default=0,
        validators=[MaxValueValidator(50)],
    )
    mentee_career_stages = models.ManyToManyField(
        CareerStage,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("mentees' career stages"),
        help_text=gettext_lazy("Mentees at these career stages only; none chosen means any stage."),
    )
    questions = ArrayField(
        models.CharField(max_length=200),
        size=MAX_QUESTIONS,
        default=list,
        blank=True,
        verbose_name=gettext_lazy("questions"),
        help_text=gettext_lazy("Up to five short questions every applicant answers."),
    )
    orientation = models.TextField(
        gettext_lazy("orientation"),
        blank=True,
        max_length=4000,
        help_text=gettext_lazy("What mentors must read and confirm before they can be matched."),
    )
    status = models.CharField(
        gettext_lazy("status"),
        max_length=10,
        choices=CohortStatus.choices,
        default=CohortStatus.DRAFT,
    )
    round_run_at = models.DateTimeField(gettext_lazy("round run at"), null=True, blank=True)
    published_at = models.DateTimeField(gettext_lazy("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=gettext_lazy("published by"),
    )
    created_at = models.DateTimeField(gettext_lazy("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("updated at"), auto_now=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("cohort")
        verbose_name_plural = gettext_lazy("cohorts")
        ordering = ["program__name", "-starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="cohort_name_once_a_program"),
            models.CheckConstraint(
                condition=Q(mentors_close_on__gte=F("mentors_open_on")),
                name="cohort_mentor_window_in_order",
            ),
            models.CheckConstraint(
                condition=Q(mentees_close_on__gte=F("mentees_open_on")),
                name="cohort_mentee_window_in_order",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="cohort_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(questions__len__lte=MAX_QUESTIONS), name="cohort_five_questions"
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="cohort_has_places"),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status__in=AFTER_PUBLISHING),
                name="cohort_stays_published",
            ),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"{self.program.name}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("cohorts:manage", args=[self.pk])

    def clean(self) -> None:
        """The dates follow each other (date_errors), and the status moves forward only
        through publishing: a cohort whose matches were published cannot take applications or
        run its round again (members would be promised matches that never come), and only
        publishing the round marks matches published. Both the coordinators' form and the
        admin ask this."""
        super().clean()
        errors = self.date_errors()
        if self.published_at is not None and self.status not in AFTER_PUBLISHING:
            errors["status"] = gettext(
                "This cohort's matches were published on %(date)s: its mentorships "
                "have started and everyone who applied was told, so it cannot open or "
                "match again. Choose “%(published)s” or “%(closed)s”; for another "
                "intake, open a new cohort."
            ) % {
                "date": date_format(timezone.localtime(self.published_at), gettext("j F Y")),
                "published": CohortStatus.PUBLISHED.label,
                "closed": CohortStatus.CLOSED.label,
            }
        if self.published_at is None and self.status == CohortStatus.PUBLISHED:
            errors["status"] = gettext(
                "Only the Publish button on the cohort's page publishes matches: it "
                "starts the mentorships and tells everyone. Choose another status "
                "until then."
            )
        if self.published_at is not None:
            errors = self.published_errors() | errors
        elif self.status != CohortStatus.CLOSED and self.told_closed_without_matches():
            errors["status"] = gettext(
                "This cohort closed without matches, and everyone waiting for them was told "
                "so: it cannot open or match again. For another intake, open a new "
                "cohort."
            )
        elif self.status == CohortStatus.DRAFT and (waiting := self.waiting_count()):
            # Refused rather than paused with an email: a draft is hidden from members, so an
            # applicant would be left with an application to a cohort they can no longer see,
            # waiting for matches nobody prepares, and "paused" promises nothing they can plan
            # on. Two honest ways remain: stop applications and carry on to the matches
            # ("Matching", or the windows' last days), or close it, which tells each of them.
            errors["status"] = ngettext(
                "%(count)d applicant is waiting for this cohort's matches, so it cannot go back "
                "to “%(draft)s”: they could no longer see it. To stop taking applications, "
                "choose “%(matching)s” (or end the application windows sooner); to stop the "
                "cohort, choose “%(closed)s”, which tells them.",
                "%(count)d applicants are waiting for this cohort's matches, so it cannot go "
                "back to “%(draft)s”: they could no longer see it. To stop taking applications, "
                "choose “%(matching)s” (or end the application windows sooner); to stop the "
                "cohort, choose “%(closed)s”, which tells them.",
                waiting,
            ) % {
                "count": waiting,
                "draft": CohortStatus.DRAFT.label,
                "matching": CohortStatus.MATCHING.label,
                "closed": CohortStatus.CLOSED.label,
            }
        if errors:
            raise ValidationError(errors)

    def waiting_count(self) -> int:
        """How many applicants wait for this cohort's matches: its submitted applications of
        members whose account is active (the round's, as its pages count them)."""
        if self.pk is None:
            return 0
        return (
            self.applications.filter(status=ApplicationStatus.SUBMITTED).of_active_members().count()
        )

    def published_errors(self) -> dict[str, str]:
        """What a cohort whose matches are published may no longer do, by field. Its
        mentorships' first and last days stay as they were: publishing gave them to every
        mentorship (Mentorship.starts_on) and its agreement (Agreement.planned_end_on), and
        told the pairs. And it closes only once the mentorships have ended: closing ends its
        surveys and stops its timeline's emails to the pairs (the mentorships themselves go
        on), which while they still meet would take the closing survey from them."""
        errors: dict[str, str] = {}
        stored = Cohort.objects.filter(pk=self.pk).values_list("starts_on", "ends_on").first()
        was_starts, was_ends = stored if stored else (None, None)
        for field, was in [("starts_on", was_starts), ("ends_on", was_ends)]:
            if was is not None and getattr(self, field) != was:
                errors[field] = gettext(
                    "The matches are published: each mentorship was made with this date and "
                    "the pairs were told it, so it stays %(date)s."
                ) % {"date": date_format(was, gettext("j F Y"))}
        ends_on = was_ends or self.ends_on
        if self.status == CohortStatus.CLOSED and ends_on and program_today() <= ends_on:
            errors["status"] = gettext(
                "The cohort's mentorships run until %(date)s. Closing it ends its surveys, "
                "the closing survey included, and stops its timeline's emails to the pairs, "
                "so it can close from %(next)s on; until then, keep “%(published)s”."
            ) % {
                "date": date_format(ends_on, gettext("j F Y")),
                "next": date_format(ends_on + datetime.timedelta(days=1), gettext("j F Y")),
                "published": CohortStatus.PUBLISHED.label,
            }
        return errors

    def told_closed_without_matches(self) -> bool:
        """Whether the cohort was closed before its matches were ever published, and its
        applicants told so (services.round_closed_without_matches): only that leaves an
        application of a cohort never published not matched."""
        return (
            self.pk is not None
            and self.published_at is None
            and self.applications.filter(status=ApplicationStatus.NOT_MATCHED).exists()
        )

    def date_errors(self) -> dict[str, str]:
        """What is wrong with the cohort's dates, by field: each window opens before it
        closes, matches are published once both windows have closed, mentorships start once
        matches are published and end after they start. A new cohort open for applications
        cannot have a window that has already closed. Dates a form could not read are None
        here and left to the form's own message."""
        errors: dict[str, str] = {}
        for opens, closes, message in [
            (
                self.mentors_open_on,
                "mentors_close_on",
                gettext("Mentor applications cannot end before they start."),
            ),
            (
                self.mentees_open_on,
                "mentees_close_on",
                gettext("Mentee applications cannot end before they start."),
            ),
        ]:
            closes_on = getattr(self, closes)
            if opens and closes_on and closes_on < opens:
                errors[closes] = message
        if self._state.adding and self.status == CohortStatus.OPEN:
            today = program_today()
            for closes in ["mentors_close_on", "mentees_close_on"]:
                closes_on = getattr(self, closes)
                if closes_on and closes_on < today and closes not in errors:
                    errors[closes] = gettext(
                        "This day has passed: a new cohort open for applications needs its "
                        "applications to close today or later."
                    )
        closings = [day for day in [self.mentors_close_on, self.mentees_close_on] if day]
        if self.matching_on and closings and self.matching_on < max(closings):
            errors["matching_on"] = gettext(
                "Matches cannot be published before applications close: choose %(date)s or later."
            ) % {"date": date_format(max(closings), gettext("j F Y"))}
        before_start = [day for day in [*closings, self.matching_on] if day]
        if self.starts_on and before_start and self.starts_on < max(before_start):
            errors["starts_on"] = gettext(
                "Mentorships cannot start before applications close and matches are "
                "published: choose %(date)s or later."
            ) % {"date": date_format(max(before_start), gettext("j F Y"))}
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = gettext("Mentorships must end after the day they start.")
        return errors

    def window(self, role: str) -> tuple[datetime.date, datetime.date]:
        if role == Role.MENTOR:
            return self.mentors_open_on, self.mentors_close_on
        return self.mentees_open_on, self.mentees_close_on

    def window_state(self, role: str, today: datetime.date) -> WindowState:
        """Whether `role` may apply on `today`: both the first and the last day count."""
        if self.status != CohortStatus.OPEN:
            return WindowState.CLOSED
        opens_on, closes_on = self.window(role)
        if today < opens_on:
            return WindowState.UPCOMING
        if today > closes_on:
            return WindowState.CLOSED
        return WindowState.OPEN

    @property
    def is_published(self) -> bool:
        return self.status in {CohortStatus.PUBLISHED, CohortStatus.CLOSED}

    def refusal(
        self,
        *,
        role: str,
        profile: Profile | None,
        is_member: bool,
        is_student: bool,
        years: int | None,
        today: datetime.date,
    ) -> str | None:
        """Why this member may not apply in `role` now, in words for them; None if they may.
        `profile` is the member's own, with its career stage loaded; `is_member` is
        counts_as_member's answer."""
        opens_on, closes_on = self.window(role)
        state = self.window_state(role, today)
        if state == WindowState.UPCOMING:
            opens = {"date": date_format(opens_on, gettext("l j F Y"))}
            if role == Role.MENTOR:
                return gettext("Mentor applications open on %(date)s.") % opens
            return gettext("Mentee applications open on %(date)s.") % opens
        if state == WindowState.CLOSED:
            if role == Role.MENTOR:
                return gettext("Mentor applications for %(cohort)s are closed.") % {
                    "cohort": self.name
                }
            return gettext("Mentee applications for %(cohort)s are closed.") % {"cohort": self.name}
        if profile is None or profile.completed_at is None:
            return gettext("Finish your profile first: the program reads it with your application.")
        if self.membership_required and not is_member:
            return gettext(
                "%(program)s is for members of the association: this cohort needs membership."
            ) % {"program": self.program.name}
        if is_student and not self.students_welcome:
            return gettext("This cohort of %(program)s does not take students.") % {
                "program": self.program.name
            }
        if role == Role.MENTOR:
            if (years or 0) < self.mentor_min_years:
                return gettext(
                    "Mentors in this cohort have at least %(years)d years of experience."
                ) % {"years": self.mentor_min_years}
            if profile.active_mentee_count >= MOST_MENTEES:
                return gettext(
                    "You already mentor %(most)d people, the most MentorConnect allows at once."
                ) % {"most": MOST_MENTEES}
        else:
            stages = list(self.mentee_career_stages.all())
            if stages and profile.career_stage_id not in {stage.pk for stage in stages}:
                names = ", ".join(str(stage) for stage in stages)
                return gettext(
                    "This cohort's mentees are at these career stages: %(stages)s. Your profile "
                    "says otherwise; if it is out of date, update it first."
                ) % {"stages": names}
        return None


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")
    MATCHED = "matched", gettext_lazy("Matched")
    NOT_MATCHED = "not_matched", gettext_lazy("Not matched this time")


class ApplicationQuerySet(models.QuerySet["Application"]):
    def live(self) -> ApplicationQuerySet:
        return self.exclude(status=ApplicationStatus.WITHDRAWN)

    def of_active_members(self) -> ApplicationQuerySet:
        """Applications of members whose account is active: a member deactivated by any means
        (the admin, a bulk UPDATE) is offered to nobody to rank and matched with nobody, while
        their application stays on record."""
        return self.exclude(applicant__in=User.objects.deactivated_ids())

    def in_round(self) -> ApplicationQuerySet:
        """Applications the matching round considers."""
        return self.filter(status=ApplicationStatus.SUBMITTED).of_active_members()

    def tally(self) -> dict[str, int]:
        """How many of these applications the coordinators' pages count (live ones of active
        members, as the round and the cohort's page count them), of which how many mentees
        and mentors, and how many they list but do not count: the withdrawn ones and those of
        closed accounts. One query."""
        withdrawn = Q(status=ApplicationStatus.WITHDRAWN)
        closed = Q(applicant__in=User.objects.deactivated_ids())
        return self.aggregate(
            counted=Count("pk", filter=~withdrawn & ~closed),
            mentees=Count("pk", filter=~withdrawn & ~closed & Q(role=Role.MENTEE)),
            mentors=Count("pk", filter=~withdrawn & ~closed & Q(role=Role.MENTOR)),
            withdrawn=Count("pk", filter=withdrawn),
            account_closed=Count("pk", filter=~withdrawn & closed),
        )


class Application(models.Model):
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=gettext_lazy("cohort"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cohort_applications",
        verbose_name=gettext_lazy("applicant"),
    )
    role = models.CharField(gettext_lazy("role"), max_length=6, choices=Role.choices)
    # In the order of the cohort's questions.
    answers = ArrayField(
        models.TextField(max_length=2000),
        default=list,
        blank=True,
        verbose_name=gettext_lazy("answers"),
    )
    capacity = models.PositiveSmallIntegerField(
        gettext_lazy("mentees I can take in this cohort"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MOST_MENTEES)],
    )
    years_of_experience = models.PositiveSmallIntegerField(
        gettext_lazy("years of experience"), null=True, blank=True
    )
    is_member = models.BooleanField(gettext_lazy("member of the association"), default=False)
    is_student = models.BooleanField(gettext_lazy("student"), default=False)
    orientation_confirmed_at = models.DateTimeField(
        gettext_lazy("orientation confirmed at"), null=True, blank=True
    )
    status = models.CharField(
        gettext_lazy("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    # A mentee the round did not match: the open circles in their areas when it was published,
    # or closed without matches ([{"title", "path"}], at most three), for the email that tells
    # them. Circles live a layer up (mentorships/circles), so publishing, or mentorships told of
    # the closing (services.closed_without_matches), finds them and leaves them here.
    circles_offered = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(gettext_lazy("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("updated at"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("application")
        verbose_name_plural = gettext_lazy("applications")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "applicant"],
                condition=~Q(status="withdrawn"),
                name="one_live_application_per_person_and_cohort",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MOST_MENTEES),
                name="application_capacity_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "role", "status"]),
            models.Index(fields=["applicant", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} application {self.pk} to {self.cohort_id}"

    @property
    def account_closed(self) -> bool:
        """Whether the applicant's account was deactivated: the round leaves them out and the
        coordinators' pages do not count them (applicant loaded)."""
        return not self.applicant.is_active

    @property
    def is_withdrawable(self) -> bool:
        return self.status == ApplicationStatus.SUBMITTED and not self.cohort.is_published

    def answered_questions(self) -> list[tuple[str, str]]:
        answers = list(self.answers) + [""] * len(self.cohort.questions)
        return list(zip(self.cohort.questions, answers, strict=False))


class RankedChoice(models.Model):
    """A mentor a mentee would most like, 1 being the most wanted."""

    mentee_application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="ranked_choices"
    )
    mentor_application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="ranked_by"
    )
    rank = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RANKED)]
    )

    class Meta:
        ordering = ["mentee_application", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee_application", "rank"], name="one_mentor_per_rank"
            ),
            models.UniqueConstraint(
                fields=["mentee_application", "mentor_application"], name="one_rank_per_mentor"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=MAX_RANKED), name="rank_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_application_id} ranks {self.mentor_application_id} #{self.rank}"


class Exclusion(models.Model):
    """A person the applicant must not be matched with (a line manager, the same employer).

    Only the applicant and the round see it: never the excluded person, and no page of the
    coordinators names it."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="exclusions"
    )
    excluded_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "excluded_user"], name="one_exclusion_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Exclusion on application {self.application_id}"


class DraftPair(models.Model):
    """A pair of the round's draft, until the coordinators publish it. A locked pair stays
    through every re-run."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="draft_pairs")
    mentee_application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="draft_pair"
    )
    mentor_application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="draft_pairs_as_mentor"
    )
    score = models.FloatField()
    locked = models.BooleanField(default=False)
    reasons = models.CharField(max_length=500, blank=True)
    # The mentorship publishing made of the pair: how the round's report finds the round's
    # mentorships (a string reference, so programs imports nothing of mentorships, the layer
    # above). Emptied if the mentorship is deleted with an account.
    mentorship = models.OneToOneField(
        "mentorships.Mentorship",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cohort_pair",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-locked", "-score", "pk"]
        indexes = [models.Index(fields=["cohort", "locked"])]

    def __str__(self) -> str:
        return f"Draft pair {self.mentee_application_id}–{self.mentor_application_id}"


# The timeline and the evaluation


class MilestoneKind(models.TextChoices):
    KICK_OFF = "kick_off", gettext_lazy("Kick-off")
    TOPIC = "topic", gettext_lazy("Monthly topic")
    MIDPOINT = "midpoint", gettext_lazy("Midpoint")
    WRAP_UP = "wrap_up", gettext_lazy("Wrap-up")


# A cohort has at most one milestone of these kinds: each emails every pair, and the midpoint
# and the wrap-up invite them to a survey, so a second one would ask everyone twice.
ONCE_A_COHORT = [MilestoneKind.KICK_OFF, MilestoneKind.MIDPOINT, MilestoneKind.WRAP_UP]


class Milestone(models.Model):
    """A dated step of a cohort's timeline. On its day it reaches both people of every
    published pair by email, once each (reminders.COHORT_MILESTONE); a midpoint or a wrap-up
    invites them to the survey of the same name."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="milestones")
    on = models.DateField(gettext_lazy("date"))
    kind = models.CharField(gettext_lazy("kind"), max_length=8, choices=MilestoneKind.choices)
    title = models.CharField(gettext_lazy("title"), max_length=120)
    text = models.TextField(
        gettext_lazy("text"),
        blank=True,
        max_length=2000,
        help_text=gettext_lazy("What the pairs should do or talk about."),
    )
    created_at = models.DateTimeField(gettext_lazy("created at"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("milestone")
        verbose_name_plural = gettext_lazy("milestones")
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of cohort {self.cohort_id} on {self.on}"

    @property
    def survey(self) -> str | None:
        """The survey this milestone invites the pairs to, if any."""
        return SURVEY_OF_MILESTONE.get(self.kind)


class Survey(models.TextChoices):
    MIDPOINT = "midpoint", gettext_lazy("Midpoint survey")
    CLOSING = "closing", gettext_lazy("Closing survey")


SURVEY_OF_MILESTONE: dict[str, str] = {
    MilestoneKind.MIDPOINT: Survey.MIDPOINT,
    MilestoneKind.WRAP_UP: Survey.CLOSING,
}


class SurveyResponse(models.Model):
    """A participant's answers to one of a cohort's surveys: theirs alone. Coordinators see
    only aggregates (evaluation.survey_figures), never a response with a name; the
    confidential feedback between the two people of a mentorship is another thing entirely."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="survey_responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_survey_responses"
    )
    survey = models.CharField(gettext_lazy("survey"), max_length=8, choices=Survey.choices)
    satisfaction = models.PositiveSmallIntegerField(
        gettext_lazy("How satisfied are you with the program so far?"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    goals_met = models.PositiveSmallIntegerField(
        gettext_lazy("How far has it helped you towards your goals?"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    would_recommend = models.PositiveSmallIntegerField(
        gettext_lazy("How likely are you to recommend the program to a colleague?"),
        validators=[MaxValueValidator(10)],
    )
    comment = models.TextField(
        gettext_lazy("Anything you would like the coordinators to know?"),
        blank=True,
        max_length=2000,
    )
    created_at = models.DateTimeField(gettext_lazy("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("updated at"), auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("survey response")
        verbose_name_plural = gettext_lazy("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "respondent", "survey"], name="one_survey_response_each"
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=5),
                name="survey_satisfaction_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(goals_met__gte=1, goals_met__lte=5), name="survey_goals_met_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(would_recommend__lte=10), name="survey_recommend_0_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_survey_display()} response {self.pk}"
