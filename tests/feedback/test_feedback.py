from __future__ import annotations

import datetime
import logging
import os
import subprocess

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from feedback import reminders, services
from feedback.models import EDIT_WINDOW, Feedback, LegalDisclosure
from mentorconnect.outbox.models import Reminder
from mentorconnect.outbox.sweep import lease_length
from mentorships import services as services_of_mentorships
from mentorships import tasks
from mentorships.circles import services as circle_services
from mentorships.circles.models import CircleFeedback
from mentorships.models import Event, EventKind, Meeting, MeetingStatus, Mentorship
from mentorships.services import MentorshipError
from profiles.models import Profile, User
from tests.circles.helpers import make_circle
from tests.conftest import make_member
from tests.mentorships.helpers import make_active, make_request
from tests.profiles.factories import make_mentee, make_mentor

SENTINEL = "SENTINEL-c0nf1dential-7f3a"


@pytest.fixture
def pair() -> tuple[Profile, Profile, Mentorship]:
    mentee = make_mentee(display_name="Mia")
    mentor = make_mentor(display_name="Max")
    return mentee, mentor, make_active(mentee, mentor)


def send(mentorship: Mentorship, author: User, text: str = SENTINEL) -> Feedback:
    return services.feedback_send(
        mentorship=mentorship, by=author, kind="appreciation", text=text, rating=4
    )


@pytest.mark.django_db
def test_both_read_both_directions_newest_first(client: Client, pair) -> None:
    mentee, mentor, mentorship = pair
    send(mentorship, mentee.user, "Thank you for the interview tips.")
    send(mentorship, mentor.user, "Your CV draft is much clearer now.")
    for person in (mentee, mentor):
        client.force_login(person.user)
        html = client.get(reverse("feedback:archive", args=[mentorship.pk])).content.decode()
        assert html.index("Your CV draft") < html.index("Thank you for the interview tips")


@pytest.mark.django_db
def test_archive_is_searchable_and_stays_after_the_end(client: Client, pair) -> None:
    from mentorships import services as mentorship_services

    mentee, mentor, mentorship = pair
    send(mentorship, mentee.user, "Loved the metadata exercise.")
    send(mentorship, mentor.user, "Keep practising interviews.")
    mentorship_services.mentorship_end(mentorship=mentorship, by=mentor.user, completed=True)
    client.force_login(mentee.user)
    url = reverse("feedback:archive", args=[mentorship.pk])
    html = client.get(url, {"q": "METADATA"}).content.decode()
    assert "Loved the metadata exercise." in html
    assert "Keep practising interviews." not in html
    assert "Keep practising interviews." in client.get(url).content.decode()


@pytest.mark.django_db
def test_recipient_is_emailed_a_link_never_the_text(
    client: Client,
    pair,
    django_capture_on_commit_callbacks,
) -> None:
    mentee, mentor, mentorship = pair
    client.force_login(mentee.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("feedback:archive", args=[mentorship.pk]),
            {"kind": "suggestion", "text": SENTINEL, "rating": "5"},
        )
    deliver_feedback_emails_after_the_edit_window()
    message = mail.outbox[-1]
    assert message.to == [mentor.user.email]
    assert message.subject == "Mia left you feedback on MentorConnect"
    assert "/feedback/" in message.body
    assert SENTINEL not in message.body
    assert isinstance(message, EmailMultiAlternatives)
    assert SENTINEL not in str(message.alternatives[0][0])


def feedback_emails() -> list[str]:
    """The subjects of the feedback emails sent (the pair's request and accept, recorded in
    the test's transaction, have emails of their own for the sweep to find)."""
    return [str(m.subject) for m in mail.outbox if "left you feedback" in m.subject]


def deliver_feedback_emails_after_the_edit_window() -> None:
    """What the worker does when the queued feedback emails fall due, at the end of the edit
    window."""
    with time_machine.travel(timezone.now() + EDIT_WINDOW + datetime.timedelta(seconds=1)):
        for event in Event.objects.filter(kind=EventKind.FEEDBACK_SENT):
            tasks.send_event_email(event.pk)


