"""A cohort's timeline: coordinators edit its milestones; each reaches both people of every
published pair by email through the outbox, once, in their daytime."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.urls import reverse

from mentorconnect.outbox import sweep as outbox
from mentorships import cohort_rounds
from profiles.models import User
from programs.cohorts import services
from programs.cohorts.models import Application, ApplicationStatus, Cohort, Milestone, Role
from programs.cohorts.timeline import usual_milestones
from tests.cohorts.conftest import days, make_application, make_cohort, make_coordinator
from tests.profiles.factories import make_mentee, make_mentor
from tests.programs.conftest import make_program


@pytest.fixture
def cohort(today: datetime.date) -> Cohort:
    return make_cohort()


@pytest.fixture
def coordinator(cohort: Cohort) -> User:
    return make_coordinator(cohort.program)


def publish_two_pairs_and_one_left_out(cohort: Cohort, coordinator: User) -> dict[str, User]:
    people = {
        "mona": make_mentor(display_name="Mona", email="mona@example.org", mentor_capacity=1),
        "mark": make_mentor(display_name="Mark", email="mark@example.org", mentor_capacity=1),
        "mia": make_mentee(display_name="Mia", email="mia@example.org"),
        "milo": make_mentee(display_name="Milo", email="milo@example.org"),
        "lena": make_mentee(display_name="Lena", email="lena@example.org"),
    }
    for name in ("mona", "mark"):
        make_application(people[name], cohort, Role.MENTOR, capacity=1)
    for name in ("mia", "milo", "lena"):
        make_application(people[name], cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    cohort_rounds.publish(cohort=cohort, by=coordinator)
    return {name: profile.user for name, profile in people.items()}


def sweep_at(moment: datetime.datetime) -> None:
    with time_machine.travel(moment, tick=False):
        outbox.sweep()


def milestone_mails() -> dict[str, int]:
    counts: dict[str, int] = {}
    for message in mail.outbox:
        if "Kick-off" in message.subject or "Halfway" in message.subject:
            counts[message.to[0]] = counts.get(message.to[0], 0) + 1
    return counts


def at(day: datetime.date, hour_utc: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour_utc), tzinfo=datetime.UTC)


def test_a_milestone_reaches_both_people_of_each_published_pair_once_in_their_daytime(
    cohort: Cohort, coordinator: User
) -> None:
    people = publish_two_pairs_and_one_left_out(cohort, coordinator)
    matched = set(
        Application.objects.filter(cohort=cohort, status=ApplicationStatus.MATCHED).values_list(
            "applicant__email", flat=True
        )
    )
    assert len(matched) == 4
    Milestone.objects.create(
        cohort=cohort, on=days(30), kind="kick_off", title="Kick-off", text="Meet this week."
    )
    mail.outbox.clear()

    sweep_at(at(days(29), 18))  # the day before: nothing
    sweep_at(at(days(30), 8))  # 02:00 in Chicago: planned, waiting for the morning
    assert milestone_mails() == {}
    for hour in (15, 16, 20):  # 09:00, 10:00 and 14:00 in Chicago
        sweep_at(at(days(30), hour))
    sweep_at(at(days(31), 18))

    assert milestone_mails() == dict.fromkeys(matched, 1)
    left_out = {user.email for user in people.values()} - matched
    assert len(left_out) == 1 and not set(milestone_mails()) & left_out
    message = next(m for m in mail.outbox if m.to[0] in matched and "Kick-off" in m.subject)
    assert isinstance(message, EmailMultiAlternatives)
    html, _ = message.alternatives[0]
    assert "Meet this week." in message.body and "Meet this week." in str(html)
    assert cohort.program.name in message.subject


def test_the_midpoint_invites_to_the_survey(cohort: Cohort, coordinator: User) -> None:
    publish_two_pairs_and_one_left_out(cohort, coordinator)
    Milestone.objects.create(cohort=cohort, on=days(120), kind="midpoint", title="Halfway")
    mail.outbox.clear()
    sweep_at(at(days(120), 18))
    survey_url = reverse("cohorts:survey", args=[cohort.pk, "midpoint"])
    assert len(milestone_mails()) == 4
    assert all(survey_url in m.body for m in mail.outbox if "Halfway" in m.subject)


def test_a_milestone_of_an_unpublished_cohort_or_long_past_is_not_sent(
    cohort: Cohort, coordinator: User
) -> None:
    make_application(make_mentor(), cohort, Role.MENTOR)
    make_application(make_mentee(), cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    Milestone.objects.create(cohort=cohort, on=days(30), kind="kick_off", title="Kick-off")
    sweep_at(at(days(30), 18))
    assert milestone_mails() == {}
    cohort_rounds.publish(cohort=cohort, by=coordinator)
    sweep_at(at(days(45), 18))  # published, but the kick-off was two weeks ago
    assert milestone_mails() == {}


def test_usual_milestones_run_from_kick_off_to_wrap_up(cohort: Cohort) -> None:
    milestones = usual_milestones(cohort)
    kinds = [milestone.kind for milestone in milestones]
    assert kinds[0] == "kick_off" and milestones[0].on == cohort.starts_on
    assert kinds[-1] == "wrap_up" and milestones[-1].on == cohort.ends_on
    assert kinds.count("midpoint") == 1
    assert kinds.count("topic") >= 4  # about six months
    assert [m.on for m in milestones] == sorted(m.on for m in milestones)


def test_coordinator_adds_the_usual_milestones_once_and_deletes_one(
    client: Client, cohort: Cohort, coordinator: User
) -> None:
    client.force_login(coordinator)
    url = reverse("cohorts:milestones_usual", args=[cohort.pk])
    client.post(url)
    count = cohort.milestones.count()
    assert count == len(usual_milestones(cohort))
    page = client.post(url, follow=True).content.decode()
    assert "has the usual milestones already" in page
    assert cohort.milestones.count() == count
    assert "Kick-off" in client.get(cohort.get_absolute_url()).content.decode()

    milestone = cohort.milestones.first()
    assert milestone is not None
    client.post(reverse("cohorts:milestone_delete", args=[cohort.pk, milestone.pk]))
    assert cohort.milestones.count() == count - 1


def test_coordinator_adds_a_milestone_within_the_cohorts_dates(
    client: Client, cohort: Cohort, coordinator: User
) -> None:
    client.force_login(coordinator)
    url = reverse("cohorts:milestone_add", args=[cohort.pk])
    fields = {"kind": "topic", "title": "Budgets", "text": "Talk money."}
    page = client.post(url, {**fields, "on": days(5).isoformat()}).content.decode()
    assert "Choose a day while the mentorships run" in page
    assert "Talk money." in page  # what was typed is kept
    response = client.post(url, {**fields, "on": days(60).isoformat()})
    assert response.status_code == 302
    assert cohort.milestones.get().title == "Budgets"


def test_a_cohort_takes_one_midpoint_one_kick_off_and_one_wrap_up(
    client: Client, cohort: Cohort, coordinator: User
) -> None:
    client.force_login(coordinator)
    url = reverse("cohorts:milestone_add", args=[cohort.pk])
    midpoint = {"kind": "midpoint", "title": "Halfway", "on": days(100).isoformat()}
    assert client.post(url, midpoint).status_code == 302

    page = client.post(url, {**midpoint, "title": "Halfway again"}).content.decode()
    assert re.search(
        r'id="error_\d+_id_kind"[^>]*>\s*<strong>This cohort already has its “Midpoint”, on '
        r"18 June 2025: edit that one instead",
        page,
    )
    assert 'value="Halfway again"' in page  # what was typed is kept
    assert cohort.milestones.filter(kind="midpoint").count() == 1
    # Its own edit is no second one; topics come as often as the coordinator likes.
    milestone = cohort.milestones.get()
    edit = reverse("cohorts:milestone_edit", args=[cohort.pk, milestone.pk])
    assert client.post(edit, {**midpoint, "title": "Half"}).status_code == 302
    topic = {"kind": "topic", "title": "Budgets", "on": days(60).isoformat()}
    assert client.post(url, topic).status_code == 302
    assert client.post(url, topic).status_code == 302


def test_the_usual_milestones_skip_a_kick_off_midpoint_or_wrap_up_the_cohort_has(
    client: Client, cohort: Cohort, coordinator: User
) -> None:
    Milestone.objects.create(cohort=cohort, on=days(100), kind="midpoint", title="Halfway")
    Milestone.objects.create(cohort=cohort, on=days(31), kind="kick_off", title="Welcome")
    client.force_login(coordinator)
    client.post(reverse("cohorts:milestones_usual", args=[cohort.pk]))
    kinds = list(cohort.milestones.values_list("kind", flat=True))
    assert kinds.count("midpoint") == 1
    assert kinds.count("kick_off") == 1
    assert kinds.count("wrap_up") == 1
    assert kinds.count("topic") >= 4


def test_coordinator_edits_a_milestone_until_it_goes_out_and_then_it_only_reads(
    client: Client, cohort: Cohort, coordinator: User
) -> None:
    users = publish_two_pairs_and_one_left_out(cohort, coordinator)
    milestone = Milestone.objects.create(
        cohort=cohort, on=days(30), kind="kick_off", title="Kick-off", text="Meet soon."
    )
    later = Milestone.objects.create(cohort=cohort, on=days(90), kind="topic", title="Later")
    client.force_login(coordinator)
    edit = reverse("cohorts:milestone_edit", args=[cohort.pk, milestone.pk])
    assert "Meet soon." in client.get(edit).content.decode()
    fields = {"kind": "kick_off", "title": "Kick-off: welcome", "text": "Meet this week."}
    page = client.post(edit, {**fields, "on": days(400).isoformat()}).content.decode()
    assert "Choose a day while the mentorships run" in page
    assert "Kick-off: welcome" in page and "Meet this week." in page  # what was typed is kept
    assert page.count("There is a problem") == 1
    assert client.post(edit, {**fields, "on": days(31).isoformat()}).status_code == 302
    milestone.refresh_from_db()
    assert (milestone.on, milestone.title, milestone.text) == (
        days(31),
        "Kick-off: welcome",
        "Meet this week.",
    )

    # On its day it goes out with the new words; from then on it only reads.
    sweep_at(at(days(31), 17))
    mona = users["mona"].email
    assert any(
        "Kick-off: welcome" in message.subject and message.to == [mona] for message in mail.outbox
    )
    manage = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    assert f"Sent {days(31):%-d %b %Y}" in manage
    delete = reverse("cohorts:milestone_delete", args=[cohort.pk, milestone.pk])
    assert f'action="{delete}"' not in manage
    assert reverse("cohorts:milestone_delete", args=[cohort.pk, later.pk]) in manage
    page = client.get(edit).content.decode()
    assert f"went out on {days(31):%A %-d %B %Y}" in page and "Save the milestone" not in page
    changed = {**fields, "title": "Changed", "on": days(32).isoformat()}
    assert "stays as it was sent" in client.post(edit, changed, follow=True).content.decode()
    assert "stays as it was sent" in client.post(delete, follow=True).content.decode()
    milestone.refresh_from_db()
    assert milestone.title == "Kick-off: welcome"


def test_another_programs_coordinator_cannot_touch_the_timeline(
    client: Client, cohort: Cohort, coordinator: User
) -> None:
    milestone = Milestone.objects.create(cohort=cohort, on=days(30), kind="topic", title="T")
    other = make_coordinator(make_program("Another Program"), email="other@example.org")
    client.force_login(other)
    assert client.get(reverse("cohorts:milestone_add", args=[cohort.pk])).status_code == 404
    assert client.post(reverse("cohorts:milestones_usual", args=[cohort.pk])).status_code == 404
    delete = reverse("cohorts:milestone_delete", args=[cohort.pk, milestone.pk])
    assert client.post(delete).status_code == 404
    edit = reverse("cohorts:milestone_edit", args=[cohort.pk, milestone.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"title": "Mine now"}).status_code == 404
    assert Milestone.objects.filter(pk=milestone.pk).exists()


def test_anonymous_is_sent_to_sign_in(client: Client, cohort: Cohort) -> None:
    response = client.get(reverse("cohorts:milestone_add", args=[cohort.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
