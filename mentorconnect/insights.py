"""Figures about the service: supply and demand of mentors, for staff and (a few) for everyone.

Aggregates only, never what anyone wrote. Counts of people or actions under five are shown as
"fewer than 5" (in the reader's language), in the charts and in their CSV files alike, so that
a small group cannot be picked out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.cache import cache
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from mentorconnect.dates import date_format
from mentorships.circles.models import Circle, CircleMembership, CircleStatus, MembershipStatus
from mentorships.models import (
    MATCHED_STATES,
    Mentorship,
    Status,
    WaitingListEntry,
    WaitingStatus,
)
from profiles.models import ExpertiseArea, Profile, User
from profiles.recruitment import region_label
from programs.models import Program, program_today

SUPPRESS_BELOW = 5
MONTHS = 12
TOP_ROWS = 12
PUBLIC_FIGURES_SECONDS = 300
# The SVG charts' geometry, in user units: one bar per series, a gap between rows.
BAR_HEIGHT = 13
GROUP_GAP = 6
# A month chart is small multiples: a panel per series, a row per month, on one shared scale.
PANEL_ROW = 16
# Wide enough for a month in French or Spanish ("sept. 2026"), with room after the longest bar
# for its count.
PANEL_LABEL_WIDTH = 72
PANEL_BAR_WIDTH = 108


def shown(count: int) -> str:
    """A count as staff may see it, written the way their language writes numbers."""
    if count < SUPPRESS_BELOW:
        return _("fewer than %(count)s") % {"count": SUPPRESS_BELOW}
    return number_format(count, force_grouping=True)


class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


@dataclass
class Chart:
    """One chart: rows of a label and one count per series."""

    slug: str
    title: str
    description: str
    series: list[str]
    rows: list[tuple[str, list[int]]] = field(default_factory=list)
    # Rows are months, drawn as small multiples (a panel per series) rather than grouped bars.
    by_month: bool = False
    # Rows are expertise areas, keyed by their English names (which the recruitment form looks
    # up) and shown in the reader's language.
    area_rows: bool = False

    def label_shown(self, label: str) -> str:
        # An area's name the way the site shows it everywhere (str() of the area).
        return str(ExpertiseArea(name=label)) if self.area_rows else label

    def csv_rows(self) -> list[list[str]]:
        header = ["", *self.series]
        return [
            header,
            *[
                [self.label_shown(label), *[shown(v) for v in values]]
                for label, values in self.rows
            ],
        ]

    @property
    def bars(self) -> list[dict]:
        """Geometry for the template's SVG: one group of bars per row, a bar per series.
        A suppressed count gets no bar (its length would give it away)."""
        largest = max((v for _, values in self.rows for v in values), default=0) or 1
        bar_height = BAR_HEIGHT
        group_height = self.group_height
        groups = []
        for index, (label, values) in enumerate(self.rows):
            top = index * group_height
            groups.append(
                {
                    "label": self.label_shown(label),
                    "label_y": top + group_height / 2,
                    "bars": [
                        {
                            "series": position,
                            "y": top + position * bar_height,
                            "width": 0 if v < SUPPRESS_BELOW else round(100 * v / largest, 1),
                            "text": shown(v),
                            "text_y": top + position * bar_height + bar_height - 3,
                            "suppressed": v < SUPPRESS_BELOW,
                        }
                        for position, v in enumerate(values)
                    ],
                }
            )
        return groups

    @property
    def panels(self) -> list[dict]:
        """Geometry for small multiples: one panel per series, one bar per month, all on the
        scale of the largest count, so panels compare at a glance. As in `bars`, a suppressed
        count gets no bar."""
        largest = max((v for _, values in self.rows for v in values), default=0) or 1
        panels = []
        for position, name in enumerate(self.series):
            bars = []
            for index, (label, values) in enumerate(self.rows):
                v = values[position]
                width = 0 if v < SUPPRESS_BELOW else round(PANEL_BAR_WIDTH * v / largest, 1)
                top = index * PANEL_ROW
                bars.append(
                    {
                        "label": label,
                        "y": top + 2,
                        "width": width,
                        "text": shown(v),
                        "text_x": PANEL_LABEL_WIDTH + width + 4,
                        "text_y": top + PANEL_ROW - 4,
                        "suppressed": v < SUPPRESS_BELOW,
                    }
                )
            panels.append({"name": name, "series": position, "bars": bars})
        return panels

    @property
    def panel_label_width(self) -> int:
        return PANEL_LABEL_WIDTH

    @property
    def panel_height(self) -> int:
        return max(len(self.rows), 1) * PANEL_ROW

    @property
    def height(self) -> int:
        return max(len(self.rows), 1) * self.group_height

    @property
    def group_height(self) -> int:
        return BAR_HEIGHT * len(self.series) + GROUP_GAP


def _month_starts(today: datetime.date, months: int) -> list[datetime.date]:
    first = today.replace(day=1)
    starts = []
    for _month in range(months):
        starts.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return starts[::-1]


def overview(now: datetime.datetime) -> list[tuple[str, str]]:
    """The headline figures, as (what, value shown)."""
    completed = Profile.objects.filter(completed_at__isnull=False, user__is_active=True)
    accepting = Profile.objects.searchable().accepting()
    people = completed.aggregate(
        mentors=Count("pk", filter=Q(can_mentor=True)),
        mentees=Count("pk", filter=Q(wants_mentor=True)),
        never_asked=Count(
            "pk",
            filter=Q(wants_mentor=True)
            & ~Q(user__in=Mentorship.objects.values("mentee_id").exclude(mentee=None)),
        ),
    )
    supply = accepting.aggregate(
        mentors=Count("pk"), places=Sum(F("mentor_capacity") - F("active_mentee_count"))
    )
    states = Mentorship.objects.aggregate(
        active=Count("pk", filter=Q(status=Status.ACTIVE)),
        completed=Count("pk", filter=Q(status=Status.COMPLETED)),
        first_answer=Median(
            ExpressionWrapper(F("answered_at") - F("requested_at"), output_field=DurationField()),
            filter=Q(status__in=[Status.DECLINED, *MATCHED_STATES], answered_at__isnull=False),
            output_field=DurationField(),
        ),
    )
    ratio = (
        _("%(ratio)s mentees per mentor")
        % {"ratio": number_format(people["mentees"] / people["mentors"], 1)}
        if people["mentors"]
        else _("no mentors yet")
    )
    median = states["first_answer"]
    return [
        (_("Members"), shown(User.objects.filter(is_active=True).count())),
        (_("Mentors"), shown(people["mentors"])),
        (_("Mentees"), shown(people["mentees"])),
        (_("Mentees for each mentor"), ratio),
        (_("Mentors accepting requests now"), shown(supply["mentors"])),
        (_("Free places with those mentors"), shown(supply["places"] or 0)),
        (_("Median time to a mentor's first answer"), _days(median)),
        (_("Active mentorships"), shown(states["active"])),
        (_("Completed mentorships"), shown(states["completed"])),
        (_("Mentees who never sent a request"), shown(people["never_asked"])),
        (
            _("Mentees on the waiting list"),
            shown(WaitingListEntry.objects.filter(status=WaitingStatus.WAITING).count()),
        ),
    ]


def _days(duration: datetime.timedelta | None) -> str:
    if duration is None:
        return _("no answers yet")
    days = duration.total_seconds() / 86400
    if days >= 1:
        return _("%(days)s days") % {"days": number_format(days, 1)}
    hours = round(duration.total_seconds() / 3600)
    return ngettext("%(hours)s hour", "%(hours)s hours", hours) % {"hours": hours}


def requests_by_month(today: datetime.date) -> Chart:
    starts = _month_starts(today, MONTHS)
    # Each count is by the month its moment fell in: sent when requested, accepted when the
    # mentorship started, declined or expired when that answer came.
    moments = [
        ("requested_at", Q()),
        ("started_at", Q()),
        ("answered_at", Q(status=Status.DECLINED)),
        ("answered_at", Q(status=Status.EXPIRED)),
    ]
    columns = []
    for moment, condition in moments:
        counts = (
            Mentorship.objects.filter(condition, **{f"{moment}__date__gte": starts[0]})
            .annotate(month=TruncMonth(moment))
            .values_list("month")
            .annotate(count=Count("pk"))
            .order_by()
        )
        columns.append({month.date(): count for month, count in counts})
    return Chart(
        slug="requests-by-month",
        title=_("Requests per month"),
        description=_(
            "Requests sent, accepted, declined and expired, in each of the last 12 months."
        ),
        series=[
            pgettext("requests", "Sent"),
            pgettext("requests", "Accepted"),
            pgettext("requests", "Declined"),
            pgettext("requests", "Expired"),
        ],
        rows=[
            # Translators: a month's label in the charts ("Nov 2026"), a Django date format.
            (date_format(month, _("M Y")), [column.get(month, 0) for column in columns])
            for month in starts
        ],
        by_month=True,
    )


def _mentees() -> QuerySet[Profile]:
    return Profile.objects.filter(
        completed_at__isnull=False, user__is_active=True, wants_mentor=True
    )


def demand_by_area() -> Chart:
    """Mentees wanting each area against the free places of mentors who know it."""
    wanted = Profile.wanted_areas.through.objects.filter(profile__in=_mentees())
    demand = dict(wanted.values_list("expertisearea__name").annotate(count=Count("pk")).order_by())
    known = Profile.expertise.through.objects.filter(
        profile__in=Profile.objects.searchable().accepting()
    )
    supply = dict(
        known.values_list("expertisearea__name")
        .annotate(places=Sum(F("profile__mentor_capacity") - F("profile__active_mentee_count")))
        .order_by()
    )
    return _gap_chart(
        "demand-by-area",
        _("Where mentors are most needed, by area"),
        _(
            "Mentees who want help in each area, against free places with accepting mentors who "
            "know it; the areas with the largest shortfall first."
        ),
        demand,
        supply,
        area_rows=True,
    )


def demand_by_region() -> Chart:
    """Mentees in each region against the free places of accepting mentors there."""
    demand = {
        region_label(region, country): count
        for region, country, count in _mentees()
        .filter(city__isnull=False)
        .values_list("city__region", "city__country")
        .annotate(count=Count("pk"))
        .order_by()
    }
    supply = {
        region_label(region, country): places or 0
        for region, country, places in Profile.objects.searchable()
        .accepting()
        .filter(city__isnull=False)
        .values_list("city__region", "city__country")
        .annotate(places=Sum(F("mentor_capacity") - F("active_mentee_count")))
        .order_by()
    }
    return _gap_chart(
        "demand-by-region",
        _("Where mentors are most needed, by region"),
        _(
            "Mentees living in each region, against free places with accepting mentors there; "
            "the regions with the largest shortfall first."
        ),
        demand,
        supply,
    )


def _gap_chart(
    slug: str,
    title: str,
    description: str,
    demand: dict[str, int],
    supply: dict[str, int],
    area_rows: bool = False,
) -> Chart:
    names = sorted(
        set(demand) | set(supply),
        key=lambda name: (-(demand.get(name, 0) - supply.get(name, 0)), name),
    )
    return Chart(
        slug=slug,
        title=title,
        description=description,
        series=[_("Mentees"), _("Free places")],
        rows=[(name, [demand.get(name, 0), supply.get(name, 0)]) for name in names[:TOP_ROWS]],
        area_rows=area_rows,
    )


def most_needed(chart: Chart) -> list[str]:
    """The labels of a demand chart's rows where demand exceeds supply."""
    return [label for label, (demand, supply) in chart.rows if demand > supply]