@pytest.mark.django_db
def test_the_recipient_is_emailed_once_the_edit_window_has_closed_and_only_once(
    client: Client, pair, django_capture_on_commit_callbacks
) -> None:
    mentee, mentor, mentorship = pair
    client.force_login(mentee.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("feedback:archive", args=[mentorship.pk]),
            {"kind": "appreciation", "text": "Thank you", "rating": "5"},
        )
    tasks.send_unsent_emails()
    assert feedback_emails() == []
    deliver_feedback_emails_after_the_edit_window()
    assert feedback_emails() == ["Mia left you feedback on MentorConnect"]
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        tasks.send_unsent_emails()
    assert feedback_emails() == ["Mia left you feedback on MentorConnect"]


@pytest.mark.django_db
def test_the_first_sweep_after_the_edit_window_sends_the_feedback_email_once(pair) -> None:
    # No task waits in a worker for the window to close (a Redis restart would lose it): the
    # sweep sends the email.
    mentee, mentor, mentorship = pair
    send(mentorship, mentee.user)
    with time_machine.travel(timezone.now() + EDIT_WINDOW - datetime.timedelta(seconds=1)):
        tasks.send_unsent_emails()
    assert feedback_emails() == []
    with time_machine.travel(timezone.now() + EDIT_WINDOW + datetime.timedelta(seconds=1)):
        tasks.send_unsent_emails()
    assert feedback_emails() == ["Mia left you feedback on MentorConnect"]
    with time_machine.travel(timezone.now() + EDIT_WINDOW + lease_length()):
        tasks.send_unsent_emails()
    assert feedback_emails() == ["Mia left you feedback on MentorConnect"]


def test_beat_runs_the_sender_of_feedback_emails_every_minute(settings) -> None:
    # So the recipient hears of it within a minute of the edit window's close, not five.
    runs = [
        entry["schedule"]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "mentorships.tasks.send_unsent_emails"
    ]
    assert runs == [60]


@pytest.mark.django_db
def test_feedback_the_recipient_read_on_the_site_before_its_email_was_due_is_not_emailed(
    client: Client, pair
) -> None:
    mentee, mentor, mentorship = pair
    start = timezone.now()
    read_first = send(mentorship, mentee.user, "Thank you for the reading list")
    client.force_login(mentor.user)
    with time_machine.travel(start + datetime.timedelta(minutes=2)):
        page = client.get(reverse("feedback:archive", args=[mentorship.pk])).content.decode()
    assert "Thank you for the reading list" in page
    with time_machine.travel(start + datetime.timedelta(minutes=3)):
        unread = send(mentorship, mentee.user, "See you next month")
    for minutes in (11, 14, 15, 30, 60):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes)):
            tasks.send_unsent_emails()
    # One email, for the feedback not read yet; none for the one read, and never a second.
    assert feedback_emails() == ["Mia left you feedback on MentorConnect"]
    assert [m.to for m in mail.outbox if "left you feedback" in m.subject] == [[mentor.user.email]]
    read_first.refresh_from_db()
    unread.refresh_from_db()
    assert read_first.seen_at is not None and unread.seen_at is None
    # Both emails are dealt with: no sweep takes either again.
    assert not Event.objects.filter(kind=EventKind.FEEDBACK_SENT, emailed_at__isnull=True).exists()


@pytest.mark.django_db
def test_feedback_withdrawn_within_the_edit_window_is_never_emailed(
    client: Client, pair, django_capture_on_commit_callbacks
) -> None:
    mentee, mentor, mentorship = pair
    client.force_login(mentee.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("feedback:archive", args=[mentorship.pk]),
            {"kind": "suggestion", "text": "On second thoughts", "rating": "2"},
        )
    entry = Feedback.objects.get()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=9)):
        client.post(reverse("feedback:withdraw", args=[mentorship.pk, entry.pk]))
    deliver_feedback_emails_after_the_edit_window()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        tasks.send_unsent_emails()
    assert not Feedback.objects.exists()
    assert feedback_emails() == []


