"""Curating programs in the admin: who may, the filters, the actions and the form's rules."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from profiles.models import CareerStage, LibraryType, User
from programs.models import Membership, Program, ProgramStatus
from tests.programs.conftest import TODAY, days, make_program, make_unit

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:programs_program_changelist")
ADD = reverse("admin:programs_program_add")


def change_url(program: Program) -> str:
    return reverse("admin:programs_program_change", args=[program.pk])


def form_data(**overrides: Any) -> dict[str, Any]:
    """What a curator submits for a complete new program."""
    data = {
        "name": "Children's Services Mentoring",
        "slug": "childrens-services-mentoring",
        "unit": make_unit().pk,
        "status": ProgramStatus.ACTIVE,
        "summary": "Pairs new children's librarians with experienced ones.",
        "description": "",
        "audience": ["new_librarians"],
        "audience_notes": "",
        "membership": Membership.NONE,
        "membership_notes": "",
        "open_to_part_time": "True",
        "open_to_students": "True",
        "open_to_between_jobs": "False",
        "open_to_retired": "False",
        "formats": ["one_to_one"],
        "duration": "One year",
        "location": "virtual",
        "region": "",
        "is_free": "True",
        "cost_amount": "",
        "cost_notes": "",
        "opens_on": "2025-03-01",
        "closes_on": "2025-03-31",
        "application_notes": "",
        "application_url": "https://example.org/apply",
        "contact": "",
        "source_url": "https://example.org/program",
        "reviewed_now": "on",
        "_save": "Save",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def listed(client: Client, query: str = "") -> list[str]:
    response = client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == 200
    return sorted(program.name for program in response.context["cl"].result_list)


def test_curators_group_may_add_change_view_and_delete_programs_and_units_only(db: None) -> None:
    codenames = set(
        Group.objects.get(name="Program curators").permissions.values_list("codename", flat=True)
    )
    assert codenames == {
        f"{action}_{model}"
        for action in ["add", "change", "view", "delete"]
        for model in ["program", "unit"]
    }


def test_curator_opens_and_changes_a_program(
    client: Client, curator: User, today: datetime.date
) -> None:
    program = make_program(
        "Old name",
        membership=Membership.NONE,
        **dict.fromkeys(
            ["open_to_part_time", "open_to_students", "open_to_between_jobs", "open_to_retired"],
            True,
        ),
    )
    client.force_login(curator)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(change_url(program)).status_code == 200
    response = client.post(
        change_url(program),
        form_data(
            name="New name", slug=program.slug, unit=program.unit_id, opens_on="", closes_on=""
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    program.refresh_from_db()
    assert program.name == "New name"


def test_curator_cannot_open_or_edit_users(client: Client, curator: User, member: User) -> None:
    client.force_login(curator)
    assert client.get(reverse("admin:profiles_user_changelist")).status_code == 403
    user_page = reverse("admin:profiles_user_change", args=[member.pk])
    assert client.get(user_page).status_code == 403
    assert client.post(user_page, {"email": "taken@example.org"}).status_code == 403
    member.refresh_from_db()
    assert member.email == "member@example.org"


def test_curator_sees_only_programs_and_units_on_the_admin_index(
    client: Client, curator: User
) -> None:
    client.force_login(curator)
    models = {
        model["object_name"]
        for app in client.get(reverse("admin:index")).context["app_list"]
        for model in app["models"]
    }
    assert models == {"Program", "Unit"}


@pytest.mark.parametrize("path", [reverse("admin:index"), CHANGELIST])
def test_member_who_is_not_staff_cannot_reach_the_admin(
    client: Client, member: User, path: str
) -> None:
    client.force_login(member)
    response = client.get(path, follow=True)
    assert response.redirect_chain
    assert "/login/" in response.redirect_chain[0][0]
    assert "cl" not in (response.context or {})


def test_needs_review_filter_lists_programs_not_reviewed_in_twelve_months(
    client: Client, curator: User, today: datetime.date
) -> None:
    make_program("Never reviewed", last_reviewed_on=None)
    make_program("Reviewed 13 months ago", reviewed_on=datetime.date(2024, 2, 10))
    make_program("Reviewed 11 months ago", reviewed_on=datetime.date(2024, 4, 10))
    make_program("Archived", last_reviewed_on=None, status=ProgramStatus.ARCHIVED)
    client.force_login(curator)
    assert listed(client, "review=needed") == ["Never reviewed", "Reviewed 13 months ago"]


def test_open_now_and_format_filters(client: Client, curator: User, today: datetime.date) -> None:
    make_program("Open peer", rolling=True, formats=["peer"])
    make_program("Closed peer", closes_on=days(-1), formats=["peer"])
    make_program("Open one-to-one", opens_on=TODAY, formats=["one_to_one"])
    client.force_login(curator)
    assert listed(client, "applications=open") == ["Open one-to-one", "Open peer"]
    assert listed(client, "applications=closed") == ["Closed peer"]
    assert listed(client, "format=peer") == ["Closed peer", "Open peer"]
    assert listed(client, "format=peer&applications=open") == ["Open peer"]


def test_search_and_status_filter(client: Client, curator: User) -> None:
    acrl = make_unit("ACRL", name="Association of College & Research Libraries")
    make_program("Instruction mentoring", unit=acrl)
    make_program("Archived one", status=ProgramStatus.ARCHIVED)
    client.force_login(curator)
    assert listed(client, "q=acrl") == ["Instruction mentoring"]
    assert listed(client, "status__exact=archived") == ["Archived one"]


def run_action(client: Client, action: str, programs: list[Program]) -> Any:
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [program.pk for program in programs]},
        follow=True,
    )


def test_mark_reviewed_records_today_and_the_curator(
    client: Client, curator: User, today: datetime.date
) -> None:
    stale = make_program("Stale", reviewed_on=datetime.date(2023, 1, 1))
    client.force_login(curator)
    response = run_action(client, "mark_reviewed", [stale])
    assert "Marked 1 program(s) as reviewed today." in response.content.decode()
    stale.refresh_from_db()
    assert stale.last_reviewed_on == TODAY
    assert stale.reviewed_by == curator
    assert LogEntry.objects.get(object_id=str(stale.pk)).change_message == "Marked as reviewed."


def test_archive_hides_programs_and_records_it_in_their_history(
    client: Client, curator: User
) -> None:
    program = make_program()
    client.force_login(curator)
    run_action(client, "archive", [program])
    program.refresh_from_db()
    assert program.status == ProgramStatus.ARCHIVED
    history = client.get(reverse("admin:programs_program_history", args=[program.pk]))
    assert "Archived." in history.content.decode()
    assert client.get(program.get_absolute_url()).status_code == 200  # the curator's preview
    client.logout()
    assert client.get(program.get_absolute_url()).status_code == 404


def test_copy_for_next_cycle_makes_a_draft_a_year_on_with_the_same_eligibility(
    client: Client, curator: User, today: datetime.date
) -> None:
    stage = CareerStage.objects.get(name="LIS student")
    library_type = LibraryType.objects.get(name="Public")
    program = make_program(
        "Spring Mentoring",
        opens_on=datetime.date(2024, 2, 29),
        closes_on=datetime.date(2024, 3, 31),
        is_free=True,
        career_stages=[stage],
        library_types=[library_type],
    )
    client.force_login(curator)
    response = run_action(client, "copy_for_next_cycle", [program])
    assert "spring-mentoring-2025" in response.content.decode()
    copy = Program.objects.get(slug="spring-mentoring-2025")
    assert copy.name == "Spring Mentoring"
    assert copy.status == ProgramStatus.DRAFT
    assert (copy.opens_on, copy.closes_on) == (
        datetime.date(2025, 2, 28),
        datetime.date(2025, 3, 31),
    )
    assert copy.is_free is True
    assert list(copy.career_stages.all()) == [stage]
    assert list(copy.library_types.all()) == [library_type]
    assert copy.last_reviewed_on is None
    program.refresh_from_db()
    assert program.status == ProgramStatus.ACTIVE
    # Copying again finds the next free address.
    run_action(client, "copy_for_next_cycle", [program])
    assert Program.objects.filter(slug="spring-mentoring-2025-2").exists()


def test_curator_adds_a_program_and_is_recorded_as_its_reviewer(
    client: Client, curator: User, today: datetime.date
) -> None:
    client.force_login(curator)
    response = client.post(ADD, form_data())
    assert response.status_code == 302, response.context["adminform"].form.errors
    program = Program.objects.get(slug="childrens-services-mentoring")
    assert (program.opens_on, program.closes_on) == (
        datetime.date(2025, 3, 1),
        datetime.date(2025, 3, 31),
    )
    assert program.open_to_part_time is True
    assert program.open_to_between_jobs is False
    assert (program.last_reviewed_on, program.reviewed_by) == (TODAY, curator)
    assert LogEntry.objects.filter(object_id=str(program.pk)).exists()


def form_errors(client: Client, url: str, data: dict[str, Any]) -> dict[str, list[str]]:
    response = client.post(url, data)
    assert response.status_code == 200, "the form was accepted"
    return response.context["adminform"].form.errors


def test_form_refuses_a_window_that_closes_before_it_opens(client: Client, curator: User) -> None:
    client.force_login(curator)
    errors = form_errors(client, ADD, form_data(opens_on="2025-03-10", closes_on="2025-03-09"))
    assert errors == {"closes_on": ["Applications must close on or after the day they open."]}


def test_form_accepts_a_window_that_opens_and_closes_the_same_day(
    client: Client, curator: User
) -> None:
    client.force_login(curator)
    response = client.post(ADD, form_data(opens_on="2025-03-10", closes_on="2025-03-10"))
    assert response.status_code == 302


def test_form_refuses_rolling_applications_with_dates(client: Client, curator: User) -> None:
    client.force_login(curator)
    errors = form_errors(client, ADD, form_data(rolling="on"))
    assert list(errors) == ["rolling"]


def test_form_refuses_a_negative_cost_next_to_the_cost(client: Client, curator: User) -> None:
    client.force_login(curator)
    errors = form_errors(client, ADD, form_data(is_free="False", cost_amount="-5"))
    assert errors == {"cost_amount": ["Ensure this value is greater than or equal to 0."]}
    (cost_input,) = re.findall(r'<input[^>]*name="cost_amount"[^>]*>', client.get(ADD).text)
    assert 'min="0"' in cost_input


@pytest.mark.parametrize("url", ["ftp://example.org/apply", "not a link", "javascript:alert(1)"])
def test_form_refuses_links_that_are_not_web_addresses(
    client: Client, curator: User, url: str
) -> None:
    client.force_login(curator)
    errors = form_errors(client, ADD, form_data(application_url=url, source_url=url))
    assert set(errors) == {"application_url", "source_url"}


def test_new_program_must_answer_every_eligibility_question(client: Client, curator: User) -> None:
    client.force_login(curator)
    errors = form_errors(
        client,
        ADD,
        form_data(
            membership=Membership.UNKNOWN,
            open_to_part_time="",
            open_to_students="",
            open_to_between_jobs="",
            open_to_retired="",
        ),
    )
    assert set(errors) == {
        "membership",
        "open_to_part_time",
        "open_to_students",
        "open_to_between_jobs",
        "open_to_retired",
    }


def test_imported_program_may_keep_not_stated_but_an_answer_cannot_go_back_to_it(
    client: Client, curator: User
) -> None:
    imported = make_program("Imported", membership=Membership.UNKNOWN, open_to_part_time=True)
    client.force_login(curator)
    unknown = {
        "membership": Membership.UNKNOWN,
        "open_to_students": "",
        "open_to_between_jobs": "",
        "open_to_retired": "",
    }
    base = form_data(slug=imported.slug, unit=imported.unit_id, **unknown)
    assert (
        client.post(change_url(imported), {**base, "open_to_part_time": "True"}).status_code == 302
    )
    errors = form_errors(client, change_url(imported), {**base, "open_to_part_time": ""})
    assert list(errors) == ["open_to_part_time"]


def test_change_page_links_to_the_public_page(client: Client, curator: User) -> None:
    program = make_program()
    client.force_login(curator)
    response = client.get(change_url(program))
    assert 'class="viewsitelink"' in response.content.decode()
    content_type = ContentType.objects.get_for_model(Program)
    followed = client.get(reverse("admin:view_on_site", args=[content_type.pk, program.pk]))
    assert followed["Location"].endswith(program.get_absolute_url())


def test_curator_finds_units_by_name_or_abbreviation(client: Client, curator: User) -> None:
    make_unit("ACRL", name="Association of College & Research Libraries")
    make_unit("YALSA", name="Young Adult Library Services Association")
    client.force_login(curator)
    response = client.get(reverse("admin:programs_unit_changelist") + "?q=yalsa")
    assert [unit.abbreviation for unit in response.context["cl"].result_list] == ["YALSA"]
