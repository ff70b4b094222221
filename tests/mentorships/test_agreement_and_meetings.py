from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from mentorconnect.outbox import sweep as outbox
from mentorconnect.outbox.kinds import reminder_kinds
from mentorconnect.outbox.models import Reminder, ReminderStatus
from mentorships import services
from mentorships.models import (
    Agreement,
    Event,
    EventKind,
    Meeting,
    MeetingStatus,
    Mentorship,
    planned_end_at,
)
from profiles.models import Profile, User
from tests.profiles.factories import city, make_mentee, make_mentor

from .helpers import make_active

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair() -> tuple[Profile, Profile, Mentorship]:
    mentee = make_mentee(
        display_name="Mia", city=city("Toronto", "CA"), time_zone="America/Toronto"
    )
    mentor = make_mentor(
        display_name="Max", city=city("Vancouver", "CA"), time_zone="America/Vancouver"
    )
    return mentee, mentor, make_active(mentee, mentor)


AGREEMENT = {
    "goals": "Land a cataloging job.",
    "rhythm": "every_two_weeks",
    "planned_months": 6,
    "channels": ["video", "email"],
    "expectations": "Reply within a week.",
}


def test_both_confirm_the_agreement_then_a_revision_tells_the_other(
    client: Client,
    pair,
    django_capture_on_commit_callbacks,
) -> None:
    mentee, mentor, mentorship = pair
    url = reverse("mentorships:agreement", args=[mentorship.pk])
    client.force_login(mentee.user)
    client.post(url, {**AGREEMENT, "confirm": "1"})
    client.force_login(mentor.user)
    client.post(url, {**AGREEMENT, "confirm": "1"})
    mentorship.agreement.refresh_from_db()
    assert mentorship.agreement.is_confirmed
    assert mentorship.agreement.rhythm == "every_two_weeks"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**AGREEMENT, "planned_months": 9})
    assert mail.outbox[-1].to == [mentee.user.email]
    assert mail.outbox[-1].subject == "Max revised your mentoring agreement"


@time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC), tick=False)
def test_the_revised_agreements_email_says_what_changed_from_what_to_what(
    client: Client, pair, django_capture_on_commit_callbacks, caplog
) -> None:
    mentee, mentor, mentorship = pair
    url = reverse("mentorships:agreement", args=[mentorship.pk])
    client.force_login(mentee.user)
    client.post(url, {**AGREEMENT, "confirm": "1"})
    long_expectations = "Reply within a week. " * 20
    client.force_login(mentor.user)
    client.post(url, {**AGREEMENT, "expectations": long_expectations, "confirm": "1"})
    client.force_login(mentee.user)
    client.post(url, {**AGREEMENT, "expectations": long_expectations, "confirm": "1"})
    assert Agreement.objects.get().is_confirmed

    client.force_login(mentor.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                **AGREEMENT,
                "goals": "Land a cataloging job by June.",
                "rhythm": "custom",
                "custom_rhythm": "First Tuesday of the month",
                "planned_months": 9,
                "channels": ["video", "phone"],
                "expectations": "Say early if a meeting must move.",
            },
        )
    [email] = mail.outbox
    assert isinstance(email, EmailMultiAlternatives)
    assert email.to == [mentee.user.email]
    assert email.subject == "Max revised your mentoring agreement"
    html = str(email.alternatives[0][0])
    started_at = Mentorship.objects.get(pk=mentorship.pk).started_at
    assert started_at is not None

    def about(months: int) -> str:
        return date_format(planned_end_at(started_at, months, None).date(), "j F Y")

    for body in [str(email.body), html]:
        assert "Max changed the agreement of your mentorship. What changed:" in body
        assert "Land a cataloging job by June." in body
        assert "before: Land a cataloging job." in body
        assert "First Tuesday of the month" in body and "before: Every two weeks" in body
        assert f"9 months, until about {about(9)}" in body
        assert f"before: 6 months, until about {about(6)}" in body
        assert "Video calls, Phone" in body and "before: Video calls, Email" in body
        assert "Say early if a meeting must move." in body
        # A long earlier text is not quoted again: the new version is what is asked.
        assert "before: Reply within a week." not in body
        assert "goals, rhythm, length, channels or expectations" not in body
    text = str(email.body)
    assert text.index("Goals:") < text.index("How often you meet:") < text.index("Channels:")
    # The words were the email's to carry, and go with it: no copy stays, none was logged.
    revision = Event.objects.filter(kind=EventKind.AGREEMENT_REVISED).latest("pk")
    assert revision.emailed_at is not None and revision.changes is None
    assert "cataloging job" not in caplog.text


