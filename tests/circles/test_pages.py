"""The circle pages as their members, their host, strangers and staff see them."""

from __future__ import annotations

import datetime
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone
from icalendar import Calendar

from mentorships.circles import services
from mentorships.circles.models import Circle, CircleMembership, CircleStatus, MembershipStatus
from profiles.models import Profile
from tests.conftest import make_member
from tests.profiles.factories import area, city, make_mentee, make_mentor

from .helpers import make_circle

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    """Max hosts a circle with Mia and Noor in it, a meeting planned, and Ria asking to join."""
    max_ = make_mentor(display_name="Max", mentor_capacity=2)
    mia = make_mentee(display_name="Mia", contact_email="mia@home.example")
    noor = make_mentee(
        display_name="Noor", contact_email="noor@home.example", contact_visibility="nobody"
    )
    circle = make_circle(max_, join_policy="approve", places=3)
    for mentee in (mia, noor):
        services.request_answer(
            membership=services.circle_join(circle=circle, by=mentee.user),
            by=max_.user,
            approve=True,
        )
    ria = make_mentee(display_name="Ria")
    asked = services.circle_join(circle=circle, by=ria.user, note="I run a small branch.")
    meeting = services.meeting_propose(
        circle=circle,
        by=max_.user,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place_or_link="https://meet.example/circle",
    )
    item = services.plan_item_add(circle=circle, by=mia.user, text="Read the budget chapter")
    services.feedback_send(
        circle=circle, member=mia.user, by=mia.user, text="Mia's words for Max alone"
    )
    return {
        "item": item,
        "max": max_,
        "mia": mia,
        "noor": noor,
        "ria": ria,
        "circle": circle,
        "asked": asked,
        "meeting": meeting,
    }


def circle_urls(world: dict[str, Any]) -> list[str]:
    """Every URL of the circle, built from the circles URL patterns themselves, so that a new
    one is walked too."""
    kwargs = {
        "pk": world["circle"].pk,
        "meeting_pk": world["meeting"].pk,
        "membership_pk": world["asked"].pk,
        "item_pk": world["item"].pk,
        "member_pk": world["mia"].user.pk,
    }
    urls = []
    for pattern in get_resolver("mentorships.circles.urls").url_patterns:
        assert isinstance(pattern, URLPattern)
        names = pattern.pattern.regex.groupindex
        if "pk" not in names or pattern.name == "join":
            continue
        urls.append(reverse(f"circles:{pattern.name}", kwargs={k: kwargs[k] for k in names}))
    return urls


@pytest.mark.parametrize("who", ["stranger", "staff superuser", "asking to join", "left"])
def test_strangers_and_staff_get_404_on_every_circle_url(
    client: Client, world: dict[str, Any], who: str
) -> None:
    if who == "stranger":
        user = make_mentee().user
    elif who == "staff superuser":
        user = make_member("root@example.org", is_staff=True, is_superuser=True)
    elif who == "asking to join":
        user = world["ria"].user
    else:
        user = world["noor"].user
        services.circle_leave(circle=world["circle"], by=user)
    client.force_login(user)
    history = world["circle"].events.count()
    urls = circle_urls(world)
    assert len(urls) == 12
    for url in urls:
        if who == "asking to join" and url.endswith("/leave/"):
            continue  # withdrawing one's own request is the one thing they may do
        # A button's URL refuses a GET (405) and the .ics a POST, whoever asks.
        assert client.get(url).status_code in {404, 405}, url
        posted = client.post(
            url, {"coming": "yes", "answer": "approve", "done": "yes", "text": "Hello"}
        ).status_code
        assert posted == (405 if url.endswith(".ics") else 404), url
    world["circle"].refresh_from_db()
    assert world["circle"].status == CircleStatus.OPEN
    assert world["circle"].events.count() == history  # nothing they posted changed it


