"""Where one-to-one runs out, the dashboard offers circles: under "no mentor covers X", the
open circles covering X first, each with a Join link."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mentorships.circles import services
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_circle

pytestmark = pytest.mark.django_db


def test_the_dashboard_offers_circles_where_no_mentor_covers_a_wanted_area(
    client: Client,
) -> None:
    # The only grant-writing mentor's last place went to their circle.
    host = make_mentor(display_name="Gail", expertise=["Grant writing"], mentor_capacity=1)
    circle = make_circle(host, title="Grant writing circle", areas=("Grant writing",))
    make_mentor(display_name="Reference mentor", expertise=["Reference services"])
    gwen = make_mentee(wanted=["Grant writing", "Reference services"])
    client.force_login(gwen.user)

    page = client.get(reverse("dashboard")).content.decode()

    assert "No mentor accepting requests now covers Grant writing" in page
    offered = page[page.index("Circles for Grant writing") :]
    assert "Grant writing circle" in offered
    assert reverse("circles:join", args=[circle.pk]) in offered
    assert "Circles for Reference services" not in page


def test_the_dashboard_offers_no_circle_the_mentee_is_already_in(client: Client) -> None:
    host = make_mentor(expertise=["Grant writing"], mentor_capacity=1)
    circle = make_circle(host, title="Grant writing circle", areas=("Grant writing",))
    gwen = make_mentee(wanted=["Grant writing"])
    services.circle_join(circle=circle, by=gwen.user)
    client.force_login(gwen.user)
    assert "Circles for Grant writing" not in client.get(reverse("dashboard")).content.decode()


def test_a_mentors_dashboard_links_to_hosting_a_circle(client: Client) -> None:
    mentor = make_mentor()
    client.force_login(mentor.user)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("circles:new") in page
    client.force_login(make_mentee().user)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("circles:list") in page
    assert reverse("circles:new") not in page