def test_changing_terms_the_other_confirmed_asks_them_to_confirm_again(
    client: Client, pair, django_capture_on_commit_callbacks
) -> None:
    mentee, mentor, mentorship = pair
    url = reverse("mentorships:agreement", args=[mentorship.pk])
    client.force_login(mentor.user)
    client.post(url, {**AGREEMENT, "goals": "GOAL-A", "confirm": "1"})

    client.force_login(mentee.user)
    assert "Max has confirmed these terms" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                **AGREEMENT,
                "goals": "GOAL-B",
                "rhythm": "monthly",
                "planned_months": 3,
                "confirm": "1",
            },
            follow=True,
        )
    page = response.content.decode()
    assert "have both confirmed" not in page
    assert "Max had confirmed the earlier terms, so we have emailed them" in page
    assert "mentor has not confirmed" in page
    assert mail.outbox[-1].to == [mentor.user.email]
    assert mail.outbox[-1].subject == "Mia revised your mentoring agreement"

    client.force_login(mentor.user)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "GOAL-B" in page and "mentor has not confirmed" in page
    assert "Review and confirm" in page
    response = client.post(
        url,
        {**AGREEMENT, "goals": "GOAL-B", "rhythm": "monthly", "planned_months": 3, "confirm": "1"},
        follow=True,
    )
    assert "you and Mia have both confirmed it" in response.content.decode()


def test_saving_the_agreement_unchanged_keeps_the_others_confirmation(
    client: Client, pair, django_capture_on_commit_callbacks
) -> None:
    mentee, mentor, mentorship = pair
    url = reverse("mentorships:agreement", args=[mentorship.pk])
    client.force_login(mentor.user)
    client.post(url, {**AGREEMENT, "goals": "Line one\nLine two", "confirm": "1"})
    client.force_login(mentee.user)
    with django_capture_on_commit_callbacks(execute=True):
        # As a browser sends it back: the text area's line breaks as CRLF, channels reordered.
        response = client.post(
            url,
            {**AGREEMENT, "goals": "Line one\r\nLine two", "channels": ["email", "video"]},
            follow=True,
        )
    assert mail.outbox == []
    assert "Max has confirmed these terms: confirm them too to agree." in response.content.decode()
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "Mentee has not confirmed" in page and "mentor confirmed" in page

    response = client.post(
        url, {**AGREEMENT, "goals": "Line one\r\nLine two", "confirm": "1"}, follow=True
    )
    assert "you and Max have both confirmed it" in response.content.decode()


def test_agreement_length_is_one_to_twenty_four_months_and_input_is_kept(
    client: Client, pair
) -> None:
    mentee, _, mentorship = pair
    client.force_login(mentee.user)
    response = client.post(
        reverse("mentorships:agreement", args=[mentorship.pk]),
        {**AGREEMENT, "planned_months": 30, "goals": "Kept goals"},
    )
    html = response.content.decode()
    assert "less than or equal to 24" in html
    assert "Kept goals" in html


def test_a_meeting_time_is_typed_in_one_zone_and_shown_in_the_others(
    client: Client,
    pair,
    django_capture_on_commit_callbacks,
) -> None:
    mentee, mentor, mentorship = pair
    client.force_login(mentee.user)
    tomorrow = (timezone.now() + datetime.timedelta(days=2)).date()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("mentorships:meeting_new", args=[mentorship.pk]),
            {
                "starts_at": f"{tomorrow}T12:00",
                "duration_minutes": 60,
                "format": "video",
                "place_or_link": "https://meet.example.org/abc",
                "agenda": "First goals",
            },
        )
    meeting = Meeting.objects.get()
    # Noon in Toronto is 9:00 in Vancouver (both on the same daylight-saving rule).
    local = timezone.localtime(meeting.starts_at, datetime.timezone(datetime.timedelta(0)))
    assert local.hour in {16, 17}
    assert "09:00 (America/Vancouver)" in f"{mail.outbox[-1].subject}{mail.outbox[-1].body}"
    client.force_login(mentor.user)
    assert "09:00" in client.get(mentorship.get_absolute_url()).content.decode()


