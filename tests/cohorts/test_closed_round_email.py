"""The email of a round closed without matches says what each applicant can do now: up to three
open circles in a mentee's areas with places, the search for a mentor and the program directory,
each a full link; building it asks the database as much for a dozen applicants as for two."""

from __future__ import annotations

import datetime
import html
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentorconnect.outbox import sweep
from mentorconnect.outbox.models import Reminder
from mentorships.circles import services as circle_services
from mentorships.circles.models import MembershipStatus
from profiles.models import User
from programs.cohorts import services
from programs.cohorts.models import Cohort, CohortStatus, Role
from tests.circles.helpers import make_circle
from tests.cohorts.conftest import make_application, make_cohort, make_coordinator
from tests.cohorts.test_closing import with_applicants
from tests.cohorts.test_publish import cohort_form
from tests.profiles.factories import city, make_mentee, make_mentor


@pytest.fixture
def cohort(today: datetime.date) -> Cohort:
    return make_cohort(questions=["Your goals for the year?"])


@pytest.fixture
def coordinator(cohort: Cohort) -> User:
    return make_coordinator(cohort.program)


def full_url(name: str, *args: Any) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def close(client: Client, coordinator: User, cohort: Cohort, on_commit: Any) -> None:
    client.force_login(coordinator)
    with on_commit(execute=True):
        response = client.post(
            reverse("cohorts:edit", args=[cohort.pk]),
            cohort_form(cohort, status=CohortStatus.CLOSED, tell_applicants="on"),
        )
    assert response.status_code == 302


