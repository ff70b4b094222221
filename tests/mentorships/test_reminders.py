from __future__ import annotations

import datetime
import html
import threading

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from mentorconnect.outbox import sweep as outbox
from mentorconnect.outbox.models import Reminder, ReminderStatus
from mentorconnect.outbox.unsubscribe import unsubscribe_url
from mentorships import reminders, services
from mentorships.models import Meeting, MeetingStatus, Status
from profiles.models import Profile
from tests.conftest import make_member
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_active, make_request

# 18:00 UTC is noon in Chicago, where the factories' members live: inside their day.
NOON_CHICAGO = datetime.datetime(2026, 12, 1, 18, 0, tzinfo=datetime.UTC)


def mails_to(email: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [email]]


def sweep_at(moment: datetime.datetime) -> dict[str, int]:
    with time_machine.travel(moment, tick=False):
        return outbox.sweep()


@pytest.mark.django_db
def test_a_waiting_request_reminds_the_mentor_at_3_and_7_days_once_each() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentor = make_mentor(display_name="Max")
        make_request(make_mentee(display_name="Mia"), mentor)
    for day in (1, 3, 3, 5, 7, 7, 8):
        sweep_at(NOON_CHICAGO + datetime.timedelta(days=day, minutes=5))
    sent = mails_to(mentor.user.email)
    assert [m.subject for m in sent] == ["Mia is waiting for your answer"] * 2
    assert "3 days ago" in sent[0].body and "7 days ago" in sent[1].body
    # A reminder's footer says it is one, and how to stop reminders of its kind.
    assert "You get this reminder because reminders of this kind are on." in sent[0].body


@pytest.mark.django_db
def test_after_14_days_the_request_expires_and_the_mentor_is_paused_and_told(
    django_capture_on_commit_callbacks,
) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentor = make_mentor(display_name="Max")
        mentorship = make_request(make_mentee(display_name="Mia"), mentor)
    with django_capture_on_commit_callbacks(execute=True):
        services.expire_unanswered_requests(
            now=NOON_CHICAGO + datetime.timedelta(days=14, minutes=1)
        )
    sweep_at(NOON_CHICAGO + datetime.timedelta(days=14, minutes=5))
    mentorship.refresh_from_db()
    mentor.refresh_from_db()
    assert mentorship.status == Status.EXPIRED
    assert not mentor.accepting_requests
    paused = [m for m in mails_to(mentor.user.email) if "availability is paused" in m.subject]
    assert len(paused) == 1
    assert "Resume my availability" in paused[0].body
    # It tells of what happened: no reminder, and its footer does not call it one.
    assert "You get this reminder" not in paused[0].body
    assert (
        "You get this email because emails about “your availability was paused” are on. "
        "Turn them off with one click: http"
    ) in paused[0].body


@pytest.mark.django_db
def test_reminders_wait_for_the_recipients_daytime() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentor = make_mentor()
        make_request(make_mentee(), mentor)
    night = NOON_CHICAGO + datetime.timedelta(days=3, hours=16)  # 04:00 in Chicago
    sweep_at(night)
    assert mails_to(mentor.user.email) == []
    reminder = Reminder.objects.get()
    assert reminder.status == ReminderStatus.DUE
    assert reminder.due_at.astimezone(datetime.timezone(datetime.timedelta(hours=-6))).hour == 9
    sweep_at(night + datetime.timedelta(hours=5, minutes=30))  # 09:30 in Chicago
    assert len(mails_to(mentor.user.email)) == 1


@pytest.mark.django_db
def test_a_kind_turned_off_is_not_sent(client: Client) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentor = make_mentor()
        make_request(make_mentee(), mentor)
    client.force_login(mentor.user)
    client.post("/mentorships/reminders/", {"on": ["check_in_due"]})
    sweep_at(NOON_CHICAGO + datetime.timedelta(days=3, minutes=5))
    assert mails_to(mentor.user.email) == []
    assert Reminder.objects.get().status == ReminderStatus.SKIPPED


@pytest.mark.django_db
def test_one_click_unsubscribe_works_without_signing_in(client: Client) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentor = make_mentor()
        make_request(make_mentee(), mentor)
    sweep_at(NOON_CHICAGO + datetime.timedelta(days=3, minutes=5))
    (message,) = mails_to(mentor.user.email)
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Message-ID"].startswith("<reminder-")
    assert link in message.body
    path = link.removeprefix("http://127.0.0.1:8000")
    assert "Unsubscribe" in client.get(path).content.decode()
    client.post(path, {"List-Unsubscribe": "One-Click"})
    mentor.user.refresh_from_db()
    assert mentor.user.reminders_off == ["pending_request"]
    assert client.get(path.replace("/unsubscribe/", "/unsubscribe/x")).status_code == 400
    sweep_at(NOON_CHICAGO + datetime.timedelta(days=7, minutes=5))
    assert len(mails_to(mentor.user.email)) == 1