@time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC), tick=False)
def test_a_proposed_meetings_email_gives_its_format_length_place_and_agenda(
    client: Client, pair, django_capture_on_commit_callbacks
) -> None:
    mentee, mentor, mentorship = pair
    client.force_login(mentee.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("mentorships:meeting_new", args=[mentorship.pk]),
            {
                "starts_at": "2026-12-10T12:00",
                "duration_minutes": 45,
                "format": "video",
                "place_or_link": "https://meet.example.org/abc",
                "agenda": "First goals\nReading list",
            },
        )
    [email] = mail.outbox
    assert isinstance(email, EmailMultiAlternatives)
    assert email.subject == "Mia proposed a mentoring meeting"
    assert email.to == [mentor.user.email]
    html = str(email.alternatives[0][0])
    for body in [str(email.body), html]:
        assert "Mia proposed a meeting on Thursday 10 December 2026 at 09:00" in body
        assert "Format: Video call" in body
        assert "Length: 45 minutes" in body
        assert "Place or link: https://meet.example.org/abc" in body
        assert "Agenda:" in body
        assert "replaces" not in body
    assert "First goals\nReading list" in str(email.body)
    assert "First goals<br>Reading list" in html


@time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC), tick=False)
def test_another_time_proposed_says_which_time_it_replaces(
    client: Client, pair, django_capture_on_commit_callbacks
) -> None:
    mentee, mentor, mentorship = pair
    first = services.meeting_propose(
        mentorship=mentorship,
        by=mentee.user,
        starts_at=datetime.datetime(2026, 12, 10, 17, tzinfo=datetime.UTC),
        duration_minutes=60,
        format="phone",
        place_or_link="",
        agenda="",
    )
    client.force_login(mentor.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("mentorships:meeting_new", args=[mentorship.pk]) + f"?replacing={first.pk}",
            {"starts_at": "2026-12-11T10:00", "duration_minutes": 60, "format": "phone"},
        )
    email = mail.outbox[-1]
    assert isinstance(email, EmailMultiAlternatives)
    assert email.to == [mentee.user.email]
    for body in [str(email.body), str(email.alternatives[0][0])]:
        # Max typed 10:00 in Vancouver, 13:00 in Toronto; the first time was noon there.
        assert (
            "Max proposed a meeting on Friday 11 December 2026 at 13:00 (America/Toronto)" in body
        )
        assert (
            "It replaces the time proposed before: Thursday 10 December 2026 at 12:00 "
            "(America/Toronto)." in body
        )
        assert "Format: Phone" in body
        assert "Place or link" not in body


