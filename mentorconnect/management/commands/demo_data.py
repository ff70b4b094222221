from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from mentorships import suggestions
from mentorships.demo import give_mentors_their_mentees
from mentorships.models import Event, EventKind, Mentorship
from profiles.demo import DEMO_PASSWORD, ensure_demo_login, ensure_demo_members
from profiles.models import (
    CareerStage,
    City,
    ExpertiseArea,
    LibraryType,
    MeetingFormat,
    Profile,
    User,
)
from programs.cohorts.demo import ensure_demo_cohort
from programs.demo import CURATOR_EMAIL, ensure_demo_curator, load_demo_programs

# The people whose logins `make run` prints: (email, staff superuser?, who they are).
DEMO_PEOPLE = [
    ("admin@mentorconnect.example", True, "staff superuser, can open /admin/"),
    ("mentor@mentorconnect.example", False, "mentor in Chicago, accepting requests"),
    ("mentee@mentorconnect.example", False, "mentee in Toronto, looking for a mentor"),
    ("member@mentorconnect.example", False, "new member who has not made a profile yet"),
    (
        "curator@mentorconnect.example",
        False,
        "program curator: edits programs in /admin/, runs the demo cohort at /cohorts/coordinate/",
    ),
]


class Command(BaseCommand):
    help = "Create demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--members",
            type=int,
            default=300,
            help="How many generated members the directory should have (default 300).",
        )

    def handle(self, *args: Any, members: int, **options: Any) -> None:
        started = time.monotonic()
        with transaction.atomic():
            for email, is_admin, _ in DEMO_PEOPLE[:4]:
                ensure_demo_login(email, is_staff=is_admin, is_superuser=is_admin)
            self.ensure_named_profiles()
            ensure_demo_curator()
            programs = load_demo_programs()
        created = ensure_demo_members(members, after_each_batch=give_mentors_their_mentees)
        # A program that runs on MentorConnect, with an open cohort of generated applicants.
        cohort = ensure_demo_cohort(User.objects.get(email=CURATOR_EMAIL))
        # Beat remakes the matching plan every few minutes; the first one is made now.
        planned = suggestions.refresh_plan()
        self.stdout.write(
            f"Demo directory: {members} generated members ({created} new) and {programs} "
            f"programs in {time.monotonic() - started:.1f} s; {planned} waiting mentees have "
            "a planned mentor."
        )
        if cohort is not None:
            self.stdout.write(
                f"Demo cohort: {cohort} ({cohort.applications.count()} applications), run by "
                f"{CURATOR_EMAIL} at /cohorts/{cohort.pk}/."
            )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, _, role in DEMO_PEOPLE:
            self.stdout.write(f"  {email:34} {role}")

    def ensure_named_profiles(self) -> None:
        areas = {area.name: area for area in ExpertiseArea.objects.all()}
        if Profile.objects.filter(user__email="mentor@mentorconnect.example").exists():
            return
        mentor = Profile.objects.create(
            user=User.objects.get(email="mentor@mentorconnect.example"),
            display_name="Morgan Reyes",
            pronouns="they/them",
            headline="Head of Metadata Services",
            workplace="Chicago Public Library",
            library_type=LibraryType.objects.get(name="Public"),
            career_stage=CareerStage.objects.get(name="Senior / experienced (15+ years)"),
            city=City.objects.filter(name="Chicago", country="US").order_by("-population")[0],
            meeting_formats=[MeetingFormat.VIDEO, MeetingFormat.IN_PERSON],
            languages=["en", "es"],
            can_mentor=True,
            mentor_capacity=3,
            bio="Twenty years in cataloging and metadata, the last eight leading a team. "
            "Happy to talk about technical services careers, linked data and first-time "
            "management.",
            contact_email="mentor@mentorconnect.example",
            contact_visibility="matched",
            onboarding_step=3,
            completed_at=timezone.now(),
        )
        mentor.expertise.set(
            [
                areas["Cataloging (original and copy)"],
                areas["Metadata creation and management"],
                areas["Linked data and BIBFRAME"],
            ]
        )
        mentee = Profile.objects.create(
            user=User.objects.get(email="mentee@mentorconnect.example"),
            display_name="Jamie Tremblay",
            pronouns="she/her",
            headline="Library Technician",
            workplace="Toronto Public Library",
            library_type=LibraryType.objects.get(name="Public"),
            career_stage=CareerStage.objects.get(name="Library support staff / paraprofessional"),
            city=City.objects.filter(name="Toronto", country="CA")[0],
            meeting_formats=[MeetingFormat.VIDEO, MeetingFormat.EMAIL_CHAT],
            languages=["en", "fr"],
            wants_mentor=True,
            help_wanted="Moving from a technician role into cataloging as a librarian.",
            bio="Library technician finishing an MLIS part-time, curious about metadata work.",
            onboarding_step=3,
            completed_at=timezone.now(),
        )
        mentee.wanted_areas.set(
            [
                areas["Cataloging (original and copy)"],
                areas["Metadata creation and management"],
            ]
        )
        # A request waiting for the demo mentor's answer, so both sides can be tried at once.
        request = Mentorship.objects.create(
            mentee=mentee.user,
            mentor=mentor.user,
            help_wanted="Prepare for cataloging librarian interviews and learn RDA in practice.",
            why_this_mentor="You lead a metadata team in a public library, where I hope to work.",
            preferred_format="video",
            preferred_rhythm="monthly",
            first_message="Hello Morgan, I am finishing my MLIS part-time and would love your "
            "advice on moving from technician work into cataloging.",
        )
        Event.objects.create(
            mentorship=request,
            kind=EventKind.REQUESTED,
            actor=mentee.user,
            emailed_at=timezone.now(),  # demo data: nobody to notify
        )
