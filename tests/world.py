"""A small site with something on every page, for tests that walk all of it as each kind of
person: the bad-input property tests and the accessibility audit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse
from django.utils import timezone

from feedback import services as feedback_services
from mentorconnect.outbox.unsubscribe import unsubscribe_url
from mentorships import services
from mentorships.models import Meeting, MeetingStatus, Mentorship
from profiles.models import Profile, User
from programs.cohorts import services as cohort_services
from programs.cohorts.models import Cohort, CohortStatus, Role
from programs.models import Program, SavedProgram, program_today
from tests.conftest import make_member
from tests.mentorships.helpers import make_active, make_request
from tests.profiles.factories import city, make_mentee, make_mentor
from tests.programs.conftest import make_program


@dataclass
class World:
    mentee: Profile
    mentor: Profile
    other_mentor: Profile
    requester: Profile
    newcomer: User
    staff: User
    active: Mentorship
    pending: Mentorship
    program_slug: str
    cohort: Cohort


def make_world() -> World:
    """A mentee in an active mentorship (agreement, a proposed and a past meeting, a plan item,
    fresh feedback) with a mentor who also has a request waiting, another mentor free to
    request, a saved program, a member who has not made a profile yet and a staff member."""
    mentor = make_mentor(
        email="mentor@example.org",
        display_name="Morgan Reyes",
        headline="Head of reference",
        mentor_capacity=3,
        contact_email="morgan@example.org",
    )
    other_mentor = make_mentor(
        email="other-mentor@example.org",
        display_name="Sam Okafor",
        headline="Cataloging librarian",
        city=city("Toronto", "CA"),
    )
    mentee = make_mentee(
        email="mentee@example.org",
        display_name="Mia Chen",
        city=city("Toronto", "CA"),
        time_zone="America/Toronto",
        help_wanted="Moving into reference work.",
    )
    # Nobody mentors in genealogy: staff see an area to recruit mentors for.
    requester = make_mentee(
        email="requester@example.org",
        display_name="Riley Park",
        wanted=["Reference services", "Genealogy and local history"],
    )
    newcomer = make_member("newcomer@example.org")
    # Someone who signed up and has the confirmation email still to open.
    make_member("unconfirmed@example.org", verified=False)
    staff = make_member("staff@example.org", is_staff=True, is_superuser=True)

    active = make_active(mentee, mentor)
    pending = make_request(requester, mentor)
    services.meeting_propose(
        mentorship=active,
        by=mentor.user,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        duration_minutes=45,
        format="video",
        place_or_link="https://meet.example.org/morgan",
        agenda="Your first month.",
    )
    Meeting.objects.create(
        mentorship=active,
        proposed_by=mentee.user,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        status=MeetingStatus.CONFIRMED,
    )
    services.plan_item_add(
        mentorship=active, by=mentee.user, kind="goal", text="Shadow a reference shift."
    )
    feedback_services.feedback_send(
        mentorship=active,
        by=mentee.user,
        kind="appreciation",
        text="Thank you for the reading list.",
        rating=5,
    )
    program = make_program("Career Mentoring Program")
    make_program("Leadership Mentoring Program")
    SavedProgram.objects.create(user=mentee.user, program=program)
    cohort = make_open_cohort(
        program, mentors=[other_mentor], mentees=[mentee, requester], by=staff
    )
    return World(
        mentee=mentee,
        mentor=mentor,
        other_mentor=other_mentor,
        requester=requester,
        newcomer=newcomer,
        staff=staff,
        active=active,
        pending=pending,
        program_slug=program.slug,
        cohort=cohort,
    )


def make_open_cohort(
    program: Program, *, mentors: list[Profile], mentees: list[Profile], by: User
) -> Cohort:
    """An open cohort with a drafted round: one pair and a mentee without one, so the round's
    page shows every form it has (lock, unassign, swap, assign). Morgan has not applied."""
    today = program_today()
    cohort = Cohort.objects.create(
        program=program,
        name="Spring cohort",
        mentors_open_on=today - datetime.timedelta(days=5),
        mentors_close_on=today + datetime.timedelta(days=10),
        mentees_open_on=today - datetime.timedelta(days=5),
        mentees_close_on=today + datetime.timedelta(days=10),
        matching_on=today + datetime.timedelta(days=20),
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=210),
        places=10,
        membership_required=False,
        questions=["What would you like from the program?"],
        status=CohortStatus.OPEN,
    )
    for profile, role in [(p, Role.MENTOR) for p in mentors] + [(p, Role.MENTEE) for p in mentees]:
        cohort_services.application_submit(
            cohort=cohort,
            applicant=profile.user,
            role=role,
            answers=[f"Answer of {profile.display_name}"],
            is_member=True,
            is_student=False,
            years_of_experience=10 if role == Role.MENTOR else None,
        )
    cohort_services.round_run(cohort=cohort, by=by)
    return cohort


PEOPLE = ("signed out", "new member", "mentee", "mentor", "staff")


def person(world: World, who: str) -> User | None:
    return {
        "signed out": None,
        "new member": world.newcomer,
        "mentee": world.mentee.user,
        "mentor": world.mentor.user,
        "staff": world.staff,
    }[who]


def starting_pages(world: World, who: str) -> list[str]:
    """Where each person usually starts; walking the links from there finds the rest."""
    active = world.active.pk
    feedback = world.active.feedback.get()
    mentorship = [
        reverse("mentorships:detail", args=[active]),
        reverse("mentorships:agreement", args=[active]),
        reverse("mentorships:meeting_new", args=[active]),
        reverse("feedback:archive", args=[active]),
    ]
    if who == "signed out":
        user = world.mentee.user
        reset_key = default_token_generator.make_token(user)
        return [
            reverse("home"),
            reverse("account_login"),
            reverse("account_signup"),
            reverse("account_reset_password"),
            reverse("programs:directory"),
            reverse("programs:program", args=[world.program_slug]),
            reverse(
                "account_reset_password_from_key",
                kwargs={"uidb36": user_pk_to_url_str(user), "key": reset_key},
            ),
            urlsplit(unsubscribe_url(user, "check_in_due")).path,
            reverse(
                "account_confirm_email",
                args=[EmailConfirmationHMAC(EmailAddress.objects.get(verified=False)).key],
            ),
        ]
    if who == "mentee":
        return [
            reverse("dashboard"),
            *[reverse("profiles:setup", kwargs={"step": step}) for step in (1, 2, 3)],
            reverse("profiles:find_mentor"),
            reverse("profiles:detail", args=[world.other_mentor.pk]),
            reverse("mentorships:request", args=[world.other_mentor.pk]),
            reverse("outbox:preferences"),
            reverse("mentorships:waiting_list"),
            reverse("programs:saved"),
            reverse("cohorts:my_applications"),
            reverse("account_email"),
            reverse("account_change_password"),
            *mentorship,
            reverse("feedback:edit", args=[active, feedback.pk]),
        ]
    if who == "new member":
        return [
            reverse("dashboard"),
            reverse("profiles:setup", kwargs={"step": 1}),
            reverse("mentorships:waiting_list"),
        ]
    if who == "mentor":
        return [
            reverse("dashboard"),
            reverse("cohorts:apply", args=[world.cohort.pk, "mentor"]),
            reverse("mentorships:detail", args=[world.pending.pk]),
            *mentorship,
        ]
    return [
        reverse("dashboard"),
        reverse("home"),
        reverse("recruit_mentors"),
        reverse("cohorts:coordinate"),
        reverse("cohorts:manage", args=[world.cohort.pk]),
    ]
