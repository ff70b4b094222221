"""Download my data and Delete my account: what the member gets, what the other people see
afterwards, and what the FAQ promises."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from feedback import services as feedback_services
from feedback.models import Feedback
from mentorconnect import privacy
from mentorconnect.outbox.models import Reminder
from mentorships import emails as mentorship_emails
from mentorships import services
from mentorships.circles import services as circle_services
from mentorships.circles.models import (
    Circle,
    CircleMeeting,
    CircleMeetingStatus,
    CircleMembership,
    MembershipStatus,
)
from mentorships.models import Agreement, Event, EventKind, Meeting, Mentorship, PlanItem, Status
from profiles.models import Profile, User
from programs.models import SavedProgram
from tests.circles.helpers import make_circle
from tests.conftest import PASSWORD
from tests.mentorships.helpers import make_active, make_request
from tests.profiles.factories import make_mentee, make_mentor
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db

FROM_MIA = "From the mentee: the reading list was perfect."
FROM_MAX = "From the mentor: your interview answers are much sharper."


def send(mentorship: Mentorship, author: User, text: str) -> Feedback:
    return feedback_services.feedback_send(
        mentorship=mentorship, by=author, kind="suggestion", text=text, rating=4
    )


@pytest.fixture
def mia() -> dict[str, Any]:
    """Mia, a mentee with an active mentorship (agreement, meeting, plan, feedback both ways),
    an open request to a second mentor, a past mentorship that the mentor ended with a private
    reason, a saved program, a reminder and a reminder kind turned off."""
    mia = make_mentee(
        email="mia@example.org",
        display_name="Mia Chen",
        pronouns="she/her",
        contact_phone="+1 416 555 0101",
        contact_linkedin="https://www.linkedin.com/in/mia-chen",
        help_wanted="Moving into reference work.",
    )
    max_ = make_mentor(
        email="max@example.org",
        display_name="Max Ortiz",
        contact_email="max.private@example.org",
        contact_phone="+1 312 555 0199",
    )
    sam = make_mentor(email="sam@example.org", display_name="Sam Okafor")
    ada = make_mentor(email="ada@example.org", display_name="Ada Byrne")

    active = make_active(mia, max_)
    services.meeting_propose(
        mentorship=active,
        by=mia.user,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        duration_minutes=45,
        format="video",
        place_or_link="https://meet.example.org/mia-max",
        agenda="Agenda: mock interview.",
    )
    services.plan_item_add(mentorship=active, by=max_.user, kind="goal", text="Shadow a shift.")
    send(active, mia.user, FROM_MIA)
    send(active, max_.user, FROM_MAX)

    past = make_active(mia, ada)
    services.mentorship_end(
        mentorship=past, by=ada.user, completed=False, reason="Ada's private reason."
    )
    pending = make_request(mia, sam, first_message="Hello Sam, I am Mia Chen.")
    # Sam also hosts a circle Mia belongs to, with a meeting she said she will come to.
    circle = make_circle(sam, title="Reference desk circle")
    circle_services.circle_join(circle=circle, by=mia.user, note="Mia's note to the circle.")
    circle_meeting = circle_services.meeting_propose(
        circle=circle, by=sam.user, starts_at=timezone.now() + datetime.timedelta(days=6)
    )
    circle_services.meeting_rsvp(meeting=circle_meeting, by=mia.user, coming=True)
    circle_services.plan_item_add(circle=circle, by=mia.user, text="Read the RUSA guidelines")
    circle_services.feedback_send(circle=circle, member=mia.user, by=sam.user, text="Sam to Mia.")

    program = make_program("Career Mentoring Program")
    SavedProgram.objects.create(user=mia.user, program=program)
    Reminder.objects.create(
        recipient=mia.user,
        kind="check_in_due",
        subject=f"mentorship:{active.pk}",
        period="since-2026-01-01",
        due_at=timezone.now(),
    )
    User.objects.filter(pk=mia.user.pk).update(reminders_off=["no_request_yet"])
    return {
        "mia": mia,
        "max": max_,
        "sam": sam,
        "ada": ada,
        "active": active,
        "past": past,
        "pending": pending,
    }


def reauthenticate(client: Client) -> None:
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def download(client: Client) -> dict[str, Any]:
    response = client.get(reverse("export_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


# Download my data


def test_my_data_holds_my_account_profile_mentorships_feedback_programs_and_reminders(
    client: Client, mia: dict[str, Any]
) -> None:
    client.force_login(mia["mia"].user)
    data = download(client)

    assert data["account"]["email"] == "mia@example.org"
    assert data["account"]["email_addresses"] == [
        {"email": "mia@example.org", "verified": True, "primary": True}
    ]
    profile = data["profile"]
    assert profile["display_name"] == "Mia Chen"
    assert profile["pronouns"] == "she/her"
    assert profile["help_wanted"] == "Moving into reference work."
    assert profile["areas_wanted"] == ["Reference services"]
    assert profile["contact"]["phone"] == "+1 416 555 0101"
    assert profile["city"].startswith("Chicago")

    by_id = {entry["id"]: entry for entry in data["mentorships_and_requests"]}
    assert set(by_id) == {mia["active"].pk, mia["past"].pk, mia["pending"].pk}
    active = by_id[mia["active"].pk]
    assert active["with"] == "Max Ortiz"
    assert active["you_are"] == "mentee"
    assert active["agreement"]["goals"] == "Prepare for cataloging interviews."
    assert active["meetings"][0]["agenda"] == "Agenda: mock interview."
    assert active["meetings"][0]["proposed_by"] == "you"
    assert active["plan"][0] == {
        **active["plan"][0],
        "text": "Shadow a shift.",
        "added_by": "the other person",
    }
    assert [event["what"] for event in active["history"]][:2] == [
        "requested a mentorship",
        "accepted the request",
    ]
    assert active["history"][0]["because_they_left_mentorconnect"] is False
    assert "starts_on" in active and "planned_end_on" in active["agreement"]
    assert by_id[mia["pending"].pk]["first_message"] == "Hello Sam, I am Mia Chen."
    assert by_id[mia["pending"].pk]["status"] == "Waiting for the mentor's answer"

    assert [entry["text"] for entry in data["feedback_you_wrote"]] == [FROM_MIA]
    assert [entry["text"] for entry in data["feedback_you_received"]] == [FROM_MAX]
    assert data["saved_programs"][0]["name"] == "Career Mentoring Program"
    assert data["reminder_emails"]["turned_off"] == [
        "Suggestions when you have not asked a mentor yet"
    ]
    assert data["reminder_emails"]["sent_or_planned"][0]["kind"] == (
        "Check-ins due in your mentorships"
    )


def test_my_data_leaves_out_what_is_private_to_other_people(
    client: Client, mia: dict[str, Any]
) -> None:
    # Max's feedback to another mentee, and his contact details, are not Mia's to download.
    other_mentee = make_mentee(email="noor@example.org", display_name="Noor")
    elsewhere = make_active(other_mentee, mia["max"])
    send(elsewhere, mia["max"].user, "SENTINEL for Noor only")
    client.force_login(mia["mia"].user)
    body = client.get(reverse("export_data")).content.decode()

    for private in [
        "SENTINEL for Noor only",
        "max.private@example.org",
        "max@example.org",
        "+1 312 555 0199",
        "Ada's private reason.",
        "Noor",
    ]:
        assert private not in body, private
    past = next(
        entry
        for entry in json.loads(body)["mentorships_and_requests"]
        if entry["id"] == mia["past"].pk
    )
    assert past["ended_by"] == "the other person"
    assert past["your_reason_for_ending"] is None


def test_the_person_who_ended_finds_their_private_reason_in_their_data(
    client: Client, mia: dict[str, Any]
) -> None:
    client.force_login(mia["ada"].user)
    data = download(client)
    (past,) = data["mentorships_and_requests"]
    assert past["your_reason_for_ending"] == "Ada's private reason."
    assert past["with"] == "Mia Chen"
    assert data["feedback_you_wrote"] == [] and data["feedback_you_received"] == []


def test_a_member_without_a_profile_downloads_their_account(client: Client) -> None:
    from tests.conftest import make_member

    client.force_login(make_member("new@example.org"))
    data = download(client)
    assert data["account"]["email"] == "new@example.org"
    assert data["profile"] is None
    assert data["mentorships_and_requests"] == []


def test_the_privacy_page_is_linked_from_the_account_menu(
    client: Client, mia: dict[str, Any]
) -> None:
    client.force_login(mia["mia"].user)
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("privacy") in html
    page = client.get(reverse("privacy")).content.decode()
    assert reverse("export_data") in page
    assert reverse("delete_account") in page


# Delete my account


def test_deleting_asks_for_the_password_first(client: Client, mia: dict[str, Any]) -> None:
    client.force_login(mia["mia"].user)
    for response in (
        client.get(reverse("delete_account")),
        client.post(reverse("delete_account")),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(email="mia@example.org").exists()


def test_a_wrong_password_deletes_nothing(client: Client, mia: dict[str, Any]) -> None:
    client.force_login(mia["mia"].user)
    client.post(reverse("delete_account"))
    response = client.post(reverse("account_reauthenticate"), {"password": "not-my-password"})
    assert response.status_code == 200
    assert "incorrect" in response.content.decode().lower()
    assert User.objects.filter(email="mia@example.org").exists()


def test_the_confirmation_says_exactly_what_will_happen(
    client: Client, mia: dict[str, Any]
) -> None:
    requester = make_mentee(email="riley@example.org", display_name="Riley Park")
    Profile.objects.filter(pk=mia["mia"].pk).update(can_mentor=True, mentor_capacity=2)
    make_request(requester, Profile.objects.get(pk=mia["mia"].pk))
    client.force_login(mia["mia"].user)
    reauthenticate(client)
    html = " ".join(client.get(reverse("delete_account")).content.decode().split())

    assert "Your open request to Sam Okafor is withdrawn, and they get an email." in html
    assert "The request from Riley Park waiting for your answer is declined" in html
    assert "Your mentorship with Max Ortiz ends early, and they get an email." in html
    assert "you are shown as “former member”" in html
    assert "mentees can no longer find you in search or ask you" in html
    assert "This cannot be undone." in html
    assert User.objects.filter(email="mia@example.org").exists()


def test_deleting_closes_what_is_open_tells_the_others_and_removes_my_account(
    client: Client, mia: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(mia["mia"].user)
    other_session = Client()
    other_session.force_login(mia["mia"].user)
    reauthenticate(client)
    max_free_before = Profile.objects.get(pk=mia["max"].pk).free_places

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("delete_account"), follow=True)

    assert "Your account is deleted and you are signed out." in response.content.decode()
    assert not response.context["user"].is_authenticated
    assert not User.objects.filter(email="mia@example.org").exists()
    assert not EmailAddress.objects.filter(email="mia@example.org").exists()
    assert not Profile.objects.filter(display_name="Mia Chen").exists()
    assert not SavedProgram.objects.exists()
    assert not Reminder.objects.filter(period="since-2026-01-01").exists()
    # Signed out everywhere: the other browser's session no longer belongs to anyone.
    assert other_session.get(reverse("dashboard")).status_code == 302

    active, pending = (Mentorship.objects.get(pk=mia[key].pk) for key in ("active", "pending"))
    assert active.status == Status.ENDED_EARLY and active.mentee is None
    assert pending.status == Status.WITHDRAWN
    assert Profile.objects.get(pk=mia["max"].pk).free_places == max_free_before + 1

    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {"max@example.org", "sam@example.org"}
    assert told["max@example.org"].subject == "Your mentee has left MentorConnect"
    assert "has left MentorConnect, so the mentorship has ended" in (told["max@example.org"].body)
    assert "so their request is withdrawn" in told["sam@example.org"].body
    for message in told.values():
        assert "Mia" not in message.subject and "Mia" not in message.body
        assert isinstance(message, EmailMultiAlternatives), "every email has an HTML part"
        assert message.alternatives, "every email has an HTML part"


def test_the_other_person_keeps_the_history_and_feedback_and_sees_a_former_member(
    client: Client, mia: dict[str, Any]
) -> None:
    privacy.account_delete(user=mia["mia"].user)
    active = mia["active"]
    client.force_login(mia["max"].user)

    pages = {
        "mentorship": client.get(active.get_absolute_url()),
        "feedback": client.get(reverse("feedback:archive", args=[active.pk])),
        "list": client.get(reverse("mentorships:list")),
        "dashboard": client.get(reverse("dashboard")),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert "Mia" not in response.content.decode(), name
    assert "Your mentee: former member" in pages["mentorship"].content.decode()
    assert "Shadow a shift." in pages["mentorship"].content.decode()
    assert "A former member left MentorConnect, so the mentorship ended" in (
        pages["mentorship"].content.decode()
    )
    assert "A former member ended the mentorship early" not in pages["mentorship"].content.decode()
    feedback = pages["feedback"].content.decode()
    assert FROM_MIA in feedback and FROM_MAX in feedback and "Former member" in feedback
    assert "Former member" in pages["list"].content.decode()


def test_the_one_left_is_not_invited_to_write_feedback_nobody_can_read(
    client: Client, mia: dict[str, Any]
) -> None:
    from feedback import reminders

    privacy.account_delete(user=mia["mia"].user)
    client.force_login(mia["max"].user)
    assert "Feedback time" not in client.get(reverse("dashboard")).content.decode()
    reminders.plan_feedback_prompts(timezone.now() + datetime.timedelta(days=1))
    assert not Reminder.objects.filter(kind="feedback_prompt").exists()


def test_the_request_wording_does_not_survive_in_an_unchanged_agreement(
    client: Client, mia: dict[str, Any]
) -> None:
    active = mia["active"]
    wording = active.help_wanted
    assert Agreement.objects.get(mentorship=active).goals == wording
    client.force_login(mia["mia"].user)
    reauthenticate(client)
    client.post(reverse("delete_account"))
    assert Agreement.objects.get(mentorship=active).goals == ""
    assert not Agreement.objects.filter(goals__contains=wording).exists()


def test_a_deleted_mentor_leaves_search_and_their_mentees_are_told(
    client: Client, mia: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        privacy.account_delete(user=mia["sam"].user)
    assert Mentorship.objects.get(pk=mia["pending"].pk).status == Status.DECLINED
    (message,) = mail.outbox
    assert message.to == ["mia@example.org"]
    assert message.subject == "About your mentoring request: the mentor has left MentorConnect"
    client.force_login(mia["mia"].user)
    assert "Sam Okafor" not in client.get(reverse("profiles:find_mentor")).content.decode()
    assert "Max Ortiz" in client.get(reverse("profiles:find_mentor")).content.decode()


def test_what_only_the_leaver_could_read_is_erased(mia: dict[str, Any]) -> None:
    # Ada's reason for ending was for her eyes only.
    privacy.account_delete(user=mia["ada"].user)
    assert Mentorship.objects.get(pk=mia["past"].pk).end_reason == ""
    # Mia's request wording is shown to nobody once it is closed, and it names her.
    privacy.account_delete(user=mia["mia"].user)
    pending = Mentorship.objects.get(pk=mia["pending"].pk)
    assert (pending.first_message, pending.help_wanted, pending.why_this_mentor) == ("", "", "")


def test_a_mentorship_nobody_can_open_any_more_keeps_only_states_and_dates(
    mia: dict[str, Any],
) -> None:
    active = mia["active"]
    privacy.account_delete(user=mia["max"].user)
    assert Feedback.objects.filter(mentorship=active).count() == 2  # still Mia's to read
    privacy.account_delete(user=mia["mia"].user)

    active.refresh_from_db()
    assert (active.mentee, active.mentor, active.status) == (None, None, Status.ENDED_EARLY)
    assert active.ended_at is not None
    assert not Feedback.objects.filter(mentorship=active).exists()
    assert not PlanItem.objects.filter(mentorship=active).exists()
    assert not Meeting.objects.filter(mentorship=active).exists()
    assert not hasattr(Mentorship.objects.get(pk=active.pk), "agreement")


def test_my_data_includes_my_place_on_the_waiting_list(client: Client) -> None:
    from mentorships.models import WaitingListEntry
    from tests.profiles.factories import area

    noor = make_mentee(email="noor@example.org", display_name="Noor")
    entry = WaitingListEntry.objects.create(mentee=noor.user)
    entry.areas.set([area("Reference services")])
    client.force_login(noor.user)
    (waiting,) = download(client)["waiting_list"]
    assert waiting["status"] == "Waiting"
    assert waiting["areas"] == ["Reference services"]


def test_my_data_includes_my_association_membership_and_linked_account(client: Client) -> None:
    from allauth.socialaccount.models import SocialAccount

    from profiles.models import Membership

    ada = make_mentee(email="ada@example.org", display_name="Ada")
    Membership.objects.create(
        user=ada.user, status="active", units=["ACRL", "NMRT"], seen_at=timezone.now()
    )
    SocialAccount.objects.create(user=ada.user, provider="association", uid="member-42")
    client.force_login(ada.user)
    data = download(client)
    assert data["association_membership"]["status"] == "active"
    assert data["association_membership"]["units"] == ["ACRL", "NMRT"]
    [account] = data["account"]["association_accounts"]
    assert (account["provider"], account["uid"]) == ("association", "member-42")
    assert set(account) == {"provider", "uid", "linked_at"}  # never a token


# Every table that points at a member, and where it is in their data. A new one fails here
# until someone decides whether it belongs in "Download my data".
IN_THE_EXPORT = {
    "account.EmailAddress.user": "account.email_addresses",
    "socialaccount.SocialAccount.user": "account.association_accounts",
    "profiles.Membership.user": "association_membership",
    "profiles.User_groups.user": "account.staff_groups",
    "profiles.Profile.user": "profile",
    "mentorships.Mentorship.mentee": "mentorships_and_requests",
    "mentorships.Mentorship.mentor": "mentorships_and_requests",
    "mentorships.Mentorship.ended_by": "mentorships_and_requests[].ended_by",
    "mentorships.Agreement.revised_by": "mentorships_and_requests[].agreement",
    "mentorships.Meeting.proposed_by": "mentorships_and_requests[].meetings",
    "mentorships.PlanItem.created_by": "mentorships_and_requests[].plan",
    "mentorships.Event.actor": "mentorships_and_requests[].history",
    "outbox.Reminder.recipient": "reminder_emails.sent_or_planned",
    "mentorships.WaitingListEntry.mentee": "waiting_list",
    "feedback.Feedback.author": "feedback_you_wrote",
    "feedback.Feedback.recipient": "feedback_you_received",
    "programs.SavedProgram.user": "saved_programs",
    "cohorts.Application.applicant": "program_applications",
    "cohorts.Coordinator.user": "programs_you_coordinate",
    "cohorts.SurveyResponse.respondent": "program_surveys_you_answered",
    "circles.Circle.host": "circles",
    "circles.Circle.convener": "circles",
    "circles.CircleMembership.member": "circles[].your_memberships",
    "circles.CircleMeeting.proposed_by": "circles[].meetings",
    "circles.CircleRsvp.member": "circles[].meetings[].your_answer",
    "circles.CircleEvent.actor": "circles[].history",
    "circles.CircleEvent.member": "circles[].history[].about",
    "circles.CirclePlanItem.added_by": "circles[].plan",
    "circles.CirclePlanItem.done_by": "circles[].plan",
    "circles.CircleFeedback.member": "circles[].private_feedback",
    "circles.CircleFeedback.author": "circles[].private_feedback",
}
NOT_IN_THE_EXPORT = {
    # Records of staff work for the association, not about the staff member as a member.
    "admin.LogEntry.user": "the admin's log of staff edits",
    "profiles.User_user_permissions.user": "staff permissions (the groups are exported)",
    "profiles.RecruitmentCampaign.created_by": "staff's recruitment campaigns",
    "programs.Program.reviewed_by": "the curator who last reviewed a program",
    "feedback.LegalDisclosure.first_staff": "the staff who authorised a disclosure",
    "feedback.LegalDisclosure.second_staff": "the staff who authorised a disclosure",
    # The mentee's record of which mentor they were told about, not the mentor's.
    "mentorships.WaitingListEntry.offered_mentor": "the waiting mentee's data",
    # Never shown to the excluded person: it is the applicant's data (program_applications).
    "cohorts.Exclusion.excluded_user": "the excluding applicant's data, never the excluded's",
    "cohorts.Cohort.published_by": "the coordinator who published a round (staff work)",
    # Remade every few minutes from the profiles: a hint for the dashboard, not a record.
    "mentorships.PlannedMatch.mentee": "the matching plan, remade from profiles",
    "mentorships.PlannedMatch.mentor": "the matching plan, remade from profiles",
}


def test_every_table_about_a_member_is_in_their_data_or_explained() -> None:
    from django.apps import apps

    pointing_at_members = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is User
    }
    decided = set(IN_THE_EXPORT) | set(NOT_IN_THE_EXPORT)
    assert pointing_at_members - decided == set(), (
        "Decide whether these belong in Download my data (mentorconnect/privacy.py), then list "
        "them in IN_THE_EXPORT or NOT_IN_THE_EXPORT here"
    )
    assert decided - pointing_at_members == set(), "these no longer point at members"


def test_downloading_my_data_takes_the_same_queries_however_much_there_is(
    client: Client, mia: dict[str, Any]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(user: User) -> int:
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("export_data")).status_code == 200
        return len(queries)

    little = queries_for(mia["sam"].user)  # one request, nothing in it
    much = queries_for(mia["mia"].user)  # three mentorships, feedback, a meeting, a plan...
    assert much == little


def test_my_data_holds_my_circles_with_my_note_and_my_answers(
    client: Client, mia: dict[str, Any]
) -> None:
    client.force_login(mia["mia"].user)
    [circle] = download(client)["circles"]
    assert circle["title"] == "Reference desk circle"
    assert circle["you_are"] == "member"
    assert circle["your_memberships"][0]["note"] == "Mia's note to the circle."
    assert circle["meetings"][0]["proposed_by"] == "the host"
    assert circle["meetings"][0]["your_answer"] == "coming"
    assert [event["by"] for event in circle["history"]][:3] == ["the host", "you", "the host"]
    assert circle["plan"][0]["step"] == "Read the RUSA guidelines"
    assert circle["plan"][0]["added_by"] == "you"
    assert circle["private_feedback"] == [
        {"from": "the host", "at": circle["private_feedback"][0]["at"], "text": "Sam to Mia."}
    ]

    client.force_login(mia["sam"].user)
    [hosted] = download(client)["circles"]
    assert hosted["you_are"] == "host"
    assert hosted["your_memberships"] == []
    assert hosted["meetings"][0]["your_answer"] is None
    assert [note["text"] for note in hosted["private_feedback"]] == ["Sam to Mia."]


def test_deleting_leaves_my_circles_and_ends_those_i_host(mia: dict[str, Any]) -> None:
    from mentorships.circles.models import Circle

    circle = Circle.objects.get()
    privacy.account_delete(user=mia["mia"].user)
    assert circle.memberships.filter(status="member").count() == 0

    sam = mia["sam"]
    privacy.account_delete(user=sam.user)
    circle.refresh_from_db()
    assert circle.status == "ended"
    assert circle.host_id is None


# Deactivating an account


def test_staff_deactivating_a_member_closes_what_they_had_open_and_tells_the_others(
    client: Client, mia: dict[str, Any], staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(staff)
    user = mia["mia"].user
    change = reverse("admin:profiles_user_change", args=[user.pk])
    form = client.get(change).context["adminform"].form
    assert "closes the account" in str(form["is_active"].help_text)
    data = {"email": user.email, "is_active": "", "groups": []}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, data, follow=True)

    assert "2 members are told." in response.content.decode()
    active, pending = (Mentorship.objects.get(pk=mia[key].pk) for key in ("active", "pending"))
    assert active.status == Status.ENDED_EARLY and active.ended_by == user
    assert pending.status == Status.WITHDRAWN
    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {"max@example.org", "sam@example.org"}
    assert told["max@example.org"].subject == "Your mentee has left MentorConnect"
    assert "has left MentorConnect, so the mentorship has ended" in told["max@example.org"].body
    assert "ended your mentorship early" not in told["max@example.org"].body
    assert "so their request is withdrawn" in told["sam@example.org"].body
    # She has left Sam's circle, and her place is open again.
    membership = CircleMembership.objects.get(member=user)
    assert membership.status == MembershipStatus.LEFT
    assert Circle.objects.with_member_count().get(pk=membership.circle_id).free_places == 3


def test_the_histories_say_a_member_deactivated_by_staff_left_instead_of_naming_them_as_acting(
    client: Client, mia: dict[str, Any], staff: User
) -> None:
    user = mia["mia"].user
    client.force_login(staff)
    change = reverse("admin:profiles_user_change", args=[user.pk])
    client.post(change, {"email": user.email, "is_active": "", "groups": []})

    def history(page: str) -> str:
        return page[page.index('id="history-heading"') :]

    client.force_login(mia["max"].user)
    mentorship = history(client.get(mia["active"].get_absolute_url()).content.decode())
    assert "Mia Chen left MentorConnect, so the mentorship ended" in mentorship
    assert "Mia Chen ended the mentorship early" not in mentorship
    client.force_login(mia["sam"].user)
    request = history(client.get(mia["pending"].get_absolute_url()).content.decode())
    assert "Mia Chen left MentorConnect, so the request was withdrawn" in request
    circle = Circle.objects.get(host=mia["sam"].user)
    circle_history = history(client.get(circle.get_absolute_url()).content.decode())
    assert "Mia Chen left MentorConnect, and with it the circle" in circle_history
    assert "Mia Chen left the circle" not in circle_history
    # What she did herself before she left is still told as hers.
    assert "Mia Chen requested a mentorship" in request
    assert "Mia Chen proposed a meeting" in mentorship


def test_a_mentorship_ended_by_a_member_before_staff_deactivated_them_is_still_told_as_theirs(
    mia: dict[str, Any],
) -> None:
    max_ = mia["max"]
    services.mentorship_end(mentorship=mia["active"], by=max_.user, completed=False)
    # Deactivated before the email went out (its task was lost, and the sweep sends it later).
    User.objects.filter(pk=max_.user_id).update(is_active=False)
    privacy.close_relationships_of_deactivated()
    event = Event.objects.get(mentorship=mia["active"], kind=EventKind.ENDED_EARLY)

    mentorship_emails.send_once(event.pk)

    (message,) = mail.outbox
    assert message.to == ["mia@example.org"]
    assert "Max Ortiz ended your mentorship early" in message.body
    assert "left MentorConnect" not in message.body
    assert "left MentorConnect" not in str(message.subject)


def test_a_member_deactivated_in_bulk_has_what_they_had_open_closed_by_the_next_sweep(
    mia: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    User.objects.filter(pk=mia["mia"].user.pk).update(is_active=False)  # no signal, no save()

    with django_capture_on_commit_callbacks(execute=True):
        assert privacy.close_relationships_of_deactivated() == 1
    assert privacy.close_relationships_of_deactivated() == 0

    assert Mentorship.objects.get(pk=mia["active"].pk).status == Status.ENDED_EARLY
    assert Mentorship.objects.get(pk=mia["pending"].pk).status == Status.WITHDRAWN
    assert sorted(message.to[0] for message in mail.outbox) == [
        "max@example.org",
        "sam@example.org",
    ]


def test_the_confirmation_lists_the_circles_that_end_and_those_left(
    client: Client, mia: dict[str, Any]
) -> None:
    # Mia convenes a peer circle Noor has joined, and waits for an answer from another.
    own = make_circle(mia["mia"], peer=True, title="Mia's peer circle")
    circle_services.circle_join(circle=own, by=make_mentee(display_name="Noor Haddad").user)
    asked = make_circle(mia["ada"], title="Ada's circle", join_policy="approve")
    circle_services.circle_join(circle=asked, by=mia["mia"].user)
    client.force_login(mia["mia"].user)
    reauthenticate(client)

    html = " ".join(client.get(reverse("delete_account")).content.decode().split())

    assert (
        "Your circle Mia&#x27;s peer circle ends, and its other member is told; its "
        "archive stays with them." in html
    )
    assert (
        "You leave the circle Reference desk circle, and your place in it opens for someone "
        "else." in html
    )
    assert "Your request to join the circle Ada&#x27;s circle is withdrawn." in html
    assert privacy.deletion_plan(mia["mia"].user).people_told == 3  # Max, Sam and Noor


def test_deleting_tells_a_member_whose_only_tie_is_a_circle_that_someone_was_emailed(
    client: Client,
) -> None:
    host = make_mentor()
    circle = make_circle(host, title="Budget circle")
    circle_services.circle_join(circle=circle, by=make_mentee().user)
    client.force_login(host.user)
    reauthenticate(client)

    response = client.post(reverse("delete_account"), follow=True)

    assert "We have told the person whose request, mentorship or circle with you was open." in (
        response.content.decode()
    )


def test_after_a_member_is_deactivated_their_mentorship_shows_no_contact_and_asks_no_feedback(
    client: Client, mia: dict[str, Any]
) -> None:
    max_ = mia["max"]
    circle_meeting = CircleMeeting.objects.get(circle__host=mia["sam"].user)
    User.objects.filter(pk=max_.user_id).update(is_active=False)
    User.objects.filter(pk=mia["sam"].user_id).update(is_active=False)
    privacy.close_relationships_of_deactivated()

    client.force_login(mia["mia"].user)
    page = client.get(mia["active"].get_absolute_url()).content.decode()
    assert "Max Ortiz has left MentorConnect." in page
    assert "Your mentorship with Max Ortiz ended early on" in page and ", by Max Ortiz" not in page
    assert "max.private@example.org" not in page and "555 0199" not in page
    assert max_.get_absolute_url() not in page
    assert "Max Ortiz how it went" not in client.get(reverse("dashboard")).content.decode()
    # Sam's circle ended with him: its meeting still to come is cancelled.
    circle_meeting.refresh_from_db()
    assert circle_meeting.status == CircleMeetingStatus.CANCELLED


def test_the_people_told_of_a_closing_count_those_still_asking_to_join_its_circles() -> None:
    host = make_mentor()
    circle = make_circle(host, title="Budget circle", join_policy="approve")
    member, asking = make_mentee(), make_mentee()
    circle_services.circle_join(circle=circle, by=member.user)
    membership = circle.memberships.get(member=member.user)
    circle_services.request_answer(membership=membership, by=host.user, approve=True)
    circle_services.circle_join(circle=circle, by=asking.user)

    plan = privacy.close_relationships(host.user)

    # The member is told the circle ended; the one still asking, that it ended before an answer.
    assert plan.people_told == 2


def test_my_data_says_when_the_other_person_ended_things_by_leaving_mentorconnect(
    client: Client, mia: dict[str, Any]
) -> None:
    privacy.close_relationships(mia["max"].user)

    client.force_login(mia["mia"].user)
    by_id = {entry["id"]: entry for entry in download(client)["mentorships_and_requests"]}
    ended = by_id[mia["active"].pk]["history"][-1]
    assert ended["what"] == "ended the mentorship early"
    assert ended["because_they_left_mentorconnect"] is True
