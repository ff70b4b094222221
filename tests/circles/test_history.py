"""A circle's history, told to whoever reads it: "You ..." for their own steps, the person's
name for others', "A former member" once someone has deleted their account. Each is one whole
sentence, so French and Spanish can conjugate the verb for "you"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mentorconnect import privacy
from mentorships.circles import services
from mentorships.circles.models import CircleEvent, CircleEventKind
from profiles.models import User
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_circle

pytestmark = pytest.mark.django_db


def test_the_history_says_you_to_the_reader_and_names_everyone_else(client: Client) -> None:
    gail = make_mentor(display_name="Gail")
    mia = make_mentee(display_name="Mia")
    circle = make_circle(gail, title="Budget circle")
    services.circle_join(circle=circle, by=mia.user)

    client.force_login(mia.user)
    page = client.get(circle.get_absolute_url()).content.decode()
    history = page[page.index('id="history-heading"') :]
    assert "Gail started the circle" in history
    assert "You joined the circle" in history

    client.force_login(gail.user)
    page = client.get(circle.get_absolute_url()).content.decode()
    history = page[page.index('id="history-heading"') :]
    assert "You started the circle" in history
    assert "Mia joined the circle" in history


def test_someone_who_deleted_their_account_is_a_former_member_in_the_history() -> None:
    gail = make_mentor(display_name="Gail")
    mia = make_mentee(display_name="Mia")
    circle = make_circle(gail, title="Budget circle")
    services.circle_join(circle=circle, by=mia.user)
    services.circle_leave(circle=circle, by=mia.user)
    mia.user.delete()

    left = CircleEvent.objects.select_related("actor__profile").get(kind=CircleEventKind.LEFT)
    assert left.sentence_for(gail.user) == "A former member left the circle"


def test_a_host_deactivated_by_staff_is_not_said_to_have_ended_the_circle(client: Client) -> None:
    gail = make_mentor(display_name="Gail")
    mia = make_mentee(display_name="Mia")
    circle = make_circle(gail, title="Budget circle")
    services.circle_join(circle=circle, by=mia.user)
    User.objects.filter(pk=gail.user_id).update(is_active=False)
    privacy.close_relationships_of_deactivated()

    client.force_login(mia.user)
    page = client.get(circle.get_absolute_url()).content.decode()
    history = page[page.index('id="history-heading"') :]
    assert "Gail left MentorConnect, so the circle ended" in history
    assert "Gail ended the circle" not in history
    assert "Gail started the circle" in history


def test_a_host_who_ends_their_circle_is_still_said_to_have_ended_it(client: Client) -> None:
    gail = make_mentor(display_name="Gail")
    mia = make_mentee(display_name="Mia")
    circle = make_circle(gail, title="Budget circle")
    services.circle_join(circle=circle, by=mia.user)
    services.circle_end(circle=circle, by=gail.user)

    client.force_login(mia.user)
    page = client.get(circle.get_absolute_url()).content.decode()
    assert "Gail ended the circle" in page
    assert "left MentorConnect" not in page


def test_the_history_names_whom_the_host_welcomed(client: Client) -> None:
    gail = make_mentor(display_name="Gail")
    mia, noor = make_mentee(display_name="Mia"), make_mentee(display_name="Noor")
    circle = make_circle(gail, title="Budget circle", join_policy="approve")
    for mentee in (mia, noor):
        membership = services.circle_join(circle=circle, by=mentee.user)
        client.force_login(gail.user)
        client.post(
            reverse("circles:answer_request", args=[circle.pk, membership.pk]),
            {"answer": "approve"},
        )

    def history_of(reader: User) -> str:
        client.force_login(reader)
        page = client.get(circle.get_absolute_url()).content.decode()
        return page[page.index('id="history-heading"') :]

    assert "You welcomed Mia to the circle" in history_of(gail.user)
    assert "You welcomed Noor to the circle" in history_of(gail.user)
    assert "Gail welcomed you to the circle" in history_of(mia.user)
    assert "Gail welcomed Noor to the circle" in history_of(mia.user)
    assert "a new member" not in history_of(noor.user)


def test_only_the_host_reads_whose_request_they_declined(client: Client) -> None:
    gail = make_mentor(display_name="Gail")
    mia, ria = make_mentee(display_name="Mia"), make_mentee(display_name="Ria")
    circle = make_circle(gail, title="Budget circle")
    services.circle_join(circle=circle, by=mia.user)
    circle.join_policy = "approve"
    circle.save()
    asked = services.circle_join(circle=circle, by=ria.user)
    services.request_answer(membership=asked, by=gail.user, approve=False)

    client.force_login(gail.user)
    assert (
        "You declined the request to join from Ria"
        in client.get(circle.get_absolute_url()).content.decode()
    )
    client.force_login(mia.user)
    page = client.get(circle.get_absolute_url()).content.decode()
    assert "Gail declined a request to join" in page
    assert "from Ria" not in page


def test_a_welcome_recorded_before_names_were_kept_still_reads_as_before() -> None:
    gail = make_mentor(display_name="Gail")
    circle = make_circle(gail)
    event = CircleEvent.objects.create(
        circle=circle, kind=CircleEventKind.APPROVED, actor=gail.user
    )
    assert event.sentence_for(gail.user) == "You welcomed a new member"
    assert event.sentence_for(make_mentee().user) == "Gail welcomed a new member"
