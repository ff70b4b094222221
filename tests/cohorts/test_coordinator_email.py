"""A member staff name coordinator of a program in the admin is emailed where to start."""

from __future__ import annotations

import datetime

from django.core import mail
from django.test import Client
from django.urls import reverse

from mentorconnect.outbox import sweep as outbox
from profiles.models import User
from programs.cohorts.models import Coordinator
from tests.conftest import make_member
from tests.programs.conftest import make_program


def test_a_member_named_coordinator_in_the_admin_is_emailed_where_to_start(
    client: Client, staff: User, today: datetime.date
) -> None:
    program = make_program()
    member = make_member("cora@example.org")
    client.force_login(staff)
    response = client.post(
        reverse("admin:cohorts_coordinator_add"), {"user": member.pk, "program": program.pk}
    )
    assert response.status_code == 302
    coordinator = Coordinator.objects.get(user=member)

    outbox.sweep()
    [email] = [message for message in mail.outbox if message.to == ["cora@example.org"]]
    assert email.subject == f"You coordinate {program.name} on MentorConnect"
    body = str(email.body)
    assert f"You are now a coordinator of {program.name} on MentorConnect" in body
    assert reverse("cohorts:coordinate") in body
    assert reverse("cohorts:cohort_new", args=[program.slug]) in body
    assert program.get_absolute_url() in body
    assert "You get this reminder" not in body
    assert "emails about “being named coordinator of a program” are on" in body

    # Saved again unchanged, it says nothing more; no longer a coordinator, nothing is sent.
    mail.outbox.clear()
    client.post(
        reverse("admin:cohorts_coordinator_change", args=[coordinator.pk]),
        {"user": member.pk, "program": program.pk},
    )
    outbox.sweep()
    assert not mail.outbox
