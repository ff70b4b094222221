"""Find a mentor's pages: the counts above the results and which page a member lands on,
whatever page number the address asks for."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from mentorships import services
from profiles.filters import MentorFilter
from profiles.models import Profile, User
from profiles.views import _mentor_filter
from tests.mentorships.helpers import make_request

from .factories import city, make_mentee, make_mentor

pytestmark = pytest.mark.django_db

RESULT_NAME = re.compile(r'<h3 class="h5 mb-1"><a href="/members/\d+/">([^<]+)</a>')


@pytest.fixture
def searcher(client: Client) -> Client:
    for number in range(22):
        make_mentor(display_name=f"Mentor {number:02d}")
    for number in range(3):
        make_mentor(display_name=f"Paused {number}", accepting_requests=False)
    client.force_login(make_mentee(display_name="Searcher").user)
    return client


def page_of(client: Client, page: str, **filters: str) -> tuple[str, list[str]]:
    response = client.get(
        reverse("profiles:find_mentor"), {"sort": "fewest", "page": page, **filters}
    )
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    return content, RESULT_NAME.findall(content)


# A keyword narrows the directory, so the page's own query counts the matches; without one,
# they are counted apart (profiles.views._page_of): both count the same.
@pytest.mark.parametrize("filters", [{}, {"q": "librarian"}])
def test_every_page_counts_all_the_mentors_and_those_accepting(
    searcher: Client, filters: dict[str, str]
) -> None:
    first, names = page_of(searcher, "1", **filters)
    assert "25 mentors, 22 accepting requests now" in first
    assert len(names) == 20 and "Page 1 of 2" in first
    second, names = page_of(searcher, "2", **filters)
    assert "25 mentors, 22 accepting requests now" in second
    # Mentors taking requests first, the paused ones after them.
    assert names == ["Mentor 20", "Mentor 21", "Paused 0", "Paused 1", "Paused 2"]
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("asked", ["9", "0", "-3", "99999999999999999999999"])
def test_a_page_out_of_range_shows_the_last_page(searcher: Client, asked: str) -> None:
    content, names = page_of(searcher, asked)
    assert "25 mentors, 22 accepting requests now" in content
    assert "Page 2 of 2" in content
    assert names == page_of(searcher, "2")[1]


def test_a_page_that_is_not_a_number_shows_the_first(searcher: Client) -> None:
    content, names = page_of(searcher, "two")
    assert "Page 1 of 2" in content
    assert names == page_of(searcher, "1")[1]


def test_a_search_finding_nobody_says_so_on_any_page(searcher: Client) -> None:
    response = searcher.get(reverse("profiles:find_mentor"), {"q": "zzzz", "page": "3"})
    content = response.content.decode()
    assert "No mentors found" in content
    assert "No mentors match all of these filters." in content


def test_the_folded_filters_count_what_the_member_chose_not_the_order_they_start_in(
    searcher: Client,
) -> None:
    # What the filter form sends when a member picks one library type and searches: every
    # field, the best-match order among them.
    sent = {"q": "", "library_type": "1", "sort": "best", "unit": "km", "near": ""}
    content = html.unescape(searcher.get(reverse("profiles:find_mentor"), sent).content.decode())
    assert "Filters (1 chosen)" in content
    content = html.unescape(
        searcher.get(reverse("profiles:find_mentor"), {**sent, "sort": "nearest"}).content.decode()
    )
    assert "Filters (2 chosen)" in content


@pytest.fixture
def best_match_searcher(client: Client) -> Client:
    """A mentee who wants help with reference services, and 21 accepting mentors who fit them
    (more than a page), with other mentors after them in the best-match order."""
    for number in range(21):
        make_mentor(display_name=f"Fits {number:02d}", expertise=["Reference services"])
    for number in range(3):
        make_mentor(display_name=f"Other area {number}", expertise=["Acquisitions"])
    for number in range(2):
        make_mentor(
            display_name=f"Paused {number}",
            expertise=["Reference services"],
            accepting_requests=False,
        )
    client.force_login(make_mentee(display_name="Searcher", wanted=["Reference services"]).user)
    return client


def test_best_match_pages_list_those_who_fit_then_the_others(
    best_match_searcher: Client,
) -> None:
    first = page_of(best_match_searcher, "1", sort="best")[1]
    second = page_of(best_match_searcher, "2", sort="best")[1]
    assert first == [f"Fits {number:02d}" for number in range(20)]
    assert second == [
        "Fits 20",
        "Other area 0",
        "Other area 1",
        "Other area 2",
        "Paused 0",
        "Paused 1",
    ]


def searchers_search(rf: RequestFactory, query: dict[str, str]) -> MentorFilter:
    """The search Find a mentor makes for the member called Searcher with `query`."""
    request = rf.get("/mentors/", query)
    request.user = User.objects.get(profile__display_name="Searcher")
    return _mentor_filter(request)


# A search that narrows nothing looks for its page among the mentors who might rank first
# (MentorFilter.page_ranked_first), and keeps that page only when it is the search's own.
def test_a_page_found_among_the_best_fits_is_the_searchs_own_page(
    best_match_searcher: Client, rf: RequestFactory
) -> None:
    search = searchers_search(rf, {})
    first_page = slice(0, 20)
    assert search.page_ranked_first(first_page) == list(search.qs[first_page])
    # The second page holds mentors who rank after those who fit: for the whole search.
    assert search.page_ranked_first(slice(20, 40)) == []


def test_mentors_who_said_no_come_after_those_of_other_areas_on_the_next_page(
    best_match_searcher: Client,
) -> None:
    searcher = Profile.objects.get(display_name="Searcher")
    for number in range(19):
        declined = make_mentor(
            display_name=f"Declined {number:02d}", expertise=["Reference services"]
        )
        services.mentorship_decline(mentorship=make_request(searcher, declined), by=declined.user)
    # The second page's first twenty mentors in the searcher's areas who accept requests end
    # with some who said no to them: others rank before those.
    names = page_of(best_match_searcher, "2", sort="best")[1]
    assert names[:5] == ["Fits 20", "Other area 0", "Other area 1", "Other area 2", "Declined 00"]


@pytest.fixture
def nearest_searcher(client: Client) -> Client:
    """A mentee in Chicago, 20 accepting mentors within 100 km of them (a page), and others
    farther or paused."""
    for number in range(19):
        make_mentor(display_name=f"Chicago {number:02d}", city=city("Chicago"))
    make_mentor(display_name="Evanston", city=city("Evanston"))
    make_mentor(display_name="Milwaukee", city=city("Milwaukee"))
    make_mentor(display_name="Toronto", city=city("Toronto", "CA"))
    make_mentor(display_name="Paused", city=city("Chicago"), accepting_requests=False)
    client.force_login(make_mentee(display_name="Searcher", city=city("Chicago")).user)
    return client


def test_nearest_pages_list_accepting_mentors_nearest_first(nearest_searcher: Client) -> None:
    first = page_of(nearest_searcher, "1", sort="nearest")[1]
    second = page_of(nearest_searcher, "2", sort="nearest")[1]
    assert first == [*(f"Chicago {number:02d}" for number in range(19)), "Evanston"]
    assert second == ["Milwaukee", "Toronto", "Paused"]


def test_a_page_of_the_nearest_within_100_km_is_the_searchs_own_page(
    nearest_searcher: Client, rf: RequestFactory
) -> None:
    search = searchers_search(rf, {"sort": "nearest"})
    first_page = slice(0, 20)
    assert search.page_ranked_first(first_page) == list(search.qs[first_page])
    # Fewer than a page within 100 km on the second: for the whole search.
    assert search.page_ranked_first(slice(20, 40)) == []
