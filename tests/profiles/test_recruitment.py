"""Recruiting mentors: one step to mentoring, and staff invitations where mentors are short."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.test import Client
from django.urls import reverse

from mentorconnect.outbox import sweep as outbox
from mentorconnect.outbox.models import Reminder
from profiles import recruitment
from profiles.models import Profile
from tests.conftest import PASSWORD, make_member

from .factories import area, city, make_mentee, make_mentor, make_profile, stage

NOON_CHICAGO = datetime.datetime(2026, 12, 1, 18, 0, tzinfo=datetime.UTC)
CATALOGING = "Cataloging (original and copy)"


def invitations_to(email: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [email] and "someone like you" in m.subject]


@pytest.mark.django_db
def test_mid_career_member_switches_on_mentoring_from_the_dashboard_and_is_found(
    client: Client,
) -> None:
    member = make_profile(
        email="mid@example.org",
        display_name="Morgan Mid",
        career_stage=stage("Mid-career (5-15 years)"),
        expertise=[CATALOGING],
    )
    make_mentee(email="looking@example.org", wanted=[CATALOGING])
    client.login(email="mid@example.org", password=PASSWORD)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Mentees are looking for someone with your experience" in dashboard

    response = client.post(reverse("profiles:start_mentoring"), {"mentor_capacity": "2"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.can_mentor, member.mentor_capacity, member.accepting_requests) == (True, 2, True)

    client.logout()
    client.login(email="looking@example.org", password=PASSWORD)
    results = client.get(reverse("profiles:find_mentor"), {"q": "Morgan"}).content.decode()
    assert "Morgan Mid" in results


@pytest.mark.django_db
def test_a_new_mid_career_mentee_sees_the_mentors_suggested_for_them_before_mentoring(
    client: Client,
) -> None:
    make_mentor(display_name="Ada Mentor", expertise=[CATALOGING])
    make_mentee(
        email="changer@example.org",
        career_stage=stage("Mid-career (5-15 years)"),
        wanted=[CATALOGING],
    )
    client.login(email="changer@example.org", password=PASSWORD)
    dashboard = client.get(reverse("dashboard")).content.decode()
    suggested = dashboard.index("Mentors suggested for you")
    assert suggested < dashboard.index("Ada Mentor")
    # The invitation to mentor is still there, as warm, right after the suggestions.
    invitation = dashboard.index("Mentees are looking for someone with your experience")
    assert dashboard.index("Ada Mentor") < invitation < dashboard.index("Your mentorships")
    assert dashboard.count("I can also mentor") == 1


@pytest.mark.django_db
def test_an_early_career_member_is_offered_mentoring_too_but_further_down(client: Client) -> None:
    make_profile(email="early@example.org", career_stage=stage("LIS student"))
    client.login(email="early@example.org", password=PASSWORD)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "You can mentor too, at any stage" in dashboard
    assert dashboard.index("You can mentor too") > dashboard.index("Your mentorships")


@pytest.mark.django_db
def test_starting_without_areas_asks_for_them_and_keeps_the_capacity(client: Client) -> None:
    member = make_profile(email="new@example.org")
    client.login(email="new@example.org", password=PASSWORD)
    response = client.post(reverse("profiles:start_mentoring"), {"mentor_capacity": "3"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose at least one area you can mentor in." in page
    assert 'value="3"' in page
    member.refresh_from_db()
    assert not member.can_mentor

    cataloging = area(CATALOGING)
    client.post(
        reverse("profiles:start_mentoring"), {"mentor_capacity": "3", "expertise": [cataloging.pk]}
    )
    member.refresh_from_db()
    assert member.can_mentor and list(member.expertise.all()) == [cataloging]


@pytest.mark.django_db
def test_a_capacity_out_of_range_is_refused_on_the_same_page(client: Client) -> None:
    make_profile(email="many@example.org", expertise=[CATALOGING])
    client.login(email="many@example.org", password=PASSWORD)
    response = client.post(reverse("profiles:start_mentoring"), {"mentor_capacity": "9"})
    assert response.status_code == 200
    assert "less than or equal to 5" in response.content.decode()
    assert not Profile.objects.get(user__email="many@example.org").can_mentor


@pytest.mark.django_db
def test_staff_invite_members_where_mentors_are_short_once_a_quarter(client: Client, staff) -> None:
    with time_machine.travel(NOON_CHICAGO, tick=False):
        toronto = city("Toronto", "CA")
        for _ in range(3):
            make_mentee(wanted=[CATALOGING], city=toronto)
        fits = make_profile(email="fits@example.org", city=toronto, expertise=[CATALOGING])
        make_profile(email="elsewhere@example.org", city=city("Chicago"), expertise=[CATALOGING])
        make_profile(email="other-area@example.org", city=toronto, expertise=["Reference services"])
        quiet = make_profile(email="quiet@example.org", city=toronto, expertise=[CATALOGING])
        quiet.user.reminders_off = ["mentor_invitation"]
        quiet.user.save()
        make_mentor(email="mentor@example.org", city=toronto, expertise=["Reference services"])

        client.force_login(staff)
        page = client.get(reverse("recruit_mentors")).content.decode()
        assert "Ontario, CA" in page and CATALOGING in page
        form = {"areas": [area(CATALOGING).pk], "regions": ["Ontario, CA"]}
        response = client.post(reverse("recruit_mentors"), form, follow=True)
        assert "1 member will be invited" in response.content.decode()
        outbox.sweep()
    assert len(invitations_to("fits@example.org")) == 1
    for email in ["elsewhere@example.org", "other-area@example.org", "quiet@example.org"]:
        assert invitations_to(email) == []
    message = invitations_to("fits@example.org")[0]
    assert "become-a-mentor" in message.body
    assert isinstance(message, EmailMultiAlternatives) and message.alternatives
    assert "List-Unsubscribe" in message.extra_headers

    # A second campaign in the same quarter invites nobody again, even straight through the
    # service (the database allows one invitation per member per quarter).
    with time_machine.travel(NOON_CHICAGO + datetime.timedelta(days=1), tick=False):
        response = client.post(reverse("recruit_mentors"), form, follow=True)
        assert "Nobody new to invite there" in response.content.decode()
        Reminder.objects.bulk_create(
            [
                Reminder(
                    recipient=fits.user,
                    kind="mentor_invitation",
                    subject="campaign:999",
                    period=recruitment.quarter_of(NOON_CHICAGO),
                    due_at=NOON_CHICAGO,
                )
            ],
            ignore_conflicts=True,
        )
        outbox.sweep()
    assert len(invitations_to("fits@example.org")) == 1
    assert Reminder.objects.filter(kind="mentor_invitation").count() == 1


@pytest.mark.django_db
def test_invite_colleague_sends_once_is_rate_limited_and_keeps_no_address(
    client: Client, member
) -> None:
    client.login(email=member.email, password=PASSWORD)
    for number in range(5):
        response = client.post(
            reverse("invite_colleague"),
            {"email": f"colleague{number}@library.example", "note": "You would love this."},
            follow=True,
        )
        assert "Your invitation is on its way" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[f"colleague{n}@library.example"] for n in range(5)]
    assert "You would love this." in mail.outbox[0].body
    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives) and message.alternatives

    response = client.post(
        reverse("invite_colleague"), {"email": "sixth@library.example", "note": "Hi"}
    )
    page = response.content.decode()
    assert "You have sent 5 invitations today" in page
    assert 'value="sixth@library.example"' in page
    assert len(mail.outbox) == 5

    # The addresses are stored nowhere: no text column of any table holds them.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb')"
        )
        columns = cursor.fetchall()
        for table, column in columns:
            cursor.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}"::text LIKE %s',  # noqa: S608
                ["%library.example%"],
            )
            assert cursor.fetchone()[0] == 0, (table, column)


@pytest.mark.django_db
def test_an_invitation_goes_to_colleagues_only_not_to_oneself_nor_to_members(
    client: Client, member
) -> None:
    client.login(email=member.email, password=PASSWORD)
    own = member.email.upper()
    response = client.post(reverse("invite_colleague"), {"email": own, "note": "Me"})
    page = response.content.decode()
    assert "That is your own address: enter your colleague&#x27;s." in page
    assert f'value="{own}"' in page
    # A member is not invited to join, and the sender is not told they are one.
    already = make_member("already@library.example")
    response = client.post(
        reverse("invite_colleague"), {"email": already.email, "note": "Hi"}, follow=True
    )
    assert "Your invitation is on its way" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_become_a_mentor_page_is_public_and_explains_the_commitment(client: Client) -> None:
    page = client.get(reverse("profiles:become_mentor")).content.decode()
    assert "What it asks of you, honestly" in page
    assert "an hour or two a month" in page
    assert reverse("account_signup") in page


@pytest.mark.django_db
def test_staff_see_past_invitations_in_the_admin(client: Client, staff) -> None:
    make_profile(email="knows@example.org", expertise=[CATALOGING])
    recruitment.invite_mentors(by=staff, areas=[area(CATALOGING)], regions=[])
    client.force_login(staff)
    page = client.get(reverse("admin:profiles_recruitmentcampaign_changelist")).content.decode()
    assert "staff@example.org" in page


@pytest.mark.django_db
def test_the_areas_form_shows_no_template_comment(client: Client) -> None:
    make_profile(email="plain@example.org")
    client.login(email="plain@example.org", password=PASSWORD)
    page = client.post(reverse("profiles:start_mentoring"), {"mentor_capacity": "1"})
    assert "{#" not in page.content.decode()
