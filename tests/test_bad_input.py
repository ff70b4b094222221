"""Hostile, malformed and oversized input to every form and query parameter of the site.

Each person (signed out, new member, mentee, mentor, staff) walks the site from their usual starting
pages; every form found on the way, and every query parameter its links carry, is filled by
Hypothesis with a mix of what a browser would send and what an attacker or a clumsy paste
would: markup, SQL fragments, NUL bytes, right-to-left overrides, huge numbers, wrong types
(several values for one field, text for numbers), 70,000-character strings and missing
fields. The promises:

- no answer is a server error;
- a form that answers with its errors has saved nothing (the database is unchanged);
- every field error sits next to its field (the field's aria-describedby names it), the
  error summary at the top links to the field, and the field shows what was typed.

Each example runs in a savepoint that is rolled back, so a valid submission (a request
accepted, an account deleted) cannot change what the next example sees.
"""

from __future__ import annotations

import copy
import functools
import html
from typing import Any
from urllib.parse import urlsplit

import pytest
from django import forms
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import ContextList
from django.urls import reverse
from django_filters import FilterSet
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from tests.conftest import PASSWORD
from tests.crawl import (
    Control,
    Form,
    Node,
    Page,
    crawl,
    forms_on,
    links_on,
    parse_html,
    query_names,
    route_of,
)
from tests.world import PEOPLE, make_world, person, starting_pages

pytestmark = pytest.mark.django_db

# Examples per form and per page's query string: under two minutes for the five people on a
# busy two-core machine. The totals are printed (run with -s to see them).
EXAMPLES_PER_FORM = 15
EXAMPLES_PER_QUERY = 6

HOSTILE = [
    "",
    " ",
    "\t\n ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "1; DROP TABLE profiles_profile; --",
    "\x00",
    "nul\x00inside",
    "%00",
    "%",
    "_",
    "\\",
    "../../../etc/passwd",
    "{{ 7|add:7 }}{% now 'Y' %}",
    "${7*7}",
    "javascript:alert(1)",
    "https://evil.example/",
    "//evil.example",
    "0",
    "-1",
    "1e309",
    "NaN",
    "Infinity",
    "2.5",
    "0x1F",
    "99999999999999999999",
    "-99999999999999999999",
    "2024-02-30T25:61",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "true",
    "[]",
    "{'a': 1}",
    "null",
    "Zürich 東京 🙂 ﷽",
    "\u202eevil.exe",
    "²",
    "١٢",
    "\u200b",
    "a\r\nb",
]
huge_text = st.builds(
    lambda unit, count: unit * count,
    st.sampled_from(["a", "é", "<", "'", "9", "🙂 "]),
    st.integers(1_000, 70_000),
)
number_text = st.integers(-(10**20), 10**20).map(str)
# The list above, and anything a person may type or paste, in any script.
any_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=80), huge_text, number_text)
# Fields whose value a browser never shows back, on purpose.
NOT_SHOWN_BACK = {"password", "hidden", "file", "submit", "image", "button"}
TEXT_KINDS = {
    "text", "textarea", "email", "url", "search", "number", "tel", "date", "datetime-local",
    "time", "month", "week",
}  # fmt: skip


def value_strategy(control: Control) -> st.SearchStrategy[str]:
    if control.options:
        return st.one_of(st.sampled_from(control.options), any_text)
    return any_text


@st.composite
def submissions(draw: Any, form: Form) -> tuple[dict[str, list[str]], list[str]]:
    """What is sent: each field kept as the page had it, changed, doubled or left out."""
    data: dict[str, list[str]] = {}
    omitted = []
    for control in form.controls:
        if control.name == "csrfmiddlewaretoken":
            data[control.name] = control.value
            continue
        how = draw(st.sampled_from(["keep", "change", "change", "omit", "several"]))
        if how == "keep":
            data[control.name] = list(control.value)
        elif how == "change":
            data[control.name] = [draw(value_strategy(control))]
        elif how == "several":
            data[control.name] = draw(st.lists(value_strategy(control), min_size=2, max_size=3))
        else:
            omitted.append(control.name)
    if form.buttons:
        name, value = draw(st.sampled_from(form.buttons))
        data.setdefault(name, [value])
    return data, omitted