@pytest.mark.django_db
def test_feedback_whose_email_is_being_sent_can_no_longer_be_withdrawn(pair) -> None:
    mentee, mentor, mentorship = pair
    entry = send(mentorship, mentee.user)
    # A sender claimed the email as the window closed, while the author was withdrawing.
    Event.objects.filter(kind=EventKind.FEEDBACK_SENT).update(
        claimed_until=timezone.now() + lease_length()
    )
    with pytest.raises(MentorshipError):
        services.feedback_withdraw(feedback=entry, by=mentee.user)
    assert Feedback.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_edit_and_withdraw_only_within_ten_minutes(client: Client, pair) -> None:
    mentee, mentor, mentorship = pair
    entry = send(mentorship, mentee.user, "First words")
    client.force_login(mentee.user)
    edit_url = reverse("feedback:edit", args=[mentorship.pk, entry.pk])
    client.post(edit_url, {"kind": "appreciation", "text": "Better words"})
    entry.refresh_from_db()
    assert entry.text == "Better words" and entry.edited_at is not None
    assert (
        "edited" in client.get(reverse("feedback:archive", args=[mentorship.pk])).content.decode()
    )

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        response = client.post(edit_url, {"kind": "appreciation", "text": "Too late"}, follow=True)
        assert "now in the archive" in response.content.decode()
        client.post(reverse("feedback:withdraw", args=[mentorship.pk, entry.pk]))
    entry.refresh_from_db()
    assert entry.text == "Better words"

    # The recipient can never change it.
    client.force_login(mentor.user)
    assert client.get(edit_url).status_code == 404

    fresh = send(mentorship, mentee.user, "Withdraw me")
    client.force_login(mentee.user)
    client.post(reverse("feedback:withdraw", args=[mentorship.pk, fresh.pk]))
    assert not Feedback.objects.filter(pk=fresh.pk).exists()


@pytest.mark.django_db
def test_every_feedback_url_is_404_to_everyone_but_the_two(client: Client, pair) -> None:
    mentee, mentor, mentorship = pair
    entry = send(mentorship, mentee.user)
    urls = [
        ("get", reverse("feedback:archive", args=[mentorship.pk])),
        ("post", reverse("feedback:archive", args=[mentorship.pk])),
        ("get", reverse("feedback:edit", args=[mentorship.pk, entry.pk])),
        ("post", reverse("feedback:edit", args=[mentorship.pk, entry.pk])),
        ("post", reverse("feedback:withdraw", args=[mentorship.pk, entry.pk])),
    ]
    outsiders = [
        make_member("other@example.org"),
        make_member("staff@example.org", is_staff=True),
        make_member("root@example.org", is_staff=True, is_superuser=True),
    ]
    for outsider in outsiders:
        client.force_login(outsider)
        for method, url in urls:
            response = getattr(client, method)(url, {"kind": "appreciation", "text": "x"})
            assert response.status_code == 404, (outsider.email, method, url)
            assert SENTINEL not in response.content.decode()
    client.logout()
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 302
    for person in (mentee, mentor):
        client.force_login(person.user)
        response = client.get(urls[0][1])
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    assert Feedback.objects.get().text == SENTINEL


@pytest.mark.django_db
def test_feedback_is_not_in_the_admin(client: Client, pair) -> None:
    mentee, _, mentorship = pair
    send(mentorship, mentee.user)
    client.force_login(make_member("root@example.org", is_staff=True, is_superuser=True))
    index = client.get("/admin/").content.decode()
    assert "/admin/feedback/" not in index
    assert client.get("/admin/feedback/feedback/").status_code == 404


