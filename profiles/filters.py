"""The mentor search: every filter and sort the Find a mentor page offers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar, cast

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, OrderBy, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from . import matching, reference_data, region_names, taxonomy_names
from .forms import CityField
from .models import (
    CareerStage,
    City,
    ExpertiseArea,
    ExpertiseGroup,
    Language,
    LibraryType,
    MeetingFormat,
    Profile,
    ProfileQuerySet,
)
from .widgets import GroupedCheckboxes, PlainSelect

SORT_CHOICES = [
    ("best", _("Best match for me")),
    ("nearest", _("Nearest")),
    ("fewest", _("Fewest current mentees")),
]
UNIT_CHOICES = [("km", _("km")), ("mi", _("miles"))]
COUNTRY_CHOICES = [("US", _("United States")), ("CA", _("Canada"))]


def region_choices() -> list[tuple[str, str]]:
    """Each state and province, named and sorted in the reader's language."""
    choices = [
        (region, region_names.translated(region)) for region in reference_data.region_names()
    ]
    return sorted(choices, key=lambda choice: region_names.folded(choice[1]))


# The public directory shows visitors no names, workplaces nor cities: they do not search by
# keyword (names and workplaces are in the text) or by distance from a city (which would place a
# mentor), and have no "best match" of their own to sort by.
VISITOR_LEAVES_OUT = ("q", "distance", "unit", "near", "sort")


# The filters that leave a small part of the directory (see MentorFilter.narrows).
NARROWING_FILTERS = ("q", "expertise", "library_type", "career_stage", "distance", "region")

Reference = list[tuple[int, str, str]]


# The areas of expertise (with their group's name), library types and career stages, each in
# its own order, in one statement. Written out rather than built with the ORM: every search
# page asks for them, and the ORM took 3.3 ms a page to build and run this union, 0.7 ms as
# SQL.
REFERENCE_LISTS_SQL = f"""
    SELECT 0, grp.position, area.name, area.id, grp.name
      FROM {ExpertiseArea._meta.db_table} area
      JOIN {ExpertiseGroup._meta.db_table} grp ON grp.id = area.group_id
    UNION ALL
    SELECT 1, position, name, id, '' FROM {LibraryType._meta.db_table}
    UNION ALL
    SELECT 2, position, name, id, '' FROM {CareerStage._meta.db_table}
    ORDER BY 1, 2, 3
"""  # noqa: S608 - table names only, no input


def reference_lists() -> tuple[Reference, Reference, Reference]:
    """The areas of expertise (id, name, group's name), library types and career stages (id,
    name, ""), each in its own order, in one query rather than three."""
    lists: tuple[Reference, Reference, Reference] = ([], [], [])
    with connection.cursor() as cursor:
        cursor.execute(REFERENCE_LISTS_SQL)
        for number, _position, name, pk, group in cursor.fetchall():
            lists[number].append((pk, name, group))
    return lists


# Members write Canadian and British spellings as often as American ones, and the English
# stemmer keeps them apart ("cataloguing" finds "catalogu", "cataloging" finds "catalog"): a
# keyword search asks for the words of the librarians' trade both ways.
AMERICAN_SPELLINGS = {
    "catalogue": "catalog",
    "catalogues": "catalogs",
    "catalogued": "cataloged",
    "cataloguing": "cataloging",
    "cataloguer": "cataloger",
    "cataloguers": "catalogers",
    "programme": "program",
    "programmes": "programs",
    "organisation": "organization",
    "organisations": "organizations",
    "organising": "organizing",
    "behaviour": "behavior",
    "centre": "center",
    "centres": "centers",
    "colour": "color",
    "licence": "license",
    "analyse": "analyze",
    "digitisation": "digitization",
    "digitising": "digitizing",
}
BRITISH_SPELLINGS = {american: british for british, american in AMERICAN_SPELLINGS.items()}
WORD = re.compile(r"\w+")


def other_spellings(keywords: str) -> list[str]:
    """`keywords` spelled the American way and the British way, those that differ from it."""

    def respell(spellings: dict[str, str]) -> str:
        return WORD.sub(lambda word: spellings.get(word[0].lower(), word[0]), keywords)

    spelled = [respell(AMERICAN_SPELLINGS), respell(BRITISH_SPELLINGS)]
    return [respelled for respelled in spelled if respelled != keywords]


class CityFilter(django_filters.Filter):
    field_class = CityField


class DistanceFilter(django_filters.NumberFilter):
    """A distance, limited by its field's own max_value: without django-filter's second limit
    (1e50), a huge number gets one message, not two."""

    def get_max_validator(self) -> None:
        return None


