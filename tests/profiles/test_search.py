from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorships import services
from profiles import matching
from profiles.models import Profile

from .factories import area, city, library_type, make_mentee, make_mentor, stage

pytestmark = pytest.mark.django_db


RESULT_NAME = re.compile(r'<h3 class="h5 mb-1"><a href="/members/\d+/">([^<]+)</a>')


def found(client: Client, **params: str | int | list[str] | list[int]) -> list[str]:
    """The mentors a search lists, in order, as the page shows them."""
    response = client.get(reverse("profiles:find_mentor"), params)
    assert response.status_code == 200
    return [html.unescape(name) for name in RESULT_NAME.findall(response.content.decode())]


@pytest.fixture
def searcher(client: Client) -> Client:
    mentee = make_mentee(display_name="Searcher", city=city("Toronto", "CA"))
    client.force_login(mentee.user)
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("profiles:find_mentor"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_keyword_search_ranks_name_and_expertise_matches(searcher: Client) -> None:
    make_mentor(display_name="Rosa Metadata", expertise=["Reference services"])
    make_mentor(display_name="Carlos", expertise=["Metadata creation and management"])
    make_mentor(
        display_name="Unrelated", bio="I love storytime.", expertise=["Genealogy and local history"]
    )
    assert set(found(searcher, q="metadata", sort="fewest")) == {"Rosa Metadata", "Carlos"}
    assert found(searcher, q="storytime") == ["Unrelated"]
    assert found(searcher, q="genealogy") == ["Unrelated"]


def test_expertise_filter_matches_any_chosen_area_once(searcher: Client) -> None:
    both = make_mentor(
        display_name="Both",
        expertise=["Reference services", "Readers' advisory"],
    )
    make_mentor(display_name="Neither", expertise=["Acquisitions"])
    ids = [area("Reference services").pk, area("Readers' advisory").pk]
    assert found(searcher, expertise=ids) == [both.display_name]


def test_library_type_career_stage_format_and_language_filters(searcher: Client) -> None:
    public = library_type("Public")
    make_mentor(
        display_name="Match",
        library_type=public,
        career_stage=stage("Administrator / director"),
        meeting_formats=["phone", "video"],
        languages=["en", "fr"],
    )
    make_mentor(
        display_name="Other",
        library_type=library_type("Archives"),
        meeting_formats=["in_person"],
        languages=["en"],
    )
    assert found(searcher, library_type=public.pk) == ["Match"]
    assert found(searcher, career_stage=stage("Administrator / director").pk) == ["Match"]
    assert found(searcher, format=["phone"]) == ["Match"]
    assert found(searcher, language="fr") == ["Match"]


def test_accepting_filter_leaves_out_full_and_paused_mentors(searcher: Client) -> None:
    make_mentor(display_name="Open", mentor_capacity=2, active_mentee_count=1)
    make_mentor(display_name="Full", mentor_capacity=2, active_mentee_count=2)
    make_mentor(display_name="Paused", accepting_requests=False)
    assert found(searcher, accepting="true") == ["Open"]
    assert set(found(searcher)) == {"Open", "Full", "Paused"}


def test_distance_filter_from_own_city_and_from_a_chosen_city(searcher: Client) -> None:
    make_mentor(display_name="Hamilton", city=city("Hamilton", "CA"))
    make_mentor(display_name="Montreal", city=city("Montréal", "CA"))
    make_mentor(display_name="Vancouver", city=city("Vancouver", "CA"))
    # Hamilton is about 60 km from Toronto; Montreal about 500 km.
    assert found(searcher, distance=100, unit="km") == ["Hamilton"]
    assert found(searcher, distance=350, unit="mi", sort="nearest") == ["Hamilton", "Montreal"]
    assert found(searcher, distance=50, near="Vancouver, British Columbia, CA") == ["Vancouver"]


def test_region_country_and_remote_filters(searcher: Client) -> None:
    make_mentor(display_name="Ohio", city=city("Columbus", "US", "Ohio"), open_to_remote=False)
    make_mentor(display_name="Quebec", city=city("Québec", "CA"), open_to_remote=True)
    assert found(searcher, region="Ohio") == ["Ohio"]
    assert found(searcher, country="CA") == ["Quebec"]
    assert found(searcher, remote="true") == ["Quebec"]


def test_unknown_city_is_explained_and_kept(searcher: Client) -> None:
    response = searcher.get(reverse("profiles:find_mentor"), {"near": "Atlantis", "distance": "50"})
    assert response.status_code == 200
    assert "We could not find “Atlantis”" in response.content.decode()
    assert 'value="Atlantis"' in response.content.decode()


def test_hidden_profiles_never_appear(searcher: Client) -> None:
    make_mentor(display_name="Visible")
    make_mentor(display_name="Hid themselves", hidden_from_search=True)
    make_mentor(display_name="Hidden by staff", hidden_by_staff=True, moderation_reason="Spam")
    make_mentor(display_name="Unfinished", completed_at=None)
    assert found(searcher) == ["Visible"]
    assert found(searcher, q="hidden") == []


def test_empty_search_suggests_widening(searcher: Client) -> None:
    response = searcher.get(reverse("profiles:find_mentor"), {"q": "zzzz"})
    assert b"No mentors match all of these filters." in response.content
    assert b"Try widening the search" in response.content


def test_filter_state_stays_in_pagination_links(searcher: Client) -> None:
    for number in range(25):
        make_mentor(display_name=f"Mentor {number:02d}")
    assert len(found(searcher, q="librarian", sort="fewest")) == 20
    response = searcher.get(reverse("profiles:find_mentor"), {"q": "librarian", "sort": "fewest"})
    assert 'href="?q=librarian&amp;sort=fewest&amp;page=2"' in response.content.decode()


def test_search_query_count_does_not_grow_with_results(searcher: Client) -> None:
    def queries_for_search() -> int:
        with CaptureQueriesContext(connection) as queries:
            searcher.get(reverse("profiles:find_mentor"), {"sort": "best"})
        return len(queries)

    for _ in range(10):
        make_mentor(expertise=["Reference services", "Acquisitions"])
    queries_for_search()  # the first page after sign-in saves the session
    ten = queries_for_search()
    assert ten <= 10
    for _ in range(190):
        make_mentor(expertise=["Reference services", "Acquisitions"])
    assert queries_for_search() == ten


def test_a_search_shows_a_mentors_places_and_capacity_at_once(searcher: Client) -> None:
    mentee = make_mentee(display_name="Other mentee")
    ada = make_mentor(display_name="Ada", mentor_capacity=1, expertise=["Acquisitions"])
    make_mentor(display_name="Grace", mentor_capacity=2, expertise=["Acquisitions"])
    assert found(searcher, accepting="on") == ["Grace", "Ada"]

    # Ada takes her last mentee (the service claims the place with an UPDATE, not a save).
    request = services.mentorship_request(
        mentee=mentee.user,
        mentor_profile=ada,
        help_wanted="Budgets",
        why_this_mentor="Acquisitions",
    )
    services.mentorship_accept(mentorship=request, by=ada.user)
    assert found(searcher, accepting="on") == ["Grace"]

    ada.refresh_from_db()
    ada.mentor_capacity = 3
    ada.save()
    assert found(searcher, accepting="on") == ["Ada", "Grace"]


@pytest.mark.parametrize(
    ("one", "other", "km"),
    [
        (("Toronto", "CA"), ("Montréal", "CA"), 504),
        (("New York City", "US"), ("Los Angeles", "US"), 3936),
        (("Chicago", "US"), ("Chicago", "US"), 0),
    ],
)
def test_distances_between_known_cities(
    one: tuple[str, str], other: tuple[str, str], km: int
) -> None:
    mentor = make_mentor(city=city(*other))
    distance = (
        Profile.objects.filter(pk=mentor.pk)
        .annotate(distance_km=matching.distance_km_from(city(*one)))
        .values_list("distance_km", flat=True)
        .get()
    )
    assert distance == pytest.approx(km, abs=max(km * 0.01, 1))