def _served_chart(
    slug: str,
    title: str,
    description: str,
    one_to_one: dict[str, int],
    circles: dict[str, int],
    area_rows: bool = False,
) -> Chart:
    names = sorted(
        set(one_to_one) | set(circles),
        key=lambda name: (-(one_to_one.get(name, 0) + circles.get(name, 0)), name),
    )
    return Chart(
        slug=slug,
        title=title,
        description=description,
        series=[_("In a mentorship"), _("In a circle")],
        rows=[(name, [one_to_one.get(name, 0), circles.get(name, 0)]) for name in names[:TOP_ROWS]],
        area_rows=area_rows,
    )


def _in_a_mentorship() -> QuerySet[Any, Any]:
    return Mentorship.objects.active().values("mentee_id")


def _in_a_circle() -> QuerySet[Any, Any]:
    return CircleMembership.objects.filter(
        status=MembershipStatus.MEMBER, circle__status=CircleStatus.OPEN
    ).values("member_id")


def served_by_area() -> Chart:
    """Mentees in an active mentorship, by the areas they want, beside the members of running
    circles, by the circles' areas."""
    wanted = Profile.wanted_areas.through.objects.filter(profile__user__in=_in_a_mentorship())
    one_to_one = dict(
        wanted.values_list("expertisearea__name")
        .annotate(count=Count("profile", distinct=True))
        .order_by()
    )
    covered = Circle.areas.through.objects.filter(circle__status=CircleStatus.OPEN)
    members = Q(circle__memberships__status=MembershipStatus.MEMBER)
    circles = dict(
        covered.values_list("expertisearea__name")
        .annotate(count=Count("circle__memberships__member", filter=members, distinct=True))
        .order_by()
    )
    return _served_chart(
        "served-by-area",
        _("Members served, by area: one-to-one and in circles"),
        _(
            "Mentees in an active mentorship, by the areas they want, beside the members of "
            "running circles, by the circles' areas; the areas serving most first."
        ),
        one_to_one,
        {name: count for name, count in circles.items() if count},
        area_rows=True,
    )


