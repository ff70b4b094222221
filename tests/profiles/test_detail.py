from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from mentorships import services
from profiles.models import User
from tests.mentorships.helpers import make_active, make_request

from .factories import area, city, make_mentee, make_mentor

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_cannot_see_profiles(client: Client) -> None:
    mentor = make_mentor()
    response = client.get(mentor.get_absolute_url())
    assert response.status_code == 302


def test_member_sees_what_a_mentee_needs_to_decide(client: Client) -> None:
    mentor = make_mentor(
        display_name="Morgan",
        city=city("Hamilton", "CA"),
        mentor_capacity=3,
        active_mentee_count=1,
        meeting_formats=["video", "in_person"],
        languages=["en", "es"],
        expertise=["Acquisitions"],
    )
    mentee = make_mentee(city=city("Toronto", "CA"))
    client.force_login(mentee.user)
    html = client.get(mentor.get_absolute_url()).content.decode()
    assert "Accepting · 2 places free" in html
    assert "Acquisitions" in html
    assert "Hamilton, Ontario, CA" in html
    assert "62 km from you" in html
    assert "Video call, In person" in html
    assert "English, Spanish" in html


def test_hidden_profiles_answer_404(client: Client, member: User) -> None:
    hidden = make_mentor(hidden_by_staff=True, moderation_reason="Spam")
    unfinished = make_mentor(completed_at=None)
    client.force_login(member)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(unfinished.get_absolute_url()).status_code == 404
    assert client.get("/members/999999/").status_code == 404


def test_a_profile_hidden_from_search_opens_only_for_the_people_in_touch(client: Client) -> None:
    hidden = make_mentee(display_name="Hana", hidden_from_search=True)
    her_mentor = make_mentor(display_name="Max")
    asked_by_her = make_mentor(display_name="Ada")
    make_active(hidden, her_mentor)
    make_request(hidden, asked_by_her)
    for who, status in [
        (make_mentee().user, 404),
        (her_mentor.user, 200),
        (asked_by_her.user, 200),
    ]:
        client.force_login(who)
        assert client.get(hidden.get_absolute_url()).status_code == status, who


def test_a_mentor_hidden_from_search_opens_for_their_mentee(client: Client) -> None:
    hidden = make_mentor(display_name="Hugo", hidden_from_search=True)
    his_mentee = make_mentee(display_name="Mia")
    make_active(his_mentee, hidden)
    for who, status in [(make_mentee().user, 404), (his_mentee.user, 200)]:
        client.force_login(who)
        assert client.get(hidden.get_absolute_url()).status_code == status, who


def test_member_can_always_see_their_own_profile(client: Client) -> None:
    own = make_mentor(hidden_from_search=True, completed_at=None)
    client.force_login(own.user)
    response = client.get(own.get_absolute_url())
    assert response.status_code == 200
    assert b"Edit your profile" in response.content


def test_contact_details_follow_the_members_choice(client: Client, member: User) -> None:
    shared = make_mentor(contact_email="shared@example.org", contact_visibility="members")
    private = make_mentor(contact_email="private@example.org", contact_visibility="nobody")
    client.force_login(member)
    assert b"shared@example.org" in client.get(shared.get_absolute_url()).content
    assert b"private@example.org" not in client.get(private.get_absolute_url()).content


def test_a_member_in_the_united_states_sees_the_distance_in_miles(client: Client) -> None:
    mentor = make_mentor(city=city("Evanston", "US"))
    viewer = make_mentee(city=city("Chicago", "US"))
    client.force_login(viewer.user)
    html = client.get(mentor.get_absolute_url()).content.decode()
    assert re.search(r"\b\d+ miles from you", html)
    assert " km from you" not in html


ASK_BUTTON = "to mentor you</a>"


def names_offered(html: str) -> list[str]:
    """The mentors offered instead, in order, as the section lists them."""
    section = html.split('id="not-taking-requests"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<li class="mb-2"><a href="/members/\d+/">([^<]+)</a>', section)


def test_a_full_mentors_page_offers_accepting_mentors_in_their_areas_instead_of_a_request(
    client: Client,
) -> None:
    full = make_mentor(display_name="Rosa", mentor_capacity=1, expertise=["Acquisitions"])
    make_active(make_mentee(), full)
    make_mentor(display_name="Near fit", expertise=["Acquisitions", "Reference services"])
    make_mentor(display_name="Other area", expertise=["Genealogy and local history"])
    also_full = make_mentor(display_name="Also full", mentor_capacity=1, expertise=["Acquisitions"])
    make_active(make_mentee(), also_full)
    make_mentor(display_name="Paused too", expertise=["Acquisitions"], accepting_requests=False)
    client.force_login(make_mentee(wanted=["Acquisitions"]).user)

    html = client.get(full.get_absolute_url()).content.decode()

    assert "Rosa is full for now" in html
    assert ASK_BUTTON not in html
    assert names_offered(html) == ["Near fit"]
    search = (
        f"{reverse('profiles:find_mentor')}?expertise={area('Acquisitions').pk}&amp;accepting=on"
    )
    assert search in html


def test_a_paused_mentors_page_says_so_and_links_to_the_search(client: Client) -> None:
    paused = make_mentor(display_name="Pat", accepting_requests=False, expertise=["Acquisitions"])
    client.force_login(make_mentee().user)
    html = client.get(paused.get_absolute_url()).content.decode()
    assert "Pat has paused new requests" in html
    assert ASK_BUTTON not in html
    assert names_offered(html) == []
    assert "Search for mentors accepting requests in Pat’s areas" in html


