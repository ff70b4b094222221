"""Members apply to a cohort from the program's page, see their application and withdraw it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from programs.cohorts import services
from programs.cohorts.models import Application, ApplicationStatus, Exclusion, RankedChoice, Role
from tests.cohorts.conftest import QUESTION, days, make_application, make_cohort
from tests.profiles.factories import city, make_mentee, make_mentor, stage


def apply_url(cohort_pk: int, role: str) -> str:
    return reverse("cohorts:apply", args=[cohort_pk, role])


def test_program_page_shows_each_window_with_apply_buttons(
    client: Client, today: datetime.date
) -> None:
    cohort = make_cohort(mentors_open_on=days(3), mentors_close_on=days(9))
    page = client.get(cohort.program.get_absolute_url()).content.decode()
    assert "Spring 2025" in page
    assert "Apply as a mentee" in page
    assert f"Open until {days(10):%-d %b %Y}" in page
    assert "Apply as a mentor" not in page
    assert f"Opens on {days(3):%-d %b %Y}" in page


def test_draft_cohort_is_not_on_the_program_page(client: Client, today: datetime.date) -> None:
    cohort = make_cohort(status="draft")
    assert "Spring 2025" not in client.get(cohort.program.get_absolute_url()).content.decode()
    mentee = make_mentee()
    client.force_login(mentee.user)
    assert client.get(apply_url(cohort.pk, "mentee")).status_code == 404


def test_anonymous_visitor_is_asked_to_sign_in(client: Client, today: datetime.date) -> None:
    cohort = make_cohort()
    response = client.get(apply_url(cohort.pk, "mentee"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_mentee_applies_sees_the_status_and_withdraws(client: Client, today: datetime.date) -> None:
    cohort = make_cohort()
    mentor = make_mentor(display_name="Rosa Reyes", headline="Head of cataloging")
    mentor_application = make_application(mentor, cohort, Role.MENTOR)
    mentee = make_mentee()
    client.force_login(mentee.user)

    form = client.get(apply_url(cohort.pk, "mentee")).content.decode()
    assert QUESTION in form
    assert "if you are matched, your mentor reads them too" in form
    assert "Rosa Reyes — Head of cataloging" in form

    response = client.post(
        apply_url(cohort.pk, "mentee"),
        {"answer_0": "Confidence in reference work.", "choice_1": mentor_application.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("cohorts:my_applications")
    page = response.content.decode()
    assert "Your application to" in page
    assert "Submitted" in page
    assert "Confidence in reference work." in page
    assert "1. Rosa Reyes" in page
    application = Application.objects.get(applicant=mentee.user)
    assert application.answers == ["Confidence in reference work."]
    assert RankedChoice.objects.get(mentee_application=application).rank == 1

    # Withdrawing asks first, on its own page, saying what it does.
    withdraw_url = reverse("cohorts:withdraw", args=[application.pk])
    assert (
        f'href="{withdraw_url}"' in client.get(reverse("cohorts:my_applications")).content.decode()
    )
    confirm = client.get(withdraw_url).content.decode()
    assert "Withdrawing does this at once:" in confirm
    assert "your ranked mentors no longer count" in confirm
    assert f"You may apply again until {days(10).day} {days(10):%B %Y}" in confirm
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    response = client.post(withdraw_url, follow=True)
    assert "Your application is withdrawn" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    # Withdrawn, they may apply again while the window is open.
    assert client.get(apply_url(cohort.pk, "mentee")).status_code == 200


def test_withdrawing_again_says_it_is_already_withdrawn(
    client: Client, today: datetime.date
) -> None:
    mentee = make_mentee()
    application = make_application(mentee, make_cohort(), Role.MENTEE)
    client.force_login(mentee.user)
    client.post(reverse("cohorts:withdraw", args=[application.pk]))

    response = client.post(reverse("cohorts:withdraw", args=[application.pk]), follow=True)
    page = response.content.decode()
    assert "This application is already withdrawn." in page
    assert "can no longer be withdrawn" not in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_a_withdrawal_sent_twice_at_once_is_done_once(today: datetime.date) -> None:
    mentee = make_mentee()
    application = make_application(mentee, make_cohort(), Role.MENTEE)
    services.application_withdraw(application=application, by=mentee.user)
    # The second request read the application before the first one withdrew it.
    services.application_withdraw(application=application, by=mentee.user)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_applying_twice_goes_to_the_application(client: Client, today: datetime.date) -> None:
    cohort = make_cohort()
    mentee = make_mentee()
    make_application(mentee, cohort, Role.MENTEE)
    client.force_login(mentee.user)
    response = client.get(apply_url(cohort.pk, "mentee"))
    assert response["Location"] == reverse("cohorts:my_applications")


def test_membership_refusal_keeps_what_was_typed(client: Client, today: datetime.date) -> None:
    cohort = make_cohort(membership_required=True)
    mentee = make_mentee()
    client.force_login(mentee.user)
    response = client.post(
        apply_url(cohort.pk, "mentee"), {"answer_0": "My carefully written answer."}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "this cohort needs membership" in page
    assert "My carefully written answer." in page
    assert not Application.objects.exists()


def test_a_member_says_so_and_is_told_the_coordinators_may_check_it(
    client: Client, today: datetime.date
) -> None:
    cohort = make_cohort(membership_required=True)
    mentee = make_mentee()
    client.force_login(mentee.user)
    page = client.get(apply_url(cohort.pk, "mentee")).content.decode()
    assert "Membership of the association is required" in page
    assert "coordinators may check your membership with the association" in page
    response = client.post(
        apply_url(cohort.pk, "mentee"), {"answer_0": "Grow as a leader.", "is_member": "on"}
    )
    assert response.status_code == 302
    assert Application.objects.get(applicant=mentee.user).is_member


def test_mentor_with_too_few_years_is_refused_on_the_same_page(
    client: Client, today: datetime.date
) -> None:
    cohort = make_cohort(mentor_min_years=5)
    mentor = make_mentor()
    client.force_login(mentor.user)
    response = client.post(
        apply_url(cohort.pk, "mentor"),
        {
            "answer_0": "I like helping.",
            "years_of_experience": "3",
            "capacity": "2",
            "orientation_confirmed": "on",
            "is_member": "on",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "at least 5 years of experience" in page
    assert "I like helping." in page
    assert not Application.objects.exists()


def test_student_refused_where_students_are_not_taken(client: Client, today: datetime.date) -> None:
    cohort = make_cohort(students_welcome=False)
    mentee = make_mentee()
    client.force_login(mentee.user)
    response = client.post(
        apply_url(cohort.pk, "mentee"), {"answer_0": "Kept.", "is_student": "on"}
    )
    assert "does not take students" in response.content.decode()
    assert "Kept." in response.content.decode()


def test_mentor_must_confirm_the_orientation(client: Client, today: datetime.date) -> None:
    cohort = make_cohort()
    mentor = make_mentor()
    client.force_login(mentor.user)
    response = client.post(
        apply_url(cohort.pk, "mentor"),
        {"answer_0": "Yes.", "years_of_experience": "8", "capacity": "1"},
    )
    assert response.status_code == 200
    assert "Meet once a month" in response.content.decode()
    assert not Application.objects.exists()


def test_career_stage_outside_the_cohort_is_said_before_typing(
    client: Client, today: datetime.date
) -> None:
    cohort = make_cohort(mentee_career_stages=[stage("LIS student")])
    mentee = make_mentee()  # early career
    client.force_login(mentee.user)
    page = client.get(apply_url(cohort.pk, "mentee")).content.decode()
    assert "This cohort&#x27;s mentees are at these career stages" in page


def test_closed_window_refuses_a_late_post_with_a_message(
    client: Client, today: datetime.date
) -> None:
    cohort = make_cohort(mentees_open_on=days(-20), mentees_close_on=days(-1))
    mentee = make_mentee()
    client.force_login(mentee.user)
    response = client.post(apply_url(cohort.pk, "mentee"), {"answer_0": "Late."})
    assert response.status_code == 200
    assert "Mentee applications for Spring 2025 are closed." in response.content.decode()


def test_exclusions_are_never_shown_to_the_excluded_person(
    client: Client, today: datetime.date
) -> None:
    cohort = make_cohort()
    mentor = make_mentor(display_name="Marta Mentor")
    make_application(mentor, cohort, Role.MENTOR)
    mentee = make_mentee(display_name="Ezra Excluder")
    client.force_login(mentee.user)
    client.post(
        apply_url(cohort.pk, "mentee"),
        {"answer_0": "Please not my manager.", "excluded": [mentor.user.pk]},
    )
    assert Exclusion.objects.filter(excluded_user=mentor.user).exists()
    assert "Not to be matched with (only you see this): Marta Mentor" in (
        client.get(reverse("cohorts:my_applications")).content.decode()
    )

    client.force_login(mentor.user)
    for url in [
        reverse("cohorts:my_applications"),
        cohort.program.get_absolute_url(),
        reverse("profiles:detail", args=[mentor.pk]),
    ]:
        page = client.get(url).content.decode()
        assert "Ezra Excluder" not in page
        assert "only you see this" not in page


def test_before_any_mentor_applied_the_mentee_form_says_so_and_offers_no_choices(
    client: Client, today: datetime.date
) -> None:
    cohort = make_cohort()
    mentee = make_mentee()
    client.force_login(mentee.user)

    page = client.get(apply_url(cohort.pk, "mentee")).content.decode()

    assert "No mentors have applied yet, so there is nobody to rank for now." in page
    assert "Choice 1" not in page and "No preference" not in page
    response = client.post(apply_url(cohort.pk, "mentee"), {"answer_0": "Reference work."})
    assert response.status_code == 302
    assert Application.objects.filter(applicant=mentee.user).exists()


def test_the_mentee_form_offers_as_many_choices_as_there_are_mentors(
    client: Client, today: datetime.date
) -> None:
    cohort = make_cohort()
    make_application(make_mentor(), cohort, Role.MENTOR)
    make_application(make_mentor(), cohort, Role.MENTOR)
    client.force_login(make_mentee().user)

    page = client.get(apply_url(cohort.pk, "mentee")).content.decode()

    assert "Choice 2" in page and "Choice 3" not in page
    assert "nobody to rank" not in page


def test_a_mentee_ranks_only_the_mentors_the_round_could_pair_them_with(
    client: Client, today: datetime.date
) -> None:
    """Tariq, in Los Angeles and not open to remote mentoring, can never be paired with a
    mentee in Chicago: the ranking does not offer him, and the page says why."""
    cohort = make_cohort()
    near = make_application(make_mentor(display_name="Rosa Reyes"), cohort, Role.MENTOR)
    far = make_application(
        make_mentor(display_name="Tariq Ramirez", city=city("Los Angeles"), open_to_remote=False),
        cohort,
        Role.MENTOR,
    )
    far_remote = make_application(
        make_mentor(display_name="Uma Okafor", city=city("Los Angeles")), cohort, Role.MENTOR
    )
    mentee = make_mentee(display_name="Jordan Chen", open_to_remote=False)
    client.force_login(mentee.user)

    form = client.get(apply_url(cohort.pk, "mentee")).content.decode()
    assert f'<option value="{near.pk}">Rosa Reyes' in form
    assert f'<option value="{far.pk}">' not in form
    assert f'<option value="{far_remote.pk}">' not in form
    assert (
        "2 mentors who applied are not listed: the round can never pair you with them, because "
        "you cannot meet (more than 100 km apart, and not both open to remote mentoring)."
    ) in form
    assert "Your profile says you are not open to remote mentoring" in form
    # Both can still be named as people not to be matched with.
    assert f'value="{far.applicant_id}"' in form

    mentee.open_to_remote = True
    mentee.save()
    form = client.get(apply_url(cohort.pk, "mentee")).content.decode()
    assert f'<option value="{far_remote.pk}">Uma Okafor' in form
    assert f'<option value="{far.pk}">' not in form
    assert "1 mentor who applied is not listed" in form
    assert "Your profile says you are not open to remote mentoring" not in form


def test_ranking_a_mentor_the_round_could_never_pair_is_refused_by_name(
    client: Client, today: datetime.date
) -> None:
    cohort = make_cohort()
    far = make_application(
        make_mentor(display_name="Tariq Ramirez", city=city("Los Angeles"), open_to_remote=False),
        cohort,
        Role.MENTOR,
    )
    make_application(make_mentor(display_name="Rosa Reyes"), cohort, Role.MENTOR)
    mentee = make_mentee(display_name="Jordan Chen", open_to_remote=False)
    client.force_login(mentee.user)
    # Sent anyway (a page loaded before Tariq changed his profile, or a crafted form).
    response = client.post(
        apply_url(cohort.pk, "mentee"), {"answer_0": "Reference work.", "choice_1": far.pk}
    )
    assert response.status_code == 200
    assert (
        "Tariq Ramirez cannot be your mentor in this cohort: you cannot meet (too far apart, and "
        "not both open to remote mentoring). Choose another mentor."
    ) in response.content.decode()
    assert not Application.objects.filter(applicant=mentee.user).exists()
    with pytest.raises(services.CohortError, match="Tariq Ramirez cannot be your mentor"):
        make_application(mentee, cohort, Role.MENTEE, ranked=[far])


def test_withdrawing_asks_first_and_says_when_the_window_has_closed(
    client: Client, today: datetime.date, time_machine: Any
) -> None:
    cohort = make_cohort()
    mentor = make_mentor(display_name="Rosa Reyes")
    application = make_application(mentor, cohort, Role.MENTOR)
    client.force_login(mentor.user)
    withdraw_url = reverse("cohorts:withdraw", args=[application.pk])
    page = client.get(withdraw_url).content.decode()
    assert "you will not be matched with a mentee in this cohort" in page
    assert '<button type="submit" class="btn btn-danger">Withdraw my application</button>' in page
    assert "Keep my application" in page

    time_machine.move_to(datetime.datetime(2025, 3, 21, 17, tzinfo=datetime.UTC), tick=False)
    page = client.get(withdraw_url).content.decode()
    assert "Applications to this cohort are closed: you cannot apply to it again." in page
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    # Someone else's application is nobody's business.
    client.force_login(make_mentee().user)
    assert client.get(withdraw_url).status_code == 404
