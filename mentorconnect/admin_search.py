"""The admin's search over long lists, each table searched through its own indexes.

Django's own search ORs one `ILIKE '%word%'` per field of `search_fields` across the joined
tables, which no index can serve: with 100,000 members it read every row four times a page
(the count, the page and the date drill-down's two). Here the fields are grouped by table, each
table is searched on its own (where a trigram index on the column can answer), and the list
keeps the rows pointing to what was found. The words are read as Django reads them: every word
must match one of the fields, and a quoted phrase is one word. A field further away
("mentee__profile__display_name") is reached through one subquery a step, never a join of the
whole list.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import ManyToOneRel, Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.text import smart_split, unescape_string_literal

M = TypeVar("M", bound=Model)


def search_words(search_term: str) -> list[str]:
    """The words of an admin search, as Django's own search reads them."""
    words = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        words.append(bit)
    return words


def search_each_table(
    queryset: QuerySet[M], search_fields: Sequence[str], search_term: str
) -> QuerySet[M]:
    """`queryset` narrowed to the rows where each word of `search_term` is in one of
    `search_fields`: the model's own fields, or through relations ("user__email",
    "mentee__profile__display_name")."""
    # The columns searched in each table, by the relation leading there ("" for the model's).
    tables: dict[str, tuple[type[Model], list[str]]] = {}
    for path in search_fields:
        relation, _, column = path.rpartition("__")
        if relation not in tables:
            tables[relation] = (_model_of(queryset.model, relation), [])
        tables[relation][1].append(column)
    for word in search_words(search_term):
        found = Q()
        for relation, (model, columns) in tables.items():
            containing = functools.reduce(
                operator.or_, (Q(**{f"{column}__icontains": word}) for column in columns)
            )
            matching = model._default_manager.filter(containing)
            found |= _leading_to(queryset.model, relation, matching)
        queryset = queryset.filter(found)
    return queryset


class SearchEachTableAdmin(admin.ModelAdmin):
    """An admin whose search box goes through search_each_table, with its own search_fields."""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # Each match is found through a subquery, not a join: no row can come twice.
        return search_each_table(queryset, self.search_fields, search_term), False


def _leading_to(model: type[Model], relation: str, targets: QuerySet[Any]) -> Q:
    """The rows of `model` whose `relation` ("", "user", "mentee__profile") leads to one of
    `targets`, each step of the way a subquery of its own."""
    if not relation:
        return Q(pk__in=targets.values("pk"))
    name, _, rest = relation.partition("__")
    field = model._meta.get_field(name)
    if rest:
        step = _model_of(model, name)
        targets = step._default_manager.filter(_leading_to(step, rest, targets))
    if isinstance(field, ManyToOneRel):
        # A relation from the other side (a member's profile): the targets point back here.
        return Q(pk__in=targets.values(field.field.name))
    return Q(**{f"{name}__in": targets.values("pk")})


def _model_of(model: type[Model], relation: str) -> type[Model]:
    """The model `relation` (fields of `model` joined by "__", or "" for itself) leads to."""
    for name in relation.split("__") if relation else []:
        related = model._meta.get_field(name).related_model
        if not isinstance(related, type):
            raise ValueError(f"{model.__name__}.{name} is not a relation to search through")
        model = related
    return model