def test_the_alternatives_are_the_best_for_the_viewer_and_never_one_they_asked(
    client: Client,
) -> None:
    full = make_mentor(
        display_name="Rosa", mentor_capacity=1, expertise=["Acquisitions", "Reference services"]
    )
    make_active(make_mentee(), full)
    viewer = make_mentee(city=city("Chicago"), wanted=["Reference services"])
    asked = make_mentor(display_name="Asked already", expertise=["Reference services"])
    make_request(viewer, asked)
    make_mentor(display_name="Shares an area of Rosa's only", expertise=["Acquisitions"])
    make_mentor(display_name="Fits the viewer", expertise=["Reference services"])
    far = make_mentor(
        display_name="Fits but far, not remote",
        expertise=["Reference services"],
        city=city("Los Angeles"),
        open_to_remote=False,
    )
    make_mentor(display_name="Fourth", expertise=["Acquisitions"])
    client.force_login(viewer.user)

    offered = names_offered(client.get(full.get_absolute_url()).content.decode())

    assert len(offered) == 3
    assert offered[0] == "Fits the viewer"
    assert "Asked already" not in offered
    assert far.display_name != offered[0]


def test_with_an_open_request_the_page_links_to_it_instead_of_asking_again(
    client: Client, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2026, 12, 3, 15, 0, tzinfo=datetime.UTC), tick=False)
    mentor = make_mentor(display_name="Max")
    viewer = make_mentee()
    request = make_request(viewer, mentor)
    client.force_login(viewer.user)
    html = client.get(mentor.get_absolute_url()).content.decode()
    assert "You asked Max on 3 December" in html
    assert f'href="{request.get_absolute_url()}"' in html
    assert ASK_BUTTON not in html


def test_a_current_mentors_page_links_to_the_mentorship(client: Client) -> None:
    mentor = make_mentor(display_name="Max", mentor_capacity=1)
    viewer = make_mentee()
    mentorship = make_active(viewer, mentor)
    client.force_login(viewer.user)
    html = client.get(mentor.get_absolute_url()).content.decode()
    assert "Max is your mentor." in html
    assert f'href="{mentorship.get_absolute_url()}"' in html
    # Full with the viewer themselves: no other mentors pressed on them.
    assert 'id="not-taking-requests"' not in html


def test_after_a_recent_no_the_page_offers_other_mentors_instead_of_asking_again(
    client: Client, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2026, 11, 2, 15, 0, tzinfo=datetime.UTC), tick=False)
    mentor = make_mentor(display_name="Max")
    viewer = make_mentee()
    services.mentorship_decline(mentorship=make_request(viewer, mentor), by=mentor.user)
    client.force_login(viewer.user)
    html = client.get(mentor.get_absolute_url()).content.decode()
    assert "Max declined your request on 2 November 2026" in html
    assert ASK_BUTTON not in html
    assert 'id="not-taking-requests"' in html


def test_the_account_email_goes_only_to_the_people_one_is_matched_with(client: Client) -> None:
    mentor = make_mentor(
        email="max.ortiz@example.org",
        display_name="Max",
        share_account_email=True,
        contact_phone="+1 312 555 0100",
        contact_visibility="members",
    )
    stranger = make_mentee()
    client.force_login(stranger.user)
    html = client.get(mentor.get_absolute_url()).content.decode()
    assert "555 0100" in html, "the phone is shared with every member, as chosen"
    assert "max.ortiz@example.org" not in html

    mentee = make_mentee()
    make_active(mentee, mentor)
    client.force_login(mentee.user)
    html = client.get(mentor.get_absolute_url()).content.decode()
    assert 'href="mailto:max.ortiz@example.org"' in html


def test_consent_alone_is_a_way_to_reach_a_match(client: Client) -> None:
    mentor = make_mentor(display_name="Max", share_account_email=True, contact_visibility="nobody")
    assert mentor.has_contact
    assert mentor.contact_visible_to(make_mentee().user, matched=True)
    assert not mentor.contact_visible_to(make_mentee().user, matched=False)
    silent = make_mentor(display_name="Quiet", contact_email="q@example.org")
    silent.contact_visibility = "nobody"
    assert not silent.has_contact


def test_the_contact_channels_say_when_nothing_is_shared() -> None:
    person = make_mentor(display_name="Quiet")
    html = render_to_string("profiles/_contact_channels.html", {"person": person})
    assert "Quiet has not shared contact details yet." in html
    person.share_account_email = True
    html = render_to_string("profiles/_contact_channels.html", {"person": person})
    assert f"mailto:{person.user.email}" in html
    assert "has not shared" not in html


def test_a_member_reads_on_their_own_profile_who_sees_the_contact_details_they_added(
    client: Client,
) -> None:
    own = make_mentee(contact_email="me@example.org", contact_visibility="matched")
    client.force_login(own.user)
    page = client.get(own.get_absolute_url()).content.decode()
    assert "The details you added are shown only to the people you are matched with." in page
    # Not the form's first-person choice pasted after "The others".
    assert "The others" not in page
    assert "my matched mentors and mentees" not in page

    own.contact_visibility = "members"
    own.save()
    page = client.get(own.get_absolute_url()).content.decode()
    assert "The details you added are shown to any signed-in member." in page