def served_by_region() -> Chart:
    """Mentees in an active mentorship and members of running circles, where they live."""

    def by_region(users: QuerySet[Any, Any]) -> dict[str, int]:
        return {
            region_label(region, country): count
            for region, country, count in Profile.objects.filter(user__in=users, city__isnull=False)
            .values_list("city__region", "city__country")
            .annotate(count=Count("pk"))
            .order_by()
        }

    return _served_chart(
        "served-by-region",
        _("Members served, by region: one-to-one and in circles"),
        _(
            "Mentees in an active mentorship beside the members of running circles, by the "
            "region they live in; the regions serving most first."
        ),
        by_region(_in_a_mentorship()),
        by_region(_in_a_circle()),
    )


def program_interest(today: datetime.date) -> Chart:
    """Page views (last 12 months) and saves of the programs in the directory."""
    since = _month_starts(today, MONTHS)[0]
    programs = (
        Program.objects.public()
        .annotate(
            views=Sum("monthly_views__views", filter=Q(monthly_views__month__gte=since)),
        )
        .values_list("pk", "name", "views")
    )
    saves = dict(
        Program.objects.public().annotate(save_count=Count("saves")).values_list("pk", "save_count")
    )
    rows = sorted(
        ((name, [views or 0, saves.get(pk, 0)]) for pk, name, views in programs),
        key=lambda row: (-row[1][0], -row[1][1], row[0]),
    )
    return Chart(
        slug="program-interest",
        title=_("Interest in the program directory"),
        description=_(
            "Views of each program's page in the last 12 months, and members who saved it; the "
            "most viewed first."
        ),
        series=[_("Views"), _("Saves")],
        rows=rows[:TOP_ROWS],
    )


CHARTS = {
    "requests-by-month": lambda today: requests_by_month(today),
    "demand-by-area": lambda today: demand_by_area(),
    "demand-by-region": lambda today: demand_by_region(),
    "program-interest": lambda today: program_interest(today),
    "served-by-area": lambda today: served_by_area(),
    "served-by-region": lambda today: served_by_region(),
}


def charts(now: datetime.datetime) -> list[Chart]:
    today = timezone.localdate(now)
    return [build(today) for build in CHARTS.values()]


def chart(slug: str, now: datetime.datetime) -> Chart | None:
    build = CHARTS.get(slug)
    return build(timezone.localdate(now)) if build else None


def public_figures() -> dict[str, int]:
    """What the public home page shows, cached for a few minutes: it is the same for all."""

    def compute() -> dict[str, int]:
        return {
            "accepting_mentors": Profile.objects.searchable().accepting().count(),
            "open_programs": Program.objects.public().open_now(program_today()).count(),
        }

    # get_or_set returns what compute made (or an earlier call cached); never None here.
    return cast(dict[str, int], cache.get_or_set("public-figures", compute, PUBLIC_FIGURES_SECONDS))