# The state of everything people can save, as one checksum per table. The gazetteer and the
# sessions (signing in and out changes them on purpose) are left out.
UNWATCHED_TABLES = {"profiles_city", "django_session", "django_migrations"}


@functools.cache
def watched_tables() -> tuple[str, ...]:
    names = connection.introspection.table_names()
    return tuple(name for name in names if name not in UNWATCHED_TABLES)


def database_state() -> dict[str, str]:
    tables = watched_tables()
    # Table names come from the database itself, quoted; nothing here is typed by anyone.
    query = " UNION ALL ".join(
        "SELECT %s, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608
        f"FROM {connection.ops.quote_name(table)} t"
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(query, list(tables))
        return dict(cursor.fetchall())


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(table for table in after if before.get(table) != after[table])


def forms_in_context(response: Any) -> list[forms.BaseForm]:
    """The Django forms the page was rendered with, bound to what was sent."""
    found: dict[int, forms.BaseForm] = {}
    # One template rendered gives one context; several, a list of them.
    contexts = response.context
    if not isinstance(contexts, ContextList):
        contexts = [contexts] if contexts is not None else []
    for context in contexts:
        for layer in context.dicts:
            for value in layer.values():
                if isinstance(value, FilterSet):
                    value = value.form
                if isinstance(value, forms.BaseForm) and value.is_bound:
                    found[id(value)] = value
    return list(found.values())


def by_id(document: Node) -> dict[str, Node]:
    return {node.attrs["id"]: node for node in document.iter() if "id" in node.attrs}


def described_by(node: Node) -> set[str]:
    return set(node.attrs.get("aria-describedby", "").split())


def check_errors_are_shown_with_their_fields(
    form: forms.BaseForm, document: Node, where: str
) -> None:
    ids = by_id(document)
    summaries = [node for node in document.iter() if "data-error-summary" in node.attrs]
    assert summaries, f"{where}: errors {dict(form.errors)} but no error summary"
    assert len(summaries) == 1, f"{where}: {len(summaries)} error summaries"
    summary_text = " ".join(summary.text() for summary in summaries)
    summary_targets = {
        link.attrs["href"][1:]
        for summary in summaries
        for link in summary.find_all("a")
        if link.attrs.get("href", "").startswith("#")
    }
    for message in form.non_field_errors():
        assert html.unescape(str(message)) in summary_text, f"{where}: {message!r} not shown"
    for name, messages in form.errors.items():
        if name == "__all__":
            continue
        field = form[name]
        if field.is_hidden:
            for message in messages:
                assert str(message) in summary_text, (
                    f"{where}: hidden {name}: {message!r} not shown"
                )
            continue
        error = ids.get(f"{field.auto_id}_error")
        assert error is not None, f"{where}: no error element next to {name} ({messages})"
        for message in messages:
            assert str(message) in error.text(), f"{where}: {name}: {message!r} not next to it"
        described = [
            node
            for node in document.iter()
            if error.attrs["id"] in described_by(node)
            and (node.attrs.get("name") == field.html_name or node.tag == "fieldset")
        ]
        assert described, f"{where}: no field or fieldset of {name} points to its error"
        target = field.id_for_label or (
            field.subwidgets[0].id_for_label if field.subwidgets else ""
        )
        assert target in summary_targets, f"{where}: the summary does not link to {name}"
        assert target in ids, f"{where}: the summary links {name} to #{target}, not on the page"


def rendered_control(document: Node, page: str, form: Form, name: str) -> Control | None:
    for again in forms_on(page, document):
        if again.method == form.method and again.action == form.action:
            for control in again.controls:
                if control.name == name:
                    return control
    return None


def check_values_are_kept(
    form: Form, sent: dict[str, list[str]], document: Node, page: str, where: str
) -> None:
    for control in form.controls:
        if control.kind in NOT_SHOWN_BACK or control.name == "csrfmiddlewaretoken":
            continue
        values = sent.get(control.name, [])
        shown = rendered_control(document, page, form, control.name)
        assert shown is not None, f"{where}: {control.name} is gone from the form"
        if control.kind in TEXT_KINDS:
            expected = values[-1] if values else ""
            if not expected.strip():
                # crispy-forms collapses whitespace between tags, a textarea's included.
                assert not "".join(shown.value).strip(), f"{where}: {control.name} not empty"
                continue
            assert shown.value == [expected], (
                f"{where}: {control.name} shows {shown.value!r} after {expected!r} was sent"
            )
        elif control.kind == "select" and not control.multiple:
            if values and values[-1] in control.options:
                assert shown.value == [values[-1]], f"{where}: {control.name} lost its choice"
        elif control.multiple:
            if set(values) <= set(control.options):
                assert set(shown.value) == set(values), (
                    f"{where}: {control.name} shows {shown.value} after {values} was sent"
                )
        elif control.kind == "radio" and values and values[-1] in control.options:
            assert shown.value == [values[-1]], f"{where}: {control.name} lost its choice"


def check_refusal_keeps_the_page(
    form: Form, sent: dict[str, list[str]], response: Any, where: str
) -> None:
    """A form that refuses what someone typed answers on the same page, with the text still
    there; an error message after a redirect would have thrown the text away."""
    typed = [
        control.name
        for control in form.controls
        if control.kind in TEXT_KINDS and "".join(sent.get(control.name, [])).strip()
    ]
    errors = [
        str(message)
        for message in get_messages(response.wsgi_request)
        if message.level >= message_levels.ERROR
    ]
    assert not (typed and errors), (
        f"{where}: refused with {errors} on another page, losing what was typed in {typed}"
    )


class Tally:
    """What was tried, for the report; a form or page met again by another person is not
    tried twice."""

    def __init__(self) -> None:
        self.forms: dict[tuple[str, str, tuple[str, ...], str], str] = {}
        self.examples = 0
        self.refused = 0
        self.queried: dict[str, str] = {}
        self.query_examples = 0
        self.pages = 0

    @property
    def routes(self) -> set[str]:
        return {f"{method.upper()} {route}" for method, route, _, _ in self.forms}


def submit(client: Client, method: str, url: str, data: dict[str, list[str]]) -> Any:
    if method == "get":
        return client.get(url, data)
    return client.post(url, data)


def run_example(
    client: Client,
    form: Form,
    data: dict[str, list[str]],
    omitted: list[str],
    who: str,
    tally: Tally,
) -> None:
    where = f"{form.method.upper()} {form.action} (form on {form.page}, as {who})"
    note(f"{where}\nsent: {data!r}\nomitted: {omitted!r}")
    cookies = copy.deepcopy(client.cookies)
    cache.clear()
    try:
        with transaction.atomic():
            before = database_state()
            response = submit(client, form.method, form.action, data)
            assert response.status_code < 500, f"{where}: {response.status_code}"
            after = database_state()
            refusing = [f for f in forms_in_context(response) if f.errors]
            if form.method == "get" or refusing:
                assert not changed_tables(before, after), (
                    f"{where}: saved to {changed_tables(before, after)} while refusing the input"
                )
            if response.status_code in {301, 302, 303}:
                check_refusal_keeps_the_page(form, data, response, where)
            is_html = "text/html" in response.get("Content-Type", "")
            if refusing and is_html:
                tally.refused += 1
                document = parse_html(response.content.decode())
                for refused in refusing:
                    check_errors_are_shown_with_their_fields(refused, document, where)
                page = form.action if form.method == "post" else response.request["PATH_INFO"]
                check_values_are_kept(form, data, document, page, where)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    tally.examples += 1


def fuzz_form(client: Client, form: Form, who: str, tally: Tally) -> None:
    @settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(submissions(form))
    def example(submission: tuple[dict[str, list[str]], list[str]]) -> None:
        run_example(client, form, *submission, who, tally)

    example()


def fuzz_query(client: Client, path: str, names: list[str], tally: Tally) -> None:
    @settings(
        max_examples=EXAMPLES_PER_QUERY,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.dictionaries(st.sampled_from(names), st.lists(any_text)))
    def example(query: dict[str, list[str]]) -> None:
        note(f"GET {path} {query!r}")
        cookies = copy.deepcopy(client.cookies)
        cache.clear()
        try:
            with transaction.atomic():
                before = database_state()
                response = client.get(urlsplit(path).path, query)
                assert response.status_code < 500, f"GET {path} {query!r}"
                assert not changed_tables(before, database_state()), f"GET {path} wrote"
                transaction.set_rollback(True)
        finally:
            client.cookies = cookies
        tally.query_examples += 1

    example()


# Parameters the site reads from any page's address, whether or not a link carries them.
COMMON_PARAMETERS = ["page", "next", "q"]


def walk_and_fuzz(client: Client, starts: list[str], who: str, tally: Tally) -> None:
    pages = crawl(client, starts)
    tally.pages += len(pages)
    forms_before, examples_before = len(tally.forms), tally.examples
    for page in pages.values():
        for form in forms_on(page.path, page.document):
            # A form that starts filled in edits something that exists, which is another path
            # through the code than making it (the profile's first step, say).
            filled = any(c.kind in TEXT_KINDS and "".join(c.value) for c in form.controls)
            key = (*form.key, "editing" if filled else "new")
            if key not in tally.forms:
                tally.forms[key] = who
                fuzz_form(client, form, who, tally)
    queries_before = tally.query_examples
    if who == "staff":
        # The admin's lists read their filters, search and sorting from the address too.
        admin = crawl(client, [reverse("admin:index")], depth=1, skipped=("/static/",))
        pages.update({path: page for path, page in admin.items() if "/add/" not in path})
    for path, names in query_parameters(pages).items():
        if route_of(path) not in tally.queried:
            tally.queried[route_of(path)] = who
            fuzz_query(client, path, names, tally)
    print(
        f"{who}: {len(pages)} pages walked; {len(tally.forms) - forms_before} forms not seen "
        f"before, {tally.examples - examples_before} generated submissions; "
        f"{tally.query_examples - queries_before} generated queries"
    )


def query_parameters(pages: dict[str, Page]) -> dict[str, list[str]]:
    """One page of each kind, with the parameters links to it carry plus the common ones."""
    names: dict[str, set[str]] = {}
    example_of: dict[str, str] = {}
    for page in pages.values():
        example_of.setdefault(route_of(page.path), page.path)
        for link in links_on(page.path, page.document):
            names.setdefault(route_of(link), set()).update(query_names(link))
    return {
        path: sorted(names.get(route, set()) | set(COMMON_PARAMETERS))
        for route, path in example_of.items()
    }


def client_of(user: Any) -> Client:
    """A signed-in browser that also gave its password again just now, as the pages that
    delete or change an account ask."""
    client = Client()
    if user is not None:
        client.force_login(user)
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


def test_no_input_breaks_a_form_or_a_page_for_anyone(db: None) -> None:
    world = make_world()
    tally = Tally()
    print()
    for who in PEOPLE:
        walk_and_fuzz(client_of(person(world, who)), starting_pages(world, who), who, tally)
    print(
        f"In all: {tally.pages} pages walked, {len(tally.forms)} forms, "
        f"{tally.examples} generated submissions "
        f"({tally.refused} refused with their errors shown); {len(tally.queried)} kinds of "
        f"page, {tally.query_examples} generated query strings"
    )
    for (method, route, names, state), who in sorted(tally.forms.items()):
        print(f"  {method.upper():4} /{route} ({state}) as {who}: {', '.join(names)}")
    # The forms this promise was written for; new ones are found by the walk.
    assert {
        "POST accounts/login/",
        "POST accounts/signup/",
        "POST accounts/password/reset/",
        "POST accounts/email/",
        "GET programs/",
        "POST programs/<slug:slug>/save/",
        "POST profile/step-<int:step>/",
        "GET mentors/",
        "POST mentorships/request/<int:profile_pk>/",
        "POST mentorships/<int:pk>/accept/",
        "POST mentorships/<int:pk>/decline/",
        "POST mentorships/<int:pk>/end/",
        "POST mentorships/<int:pk>/agreement/",
        "POST mentorships/<int:pk>/meetings/new/",
        "POST mentorships/<int:pk>/plan/",
        "POST mentorships/<int:pk>/feedback/",
        "POST mentorships/<int:pk>/feedback/<int:feedback_pk>/edit/",
        "POST mentorships/reminders/",
    } <= tally.routes
