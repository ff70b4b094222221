"""Open circles where members look for help: beside mentor search's results, on the waiting
list, and on the circles list with its area filter."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorships.circles import services
from mentorships.circles.models import Circle
from mentorships.circles.templatetags.circles_tags import open_circles_in_search
from profiles.models import User
from tests.profiles.factories import area, city, make_mentee, make_mentor

from .helpers import make_circle

pytestmark = pytest.mark.django_db

GRANTS = "Grant writing"
REFERENCE = "Reference services"


def offered(page: str) -> str:
    """The circles section of a page, or "" when there is none."""
    if 'id="circles-offered"' not in page:
        return ""
    start = page.index('id="circles-offered-heading"')
    return page[start : page.index("</section>", start)]


def search(client: Client, *areas: str) -> str:
    query = {"expertise": [area(name).pk for name in areas]}
    return client.get(reverse("profiles:find_mentor"), query).content.decode()


def test_search_shows_open_circles_for_the_chosen_areas_best_match_first(client: Client) -> None:
    both = make_circle(
        make_mentor(expertise=[GRANTS, REFERENCE]),
        title="Grants and reference",
        areas=(GRANTS, REFERENCE),
        places=4,
    )
    roomy = make_circle(
        make_mentor(expertise=[GRANTS]), title="Roomy grants", areas=(GRANTS,), places=8
    )
    small = make_circle(
        make_mentor(expertise=[GRANTS]), title="Small grants", areas=(GRANTS,), places=3
    )
    less_room = make_circle(make_mentor(), title="Reference only", areas=(REFERENCE,))
    services.circle_join(circle=less_room, by=make_mentee().user)
    full = make_circle(make_mentor(expertise=[GRANTS]), title="Full grants", areas=(GRANTS,))
    for _ in range(3):
        services.circle_join(circle=full, by=make_mentee().user)
    ended_host = make_mentor(expertise=[GRANTS])
    ended = make_circle(ended_host, title="Ended grants", areas=(GRANTS,))
    services.circle_end(circle=ended, by=ended_host.user)

    client.force_login(make_mentee(wanted=[REFERENCE]).user)
    section = offered(search(client, GRANTS, REFERENCE))

    titles = ["Grants and reference", "Roomy grants", "Small grants"]
    assert [section.index(title) for title in titles] == sorted(
        section.index(title) for title in titles
    )
    assert "Reference only" not in section  # at most three, the best
    assert "Full grants" not in section and "Ended grants" not in section
    assert f"Circles for {REFERENCE} and {GRANTS}" in section  # in the taxonomy's order
    assert "Monthly" in section or "monthly" in section
    assert "8 of 8 places free" in section
    assert reverse("circles:join", args=[roomy.pk]) in section
    assert f"area={area(GRANTS).pk}" in section and f"area={area(REFERENCE).pk}" in section
    assert both.pk and small.pk


def test_search_without_chosen_areas_offers_circles_in_the_members_wanted_areas(
    client: Client,
) -> None:
    make_circle(make_mentor(expertise=[GRANTS]), title="Grant circle", areas=(GRANTS,))
    make_circle(make_mentor(), title="Reference circle", areas=(REFERENCE,))
    client.force_login(make_mentee(wanted=[GRANTS]).user)
    section = offered(search(client))
    assert "Grant circle" in section
    assert "Reference circle" not in section
    assert "in the areas you'd like help with" in section


def test_search_offers_no_in_person_circle_far_away_and_none_the_member_is_in(
    client: Client,
) -> None:
    make_circle(
        make_mentor(city=city("Toronto", "CA")),
        title="Toronto in person",
        format="in_person",
    )
    mine = make_circle(make_mentor(), title="Already mine")
    mia = make_mentee()
    services.circle_join(circle=mine, by=mia.user)
    client.force_login(mia.user)
    assert offered(search(client, REFERENCE)) == ""


def test_circles_cost_search_the_same_few_queries_however_many_there_are(
    client: Client,
) -> None:
    client.force_login(make_mentee().user)
    make_circle(make_mentor(), title="First")
    search(client, REFERENCE)  # warm up anything loaded once per process
    with CaptureQueriesContext(connection) as one:
        search(client, REFERENCE)
    for number in range(5):
        make_circle(make_mentor(), title=f"More {number}", areas=(REFERENCE, GRANTS))
    with CaptureQueriesContext(connection) as many:
        page = search(client, REFERENCE)
    assert offered(page).count("Join ") == 3
    assert len(many) == len(one)


def test_visitors_who_are_not_signed_in_are_offered_no_circles() -> None:
    make_circle(make_mentor(), title="Open to members")
    request = RequestFactory().get("/mentors/", {"expertise": [area(REFERENCE).pk]})
    request.user = AnonymousUser()
    assert open_circles_in_search(Context(), request)["circles"] == []


def test_the_waiting_list_offers_open_circles_for_the_wanted_areas_first(client: Client) -> None:
    # The circle takes its host's one place: no mentor with a free place covers grants.
    host = make_mentor(expertise=[GRANTS], mentor_capacity=1)
    circle = make_circle(host, title="Grant circle", areas=(GRANTS,))
    client.force_login(make_mentee(wanted=[GRANTS]).user)
    page = client.get(reverse("mentorships:waiting_list")).content.decode()
    section = offered(page)
    assert "Circles for Grant writing: you can start now" in section
    assert reverse("circles:join", args=[circle.pk]) in section
    assert page.index("circles-offered") < page.index("Join the waiting list")


def test_the_circles_list_filters_by_area_and_says_plainly_when_none_is_open(
    client: Client,
) -> None:
    make_circle(make_mentor(expertise=[GRANTS]), title="Grant circle", areas=(GRANTS,))
    make_circle(make_mentor(), title="Reference circle", areas=(REFERENCE,))
    client.force_login(make_mentee().user)

    page = client.get(reverse("circles:list"), {"area": area(GRANTS).pk}).content.decode()
    listed = page[page.index('id="open-circles"') :]
    assert "Open circles for Grant writing" in listed
    assert "Grant circle" in listed and "Reference circle" not in listed
    assert re.search(rf'value="{area(GRANTS).pk}" id="[^"]+" checked', page)

    cataloging = area("Cataloging (original and copy)").pk
    page = client.get(
        reverse("circles:list"), {"area": [str(cataloging), "junk", "²", "١٢"]}
    ).content.decode()
    assert "No circle you can join covers Cataloging (original and copy) right now." in page
    assert reverse("circles:new") in page


def test_the_circles_list_says_when_no_circle_is_open_at_all(client: Client) -> None:
    client.force_login(make_mentee().user)
    page = client.get(reverse("circles:list")).content.decode()
    assert "No circle is open to new members right now." in page


def test_search_with_a_huge_number_for_an_area_still_answers(client: Client, member: User) -> None:
    client.force_login(member)
    response = client.get(reverse("profiles:find_mentor"), {"expertise": ["9" * 4301]})
    assert response.status_code == 200


def test_a_circle_whose_host_is_deactivated_in_bulk_is_offered_to_nobody(client: Client) -> None:
    host = make_mentor(expertise=[GRANTS])
    make_circle(host, title="Grants with a host gone", areas=(GRANTS,))
    client.force_login(make_mentee(wanted=[GRANTS]).user)
    assert "Grants with a host gone" in offered(search(client, GRANTS))
    assert "Grants with a host gone" in client.get(reverse("circles:list")).content.decode()

    User.objects.filter(pk=host.user_id).update(is_active=False)  # no signal, no save()

    assert "Grants with a host gone" not in offered(search(client, GRANTS))
    assert "Grants with a host gone" not in client.get(reverse("circles:list")).content.decode()
    # Nor can anyone join it by a link they kept.
    with pytest.raises(services.CircleError, match="has left MentorConnect"):
        services.circle_join(
            circle=Circle.objects.get(title="Grants with a host gone"), by=make_mentee().user
        )


def test_a_member_deactivated_in_bulk_gives_their_place_back_at_once(client: Client) -> None:
    host = make_mentor(expertise=[GRANTS])
    circle = make_circle(host, title="Three on grants", areas=(GRANTS,), places=3)
    members = [make_mentee(display_name=name) for name in ("Ann Gone", "Bo Stays", "Cy Stays")]
    for member in members:
        services.circle_join(circle=circle, by=member.user)
    looking = make_mentee(wanted=[GRANTS])
    client.force_login(looking.user)
    assert "Three on grants" not in offered(search(client, GRANTS))

    User.objects.filter(pk=members[0].user_id).update(is_active=False)  # no signal, no save()

    # Others see a place free at once: the circle is offered again, and can be joined.
    assert "Three on grants" in offered(search(client, GRANTS))
    assert "Three on grants" in client.get(reverse("circles:list")).content.decode()
    join_page = client.get(reverse("circles:join", args=[circle.pk])).content.decode()
    assert "This circle is full" not in join_page
    # Its host no longer sees the member gone among the members, nor their contact (the
    # circle's history still says who joined).
    client.force_login(host.user)
    page = client.get(circle.get_absolute_url()).content.decode()
    before_history = page[: page.index('id="history-heading"')]
    assert "Ann Gone" not in before_history and members[0].user.email not in page
    assert "Bo Stays" in page and "2 of 3 members" in page
    assert "Open to new members" in page
    services.circle_join(circle=circle, by=looking.user)
    assert "3 of 3 members" in client.get(circle.get_absolute_url()).content.decode()
