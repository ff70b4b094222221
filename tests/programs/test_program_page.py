"""A program's page: eligibility at a glance, the application window, and who may see it."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from profiles.models import User
from programs.models import Membership, ProgramStatus
from tests.programs.conftest import days, make_program

pytestmark = pytest.mark.django_db


def test_anyone_sees_eligibility_at_a_glance_and_unknowns_are_not_stated(
    client: Client, today: datetime.date
) -> None:
    program = make_program(
        "Career Mentoring Program",
        membership=Membership.UNKNOWN,
        is_free=True,
        open_to_students=True,
        open_to_part_time=False,
        duration="Nine months",
    )
    html = client.get(program.get_absolute_url()).content.decode()
    assert "<h1>Career Mentoring Program</h1>" in html
    glance = html.split('id="eligibility"')[1].split("</dl>")[0]
    assert "Free" in glance
    assert "Nine months" in glance
    # Audience, membership, people between jobs, retired people, format and place: never stated.
    assert glance.count("Not stated") == 6
    assert 'Open to students</dt>\n        <dd class="col-sm-7">Yes' in glance
    assert 'Open to part-time staff</dt>\n        <dd class="col-sm-7">No' in glance


def test_page_shows_the_window_application_link_source_and_last_review(
    client: Client, today: datetime.date
) -> None:
    program = make_program(
        opens_on=days(-5),
        closes_on=days(10),
        application_url="https://example.org/apply",
        source_url="https://example.org/program",
        reviewed_on=datetime.date(2025, 1, 15),
    )
    html = client.get(program.get_absolute_url()).content.decode()
    assert "Open now · closes 20 Mar 2025" in html
    assert "Thursday 20 March 2025" in html
    assert 'href="https://example.org/apply">Apply on the program' in html
    assert 'href="https://example.org/program"' in html
    assert "Last checked by our curators on 15 January 2025" in html


def test_a_long_source_address_is_shortened_without_a_stop_after_its_ellipsis(
    client: Client,
) -> None:
    long = "https://www.ala.org/core/member-center/core-mentoring-program/about-the-program"
    program = make_program(source_url=long)
    html = client.get(program.get_absolute_url()).content.decode()
    assert (
        f'href="{long}">https://www.ala.org/core/member-center/core-mentoring-progr…</a><br>'
        in (html)
    )


def test_page_has_a_title_description_and_open_graph_tags(
    client: Client, today: datetime.date
) -> None:
    program = make_program("Peer Circles", summary="Small groups of peers meet monthly.")
    html = client.get(program.get_absolute_url()).content.decode()
    assert "<title>Peer Circles · MentorConnect</title>" in html
    assert '<meta name="description" content="Small groups of peers meet monthly.">' in html
    assert '<meta property="og:title" content="Peer Circles">' in html
    assert 'content="http://testserver/programs/peer-circles/"' in html


def test_anonymous_visitor_is_offered_to_sign_in_to_save(
    client: Client, today: datetime.date
) -> None:
    program = make_program()
    html = client.get(program.get_absolute_url()).content.decode()
    assert "Sign in to save" in html
    assert f"/accounts/login/?next=/programs/{program.slug}/" in html


@pytest.mark.parametrize("status", [ProgramStatus.ARCHIVED, ProgramStatus.DRAFT])
def test_archived_and_draft_programs_answer_404_to_the_public_and_members(
    client: Client, member: User, status: str
) -> None:
    program = make_program(status=status)
    assert client.get(program.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(program.get_absolute_url()).status_code == 404


def test_curator_previews_an_archived_program_marked_as_hidden(
    client: Client, curator: User
) -> None:
    program = make_program(status=ProgramStatus.ARCHIVED)
    client.force_login(curator)
    response = client.get(program.get_absolute_url())
    assert response.status_code == 200
    assert "only curators can see this page" in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_unknown_program_is_404(client: Client) -> None:
    assert client.get("/programs/no-such-program/").status_code == 404