class MentorFilter(django_filters.FilterSet):
    # PostgreSQL nests one level per word of a full-text query and refuses very deep ones.
    q = django_filters.CharFilter(
        label=_("Keywords"),
        method="filter_keywords",
        help_text=_("Name, job, expertise or bio."),
        max_length=200,
    )
    # The reference lists' choices are filled in __init__, one query each and none to check
    # what was chosen (a model choice field would look each choice up again). The areas are
    # checkboxes under their groups' headings, in one column in the narrow filters.
    expertise = django_filters.MultipleChoiceFilter(
        label=_("Expertise"),
        method="filter_expertise",
        widget=GroupedCheckboxes(columns=1),
        help_text=_("Mentors with any of the chosen areas."),
    )
    library_type = django_filters.ChoiceFilter(
        label=_("Library type"),
        empty_label=_("Any library type"),
        widget=PlainSelect,
    )
    career_stage = django_filters.ChoiceFilter(
        label=_("Career stage"),
        empty_label=_("Any career stage"),
        widget=PlainSelect,
    )
    format = django_filters.MultipleChoiceFilter(
        label=_("Meets by"),
        choices=MeetingFormat.choices,
        method="filter_formats",
        widget=forms.CheckboxSelectMultiple,
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=Language.choices,
        method="filter_language",
        empty_label=_("Any language"),
        widget=PlainSelect,
    )
    accepting = django_filters.BooleanFilter(
        label=_("Accepting requests now"),
        method="filter_accepting",
        widget=forms.CheckboxInput,
    )
    remote = django_filters.BooleanFilter(
        label=_("Open to remote mentoring"),
        field_name="open_to_remote",
        widget=forms.CheckboxInput,
        method="filter_remote",
    )
    distance = DistanceFilter(
        label=_("Within (distance)"), method="filter_nothing", min_value=1, max_value=5000
    )
    unit = django_filters.ChoiceFilter(
        label=_("Unit"),
        choices=UNIT_CHOICES,
        method="filter_nothing",
        empty_label=None,
        widget=PlainSelect,
    )
    near = CityFilter(
        label=_("Of city"),
        method="filter_nothing",
        help_text=_("A city; leave empty for your own."),
    )
    region = django_filters.ChoiceFilter(
        label=_("State or province"),
        field_name="city__region",
        choices=region_choices,
        empty_label=_("Anywhere"),
        widget=PlainSelect,
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="city__country",
        choices=COUNTRY_CHOICES,
        empty_label=_("Any country"),
        widget=PlainSelect,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        method="filter_nothing",
        empty_label=None,
        widget=PlainSelect,
    )

    class Meta:
        model = Profile
        fields: list[str] = []

    # django-filter makes a new form class, with a new field for each filter, for every search.
    # The filters are the same for every search (a visitor's are fewer), so each form class is
    # made once; each form still copies its fields, so one search's choices never reach another.
    form_classes: ClassVar[dict[tuple[str, ...], type[forms.Form]]] = {}

    def get_form_class(self) -> type[forms.Form]:
        names = tuple(self.filters)
        if names not in self.form_classes:
            self.form_classes[names] = super().get_form_class()
        return self.form_classes[names]

    def __init__(
        self,
        data: QueryDict | None = None,
        *args: Any,
        viewer: Profile | None = None,
        wanted_area_ids: Iterable[int] = (),
        for_visitor: bool = False,
        **kwargs: Any,
    ) -> None:
        if data is not None and not data.get("unit"):
            # Distances in the member's own unit unless they chose another: miles in the
            # United States, kilometres elsewhere.
            data = data.copy()
            data["unit"] = matching.unit_for(viewer)
        super().__init__(data, *args, **kwargs)
        if for_visitor:
            for name in VISITOR_LEAVES_OUT:
                del self.filters[name]
        self.viewer = viewer
        areas, library_types, career_stages = reference_lists()
        # The taxonomy's names are msgids: shown in the member's language, in the English order.
        translated = taxonomy_names.translator()
        groups: dict[str, list[tuple[int, str]]] = {}
        for pk, area_name, group_name in areas:
            groups.setdefault(translated(group_name), []).append((pk, translated(area_name)))
        self.form.fields["expertise"].choices = list(groups.items())
        self.form.fields["library_type"].choices = [
            (pk, translated(name)) for pk, name, _group in library_types
        ]
        self.form.fields["career_stage"].choices = [
            (pk, translated(name)) for pk, name, _group in career_stages
        ]
        # The areas the viewer wants help with, by id: they weigh in the best-match order.
        wanted = set(wanted_area_ids)
        self.wanted_areas = {pk: name for pk, name, _group in areas if pk in wanted}
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
        for respelled in other_spellings(value):
            query |= SearchQuery(respelled, search_type="websearch", config="english")
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
    def valid_choices(self) -> dict[str, Any]:
        """What the member chose, as the form cleaned it; nothing when the form is invalid."""
        return self.form.cleaned_data if self.form.is_valid() else {}

    @property
    def distance_unit(self) -> str:
        """The unit distances are shown in: the member's (or the one they chose), even when
        another filter is refused."""
        self.form.is_valid()  # cleans the form once; each valid field is in cleaned_data
        return self.form.cleaned_data.get("unit") or "km"

    @property
    def reference_city(self) -> City | None:
        """The place distances are measured from: the chosen city, or the viewer's own."""
        near = self.valid_choices.get("near")
        if near:
            return near
        if self.place_not_understood:
            return None
        return self.viewer.city if self.viewer and self.viewer.city_id else None

    @property
    def place_not_understood(self) -> bool:
        """Whether the member typed a place to search near that matches no city or several:
        measuring from their own city instead would list mentors near a place they did not
        ask about."""
        return bool(self.data.get("near")) and "near" in self.form.errors

    @property
    def chosen_count(self) -> int:
        """How many filters the member chose themselves, for the phone's folded filters to say:
        not the unit filled in for them, nor the order select sent as it starts (on its first
        option), nor the page."""
        chosen = {key for key, value in self.data.items() if value and key not in ("unit", "page")}
        if self.data.get("sort") == SORT_CHOICES[0][0]:
            chosen.discard("sort")
        return len(chosen)

    @property
    def narrows(self) -> bool:
        """Whether a filter chosen leaves a small part of the directory: a keyword, an area, a
        library type, a career stage, a distance or a state. The others (accepting now, a way
        of meeting, a language, remote, a country) leave most mentors in."""
        return any(self.valid_choices.get(name) for name in NARROWING_FILTERS)

    def page_ranked_first(self, window: slice) -> list[Profile]:
        """The page `window` of the search's mentors, found among the few who might rank
        first in its order, when it holds only them; else nothing, and the page is for the
        whole search to find. Only where the search narrows nothing: there ranking every
        mentor is most of its time (about 60 ms with 100,000 members, against 2 to 15 here).

        - Best match puts first the mentors accepting, not ruled out and fitting, and fitting
          needs a shared wanted area: all of them are among those accepting who know a wanted
          area, first there too, in the same order. A page of these whose last mentor is one
          of them is the search's own page.
        - Nearest puts first the mentors accepting, nearest first: a full page of those within
          NEARBY_KM is the search's own page."""
        if self.narrows:
            return []
        mentors = cast(ProfileQuerySet, self.qs)
        city = self.reference_city
        if self.sort_order == "best" and self.wanted_areas:
            candidates = mentors.knowing(list(self.wanted_areas)).accepting()
        elif self.sort_order == "nearest" and city:
            near = matching.bounding_box(city, matching.NEARBY_KM) & Q(
                distance_km__lte=matching.NEARBY_KM
            )
            candidates = mentors.accepting().filter(near)
        else:
            return []
        rows: list[Any] = list(candidates[window])
        if len(rows) < window.stop - window.start:
            return []
        last = rows[-1]
        ranks_first = self.sort_order == "nearest" or (
            last.is_accepting and not last.ruled_out and last.fits
        )
        return rows if ranks_first else []

    @property
    def sort_order(self) -> str:
        return self.valid_choices.get("sort") or ("best" if self.viewer else "fewest")

    def filter_queryset(self, queryset: QuerySet[Profile]) -> QuerySet[Profile]:
        mentors = cast(ProfileQuerySet, super().filter_queryset(queryset))
        if self.place_not_understood:
            return mentors.none()
        data = self.form.cleaned_data
        city = self.reference_city
        if city:
            mentors = mentors.annotate(distance_km=matching.distance_km_from(city))
            if data.get("distance"):
                km = matching.km_from(float(data["distance"]), data.get("unit") or "km")
                mentors = mentors.filter(matching.bounding_box(city, km), distance_km__lte=km)

        # In every order, mentors who can take a request come before the full and paused
        # ones: a search should lead to someone one can ask.
        accepting_first: list[str | OrderBy] = ["-is_accepting"]
        free_places_first: list[str | OrderBy] = [
            (F("mentor_capacity") - F("active_mentee_count")).desc(),
            "display_name",
        ]
        if self.sort_order == "nearest" and city:
            return mentors.with_is_accepting().order_by(
                *accepting_first, F("distance_km").asc(nulls_last=True), "display_name"
            )
        if self.sort_order == "fewest":
            return mentors.with_is_accepting().order_by(
                *accepting_first, "active_mentee_count", *free_places_first
            )
        # `rank` comes from filter_keywords.
        by_keywords: list[str | OrderBy] = [F("rank").desc()] if data.get("q") else []
        if self.viewer:
            # Best match for the viewer: of the mentors accepting, first those the viewer's
            # mentorships do not rule out (an open request, their mentor, a recent no), and of
            # these first the ones who fit (a shared wanted area, and a way to meet).
            matched = matching.annotate_match(
                mentors.with_availability_for(self.request.user),
                self.viewer,
                list(self.wanted_areas),
            )
            not_ruled_out_first: list[str | OrderBy] = ["ruled_out"]
            return matched.order_by(
                *accepting_first,
                *not_ruled_out_first,
                "-fits",
                "-match_score",
                *by_keywords,
                *free_places_first,
            )
        return mentors.with_is_accepting().order_by(
            *accepting_first, *by_keywords, *free_places_first
        )
