"""The mentor search: every filter and sort the Find a mentor page offers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, OrderBy, QuerySet

from . import matching, reference_data
from .forms import CityField
from .models import (
    CareerStage,
    City,
    ExpertiseArea,
    Language,
    LibraryType,
    MeetingFormat,
    Profile,
    ProfileQuerySet,
)
from .widgets import PlainSelect, PlainSelectMultiple

SORT_CHOICES = [
    ("best", "Best match for me"),
    ("nearest", "Nearest"),
    ("fewest", "Fewest current mentees"),
]
UNIT_CHOICES = [("km", "km"), ("mi", "miles")]
COUNTRY_CHOICES = [("US", "United States"), ("CA", "Canada")]


def region_choices() -> list[tuple[str, str]]:
    return [(region, region) for region in reference_data.region_names()]


class CityFilter(django_filters.Filter):
    field_class = CityField


class MentorFilter(django_filters.FilterSet):
    # PostgreSQL nests one level per word of a full-text query and refuses very deep ones.
    q = django_filters.CharFilter(
        label="Keywords",
        method="filter_keywords",
        help_text="Name, job, expertise or bio.",
        max_length=200,
    )
    # The reference lists' choices are filled in __init__, one query each and none to check
    # what was chosen (a model choice field would look each choice up again).
    expertise = django_filters.MultipleChoiceFilter(
        label="Expertise",
        method="filter_expertise",
        widget=PlainSelectMultiple,
        help_text="Mentors with any of the chosen areas.",
    )
    library_type = django_filters.ChoiceFilter(
        label="Library type",
        empty_label="Any library type",
        widget=PlainSelect,
    )
    career_stage = django_filters.ChoiceFilter(
        label="Career stage",
        empty_label="Any career stage",
        widget=PlainSelect,
    )
    format = django_filters.MultipleChoiceFilter(
        label="Meets by",
        choices=MeetingFormat.choices,
        method="filter_formats",
        widget=forms.CheckboxSelectMultiple,
    )
    language = django_filters.ChoiceFilter(
        label="Language",
        choices=Language.choices,
        method="filter_language",
        empty_label="Any language",
        widget=PlainSelect,
    )
    accepting = django_filters.BooleanFilter(
        label="Accepting requests now",
        method="filter_accepting",
        widget=forms.CheckboxInput,
    )
    remote = django_filters.BooleanFilter(
        label="Open to remote mentoring",
        field_name="open_to_remote",
        widget=forms.CheckboxInput,
        method="filter_remote",
    )
    distance = django_filters.NumberFilter(
        label="Within (distance)", method="filter_nothing", min_value=1, max_value=5000
    )
    unit = django_filters.ChoiceFilter(
        label="Unit",
        choices=UNIT_CHOICES,
        method="filter_nothing",
        empty_label=None,
        widget=PlainSelect,
    )
    near = CityFilter(
        label="Of city",
        method="filter_nothing",
        help_text="A city; leave empty for your own.",
    )
    region = django_filters.ChoiceFilter(
        label="State or province",
        field_name="city__region",
        choices=region_choices,
        empty_label="Anywhere",
        widget=PlainSelect,
    )
    country = django_filters.ChoiceFilter(
        label="Country",
        field_name="city__country",
        choices=COUNTRY_CHOICES,
        empty_label="Any country",
        widget=PlainSelect,
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=SORT_CHOICES,
        method="filter_nothing",
        empty_label=None,
        widget=PlainSelect,
    )

    class Meta:
        model = Profile
        fields: list[str] = []

    def __init__(
        self,
        *args: Any,
        viewer: Profile | None = None,
        wanted_area_ids: Iterable[int] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        areas = list(ExpertiseArea.objects.values_list("pk", "name"))
        self.form.fields["expertise"].choices = areas
        self.form.fields["library_type"].choices = LibraryType.objects.values_list("pk", "name")
        self.form.fields["career_stage"].choices = CareerStage.objects.values_list("pk", "name")
        # The areas the viewer wants help with, by id: they weigh in the best-match order.
        wanted = set(wanted_area_ids)
        self.wanted_areas = {pk: name for pk, name in areas if pk in wanted}
        self.form.fields["expertise"].widget.attrs["size"] = 8
        # The search form is rendered by a light template (templates/_field.html), so the
        # Bootstrap classes go on the widgets here.
        for name, field in self.form.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"
            described_by = []
            if field.help_text:
                described_by.append(f"id_{name}_helptext")
            if self.form.is_bound and self.form.errors.get(name):
                widget.attrs["class"] += " is-invalid"
                widget.attrs["aria-invalid"] = "true"
                described_by.append(f"id_{name}_error")
            if described_by:
                widget.attrs["aria-describedby"] = " ".join(described_by)

    def filter_nothing(self, queryset: QuerySet[Profile], name: str, value: Any) -> QuerySet:
        # Distance, unit, place and sort work together; filter_queryset applies them.
        return queryset

    def filter_keywords(self, queryset: QuerySet[Profile], name: str, value: str) -> QuerySet:
        query = SearchQuery(value, search_type="websearch", config="english")
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )

    def filter_expertise(self, queryset: ProfileQuerySet, name: str, value: Any) -> ProfileQuerySet:
        if not value:
            return queryset
        return queryset.knowing([int(pk) for pk in value])

    def filter_formats(self, queryset: QuerySet[Profile], name: str, value: list) -> QuerySet:
        return queryset.filter(meeting_formats__overlap=value) if value else queryset

    def filter_language(self, queryset: QuerySet[Profile], name: str, value: str) -> QuerySet:
        return queryset.filter(languages__contains=[value]) if value else queryset

    def filter_accepting(
        self, queryset: ProfileQuerySet, name: str, value: bool
    ) -> ProfileQuerySet:
        return queryset.accepting() if value else queryset

    def filter_remote(self, queryset: QuerySet[Profile], name: str, value: bool) -> QuerySet:
        return queryset.filter(open_to_remote=True) if value else queryset

    @property
    def reference_city(self) -> City | None:
        """The place distances are measured from: the chosen city, or the viewer's own."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        if data.get("near"):
            return data["near"]
        return self.viewer.city if self.viewer and self.viewer.city_id else None

    @property
    def sort_order(self) -> str:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return data.get("sort") or ("best" if self.viewer else "fewest")

    def filter_queryset(self, queryset: QuerySet[Profile]) -> QuerySet[Profile]:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        city = self.reference_city
        if city:
            queryset = queryset.annotate(distance_km=matching.distance_km_from(city))
            if data.get("distance"):
                km = matching.km_from(float(data["distance"]), data.get("unit") or "km")
                queryset = queryset.filter(matching.bounding_box(city, km), distance_km__lte=km)

        free_places_first: list[str | OrderBy] = [
            (F("mentor_capacity") - F("active_mentee_count")).desc(),
            "display_name",
        ]
        if data.get("q") and self.sort_order == "best" and not self.viewer:
            # `rank` comes from filter_keywords.
            return queryset.order_by(F("rank").desc(), *free_places_first)
        if self.sort_order == "nearest" and city:
            return queryset.order_by(F("distance_km").asc(nulls_last=True), "display_name")
        if self.sort_order == "fewest":
            return queryset.order_by("active_mentee_count", *free_places_first)
        if self.viewer:
            queryset = matching.annotate_match(queryset, self.viewer, list(self.wanted_areas))
            order = ["-match_score"]
            if data.get("q"):
                order.append("-rank")
            return queryset.order_by(*order, *free_places_first)
        return queryset.order_by(*free_places_first)
