"""A mentorship email whose address the mail server refuses for good (a typo, a closed mailbox)
is not tried again every sweep, and staff see why on the mentorship's admin page."""

from __future__ import annotations

import pytest
import time_machine
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from mentorconnect.outbox.sweep import lease_length
from mentorships import tasks
from mentorships.models import Event
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_request

pytestmark = pytest.mark.django_db

REFUSING = "tests.mentorships.failing_mail.RefusingBackend"


def test_a_refused_address_is_marked_failed_shown_to_staff_and_not_tried_again(
    admin_client: Client,
) -> None:
    mentor = make_mentor(display_name="Max Mentor")
    mentorship = make_request(make_mentee(display_name="Mia"), mentor)
    event = Event.objects.get(mentorship=mentorship)
    with override_settings(EMAIL_BACKEND=REFUSING):
        assert tasks.send_event_email(event.pk) is False
    event.refresh_from_db()
    assert event.email_failed_at is not None and event.emailed_at is None
    assert "No such user" in event.email_error

    # Later sweeps leave it alone: the mail server would refuse it again.
    with time_machine.travel(timezone.now() + 3 * lease_length()):
        assert tasks.send_unsent_emails() == 0
    assert mail.outbox == []

    page = admin_client.get(reverse("admin:mentorships_mentorship_change", args=[mentorship.pk]))
    assert "emails the mail server refused" in page.content.decode().lower()
    assert "No such user" in page.content.decode()


def test_a_mail_server_down_is_tried_again_by_the_sweep() -> None:
    mentor = make_mentor(display_name="Max Mentor")
    mentorship = make_request(make_mentee(display_name="Mia"), mentor)
    event = Event.objects.get(mentorship=mentorship)
    with override_settings(EMAIL_BACKEND="tests.mentorships.failing_mail.TemporarilyDownBackend"):
        assert tasks.send_event_email(event.pk) is False
    event.refresh_from_db()
    assert event.email_failed_at is None and event.emailed_at is None
    with time_machine.travel(timezone.now() + 2 * lease_length()):
        assert tasks.send_unsent_emails() == 1
    assert [m.to for m in mail.outbox] == [[mentor.user.email]]
