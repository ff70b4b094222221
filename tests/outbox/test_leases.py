"""The outbox's promises, one fault at a time: a message is marked sent the moment the server
accepted it, a sender that dies loses nothing, a slow sender keeps its batch, and monitoring
sees claims whose sender is gone. (test_killed_workers.py kills real workers at random.)"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.mail.message import EmailMessage
from django.core.management import call_command
from django.utils import timezone

from mentorconnect.outbox import sweep as outbox
from mentorconnect.outbox.models import Reminder, ReminderStatus
from mentorships import reminders
from tests.mentorships.helpers import make_request
from tests.profiles.factories import make_mentee, make_mentor

pytestmark = pytest.mark.django_db
# 18:00 UTC is noon in Chicago, where the factories' members live: inside their day.
NOON_CHICAGO = datetime.datetime(2026, 12, 1, 18, 0, tzinfo=datetime.UTC)
DUE = NOON_CHICAGO + datetime.timedelta(days=3, minutes=5)
LEASE = datetime.timedelta(minutes=10)


class Killed(BaseException):
    """The process dies: nothing after this line of the sender runs."""


class DyingBackend(EmailBackend):
    """Accepts each message like a server, then kills its sender after the `dies_after`th."""

    dies_after = 2

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        sent = super().send_messages(messages)
        if len(mail.outbox) == self.dies_after:
            raise Killed
        return sent


class SlowBackend(EmailBackend):
    """A server that takes four minutes over each message, while another sender keeps trying
    to claim reminders."""

    traveller: time_machine.Traveller
    taken_by_another: list[int]

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        SlowBackend.traveller.shift(datetime.timedelta(minutes=4))
        SlowBackend.taken_by_another += outbox.claim_due(timezone.now(), limit=100).ids
        return super().send_messages(messages)


def plan_waiting_requests(count: int) -> list[str]:
    """`count` requests three days old, each due a reminder to its mentor."""
    with time_machine.travel(NOON_CHICAGO, tick=False):
        mentors = [make_mentor() for _ in range(count)]
        for mentor in mentors:
            make_request(make_mentee(), mentor)
    reminders.plan_pending_requests(DUE)
    return [mentor.user.email for mentor in mentors]


def message_ids() -> Counter[str]:
    return Counter(str(message.extra_headers["Message-ID"]) for message in mail.outbox)


def test_a_sender_killed_mid_batch_loses_nothing_and_resends_only_the_message_in_flight(
    settings,
) -> None:
    plan_waiting_requests(5)
    settings.EMAIL_BACKEND = "tests.outbox.test_leases.DyingBackend"
    with time_machine.travel(DUE, tick=False), pytest.raises(Killed):
        outbox.send_due()
    # The first message was marked sent as soon as it was accepted; the second was accepted
    # too, but its sender died before it could write that down.
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == 1
    assert Reminder.objects.filter(status=ReminderStatus.CLAIMED).count() == 4

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(DUE + LEASE / 2, tick=False):
        assert outbox.send_due() == 0  # still the dead sender's
    with time_machine.travel(DUE + LEASE + datetime.timedelta(seconds=1), tick=False):
        assert outbox.send_due() == 4  # taken back
    assert not Reminder.objects.exclude(status=ReminderStatus.SENT).exists()
    sent = message_ids()
    assert set(sent) == {reminder.message_id for reminder in Reminder.objects.all()}
    assert sorted(sent.values()) == [1, 1, 1, 1, 2]


def test_a_batch_slower_than_its_lease_renews_it_and_keeps_its_rows(settings) -> None:
    emails = plan_waiting_requests(6)
    settings.EMAIL_BACKEND = "tests.outbox.test_leases.SlowBackend"
    SlowBackend.taken_by_another = []
    with time_machine.travel(DUE, tick=False) as traveller:
        SlowBackend.traveller = traveller
        assert outbox.send_due() == 6  # 24 minutes: more than two leases
    assert SlowBackend.taken_by_another == []
    assert sorted(message.to[0] for message in mail.outbox) == sorted(emails)


def test_a_sender_whose_lease_ran_out_leaves_its_rows_to_the_one_that_took_them() -> None:
    plan_waiting_requests(2)
    with time_machine.travel(DUE, tick=False):
        first = outbox.claim_due(timezone.now(), limit=10)
    with time_machine.travel(DUE + LEASE + datetime.timedelta(seconds=1), tick=False):
        second = outbox.claim_due(timezone.now(), limit=10)
        assert sorted(second.ids) == sorted(first.ids)
        assert not any(first.holds(pk) for pk in first.ids)
        assert all(second.holds(pk) for pk in second.ids)


def test_the_backlog_counts_late_rows_still_being_sent_and_claims_whose_sender_died(
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan_waiting_requests(2)
    claim = outbox.claim_due(DUE, limit=1)
    assert outbox.backlog(DUE) == outbox.Backlog(overdue=0, stale_claims=0)
    # Forty minutes on, one is still waiting and the other still claimed by its sender, now
    # gone: both are overdue, and the claim is stale.
    later = DUE + datetime.timedelta(minutes=40)
    assert outbox.backlog(later) == outbox.Backlog(overdue=2, stale_claims=1)
    # A sender still renewing its lease is late, not stale.
    Reminder.objects.filter(pk__in=claim.ids).update(lease_until=later + LEASE)
    assert outbox.backlog(later) == outbox.Backlog(overdue=2, stale_claims=0)
    # Ten minutes into a claim whose sender died: not yet late, but monitoring hears of it.
    Reminder.objects.filter(pk__in=claim.ids).update(lease_until=DUE)
    with (
        time_machine.travel(DUE + datetime.timedelta(minutes=11), tick=False),
        pytest.raises(SystemExit),
    ):
        call_command("reminders_backlog")
    assert "0 reminder(s) overdue by more than 30 minutes; 1 claimed by a sender whose lease" in (
        capsys.readouterr().out
    )
