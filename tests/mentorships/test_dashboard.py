"""What the dashboard tells a mentee and a mentor: times as people say them, the mentor's
places and pause, new feedback flagged until it is read, and a next step that is true."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from feedback import services as feedback_services
from mentorships import services
from mentorships.models import Mentorship
from profiles.models import Profile
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_active, make_request

pytestmark = pytest.mark.django_db


def dashboard_of(client: Client, profile: Profile) -> str:
    client.force_login(profile.user)
    return client.get(reverse("dashboard")).content.decode()


def test_requests_say_when_they_were_sent_as_people_say_it(client: Client) -> None:
    noon = datetime.datetime(2026, 12, 3, 12, 0, tzinfo=datetime.UTC)
    mentor = make_mentor(display_name="Max", mentor_capacity=3)
    with time_machine.travel(noon - datetime.timedelta(days=2, hours=1), tick=False):
        make_request(make_mentee(display_name="Bo"), mentor)
    with time_machine.travel(noon, tick=False):
        make_request(make_mentee(display_name="Ann"), mentor)
        page = dashboard_of(client, mentor)
    assert "Ann</a>, sent just now" in page
    assert "Bo</a>, sent 2 days ago" in page
    assert "0 minutes" not in page


def test_a_mentor_sees_their_places_and_pause_with_a_link_to_change_them(
    client: Client,
) -> None:
    mentor = make_mentor(display_name="Max", mentor_capacity=3)
    make_active(make_mentee(), mentor)
    make_active(make_mentee(), mentor)
    page = dashboard_of(client, mentor)
    assert "As a mentor: 2 of 3 places taken." in page
    assert "Accepting requests" in page

    Profile.objects.filter(pk=mentor.pk).update(accepting_requests=False, hidden_from_search=True)
    page = dashboard_of(client, mentor)
    assert "Paused</span> Nobody new can ask you" in page
    assert "Your profile is hidden from search" in page
    assert f'href="{reverse("profiles:setup", args=[2])}">Resume requests' in page


def test_new_feedback_is_flagged_until_it_is_opened(client: Client) -> None:
    mentee, mentor = make_mentee(display_name="Mia"), make_mentor(display_name="Max")
    mentorship = make_active(mentee, mentor)
    feedback_services.feedback_send(
        mentorship=mentorship, by=mentee.user, kind="appreciation", text="Thank you!", rating=5
    )
    assert "1 new feedback" in dashboard_of(client, mentor)
    assert "1 new feedback" not in dashboard_of(client, mentee)  # her own, not new to her
    detail = client.get(mentorship.get_absolute_url()).content.decode()
    assert 'id="new-feedback-badge"' not in detail

    client.force_login(mentor.user)
    assert 'id="new-feedback-badge"' in client.get(mentorship.get_absolute_url()).content.decode()
    archive = client.get(reverse("feedback:archive", args=[mentorship.pk])).content.decode()
    assert "New</span>" in archive
    assert "new feedback" not in dashboard_of(client, mentor)
    archive = client.get(reverse("feedback:archive", args=[mentorship.pk])).content.decode()
    assert "New</span>" not in archive


def test_pick_a_mentor_below_only_when_mentors_are_suggested_below(client: Client) -> None:
    mentee = make_mentee(display_name="Mia", wanted=["Reference services"])
    page = dashboard_of(client, mentee)
    assert "pick a mentor below" not in page
    assert "No mentor with a free place fits your areas right now: join the waiting list" in page

    make_mentor(display_name="Ada", expertise=["Reference services"])
    page = dashboard_of(client, mentee)
    assert "Send your first request: pick a mentor below." in page
    assert "Ask Ada to mentor you" in page


def test_at_the_most_open_requests_suggestions_come_without_ask_buttons_and_say_why(
    client: Client,
) -> None:
    mentee = make_mentee(display_name="Mia", wanted=["Reference services"])
    make_mentor(display_name="Zoe Young", expertise=["Reference services"])
    asked = [make_mentor(expertise=["Reference services"]) for _ in range(3)]
    for mentor in asked[:2]:
        make_request(mentee, mentor)
    assert "Ask Zoe Young to mentor you" in dashboard_of(client, mentee)

    make_request(mentee, asked[2])
    page = dashboard_of(client, mentee)
    assert "Zoe Young</a>" in page
    assert "Ask Zoe Young to mentor you" not in page
    assert (
        "You have 3 requests waiting for an answer, the most at a time. To ask one of these "
        "mentors, withdraw one of your requests first, or wait for an answer."
    ) in page


def test_a_mentee_with_a_mentor_is_not_told_nobody_covers_their_areas(client: Client) -> None:
    mentee = make_mentee(display_name="Mia", wanted=["Reference services"])
    make_active(mentee, make_mentor(display_name="Max", expertise=["Reference services"]))
    page = dashboard_of(client, mentee)
    assert "No other mentor with a free place fits your areas right now; you have a mentor." in (
        page
    )
    assert "No mentor accepting requests now covers" not in page


def test_after_a_mentorship_ends_the_dashboard_says_so_not_no_mentorships_yet(
    client: Client,
) -> None:
    mentee, mentor = make_mentee(display_name="Mia"), make_mentor(display_name="Max")
    mentorship = make_active(mentee, mentor)
    services.mentorship_end(mentorship=mentorship, by=mentee.user, completed=True)
    for person, other in ((mentee, "Max"), (mentor, "Mia")):
        page = dashboard_of(client, person)
        assert "You have no mentorships yet." not in page
        assert "No mentorship under way now." in page
        assert f'Your mentorship with <a href="{mentorship.get_absolute_url()}">{other}</a>' in page
    # A member who never had one is told so.
    assert "You have no mentorships yet." in dashboard_of(client, make_mentee())


def test_an_area_a_mentor_already_asked_covers_is_not_called_uncovered(client: Client) -> None:
    mentee = make_mentee(display_name="Mia", wanted=["Reference services", "Grant writing"])
    make_mentor(display_name="Other", expertise=["Reference services"])
    kai = make_mentor(display_name="Kai", expertise=["Grant writing"])
    page = dashboard_of(client, mentee)
    assert "No mentor accepting requests now covers" not in page

    make_request(mentee, kai)
    page = dashboard_of(client, mentee)
    # Nobody else is suggested for grant writing, but the request to Kai is for it.
    assert "Other</a>" in page and "Ask Kai" not in page
    assert "No mentor accepting requests now covers" not in page


def test_the_programs_for_an_area_no_mentor_covers_speak_of_that_area(client: Client) -> None:
    from programs.demo import load_demo_programs

    load_demo_programs()
    make_mentor(expertise=["Reference services"])
    storytime = make_mentee(wanted=["Early literacy and storytime"])
    page = dashboard_of(client, storytime)
    assert "No mentor accepting requests now covers Early literacy and storytime" in page
    # Programs for early-career librarians are not programs about early literacy.
    assert 'id="programs-for-areas"' not in page
    assert "ACRL Diversity Alliance" not in page

    teens = make_mentee(wanted=["Teen and young adult services"])
    page = dashboard_of(client, teens)
    programs = page.split('id="programs-for-areas">')[1].split("</ul>")[0]
    assert ">YALSA Virtual Mentoring Program</a>" in programs
    assert programs.count("<li>") == 1


def test_the_programs_for_an_area_leave_out_those_for_other_career_stages(
    client: Client,
) -> None:
    from tests.profiles.factories import stage
    from tests.programs.conftest import make_program

    make_program("Grants for mid-career", summary="Grant writing mentors.").career_stages.set(
        [stage("Mid-career (5-15 years)")]
    )
    make_program("Grants for anyone", summary="Grant writing mentors.")
    page = dashboard_of(client, make_mentee(wanted=["Grant writing"]))  # early career
    programs = page.split('id="programs-for-areas">')[1].split("</ul>")[0]
    assert ">Grants for anyone</a>" in programs
    assert "Grants for mid-career" not in programs


def test_a_mentorship_says_when_its_state_began_on_the_list_and_its_page(
    client: Client, time_machine: Any
) -> None:
    mentee, mentor = make_mentee(display_name="Mia"), make_mentor(display_name="Max")
    time_machine.move_to(datetime.datetime(2026, 10, 28, 15, tzinfo=datetime.UTC), tick=False)
    mentorship = make_active(mentee, mentor)
    time_machine.move_to(datetime.datetime(2026, 12, 7, 15, tzinfo=datetime.UTC), tick=False)
    services.mentorship_end(mentorship=mentorship, by=mentee.user, completed=False)
    client.force_login(mentee.user)
    listed = client.get(reverse("mentorships:list")).content.decode()
    assert "<td>7 Dec 2026</td>" in listed
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "from 28 October 2026 to 7 December 2026" in page
    assert "since 28 October 2026" not in page

    # A cohort's mentorship, published before its first day, says when it starts.
    later = make_active(make_mentee(), mentor)
    Mentorship.objects.filter(pk=later.pk).update(
        started_at=datetime.datetime(2027, 1, 6, 12, tzinfo=datetime.UTC)
    )
    client.force_login(mentor.user)
    listed = client.get(reverse("mentorships:list")).content.decode()
    assert "starts on 6 Jan 2027" in listed


def test_a_mentor_is_not_suggested_again_just_after_the_mentorship_ended(
    client: Client, time_machine: Any
) -> None:
    mentee = make_mentee(display_name="Mia", wanted=["Reference services"])
    max_ = make_mentor(display_name="Max", expertise=["Reference services"], mentor_capacity=2)
    make_mentor(display_name="Noa", expertise=["Reference services"])
    time_machine.move_to(datetime.datetime(2026, 12, 1, 15, tzinfo=datetime.UTC), tick=False)
    services.mentorship_end(mentorship=make_active(mentee, max_), by=mentee.user, completed=False)
    page = dashboard_of(client, mentee)
    assert "Ask Noa to mentor you" in page and "Ask Max to mentor you" not in page
    # Search still finds him, and a month on he may be suggested again.
    assert "Max" in client.get(reverse("profiles:find_mentor")).content.decode()
    time_machine.move_to(datetime.datetime(2027, 1, 2, 15, tzinfo=datetime.UTC), tick=False)
    assert "Ask Max to mentor you" in dashboard_of(client, mentee)


def test_a_check_in_whose_day_has_passed_is_called_overdue(client: Client) -> None:
    mentee = make_mentee(display_name="Mia")
    mentor = make_mentor(display_name="Ada Baker")
    with time_machine.travel(datetime.datetime(2026, 8, 4, 15, tzinfo=datetime.UTC), tick=False):
        mentorship = make_active(mentee, mentor)
    due = mentorship.check_in_due_on()
    assert due is not None
    day = f"{due.day} {due:%b %Y}"

    the_day_before = datetime.datetime.combine(due, datetime.time(15), datetime.UTC)
    with time_machine.travel(the_day_before - datetime.timedelta(days=1), tick=False):
        html = dashboard_of(client, mentee)
    assert f"Ada Baker</a>: by {day}" in html
    assert "overdue" not in html

    with time_machine.travel(the_day_before + datetime.timedelta(days=3), tick=False):
        html = dashboard_of(client, mentee)
    assert f"Ada Baker</a>: overdue, it was due by {day}" in html
