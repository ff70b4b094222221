from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorships import services
from mentorships.models import Event, Mentorship, Status
from profiles.models import Profile
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import REQUEST, make_active, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentee() -> Profile:
    return make_mentee(display_name="Mia Mentee")


@pytest.fixture
def mentor() -> Profile:
    return make_mentor(display_name="Max Mentor", mentor_capacity=2)


def post_request(client: Client, mentor: Profile, follow: bool = False, **changes: str):
    return client.post(
        reverse("mentorships:request", args=[mentor.pk]), {**REQUEST, **changes}, follow=follow
    )


def test_request_from_the_mentor_page_reaches_the_mentor(
    client: Client, mentee: Profile, mentor: Profile, django_capture_on_commit_callbacks
) -> None:
    client.force_login(mentee.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_request(client, mentor)
    mentorship = Mentorship.objects.get()
    assert response.url == mentorship.get_absolute_url()
    assert mentorship.status == Status.PENDING
    assert [m.to for m in mail.outbox] == [[mentor.user.email]]
    assert mail.outbox[0].subject == "New mentoring request from Mia Mentee"
    assert "Prepare for cataloging interviews." in mail.outbox[0].body


def test_a_fourth_open_request_is_refused_and_what_was_typed_is_kept(
    client: Client, mentee: Profile
) -> None:
    for _ in range(3):
        make_request(mentee, make_mentor())
    fourth = make_mentor()
    client.force_login(mentee.user)
    response = post_request(client, fourth, first_message="Typed with care")
    html = response.content.decode()
    assert response.status_code == 200
    assert "You already have 3 open requests" in html
    assert "Typed with care" in html
    assert Mentorship.objects.count() == 3


def test_sending_the_request_twice_lands_on_the_one_request_without_an_error(
    client: Client, mentee: Profile, mentor: Profile
) -> None:
    client.force_login(mentee.user)
    post_request(client, mentor)
    response = post_request(client, mentor, follow=True)
    html = response.content.decode()
    mentorship = Mentorship.objects.get()
    assert response.redirect_chain[-1][0] == mentorship.get_absolute_url()
    assert "Your request is on its way to Max Mentor." in html
    assert "here is your request" in html
    assert "There is a problem" not in html
    assert "You already have an open request" not in html


def test_a_second_request_sent_while_the_first_is_being_made_lands_on_the_first(
    client: Client, mentee: Profile, mentor: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The two submits passed the page's look for an open request together; the first made
    # it while the second waited for the mentee's lock.
    make_the_request = services.mentorship_request

    def first_one_wins(**kwargs: object) -> Mentorship:
        make_the_request(**kwargs)  # type: ignore[arg-type]
        raise services.MentorshipError("You already have an open request to Max Mentor.")

    client.force_login(mentee.user)
    monkeypatch.setattr(services, "mentorship_request", first_one_wins)
    response = post_request(client, mentor)
    assert response.status_code == 302
    assert response.url == Mentorship.objects.get().get_absolute_url()


def test_the_database_refuses_a_duplicate_open_pair(mentee: Profile, mentor: Profile) -> None:
    make_request(mentee, mentor)
    with pytest.raises(IntegrityError):
        Mentorship.objects.create(mentee=mentee.user, mentor=mentor.user, **REQUEST)


def test_nobody_can_request_themselves(client: Client) -> None:
    both = make_mentor(wants_mentor=True)
    client.force_login(both.user)
    response = post_request(client, both)
    assert "You cannot send a request to yourself." in response.content.decode()
    assert not Mentorship.objects.exists()


def test_full_and_paused_mentors_cannot_be_requested(client: Client, mentee: Profile) -> None:
    full = make_mentor(display_name="Full", mentor_capacity=1)
    make_active(make_mentee(), full)
    paused = make_mentor(display_name="Paused", accepting_requests=False)
    client.force_login(mentee.user)
    assert "Full has no free place" in post_request(client, full).content.decode()
    assert "Paused has paused new requests" in post_request(client, paused).content.decode()
    assert Mentorship.objects.filter(mentee=mentee.user).count() == 0


def test_members_without_a_finished_profile_are_asked_to_finish_it(
    client: Client,
    member,
    mentor: Profile,
) -> None:
    client.force_login(member)
    response = post_request(client, mentor)
    assert "Finish your profile first" in response.content.decode()


def test_mentor_accepts_and_a_place_is_taken(
    client: Client, mentee: Profile, mentor: Profile, django_capture_on_commit_callbacks
) -> None:
    mentorship = make_request(mentee, mentor)
    client.force_login(mentor.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentorships:accept", args=[mentorship.pk]))
    mentorship.refresh_from_db()
    mentor.refresh_from_db()
    assert mentorship.status == Status.ACTIVE
    assert mentor.active_mentee_count == 1
    assert mentorship.agreement.goals == REQUEST["help_wanted"]
    assert mail.outbox[-1].to == [mentee.user.email]
    assert mail.outbox[-1].subject == "Max Mentor accepted your mentoring request"


def test_mentee_cannot_accept_their_own_request(
    client: Client, mentee: Profile, mentor: Profile
) -> None:
    mentorship = make_request(mentee, mentor)
    client.force_login(mentee.user)
    response = client.post(reverse("mentorships:accept", args=[mentorship.pk]), follow=True)
    assert "Only the mentor can accept a request." in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == Status.PENDING


def test_a_withdrawn_request_cannot_be_accepted(
    client: Client, mentee: Profile, mentor: Profile
) -> None:
    mentorship = make_request(mentee, mentor)
    services.mentorship_withdraw(mentorship=mentorship, by=mentee.user)
    client.force_login(mentor.user)
    response = client.post(reverse("mentorships:accept", args=[mentorship.pk]), follow=True)
    assert f"{mentee.display_name} withdrew this request on" in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.active_mentee_count == 0


def test_accepting_when_full_is_refused_and_changes_nothing(client: Client) -> None:
    mentor = make_mentor(mentor_capacity=1)
    waiting = make_request(make_mentee(), mentor)
    make_active(make_mentee(), mentor)
    client.force_login(mentor.user)
    response = client.post(reverse("mentorships:accept", args=[waiting.pk]), follow=True)
    assert "All your places are taken" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.PENDING


def test_decline_with_a_note_and_pause(
    client: Client, mentee: Profile, mentor: Profile, django_capture_on_commit_callbacks
) -> None:
    mentorship = make_request(mentee, mentor)
    client.force_login(mentor.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("mentorships:decline", args=[mentorship.pk]),
            {"note": "My places are full this term.", "pause": "on"},
        )
    mentorship.refresh_from_db()
    mentor.refresh_from_db()
    assert mentorship.status == Status.DECLINED
    assert not mentor.accepting_requests
    # Quoted as every page and email quotes a member's words, in curly quotes.
    assert "Their note: “My places are full this term.”" in mail.outbox[-1].body


def test_after_an_accept_the_mentee_withdraws_the_others_in_one_click(
    client: Client, mentee: Profile, mentor: Profile
) -> None:
    accepted = make_active(mentee, mentor)
    others = [make_request(mentee, make_mentor(display_name=name)) for name in ("Ada", "Cy")]
    client.force_login(mentee.user)
    page = client.get(accepted.get_absolute_url()).content.decode()
    assert "You still have 2 other open requests" in page
    assert "to Ada</a>, sent just now" in page and "to Cy</a>, sent just now" in page
    response = client.post(reverse("mentorships:withdraw_others", args=[accepted.pk]), follow=True)
    assert "You withdrew your requests to Ada and Cy." in response.content.decode()
    assert {m.status for m in Mentorship.objects.filter(pk__in=[o.pk for o in others])} == {
        Status.WITHDRAWN
    }


def test_a_mentee_with_no_other_request_is_not_asked_for_them(
    client: Client, mentee: Profile, mentor: Profile
) -> None:
    accepted = make_active(mentee, mentor)
    client.force_login(mentee.user)
    client.get(accepted.get_absolute_url())  # The first page after signing in saves the session.
    with CaptureQueriesContext(connection) as queries:
        page = client.get(accepted.get_absolute_url()).content.decode()
    assert "other open request" not in page
    # The mentorship says, as it is loaded, that its mentee has no request waiting.
    assert not [query for query in queries if "requested_at" in query["sql"].split("ORDER BY")[-1]]


def test_ending_frees_the_place_and_the_private_reason_stays_private(
    client: Client, mentee: Profile, mentor: Profile
) -> None:
    mentorship = make_active(mentee, mentor)
    client.force_login(mentee.user)
    client.post(
        reverse("mentorships:end", args=[mentorship.pk]),
        {"outcome": "ended_early", "reason": "Our schedules never matched."},
    )
    mentor.refresh_from_db()
    mentorship.refresh_from_db()
    assert mentorship.status == Status.ENDED_EARLY
    assert mentor.active_mentee_count == 0
    assert (
        "Our schedules never matched." in client.get(mentorship.get_absolute_url()).content.decode()
    )
    client.force_login(mentor.user)
    assert (
        "Our schedules never matched."
        not in client.get(mentorship.get_absolute_url()).content.decode()
    )


def test_history_records_each_change_with_time_and_actor(mentee: Profile, mentor: Profile) -> None:
    mentorship = make_active(mentee, mentor)
    services.mentorship_end(mentorship=mentorship, by=mentor.user, completed=True)
    history = [(e.kind, e.actor_id) for e in Event.objects.filter(mentorship=mentorship)]
    assert history == [
        ("requested", mentee.user_id),
        ("accepted", mentor.user_id),
        ("completed", mentor.user_id),
    ]


def test_unanswered_requests_expire_and_the_mentee_gets_suggestions(
    mentee: Profile, mentor: Profile, django_capture_on_commit_callbacks
) -> None:
    import datetime

    from django.utils import timezone

    make_mentor(display_name="Other Option", expertise=["Reference services"])
    mentorship = make_request(mentee, mentor)
    later = timezone.now() + datetime.timedelta(days=14, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_unanswered_requests(now=later) == 1
        assert services.expire_unanswered_requests(now=later) == 0
    mentorship.refresh_from_db()
    assert mentorship.status == Status.EXPIRED
    expired_mails = [m for m in mail.outbox if "expired" in m.subject]
    assert len(expired_mails) == 1
    assert "Other Option" in expired_mails[0].body


def test_the_decline_email_gives_each_suggestion_its_reason_on_a_line_of_its_own(
    mentee: Profile, mentor: Profile, django_capture_on_commit_callbacks
) -> None:
    make_mentor(
        display_name="Zoe Young",
        headline="Retired Subject Librarian",
        expertise=["Reference services"],
    )
    mentorship = make_request(mentee, mentor)
    with django_capture_on_commit_callbacks(execute=True):
        services.mentorship_decline(mentorship=mentorship, by=mentor.user, note="")
    [declined] = [m for m in mail.outbox if m.to == [mentee.user.email]]
    html = str(declined.alternatives[0][0])  # type: ignore[attr-defined]
    for body in (declined.body, html):
        assert "Zoe Young" in body and "Covers: Reference services" in body
        assert ": Covers:" not in body


def test_a_pending_request_is_titled_as_a_request_not_a_mentorship(
    client: Client, mentee: Profile, mentor: Profile
) -> None:
    mentorship = make_request(mentee, mentor)
    client.force_login(mentee.user)
    assert (
        "Your request to Max Mentor" in client.get(mentorship.get_absolute_url()).content.decode()
    )
    client.force_login(mentor.user)
    assert "Request from Mia Mentee" in client.get(mentorship.get_absolute_url()).content.decode()
    services.mentorship_accept(mentorship=mentorship, by=mentor.user)
    assert "Your mentee: Mia Mentee" in client.get(mentorship.get_absolute_url()).content.decode()


def test_a_waiting_request_reads_to_the_mentor_as_waiting_for_their_own_answer(
    client: Client, mentee: Profile, mentor: Profile
) -> None:
    mentorship = make_request(mentee, mentor)
    client.force_login(mentor.user)
    for url in [mentorship.get_absolute_url(), reverse("mentorships:list")]:
        page = client.get(url).content.decode()
        assert "Waiting for your answer" in page
        assert "Waiting for the mentor" not in page
    client.force_login(mentee.user)
    assert "Waiting for the mentor&#x27;s answer" in (
        client.get(mentorship.get_absolute_url()).content.decode()
    )
    services.mentorship_withdraw(mentorship=mentorship, by=mentee.user)
    assert "Withdrawn by you" in client.get(reverse("mentorships:list")).content.decode()
    client.force_login(mentor.user)
    assert "Withdrawn by the mentee" in client.get(reverse("mentorships:list")).content.decode()
