"""A form that refuses what was typed answers on the same page: an error summary at the top that
links to each field, the error next to the field, the typed text kept, nothing saved. The bad-
input property tests (tests/test_bad_input.py) check this for every form with generated input;
these are the cases they first found, written out."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mentorships.models import Status
from profiles.models import User
from tests.crawl import parse_html
from tests.mentorships.helpers import make_active, make_request
from tests.profiles.factories import make_mentee, make_mentor

pytestmark = pytest.mark.django_db


def summary_links(html: str) -> list[str]:
    document = parse_html(html)
    return [
        link.attrs["href"]
        for node in document.iter()
        if "data-error-summary" in node.attrs
        for link in node.find_all("a")
    ]


def test_ending_without_an_outcome_keeps_the_reason_on_the_mentorship_page(
    client: Client,
) -> None:
    mentee, mentor = make_mentee(), make_mentor()
    mentorship = make_active(mentee, mentor)
    client.force_login(mentee.user)

    response = client.post(
        reverse("mentorships:end", args=[mentorship.pk]), {"reason": "We met <every> week."}
    )

    assert response.status_code == 200
    assert summary_links(response.content.decode()) == ["#id_outcome_0"]
    assert "We met &lt;every&gt; week.</textarea>" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == Status.ACTIVE


def test_a_decline_note_too_long_is_kept_and_the_request_stays_open(client: Client) -> None:
    mentor = make_mentor()
    mentorship = make_request(make_mentee(), mentor)
    client.force_login(mentor.user)
    note = "Sorry, " + "full " * 500

    response = client.post(reverse("mentorships:decline", args=[mentorship.pk]), {"note": note})

    assert response.status_code == 200
    assert summary_links(response.content.decode()) == ["#id_note"]
    assert note in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == Status.PENDING


def test_an_empty_plan_item_is_refused_on_the_page(client: Client) -> None:
    mentee, mentor = make_mentee(), make_mentor()
    mentorship = make_active(mentee, mentor)
    client.force_login(mentor.user)

    response = client.post(
        reverse("mentorships:plan_add", args=[mentorship.pk]), {"kind": "goal", "text": "  "}
    )

    assert response.status_code == 200
    assert summary_links(response.content.decode()) == ["#id_text"]
    assert not mentorship.plan_items.exists()


def test_another_time_for_a_meeting_that_is_not_a_number_is_not_found(client: Client) -> None:
    mentee, mentor = make_mentee(), make_mentor()
    mentorship = make_active(mentee, mentor)
    client.force_login(mentee.user)

    response = client.get(
        reverse("mentorships:meeting_new", args=[mentorship.pk]), {"replacing": "first"}
    )

    assert response.status_code == 404


def test_a_very_long_mentor_search_is_refused_with_a_message(client: Client) -> None:
    client.force_login(make_mentee().user)

    response = client.get(reverse("profiles:find_mentor"), {"q": "librarian " * 3000})

    assert response.status_code == 200
    assert summary_links(response.content.decode()) == ["#id_q"]
    assert "at most 200 characters" in response.content.decode()


def test_a_meeting_at_the_end_of_the_calendar_is_refused_with_a_message(client: Client) -> None:
    mentee = make_mentee(time_zone="America/Toronto")
    mentorship = make_active(mentee, make_mentor())
    client.force_login(mentee.user)

    response = client.post(
        reverse("mentorships:meeting_new", args=[mentorship.pk]),
        {"starts_at": "9999-12-31T23:59", "duration_minutes": 60, "format": "video"},
    )

    assert response.status_code == 200
    assert summary_links(response.content.decode()) == ["#id_starts_at"]
    assert "Choose a time within the next 2 years." in response.content.decode()
    assert 'value="9999-12-31T23:59"' in response.content.decode()
    assert not mentorship.meetings.exists()


def test_a_nul_character_in_an_address_is_a_bad_request_not_a_server_error(
    client: Client, staff: User
) -> None:
    client.force_login(staff)

    response = client.get(reverse("admin:programs_program_changelist"), {"status__exact": "\x00"})

    assert response.status_code == 400


def test_an_impossible_year_in_the_admins_date_drill_down_is_a_bad_request(
    client: Client, staff: User
) -> None:
    client.force_login(staff)
    changelist = reverse("admin:mentorships_mentorship_changelist")

    assert client.get(changelist, {"requested_at__year": "2147483648"}).status_code == 400
    # The drill-down's last year ends past the last date there is.
    for narrower in [
        {},
        {"requested_at__month": "12"},
        {"requested_at__month": "12", "requested_at__day": "31"},
    ]:
        asked = {"requested_at__year": "9999", **narrower}
        assert client.get(changelist, asked).status_code == 400
    assert client.get(changelist, {"requested_at__year": "2026"}).status_code == 200
    assert (
        client.get(
            reverse("admin:programs_program_changelist"), {"closes_on__year": "9999"}
        ).status_code
        == 400
    )


def test_an_admin_search_longer_than_anyone_types_is_refused_at_once(
    client: Client, staff: User
) -> None:
    client.force_login(staff)
    # allauth's email list: one condition per word over two tables; 5,000 words took minutes.
    changelist = reverse("admin:account_emailaddress_changelist")

    assert client.get(changelist, {"q": "🙂 " * 5_000}).status_code == 400
    assert client.get(changelist, {"q": "staff@example.org " * 10}).status_code == 200
