from __future__ import annotations

import datetime

import grimp
import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorconnect import emails
from mentorconnect.outbox import sweep as outbox
from mentorconnect.outbox.kinds import reminder_kinds
from mentorconnect.outbox.models import Reminder
from mentorships import reminders
from mentorships.models import Mentorship
from tests.mentorships.helpers import make_request
from tests.profiles.factories import make_mentee, make_mentor

APPS = ["profiles", "mentorships", "feedback", "programs"]
# 18:00 UTC is noon in Chicago, where the factories' members live: inside their day.
NOON_CHICAGO = datetime.datetime(2026, 12, 1, 18, 0, tzinfo=datetime.UTC)


def test_the_outbox_imports_no_app() -> None:
    graph = grimp.build_graph("mentorconnect", *APPS)
    for app in APPS:
        chain = graph.find_shortest_chain(importer="mentorconnect.outbox", imported=app)
        assert chain is None, chain


def test_each_app_registers_its_own_reminder_kinds() -> None:
    assert sorted(kind.name for kind in reminder_kinds) == sorted(
        [
            "pending_request",
            "check_in_due",
            "upcoming_meeting",
            "planned_end",
            "availability_paused",
            "waiting_list_place",
            "no_request_yet",
            "feedback_prompt",
            "profile_unfinished",
            "mentor_invitation",
            "program_deadline",
            "cohort_not_matched",
            "cohort_milestone",
            "cohort_coordinator",
            "circle_meeting",
            "circle_check_in",
            "circle_place",
            "circle_join_request",
            "circle_join_answer",
            "circle_member_left",
            "circle_ended",
            "share_contact",
            "agreement_to_confirm",
        ]
    )
    assert reminder_kinds.label("feedback_prompt") == "Invitations to leave feedback"


@pytest.mark.parametrize("kind", reminder_kinds.names())
def test_every_kind_renders_a_subject_a_text_and_an_html_part(kind: str) -> None:
    message = emails.build(
        reminder_kinds[kind].template,
        to=["ada@example.org"],
        # In English, as the sweep sends to a member who chose no language (no query needed).
        language="en",
        context={
            "greeting": "Ada",
            "unsubscribe_url": "https://mc.example/unsubscribe/token/",
            "action_url": "https://mc.example/next-step/",
            "other_name": "Max",
            "mentor_name": "Cora",
            "starts_at": NOON_CHICAGO,
            "zone": "America/Chicago",
        },
    )
    html, mimetype = message.alternatives[0]
    assert isinstance(html, str)
    assert message.subject.strip() and "\n" not in message.subject
    assert message.body.startswith("Hello Ada,\n\n")
    for part in (message.body, html):
        assert "https://mc.example/unsubscribe/token/" in part
        assert "https://mc.example/next-step/" in part
    assert mimetype == "text/html" and "<p>Hello Ada,</p>" in html


def test_a_reminder_of_a_kind_no_app_registers_is_rejected() -> None:
    with pytest.raises(Exception, match="not a registered reminder kind"):
        Reminder.objects.plan([Reminder(recipient_id=1, kind="horoscope", subject="-", period="-")])


def sent_with_queries(requests: int) -> tuple[int, int]:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        for _ in range(requests):
            make_request(make_mentee(), make_mentor())
    moment = NOON_CHICAGO + datetime.timedelta(days=3, minutes=5)
    reminders.plan_pending_requests(moment)
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as queries:
        sent = outbox.send_due(moment)
    Reminder.objects.all().delete()
    Mentorship.objects.all().delete()
    return sent, len(queries)


@pytest.mark.django_db
def test_a_batch_costs_the_same_queries_whatever_its_size_but_one_update_per_message() -> None:
    few_sent, few_queries = sent_with_queries(2)
    many_sent, many_queries = sent_with_queries(6)
    assert (few_sent, many_sent) == (2, 6)
    # Each message is marked sent in its own transaction the moment the server accepted it.
    assert many_queries - few_queries == many_sent - few_sent