def test_propose_another_time_then_confirm_with_a_calendar_file(
    client: Client,
    pair,
    django_capture_on_commit_callbacks,
) -> None:
    mentee, mentor, mentorship = pair
    soon = timezone.now() + datetime.timedelta(days=2)
    first = Meeting.objects.create(mentorship=mentorship, proposed_by=mentee.user, starts_at=soon)
    client.force_login(mentor.user)
    client.post(
        reverse("mentorships:meeting_new", args=[mentorship.pk]) + f"?replacing={first.pk}",
        {
            "starts_at": f"{(soon + datetime.timedelta(days=1)).date()}T10:00",
            "duration_minutes": 45,
            "format": "phone",
        },
    )
    first.refresh_from_db()
    second = Meeting.objects.exclude(pk=first.pk).get()
    assert first.status == MeetingStatus.REPLACED
    assert second.proposed_by == mentor.user

    client.force_login(mentee.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentorships:meeting_confirm", args=[mentorship.pk, second.pk]))
    second.refresh_from_db()
    assert second.status == MeetingStatus.CONFIRMED
    confirmation = mail.outbox[-1]
    assert confirmation.to == [mentor.user.email]
    assert confirmation.attachments[0][0] == "meeting.ics"
    ics = client.get(reverse("mentorships:meeting_ics", args=[mentorship.pk, second.pk]))
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"BEGIN:VEVENT" in ics.content


def test_ending_a_mentorship_cancels_its_meetings_to_come_and_takes_them_out_of_calendars(
    client: Client, pair, django_capture_on_commit_callbacks, time_machine
) -> None:
    time_machine.move_to(datetime.datetime(2026, 12, 3, 15, 0, tzinfo=datetime.UTC), tick=False)
    mentee, mentor, mentorship = pair
    now = timezone.now()
    confirmed = Meeting.objects.create(
        mentorship=mentorship,
        proposed_by=mentor.user,
        starts_at=now + datetime.timedelta(days=3),
        status=MeetingStatus.CONFIRMED,
    )
    proposed = Meeting.objects.create(
        mentorship=mentorship,
        proposed_by=mentor.user,
        starts_at=now + datetime.timedelta(days=10),
    )
    held = Meeting.objects.create(
        mentorship=mentorship,
        proposed_by=mentor.user,
        starts_at=now - datetime.timedelta(days=3),
        status=MeetingStatus.HELD,
    )
    client.force_login(mentee.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mentorships:end", args=[mentorship.pk]), {"outcome": "completed"}, follow=True
        )
    page = response.content.decode()
    assert "The 2 meetings still planned are cancelled, and Max has calendar files" in page

    statuses = dict(Meeting.objects.values_list("pk", "status"))
    assert statuses == {confirmed.pk: "cancelled", proposed.pk: "cancelled", held.pk: "held"}
    [email] = mail.outbox[-1:]
    assert email.to == [mentor.user.email]
    assert email.subject == "Your mentorship with Mia has been completed"
    assert "The 2 meetings you still had planned are cancelled" in email.body
    # In Max's own time: 3 December, 15:00 UTC is 7:00 in Vancouver.
    assert "Sunday 6 December 2026 at 07:00 (America/Vancouver)" in email.body
    files = {name: content for name, content, _ in email.attachments}
    assert sorted(files) == ["meeting-cancelled-1.ics", "meeting-cancelled-2.ics"]
    for meeting, content in zip([confirmed, proposed], files.values(), strict=True):
        assert f"UID:meeting-{meeting.pk}@mentorconnect" in str(content)
        assert "METHOD:CANCEL" in str(content) and "STATUS:CANCELLED" in str(content)
        assert "ORGANIZER;CN=MentorConnect:mailto:" in str(content)

    client.force_login(mentor.user)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    for dead_action in ["Accept this time", "Propose another time", "Add to calendar", "Cancel<"]:
        assert dead_action not in page
    assert "No meeting is planned: this mentorship has ended." in page
    response = client.get(reverse("mentorships:meeting_new", args=[mentorship.pk]), follow=True)
    assert response.redirect_chain == [(mentorship.get_absolute_url(), 302)]
    assert "This mentorship with Mia already ended on 3 December 2026." in (
        response.content.decode()
    )
    assert '<form method="post" novalidate' not in response.content.decode()


def test_a_cancelled_meetings_email_takes_it_out_of_the_calendar(
    client: Client, pair, django_capture_on_commit_callbacks
) -> None:
    mentee, mentor, mentorship = pair
    meeting = Meeting.objects.create(
        mentorship=mentorship,
        proposed_by=mentor.user,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        status=MeetingStatus.CONFIRMED,
    )
    client.force_login(mentee.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentorships:meeting_cancel", args=[mentorship.pk, meeting.pk]))
    [(name, content, _)] = mail.outbox[-1].attachments
    assert name == "meeting-cancelled.ics"
    assert f"UID:meeting-{meeting.pk}@mentorconnect" in str(content)
    assert "METHOD:CANCEL" in str(content)
    assert "The attached calendar file takes it out of your calendar" in mail.outbox[-1].body


def test_the_proposer_cannot_confirm_their_own_time(client: Client, pair) -> None:
    mentee, _, mentorship = pair
    meeting = Meeting.objects.create(
        mentorship=mentorship,
        proposed_by=mentee.user,
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    client.force_login(mentee.user)
    response = client.post(
        reverse("mentorships:meeting_confirm", args=[mentorship.pk, meeting.pk]), follow=True
    )
    assert "You proposed this time, so Max confirms it" in response.content.decode()


def test_a_held_meeting_moves_the_next_check_in(client: Client, pair) -> None:
    mentee, mentor, mentorship = pair
    starts = timezone.now() + datetime.timedelta(days=1)
    meeting = Meeting.objects.create(
        mentorship=mentorship,
        proposed_by=mentee.user,
        starts_at=starts,
        status=MeetingStatus.CONFIRMED,
    )
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentorships:meeting_mark", args=[mentorship.pk, meeting.pk]),
        {"outcome": "held"},
        follow=True,
    )
    assert "once it has started" in response.content.decode()

    with time_machine.travel(starts + datetime.timedelta(hours=2)):
        client.post(
            reverse("mentorships:meeting_mark", args=[mentorship.pk, meeting.pk]),
            {"outcome": "held"},
        )
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.HELD
        # The agreed rhythm is monthly (from the request): 30 days after the meeting held.
        assert mentorship.check_in_due_on() == (starts + datetime.timedelta(days=30)).date()


def test_contact_details_shared_with_matches_appear_once_accepted(client: Client) -> None:
    mentee = make_mentee()
    mentor = make_mentor(contact_email="max@library.example", contact_visibility="matched")
    client.force_login(mentee.user)
    assert b"max@library.example" not in client.get(mentor.get_absolute_url()).content
    mentorship = make_active(mentee, mentor)
    assert b"max@library.example" in client.get(mentorship.get_absolute_url()).content
    assert b"max@library.example" in client.get(mentor.get_absolute_url()).content


def test_plan_items_are_shared_by_the_two(client: Client, pair) -> None:
    mentee, mentor, mentorship = pair
    client.force_login(mentee.user)
    client.post(
        reverse("mentorships:plan_add", args=[mentorship.pk]),
        {"kind": "action", "text": "Draft my CV"},
    )
    client.force_login(mentor.user)
    assert b"Draft my CV" in client.get(mentorship.get_absolute_url()).content
    item = mentorship.plan_items.get()
    client.post(reverse("mentorships:plan_toggle", args=[mentorship.pk, item.pk]))
    item.refresh_from_db()
    assert item.done
    client.post(
        reverse("mentorships:plan_change", args=[mentorship.pk, item.pk]),
        {"text": "Draft my CV, v2"},
    )
    item.refresh_from_db()
    assert item.text == "Draft my CV, v2"
    client.force_login(mentee.user)
    client.post(reverse("mentorships:plan_change", args=[mentorship.pk, item.pk]), {"remove": "1"})
    assert not mentorship.plan_items.exists()


def test_the_plan_form_starts_with_a_goal_and_goals_are_listed_first(client: Client, pair) -> None:
    mentee, mentor, mentorship = pair
    client.force_login(mentee.user)
    selected = re.compile(r'<option value="(\w+)" selected>')
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "Add the first goal" in page
    assert selected.findall(page) == ["goal"]

    add = reverse("mentorships:plan_add", args=[mentorship.pk])
    client.post(add, {"kind": "action", "text": "Read the strategic plan"})
    client.post(add, {"kind": "goal", "text": "Lead a budget meeting by June"})
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert page.index("Lead a budget meeting by June") < page.index("Read the strategic plan")
    # With a goal written, the next item is most often an action towards it.
    assert selected.findall(page) == ["action"]


def test_dashboard_shows_mentors_requests_and_the_next_step(client: Client, pair) -> None:
    mentee, mentor, mentorship = pair
    client.force_login(mentor.user)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Your mentee" in html and "Mia" in html
    assert "Confirm your mentorship agreement." in html


def test_a_plan_item_edited_with_a_nul_character_is_saved_without_it(client: Client) -> None:
    mentee, mentor = make_mentee(), make_mentor()
    mentorship = make_active(mentee, mentor)
    item = services.plan_item_add(mentorship=mentorship, by=mentee.user, kind="goal", text="Learn")
    client.force_login(mentee.user)
    url = reverse("mentorships:plan_change", args=[mentorship.pk, item.pk])
    response = client.post(url, {"text": "Learn\x00 MARC"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "Learn MARC"


def test_a_plan_item_edited_too_long_is_refused_as_a_new_one_is_with_the_text_kept(
    client: Client,
) -> None:
    mentee, mentor = make_mentee(), make_mentor()
    mentorship = make_active(mentee, mentor)
    item = services.plan_item_add(mentorship=mentorship, by=mentee.user, kind="goal", text="Learn")
    client.force_login(mentee.user)
    url = reverse("mentorships:plan_change", args=[mentorship.pk, item.pk])
    too_long = "Learn MARC " + "x" * 789

    response = client.post(url, {"text": too_long})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Plan updated" not in page
    assert "Ensure this value has at most 500 characters (it has 800)." in page
    assert f'value="{too_long}"' in page
    item.refresh_from_db()
    assert item.text == "Learn"
    response = client.post(url, {"text": "  "})
    assert "Write the goal or action item, or remove it." in response.content.decode()
    item.refresh_from_db()
    assert item.text == "Learn"


def test_a_meeting_that_has_started_shows_once_asking_whether_it_was_held(
    client: Client, pair
) -> None:
    mentee, _, mentorship = pair
    starts = timezone.now() + datetime.timedelta(days=1)
    meeting = Meeting.objects.create(
        mentorship=mentorship,
        proposed_by=mentee.user,
        starts_at=starts,
        status=MeetingStatus.CONFIRMED,
    )
    client.force_login(mentee.user)
    cancel_url = reverse("mentorships:meeting_cancel", args=[mentorship.pk, meeting.pk])
    with time_machine.travel(starts + datetime.timedelta(minutes=2)):
        page = client.get(mentorship.get_absolute_url()).content.decode()
        assert page.count("It was held") == 1
        assert "Confirmed" not in page
        assert cancel_url not in page
        assert "Add to calendar" not in page


def test_a_meeting_that_has_started_cannot_be_cancelled(client: Client, pair) -> None:
    mentee, _, mentorship = pair
    starts = timezone.now() + datetime.timedelta(days=1)
    meeting = Meeting.objects.create(
        mentorship=mentorship,
        proposed_by=mentee.user,
        starts_at=starts,
        status=MeetingStatus.CONFIRMED,
    )
    client.force_login(mentee.user)
    with time_machine.travel(starts + datetime.timedelta(minutes=2)):
        response = client.post(
            reverse("mentorships:meeting_cancel", args=[mentorship.pk, meeting.pk]), follow=True
        )
    assert "cannot be cancelled once it has started" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED


def agreement_mails(email: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [email] and "agreement" in m.subject]


@time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC), tick=False)
def test_the_first_to_confirm_the_agreement_has_the_other_told_it_waits_for_them(
    client: Client, pair
) -> None:
    mentee, mentor, mentorship = pair
    url = reverse("mentorships:agreement", args=[mentorship.pk])
    client.force_login(mentor.user)
    client.post(url, {**AGREEMENT, "confirm": "1"})
    outbox.sweep()
    outbox.sweep()
    [email] = agreement_mails(mentee.user.email)
    assert isinstance(email, EmailMultiAlternatives)
    assert email.subject == "Max confirmed your mentoring agreement: it waits for your confirmation"
    for body in [str(email.body), str(email.alternatives[0][0])]:
        assert "Max has confirmed the agreement of your mentorship" in body
        assert "It is agreed once you confirm it too." in body
        assert f"{settings.SITE_URL}{url}" in body

    client.force_login(mentee.user)
    client.post(url, {**AGREEMENT, "confirm": "1"})
    outbox.sweep()
    # Both have confirmed: nobody is asked again, and the mentor, who confirmed first, is not
    # asked to confirm what they already did.
    assert len(agreement_mails(mentee.user.email)) == 1
    assert agreement_mails(mentor.user.email) == []


@time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC), tick=False)
def test_no_agreement_email_to_one_who_turned_them_off_or_confirmed_first(
    client: Client, pair
) -> None:
    mentee, mentor, mentorship = pair
    url = reverse("mentorships:agreement", args=[mentorship.pk])
    mentee.user.reminders_off = ["agreement_to_confirm"]
    mentee.user.save(update_fields=["reminders_off"])
    client.force_login(mentor.user)
    client.post(url, {**AGREEMENT, "confirm": "1"})
    outbox.sweep()
    assert agreement_mails(mentee.user.email) == []
    assert Reminder.objects.get(kind="agreement_to_confirm").status == ReminderStatus.SKIPPED

    # A confirmation given before the sweep came is not asked for by email.
    mentee.user.reminders_off = []
    mentee.user.save(update_fields=["reminders_off"])
    client.post(url, {**AGREEMENT, "goals": "Another goal", "confirm": "1"})
    client.force_login(mentee.user)
    client.post(url, {**AGREEMENT, "goals": "Another goal", "confirm": "1"})
    outbox.sweep()
    assert agreement_mails(mentee.user.email) == []
    preferences = client.get(reverse("outbox:preferences")).content.decode()
    assert "A mentorship agreement waiting for your confirmation" in preferences


