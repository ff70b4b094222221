"""A published cohort's mentorships keep the cohort's own dates: they start on its first day
and are planned to end on its last, as every member reads them, wherever they live."""

from __future__ import annotations

import datetime
import importlib
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.test import Client
from django.urls import reverse

from mentorconnect.outbox import sweep as outbox
from mentorships.models import Agreement, Mentorship
from profiles.models import Profile, User
from programs.cohorts import services
from programs.cohorts.models import Cohort, Role
from tests.cohorts.conftest import make_application, make_cohort, make_coordinator
from tests.profiles.factories import make_mentee, make_mentor

# The cohort of these tests runs from Wednesday 9 April to Monday 6 October 2025: not a whole
# number of months, as coordinators' dates seldom are.
FIRST_DAY = datetime.date(2025, 4, 9)
LAST_DAY = datetime.date(2025, 10, 6)


@pytest.fixture
def cohort(today: datetime.date) -> Cohort:
    return make_cohort(starts_on=FIRST_DAY, ends_on=LAST_DAY)


@pytest.fixture
def coordinator(cohort: Cohort) -> User:
    return make_coordinator(cohort.program)


def publish_pair(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    mentee: Profile,
    mentor: Profile,
    capture: Any,
) -> Mentorship:
    make_application(mentor, cohort, Role.MENTOR)
    make_application(mentee, cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    client.force_login(coordinator)
    with capture(execute=True):
        client.post(reverse("mentorships:cohort_publish", args=[cohort.pk]), follow=True)
    return Mentorship.objects.get()


def test_a_cohort_mentorship_is_planned_to_end_on_the_cohorts_last_day(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentee, mentor = make_mentee(), make_mentor()
    mentorship = publish_pair(
        client, coordinator, cohort, mentee, mentor, django_capture_on_commit_callbacks
    )
    for person in (mentee.user, mentor.user):
        client.force_login(person)
        page = client.get(mentorship.get_absolute_url()).content.decode()
        assert "6 months, until about 6 October 2025" in page


def test_a_cohort_mentorship_whose_pair_agree_another_length_ends_by_their_agreement(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentee, mentor = make_mentee(), make_mentor()
    mentorship = publish_pair(
        client, coordinator, cohort, mentee, mentor, django_capture_on_commit_callbacks
    )
    agreement = {
        "goals": "Lead a small team.",
        "rhythm": "monthly",
        "channels": ["video"],
        "expectations": "",
    }
    url = reverse("mentorships:agreement", args=[mentorship.pk])
    client.force_login(mentee.user)
    # Saved with the program's length, the program's end stays.
    client.post(url, {**agreement, "planned_months": 6, "confirm": "1"})
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "6 months, until about 6 October 2025" in page
    # Nine months from the first day: the pair chose to go on past the program.
    client.post(url, {**agreement, "planned_months": 9})
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "9 months, until about 8 January 2026" in page


def test_the_planned_end_reminder_comes_two_weeks_before_the_cohorts_last_day(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentee, mentor = make_mentee(), make_mentor()
    publish_pair(client, coordinator, cohort, mentee, mentor, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    # Monday 22 September 2025, two weeks before 6 October, in Chicago's afternoon.
    with time_machine.travel(datetime.datetime(2025, 9, 22, 19, tzinfo=datetime.UTC), tick=False):
        outbox.sweep()
    for person, other in ((mentee, mentor), (mentor, mentee)):
        subjects = [m.subject for m in mail.outbox if m.to == [person.user.email]]
        assert f"Your mentorship with {other.display_name} is nearly at its planned end" in (
            subjects
        )


def test_published_cohorts_mentorships_move_their_planned_end_to_the_cohorts_last_day(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    publish_pair(
        client,
        coordinator,
        cohort,
        make_mentee(),
        make_mentor(),
        django_capture_on_commit_callbacks,
    )
    # As publishing left them before: six months from the start, no end of their own.
    Agreement.objects.update(planned_end_on=None)
    migration = importlib.import_module(
        "programs.cohorts.migrations.0009_cohort_mentorships_end_with_the_cohort"
    )
    migration.end_with_the_cohort(apps, None)
    assert Agreement.objects.get().planned_end_on == LAST_DAY
    # A pair who had agreed another length keep it.
    Agreement.objects.update(planned_end_on=None, planned_months=9)
    migration.end_with_the_cohort(apps, None)
    assert Agreement.objects.get().planned_end_on is None


@pytest.mark.parametrize(
    ("mentee_zone", "mentor_zone"),
    [
        # UTC+12 and UTC+13 on the cohort's first day, the Pacific's first to see it.
        ("Asia/Kamchatka", "Pacific/Tongatapu"),
        # UTC+14, and UTC-11, the last to see it.
        ("Pacific/Kiritimati", "Pacific/Pago_Pago"),
    ],
)
def test_members_in_every_time_zone_see_the_cohorts_own_start_date(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
    mentee_zone: str,
    mentor_zone: str,
) -> None:
    mentee = make_mentee(time_zone=mentee_zone, meeting_formats=["video"])
    mentor = make_mentor(time_zone=mentor_zone, meeting_formats=["video"])
    mentorship = publish_pair(
        client, coordinator, cohort, mentee, mentor, django_capture_on_commit_callbacks
    )
    for person in (mentee.user, mentor.user):
        client.force_login(person)
        assert (
            "starts on 9 April 2025" in client.get(mentorship.get_absolute_url()).content.decode()
        )
        assert "starting 9 Apr 2025" in client.get(reverse("dashboard")).content.decode()
        listed = client.get(reverse("mentorships:list")).content.decode()
        assert "starts on 9 Apr 2025" in listed


def test_published_cohorts_mentorships_keep_the_cohorts_first_day(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentee = make_mentee(time_zone="Asia/Kamchatka")
    mentorship = publish_pair(
        client, coordinator, cohort, mentee, make_mentor(), django_capture_on_commit_callbacks
    )
    # As publishing left them before: noon UTC on the first day, and no day of their own.
    Mentorship.objects.update(starts_on=None)
    migration = importlib.import_module(
        "programs.cohorts.migrations.0010_cohort_mentorships_start_on_the_cohorts_day"
    )
    migration.start_on_the_cohorts_day(apps, None)
    assert Mentorship.objects.get().starts_on == FIRST_DAY
    client.force_login(mentee.user)
    assert "starts on 9 April 2025" in client.get(mentorship.get_absolute_url()).content.decode()
    # A round published after its first day started when it was published, and keeps that.
    late = datetime.datetime(2025, 4, 20, 17, tzinfo=datetime.UTC)
    Mentorship.objects.update(starts_on=None, started_at=late)
    migration.start_on_the_cohorts_day(apps, None)
    assert Mentorship.objects.get().starts_on is None