def test_an_ended_circle_is_gone_for_everyone_but_its_members(
    client: Client, world: dict[str, Any]
) -> None:
    services.circle_end(circle=world["circle"], by=world["max"].user)
    client.force_login(make_mentee().user)
    assert client.get(reverse("circles:join", args=[world["circle"].pk])).status_code == 404
    client.force_login(world["mia"].user)
    page = client.get(world["circle"].get_absolute_url()).content.decode()
    assert "Its archive stays here for its members" in page


def test_members_see_contact_details_only_as_each_chose_to_share_them(
    client: Client, world: dict[str, Any]
) -> None:
    client.force_login(world["mia"].user)
    page = client.get(world["circle"].get_absolute_url()).content.decode()
    members = page[page.index('id="circle-members"') :]
    assert "Noor" in members and "Mia" in members
    assert "noor@home.example" not in page  # Noor shares her contact with nobody
    assert "mia@home.example" in page  # one's own

    client.force_login(world["noor"].user)
    page = client.get(world["circle"].get_absolute_url()).content.decode()
    assert "mia@home.example" in page  # Mia shares hers with her matches: the circle is one
    assert "I run a small branch." not in page  # requests are the host's to read

    client.force_login(world["max"].user)
    page = client.get(world["circle"].get_absolute_url()).content.decode()
    assert "I run a small branch." in page
    assert "noor@home.example" not in page


def test_a_mentor_sets_up_a_circle_that_takes_one_of_their_places(client: Client) -> None:
    mentor = make_mentor(mentor_capacity=2, expertise=["Grant writing"])
    client.force_login(mentor.user)
    page = client.get(reverse("circles:new")).content.decode()
    assert "takes one of your places" in page
    assert "you have 2 of 2 places free" in page

    response = client.post(
        reverse("circles:new"),
        {
            "kind": "mentor",
            "title": "Grant writing circle",
            "description": "Six of us, one application each.",
            "areas": [area("Grant writing").pk],
            "places": 6,
            "rhythm": "monthly",
            "planned_months": 6,
            "format": "video",
            "join_policy": "open",
        },
    )
    circle = Circle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == circle.get_absolute_url()
    mentor.refresh_from_db()
    assert mentor.active_mentee_count == 1
    page = client.get(circle.get_absolute_url()).content.decode()
    assert "Your circle is open" in page


def test_a_circle_meets_at_a_rhythm_it_can_name(client: Client) -> None:
    client.force_login(make_mentor().user)
    page = client.get(reverse("circles:new")).content.decode()
    assert 'value="monthly"' in page and 'value="custom"' not in page
    assert "Something else" not in page


