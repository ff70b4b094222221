from __future__ import annotations

import datetime
import html
import re
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorships import services
from profiles import matching
from profiles.models import Profile
from tests.mentorships.helpers import make_active, make_request

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


def test_visitors_preview_the_directory_without_names_places_or_contact(client: Client) -> None:
    mentor = make_mentor(
        display_name="Rosalind Quartermaine",
        pronouns="she/her",
        headline="Head of Cataloging",
        workplace="Evanston Public Library",
        city=city("Evanston"),
        career_stage=stage("Mid-career (5-15 years)"),
        library_type=library_type("Public"),
        expertise=["Cataloging (original and copy)"],
        contact_email="rosalind@example.org",
        contact_phone="+1 312 555 0100",
        contact_visibility="members",
        share_account_email=True,
    )
    response = client.get(reverse("profiles:find_mentor"))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "1 mentor, 1 accepting requests now" in page
    assert "Cataloging (original and copy)" in page
    assert "Mid-career (5-15 years), Public library" in page
    assert "Illinois, US" in page
    for private in [
        "Rosalind",
        "Quartermaine",
        "she/her",
        "Head of Cataloging",
        "Evanston",
        "rosalind@example.org",
        mentor.user.email,
        "555 0100",
        mentor.get_absolute_url(),
        reverse("mentorships:request", args=[mentor.pk]),
    ]:
        assert private not in page, private
    # Joining leads back to the same search.
    signup = reverse("account_signup") + "?next=" + quote(reverse("profiles:find_mentor"), safe="")
    assert f'href="{signup}"' in response.content.decode()


def test_visitors_filter_the_preview_but_not_by_keyword_or_distance(client: Client) -> None:
    make_mentor(display_name="Near", city=city("Chicago"), expertise=["Acquisitions"])
    make_mentor(display_name="Far", city=city("Toronto", "CA"), expertise=["Reference services"])
    page = page_of(client, expertise=[area("Acquisitions").pk])
    assert "1 mentor, 1 accepting requests now" in page
    assert "Acquisitions" in page
    page = page_of(client, country="CA")
    assert "Ontario, CA" in page and "Illinois, US" not in page
    # A keyword (names are in the text) or a distance (it would place a mentor) is not offered.
    page = page_of(client, q="Near", distance=5, near="Chicago")
    assert "2 mentors" in page
    assert 'name="q"' not in page and 'name="near"' not in page


