"""Inside a circle: the shared plan every member and the host work on, and feedback that only
one member and the host can read."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentorships.circles import services
from mentorships.circles.models import Circle, CircleFeedback, CirclePlanItem
from profiles.models import User
from tests.conftest import make_member
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_circle

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle_of_three() -> dict[str, Any]:
    """Max hosts a circle with Mia and Noor."""
    max_ = make_mentor(display_name="Max")
    mia, noor = make_mentee(display_name="Mia"), make_mentee(display_name="Noor")
    circle = make_circle(max_, title="Budget circle")
    for mentee in (mia, noor):
        services.circle_join(circle=circle, by=mentee.user)
    return {"max": max_, "mia": mia, "noor": noor, "circle": circle}


def test_members_and_the_host_add_steps_and_tick_them_off_with_who_and_when(
    client: Client, circle_of_three: dict[str, Any]
) -> None:
    circle = circle_of_three["circle"]
    client.force_login(circle_of_three["mia"].user)
    response = client.post(
        reverse("circles:plan_item_add", args=[circle.pk]), {"text": "Read chapter 3"}
    )
    assert response.status_code == 302
    item = CirclePlanItem.objects.get()

    client.force_login(circle_of_three["max"].user)
    client.post(reverse("circles:plan_item_tick", args=[circle.pk, item.pk]), {"done": "yes"})
    item.refresh_from_db()
    assert item.done_by == circle_of_three["max"].user and item.done_at is not None

    client.force_login(circle_of_three["noor"].user)
    page = client.get(circle.get_absolute_url()).content.decode()
    plan = page[page.index('id="circle-plan"') :]
    assert "Read chapter 3" in plan
    assert "Added by Mia" in plan and "ticked by Max" in plan
    assert "Not done yet" in plan  # and it can be ticked back on
    history = page[page.index('id="history-heading"') :]
    assert "Mia added a step to the plan" in history
    assert "Read chapter 3" not in history


def test_an_empty_step_is_refused_on_the_page_and_an_ended_circle_keeps_its_plan(
    client: Client, circle_of_three: dict[str, Any]
) -> None:
    circle = circle_of_three["circle"]
    client.force_login(circle_of_three["mia"].user)
    response = client.post(reverse("circles:plan_item_add", args=[circle.pk]), {"text": "  "})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not CirclePlanItem.objects.exists()

    item = services.plan_item_add(circle=circle, by=circle_of_three["mia"].user, text="Kept")
    services.circle_end(circle=circle, by=circle_of_three["max"].user)
    client.post(reverse("circles:plan_item_tick", args=[circle.pk, item.pk]), {"done": "yes"})
    item.refresh_from_db()
    assert not item.is_done
    page = client.get(circle.get_absolute_url()).content.decode()
    assert "Kept" in page and "Add to the plan" not in page


def test_feedback_is_read_by_the_member_and_the_host_alone(
    client: Client, circle_of_three: dict[str, Any]
) -> None:
    circle, mia = circle_of_three["circle"], circle_of_three["mia"]
    url = reverse("circles:feedback", args=[circle.pk, mia.user.pk])
    client.force_login(mia.user)
    page = client.get(circle.get_absolute_url()).content.decode()
    assert "Private feedback with Max" in page
    client.post(url, {"text": "The pace suits me; more examples please."})

    client.force_login(circle_of_three["max"].user)
    page = client.get(circle.get_absolute_url()).content.decode()
    assert url in page and "(1 note)" in page
    assert "more examples please" not in page  # never on the circle's page
    page = client.get(url).content.decode()
    assert "more examples please" in page
    client.post(url, {"text": "Thank you, Mia: I will bring two."})
    assert CircleFeedback.objects.filter(member=mia.user).count() == 2

    # Noor, another member, and staff get 404; Noor has her own, empty, pair with Max.
    for someone in (
        circle_of_three["noor"].user,
        make_member("root@example.org", is_staff=True, is_superuser=True),
    ):
        client.force_login(someone)
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "Peeking"}).status_code == 404
    client.force_login(circle_of_three["noor"].user)
    noor_page = client.get(
        reverse("circles:feedback", args=[circle.pk, circle_of_three["noor"].user.pk])
    ).content.decode()
    assert "more examples please" not in noor_page and "Nothing yet." in noor_page
    assert not CircleFeedback.objects.filter(text="Peeking").exists()


def test_empty_feedback_is_refused_and_a_member_who_left_no_longer_has_a_pair(
    client: Client, circle_of_three: dict[str, Any]
) -> None:
    circle, mia = circle_of_three["circle"], circle_of_three["mia"]
    url = reverse("circles:feedback", args=[circle.pk, mia.user.pk])
    client.force_login(mia.user)
    response = client.post(url, {"text": ""})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    services.circle_leave(circle=circle, by=mia.user)
    client.force_login(circle_of_three["max"].user)
    assert client.get(url).status_code == 404
    # The host has no feedback pair with themself.
    own = reverse("circles:feedback", args=[circle.pk, circle_of_three["max"].user.pk])
    assert client.get(own).status_code == 404


def test_a_member_who_left_or_was_deactivated_is_no_longer_listed_as_coming(
    client: Client, circle_of_three: dict[str, Any]
) -> None:
    circle = circle_of_three["circle"]
    quinn, rae = make_mentee(display_name="Quinn Tester"), make_mentee(display_name="Rae Gone")
    Circle.objects.filter(pk=circle.pk).update(places=5)
    for mentee in (quinn, rae):
        services.circle_join(circle=circle, by=mentee.user)
    meeting = services.meeting_propose(
        circle=circle,
        by=circle_of_three["max"].user,
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    for person in (circle_of_three["mia"], quinn, rae):
        services.meeting_rsvp(meeting=meeting, by=person.user, coming=True)
    services.circle_leave(circle=circle, by=quinn.user)
    User.objects.filter(pk=rae.user.pk).update(is_active=False)

    client.force_login(circle_of_three["max"].user)
    page = client.get(circle.get_absolute_url()).content.decode()

    coming = page[page.index("Coming:") :]
    coming = coming[: coming.index("</div>")]
    assert "Mia" in coming
    assert "Quinn Tester" not in coming
    assert "Rae Gone" not in coming


def test_an_ended_circle_offers_only_feedback_there_is_to_read(
    client: Client, circle_of_three: dict[str, Any]
) -> None:
    circle, mia, noor = circle_of_three["circle"], circle_of_three["mia"], circle_of_three["noor"]
    client.force_login(mia.user)
    client.post(
        reverse("circles:feedback", args=[circle.pk, mia.user.pk]), {"text": "Thank you, Max."}
    )
    services.circle_end(circle=circle, by=circle_of_three["max"].user)

    page = client.get(circle.get_absolute_url()).content.decode()
    assert "Read your feedback (1 note)" in page
    assert "Write feedback" not in page
    client.force_login(noor.user)
    page = client.get(circle.get_absolute_url()).content.decode()
    assert "Private feedback with Max" not in page
    assert "Write feedback" not in page