def test_a_member_who_turned_every_email_off_still_learns_the_agreement_changed_and_from_what(
    client: Client, pair, django_capture_on_commit_callbacks
) -> None:
    """The email choices page offers no choice for a revised agreement: its email is the only
    record of what the terms said before (mentorships/emails.py says why). Nor for the end of a
    mentorship, so the page that ends it may say the other person is told."""
    mentee, mentor, mentorship = pair
    url = reverse("mentorships:agreement", args=[mentorship.pk])
    client.force_login(mentee.user)
    client.post(reverse("outbox:preferences"), {})  # every box unticked
    mentee.user.refresh_from_db()
    assert set(mentee.user.reminders_off) == set(reminder_kinds.names())
    client.post(url, {**AGREEMENT, "confirm": "1"})
    client.force_login(mentor.user)
    client.post(url, {**AGREEMENT, "confirm": "1"})
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**AGREEMENT, "planned_months": 9})
    [revised] = mail.outbox
    assert revised.to == [mentee.user.email]
    assert revised.subject == "Max revised your mentoring agreement"
    assert "Max changed the agreement of your mentorship. What changed:" in revised.body
    assert "before: 6 months" in revised.body

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            reverse("mentorships:end", args=[mentorship.pk]), {"outcome": "completed"}, follow=True
        ).content.decode()
    assert "Your mentorship with Mia is completed; we have told them." in page
    [ended] = mail.outbox[1:]
    assert ended.to == [mentee.user.email]
    assert ended.subject == "Your mentorship with Max has been completed"