def test_the_visitors_preview_takes_at_most_ten_queries(client: Client) -> None:
    for _ in range(25):
        make_mentor(expertise=["Reference services", "Acquisitions"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("profiles:find_mentor"), {"accepting": "on"})
    assert response.status_code == 200
    assert len(queries) <= 10


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


def test_a_place_that_matches_several_cities_lists_nobody_until_it_is_clear(
    searcher: Client,
) -> None:
    # The searcher lives in Toronto; "Cleveland" is a city in Ohio and one in Tennessee.
    make_mentor(display_name="Next door", city=city("Toronto", "CA"))
    make_mentor(display_name="In Ohio", city=city("Cleveland", "US", "Ohio"))
    response = searcher.get(
        reverse("profiles:find_mentor"), {"near": "Cleveland", "distance": "50", "unit": "km"}
    )
    page = response.content.decode()
    assert "Several places match “Cleveland”" in page
    assert found(searcher, near="Cleveland", distance=50, unit="km") == []
    assert "distances from Toronto" not in page
    assert found(searcher, near="Cleveland, Ohio, US", distance=50, unit="km") == ["In Ohio"]


def test_digits_other_than_0_to_9_are_no_area(searcher: Client) -> None:
    # "²" and "١" are digits to str.isdigit() but no row's id: the search ignores them.
    make_mentor(display_name="Any")
    for value in ("²", "١٢"):
        response = searcher.get(reverse("profiles:find_mentor"), {"expertise": value})
        assert response.status_code == 200


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

    viewer = Profile.objects.get(display_name="Searcher")
    for _ in range(10):
        make_mentor(expertise=["Reference services", "Acquisitions"])
    # Mentors marked with the searcher's request and mentorship cost no query each.
    make_request(viewer, make_mentor(expertise=["Reference services"]))
    make_active(viewer, make_mentor(expertise=["Reference services"]))
    queries_for_search()  # the first page after sign-in saves the session
    ten = queries_for_search()
    assert ten <= 10
    for _ in range(190):
        make_mentor(expertise=["Reference services", "Acquisitions"])
    # Now a whole page fits the searcher, which is found in one query rather than two
    # (MentorFilter.page_ranked_first); and the mentors their request and mentorship rule out
    # are ranked after that page, so their mentorships are not asked for either.
    assert queries_for_search() == ten - 2


def page_of(client: Client, **params: str | int | list[str] | list[int]) -> str:
    response = client.get(reverse("profiles:find_mentor"), params)
    assert response.status_code == 200
    return response.content.decode()


def result_card(page: str, name: str) -> str:
    """The card of one mentor in the results, as HTML."""
    start = page.index(f">{name}</a>")
    return page[page.rindex("<li", 0, start) : page.index("</li>", start)]


def test_best_match_lists_accepting_mentors_before_full_and_paused_ones(searcher: Client) -> None:
    full = make_mentor(display_name="Full", mentor_capacity=1, expertise=["Reference services"])
    make_active(make_mentee(), full)
    make_mentor(display_name="Paused", accepting_requests=False, expertise=["Reference services"])
    # Fits the searcher less (no shared area), but can take a request.
    make_mentor(display_name="Open", expertise=["Acquisitions"])

    names = found(searcher)
    assert names[0] == "Open"
    assert set(names[1:]) == {"Full", "Paused"}
    page = page_of(searcher)
    assert ">Full</span>" in result_card(page, "Full")
    assert ">Paused</span>" in result_card(page, "Paused")
    assert "Accepting · 2 places free" in result_card(page, "Open")


def test_among_accepting_mentors_those_who_fit_come_first(searcher: Client) -> None:
    Profile.objects.filter(display_name="Searcher").get().wanted_areas.set(
        [area("Reference services"), area("Acquisitions")]
    )
    # Two shared areas score higher than one, but Vancouver is far from Toronto and this
    # mentor meets in person only: they cannot actually meet.
    make_mentor(
        display_name="Far",
        expertise=["Reference services", "Acquisitions"],
        city=city("Vancouver", "CA"),
        open_to_remote=False,
    )
    make_mentor(display_name="Near", expertise=["Acquisitions"], city=city("Hamilton", "CA"))
    assert found(searcher) == ["Near", "Far"]


def test_a_mentor_without_a_city_who_only_meets_in_person_does_not_fit(searcher: Client) -> None:
    Profile.objects.filter(display_name="Searcher").update(open_to_remote=False)
    # More shared areas, but no city to meet in and not open to remote mentoring.
    make_mentor(
        display_name="Nowhere",
        expertise=["Reference services", "Acquisitions"],
        city=None,
        open_to_remote=False,
    )
    make_mentor(display_name="Near", expertise=["Reference services"], city=city("Hamilton", "CA"))
    assert found(searcher) == ["Near", "Nowhere"]


def test_mentors_the_searchers_mentorships_rule_out_come_last_and_say_why(
    searcher: Client, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2026, 11, 2, 15, 0, tzinfo=datetime.UTC), tick=False)
    viewer = Profile.objects.get(display_name="Searcher")
    reference = ["Reference services"]
    asked = make_mentor(display_name="Asked", expertise=reference, mentor_capacity=3)
    request = make_request(viewer, asked)
    declined = make_mentor(display_name="Declined", expertise=reference, mentor_capacity=3)
    services.mentorship_decline(mentorship=make_request(viewer, declined), by=declined.user)
    current = make_mentor(display_name="Current", expertise=reference, mentor_capacity=3)
    mentorship = make_active(viewer, current)
    long_ago = make_mentor(display_name="Declined long ago", expertise=reference)
    time_machine.move_to(datetime.datetime(2026, 1, 2, 15, 0, tzinfo=datetime.UTC), tick=False)
    services.mentorship_decline(mentorship=make_request(viewer, long_ago), by=long_ago.user)
    time_machine.move_to(datetime.datetime(2026, 12, 3, 15, 0, tzinfo=datetime.UTC), tick=False)
    # Fits less (no shared area), but a request would reach someone new.
    make_mentor(display_name="Fresh", expertise=["Acquisitions"], mentor_capacity=1)

    names = found(searcher)
    assert names[:2] == ["Declined long ago", "Fresh"]
    assert set(names[2:]) == {"Asked", "Declined", "Current"}
    page = page_of(searcher)
    assert "Your request is waiting" in result_card(page, "Asked")
    assert f'href="{request.get_absolute_url()}"' in result_card(page, "Asked")
    assert "Declined your request on 2 November 2026" in result_card(page, "Declined")
    assert "Your mentor" in result_card(page, "Current")
    assert f'href="{mentorship.get_absolute_url()}"' in result_card(page, "Current")
    assert "Declined your request" not in result_card(page, "Declined long ago")


