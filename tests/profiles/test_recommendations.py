"""The dashboard's suggestions: only mentors the mentee can meet, never one already asked, with
what they cover; and what the page says when no mentor covers a wanted area."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentorships import services
from profiles.models import Profile
from tests.mentorships.helpers import make_active, make_request
from tests.programs.conftest import make_program

from .factories import city, library_type, make_mentee, make_mentor, stage
from .reading import dashboard_suggestions

pytestmark = pytest.mark.django_db


def suggestions(client: Client) -> list[tuple[str, str]]:
    return dashboard_suggestions(client)


def names(client: Client) -> list[str]:
    return [name for name, _ in suggestions(client)]


@pytest.fixture
def mentee() -> Profile:
    return make_mentee(
        display_name="Mentee",
        wanted=["Cataloging (original and copy)", "Metadata creation and management"],
        library_type=library_type("Academic: 4-year college"),
        city=city("Toronto", "CA"),
        career_stage=stage("Early career (under 5 years)"),
    )


CATALOGING = ["Cataloging (original and copy)"]


def test_best_fit_comes_first_naming_the_areas_it_covers(client: Client, mentee: Profile) -> None:
    make_mentor(
        display_name="Best",
        expertise=["Cataloging (original and copy)", "Metadata creation and management"],
        library_type=library_type("Academic: 4-year college"),
        city=city("Hamilton", "CA"),
    )
    make_mentor(display_name="One area", expertise=CATALOGING, city=city("Vancouver", "CA"))
    client.force_login(mentee.user)
    results = suggestions(client)
    assert [name for name, _ in results] == ["Best", "One area"]
    reason = results[0][1]
    assert reason.startswith(
        "Covers: Cataloging (original and copy), Metadata creation and management"
    )
    assert "km away" in reason
    assert "same library type (Academic: 4-year college)" in reason
    assert results[1][1].startswith("Covers: Cataloging (original and copy); open to remote")


def test_distances_are_in_miles_for_members_in_the_united_states(client: Client) -> None:
    american = make_mentee(wanted=CATALOGING, city=city("Chicago"))
    make_mentor(display_name="Evanston", expertise=CATALOGING, city=city("Evanston"))
    client.force_login(american.user)
    assert "miles away" in suggestions(client)[0][1]


def test_full_paused_and_hidden_mentors_are_never_suggested(
    client: Client, mentee: Profile
) -> None:
    make_mentor(display_name="Full", expertise=CATALOGING, mentor_capacity=1, active_mentee_count=1)
    make_mentor(display_name="Paused", expertise=CATALOGING, accepting_requests=False)
    make_mentor(display_name="Hidden", expertise=CATALOGING, hidden_from_search=True)
    make_mentor(display_name="Open", expertise=CATALOGING)
    client.force_login(mentee.user)
    assert names(client) == ["Open"]


def test_a_mentor_sharing_no_wanted_area_is_not_suggested(client: Client, mentee: Profile) -> None:
    make_mentor(display_name="Acquisitions only", expertise=["Acquisitions"])
    client.force_login(mentee.user)
    assert names(client) == []


def test_a_far_mentor_who_does_not_mentor_remotely_is_not_suggested(
    client: Client, mentee: Profile
) -> None:
    make_mentor(
        display_name="Far, in person only",
        expertise=CATALOGING,
        city=city("Los Angeles"),
        open_to_remote=False,
    )
    make_mentor(display_name="Near", expertise=CATALOGING, city=city("Hamilton", "CA"))
    client.force_login(mentee.user)
    assert names(client) == ["Near"]


def test_a_mentee_meeting_only_in_person_is_suggested_only_nearby_mentors(client: Client) -> None:
    local = make_mentee(city=city("Toronto", "CA"), open_to_remote=False)
    make_mentor(display_name="Near", expertise=["Reference services"], city=city("Toronto", "CA"))
    make_mentor(display_name="Far", expertise=["Reference services"], city=city("Vancouver", "CA"))
    client.force_login(local.user)
    assert names(client) == ["Near"]
    response = client.get(reverse("profiles:find_mentor"), {"accepting": "on"})
    assert response.status_code == 200
    assert "Near" in response.content.decode()


def test_a_mentor_covering_more_wanted_areas_always_comes_first(
    client: Client, mentee: Profile
) -> None:
    for n in range(6):
        make_mentor(display_name=f"One area {n}", expertise=CATALOGING, mentor_capacity=5)
    make_mentor(
        display_name="Both areas",
        expertise=["Cataloging (original and copy)", "Metadata creation and management"],
        mentor_capacity=1,
    )
    client.force_login(mentee.user)
    assert names(client)[0] == "Both areas"


def test_a_mentor_who_declined_is_not_suggested_again_for_six_months(
    client: Client, mentee: Profile
) -> None:
    ada = make_mentor(display_name="Ada Reyes", expertise=CATALOGING, mentor_capacity=3)
    make_mentor(display_name="Bea", expertise=CATALOGING)
    request = make_request(mentee, ada)
    services.mentorship_decline(
        mentorship=request, by=ada.user, note="My places are full this term"
    )
    client.force_login(mentee.user)
    assert names(client) == ["Bea"]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=190)):
        client.force_login(mentee.user)
        assert "Ada Reyes" in names(client)


def test_a_mentor_with_an_open_request_from_the_mentee_is_not_suggested(
    client: Client, mentee: Profile
) -> None:
    ada = make_mentor(display_name="Ada", expertise=CATALOGING, mentor_capacity=3)
    make_mentor(display_name="Bea", expertise=CATALOGING)
    make_request(mentee, ada)
    client.force_login(mentee.user)
    assert names(client) == ["Bea"]


def test_the_mentees_current_mentor_is_not_suggested(client: Client, mentee: Profile) -> None:
    ada = make_mentor(display_name="Ada", expertise=CATALOGING, mentor_capacity=3)
    make_mentor(display_name="Bea", expertise=CATALOGING)
    make_active(mentee, ada)
    client.force_login(mentee.user)
    assert names(client) == ["Bea"]


def test_mentors_do_not_see_themselves(client: Client) -> None:
    both = make_mentor(display_name="Both roles", wants_mentor=True, wanted=["Reference services"])
    client.force_login(both.user)
    assert suggestions(client) == []


def test_when_no_mentor_covers_a_wanted_area_the_dashboard_says_so_and_offers_what_exists(
    client: Client,
) -> None:
    mentee = make_mentee(
        display_name="Gwen",
        wanted=["Grant writing", "Reference services"],
        city=city("Chicago"),
    )
    make_mentor(display_name="Reference mentor", expertise=["Reference services"])
    make_mentor(
        display_name="Nearby archivist",
        expertise=["Archival processing and description"],
        city=city("Evanston"),
    )
    make_program("Grant Writing Mentorship", description="Mentors for grant writing.")
    client.force_login(mentee.user)
    page = client.get(reverse("dashboard")).content.decode()
    assert names(client) == ["Reference mentor"]
    assert "No mentor accepting requests now covers Grant writing" in page
    closest = page[page.index('id="closest-mentors"') :]
    assert "Nearby archivist" in closest[: closest.index("</ul>")]
    assert "Grant Writing Mentorship" in page
    assert "Join the waiting list" in page or "waiting list" in page


def test_each_suggestion_and_closest_mentor_says_which_wanted_areas_they_cover(
    client: Client,
) -> None:
    mentee = make_mentee(
        wanted=["Grant writing", "Reference services"], city=city("Chicago"), open_to_remote=False
    )
    make_mentor(
        display_name="Reference mentor",
        expertise=["Reference services", "Archival processing and description"],
    )
    make_mentor(
        display_name="Far grant writer",
        expertise=["Grant writing", "Reference services", "Cataloging (original and copy)"],
        city=city("Seattle"),
        open_to_remote=False,
    )
    client.force_login(mentee.user)
    assert [reason.split(";")[0] for _, reason in suggestions(client)] == [
        "Covers: Reference services"
    ]
    page = client.get(reverse("dashboard")).content.decode()
    closest = page[page.index('id="closest-mentors"') :]
    closest = closest[: closest.index("</ul>")]
    assert "Far grant writer" in closest
    assert "Covers: Reference services, Grant writing" in closest
    assert "Cataloging" not in closest


def test_a_mentee_no_mentor_fits_at_all_can_join_the_waiting_list(client: Client) -> None:
    mentee = make_mentee(wanted=["Grant writing"], city=city("Chicago"))
    make_mentor(display_name="Archivist", expertise=["Archival processing and description"])
    client.force_login(mentee.user)
    page = client.get(reverse("dashboard")).content.decode()
    assert names(client) == []
    assert "No mentor accepting requests now covers Grant writing" in page
    assert "Join the waiting list" in page


def test_the_decline_email_suggests_other_fitting_mentors_but_not_the_one_who_declined(
    mentee: Profile,
) -> None:
    from mentorships import emails

    ada = make_mentor(display_name="Ada Reyes", expertise=CATALOGING, mentor_capacity=3)
    make_mentor(display_name="Bea Fit", expertise=CATALOGING)
    make_mentor(display_name="Cy Unfit", expertise=["Acquisitions"])
    request = make_request(mentee, ada)
    services.mentorship_decline(mentorship=request, by=ada.user, note="Full this term")
    mail.outbox.clear()
    event = request.events.get(kind="declined")
    assert emails.send_for(event)
    text = mail.outbox[-1].body
    assert "Bea Fit" in text
    assert "- Ada Reyes," not in text and "Cy Unfit" not in text


def test_dashboard_query_count_does_not_grow_with_mentors(client: Client, mentee: Profile) -> None:
    def dashboard_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("dashboard"))
        return len(queries)

    client.force_login(mentee.user)
    # The first page after signing in saves the session once (mentorconnect/sessions.py).
    client.get(reverse("dashboard"))
    for _ in range(10):
        make_mentor(expertise=["Cataloging (original and copy)", "Acquisitions"])
    ten = dashboard_queries()
    for _ in range(190):
        make_mentor(expertise=["Cataloging (original and copy)", "Acquisitions"])
    assert dashboard_queries() == ten


def test_the_plan_puts_first_the_mentor_that_leaves_a_place_for_everyone(client: Client) -> None:
    from mentorships.suggestions import refresh_plan

    make_mentor(
        display_name="Ada",
        expertise=["Cataloging (original and copy)", "Metadata creation and management"],
        mentor_capacity=1,
    )
    make_mentor(
        display_name="Bea", expertise=["Metadata creation and management"], mentor_capacity=1
    )
    mia = make_mentee(display_name="Mia", wanted=CATALOGING)
    max_ = make_mentee(display_name="Max", wanted=["Metadata creation and management"])
    assert refresh_plan() == 2
    # Only Ada fits Mia; Max fits both, and is shown Bea first so that Mia can have Ada.
    client.force_login(max_.user)
    assert names(client)[0] == "Bea"
    client.force_login(mia.user)
    assert names(client) == ["Ada"]


def test_asking_a_mentor_who_declined_lately_is_refused_with_the_date_to_ask_again(
    mentee: Profile,
) -> None:
    ada = make_mentor(display_name="Ada", expertise=CATALOGING, mentor_capacity=3)
    services.mentorship_decline(mentorship=make_request(mentee, ada), by=ada.user)
    with pytest.raises(services.MentorshipError, match="declined your request on"):
        make_request(mentee, ada)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=190)):
        assert make_request(mentee, ada).status == "pending"