@pytest.mark.django_db
def test_unsubscribe_page_speaks_the_recipients_language_without_signing_in(
    client: Client,
) -> None:
    mentor = make_mentor()
    mentor.user.language = "fr"
    mentor.user.save(update_fields=["language"])
    link = unsubscribe_url(mentor.user, "upcoming_meeting")
    path = link.removeprefix("http://127.0.0.1:8000")
    page = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Ne plus recevoir de rappels pour" in page
    assert "rencontres dans les prochaines 24 heures" in page
    assert "Se désabonner" in page
    done = client.post(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Stop reminders" not in done and "Unsubscribe" not in done


@pytest.mark.django_db
def test_unsubscribing_from_a_notification_speaks_of_emails_not_reminders(
    client: Client,
) -> None:
    path = unsubscribe_url(make_mentee().user, "circle_place").removeprefix("http://127.0.0.1:8000")
    page = html.unescape(client.get(path).content.decode())
    assert "Stop emails about “a place opened in a circle for your areas”?" in page
    done = html.unescape(client.post(path).content.decode())
    assert "you will no longer get emails about “a place opened in a circle" in done
    assert "reminders about" not in page + done


@pytest.mark.django_db
def test_a_claim_whose_worker_died_is_sent_once_after_the_lease() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentor = make_mentor()
        make_request(make_mentee(), mentor)
    moment = NOON_CHICAGO + datetime.timedelta(days=3, minutes=5)
    with time_machine.travel(moment, tick=False):
        reminders.plan_pending_requests(timezone.now())
        claimed = outbox.claim_due(timezone.now(), limit=10)  # ...and the worker dies here
    assert len(claimed.ids) == 1
    sweep_at(moment + datetime.timedelta(minutes=5))  # still leased: nothing
    assert mails_to(mentor.user.email) == []
    sweep_at(moment + datetime.timedelta(minutes=15))
    sweep_at(moment + datetime.timedelta(minutes=20))
    assert len(mails_to(mentor.user.email)) == 1


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentors = [make_mentor() for _ in range(6)]
        for mentor in mentors:
            make_request(make_mentee(), mentor)
    moment = NOON_CHICAGO + datetime.timedelta(days=3, minutes=5)
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            barrier.wait()
            outbox.sweep(now=moment)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for mentor in mentors:
        waiting = [m for m in mails_to(mentor.user.email) if "waiting for your answer" in m.subject]
        assert len(waiting) == 1


@pytest.mark.django_db
def test_upcoming_meeting_reminds_both_with_the_calendar_file() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentee, mentor = make_mentee(), make_mentor()
        mentorship = make_active(mentee, mentor)
        Meeting.objects.create(
            mentorship=mentorship,
            proposed_by=mentee.user,
            starts_at=NOON_CHICAGO + datetime.timedelta(hours=20),
            status=MeetingStatus.CONFIRMED,
        )
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))
    for person in (mentee, mentor):
        (message,) = [m for m in mails_to(person.user.email) if "share one way" not in m.subject]
        assert message.subject.startswith("Mentoring meeting tomorrow")
        assert message.attachments[0][0] == "meeting.ics"


def _meeting_reminders_at(hours_ahead: float, language: str = "en") -> list[str]:
    """Subjects of the upcoming-meeting reminders both people get five minutes after noon in
    Chicago, for a confirmed meeting the given number of hours after noon."""
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentee, mentor = make_mentee(), make_mentor()
        for person in (mentee, mentor):
            person.user.language = language
            person.user.save(update_fields=["language"])
        Meeting.objects.create(
            mentorship=make_active(mentee, mentor),
            proposed_by=mentee.user,
            starts_at=NOON_CHICAGO + datetime.timedelta(hours=hours_ahead),
            status=MeetingStatus.CONFIRMED,
        )
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))
    return [
        str(m.subject)
        for person in (mentee, mentor)
        for m in mails_to(person.user.email)
        if m.attachments
    ]


@pytest.mark.django_db
def test_a_meeting_later_today_is_reminded_as_today() -> None:
    # 12:30 in Chicago, less than half an hour after the reminder goes out at 12:05.
    assert _meeting_reminders_at(0.5) == ["Mentoring meeting today at 12:30"] * 2


@pytest.mark.django_db
def test_today_and_tomorrow_are_the_recipients_days_not_utc() -> None:
    # 21:00 in Chicago is 03:00 the next day in UTC: still today for them.
    assert _meeting_reminders_at(9) == ["Mentoring meeting today at 21:00"] * 2


@pytest.mark.django_db
def test_a_meeting_after_midnight_is_reminded_as_tomorrow_with_its_day() -> None:
    assert _meeting_reminders_at(20) == ["Mentoring meeting tomorrow, Wednesday 08:00"] * 2


@pytest.mark.django_db
def test_a_meeting_later_today_is_today_in_french_and_spanish() -> None:
    assert _meeting_reminders_at(0.5, "fr") == ["Rencontre de mentorat aujourd'hui à 12:30"] * 2
    mail.outbox.clear()
    assert _meeting_reminders_at(0.5, "es") == ["Reunión de mentoría hoy a las 12:30"] * 2