def test_a_refused_setup_keeps_what_was_typed_and_says_what_is_wrong(client: Client) -> None:
    mentor = make_mentor()
    client.force_login(mentor.user)
    response = client.post(
        reverse("circles:new"),
        {"kind": "mentor", "title": "Kept title", "description": "", "places": 12},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'value="Kept title"' in page
    assert not Circle.objects.exists()


def test_a_circle_title_that_would_reverse_the_text_around_it_is_refused(client: Client) -> None:
    client.force_login(make_mentor().user)
    response = client.post(
        reverse("circles:new"),
        {"kind": "mentor", "title": "Grants \u202ecircle", "description": "Six of us."},
    )
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert "This contains an invisible character (U+202E)" in page
    assert 'value="Grants \u202ecircle"' in page
    assert not Circle.objects.exists()


def test_a_member_joins_an_open_circle_in_one_step_with_a_note(client: Client) -> None:
    circle = make_circle(make_mentor(), join_policy="open")
    mia = make_mentee()
    client.force_login(mia.user)
    page = client.get(reverse("circles:join", args=[circle.pk])).content.decode()
    assert page.count(f">{circle.title}<") == 1  # the page's heading, not the card's again
    response = client.post(reverse("circles:join", args=[circle.pk]), {"note": "Hello all"})
    assert response["Location"] == circle.get_absolute_url()
    assert CircleMembership.objects.get(member=mia.user).note == "Hello all"
    # From then on the join page leads into the circle.
    response = client.get(reverse("circles:join", args=[circle.pk]))
    assert response["Location"] == circle.get_absolute_url()


def test_a_member_whose_note_arrives_after_the_last_place_went_is_told_and_keeps_it(
    client: Client,
) -> None:
    circle = make_circle(make_mentor(), join_policy="open", places=3)
    late = make_mentee()
    client.force_login(late.user)
    assert (
        "Join the circle" in client.get(reverse("circles:join", args=[circle.pk])).content.decode()
    )
    # While they write, the others take every place.
    for _ in range(3):
        services.circle_join(circle=circle, by=make_mentee().user)
    response = client.post(
        reverse("circles:join", args=[circle.pk]), {"note": "I run a small grants team"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The last place was taken before your note arrived." in page
    assert "I run a small grants team" in page
    assert not CircleMembership.objects.filter(member=late.user).exists()


def test_the_host_welcomes_a_request_from_the_circle_page(
    client: Client, world: dict[str, Any]
) -> None:
    client.force_login(world["max"].user)
    url = reverse("circles:answer_request", args=[world["circle"].pk, world["asked"].pk])
    client.post(url, {"answer": "approve"})
    assert Circle.objects.visible_to(world["ria"].user).get() == world["circle"]
    page = client.get(world["circle"].get_absolute_url()).content.decode()
    assert '">Full</span>' in page


def test_an_answer_the_page_does_not_offer_changes_nothing(
    client: Client, world: dict[str, Any]
) -> None:
    circle, meeting = world["circle"], world["meeting"]
    client.force_login(world["max"].user)
    url = reverse("circles:answer_request", args=[circle.pk, world["asked"].pk])
    page = client.post(url, {"answer": "bogus"}, follow=True).content.decode()
    assert "Choose to welcome or to decline the request." in page
    assert CircleMembership.objects.get(pk=world["asked"].pk).status == MembershipStatus.REQUESTED

    client.force_login(world["mia"].user)
    url = reverse("circles:rsvp", args=[circle.pk, meeting.pk])
    page = client.post(url, {"coming": "maybe"}, follow=True).content.decode()
    assert "Choose whether you will come." in page
    assert "Can't come: Mia." not in page


def test_leaving_from_the_page_opens_the_place_and_ending_gives_the_host_theirs_back(
    client: Client, world: dict[str, Any]
) -> None:
    circle = world["circle"]
    client.force_login(world["max"].user)
    answer = reverse("circles:answer_request", args=[circle.pk, world["asked"].pk])
    client.post(answer, {"answer": "approve"})
    client.force_login(world["mia"].user)
    response = client.post(reverse("circles:leave", args=[circle.pk]))
    assert response["Location"] == reverse("circles:list")
    assert (
        Circle.objects.with_member_count().get(pk=circle.pk).status_label == "Open to new members"
    )
    assert client.get(circle.get_absolute_url()).status_code == 404

    client.force_login(world["max"].user)
    client.post(reverse("circles:end", args=[circle.pk]))
    circle.refresh_from_db()
    assert circle.status == CircleStatus.ENDED
    assert Profile.objects.get(user=world["max"].user).active_mentee_count == 0


def test_declining_a_request_first_names_who_asked_and_declines_only_when_confirmed(
    client: Client, world: dict[str, Any]
) -> None:
    circle, asked = world["circle"], world["asked"]
    decline = reverse("circles:decline_request", args=[circle.pk, asked.pk])
    client.force_login(world["max"].user)
    page = client.get(circle.get_absolute_url()).content.decode()
    # The circle's page only leads to the confirmation: no button there declines at one click.
    assert f'href="{decline}"' in page
    assert 'value="decline"' not in page

    confirm = client.get(decline)
    assert confirm.status_code == 200
    said = unescape(confirm.content.decode())
    assert "Decline the request from Ria?" in said
    assert "I run a small branch." in said
    assert "They get an email saying you could not welcome them this time" in said
    assert "They can ask to join again later." in said
    assert CircleMembership.objects.get(pk=asked.pk).status == MembershipStatus.REQUESTED

    page = client.post(decline, follow=True).content.decode()
    assert "Request declined." in page
    assert CircleMembership.objects.get(pk=asked.pk).status == MembershipStatus.DECLINED
    # Once answered there is nothing to confirm.
    assert client.get(decline)["Location"] == circle.get_absolute_url()


def test_a_decline_from_a_page_opened_before_asks_first(
    client: Client, world: dict[str, Any]
) -> None:
    circle, asked = world["circle"], world["asked"]
    client.force_login(world["max"].user)
    response = client.post(
        reverse("circles:answer_request", args=[circle.pk, asked.pk]), {"answer": "decline"}
    )
    assert response["Location"] == reverse("circles:decline_request", args=[circle.pk, asked.pk])
    assert CircleMembership.objects.get(pk=asked.pk).status == MembershipStatus.REQUESTED


def test_a_member_opening_the_decline_of_a_request_is_sent_back_to_the_circle(
    client: Client, world: dict[str, Any]
) -> None:
    circle = world["circle"]
    client.force_login(world["mia"].user)
    response = client.get(reverse("circles:decline_request", args=[circle.pk, world["asked"].pk]))
    assert response["Location"] == circle.get_absolute_url()


def test_leaving_a_circle_first_says_what_it_means_and_leaves_only_when_confirmed(
    client: Client, world: dict[str, Any]
) -> None:
    circle = world["circle"]
    leave = reverse("circles:leave", args=[circle.pk])
    client.force_login(world["mia"].user)
    page = client.get(circle.get_absolute_url()).content.decode()
    # The circle's page only leads to the confirmation: no button there leaves at one click.
    assert f'href="{leave}"' in page
    assert f'action="{leave}"' not in page

    confirm = client.get(leave)
    assert confirm.status_code == 200
    said = unescape(confirm.content.decode())
    assert "Leave Reference desk circle?" in said
    assert "Your place opens at once for someone else." in said
    assert "Max, who hosts the circle, gets an email saying you left" in said
    assert "You can ask to join again later, while the circle has a free place." in said
    assert f'href="{circle.get_absolute_url()}"' in said  # stay
    assert CircleMembership.objects.get(member=world["mia"].user).status == MembershipStatus.MEMBER

    response = client.post(leave)
    assert response["Location"] == reverse("circles:list")
    assert CircleMembership.objects.get(member=world["mia"].user).status == MembershipStatus.LEFT


def test_leaving_a_peer_circle_names_its_convener_and_an_open_circle_is_joined_again(
    client: Client,
) -> None:
    convener = make_mentee(display_name="Cleo")
    circle = make_circle(convener, peer=True, join_policy="open")
    mia = make_mentee(display_name="Mia")
    services.circle_join(circle=circle, by=mia.user)
    client.force_login(mia.user)
    said = unescape(client.get(reverse("circles:leave", args=[circle.pk])).content.decode())
    assert "Cleo, who convenes the circle, gets an email saying you left" in said
    assert "You can join again later, while the circle has a free place." in said


def test_only_a_member_of_a_running_circle_is_asked_to_confirm_leaving(
    client: Client, world: dict[str, Any]
) -> None:
    circle = world["circle"]
    leave = reverse("circles:leave", args=[circle.pk])
    client.force_login(world["max"].user)  # the host ends it instead
    assert client.get(leave)["Location"] == circle.get_absolute_url()
    client.force_login(world["ria"].user)  # still asking: she withdraws on the join page
    assert client.get(leave)["Location"] == reverse("circles:join", args=[circle.pk])
    services.circle_end(circle=circle, by=world["max"].user)
    client.force_login(world["mia"].user)
    assert client.get(leave)["Location"] == circle.get_absolute_url()


def test_ending_a_circle_first_says_who_will_be_told_and_ends_only_when_confirmed(
    client: Client, world: dict[str, Any]
) -> None:
    circle = world["circle"]
    end = reverse("circles:end", args=[circle.pk])
    client.force_login(world["max"].user)
    page = client.get(circle.get_absolute_url()).content.decode()
    # The circle's page only leads to the confirmation: no button there ends it at one click.
    assert f'href="{end}"' in page
    assert f'action="{end}"' not in page

    confirm = client.get(end)
    assert confirm.status_code == 200
    told = confirm.content.decode()
    assert "Mia, told that the circle has ended." in told
    assert "Noor, told that the circle has ended." in told
    assert "Ria, who asked to join: their request is declined" in told
    assert "Max," not in told  # who ends it is not emailed
    assert "Your place is free again." in told
    assert f'href="{circle.get_absolute_url()}"' in told  # keep it running
    circle.refresh_from_db()
    assert circle.status == CircleStatus.OPEN

    client.post(end)
    circle.refresh_from_db()
    assert circle.status == CircleStatus.ENDED
    # Once it has ended there is nothing to confirm.
    assert client.get(end)["Location"] == circle.get_absolute_url()


def test_a_member_opening_the_end_of_a_circle_is_sent_back_to_it(
    client: Client, world: dict[str, Any]
) -> None:
    circle = world["circle"]
    client.force_login(world["mia"].user)
    response = client.get(reverse("circles:end", args=[circle.pk]))
    assert response["Location"] == circle.get_absolute_url()
    page = client.get(circle.get_absolute_url()).content.decode()
    assert "End the circle" not in page


def test_the_end_of_a_circle_nobody_joined_tells_nobody(client: Client) -> None:
    max_ = make_mentor(display_name="Max")
    circle = make_circle(max_)
    client.force_login(max_.user)
    told = client.get(reverse("circles:end", args=[circle.pk])).content.decode()
    assert "Nobody: nobody else has joined the circle or asked to." in told


def test_members_say_if_they_will_come_and_download_the_meeting(
    client: Client, world: dict[str, Any]
) -> None:
    circle, meeting = world["circle"], world["meeting"]
    client.force_login(world["mia"].user)
    client.post(reverse("circles:rsvp", args=[circle.pk, meeting.pk]), {"coming": "yes"})
    client.force_login(world["noor"].user)
    client.post(reverse("circles:rsvp", args=[circle.pk, meeting.pk]), {"coming": "no"})

    page = client.get(circle.get_absolute_url()).content.decode()
    assert "Coming: Mia." in page
    assert "Can't come: Noor." in page
    # The video link is one click away.
    assert '<a href="https://meet.example/circle" rel="noopener nofollow"' in page

    response = client.get(reverse("circles:meeting_ics", args=[circle.pk, meeting.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert event["LOCATION"] == "https://meet.example/circle"
    assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)
    assert circle.get_absolute_url() in str(event["DESCRIPTION"])


def test_the_host_proposes_a_meeting_and_writes_the_agreement(
    client: Client, world: dict[str, Any]
) -> None:
    circle = world["circle"]
    client.force_login(world["max"].user)
    response = client.post(
        reverse("circles:agreement", args=[circle.pk]), {"agreement": "What is said here stays."}
    )
    assert response.status_code == 302
    starts = (timezone.now() + datetime.timedelta(days=9)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("circles:meeting_new", args=[circle.pk]),
        {"starts_at": starts, "duration_minutes": 60, "format": "video", "agenda": "Budgets"},
    )
    assert response.status_code == 302
    client.force_login(world["mia"].user)
    page = client.get(circle.get_absolute_url()).content.decode()
    assert "What is said here stays." in page
    assert "Agenda: Budgets" in page
    # A member is sent back to the circle from the host's forms.
    assert client.get(reverse("circles:agreement", args=[circle.pk])).status_code == 302


def test_the_list_puts_circles_in_my_wanted_areas_first_then_those_with_most_room(
    client: Client,
) -> None:
    make_circle(make_mentor(), title="Other area", areas=("Grant writing",), places=8)
    small = make_circle(make_mentor(), title="Reference, little room", places=3)
    roomy = make_circle(make_mentor(), title="Reference, much room", places=8)
    services.circle_join(circle=small, by=make_mentee().user)
    services.circle_join(circle=roomy, by=make_mentee().user)
    far = make_circle(
        make_mentor(city=city("Toronto", "CA")), title="Far, in person", format="in_person"
    )
    far.refresh_from_db()
    mia = make_mentee(wanted=["Reference services"])
    client.force_login(mia.user)
    page = client.get(reverse("circles:list")).content.decode()
    listed = page[page.index('id="open-circle-list"') :]
    order = [listed.index(title) for title in ["much room", "little room", "Other area"]]
    assert order == sorted(order)
    assert "Far, in person" not in page


def test_a_member_without_a_profile_is_asked_to_make_one_before_starting_a_circle(
    client: Client,
) -> None:
    client.force_login(make_member("new@example.org"))
    response = client.get(reverse("circles:new"))
    assert response["Location"] == reverse("profiles:edit")


def test_after_asking_to_join_the_only_open_circle_the_list_says_no_other_is_open(
    client: Client,
) -> None:
    circle = make_circle(make_mentor(), title="Budget circle", join_policy="approve")
    quinn = make_mentee()
    client.force_login(quinn.user)
    client.post(reverse("circles:join", args=[circle.pk]), {"note": ""})

    page = client.get(reverse("circles:list")).content.decode()

    mine = page[page.index('id="my-circles"') : page.index('id="open-circles"')]
    assert "Budget circle" in mine and "waiting for the host" in mine
    assert "No other circle is open to new members right now." in page
    assert "No circle is open to new members right now." not in page


def test_opening_the_same_circle_twice_opens_one_and_says_so_next_to_the_title(
    client: Client,
) -> None:
    mentor = make_mentor(mentor_capacity=3, expertise=["Grant writing"])
    client.force_login(mentor.user)
    setup = {
        "kind": "mentor",
        "title": "Grant writing circle",
        "description": "Six of us, one application each.",
        "areas": [area("Grant writing").pk],
        "places": 6,
        "rhythm": "monthly",
        "planned_months": 6,
        "format": "video",
        "join_policy": "open",
    }
    first = client.post(reverse("circles:new"), setup)
    second = client.post(reverse("circles:new"), setup)

    circle = Circle.objects.get()
    assert first["Location"] == circle.get_absolute_url()
    assert second.status_code == 200
    form = second.context["form"]
    assert form.errors["title"] == [
        "You already run a circle called “Grant writing circle”: find it under your circles."
    ]
    assert 'value="Grant writing circle"' in second.content.decode()
    mentor.refresh_from_db()
    assert mentor.active_mentee_count == 1


def test_a_title_is_free_again_once_its_circle_has_ended() -> None:
    mentor = make_mentor(mentor_capacity=3)
    services.circle_end(circle=make_circle(mentor, title="Budget circle"), by=mentor.user)
    make_circle(mentor, title="Budget circle")
    assert Circle.objects.filter(title="Budget circle").count() == 2


def test_the_database_refuses_a_second_running_circle_of_the_same_title_and_host() -> None:
    mentor = make_mentor(mentor_capacity=3)
    circle = make_circle(mentor, title="Budget circle")
    with pytest.raises(services.CircleError):
        # As a second request would, past the check that the first had not yet committed.
        services._create_unless_running(
            host=mentor.user, title="budget circle", description=circle.description
        )


def test_a_host_who_lowers_their_places_is_told_their_circle_takes_one(client: Client) -> None:
    from tests.mentorships.helpers import make_active

    host = make_mentor(display_name="Hana", mentor_capacity=3)
    make_circle(host)
    make_active(make_mentee(display_name="Mia"), host)
    client.force_login(host.user)
    response = client.post(
        reverse("profiles:setup", kwargs={"step": 2}),
        {
            "can_mentor": "on",
            "expertise": [area("Reference services").pk],
            "mentor_capacity": 1,
            "accepting_requests": "on",
        },
    )
    page = unescape(response.content.decode())
    # One mentee and one circle: two places, not "two people".
    assert "2 of your places are taken now (each mentee, and each circle you host, takes one)" in (
        page
    )
    assert "You mentor 2 people" not in page