@pytest.mark.django_db
def test_a_raw_select_shows_no_plaintext(pair) -> None:
    mentee, _, mentorship = pair
    send(mentorship, mentee.user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM feedback_feedback")
        (stored,) = cursor.fetchone()
    assert SENTINEL not in stored
    assert Feedback.objects.get().text == SENTINEL


@pytest.mark.django_db
def test_circle_feedback_is_encrypted_at_rest_and_rotated_too(settings) -> None:
    host, member = make_mentor(), make_mentee()
    circle = make_circle(host)
    circle_services.circle_join(circle=circle, by=member.user)
    note = circle_services.feedback_send(
        circle=circle, member=member.user, by=host.user, text=SENTINEL
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM circles_circlefeedback")
        (stored,) = cursor.fetchone()
    assert SENTINEL not in stored
    old_key = settings.FEEDBACK_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FEEDBACK_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_feedback_key")
    settings.FEEDBACK_ENCRYPTION_KEYS = [new_key]
    assert CircleFeedback.objects.get(pk=note.pk).text == SENTINEL


@pytest.mark.django_db(transaction=True)
def test_a_database_dump_shows_no_plaintext(pair) -> None:
    mentee, _, mentorship = pair
    send(mentorship, mentee.user)
    database = connection.settings_dict
    pg_dump = sorted(p for p in __import__("glob").glob("/usr/lib/postgresql/*/bin/pg_dump"))[-1]
    dump = subprocess.run(  # noqa: S603 - the test database, our own arguments
        [
            pg_dump,
            "-h",
            database["HOST"],
            "-p",
            str(database["PORT"]),
            "-U",
            database["USER"],
            database["NAME"],
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""},
    ).stdout
    assert "feedback_feedback" in dump
    assert SENTINEL not in dump


@pytest.mark.django_db
def test_an_error_while_posting_leaves_no_text_in_reports_or_logs(
    pair,
    settings,
    monkeypatch,
    caplog,
) -> None:
    mentee, _, mentorship = pair
    settings.ADMINS = [("Ops", "ops@example.org")]
    settings.DEBUG = False

    def broken(**kwargs: object) -> None:
        text = kwargs["text"]  # noqa: F841 - a local the error report would show
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "feedback_send", broken)
    client = Client(raise_request_exception=False)
    client.force_login(mentee.user)
    with caplog.at_level(logging.DEBUG):
        response = client.post(
            reverse("feedback:archive", args=[mentorship.pk]),
            {"kind": "appreciation", "text": SENTINEL},
        )
    assert response.status_code == 500
    reports = [m for m in mail.outbox if "ops@example.org" in m.to]
    assert reports, "the error report was sent"
    for report in reports:
        assert SENTINEL not in report.body
        assert isinstance(report, EmailMultiAlternatives)
        assert all(SENTINEL not in str(part[0]) for part in report.alternatives)
    assert SENTINEL not in caplog.text


@pytest.mark.django_db
def test_key_rotation_round_trips(pair, settings) -> None:
    mentee, _, mentorship = pair
    old_key = settings.FEEDBACK_ENCRYPTION_KEYS[0]
    entry = send(mentorship, mentee.user)
    new_key = Fernet.generate_key().decode()
    settings.FEEDBACK_ENCRYPTION_KEYS = [new_key, old_key]
    assert Feedback.objects.get(pk=entry.pk).text == SENTINEL  # old keys still decrypt
    call_command("rotate_feedback_key")
    settings.FEEDBACK_ENCRYPTION_KEYS = [new_key]
    assert Feedback.objects.get(pk=entry.pk).text == SENTINEL  # the new key alone suffices


@pytest.mark.django_db
def test_legal_disclosure_needs_two_staff_and_a_reason_and_is_shown(
    client: Client, pair, capsys
) -> None:
    mentee, _, mentorship = pair
    send(mentorship, mentee.user)
    first = make_member("legal1@example.org", is_staff=True)
    make_member("legal2@example.org", is_staff=True)
    make_member("member2@example.org")
    with pytest.raises(CommandError, match="Two different staff"):
        call_command(
            "disclose_feedback",
            mentorship.pk,
            "--staff",
            first.email,
            "--case",
            "C-1",
            "--reason",
            "Court order",
        )
    with pytest.raises(CommandError, match="active staff"):
        call_command(
            "disclose_feedback",
            mentorship.pk,
            "--staff",
            first.email,
            "--staff",
            "member2@example.org",
            "--case",
            "C-1",
            "--reason",
            "Court order",
        )
    with pytest.raises(CommandError, match="case reference"):
        call_command(
            "disclose_feedback",
            mentorship.pk,
            "--staff",
            first.email,
            "--staff",
            "legal2@example.org",
        )
    assert not LegalDisclosure.objects.exists()
    capsys.readouterr()

    call_command(
        "disclose_feedback",
        mentorship.pk,
        "--staff",
        "legal1@example.org",
        "--staff",
        "legal2@example.org",
        "--case",
        "C-2026-17",
        "--reason",
        "Subpoena",
    )
    assert SENTINEL in capsys.readouterr().out
    record = LegalDisclosure.objects.get()
    assert record.case_reference == "C-2026-17"
    client.force_login(mentee.user)
    html = client.get(reverse("feedback:archive", args=[mentorship.pk])).content.decode()
    assert "disclosed under a legal obligation (case C-2026-17)" in html
    # Where the two of them look most often too.
    html = client.get(mentorship.get_absolute_url()).content.decode()
    assert "disclosed under a legal obligation (case C-2026-17)" in html


@pytest.mark.django_db
def test_after_an_account_is_deleted_the_other_keeps_the_feedback(client: Client, pair) -> None:
    mentee, mentor, mentorship = pair
    send(mentorship, mentee.user, "From the mentee")
    send(mentorship, mentor.user, "From the mentor")
    mentee.user.delete()
    client.force_login(mentor.user)
    html = client.get(reverse("feedback:archive", args=[mentorship.pk])).content.decode()
    assert "From the mentee" in html and "From the mentor" in html
    assert "Former member" in html


@pytest.mark.django_db
def test_the_invitation_to_write_feedback_says_how_many_months_in_it_is(client: Client) -> None:
    mentee = make_mentee(display_name="Mia")
    mentor = make_mentor(display_name="Ada Baker")
    with time_machine.travel(datetime.datetime(2026, 8, 4, 15, tzinfo=datetime.UTC), tick=False):
        make_active(mentee, mentor)
    with time_machine.travel(datetime.datetime(2026, 12, 7, 11, tzinfo=datetime.UTC), tick=False):
        client.force_login(mentee.user)
        html = client.get(reverse("dashboard")).content.decode()
    assert "You are 4 months in. Tell Ada Baker how it is going" in html
    assert "one month in" not in html


@pytest.mark.django_db
def test_dashboard_invites_feedback_after_the_first_meeting_and_a_month_in(
    client: Client, pair
) -> None:
    mentee, mentor, mentorship = pair
    client.force_login(mentee.user)
    assert "Feedback time" not in client.get(reverse("dashboard")).content.decode()
    Meeting.objects.create(
        mentorship=mentorship,
        proposed_by=mentor.user,
        status=MeetingStatus.HELD,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
    )
    html = client.get(reverse("dashboard")).content.decode()
    assert "Your first meeting was held" in html
    send(mentorship, mentee.user, "Great first meeting")
    assert "Feedback time" not in client.get(reverse("dashboard")).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        client.force_login(mentee.user)  # sessions last two weeks
        html = client.get(reverse("dashboard")).content.decode()
        assert "You are 1 month in" in html and "how it is going" in html
        # Once it has ended, the invitation asks how it went.
        services_of_mentorships.mentorship_end(
            mentorship=mentorship, by=mentee.user, completed=True
        )
        html = client.get(reverse("dashboard")).content.decode()
        assert "Your mentorship has ended" in html and "how it went" in html
        assert "how it is going" not in html


@pytest.mark.django_db
def test_feedback_written_just_before_the_end_is_not_asked_for_again(
    client: Client, pair, time_machine
) -> None:
    mentee, mentor, mentorship = pair
    send(mentorship, mentee.user, "You helped me land the job")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=3))
    services_of_mentorships.mentorship_end(mentorship=mentorship, by=mentee.user, completed=True)
    client.force_login(mentee.user)
    assert "how it went" not in client.get(reverse("dashboard")).content.decode()
    client.force_login(mentor.user)
    assert "how it went" in client.get(reverse("dashboard")).content.decode()
    planned = reminders.plan_feedback_prompts(timezone.now())
    assert planned == 1
    assert Reminder.objects.get(kind="feedback_prompt").recipient == mentor.user


