"""The public directory's search form. Every choice is a GET parameter, so a filtered list is a
link people can bookmark and share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import django_filters
from django import forms
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    DEADLINE_SOON_DAYS,
    Audience,
    Format,
    Membership,
    Program,
    ProgramQuerySet,
    program_today,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class TickInput(forms.CheckboxInput):
    """A checkbox that hands its field what was sent, for the field to judge: Django's own
    takes any text but "false" for a tick."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class TickField(forms.BooleanField):
    """A checkbox whose unticked value is "no filter" (None), not "only the ones without".
    A link may say "on" (what the box sends), "true" or "1" for ticked; any other value is
    refused with a message, so a mistyped link never filters by a guess."""

    widget = TickInput
    TICKED = {"on", "true", "1"}
    UNTICKED = {"", "off", "false", "0"}

    # None on purpose, as Django's own NullBooleanField does (its stub carries the same ignore).
    def to_python(self, value: Any) -> bool | None:  # type: ignore[override]
        if value is None or isinstance(value, bool):
            return True if value else None
        text = str(value).strip().lower()
        if text in self.TICKED:
            return True
        if text in self.UNTICKED:
            return None
        raise forms.ValidationError(
            _("“%(value)s” is not an answer here: tick the box, or leave it empty."),
            code="invalid",
            params={"value": value},
        )


class TickFilter(django_filters.Filter):
    """A checkbox that narrows the list when ticked and does nothing when not."""

    field_class = TickField


class Box(NamedTuple):
    """One checkbox of the filters, as the directory's template draws it."""

    name: str
    id: str
    value: str
    label: StrOrPromise
    checked: bool
    error: str = ""  # why what was sent for it was refused


def tick_box(field: forms.BoundField) -> Box:
    # A refused value leaves the box unticked, as the list it shows is not filtered by it.
    ticked = not field.errors and bool(field.value())
    error = " ".join(str(message) for message in field.errors)
    return Box(field.name, field.id_for_label, "on", field.label or "", ticked, error)


def choice_boxes(field: forms.BoundField, choices: Sequence[tuple[str, StrOrPromise]]) -> list[Box]:
    """The checkboxes of a list of choices (the field's own), named, numbered and ticked as
    Django's CheckboxSelectMultiple does it, without a widget object per choice."""
    chosen = set(field.field.widget.format_value(field.value()))
    return [
        Box(field.name, f"{field.auto_id}_{index}", value, label, value in chosen)
        for index, (value, label) in enumerate(choices)
    ]


def _deadline_soon_label() -> str:
    # Worded when shown, in the reader's language (a lazy ngettext would be worded at import).
    return ngettext(
        "Deadline within %(days)d day", "Deadline within %(days)d days", DEADLINE_SOON_DAYS
    ) % {"days": DEADLINE_SOON_DAYS}


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Keywords"))
    audience = django_filters.MultipleChoiceFilter(
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_audience",
        label=_("Who it is for"),
    )
    format = django_filters.MultipleChoiceFilter(
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_format",
        label=_("Format"),
    )
    free = TickFilter(field_name="is_free", label=_("Free"))
    no_membership = TickFilter(method="filter_no_membership", label=_("No membership needed"))
    part_time = TickFilter(field_name="open_to_part_time", label=_("Open to part-time staff"))
    students = TickFilter(field_name="open_to_students", label=_("Open to students"))
    virtual = TickFilter(method="filter_virtual", label=_("Virtual"))
    open_now = TickFilter(method="filter_open_now", label=_("Open for applications now"))
    closing_soon = TickFilter(
        method="filter_closing_soon",
        label=lazy(_deadline_soon_label, str)(),
    )

    class Meta:
        model = Program
        fields: list[str] = []

    def search(self, queryset: ProgramQuerySet, name: str, value: str) -> ProgramQuerySet:
        for word in value.split()[:8]:
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(summary__icontains=word)
                | Q(description__icontains=word)
                | Q(unit__name__icontains=word)
                | Q(unit__abbreviation__iexact=word)
            )
        return queryset

    def filter_audience(
        self, queryset: ProgramQuerySet, name: str, value: list[str]
    ) -> ProgramQuerySet:
        # Ticking several audiences widens the list: programs for any of them.
        return queryset.filter(audience__overlap=value) if value else queryset

    def filter_format(
        self, queryset: ProgramQuerySet, name: str, value: list[str]
    ) -> ProgramQuerySet:
        return queryset.filter(formats__overlap=value) if value else queryset

    def filter_no_membership(
        self, queryset: ProgramQuerySet, name: str, value: bool
    ) -> ProgramQuerySet:
        return queryset.filter(membership=Membership.NONE)

    def filter_virtual(self, queryset: ProgramQuerySet, name: str, value: bool) -> ProgramQuerySet:
        return queryset.virtual()

    def filter_open_now(self, queryset: ProgramQuerySet, name: str, value: bool) -> ProgramQuerySet:
        return queryset.open_now(program_today())

    def filter_closing_soon(
        self, queryset: ProgramQuerySet, name: str, value: bool
    ) -> ProgramQuerySet:
        return queryset.closing_within(DEADLINE_SOON_DAYS, program_today())

    # The on/off filters, in the fieldsets the directory shows them in.
    TICK_GROUPS = [
        (_("Applications"), ["open_now", "closing_soon"]),
        (_("Cost and eligibility"), ["free", "no_membership", "part_time", "students", "virtual"]),
    ]

    def tick_groups(self) -> list[tuple[StrOrPromise, list[Box]]]:
        """Each fieldset's legend and its checkboxes."""
        return [
            (legend, [tick_box(self.form[name]) for name in names])
            for legend, names in self.TICK_GROUPS
        ]

    def choice_fields(self) -> list[tuple[forms.BoundField, list[Box]]]:
        """The lists of choices (who it is for, format), each a fieldset of checkboxes."""
        return [
            (self.form["audience"], choice_boxes(self.form["audience"], Audience.choices)),
            (self.form["format"], choice_boxes(self.form["format"], Format.choices)),
        ]

    @property
    def active_count(self) -> int:
        """How many filters are in use, for the "clear all" link."""
        if not self.is_bound or not self.form.is_valid():
            return 0
        return sum(1 for value in self.form.cleaned_data.values() if value)
