"""Cohorts that require membership read what the association's sign-in recorded, where the
site offers it (programs.cohorts.models.counts_as_member)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from profiles.models import Membership, MembershipStatus, Profile
from programs.cohorts.models import Application, Cohort
from programs.models import Membership as ProgramMembership
from tests.cohorts.conftest import TODAY, make_cohort
from tests.profiles.factories import make_mentee
from tests.programs.conftest import make_program, make_unit

REFUSED = "is for members of the association: this cohort needs membership."


@pytest.fixture
def today(db: None, time_machine: Any) -> datetime.date:
    """The cohorts' frozen day (tests/cohorts/conftest.py), its windows open."""
    time_machine.move_to(datetime.datetime(2025, 3, 10, 17, tzinfo=datetime.UTC), tick=False)
    return TODAY


@pytest.fixture
def sso_offered(settings: Any) -> None:
    # Applying reads no claims: a configured provider is enough (nothing is fetched from it).
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "association",
                    "client_id": "mentorconnect",
                    "secret": "secret",
                    "settings": {"server_url": "http://127.0.0.1:9/o"},
                }
            ]
        }
    }


def record(profile: Profile, status: str, units: list[str], days_ago: int = 3) -> None:
    Membership.objects.create(
        user=profile.user,
        status=status,
        units=units,
        seen_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def apply(client: Client, profile: Profile, cohort: Cohort) -> str:
    client.force_login(profile.user)
    url = reverse("cohorts:apply", args=[cohort.pk, "mentee"])
    response = client.post(url, {"answer_0": "Grow as a leader.", "is_member": "on"}, follow=True)
    return response.content.decode()


def test_without_a_recorded_membership_a_tick_is_not_enough_and_the_form_says_how(
    client: Client, today: datetime.date, sso_offered: None
) -> None:
    cohort = make_cohort(membership_required=True)
    mentee = make_mentee()
    client.force_login(mentee.user)
    form = client.get(reverse("cohorts:apply", args=[cohort.pk, "mentee"])).content.decode()
    assert "Sign out and sign in that way once" in form

    assert REFUSED in apply(client, mentee, cohort)
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("status", "days_ago", "accepted"),
    [
        (MembershipStatus.ACTIVE, 3, True),
        (MembershipStatus.LAPSED, 3, False),
        # Active when last seen, but over 400 days ago: no longer proof.
        (MembershipStatus.ACTIVE, 401, False),
    ],
)
def test_recorded_membership_decides(
    client: Client,
    today: datetime.date,
    sso_offered: None,
    status: str,
    days_ago: int,
    accepted: bool,
) -> None:
    cohort = make_cohort(membership_required=True)
    mentee = make_mentee()
    record(mentee, status, [], days_ago)
    page = apply(client, mentee, cohort)
    assert Application.objects.filter(applicant=mentee.user, is_member=True).exists() == accepted
    assert (REFUSED in page) != accepted


def test_a_program_for_members_of_its_round_table_needs_that_unit(
    client: Client, today: datetime.date, sso_offered: None
) -> None:
    program = make_program(unit=make_unit("NMRT"), membership=ProgramMembership.UNIT)
    cohort = make_cohort(program, membership_required=True)
    outsider, insider = make_mentee(), make_mentee()
    record(outsider, MembershipStatus.ACTIVE, ["ACRL"])
    record(insider, MembershipStatus.ACTIVE, ["ACRL", "NMRT"])

    client.force_login(outsider.user)
    form = client.get(reverse("cohorts:apply", args=[cohort.pk, "mentee"])).content.decode()
    assert "did not list NMRT among your memberships" in form
    assert REFUSED in apply(client, outsider, cohort)
    apply(client, insider, cohort)
    assert list(Application.objects.values_list("applicant", flat=True)) == [insider.user.pk]


def test_without_single_sign_on_the_applicant_says_so_themselves(
    client: Client, today: datetime.date
) -> None:
    cohort = make_cohort(membership_required=True)
    mentee = make_mentee()
    apply(client, mentee, cohort)
    assert Application.objects.get(applicant=mentee.user).is_member