@pytest.mark.django_db
def test_a_request_not_accepted_has_no_feedback_archive(client: Client) -> None:
    mentee, mentor = make_mentee(), make_mentor()
    pending = make_request(mentee, mentor)
    declined = make_request(make_mentee(), mentor)
    services_of_mentorships.mentorship_decline(mentorship=declined, by=mentor.user)
    client.force_login(mentor.user)
    for mentorship in (pending, declined):
        assert client.get(reverse("feedback:archive", args=[mentorship.pk])).status_code == 404


@pytest.mark.django_db
def test_feedback_times_are_in_the_readers_own_time_zone(client: Client, time_machine) -> None:
    time_machine.move_to(datetime.datetime(2026, 12, 7, 8, 47, tzinfo=datetime.UTC), tick=False)
    mentee = make_mentee(display_name="Mia", time_zone="America/Toronto")
    mentor = make_mentor(display_name="Max", time_zone="America/Vancouver")
    mentorship = make_active(mentee, mentor)
    send(mentorship, mentee.user, "Thank you for the interview tips.")
    url = reverse("feedback:archive", args=[mentorship.pk])
    client.force_login(mentee.user)
    page = client.get(url).content.decode()
    assert "7 December 2026, 03:47" in page and "Times in America/Toronto." in page
    assert "08:47" not in page and "UTC" not in page
    client.force_login(mentor.user)
    assert "7 December 2026, 00:47" in client.get(url).content.decode()
