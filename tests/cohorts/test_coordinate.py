"""Coordinators run their own program's cohorts on the site: nobody else's, and never a
mentorship's content."""

from __future__ import annotations

import csv
import datetime
import html
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.models import Profile, User
from programs.cohorts import services
from programs.cohorts.models import Cohort, DraftPair, Role
from tests.cohorts.conftest import days, make_application, make_cohort, make_coordinator
from tests.mentorships.helpers import make_active
from tests.profiles.factories import make_mentee, make_mentor
from tests.programs.conftest import make_curator, make_program


def cohort_urls(cohort: Cohort) -> list[tuple[str, str]]:
    return [
        ("get", reverse("cohorts:manage", args=[cohort.pk])),
        ("get", reverse("cohorts:edit", args=[cohort.pk])),
        ("get", reverse("cohorts:applications", args=[cohort.pk])),
        ("post", reverse("cohorts:round_run", args=[cohort.pk])),
        ("post", reverse("mentorships:cohort_publish", args=[cohort.pk])),
    ]


def with_applicants(cohort: Cohort, mentees: int = 3, mentors: int = 2) -> None:
    for _ in range(mentors):
        make_application(make_mentor(), cohort, Role.MENTOR, capacity=2)
    for _ in range(mentees):
        make_application(make_mentee(), cohort, Role.MENTEE)


@pytest.fixture
def cohort(today: datetime.date) -> Cohort:
    return make_cohort()


@pytest.fixture
def coordinator(cohort: Cohort) -> User:
    return make_coordinator(cohort.program)


def test_coordinator_of_another_program_gets_404_everywhere(client: Client, cohort: Cohort) -> None:
    other = make_coordinator(make_program("Another Program"), "other@example.org")
    client.force_login(other)
    for method, url in cohort_urls(cohort):
        assert getattr(client, method)(url).status_code == 404, url
    assert "Spring 2025" not in client.get(reverse("cohorts:coordinate")).content.decode()


def test_stranger_gets_404_and_anonymous_is_sent_to_sign_in(
    client: Client, cohort: Cohort, stranger: User
) -> None:
    for method, url in cohort_urls(cohort):
        assert getattr(client, method)(url).status_code == 302, url
    client.force_login(stranger)
    for method, url in cohort_urls(cohort):
        assert getattr(client, method)(url).status_code == 404, url
    assert client.get(reverse("cohorts:coordinate")).status_code == 404


def test_curator_manages_every_cohort(client: Client, cohort: Cohort) -> None:
    client.force_login(make_curator())
    assert client.get(reverse("cohorts:manage", args=[cohort.pk])).status_code == 200
    assert "Spring 2025" in client.get(reverse("cohorts:coordinate")).content.decode()


def test_coordinator_opens_a_cohort(client: Client, coordinator: User, cohort: Cohort) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("cohorts:cohort_new", args=[cohort.program.slug]),
        {
            "name": "Autumn 2025",
            "status": "open",
            "mentors_open_on": days(100),
            "mentors_close_on": days(120),
            "mentees_open_on": days(100),
            "mentees_close_on": days(130),
            "matching_on": days(140),
            "starts_on": days(150),
            "ends_on": days(330),
            "places": 12,
            "students_welcome": "on",
            "mentor_min_years": 3,
            "questions_0": "Your goals?",
            "questions_2": "Anything else?",
            "orientation": "Be kind.",
        },
        follow=True,
    )
    assert "Cohort “Autumn 2025” created." in response.content.decode()
    made = Cohort.objects.get(name="Autumn 2025")
    assert made.program == cohort.program
    assert made.questions == ["Your goals?", "Anything else?"]
    assert "Opens on" in client.get(cohort.program.get_absolute_url()).content.decode()


def test_cohort_form_refuses_a_window_that_closes_before_it_opens(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("cohorts:edit", args=[cohort.pk]),
        {
            "name": "Spring 2025",
            "status": "open",
            "mentors_open_on": days(5),
            "mentors_close_on": days(1),
            "mentees_open_on": days(1),
            "mentees_close_on": days(2),
            "matching_on": days(3),
            "starts_on": days(4),
            "ends_on": days(5),
            "places": 3,
        },
    )
    assert response.status_code == 200
    assert "Mentor applications cannot end before they start." in response.content.decode()


