"""A cohort's surveys: each participant answers once; coordinators see totals of at least 5
people only, comments without names, and a CSV that a spreadsheet cannot run."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from mentorships import cohort_rounds
from profiles.models import User
from programs.cohorts import services
from programs.cohorts.models import Cohort, CohortStatus, Milestone, Role, SurveyResponse
from tests.cohorts.conftest import make_application, make_cohort, make_coordinator
from tests.conftest import make_member
from tests.profiles.factories import make_mentee, make_mentor
from tests.programs.conftest import make_program

ANSWERS = {"satisfaction": "4", "goals_met": "3", "would_recommend": "9", "comment": "Good."}


@pytest.fixture
def cohort(today: datetime.date) -> Cohort:
    # The midpoint is today, so its survey is open.
    cohort = make_cohort()
    Milestone.objects.create(cohort=cohort, on=today, kind="midpoint", title="Halfway")
    return cohort


@pytest.fixture
def coordinator(cohort: Cohort) -> User:
    return make_coordinator(cohort.program)


@pytest.fixture
def pair(cohort: Cohort, coordinator: User) -> tuple[User, User]:
    mentor = make_mentor(display_name="Mona")
    mentee = make_mentee(display_name="Milo")
    make_application(mentor, cohort, Role.MENTOR)
    make_application(mentee, cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    cohort_rounds.publish(cohort=cohort, by=coordinator)
    return mentor.user, mentee.user


def survey_url(cohort: Cohort, survey: str = "midpoint") -> str:
    return reverse("cohorts:survey", args=[cohort.pk, survey])


def respond(cohort: Cohort, n: int, **fields: object) -> None:
    """n responses to the midpoint survey, from people made for it."""
    for i in range(n):
        SurveyResponse.objects.create(
            cohort=cohort,
            respondent=make_member(f"respondent{i}-{cohort.pk}@example.org"),
            survey="midpoint",
            **{"satisfaction": 4, "goals_met": 3, "would_recommend": 9, **fields},
        )


# Answering


def test_each_participant_answers_each_survey_once_and_may_change_it(
    client: Client, cohort: Cohort, pair: tuple[User, User]
) -> None:
    mentor, mentee = pair
    client.force_login(mentee)
    assert "midpoint survey" in client.get(reverse("cohorts:my_applications")).content.decode()
    response = client.post(survey_url(cohort), ANSWERS)
    assert response.status_code == 302
    client.post(survey_url(cohort), {**ANSWERS, "satisfaction": "5", "comment": "Better."})
    answer = SurveyResponse.objects.get(respondent=mentee)
    assert (answer.satisfaction, answer.comment) == (5, "Better.")
    client.force_login(mentor)
    client.post(survey_url(cohort), ANSWERS)
    assert SurveyResponse.objects.filter(cohort=cohort, survey="midpoint").count() == 2


def test_a_survey_before_its_day_or_after_the_cohort_closed_takes_no_answers(
    client: Client, cohort: Cohort, pair: tuple[User, User]
) -> None:
    _, mentee = pair
    client.force_login(mentee)
    page = client.post(survey_url(cohort, "closing"), ANSWERS).content.decode()
    assert f"opens on {cohort.ends_on:%A} {cohort.ends_on.day}" in page
    Cohort.objects.filter(pk=cohort.pk).update(status=CohortStatus.CLOSED)
    page = client.post(survey_url(cohort), ANSWERS).content.decode()
    assert "surveys are over" in page
    assert not SurveyResponse.objects.exists()


def test_out_of_range_answers_are_refused(
    client: Client, cohort: Cohort, pair: tuple[User, User]
) -> None:
    client.force_login(pair[1])
    response = client.post(survey_url(cohort), {**ANSWERS, "would_recommend": "11"})
    assert response.status_code == 200
    assert not SurveyResponse.objects.exists()


def test_only_matched_participants_reach_a_survey(
    client: Client, cohort: Cohort, coordinator: User, pair: tuple[User, User], stranger: User
) -> None:
    assert client.get(survey_url(cohort)).status_code == 302  # anonymous: sign in
    for person in (stranger, coordinator):
        client.force_login(person)
        assert client.get(survey_url(cohort)).status_code == 404
        assert client.post(survey_url(cohort), ANSWERS).status_code == 404
    client.force_login(pair[1])
    assert client.get(survey_url(cohort, "horoscope")).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_my_answers_are_in_my_data_and_nobody_elses(
    client: Client, cohort: Cohort, pair: tuple[User, User]
) -> None:
    mentor, mentee = pair
    client.force_login(mentee)
    client.post(survey_url(cohort), {**ANSWERS, "comment": "Milo's own words."})
    data = json.loads(client.get(reverse("export_data")).content)
    (mine,) = data["program_surveys_you_answered"]
    assert mine["comment"] == "Milo's own words." and mine["would_recommend_0_to_10"] == 9
    client.force_login(mentor)
    assert "Milo's own words." not in client.get(reverse("export_data")).content.decode()


# The coordinators' report


def report(client: Client, cohort: Cohort) -> str:
    response = client.get(reverse("mentorships:cohort_report", args=[cohort.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_fewer_than_5_responses_show_no_figure_and_no_comment(
    client: Client, cohort: Cohort, coordinator: User
) -> None:
    respond(cohort, 4, comment="Secret-ish remark.")
    client.force_login(coordinator)
    page = report(client, cohort)
    assert "fewer than 5" in page
    assert "Secret-ish remark." not in page
    assert "Net promoter score" not in page


def test_5_responses_show_averages_nps_and_comments_without_names_in_alphabetical_order(
    client: Client, cohort: Cohort, coordinator: User
) -> None:
    for i, (recommend, comment) in enumerate(
        [(10, "zebra-like stamina"), (9, ""), (8, "Apples"), (3, "middle"), (0, "")]
    ):
        SurveyResponse.objects.create(
            cohort=cohort,
            respondent=make_member(f"named{i}@example.org"),
            survey="midpoint",
            satisfaction=i + 1,
            goals_met=2,
            would_recommend=recommend,
            comment=comment,
        )
    client.force_login(coordinator)
    page = report(client, cohort)
    assert "3.0 of 5 on average" in page  # satisfaction 1..5
    assert "2.0 of 5 on average" in page
    assert 'col-sm-8">0% <span' in page  # 2 promoters - 2 detractors of 5
    # From the first comment on: the header's language menu carries "csrfmiddlewaretoken".
    comments = page[page.index("Apples") :]
    assert comments.index("middle") < comments.index("zebra-like stamina")
    assert "named" not in page


def test_the_report_counts_applications_and_pairs(
    client: Client, cohort: Cohort, coordinator: User, pair: tuple[User, User]
) -> None:
    client.force_login(coordinator)
    page = report(client, cohort)
    assert 'Pairs matched</dt><dd class="col-sm-8">1<' in page
    assert 'Mentorships completed</dt><dd class="col-sm-8">fewer than 5<' in page


def test_another_programs_coordinator_gets_404(
    client: Client, cohort: Cohort, coordinator: User
) -> None:
    other = make_coordinator(make_program("Another Program"), email="other@example.org")
    client.force_login(other)
    for name in ("mentorships:cohort_report", "mentorships:cohort_report_csv"):
        assert client.get(reverse(name, args=[cohort.pk])).status_code == 404


def test_anonymous_is_sent_to_sign_in_for_the_report(client: Client, cohort: Cohort) -> None:
    response = client.get(reverse("mentorships:cohort_report_csv", args=[cohort.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_csv_has_the_figures_and_escapes_formula_cells(
    client: Client, cohort: Cohort, coordinator: User
) -> None:
    Cohort.objects.filter(pk=cohort.pk).update(name='=HYPERLINK("http://evil.example","x")')
    respond(cohort, 5, would_recommend=10)
    client.force_login(coordinator)
    response = client.get(reverse("mentorships:cohort_report_csv", args=[cohort.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    values = dict(zip(header, row, strict=True))
    assert values["cohort"] == '\'=HYPERLINK("http://evil.example","x")'
    assert values["midpoint survey responses"] == "5"
    assert values["midpoint survey satisfaction (1-5)"] == "4.0"
    assert values["midpoint survey NPS (%)"] == "100"
    assert values["closing survey responses"] == "fewer than 5"
    assert values["closing survey NPS (%)"] == "fewer than 5"
    assert "Good." not in response.content.decode()