def test_the_count_says_how_many_mentors_are_accepting(searcher: Client) -> None:
    make_mentor(display_name="Open")
    make_mentor(display_name="Paused", accepting_requests=False)
    full = make_mentor(display_name="Full", mentor_capacity=1)
    make_active(make_mentee(), full)
    assert "3 mentors, 1 accepting requests now" in page_of(searcher)
    assert "1 mentor, 1 accepting requests now" in page_of(searcher, accepting="on")


def test_members_in_the_united_states_search_in_miles(client: Client) -> None:
    make_mentor(display_name="Evanston", city=city("Evanston"))
    make_mentor(display_name="Milwaukee", city=city("Milwaukee"))
    client.force_login(make_mentee(city=city("Chicago")).user)
    page = page_of(client)
    assert '<option value="mi" selected>' in page
    assert re.search(r"Evanston, Illinois, US \(\d+ miles\)", page)
    # Milwaukee is about 130 km (80 miles) from Chicago: within 100 miles, not 100 km.
    assert "Milwaukee" in found(client, distance=100)
    assert "Milwaukee" not in found(client, distance=100, unit="km")


def test_a_refused_filter_leaves_distances_in_the_members_unit(client: Client) -> None:
    make_mentor(display_name="Evanston", city=city("Evanston"))
    client.force_login(make_mentee(city=city("Chicago")).user)
    for refused in ({"distance": "abc"}, {"region": "nowhere"}):
        page = page_of(client, **refused)
        assert '<option value="mi" selected>' in page
        assert re.search(r"Evanston, Illinois, US \(\d+ miles\)", page), refused
    # A distance beyond the largest is told once, by the limit the form states.
    page = page_of(client, distance="1e308")
    assert "Ensure this value is less than or equal to 5000." in page
    assert "1e+50" not in page


def test_members_elsewhere_search_in_kilometres(searcher: Client) -> None:
    make_mentor(display_name="Hamilton", city=city("Hamilton", "CA"))
    page = page_of(searcher)
    assert '<option value="km" selected>' in page
    assert "Hamilton, Ontario, CA (62 km)" in page


def test_expertise_is_chosen_with_checkboxes_under_their_groups(searcher: Client) -> None:
    chosen = area("Acquisitions")
    page = page_of(searcher, expertise=[chosen.pk])
    assert '<select name="expertise"' not in page
    fieldset = page[page.index('<fieldset class="mb-3" id="id_expertise"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert "<legend" in fieldset and ">Expertise</legend>" in fieldset
    assert f"<summary>{chosen.group.name}</summary>" in fieldset
    # The chosen area's group starts open, its box ticked and labelled.
    assert re.search(
        rf"<details [^>]*open>\s*<summary>{re.escape(chosen.group.name)}</summary>", fieldset
    )
    box = re.search(
        rf'<input [^>]*name="expertise" value="{chosen.pk}" id="([^"]+)" checked>', fieldset
    )
    assert box is not None
    assert f'<label class="form-check-label" for="{box.group(1)}">Acquisitions</label>' in fieldset


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


def test_keywords_find_canadian_and_american_spellings_alike(searcher: Client) -> None:
    make_mentor(display_name="Claire", bio="Twenty years of cataloguing in Montréal.")
    make_mentor(display_name="Dana", headline="Head of Cataloging")
    make_mentor(display_name="Unrelated", bio="Storytime and outreach.")
    for keywords in ["cataloguing", "cataloging", "catalogue"]:
        assert sorted(found(searcher, q=keywords)) == ["Claire", "Dana"], keywords
    assert found(searcher, q="cataloguing Montréal") == ["Claire"]
