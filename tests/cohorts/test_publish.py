"""Publishing a round: mentorships as for any other, everyone told at once."""

from __future__ import annotations

import datetime
import importlib
import re
import zoneinfo
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import now

from mentorconnect.outbox.models import Reminder, ReminderStatus
from mentorships import cohort_rounds
from mentorships.models import Agreement, Mentorship, Status
from profiles.models import Profile, User
from programs.cohorts import services
from programs.cohorts.models import ApplicationStatus, Cohort, CohortStatus, DraftPair, Role
from tests.circles.helpers import make_circle
from tests.cohorts.conftest import make_application, make_cohort, make_coordinator
from tests.profiles.factories import city, make_mentee, make_mentor


@pytest.fixture
def cohort(today: datetime.date) -> Cohort:
    return make_cohort(questions=["Your goals for the year?"])


@pytest.fixture
def coordinator(cohort: Cohort) -> User:
    return make_coordinator(cohort.program)


def publish(client: Client, cohort: Cohort, capture: Any) -> str:
    """Publishes as the coordinator does: the Publish button, then the confirmation's."""
    with capture(execute=True):
        response = client.post(reverse("mentorships:cohort_publish", args=[cohort.pk]), follow=True)
    return response.content.decode()


def publish_one_pair(client: Client, coordinator: User, cohort: Cohort, capture: Any) -> None:
    """A mentor and a mentee apply, the round pairs them, and the coordinator publishes."""
    make_application(make_mentor(), cohort, Role.MENTOR)
    make_application(make_mentee(), cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    client.force_login(coordinator)
    publish(client, cohort, capture)


def test_publish_makes_mentorships_both_people_open_and_emails_everyone(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentor = make_mentor(display_name="Mona Mentor", mentor_capacity=1)
    make_application(mentor, cohort, Role.MENTOR, capacity=1)
    mentee = make_mentee(display_name="Milo Mentee")
    make_application(mentee, cohort, Role.MENTEE, answers=["Lead a small team."])
    left_out = make_mentee(display_name="Lena Later")
    make_application(left_out, cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    assert DraftPair.objects.filter(cohort=cohort).count() == 1
    mail.outbox.clear()

    client.force_login(coordinator)
    page = publish(client, cohort, django_capture_on_commit_callbacks)
    # They start on the cohort's first day, not when it is published.
    assert "Published: 1 mentorship, starting on 9 April 2025; everyone who applied" in page

    pair = DraftPair.objects.get(cohort=cohort)
    mentorship = Mentorship.objects.get()
    matched_mentee = pair.mentee_application.applicant
    assert mentorship.status == Status.ACTIVE
    # The mentorship starts on the cohort's first day, not today: at noon UTC, that day for
    # members in every time zone of the Americas, Europe, Africa and most of Asia.
    assert mentorship.started_at == datetime.datetime(2025, 4, 9, 12, tzinfo=datetime.UTC)
    assert pair.mentorship == mentorship
    assert mentorship.agreement.planned_months == 6
    assert mentorship.mentee == matched_mentee
    assert mentorship.mentor == mentor.user
    assert mentorship.why_this_mentor == f"{cohort.program.name} · Spring 2025"
    assert Agreement.objects.filter(mentorship=mentorship).exists()
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.PUBLISHED

    for person in (matched_mentee, mentor.user):
        client.force_login(person)
        response = client.get(mentorship.get_absolute_url())
        assert response.status_code == 200
        assert "starts on 9 April 2025" in response.content.decode()
        assert "starting 9 Apr 2025" in client.get(reverse("dashboard")).content.decode()
    client.force_login(coordinator)
    assert client.get(mentorship.get_absolute_url()).status_code == 404

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert "is your mentor" in by_recipient[matched_mentee.email].subject
    assert mentorship.get_absolute_url() in by_recipient[matched_mentee.email].body
    assert "start on Wednesday 9 April 2025" in by_recipient[matched_mentee.email].body
    assert "start on Wednesday 9 April 2025" in by_recipient[mentor.user.email].body
    assert "is now your mentee" in by_recipient[mentor.user.email].body
    program = mentorship.cohort_pair.cohort.program.name
    assert f"{program} (Spring 2025) has matched you" in by_recipient[mentor.user.email].body

    unmatched = ({mentee.user, left_out.user} - {matched_mentee}).pop()
    assert Reminder.objects.get(recipient=unmatched).status == ReminderStatus.SENT
    kind_email = by_recipient[unmatched.email]
    # The program and its cohort told apart, as in the matched people's subject.
    assert kind_email.subject == f"{program} · Spring 2025: no match for you this time"
    # The round's result, not a reminder: the footer says what it is.
    assert (
        "You get this email because emails about “results of program rounds you applied to” "
        "are on. Turn them off with one click: http"
    ) in kind_email.body
    assert "You get this reminder" not in kind_email.body
    assert "waiting list" in kind_email.body
    assert "Search for a mentor" in kind_email.body
    statuses = {
        application.applicant_id: application.status for application in cohort.applications.all()
    }
    assert statuses[matched_mentee.pk] == ApplicationStatus.MATCHED
    assert statuses[mentor.user.pk] == ApplicationStatus.MATCHED
    assert statuses[unmatched.pk] == ApplicationStatus.NOT_MATCHED
    assert len(mail.outbox) == 3

    # Both sides see the outcome on their applications.
    client.force_login(unmatched)
    assert (
        "Not matched this time" in client.get(reverse("cohorts:my_applications")).content.decode()
    )


def test_members_west_of_chicago_see_the_cohorts_own_start_date(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentor = make_mentor(city=city("Honolulu"))
    make_application(mentor, cohort, Role.MENTOR)
    mentee = make_mentee(city=city("Los Angeles"))
    make_application(mentee, cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    client.force_login(coordinator)
    publish(client, cohort, django_capture_on_commit_callbacks)
    mentorship = Mentorship.objects.get()
    assert cohort.starts_on == datetime.date(2025, 4, 9)
    for person in (mentee.user, mentor.user):
        client.force_login(person)
        page = client.get(mentorship.get_absolute_url()).content.decode()
        assert "starts on 9 April 2025" in page
    # Far east too: Tokyo's evening of the same day.
    tokyo = timezone.localtime(mentorship.started_at, zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert tokyo.date() == cohort.starts_on


def test_publishing_raises_a_full_mentors_capacity_to_fit(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentor = make_mentor(mentor_capacity=1)
    make_application(mentor, cohort, Role.MENTOR, capacity=2)
    for _ in range(2):
        make_application(make_mentee(), cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    client.force_login(coordinator)
    publish(client, cohort, django_capture_on_commit_callbacks)
    mentor = Profile.objects.get(pk=mentor.pk)
    assert (mentor.active_mentee_count, mentor.mentor_capacity) == (2, 2)


def test_publishing_refuses_more_pairs_than_places(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    cohort.places = 1
    cohort.save()
    make_application(make_mentor(), cohort, Role.MENTOR, capacity=2)
    for _ in range(2):
        make_application(make_mentee(), cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    client.force_login(coordinator)
    page = publish(client, cohort, django_capture_on_commit_callbacks)
    assert "The draft has 2 pairs for 1 places" in page
    assert not Mentorship.objects.exists()
    assert not mail.outbox


def test_publishing_refuses_a_pair_whose_member_was_deactivated_after_the_round(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentor = make_mentor()
    make_application(mentor, cohort, Role.MENTOR, capacity=2)
    make_application(make_mentee(), cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    assert DraftPair.objects.filter(cohort=cohort).count() == 1
    User.objects.filter(pk=mentor.user_id).update(is_active=False)  # no signal, no save()
    client.force_login(coordinator)
    page = publish(client, cohort, django_capture_on_commit_callbacks)
    assert "A member in the draft no longer has an account: run the round again." in page
    assert not Mentorship.objects.exists()
    assert not mail.outbox


def test_a_published_round_cannot_be_run_or_published_again(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    publish_one_pair(client, coordinator, cohort, django_capture_on_commit_callbacks)
    assert "already published" in publish(client, cohort, django_capture_on_commit_callbacks)
    response = client.post(reverse("cohorts:round_run", args=[cohort.pk]), follow=True)
    assert "This round is published" in response.content.decode()
    pair = DraftPair.objects.get(cohort=cohort)
    unassign = reverse("cohorts:pair_unassign", args=[cohort.pk, pair.pk])
    for response in (client.get(unassign, follow=True), client.post(unassign, follow=True)):
        assert "This round is published" in response.content.decode()
    assert DraftPair.objects.filter(pk=pair.pk).exists()
    assert Mentorship.objects.count() == 1


def test_a_round_published_after_the_start_date_starts_today(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    time_machine: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_application(make_mentor(), cohort, Role.MENTOR)
    make_application(make_mentee(), cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    late = datetime.datetime(2025, 4, 20, 17, tzinfo=datetime.UTC)
    time_machine.move_to(late, tick=False)
    mail.outbox.clear()
    client.force_login(coordinator)
    page = publish(client, cohort, django_capture_on_commit_callbacks)
    assert "Published: 1 mentorship started, and everyone who applied" in page
    mentorship = Mentorship.objects.get()
    assert mentorship.started_at == late
    assert all("start on" not in message.body for message in mail.outbox)


def test_the_report_finds_the_rounds_mentorships_by_their_link_not_their_start(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentors = [make_mentor() for _ in range(5)]
    for mentor in mentors:
        make_application(mentor, cohort, Role.MENTOR)
        make_application(make_mentee(), cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    client.force_login(coordinator)
    publish(client, cohort, django_capture_on_commit_callbacks)
    # The same people in another mentorship, outside the program, are not the round's.
    first = Mentorship.objects.order_by("pk").first()
    assert first is not None
    Mentorship.objects.filter(cohort_pair__cohort=cohort).update(status=Status.COMPLETED)
    Mentorship.objects.create(
        mentee_id=first.mentee_id,
        mentor_id=first.mentor_id,
        status=Status.COMPLETED,
        help_wanted="Outside the program",
        started_at=first.started_at,
    )
    page = client.get(reverse("mentorships:cohort_report", args=[cohort.pk])).content.decode()
    assert 'Mentorships completed</dt><dd class="col-sm-8">5<' in page


def test_a_round_published_at_night_tells_the_not_matched_with_the_matched(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
    time_machine: Any,
) -> None:
    make_application(make_mentor(mentor_capacity=1), cohort, Role.MENTOR, capacity=1)
    for name in ("Milo", "Lena"):
        make_application(make_mentee(display_name=name), cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    mail.outbox.clear()
    # 23:00 in Chicago, where the applicants live: long after their day.
    time_machine.move_to(datetime.datetime(2025, 3, 11, 5, tzinfo=datetime.UTC), tick=False)

    client.force_login(coordinator)
    publish(client, cohort, django_capture_on_commit_callbacks)

    unmatched = Reminder.objects.get(kind="cohort_not_matched")
    assert unmatched.status == ReminderStatus.SENT
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 3
    assert sum("no match for you this time" in subject for subject in subjects) == 1


def test_the_not_matched_are_offered_their_next_options(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mona = make_mentor(display_name="Mona", mentor_capacity=1)
    mark = make_mentor(display_name="Mark", mentor_capacity=1)
    for mentor in (mona, mark):
        make_application(mentor, cohort, Role.MENTOR, capacity=1)
    make_application(make_mentee(display_name="Mia"), cohort, Role.MENTEE)
    lena = make_mentee(display_name="Lena", email="lena@example.org")
    # Lena may not be matched with either mentor: she is left out, and so is one mentor.
    make_application(lena, cohort, Role.MENTEE, excluded=[mona.user, mark.user])
    circle = make_circle(make_mentor(display_name="Carla"), title="Reference desk circle")
    make_cohort(
        cohort.program,
        name="Autumn 2025",
        mentees_open_on=datetime.date(2025, 8, 1),
        mentees_close_on=datetime.date(2025, 8, 31),
        starts_on=datetime.date(2025, 10, 1),
        ends_on=datetime.date(2026, 3, 31),
    )
    services.round_run(cohort=cohort, by=coordinator)
    mail.outbox.clear()
    client.force_login(coordinator)
    publish(client, cohort, django_capture_on_commit_callbacks)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    to_lena = by_recipient["lena@example.org"]
    assert "Apply to the program's next cohort, Autumn 2025" in to_lena.body
    assert "Reference desk circle: http" in to_lena.body
    assert reverse("circles:join", args=[circle.pk]) in to_lena.body
    assert "Join the waiting list" in to_lena.body
    assert isinstance(to_lena, EmailMultiAlternatives)
    assert "Reference desk circle</a>" in str(to_lena.alternatives[0][0])
    left_out_mentor = ({mona.user.email, mark.user.email} & set(by_recipient)) - {
        pair.mentor_application.applicant.email for pair in DraftPair.objects.filter(cohort=cohort)
    }
    to_mentor = by_recipient[left_out_mentor.pop()]
    assert "Host a circle" in to_mentor.body
    assert reverse("circles:new") in to_mentor.body
    assert "Reference desk circle" not in to_mentor.body


def cohort_form(cohort: Cohort, **changes: Any) -> dict[str, Any]:
    """The cohort's edit form as it stands, with `changes`."""
    fields = [
        "mentors_open_on",
        "mentors_close_on",
        "mentees_open_on",
        "mentees_close_on",
        "matching_on",
        "starts_on",
        "ends_on",
    ]
    data: dict[str, Any] = {name: getattr(cohort, name).isoformat() for name in fields}
    data |= {
        "name": cohort.name,
        "status": cohort.status,
        "places": cohort.places,
        "mentor_min_years": cohort.mentor_min_years,
        "questions_0": cohort.questions[0],
    }
    return data | changes


def test_a_published_cohort_cannot_be_opened_for_applications_again(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_application(make_mentor(display_name="Mona Mentor"), cohort, Role.MENTOR)
    make_application(make_mentee(display_name="Milo Mentee"), cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    client.force_login(coordinator)
    publish(client, cohort, django_capture_on_commit_callbacks)
    cohort.refresh_from_db()
    # The form offers only what a published cohort may become.
    edit = client.get(reverse("cohorts:edit", args=[cohort.pk])).content.decode()
    offered = re.findall(r'<option value="(\w+)"', edit[edit.index('name="status"') :])
    assert offered[:2] == ["published", "closed"] and "open" not in offered

    response = client.post(
        reverse("cohorts:edit", args=[cohort.pk]),
        cohort_form(cohort, status=CohortStatus.OPEN, name="Spring 2025, second intake"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Cohort saved." not in page
    assert "Select a valid choice." in page
    assert 'value="Spring 2025, second intake"' in page  # what they typed is kept
    cohort.refresh_from_db()
    assert (cohort.status, cohort.name) == (CohortStatus.PUBLISHED, "Spring 2025")
    manage = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    assert "Run the round" not in manage
    assert "Publish 1 pair" not in manage
    assert "Milo Mentee" in manage and "Mona Mentor" in manage
    client.force_login(make_mentee().user)
    apply_page = client.get(reverse("cohorts:apply", args=[cohort.pk, "mentee"])).content.decode()
    assert "Mentee applications for Spring 2025 are closed." in apply_page


def test_a_published_cohort_cannot_close_before_its_mentorships_end(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Closing ends the surveys and the timeline's emails: refused, on the form, while the
    pairs still meet (before their mentorships have even started, here)."""
    publish_one_pair(client, coordinator, cohort, django_capture_on_commit_callbacks)
    cohort.refresh_from_db()
    edit = client.get(reverse("cohorts:edit", args=[cohort.pk])).content.decode()
    assert "It can close once the mentorships have ended." in edit

    response = client.post(
        reverse("cohorts:edit", args=[cohort.pk]),
        cohort_form(cohort, status=CohortStatus.CLOSED),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Cohort saved." not in page
    assert (
        f"The cohort&#x27;s mentorships run until {cohort.ends_on.day} "
        f"{cohort.ends_on:%B %Y}. Closing it ends its surveys"
    ) in page
    assert f"so it can close from {cohort.ends_on.day + 1} {cohort.ends_on:%B %Y} on" in page
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.PUBLISHED


def test_a_published_cohort_closes_once_its_mentorships_have_ended(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
    time_machine: Any,
) -> None:
    publish_one_pair(client, coordinator, cohort, django_capture_on_commit_callbacks)
    cohort.refresh_from_db()
    mentee = Mentorship.objects.get().mentee
    assert mentee is not None
    # The last day of the mentorships is theirs still; the next day the cohort may close.
    time_machine.move_to(
        datetime.datetime.combine(cohort.ends_on, datetime.time(17), tzinfo=datetime.UTC)
    )
    closing = cohort_form(cohort, status=CohortStatus.CLOSED)
    response = client.post(reverse("cohorts:edit", args=[cohort.pk]), closing)
    assert "so it can close from" in response.content.decode()
    time_machine.move_to(
        datetime.datetime.combine(
            cohort.ends_on + datetime.timedelta(days=1), datetime.time(17), tzinfo=datetime.UTC
        )
    )
    response = client.post(reverse("cohorts:edit", args=[cohort.pk]), closing, follow=True)
    assert "Cohort saved." in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.CLOSED

    # The mentee's applications page says what the survey page says.
    client.force_login(mentee)
    page = client.get(reverse("cohorts:my_applications")).content.decode()
    assert "The cohort is closed: its surveys are over." in page
    assert "you may change your answers until the cohort closes" not in page


def test_a_published_cohorts_mentorship_dates_stay_as_the_pairs_were_told(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Publishing gave each mentorship the cohort's first day and each agreement its last:
    moving them on the cohort would leave the mentorships, and what the pairs were told,
    behind. The form, and the admin (Cohort.clean), refuse it and say why."""
    publish_one_pair(client, coordinator, cohort, django_capture_on_commit_callbacks)
    cohort.refresh_from_db()
    starts_on, ends_on = cohort.starts_on, cohort.ends_on
    edit = client.get(reverse("cohorts:edit", args=[cohort.pk])).content.decode()
    assert edit.count("Fixed since the matches were published") == 2

    response = client.post(
        reverse("cohorts:edit", args=[cohort.pk]),
        cohort_form(
            cohort,
            starts_on=(starts_on + datetime.timedelta(days=7)).isoformat(),
            ends_on=(ends_on + datetime.timedelta(days=30)).isoformat(),
        ),
    )
    page = response.content.decode()
    assert "Cohort saved." not in page
    for day in [starts_on, ends_on]:
        assert (
            "The matches are published: each mentorship was made with this date and the pairs "
            f"were told it, so it stays {day.day} {day:%B %Y}."
        ) in page
    cohort.refresh_from_db()
    assert (cohort.starts_on, cohort.ends_on) == (starts_on, ends_on)
    assert Agreement.objects.get().planned_end_on == ends_on
    assert Mentorship.objects.get().starts_on == starts_on

    cohort.ends_on = ends_on + datetime.timedelta(days=30)
    with pytest.raises(ValidationError) as refused:
        cohort.full_clean()
    assert list(refused.value.message_dict) == ["ends_on"]
    # Its other fields still change as before.
    response = client.post(
        reverse("cohorts:edit", args=[cohort.pk]),
        cohort_form(Cohort.objects.get(pk=cohort.pk), places=12),
        follow=True,
    )
    assert "Cohort saved." in response.content.decode()
    assert Cohort.objects.get(pk=cohort.pk).places == 12


def test_only_publishing_marks_a_cohorts_matches_published(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("cohorts:edit", args=[cohort.pk]),
        cohort_form(cohort, status=CohortStatus.PUBLISHED),
    )
    assert (
        "Only the Publish button on the cohort&#x27;s page publishes matches"
        in response.content.decode()
    )
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.OPEN


def test_the_database_keeps_a_published_cohort_published(cohort: Cohort) -> None:
    Cohort.objects.filter(pk=cohort.pk).update(status=CohortStatus.PUBLISHED, published_at=now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.filter(pk=cohort.pk).update(status=CohortStatus.OPEN)


def test_rounds_published_at_midnight_in_chicago_move_to_noon_utc(
    coordinator: User, cohort: Cohort
) -> None:
    make_application(make_mentor(), cohort, Role.MENTOR)
    make_application(make_mentee(), cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    cohort_rounds.publish(cohort=cohort, by=coordinator)
    midnight = datetime.datetime(2025, 4, 9, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    Mentorship.objects.update(started_at=midnight)
    migration = importlib.import_module(
        "programs.cohorts.migrations.0007_cohort_mentorships_start_at_noon_utc"
    )
    migration.start_at_noon_utc(apps, None)
    assert Mentorship.objects.get().started_at == datetime.datetime(
        2025, 4, 9, 12, tzinfo=datetime.UTC
    )


def test_each_match_email_is_in_its_recipients_language_from_subject_to_end(
    client: Client,
    coordinator: User,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentor = make_mentor(display_name="Amara Khan", email="amara@example.org")
    User.objects.filter(pk=mentor.user_id).update(language="es")
    make_application(mentor, cohort, Role.MENTOR)
    mentee = make_mentee(display_name="Léa Martin", email="lea@example.org")
    User.objects.filter(pk=mentee.user_id).update(language="fr")
    make_application(mentee, cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    mail.outbox.clear()
    client.force_login(coordinator)  # in English
    publish(client, cohort, django_capture_on_commit_callbacks)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    names = f"{cohort.program.name} · Spring 2025"
    assert by_recipient["lea@example.org"].subject == f"Amara Khan est votre mentor\u00a0: {names}"
    assert by_recipient["amara@example.org"].subject == f"Acompañarás a Léa Martin: {names}"
    for message in by_recipient.values():
        assert "Matched" not in f"{message.subject} {message.body}"


def test_published_mentorships_lose_the_coordinators_words(
    coordinator: User, cohort: Cohort
) -> None:
    make_application(make_mentor(), cohort, Role.MENTOR)
    make_application(make_mentee(), cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    cohort_rounds.publish(cohort=cohort, by=coordinator)
    Mentorship.objects.update(why_this_mentor=f"Jumelé dans {cohort.program.name} Spring 2025")
    migration = importlib.import_module(
        "programs.cohorts.migrations.0008_cohort_mentorships_in_no_language"
    )
    migration.names_only(apps, None)
    assert Mentorship.objects.get().why_this_mentor == f"{cohort.program.name} · Spring 2025"


def test_publish_asks_first_and_warns_while_applications_are_open(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    make_application(make_mentor(), cohort, Role.MENTOR, capacity=2)
    make_application(make_mentee(), cohort, Role.MENTEE)
    make_application(make_mentee(), cohort, Role.MENTEE)
    make_application(make_mentee(), cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    mail.outbox.clear()
    client.force_login(coordinator)
    manage = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    assert "Publish 2 pairs and tell everyone" in manage

    # The button leads to a page of its own, which one may reload or read in another language.
    response = client.get(reverse("mentorships:cohort_publish", args=[cohort.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Publish the round of Spring 2025?" in page
    assert "Applications are still open" in page
    assert "Mentee applications are due to stay open until 20 March 2025." in page
    assert "Mentor applications are due to stay open until 20 March 2025." in page
    assert "2 pairs become active mentorships, starting on 9 April 2025." in page
    assert "3 people are emailed that they are matched." in page
    assert "1 other applicant is told that they were not matched this time" in page
    assert "Publish and email everyone" in page
    assert not Mentorship.objects.exists()
    assert not mail.outbox
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.OPEN


def test_publish_asks_without_a_warning_once_applications_closed(
    client: Client, coordinator: User, cohort: Cohort, time_machine: Any
) -> None:
    make_application(make_mentor(), cohort, Role.MENTOR)
    make_application(make_mentee(), cohort, Role.MENTEE)
    services.round_run(cohort=cohort, by=coordinator)
    time_machine.move_to(datetime.datetime(2025, 3, 25, 17, tzinfo=datetime.UTC), tick=False)
    client.force_login(coordinator)
    page = client.get(reverse("mentorships:cohort_publish", args=[cohort.pk])).content.decode()
    assert "1 pair becomes an active mentorship, starting on 9 April 2025." in page
    assert "still open" not in page
    assert not Mentorship.objects.exists()


def test_publish_says_at_once_what_stops_it(
    client: Client, coordinator: User, cohort: Cohort
) -> None:
    client.force_login(coordinator)
    response = client.get(reverse("mentorships:cohort_publish", args=[cohort.pk]), follow=True)
    assert "The draft has no pairs: run the round first." in response.content.decode()