def cohort_form_data(**fields: object) -> dict[str, object]:
    """A valid cohort form's fields, dates in order, with `fields` in their place."""
    return {
        "name": "Autumn 2025",
        "status": "open",
        "mentors_open_on": days(100),
        "mentors_close_on": days(120),
        "mentees_open_on": days(100),
        "mentees_close_on": days(130),
        "matching_on": days(140),
        "starts_on": days(150),
        "ends_on": days(330),
        "places": 12,
        "mentor_min_years": 0,
    } | fields


def error_next_to(page: str, field: str) -> str:
    """The error message shown under `field`, "" if none."""
    found = re.search(rf'id="error_\d+_id_{field}"[^>]*>\s*<strong>([^<]*)</strong>', page)
    return html.unescape(found.group(1)) if found else ""


def test_cohort_form_refuses_dates_out_of_order_next_to_each_field_and_keeps_them(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("cohorts:cohort_new", args=[cohort.program.slug]),
        cohort_form_data(matching_on=days(125), starts_on=days(124), ends_on=days(124)),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert error_next_to(page, "matching_on") == (
        "Matches cannot be published before applications close: choose 18 July 2025 or later."
    )
    assert error_next_to(page, "starts_on") == (
        "Mentorships cannot start before applications close and matches are published: "
        "choose 18 July 2025 or later."
    )
    assert error_next_to(page, "ends_on") == "Mentorships must end after the day they start."
    assert error_next_to(page, "mentees_close_on") == ""
    assert f'value="{days(125).isoformat()}"' in page
    assert not Cohort.objects.filter(name="Autumn 2025").exists()


def test_mentorships_cannot_start_before_matches_are_published(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    client.force_login(coordinator)
    page = client.post(
        reverse("cohorts:edit", args=[cohort.pk]),
        cohort_form_data(name="Spring 2025", matching_on=days(160)),
    ).content.decode()
    assert error_next_to(page, "matching_on") == ""
    assert error_next_to(page, "starts_on") == (
        "Mentorships cannot start before applications close and matches are published: "
        "choose 17 August 2025 or later."
    )


def test_a_new_cohort_open_for_applications_cannot_have_closed_already(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    client.force_login(coordinator)
    past = {
        "mentors_open_on": days(-60),
        "mentors_close_on": days(-40),
        "mentees_open_on": days(-60),
        "mentees_close_on": days(-35),
        "matching_on": days(-30),
        "starts_on": days(-20),
        "ends_on": days(-10),
    }
    page = client.post(
        reverse("cohorts:cohort_new", args=[cohort.program.slug]), cohort_form_data(**past)
    ).content.decode()
    passed = (
        "This day has passed: a new cohort open for applications needs its applications to "
        "close today or later."
    )
    assert error_next_to(page, "mentors_close_on") == passed
    assert error_next_to(page, "mentees_close_on") == passed
    assert not Cohort.objects.filter(name="Autumn 2025").exists()
    # A draft may record a past cohort, and a running cohort's window may be closed early.
    response = client.post(
        reverse("cohorts:cohort_new", args=[cohort.program.slug]),
        cohort_form_data(status="draft", **past),
    )
    assert response.status_code == 302
    response = client.post(
        reverse("cohorts:edit", args=[cohort.pk]),
        cohort_form_data(name="Spring 2025", mentees_open_on=days(-10), mentees_close_on=days(-1)),
    )
    assert response.status_code == 302


@pytest.mark.parametrize("places", ["-3", "0"])
def test_places_below_one_are_refused_with_the_real_limit(
    client: Client, coordinator: User, cohort: Cohort, places: str
) -> None:
    client.force_login(coordinator)
    page = client.post(
        reverse("cohorts:cohort_new", args=[cohort.program.slug]), cohort_form_data(places=places)
    ).content.decode()
    assert error_next_to(page, "places") == "Ensure this value is greater than or equal to 1."
    assert 'min="1"' in page and 'max="1000"' in page


def test_applications_show_answers_and_eligibility_but_no_mentorship_content(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    mentor = make_mentor(display_name="Mina Mentor")
    mentee = make_mentee(display_name="Theo Mentee")
    make_active(mentee, mentor)  # their earlier mentorship, with its private request
    make_application(mentor, cohort, Role.MENTOR, years_of_experience=17)
    make_application(mentee, cohort, Role.MENTEE, answers=["Learning to lead a team."])
    client.force_login(coordinator)
    page = client.get(reverse("cohorts:applications", args=[cohort.pk])).content.decode()
    assert "Mina Mentor" in page and "Theo Mentee" in page
    assert "Learning to lead a team." in page
    assert "17 years" in page
    assert "Prepare for cataloging interviews." not in page  # the mentorship's request
    mentees_only = client.get(
        reverse("cohorts:applications", args=[cohort.pk]), {"role": "mentee"}
    ).content.decode()
    assert "Mina Mentor" not in mentees_only


def test_long_application_lists_are_paged(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    for _ in range(27):
        make_application(make_mentee(), cohort, Role.MENTEE)
    client.force_login(coordinator)
    page = client.get(reverse("cohorts:applications", args=[cohort.pk])).content.decode()
    assert "Page 1 of 2" in page


def test_run_lock_and_run_again_keeps_the_locked_pair(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    with_applicants(cohort, mentees=4, mentors=2)
    client.force_login(coordinator)
    response = client.post(reverse("cohorts:round_run", args=[cohort.pk]), follow=True)
    assert "The round ran: 4 pairs in the draft" in response.content.decode()
    pair = DraftPair.objects.filter(cohort=cohort).order_by("score", "pk").first()
    assert pair is not None
    client.post(reverse("cohorts:pair_lock", args=[cohort.pk, pair.pk]), {"locked": "1"})

    client.post(reverse("cohorts:round_run", args=[cohort.pk]))
    kept = DraftPair.objects.get(pk=pair.pk)
    assert kept.locked
    assert (kept.mentee_application_id, kept.mentor_application_id) == (
        pair.mentee_application_id,
        pair.mentor_application_id,
    )
    assert DraftPair.objects.filter(cohort=cohort).count() == 4

    page = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    assert "Locked" in page
    assert "First come, first served" in page
    assert "4 of 4 (100%)" in page


def test_unassign_asks_first_naming_both_people_then_takes_the_pair_out(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    make_application(make_mentor(display_name="Mona Mentor"), cohort, Role.MENTOR)
    make_application(make_mentee(display_name="Milo Mentee"), cohort, Role.MENTEE)
    client.force_login(coordinator)
    client.post(reverse("cohorts:round_run", args=[cohort.pk]))
    pair = DraftPair.objects.get(cohort=cohort)
    url = reverse("cohorts:pair_unassign", args=[cohort.pk, pair.pk])

    # The round's page leads to a page that asks, without JavaScript: following the link
    # changes nothing.
    manage = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    assert f'href="{url}"' in manage
    response = client.get(url)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Unassign Milo Mentee and Mona Mentor?" in page
    assert "Milo Mentee is without a mentor, and Mona Mentor has a place free again" in page
    assert f'<form method="post" action="{url}">' in page
    assert DraftPair.objects.filter(pk=pair.pk).exists()

    response = client.post(url, follow=True)
    assert "Pair unassigned." in response.content.decode()
    assert not DraftPair.objects.filter(pk=pair.pk).exists()


def test_unassigning_a_locked_pair_says_the_lock_goes_with_it(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    with_applicants(cohort, mentees=1, mentors=1)
    client.force_login(coordinator)
    client.post(reverse("cohorts:round_run", args=[cohort.pk]))
    pair = DraftPair.objects.get(cohort=cohort)
    url = reverse("cohorts:pair_unassign", args=[cohort.pk, pair.pk])
    assert "no longer keeps it" not in client.get(url).content.decode()
    DraftPair.objects.filter(pk=pair.pk).update(locked=True)
    assert "The pair was locked" in client.get(url).content.decode()


def test_pairs_of_another_cohort_cannot_be_changed_through_this_one(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    other = make_cohort(make_program("Another Program"))
    with_applicants(other, mentees=1, mentors=1)
    curator = make_curator()
    client.force_login(curator)
    client.post(reverse("cohorts:round_run", args=[other.pk]))
    pair = DraftPair.objects.get(cohort=other)
    client.force_login(coordinator)
    url = reverse("cohorts:pair_unassign", args=[cohort.pk, pair.pk])
    assert client.post(url).status_code == 404
    assert DraftPair.objects.filter(pk=pair.pk).exists()


def test_the_round_respects_exclusions(client: Client, coordinator: User, cohort: Cohort) -> None:
    mentor = make_mentor()
    make_application(mentor, cohort, Role.MENTOR)
    mentee = make_mentee()
    make_application(mentee, cohort, Role.MENTEE, excluded=[mentor.user])
    client.force_login(coordinator)
    client.post(reverse("cohorts:round_run", args=[cohort.pk]))
    assert not DraftPair.objects.filter(cohort=cohort).exists()
    page = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    assert "The last run made no pairs" in page
    # The page names nobody's exclusion: the mentee is only among those without a pair.
    assert "Not to be matched with" not in page
    before, _, unmatched = page.partition("Without a pair")
    assert Profile.objects.get(pk=mentee.pk).display_name not in before
    assert Profile.objects.get(pk=mentee.pk).display_name in unmatched


def test_round_and_application_pages_take_the_same_queries_however_many_applied(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    client.force_login(coordinator)
    with_applicants(cohort, mentees=2, mentors=1)
    client.post(reverse("cohorts:round_run", args=[cohort.pk]))
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("cohorts:manage", args=[cohort.pk]))
            client.get(reverse("cohorts:applications", args=[cohort.pk]))
            client.get(reverse("cohorts:coordinate"))
        counts.append(len(few))
        with_applicants(cohort, mentees=6, mentors=3)
        client.post(reverse("cohorts:round_run", args=[cohort.pk]))
    assert counts[0] == counts[1]


def test_program_page_links_its_coordinators_to_their_cohorts(
    client: Client, coordinator: User, cohort: Cohort, stranger: User
) -> None:
    client.force_login(coordinator)
    assert "Manage this program" in client.get(cohort.program.get_absolute_url()).content.decode()
    client.force_login(stranger)
    assert "Manage this program" not in (
        client.get(cohort.program.get_absolute_url()).content.decode()
    )


def test_a_member_deactivated_in_bulk_is_matched_with_nobody_and_ranked_by_nobody(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    with_applicants(cohort, mentees=2, mentors=0)
    gone = make_mentor(display_name="Gone Mentor")
    make_application(gone, cohort, Role.MENTOR, capacity=2)
    User.objects.filter(pk=gone.user_id).update(is_active=False)  # no signal, no save()
    client.force_login(coordinator)

    response = client.post(reverse("cohorts:round_run", args=[cohort.pk]), follow=True)

    assert not DraftPair.objects.filter(cohort=cohort).exists()
    assert "Gone Mentor" not in response.content.decode()
    # Nor offered to a mentee to rank.
    client.force_login(make_mentee().user)
    form = client.get(reverse("cohorts:apply", args=[cohort.pk, "mentee"])).content.decode()
    assert "Gone Mentor" not in form
    assert "No mentors have applied yet" in form


def test_a_deactivated_applicant_is_listed_as_account_closed_and_counted_nowhere(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    make_application(make_mentor(display_name="Mina Mentor"), cohort, Role.MENTOR)
    make_application(make_mentee(display_name="Theo Mentee"), cohort, Role.MENTEE)
    gone = make_mentee(display_name="Gone Mentee")
    make_application(gone, cohort, Role.MENTEE)
    User.objects.filter(pk=gone.user_id).update(is_active=False)  # as the admin's action does
    client.force_login(coordinator)

    listing = client.get(reverse("cohorts:applications", args=[cohort.pk])).content.decode()
    assert "2 applications." in listing
    assert "Not counted: 1 application from a closed account, left out of the round." in listing
    gone_card = listing[listing.index("Gone Mentee") :].split("</article>")[0]
    assert "Account closed" in gone_card
    assert "Submitted" not in gone_card
    assert "the round leaves them out" in gone_card
    theo_card = listing[listing.index("Theo Mentee") :].split("</article>")[0]
    assert "Submitted" in theo_card and "Account closed" not in theo_card

    manage = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    assert "Applications (1 mentee, 1 mentor)" in manage
    coordinate = client.get(reverse("cohorts:coordinate")).content.decode()
    assert "<td>1</td><td>1</td>" in coordinate  # mentees, mentors


def test_the_report_counts_applications_as_the_cohort_page_does_closed_accounts_apart(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    with_applicants(cohort, mentees=3, mentors=2)
    gone = make_mentor(display_name="Gone Mentor")
    make_application(gone, cohort, Role.MENTOR)
    User.objects.filter(pk=gone.user_id).update(is_active=False)
    client.force_login(coordinator)

    manage = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    assert "Applications (3 mentees, 2 mentors)" in manage
    report = client.get(reverse("mentorships:cohort_report", args=[cohort.pk])).content.decode()
    assert 'Mentee applications</dt><dd class="col-sm-8">3<' in report
    assert 'Mentor applications</dt><dd class="col-sm-8">2<' in report
    assert (
        'Applications from closed accounts, not counted above</dt><dd class="col-sm-8">1<' in report
    )
    response = client.get(reverse("mentorships:cohort_report_csv", args=[cohort.pk]))
    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    values = dict(zip(header, row, strict=True))
    assert values["mentee applications"] == "3"
    assert values["mentor applications"] == "2"
    assert values["applications from closed accounts (not counted)"] == "1"


def test_withdrawn_applications_are_listed_but_not_counted(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    make_application(make_mentor(), cohort, Role.MENTOR)
    mentee = make_mentee()
    services.application_withdraw(
        application=make_application(mentee, cohort, Role.MENTEE), by=mentee.user
    )
    client.force_login(coordinator)
    listing = client.get(reverse("cohorts:applications", args=[cohort.pk])).content.decode()
    assert "1 application." in listing
    assert "Not counted: 1 withdrawn application." in listing
    assert "Withdrawn" in listing


def test_the_page_names_the_mentees_left_without_a_pair_and_has_figures_only_once_run(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    make_application(make_mentor(), cohort, Role.MENTOR, capacity=1)
    for name in ["Ana Lima", "Bo Chen"]:
        make_application(make_mentee(display_name=name), cohort, Role.MENTEE)
    client.force_login(coordinator)
    url = reverse("cohorts:manage", args=[cohort.pk])
    assert "Blocking pairs" not in client.get(url).content.decode()

    client.post(reverse("cohorts:round_run", args=[cohort.pk]))
    page = client.get(url).content.decode()
    assert "Blocking pairs" in page
    paired = DraftPair.objects.get(cohort=cohort).mentee_application.applicant.profile.display_name
    left = ({"Ana Lima", "Bo Chen"} - {paired}).pop()
    assert f"1 mentee in the round without a pair: {left}." in page


def test_coordinators_and_curators_find_their_cohorts_from_the_dashboard(
    client: Client, coordinator: User
) -> None:
    coordinate = f'href="{reverse("cohorts:coordinate")}"'
    for user in [coordinator, make_curator()]:
        client.force_login(user)
        assert coordinate in client.get(reverse("dashboard")).content.decode()
    make_mentee(email="mia@example.org")
    client.force_login(User.objects.get(email="mia@example.org"))
    assert coordinate not in client.get(reverse("dashboard")).content.decode()