def test_each_mentee_is_offered_up_to_three_open_circles_in_their_areas(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with_applicants(cohort)
    circles = [
        make_circle(make_mentor(display_name=f"Host {number}"), title=f"Reference circle {number}")
        for number in range(1, 5)
    ]
    make_circle(
        make_mentor(display_name="Cat Host", expertise=["Cataloging (original and copy)"]),
        areas=("Cataloging (original and copy)",),
        title="Cataloging circle",
    )
    mail.outbox.clear()

    close(client, coordinator, cohort, django_capture_on_commit_callbacks)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    to_milo = by_recipient["milo@example.org"]
    assert isinstance(to_milo, EmailMultiAlternatives)
    html_part = str(to_milo.alternatives[0][0])
    # The three newest circles in Milo's area with places, each with its full link.
    for circle in circles[1:]:
        assert f"{circle.title}: {full_url('circles:join', circle.pk)}" in to_milo.body
        assert f'<a href="{full_url("circles:join", circle.pk)}"' in html_part
        assert f"{circle.title}</a>" in html_part
    assert "Reference circle 1" not in to_milo.body
    assert "Cataloging circle" not in to_milo.body
    assert "Cataloging circle" not in html_part
    # The search for a mentor and the program directory, in both parts.
    for url in [full_url("profiles:find_mentor"), full_url("programs:directory")]:
        assert url in to_milo.body
        assert f'href="{url}"' in html_part
    assert (
        "Look through the association's other mentoring programs: " + full_url("programs:directory")
    ) in to_milo.body

    # In French for Léa, with the house's no-break space before the colon.
    to_lea = by_recipient["lea@example.org"]
    assert "Reference circle 4" in to_lea.body
    assert (
        "Parcourir les autres programmes de mentorat de l'association\u00a0: "
        + full_url("programs:directory")
    ) in to_lea.body

    # A mentor is offered no circle to join, and the directory too.
    to_mona = by_recipient["mona@example.org"]
    assert isinstance(to_mona, EmailMultiAlternatives)
    assert "Reference circle" not in to_mona.body
    assert "Host a circle" in to_mona.body
    assert full_url("programs:directory") in to_mona.body
    assert f'href="{full_url("programs:directory")}"' in str(to_mona.alternatives[0][0])


def test_a_circle_the_mentee_cannot_join_is_not_offered(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with_applicants(cohort)
    milo = User.objects.get(email="milo@example.org")
    # Milo's own circle, a full one, and one meeting in person in another city.
    make_circle(milo.profile, peer=True, title="Milo's peer circle")
    full = make_circle(make_mentor(display_name="Fay Full"), title="Full circle")
    for number in range(3):
        member = make_mentee(display_name=f"Member {number}")
        full.memberships.create(member=member.user, status=MembershipStatus.MEMBER)
    make_circle(
        make_mentor(display_name="Tom Toronto", city=city("Toronto", "CA")),
        format="in_person",
        title="Toronto in-person circle",
    )
    mail.outbox.clear()

    close(client, coordinator, cohort, django_capture_on_commit_callbacks)

    to_milo = next(message for message in mail.outbox if message.to == ["milo@example.org"])
    assert "Milo's peer circle" not in to_milo.body
    assert "Full circle" not in to_milo.body
    assert "Toronto in-person circle" not in to_milo.body
    assert "These have places now" not in to_milo.body
    assert full_url("profiles:find_mentor") in to_milo.body


def closing_and_email_queries(cohort: Cohort, mentees: int) -> tuple[int, int]:
    """How many queries closing `cohort` with `mentees` mentee applicants makes, and then
    building the content of all their emails in one batch, as the outbox does."""
    make_application(make_mentor(display_name=f"Mentor of {cohort.name}"), cohort, Role.MENTOR)
    for number in range(mentees):
        make_application(make_mentee(display_name=f"{cohort.name} {number}"), cohort, Role.MENTEE)
    Cohort.objects.filter(pk=cohort.pk).update(status=CohortStatus.CLOSED)
    with CaptureQueriesContext(connection) as closing:
        services.round_closed_without_matches(cohort=cohort)
    reminders = list(
        Reminder.objects.filter(period=f"cohort-{cohort.pk}").select_related("recipient")
    )
    assert len(reminders) == mentees + 1
    with CaptureQueriesContext(connection) as emails:
        contexts = sweep.contexts_for(reminders, timezone.now())
    assert len(contexts) == mentees + 1
    assert all(context["circles"] for context in contexts.values() if context["is_mentee"])
    return len(closing), len(emails)


def test_the_queries_do_not_grow_with_the_applicants(cohort: Cohort) -> None:
    make_circle(make_mentor(display_name="Carla Host"), title="Reference desk circle")
    make_cohort(cohort.program, name="Autumn 2025", status=CohortStatus.DRAFT)
    bigger = make_cohort(cohort.program, name="Summer 2025")

    assert closing_and_email_queries(cohort, 2) == closing_and_email_queries(bigger, 12)


def test_the_applications_page_shows_the_circles_offered_and_the_next_steps(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """What the email offers a mentee the round left out is on their applications page too:
    each circle a link while one can still join it, the search for a mentor and the program
    directory; the page asks the database as much for many applications as for one."""
    people = with_applicants(cohort)
    hosts = [make_mentor(display_name=f"Host {number}") for number in range(1, 3)]
    circles = [
        make_circle(host, title=f"Reference circle {number}")
        for number, host in enumerate(hosts, start=1)
    ]
    close(client, coordinator, cohort, django_capture_on_commit_callbacks)
    # One of them ends after the round: it is named, but no longer a link.
    circle_services.circle_end(circle=circles[0], by=hosts[0].user)

    client.force_login(people["milo"])
    url = reverse("cohorts:my_applications")
    page = html.unescape(client.get(url).content.decode())
    assert "The program closed this round without publishing any matches" in page
    assert (
        f'<a href="{reverse("circles:join", args=[circles[1].pk])}">Reference circle 2</a>' in page
    )
    assert "Reference circle 1 (no place to take now)" in page
    assert f'href="{reverse("circles:join", args=[circles[0].pk])}"' not in page
    assert f'<a href="{reverse("profiles:find_mentor")}">Search for a mentor</a>' in page
    assert f'href="{reverse("programs:directory")}">look through the association' in page

    # A mentor is shown what a mentor can do, and no circle to join.
    client.force_login(people["mona"])
    mine = html.unescape(client.get(url).content.decode())
    assert "Reference circle" not in mine
    assert f'<a href="{reverse("circles:new")}">Host a circle</a>' in mine
    assert f'href="{reverse("programs:directory")}"' in mine

    # More applications with more circles offered cost no more queries.
    client.force_login(people["milo"])
    client.get(url)  # the first page after signing in also keeps the session
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(3):
        later = make_cohort(program=cohort.program, name=f"Later cohort {number}")
        application = make_application(
            User.objects.get(pk=people["milo"].pk).profile, later, Role.MENTEE
        )
        application.status = "not_matched"
        application.circles_offered = [
            {"title": circle.title, "path": reverse("circles:join", args=[circle.pk])}
            for circle in circles
        ]
        application.save()
    with CaptureQueriesContext(connection) as four:
        page = html.unescape(client.get(url).content.decode())
    assert page.count("Reference circle 2</a>") == 4
    assert len(four) == len(one)
