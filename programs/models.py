"""The directory of the association's mentoring programs, curated by staff in the admin.

Unknown facts stay unknown: the nullable booleans and the "unknown" choices mean "the program's
pages did not say", which the public pages show as "Not stated" rather than guessing.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from mentorconnect.dates import date_format
from mentorconnect.expressions import SQLExpression
from profiles.models import CareerStage, LibraryType

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from profiles.models import Profile, User

# How long a curator's review stays fresh before a program shows up as needing another look.
REVIEW_EVERY_MONTHS = 12
# "Deadline soon" on the public directory.
DEADLINE_SOON_DAYS = 30
# Paths under /programs/ that are pages of their own, so no program may take them as its slug.
RESERVED_SLUGS = frozenset({"feed", "saved", "review"})
# The directory's entry for the association's earlier MentorConnect (a feature of ALA Connect):
# this service's own predecessor, so it is never suggested to members of this one.
THIS_SERVICE_SLUG = "ala-mentorconnect"


def one_year_earlier(day: datetime.date) -> datetime.date:
    return shift_years(day, -1)


def shift_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` later; 29 February becomes 28 February in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# Words every program's text has, which say nothing about which area it speaks of.
WORDS_EVERY_PROGRAM_HAS = frozenset({"library", "libraries", "program", "programs", "mentoring"})


def area_search(name: str) -> str:
    """What a program's text is searched for to find an area (a PostgreSQL web search): every
    word of one of the things the area's name joins with "and" or commas, the words in
    brackets left out. A single word shares the noun or the subject the other part names:
    "Early literacy and storytime" is "Early literacy or Early storytime", so a program for
    early-career librarians is not about early literacy; "Teen and young adult services" is
    "Teen services or young adult services"; "Equity, diversity and inclusion" any of the
    three. Searching the first telling word alone ("Early", "Career", "Project") found
    programs that had nothing to do with the area."""
    name = re.sub(r"\([^)]*\)", " ", name)
    parts = [part.split() for part in re.split(r",|\band\b", name) if part.split()]
    if len(parts) > 1:
        first, last = parts[0], parts[-1]
        if len(last) > 1:
            parts = [part + last[-1:] if len(part) == 1 else part for part in parts[:-1]] + [last]
        elif len(first) > 1:
            parts[-1] = first[:1] + last
    # Quotes and a leading minus would mean a phrase or "without" to the web search.
    phrases = [
        " ".join(word.strip('-"') for word in part if word.lower() not in WORDS_EVERY_PROGRAM_HAS)
        for part in parts
    ]
    return " or ".join(phrase for phrase in phrases if phrase.strip())


# Who a program is for (its audience), by the career stage a member gives in their profile.
STAGE_AUDIENCES = {
    "LIS student": "students",
    "Library support staff / paraprofessional": "support_staff",
    "New professional (0-2 years)": "new_librarians",
    "Early career (under 5 years)": "new_librarians",
    "Mid-career (5-15 years)": "mid_career",
    "New manager or first-year director": "leaders",
    "Administrator / director": "leaders",
    "Career changer or returning to the profession": "career_changers",
    "Retired": "retirees",
}


def interests_of(profile: Profile | None) -> list[str]:
    """The English names of the areas the member wants help with or mentors in, sorted: what
    programs are searched for (area_search)."""
    if profile is None or profile.pk is None:
        return []
    return sorted(profile.own_areas.names)


def fields_of(profile: Profile | None) -> list[str]:
    """The English names of the fields (groups) of the member's areas, sorted: a program that
    speaks of "technical services" is for a member who wants help with cataloging."""
    if profile is None or profile.pk is None:
        return []
    return sorted(profile.own_areas.fields)


class AreasSpoken(SQLExpression):
    """The positions (from 0) of the areas' searches (area_search) a program's text matches,
    each an English web search; an empty search matches nothing. One expression for every
    area: one `@@` per area took longer to compile than the query runs."""

    columns = ("vector",)
    output_field = ArrayField(models.IntegerField())

    def __init__(self, searches: list[str]) -> None:
        super().__init__(F("text_vector"))
        self.searches = searches

    def sql_and_values(self) -> tuple[str, list[Any]]:
        return (
            "ARRAY(SELECT (k.position - 1)::integer"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS k(search, position)"
            " WHERE k.search <> ''"
            " AND {vector} @@ websearch_to_tsquery('english'::regconfig, k.search)"
            " ORDER BY k.position)",
            [self.searches],
        )


class CohortWindow(SQLExpression):
    """One edge ("opens_on" or "closes_on") of the window of a program's cohorts that members
    can still apply in on `today` (ProgramQuerySet.with_application_window says which). One
    piece of SQL: built of the ORM's Case and Subquery, the window took longer to compile than
    the directory's whole query to run, once for every place the filters and sorts name it."""

    columns = ("program",)
    output_field = models.DateField()

    def __init__(self, edge: str, today: datetime.date) -> None:
        super().__init__(F("pk"))
        if edge not in {"opens_on", "closes_on"}:
            raise ValueError(edge)
        self.edge, self.today = edge, today

    def sql_and_values(self) -> tuple[str, list[Any]]:
        # Imported here: the cohorts' models import this module.
        from .cohorts.models import Cohort, CohortStatus

        return (
            f"(SELECT w.{self.edge} FROM {Cohort._meta.db_table} c"  # noqa: S608 - names only
            " CROSS JOIN LATERAL (VALUES (c.mentees_open_on, c.mentees_close_on),"
            " (c.mentors_open_on, c.mentors_close_on)) AS w(opens_on, closes_on)"
            " WHERE c.program_id = {program} AND c.status = %s AND w.closes_on >= %s"
            " ORDER BY w.opens_on, w.closes_on DESC, c.id LIMIT 1)",
            [CohortStatus.OPEN.value, self.today],
        )


