from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from mentorconnect.outbox import sweep as outbox
from mentorships import services, waiting_list
from mentorships.models import WaitingListEntry, WaitingStatus
from tests.conftest import PASSWORD
from tests.profiles.factories import city, make_mentee, make_mentor

from .helpers import make_active, make_request

# Noon in Chicago, where the factories' members live: inside their day, so reminders go out.
NOON_CHICAGO = datetime.datetime(2026, 12, 1, 18, 0, tzinfo=datetime.UTC)
CATALOGING = "Cataloging (original and copy)"


def sweep_at(moment: datetime.datetime) -> dict[str, int]:
    with time_machine.travel(moment, tick=False):
        return outbox.sweep()


def offers_to(email: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [email] and "free mentoring place" in m.subject]


def join_at(moment: datetime.datetime, **mentee_fields: object) -> WaitingListEntry:
    with time_machine.travel(moment, tick=False):
        profile = make_mentee(wanted=[CATALOGING], **mentee_fields)
        return waiting_list.join(mentee=profile.user)


@pytest.mark.django_db
def test_when_a_place_opens_the_longest_waiting_fitting_mentees_are_told_once_in_order() -> None:
    mentor = make_mentor(display_name="Cora", expertise=[CATALOGING], mentor_capacity=1)
    current = make_active(make_mentee(wanted=[CATALOGING]), mentor)
    day = datetime.timedelta(days=1)
    first = join_at(NOON_CHICAGO - 3 * day, display_name="First", email="first@example.org")
    second = join_at(NOON_CHICAGO - 2 * day, display_name="Second", email="second@example.org")
    third = join_at(NOON_CHICAGO - day, display_name="Third", email="third@example.org")
    with time_machine.travel(NOON_CHICAGO - day, tick=False):
        elsewhere = make_mentee(wanted=["Reference services"], email="other@example.org")
        waiting_list.join(mentee=elsewhere.user)

    sweep_at(NOON_CHICAGO)
    assert [m.to for m in mail.outbox if "free mentoring place" in m.subject] == []

    # The mentor's only mentee finishes: one place opens, and only the first in line hears.
    services.mentorship_end(mentorship=current, by=mentor.user, completed=True, reason="")
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=10))
    assert len(offers_to("first@example.org")) == 1
    offer = offers_to("first@example.org")[0]
    assert "Cora has a free mentoring place for you" in offer.subject
    # The plain-text part names the areas as the HTML part does, not as Python writes a list.
    assert f"You joined the waiting list for {CATALOGING}. Cora" in offer.body
    assert offers_to("second@example.org") == offers_to("third@example.org") == []
    assert offers_to("other@example.org") == []

    # The place is held for the first mentee; once the mentor takes a second place, the next in
    # line hears, and nobody is told twice.
    mentor.refresh_from_db()
    mentor.mentor_capacity = 2
    mentor.save()
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=15))
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=20))
    assert len(offers_to("first@example.org")) == 1
    assert len(offers_to("second@example.org")) == 1
    assert offers_to("third@example.org") == []
    statuses = dict(WaitingListEntry.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == WaitingStatus.OFFERED
    assert statuses[third.pk] == WaitingStatus.WAITING


@pytest.mark.django_db
def test_a_mentee_cannot_join_while_a_fitting_mentor_has_a_free_place() -> None:
    make_mentor(expertise=[CATALOGING], mentor_capacity=1)
    mentee = make_mentee(wanted=[CATALOGING])
    with pytest.raises(waiting_list.WaitingListError, match="cover each of your areas now"):
        waiting_list.join(mentee=mentee.user)
    assert not WaitingListEntry.objects.exists()


@pytest.mark.django_db
def test_a_mentee_who_wants_to_meet_in_person_waits_for_a_mentor_near_them() -> None:
    make_mentor(expertise=[CATALOGING], city=city("Seattle"), open_to_remote=True)
    remote_ok = make_mentee(wanted=[CATALOGING], city=city("Chicago"))
    in_person = make_mentee(wanted=[CATALOGING], city=city("Chicago"), open_to_remote=False)

    assert not waiting_list.can_join(remote_ok)
    assert waiting_list.can_join(in_person)
    entry = waiting_list.join(mentee=in_person.user)
    assert entry.in_person

    # A mentor in Seattle opening more places does not fit; one near Chicago does.
    sweep_at(NOON_CHICAGO)
    assert offers_to(in_person.user.email) == []
    make_mentor(display_name="Near", expertise=[CATALOGING], city=city("Evanston"))
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))
    assert len(offers_to(in_person.user.email)) == 1


@pytest.mark.django_db
def test_sending_a_request_takes_the_mentee_off_the_list() -> None:
    mentor = make_mentor(expertise=[CATALOGING], mentor_capacity=1, accepting_requests=False)
    mentee = make_mentee(wanted=[CATALOGING])
    waiting_list.join(mentee=mentee.user)
    mentor.accepting_requests = True
    mentor.save()
    from .helpers import make_request

    make_request(mentee, mentor)
    assert WaitingListEntry.objects.get().status == WaitingStatus.LEFT