@pytest.mark.django_db
def test_check_in_and_planned_end_reminders() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentee, mentor = make_mentee(), make_mentor()
        make_active(mentee, mentor)
    # Monthly rhythm plus 3 days of grace, no meeting: a check-in is due, once per period.
    sweep_at(NOON_CHICAGO + datetime.timedelta(days=34))
    sweep_at(NOON_CHICAGO + datetime.timedelta(days=35))
    check_ins = [m for m in mails_to(mentee.user.email) if m.subject.startswith("Time to check in")]
    assert len(check_ins) == 1
    # Two weeks before the planned six months end.
    sweep_at(NOON_CHICAGO + datetime.timedelta(days=170))
    assert any("planned end" in m.subject for m in mails_to(mentor.user.email))


@pytest.mark.django_db
def test_new_members_are_nudged_to_finish_their_profile_and_to_ask() -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        newcomer = make_member("new@example.org")
        mentee = make_mentee()
        make_mentor(expertise=["Reference services"])
    sweep_at(NOON_CHICAGO + datetime.timedelta(days=2, minutes=5))
    sweep_at(NOON_CHICAGO + datetime.timedelta(days=7, minutes=5))
    assert [m.subject for m in mails_to(newcomer.email)] == [
        "Finish your MentorConnect profile"
    ] * 2
    asked = [
        m for m in mails_to(mentee.user.email) if m.subject == "Three mentors who could help you"
    ]
    assert len(asked) == 1


@pytest.mark.django_db
def test_a_saved_programs_deadline_is_announced_a_week_before() -> None:
    from programs.models import SavedProgram
    from tests.programs.conftest import make_program

    program = make_program(closes_on=(NOON_CHICAGO + datetime.timedelta(days=6)).date())
    member = make_member("saver@example.org")
    Profile.objects.create(user=member, display_name="Saver", time_zone="America/Chicago")
    SavedProgram.objects.create(user=member, program=program)
    sweep_at(NOON_CHICAGO)
    sweep_at(NOON_CHICAGO + datetime.timedelta(hours=1))
    deadlines = [m for m in mails_to(member.email) if "close on" in m.subject]
    assert len(deadlines) == 1


@pytest.mark.django_db
def test_the_backlog_command_fails_when_reminders_are_overdue() -> None:
    call_command("reminders_backlog")
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentor = make_mentor()
        make_request(make_mentee(), mentor)
        reminders.plan_pending_requests(NOON_CHICAGO + datetime.timedelta(days=3))
    with (
        time_machine.travel(NOON_CHICAGO + datetime.timedelta(days=4), tick=False),
        pytest.raises(SystemExit),
    ):
        call_command("reminders_backlog")


@pytest.mark.django_db
def test_feedback_prompts_after_the_first_meeting_held_until_feedback_is_written() -> None:
    from feedback import services as feedback_services

    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentee, mentor = make_mentee(), make_mentor()
        mentorship = make_active(mentee, mentor)
        Meeting.objects.create(
            mentorship=mentorship,
            proposed_by=mentee.user,
            starts_at=NOON_CHICAGO + datetime.timedelta(days=2),
            status=MeetingStatus.HELD,
        )
    sweep_at(NOON_CHICAGO + datetime.timedelta(days=2, hours=1))
    sweep_at(NOON_CHICAGO + datetime.timedelta(days=3))
    for person in (mentee, mentor):
        prompts = [
            m for m in mails_to(person.user.email) if m.subject.startswith("How is it going")
        ]
        assert len(prompts) == 1
    with time_machine.travel(NOON_CHICAGO + datetime.timedelta(days=32), tick=False):
        feedback_services.feedback_send(
            mentorship=mentorship, by=mentee.user, kind="check_in", text="Going well", rating=5
        )
    sweep_at(NOON_CHICAGO + datetime.timedelta(days=32, hours=1))
    one_month = [m for m in mail.outbox if m.subject.startswith("How is it going")]
    assert [m.to for m in one_month[2:]] == [[mentor.user.email]]


@pytest.mark.django_db
def test_temporary_smtp_failures_are_retried_with_backoff_and_permanent_ones_recorded(
    settings,
) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentor = make_mentor()
        make_request(make_mentee(), mentor)
    moment = NOON_CHICAGO + datetime.timedelta(days=3, minutes=5)

    settings.EMAIL_BACKEND = "tests.mentorships.failing_mail.TemporarilyDownBackend"
    sweep_at(moment)
    reminder = Reminder.objects.get()
    assert reminder.status == ReminderStatus.DUE
    assert reminder.last_error == "SMTPServerDisconnected"
    assert reminder.due_at > moment  # backed off

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sweep_at(moment + datetime.timedelta(minutes=1))
    assert mails_to(mentor.user.email) == []  # still backing off
    sweep_at(moment + datetime.timedelta(minutes=10))
    assert len(mails_to(mentor.user.email)) == 1
    assert Reminder.objects.get().status == ReminderStatus.SENT

    settings.EMAIL_BACKEND = "tests.mentorships.failing_mail.RefusingBackend"
    sweep_at(moment + datetime.timedelta(days=4))  # the day-7 reminder
    refused = Reminder.objects.get(period="day-7")
    assert refused.status == ReminderStatus.FAILED
    assert refused.last_error == "SMTPRecipientsRefused"