class UnitKind(models.TextChoices):
    DIVISION = "division", _("Division")
    ROUND_TABLE = "round_table", _("Round table")
    OFFICE = "office", _("Office")
    AFFILIATE = "affiliate", _("Affiliate")
    ASSOCIATION = "association", _("The association")
    EXTERNAL = "external", _("External association")


class UnitStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    FORMER = "former", _("Former (merged or dissolved)")


class Unit(models.Model):
    """A part of the association (or a partner association) that runs mentoring programs."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    url = models.URLField(_("website"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=UnitStatus.choices, default=UnitStatus.ACTIVE
    )
    status_notes = models.CharField(
        _("status notes"),
        max_length=200,
        blank=True,
        help_text=_("For a former unit: when and into what it merged."),
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        if self.abbreviation and self.abbreviation != self.name:
            return f"{self.name} ({self.abbreviation})"
        return self.name


class Audience(models.TextChoices):
    STUDENTS = "students", _("Students")
    NEW_LIBRARIANS = "new_librarians", _("New librarians")
    MID_CAREER = "mid_career", _("Mid-career")
    LEADERS = "leaders", _("Leaders and aspiring leaders")
    UNDERREPRESENTED = "underrepresented", _("Underrepresented groups")
    SUPPORT_STAFF = "support_staff", _("Library support staff")
    CAREER_CHANGERS = "career_changers", _("Career changers and returners")
    RETIREES = "retirees", _("Retirees")
    ANY_STAGE = "any_stage", _("Any career stage")


class Format(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("One-to-one")
    GROUP = "group", _("Group or cohort")
    PEER = "peer", _("Peer")
    E_MENTORING = "e_mentoring", _("E-mentoring")
    RESIDENCY = "residency", _("Residency")


# Each value's label, looked up once per program listed (TextChoices.values is worked out anew
# at each call).
AUDIENCE_LABELS = dict(Audience.choices)
FORMAT_LABELS = dict(Format.choices)


class Membership(models.TextChoices):
    NONE = "none", _("No membership needed")
    ASSOCIATION = "association", _("Association membership")
    UNIT = "unit", _("Membership of the unit")
    UNKNOWN = "unknown", _("Not stated")


class Location(models.TextChoices):
    VIRTUAL = "virtual", _("Virtual")
    IN_PERSON = "in_person", _("In person")
    BOTH = "both", _("Virtual and in person")


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not public yet)")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ARCHIVED = "archived", _("Archived")


PUBLIC_STATUSES = [ProgramStatus.ACTIVE, ProgramStatus.PAUSED]


def program_today() -> datetime.date:
    """The day program dates are judged by: the association's (Chicago), not the server's UTC,
    so a window that closes on 4 December is still open that evening for members across North
    America, and one that opens on 4 December opens that morning."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(settings.PROGRAMS_TIME_ZONE))