def test_the_next_check_in_says_the_rhythm_is_agreed_only_once_both_confirmed_it(
    client: Client, pair
) -> None:
    mentee, mentor, mentorship = pair
    page = reverse("mentorships:detail", args=[mentorship.pk])
    client.force_login(mentee.user)
    html = client.get(page).content.decode()
    # Just accepted: the rhythm is the one the request proposed, which nobody has agreed.
    assert "Next check-in due by" in html
    assert "following your agreed rhythm" not in html
    assert "you have not both confirmed your agreement yet" in html

    agreement = reverse("mentorships:agreement", args=[mentorship.pk])
    client.post(agreement, {**AGREEMENT, "confirm": "1"})
    client.force_login(mentor.user)
    client.post(agreement, {**AGREEMENT, "confirm": "1"})
    html = client.get(page).content.decode()
    assert "following your agreed rhythm" in html
    assert "you have not both confirmed" not in html


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Your mentorship with Mia is completed; we have told them. Thank you both!"),
        (
            "fr",
            "Votre mentorat avec Mia est terminé\u00a0; nous le lui avons annoncé. "
            "Merci à vous deux\u00a0!",
        ),
        ("es", "Tu mentoría con Mia se completó; se lo avisamos. ¡Gracias a ti y a Mia!"),
    ],
)
def test_completing_says_the_other_person_is_told_and_they_are_emailed(
    client: Client, pair, django_capture_on_commit_callbacks, language: str, said: str
) -> None:
    """The end of a mentorship is emailed whatever the other person chose on their email
    choices page, so the message after completing it says they are told, as ending early does."""
    mentee, mentor, mentorship = pair
    client.force_login(mentee.user)
    client.post(reverse("outbox:preferences"), {})  # every box unticked
    User.objects.filter(pk=mentor.user_id).update(language=language)
    client.force_login(mentor.user)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            reverse("mentorships:end", args=[mentorship.pk]), {"outcome": "completed"}, follow=True
        ).content.decode()

    assert said in unescape(page)
    [ended] = mail.outbox
    assert ended.to == [mentee.user.email]
    assert ended.subject == "Your mentorship with Max has been completed"