@pytest.mark.django_db
def test_the_waiting_list_offer_respects_the_members_choice() -> None:
    mentor = make_mentor(expertise=[CATALOGING], mentor_capacity=1, accepting_requests=False)
    entry = join_at(NOON_CHICAGO, email="quiet@example.org")
    entry.mentee.reminders_off = ["waiting_list_place"]
    entry.mentee.save()
    mentor.accepting_requests = True
    mentor.save()
    sweep_at(NOON_CHICAGO + datetime.timedelta(minutes=5))
    assert offers_to("quiet@example.org") == []


@pytest.mark.django_db
def test_member_joins_and_leaves_from_the_dashboard(client: Client) -> None:
    make_mentor(expertise=[CATALOGING], mentor_capacity=1, accepting_requests=False)
    mentee = make_mentee(wanted=[CATALOGING], email="waiting@example.org")
    client.login(email="waiting@example.org", password=PASSWORD)

    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Join the waiting list" in dashboard

    response = client.post(reverse("mentorships:waiting_list"), {"action": "join"}, follow=True)
    assert "You are on the waiting list" in response.content.decode()
    assert WaitingListEntry.objects.get(mentee=mentee.user).status == WaitingStatus.WAITING
    page = client.get(reverse("mentorships:waiting_list")).content.decode()
    assert "Cataloging (original and copy)" in page and "Nobody joined before you" in page

    assert "You are on the" in client.get(reverse("dashboard")).content.decode()
    client.get(reverse("dashboard"))  # kept, as a member coming back would see it

    client.post(reverse("mentorships:waiting_list"), {"action": "leave"})
    assert WaitingListEntry.objects.get(mentee=mentee.user).status == WaitingStatus.LEFT
    client.get(reverse("dashboard"))  # shows the "you left" message, once
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Join the waiting list" in dashboard
    assert "You are on the" not in dashboard


@pytest.mark.django_db
def test_joining_when_a_mentor_fits_explains_why_on_the_same_page(client: Client) -> None:
    make_mentor(expertise=[CATALOGING], mentor_capacity=1)
    make_mentee(wanted=[CATALOGING], email="eager@example.org")
    client.login(email="eager@example.org", password=PASSWORD)
    response = client.post(reverse("mentorships:waiting_list"), {"action": "join"}, follow=True)
    assert "ask one of them instead of waiting" in response.content.decode()
    assert not WaitingListEntry.objects.exists()


@pytest.mark.django_db
def test_a_mentee_with_a_mentor_is_not_offered_the_waiting_list(client: Client) -> None:
    mentor = make_mentor(expertise=["Reference services"], mentor_capacity=1)
    mentee = make_mentee(wanted=[CATALOGING], email="matched@example.org")
    make_active(mentee, mentor)
    assert not waiting_list.can_join(mentee)
    with pytest.raises(waiting_list.WaitingListError, match="You have a mentor"):
        waiting_list.join(mentee=mentee.user)
    client.login(email="matched@example.org", password=PASSWORD)
    assert "Join the waiting list" not in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
def test_staff_see_the_waiting_list_in_the_admin_read_only(client: Client, staff) -> None:
    make_mentor(expertise=[CATALOGING], mentor_capacity=1, accepting_requests=False)
    entry = join_at(NOON_CHICAGO, email="patient@example.org")
    client.force_login(staff)
    listing = client.get(
        reverse("admin:mentorships_waitinglistentry_changelist"), {"status": "waiting"}
    )
    assert "patient@example.org" in listing.content.decode()
    change = client.get(reverse("admin:mentorships_waitinglistentry_change", args=[entry.pk]))
    assert change.status_code == 200
    assert "Save" not in change.content.decode()


@pytest.mark.django_db
def test_a_mentee_joins_the_waiting_list_for_the_areas_no_mentor_covers() -> None:
    make_mentor(expertise=["Reference services"])
    mentee = make_mentee(wanted=["Reference services", "Grant writing"])
    assert waiting_list.can_join(mentee)
    entry = waiting_list.join(mentee=mentee.user)
    assert [area.name for area in entry.areas.all()] == ["Grant writing"]


@pytest.mark.django_db
def test_a_mentee_with_an_open_request_is_not_told_of_a_waiting_list_not_offered(
    client: Client,
) -> None:
    asked = make_mentor(expertise=["Reference services"], mentor_capacity=2)
    make_mentor(expertise=["Reference services"], mentor_capacity=2)
    mentee = make_mentee(wanted=[CATALOGING, "Reference services"], email="asking@example.org")
    make_request(mentee, asked)
    client.login(email="asking@example.org", password=PASSWORD)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "No mentor accepting requests now covers" in dashboard
    assert "Join the waiting list" not in dashboard
    assert "the waiting list, which tells you" not in dashboard
    assert "the search of all mentors below" in dashboard


@pytest.mark.django_db
def test_a_mentee_offered_the_waiting_list_is_still_told_of_it(client: Client) -> None:
    make_mentor(expertise=["Reference services"], mentor_capacity=2)
    make_mentee(wanted=[CATALOGING, "Reference services"], email="free@example.org")
    client.login(email="free@example.org", password=PASSWORD)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Join the waiting list" in dashboard
    assert "the waiting list, which tells you" in dashboard
