"""The request form: where asking again leads, a refusal said once, the draft, and the mentor's
email that carries what they need to decide."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.urls import reverse

from mentorships import services
from mentorships.models import Mentorship
from mentorships.views import request_draft
from profiles.models import Profile, User
from tests.profiles.factories import city, library_type, make_mentee, make_mentor, stage

from .helpers import REQUEST, make_active, make_request

pytestmark = pytest.mark.django_db

FORM = '<form method="post"'


@pytest.fixture
def mentee() -> Profile:
    return make_mentee(
        display_name="Mia Mentee",
        headline="Library Technician",
        workplace="Toronto Public Library",
        city=city("Toronto", "CA"),
        wanted=["Cataloging (original and copy)", "Acquisitions"],
        help_wanted="Becoming a cataloger",
    )


def request_page(client: Client, mentor: Profile) -> Any:
    return client.get(reverse("mentorships:request", args=[mentor.pk]))


def test_asking_a_mentor_again_goes_to_the_request_already_open(
    client: Client, mentee: Profile, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2026, 12, 3, 15, 0, tzinfo=datetime.UTC), tick=False)
    mentor = make_mentor(display_name="Max")
    request = make_request(mentee, mentor)
    client.force_login(mentee.user)
    response = request_page(client, mentor)
    assert response.status_code == 302
    assert response.url == request.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "You asked Max on 3 December; here is your request." in page


def test_asking_ones_own_mentor_goes_to_the_mentorship(client: Client, mentee: Profile) -> None:
    mentor = make_mentor(display_name="Max", mentor_capacity=3)
    mentorship = make_active(mentee, mentor)
    client.force_login(mentee.user)
    response = request_page(client, mentor)
    assert response.url == mentorship.get_absolute_url()
    assert "Max is already your mentor." in client.get(response.url).content.decode()


def test_a_full_mentor_is_said_once_with_mentors_to_ask_instead_and_no_form(
    client: Client, mentee: Profile
) -> None:
    full = make_mentor(
        display_name="Rosa", mentor_capacity=1, expertise=["Cataloging (original and copy)"]
    )
    make_active(make_mentee(), full)
    make_mentor(display_name="Vic", expertise=["Cataloging (original and copy)"])
    client.force_login(mentee.user)
    page = request_page(client, full).content.decode()
    assert FORM not in page
    assert page.count("Rosa is full for now") == 1
    assert "has no free place" not in page
    assert '<a href="/members/' in page and ">Vic</a>" in page
    assert "See more mentors accepting requests in Rosa’s areas" in page


def test_a_paused_mentor_is_said_once_with_a_link_to_search(
    client: Client, mentee: Profile
) -> None:
    paused = make_mentor(display_name="Pat", accepting_requests=False)
    client.force_login(mentee.user)
    page = request_page(client, paused).content.decode()
    assert FORM not in page
    assert page.count("Pat has paused new requests") == 1
    assert "alert-warning" not in page
    assert "Search for mentors accepting requests in Pat’s areas" in page


def test_an_unfinished_profile_is_told_once_with_a_link_to_finish_it(client: Client) -> None:
    mentor = make_mentor(display_name="Max")
    unfinished = make_mentee(completed_at=None)
    client.force_login(unfinished.user)
    page = request_page(client, mentor).content.decode()
    assert FORM not in page
    assert page.count("Finish your profile first") == 1
    assert f'href="{reverse("profiles:setup", kwargs={"step": 1})}"' in page


def test_a_refusal_found_on_sending_is_shown_once_above_what_was_typed(
    client: Client, mentee: Profile
) -> None:
    mentor = make_mentor(display_name="Max", mentor_capacity=1)
    client.force_login(mentee.user)
    assert FORM in request_page(client, mentor).content.decode()
    # Someone else takes the last place while Mia writes.
    make_active(make_mentee(), mentor)

    response = client.post(
        reverse("mentorships:request", args=[mentor.pk]),
        {**REQUEST, "first_message": "Typed with care"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Max has no free place right now") == 1
    assert "Typed with care" in page
    assert not Mentorship.objects.filter(mentee=mentee.user).exists()


def test_the_draft_names_the_shared_areas_and_the_mentees_own_goals(mentee: Profile) -> None:
    mentor = make_mentor(
        display_name="Morgan",
        headline="Metadata Specialist",
        expertise=["Cataloging (original and copy)", "Reference services"],
    )
    draft = request_draft(mentee, mentor)
    assert draft["help_wanted"] == (
        "Becoming a cataloger. The areas I want to grow in: "
        "Acquisitions and Cataloging (original and copy)."
    )
    assert draft["why_this_mentor"].startswith(
        "You mentor in Cataloging (original and copy), which is what I most want to learn."
    )
    assert "Metadata Specialist" not in draft["why_this_mentor"]
    assert "Becoming a cataloger." in draft["first_message"]
    assert "Library Technician at Toronto Public Library" in draft["first_message"]


def test_a_mentor_sharing_no_wanted_area_is_not_told_their_other_areas_are_the_reason(
    mentee: Profile,
) -> None:
    mentor = make_mentor(headline="Metadata Specialist", expertise=["Reference services"])
    draft = request_draft(mentee, mentor)
    assert "Reference services" not in draft["why_this_mentor"]
    assert "is why I am asking you" not in draft["why_this_mentor"]
    assert "Reference services" not in draft["first_message"]
    assert "I would be glad to learn from your experience" not in draft["first_message"]
    # What the mentee wants stays in their own words and areas.
    assert "Acquisitions and Cataloging (original and copy)" in draft["help_wanted"]


def test_a_mentor_sharing_no_wanted_area_is_asked_for_what_they_do_share(
    client: Client, mentee: Profile
) -> None:
    Profile.objects.filter(pk=mentee.pk).update(library_type=library_type("Public"))
    mentor = make_mentor(
        display_name="Rosa", expertise=["Reference services"], library_type=library_type("Public")
    )
    client.force_login(mentee.user)
    page = request_page(client, mentor).content.decode()
    assert "we work in the same kind of library (Public)." in page
    assert "is why I am asking you" not in page
    assert "your experience in Reference services" not in page


def test_drafts_to_two_mentors_differ_where_their_match_does(mentee: Profile) -> None:
    Profile.objects.filter(pk=mentee.pk).update(
        career_stage=stage("Early career (under 5 years)"),
        library_type=library_type("Public"),
        meeting_formats=["video", "in_person"],
    )
    mentee.refresh_from_db()
    cataloger = make_mentor(
        expertise=["Cataloging (original and copy)"],
        career_stage=stage("Mid-career (5-15 years)"),
        library_type=library_type("Public"),
        city=city("Hamilton", "CA"),
        meeting_formats=["in_person"],
    )
    buyer = make_mentor(expertise=["Acquisitions"], city=city("Vancouver", "CA"))
    to_cataloger = request_draft(mentee, cataloger)
    to_buyer = request_draft(mentee, buyer)

    assert to_cataloger["why_this_mentor"] != to_buyer["why_this_mentor"]
    assert to_cataloger["first_message"] != to_buyer["first_message"]
    assert "Cataloging (original and copy)" in to_cataloger["why_this_mentor"]
    assert "we work in the same kind of library (Public)" in to_cataloger["why_this_mentor"]
    assert "near enough to meet in person" in to_cataloger["why_this_mentor"]
    assert to_cataloger["preferred_format"] == "in_person"
    assert "Acquisitions" in to_buyer["why_this_mentor"]
    assert "in person" not in to_buyer["why_this_mentor"]
    assert to_buyer["preferred_format"] == "video"


def offered_ways_to_meet(page: str) -> list[str]:
    select = re.search(r'<select name="preferred_format".*?</select>', page, re.S)
    assert select is not None
    return re.findall(r'<option value="[^"]*"[^>]*>([^<]*)</option>', select.group(0))


def test_the_form_offers_only_the_ways_the_mentor_meets(client: Client, mentee: Profile) -> None:
    mentor = make_mentor(meeting_formats=["email_chat", "video"], city=city("Toronto", "CA"))
    client.force_login(mentee.user)
    assert offered_ways_to_meet(request_page(client, mentor).content.decode()) == [
        "Video call",
        "Email or chat",
    ]
    response = client.post(
        reverse("mentorships:request", args=[mentor.pk]), {**REQUEST, "preferred_format": "phone"}
    )
    assert response.status_code == 200
    assert not Mentorship.objects.exists()


def test_in_person_is_offered_only_by_a_mentor_near_enough(client: Client, mentee: Profile) -> None:
    near = make_mentor(meeting_formats=["in_person", "video"], city=city("Hamilton", "CA"))
    far = make_mentor(meeting_formats=["in_person", "video"], city=city("Vancouver", "CA"))
    client.force_login(mentee.user)
    assert "In person" in offered_ways_to_meet(request_page(client, near).content.decode())
    assert offered_ways_to_meet(request_page(client, far).content.decode()) == ["Video call"]


def test_the_form_starts_from_the_draft(client: Client, mentee: Profile) -> None:
    mentor = make_mentor(expertise=["Acquisitions"])
    client.force_login(mentee.user)
    page = request_page(client, mentor).content.decode()
    assert FORM in page
    assert "You mentor in Acquisitions, which is what I most want to learn." in page


def test_the_mentors_email_carries_what_they_need_to_decide(
    mentee: Profile, django_capture_on_commit_callbacks: Any, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2026, 12, 3, 15, 0, tzinfo=datetime.UTC), tick=False)
    Profile.objects.filter(pk=mentee.pk).update(career_stage=stage("Early career (under 5 years)"))
    mentor = make_mentor(
        display_name="Max",
        expertise=["Acquisitions", "Reference services"],
        city=city("Chicago"),
        time_zone="America/Chicago",
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_request(
            mentee,
            mentor,
            preferred_format="phone",
            preferred_rhythm="every_two_weeks",
            first_message="Hello Max, I run our acquisitions desk.",
        )

    [email] = mail.outbox
    assert isinstance(email, EmailMultiAlternatives)
    html = str(email.alternatives[0][0])
    for part in (str(email.body), html):
        text = re.sub(r"<[^>]+>", " ", part)
        text = " ".join(text.replace("&#x27;", "'").split())
        text = re.sub(r" ([,.:])", r"\1", text)  # where a closing tag stood before a comma
        assert "Library Technician, Toronto Public Library" in text
        assert "Early career (under 5 years)" in text
        assert "Toronto, Ontario, CA" in text
        assert "Phone, every two weeks" in text
        assert "Hello Max, I run our acquisitions desk." in text
        assert "Acquisitions" in text and "Reference services" not in text
        assert "Please answer by Thursday 17 December 2026" in text
        assert "Prepare for cataloging interviews." in text  # what they'd like help with


def test_a_request_still_goes_through_after_the_draft(
    client: Client, mentee: Profile, django_capture_on_commit_callbacks: Any
) -> None:
    mentor = make_mentor(display_name="Max", expertise=["Acquisitions"])
    client.force_login(mentee.user)
    draft = request_draft(mentee, mentor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mentorships:request", args=[mentor.pk]),
            {**draft, "preferred_rhythm": "monthly"},
        )
    mentorship = Mentorship.objects.get(mentee=mentee.user)
    assert response["Location"] == mentorship.get_absolute_url()
    assert mentorship.why_this_mentor == draft["why_this_mentor"]
    assert services.open_requests_of(mentee.user) == 1


def test_the_mentors_email_names_no_areas_when_they_share_none(
    mentee: Profile, django_capture_on_commit_callbacks: Any
) -> None:
    mentor = make_mentor(display_name="Max", expertise=["Reference services"])
    with django_capture_on_commit_callbacks(execute=True):
        make_request(mentee, mentor)

    [email] = mail.outbox
    assert isinstance(email, EmailMultiAlternatives)
    for part in (str(email.body), str(email.alternatives[0][0])):
        assert "Areas of yours" not in part
        assert "none of the areas" not in part.lower()
        assert "Would like to meet" in part


def test_the_request_offers_no_other_rhythm_it_could_not_describe(
    client: Client, mentee: Profile
) -> None:
    mentor = make_mentor(display_name="Max")
    client.force_login(mentee.user)
    page = request_page(client, mentor).content.decode()
    assert "Something else" not in page
    assert "you agree the rhythm together, in your own words" in page
    response = client.post(
        reverse("mentorships:request", args=[mentor.pk]),
        {**REQUEST, "preferred_rhythm": "custom", "first_message": "Typed with care"},
    )
    assert "Select a valid choice" in response.content.decode()
    assert "Typed with care" in response.content.decode()
    assert not Mentorship.objects.exists()


def test_a_request_sent_with_another_rhythm_reads_as_one_to_agree(
    client: Client, mentee: Profile
) -> None:
    mentor = make_mentor(display_name="Max")
    mentorship = make_request(mentee, mentor, preferred_rhythm="custom")
    client.force_login(mentor.user)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "Video call, a rhythm to agree together" in page
    assert "something else" not in page.lower()


@pytest.mark.parametrize(
    ("language", "asks", "meet", "gendered"),
    [
        ("en", "Mia Mentee would like you to mentor them.", "Would like to meet", []),
        (
            "fr",
            "Mia Mentee aimerait bénéficier de votre mentorat.",
            "Rencontres souhaitées",
            ["son mentor", "them", "Aimerait se rencontrer"],
        ),
        (
            "es",
            "A Mia Mentee le gustaría contar con tu mentoría.",
            "Le gustaría reunirse",
            ["su mentor", "them"],
        ),
    ],
)
def test_the_mentors_email_asks_in_their_language_without_guessing_their_gender(
    mentee: Profile,
    django_capture_on_commit_callbacks: Any,
    language: str,
    asks: str,
    meet: str,
    gendered: list[str],
) -> None:
    mentor = make_mentor(display_name="Max")
    User.objects.filter(pk=mentor.user_id).update(language=language)
    with django_capture_on_commit_callbacks(execute=True):
        make_request(mentee, mentor)

    [email] = mail.outbox
    assert isinstance(email, EmailMultiAlternatives)
    for part in (str(email.body), str(email.alternatives[0][0])):
        assert asks in part
        assert meet in part
        for words in gendered:
            assert not re.search(rf"\b{words}\b", part), words
