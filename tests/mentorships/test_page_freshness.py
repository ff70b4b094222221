"""A mentorship's page shows each of the two the other's change at once."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from mentorships import services
from mentorships.models import Meeting, MeetingStatus
from tests.profiles.factories import make_mentee, make_mentor

from .helpers import make_active

pytestmark = pytest.mark.django_db


def test_the_other_persons_proposal_shows_at_once(client: Client) -> None:
    mentee = make_mentee(display_name="Mia")
    mentor = make_mentor(display_name="Max")
    mentorship = make_active(mentee, mentor)
    client.force_login(mentor.user)
    url = mentorship.get_absolute_url()
    assert "Accept this time" not in client.get(url).content.decode()

    # Mia proposes a time: none of Max's own rows change.
    services.meeting_propose(
        mentorship=mentorship, by=mentee.user, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    assert "Accept this time" in client.get(url).content.decode()

    # Max accepts it: Mia's page moves on too.
    client.force_login(mentee.user)
    client.get(url)
    assert "Waiting for Max to answer." in client.get(url).content.decode()
    services.meeting_confirm(meeting=Meeting.objects.get(), by=mentor.user)
    page = client.get(url).content.decode()
    assert "Waiting for Max to answer." not in page
    assert str(MeetingStatus.CONFIRMED.label) in page