class ApplicationWindow(NamedTuple):
    """When a program takes applications, as ProgramQuerySet.with_application_window works it
    out: `on_site` when those are the dates of its cohort on MentorConnect."""

    rolling: bool
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    on_site: bool


class WindowBadge(NamedTuple):
    """What a list or a program's page shows of its application window: the badge's class
    (its colour) and its words."""

    css_class: str
    text: SafeString


def _said(words: str, day: datetime.date | None = None) -> SafeString:
    """Words from our own catalogues, trusted as {% translate %} trusts them; the date in them
    ("4 Dec 2026") escaped, as {% blocktranslate %} does."""
    if day is not None:
        # Translators: a day in a program's application window, e.g. "4 Dec 2026".
        words %= {"date": conditional_escape(date_format(day, gettext("j M Y")))}
    return mark_safe(words)  # noqa: S308 - see the docstring


class ProgramQuerySet(models.QuerySet["Program"]):
    """Every rule about which programs are listed, open, closing or stale lives here.

    Dates are compared with the caller's `today` (a date, not a time), so that every boundary is
    whole days: a window that opens today is open, one that closes today is still open, and one
    that closed yesterday is closed.
    """

    def public(self) -> ProgramQuerySet:
        # Paused programs stay listed so people know they exist; drafts and archived ones do not.
        return self.filter(status__in=PUBLIC_STATUSES)

    def speaking_of(self, area_names: list[str]) -> ProgramQuerySet:
        """Programs whose name or description speaks of any of these areas of expertise
        (area_search)."""
        searches = sorted({area_search(name) for name in area_names} - {""})
        if not searches:
            return self.none()
        return self.alias(spoken=AreasSpoken(searches)).exclude(spoken=[]).order_by(Upper("name"))

    def open_to(self, profile: Profile | None) -> ProgramQuerySet:
        """Programs not limited to career stages or library types other than the member's: a
        program that names none is open to all of them."""
        programs = self
        stage_id = profile.career_stage_id if profile else None
        type_id = profile.library_type_id if profile else None
        for through, column, value in (
            (self.model.career_stages.through, "careerstage_id", stage_id),
            (self.model.library_types.through, "librarytype_id", type_id),
        ):
            if value:
                named = through.objects.filter(program=OuterRef("pk"))
                programs = programs.exclude(
                    Exists(named) & ~Exists(named.filter(**{column: value}))
                )
        return programs

    def with_application_window(self, today: datetime.date) -> ProgramQuerySet:
        """Annotates the application window members can use on `today`, which the filters,
        the sorts and Program.window_state all read.

        A program with a cohort on MentorConnect that takes applications (status open, and its
        mentee or mentor window closing today or later) has that cohort's window: of all such
        windows of all its cohorts, the one that opens first (on the same day, the one that
        stays open longer), from its opening to its closing day. Otherwise the curated fields
        apply: `opens_on`, `closes_on` and `rolling`. Annotates `cohort_opens_on` and
        `cohort_closes_on` (None without such a cohort), `application_opens_on`,
        `application_closes_on` and `application_rolling`. The filters and the sort below
        annotate it themselves, so they chain in any order (annotating again is harmless).
        """
        return self.annotate(
            cohort_opens_on=CohortWindow("opens_on", today),
            cohort_closes_on=CohortWindow("closes_on", today),
            application_opens_on=Coalesce("cohort_opens_on", "opens_on"),
            application_closes_on=Coalesce("cohort_closes_on", "closes_on"),
            application_rolling=ExpressionWrapper(
                Q(rolling=True, cohort_opens_on__isnull=True),
                output_field=models.BooleanField(),
            ),
        )

    def open_now(self, today: datetime.date) -> ProgramQuerySet:
        # A window with only a closing date is taken as open until it closes; one with only an
        # opening date as open from then on. Without dates (and not rolling) we cannot say.
        window = (
            Q(application_opens_on__isnull=False) | Q(application_closes_on__isnull=False)
        ) & (
            (Q(application_opens_on__isnull=True) | Q(application_opens_on__lte=today))
            & (Q(application_closes_on__isnull=True) | Q(application_closes_on__gte=today))
        )
        return (
            self.with_application_window(today)
            .filter(status=ProgramStatus.ACTIVE)
            .filter(Q(application_rolling=True) | window)
        )

    def closing_within(self, days: int, today: datetime.date) -> ProgramQuerySet:
        last_day = today + datetime.timedelta(days=days)
        return self.with_application_window(today).filter(
            Q(application_closes_on__gte=today) & Q(application_closes_on__lte=last_day),
            status=ProgramStatus.ACTIVE,
        )

    def reviewed(self) -> ProgramQuerySet:
        """Programs a curator has checked: a review is a person and a day (Program.mark_reviewed).
        A date without a reviewer (a bulk load's) is not a review."""
        return self.filter(last_reviewed_on__isnull=False, reviewed_by__isnull=False)

    def needs_review(self, today: datetime.date) -> ProgramQuerySet:
        """Not reviewed since this day a year ago (reviewed exactly a year ago is due today),
        never-reviewed programs first, then the longest unchecked."""
        cutoff = shift_years(today, -REVIEW_EVERY_MONTHS // 12)
        fresh = self.reviewed().filter(last_reviewed_on__gt=cutoff)
        return (
            self.exclude(status=ProgramStatus.ARCHIVED)
            .exclude(pk__in=fresh.values("pk"))
            .alias(
                checked_on=models.Case(
                    models.When(reviewed_by__isnull=False, then=F("last_reviewed_on"))
                )
            )
            .order_by(F("checked_on").asc(nulls_first=True), Upper("name"), "pk")
        )

    def virtual(self) -> ProgramQuerySet:
        # E-mentoring happens online whatever the location field says.
        return self.filter(
            Q(location__in=[Location.VIRTUAL, Location.BOTH])
            | Q(formats__contains=[Format.E_MENTORING])
        )

    def by_next_deadline(self, today: datetime.date) -> ProgramQuerySet:
        """Programs with a coming closing date first (soonest first), then rolling ones, then
        the rest (past or unknown deadlines) by name."""
        coming = Q(application_closes_on__gte=today)
        upcoming = models.Case(
            models.When(coming, then=Value(0)),
            models.When(application_rolling=True, then=Value(1)),
            default=Value(2),
        )
        return (
            self.with_application_window(today)
            .alias(deadline_group=upcoming)
            .order_by(
                "deadline_group",
                models.Case(models.When(coming, then=F("application_closes_on"))).asc(),
                Upper("name"),
                "pk",
            )
        )

    def with_saved_by(self, user: User | AnonymousUser) -> ProgramQuerySet:
        """Annotates `is_saved` for this member (False for anonymous visitors)."""
        if not user.is_authenticated:
            return self.annotate(is_saved=Value(False))
        return self.annotate(
            is_saved=Exists(SavedProgram.objects.filter(user=user, program=OuterRef("pk")))
        )

    def ranked_for_member(self, profile: Profile | None, today: datetime.date) -> list[Program]:
        """Public programs for this member, best first.

        A program that names the member's career stage or library type matches strongly; one
        that names no stages (or no types) is open to all and matches weakly; one that names only
        other stages or types is left out. A program for the member's group ("Library support
        staff") fits better than one open to all, and one whose name or description speaks of
        the member's interests (the areas they want help with or mentor in) ranks higher. The
        best fit comes first, and among equal fits the programs taking applications now:
        ranking open programs first gave very different members the same few rolling programs.
        This service's own predecessor is never listed.

        A member who said anything of themselves is offered only programs that have to do with
        what they said: programs that speak of one of their areas or are limited to their library
        type, and, for a member who named no area or whose areas no program speaks of, programs
        limited to their career stage or for their group, and programs that speak of the field
        of one of their areas (its group: "technical services" for cataloging), each with its
        reason, except those for underrepresented groups, which the profile cannot tell. Being
        open to them (to everyone, or to everyone at their stage) is not enough, and a program
        for their stage or field does not crowd out one that speaks of what they want help with.
        Telling a new professional "no program fits your profile" while the directory lists one
        for new professionals, open now, read as a mistake; so did telling a library technician
        who wants help with cataloging the same while it lists one for technical services, open
        to every stage: programs speak of fields more often than of the areas within them.

        Each program comes with what its reasons say: `names_stage_of_member`,
        `names_type_of_member`, `interests_spoken` (the positions, in `interests_of(profile)`,
        of the interests it speaks of) and `fields_spoken` (the English names of the fields of
        their areas it speaks of).

        The directory holds dozens of programs: one plain query for all of them, ranked here,
        costs a dashboard less than the same rules built into SQL expressions on every visit.
        """
        stage_id = profile.career_stage_id if profile else None
        type_id = profile.library_type_id if profile else None
        stage = profile.career_stage if profile and stage_id else None
        audience = STAGE_AUDIENCES.get(stage.name) if stage else None
        interests = interests_of(profile)
        fields = fields_of(profile)
        through_stages = self.model.career_stages.through.objects.filter(program=OuterRef("pk"))
        through_types = self.model.library_types.through.objects.filter(program=OuterRef("pk"))
        programs = (
            self.public()
            .exclude(slug=THIS_SERVICE_SLUG)
            .open_to(profile)
            .with_application_window(today)
            .annotate(
                stage_ids=ArraySubquery(through_stages.values("careerstage_id")),
                type_ids=ArraySubquery(through_types.values("librarytype_id")),
                # The interests' searches, then their fields': one expression for both.
                spoken=AreasSpoken([area_search(name) for name in [*interests, *fields]]),
            )
            # Equal programs stay in this order: sorted() below keeps it.
            .order_by(Upper("name"))
        )

        def match_score(program: Program) -> int:
            named_stage = program.names_stage_of_member  # type: ignore[attr-defined]
            named_type = program.names_type_of_member  # type: ignore[attr-defined]
            return (
                (3 if named_stage else 1 if stage_id else 0)
                + (3 if named_type else 1 if type_id else 0)
                + (2 if audience and audience in program.audience else 0)
                # What the member wants help with or mentors in counts most, then its field.
                + (4 if program.interests_spoken else 0)  # type: ignore[attr-defined]
                + (2 if program.fields_spoken else 0)  # type: ignore[attr-defined]
            )

        names_areas = any(area_search(name) for name in interests)
        personal = bool(stage_id or type_id or names_areas)

        def deadline(program: Program) -> tuple[int, datetime.date]:
            # The nearest coming deadline first; past or no deadlines after.
            closes_on = program.application_window.closes_on
            if closes_on and closes_on >= today:
                return (0, closes_on)
            return (1, datetime.date.max)

        def concerns_member(program: Program, *, by_stage: bool) -> bool:
            if program.interests_spoken or program.names_type_of_member:  # type: ignore[attr-defined]
                return True
            # The profile does not say whether the member belongs to a group a program is for
            # (Spectrum Scholars, a residency for underrepresented librarians): their stage or
            # field alone does not make such a program theirs.
            return (
                by_stage
                and Audience.UNDERREPRESENTED not in program.audience
                and bool(
                    program.names_stage_of_member  # type: ignore[attr-defined]
                    or (audience and audience in program.audience)
                    or program.fields_spoken  # type: ignore[attr-defined]
                )
            )

        chosen = []
        for program in programs:
            program.names_stage_of_member = bool(stage_id and stage_id in program.stage_ids)  # type: ignore[attr-defined]
            program.names_type_of_member = bool(type_id and type_id in program.type_ids)  # type: ignore[attr-defined]
            spoken = program.spoken
            program.interests_spoken = [i for i in spoken if i < len(interests)]  # type: ignore[attr-defined]
            fields_spoken = [fields[i - len(interests)] for i in spoken if i >= len(interests)]
            program.fields_spoken = fields_spoken  # type: ignore[attr-defined]
            chosen.append(program)

        def limited(program: Program) -> bool:
            # To some career stages or library types, or to underrepresented groups: for a
            # member who said nothing of themselves, listed after the programs open to all.
            return bool(
                program.stage_ids  # type: ignore[attr-defined]
                or program.type_ids  # type: ignore[attr-defined]
                or Audience.UNDERREPRESENTED in program.audience
            )

        if personal:
            by_areas = [p for p in chosen if concerns_member(p, by_stage=not names_areas)]
            chosen = by_areas or [p for p in chosen if concerns_member(p, by_stage=True)]
        return sorted(
            chosen,
            key=lambda program: (
                -match_score(program) if personal else limited(program),
                program.window_state(today) not in ("rolling", "open"),
                deadline(program),
            ),
        )

    def for_feed(self, today: datetime.date) -> ProgramQuerySet:
        """Public programs by their latest news: being added, or opening for applications."""
        opened = models.Case(models.When(opens_on__lte=today, then=F("opens_on")))
        return (
            self.public()
            .annotate(
                news_on=models.Func(
                    models.functions.TruncDate("created_at"),
                    opened,
                    function="GREATEST",
                    output_field=models.DateField(),
                )
            )
            .order_by("-news_on", "-created_at")
        )


class Program(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="programs", verbose_name=_("unit")
    )
    summary = models.CharField(
        _("summary"), max_length=400, help_text=_("One or two sentences, shown in the directory.")
    )
    description = models.TextField(_("description"), blank=True)
    # What the program speaks of, for AreasSpoken: kept by PostgreSQL with the row, since
    # making it from the text for every program on every dashboard cost more than the rest of
    # the query.
    text_vector = models.GeneratedField(
        expression=SearchVector("name", "summary", "description", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    audience = ArrayField(
        models.CharField(max_length=20, choices=Audience.choices),
        default=list,
        blank=True,
        verbose_name=_("audience"),
        help_text=_("Who the program is for. Leave empty if the program does not say."),
    )
    audience_notes = models.CharField(
        _("who it is for, in the program's words"), max_length=400, blank=True
    )
    library_types = models.ManyToManyField(
        LibraryType,
        blank=True,
        related_name="programs",
        verbose_name=_("library types"),
        help_text=_("Only if the program is limited to some library types; empty means any."),
    )
    career_stages = models.ManyToManyField(
        CareerStage,
        blank=True,
        related_name="programs",
        verbose_name=_("career stages"),
        help_text=_("Only if the program is limited to some career stages; empty means any."),
    )
    formats = ArrayField(
        models.CharField(max_length=20, choices=Format.choices),
        default=list,
        blank=True,
        verbose_name=_("formats"),
    )
    duration = models.CharField(_("duration"), max_length=200, blank=True)

    is_free = models.BooleanField(
        _("free to take part"), null=True, blank=True, help_text=_("Leave unknown if not stated.")
    )
    cost_amount = models.DecimalField(
        _("cost (US dollars)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    cost_notes = models.CharField(_("cost notes"), max_length=300, blank=True)

    membership = models.CharField(
        _("membership needed"),
        max_length=12,
        choices=Membership.choices,
        default=Membership.UNKNOWN,
    )
    membership_notes = models.CharField(_("membership notes"), max_length=400, blank=True)
    open_to_part_time = models.BooleanField(_("open to part-time staff"), null=True, blank=True)
    open_to_students = models.BooleanField(_("open to students"), null=True, blank=True)
    open_to_between_jobs = models.BooleanField(
        _("open to people between jobs"), null=True, blank=True
    )
    open_to_retired = models.BooleanField(_("open to retired people"), null=True, blank=True)

    location = models.CharField(
        _("location"),
        max_length=10,
        choices=Location.choices,
        blank=True,
        help_text=_("Empty means not stated."),
    )
    region = models.CharField(
        _("region"),
        max_length=120,
        blank=True,
        help_text=_("Where in-person meetings happen, if anywhere."),
    )

    rolling = models.BooleanField(
        _("rolling applications"),
        default=False,
        help_text=_("Applications are taken at any time (then leave the dates empty)."),
    )
    opens_on = models.DateField(_("applications open"), null=True, blank=True)
    closes_on = models.DateField(_("applications close"), null=True, blank=True)
    application_notes = models.CharField(
        _("application notes"),
        max_length=300,
        blank=True,
        help_text=_("The usual cycle, e.g. “Annual; due mid-July”."),
    )
    application_url = models.URLField(_("application link"), blank=True)
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("An email address or name.")
    )

    status = models.CharField(
        _("status"), max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.ACTIVE
    )
    # A curator's review: who checked the facts against the source, and on which day (both set
    # by mark_reviewed). Public pages say "Last checked by our curators" only for such a review.
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_url = models.URLField(
        _("source"), blank=True, help_text=_("The page these facts are from.")
    )
    internal_notes = models.TextField(
        _("curators' notes"),
        blank=True,
        help_text=_(
            "Only curators see this: doubts, old pages, what to ask the organisers. "
            "Never shown on the public pages."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=F("opens_on")),
                name="program_closes_on_or_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(rolling=False) | (Q(opens_on__isnull=True) & Q(closes_on__isnull=True)),
                name="program_rolling_has_no_window",
            ),
            models.CheckConstraint(
                condition=Q(cost_amount__isnull=True) | Q(cost_amount__gte=0),
                name="program_cost_not_negative",
            ),
        ]
        indexes = [
            # One for every filter the directory and the admin offer.
            models.Index(fields=["status", "closes_on"]),
            models.Index(fields=["status", "opens_on"]),
            models.Index(fields=["status", "rolling"]),
            models.Index(fields=["last_reviewed_on"]),
            models.Index(fields=["is_free"]),
            models.Index(fields=["membership"]),
            models.Index(fields=["open_to_part_time"]),
            models.Index(fields=["open_to_students"]),
            models.Index(fields=["location"]),
            models.Index(fields=["created_at"]),
            GinIndex(fields=["audience"], name="program_audience_gin"),
            GinIndex(fields=["formats"], name="program_formats_gin"),
            # Keyword search is a case-insensitive "contains", which only trigram indexes serve.
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="program_name_trgm"),
            GinIndex(OpClass(Upper("summary"), name="gin_trgm_ops"), name="program_summary_trgm"),
            GinIndex(
                OpClass(Upper("description"), name="gin_trgm_ops"),
                name="program_description_trgm",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:program", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def application_window(self) -> ApplicationWindow:
        """The window of ProgramQuerySet.with_application_window when the program was loaded
        with it; otherwise the curated fields alone."""
        if hasattr(self, "application_closes_on"):
            return ApplicationWindow(
                rolling=self.application_rolling,  # type: ignore[attr-defined]
                opens_on=self.application_opens_on,  # type: ignore[attr-defined]
                closes_on=self.application_closes_on,
                on_site=self.cohort_opens_on is not None,  # type: ignore[attr-defined]
            )
        return ApplicationWindow(self.rolling, self.opens_on, self.closes_on, on_site=False)

    def window_state(self, today: datetime.date) -> str:
        """What pages say about applications: "rolling", "open", "upcoming", "closed" or
        "unknown". The rules of `ProgramQuerySet.open_now` for one program already in memory, so
        that a list can label each row without a query (a test keeps the two in step)."""
        window = self.application_window
        if self.status != ProgramStatus.ACTIVE:
            return "closed"
        if window.rolling:
            return "rolling"
        if window.opens_on is None and window.closes_on is None:
            return "unknown"
        if window.opens_on and window.opens_on > today:
            return "upcoming"
        if window.closes_on and window.closes_on < today:
            return "closed"
        return "open"

    def window_badge(self, today: datetime.date | None = None) -> WindowBadge:
        """The badge for the application window on `today` (by default the association's today,
        see program_today): one Python call per program rather than a template per row."""
        state = self.window_state(today or program_today())
        window = self.application_window
        opens_on, closes_on = window.opens_on, window.closes_on
        if state == "rolling":
            return WindowBadge("window-open", _said(gettext("Rolling applications")))
        if state == "open" and closes_on:
            return WindowBadge(
                "window-open", _said(gettext("Open now · closes %(date)s"), closes_on)
            )
        if state == "open":
            return WindowBadge("window-open", _said(gettext("Open now")))
        if state == "upcoming" and opens_on:
            return WindowBadge("window-upcoming", _said(gettext("Opens %(date)s"), opens_on))
        if self.status == ProgramStatus.PAUSED:
            return WindowBadge("window-closed", _said(gettext("Paused")))
        if state == "closed" and closes_on:
            return WindowBadge("window-closed", _said(gettext("Closed %(date)s"), closes_on))
        if state == "closed":
            return WindowBadge("window-closed", _said(pgettext("applications", "Closed")))
        return WindowBadge("window-closed", _said(gettext("Dates not stated")))

    def audience_labels(self) -> list[str]:
        return [str(AUDIENCE_LABELS[value]) for value in self.audience if value in AUDIENCE_LABELS]

    def format_labels(self) -> list[str]:
        return [str(FORMAT_LABELS[value]) for value in self.formats if value in FORMAT_LABELS]

    @property
    def is_reviewed(self) -> bool:
        """See ProgramQuerySet.reviewed."""
        return self.last_reviewed_on is not None and self.reviewed_by_id is not None

    def mark_reviewed(self, *, by: User, on: datetime.date) -> None:
        self.last_reviewed_on = on
        self.reviewed_by = by
        self.save(update_fields=["last_reviewed_on", "reviewed_by", "updated_at"])


class SavedProgram(models.Model):
    """A program a member keeps on their list (and, once reminders exist, hears about)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_programs"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="saves")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved program")
        verbose_name_plural = _("saved programs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "program"], name="saved_program_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} saved {self.program}"


class ProgramMonthlyViews(models.Model):
    """How often a program's page was opened in a month, for staff insights.

    Page views are counted in Redis (a GET never writes to the database) and folded in here by
    a periodic task (programs.services.record_counted_views).
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="monthly_views")
    month = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("program monthly views")
        verbose_name_plural = _("program monthly views")
        constraints = [
            models.UniqueConstraint(fields=["program", "month"], name="one_views_row_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.program} in {self.month:%Y-%m}: {self.views} views"
