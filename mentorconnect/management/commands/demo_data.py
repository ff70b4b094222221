from __future__ import annotations

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from feedback.models import Feedback, Kind
from feedback.services import feedback_send
from mentorships import suggestions
from mentorships.demo import (
    date_events,
    ensure_demo_circle,
    ensure_demo_mentorships,
    give_mentors_their_mentees,
)
from mentorships.models import Event
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

MENTOR_EMAIL = "mentor@mentorconnect.example"
MENTEE_EMAIL = "mentee@mentorconnect.example"
# Feedback each side of the demo mentor's mentorships sent after their first meeting:
# (the mentee's, the mentor's), each (kind, text, rating).
FEEDBACK = [
    (
        (
            Kind.APPRECIATION,
            "Thank you for walking me through your team's cataloging workflow. Seeing real "
            "records made RDA feel much less abstract.",
            5,
        ),
        (
            Kind.SUGGESTION,
            "You prepared well. Next time, bring the two questions you are least sure about "
            "first, so we spend our hour where it helps most.",
            None,
        ),
    ),
    (
        (
            Kind.CHECK_IN,
            "Our first talk helped me see I do not need to decide everything this year. I would "
            "like a little more time on job postings next month.",
            4,
        ),
        (
            Kind.APPRECIATION,
            "I enjoyed hearing how you think about your next step: you ask good questions of "
            "yourself. Keep the list of roles going.",
            None,
        ),
    ),
]

# The people whose logins `make run` prints: (email, staff superuser?, who they are).
DEMO_PEOPLE = [
    ("admin@mentorconnect.example", True, "staff superuser, can open /admin/"),
    (
        MENTOR_EMAIL,
        False,
        "mentor in Chicago with two mentees and a circle, accepting one more request",
    ),
    (MENTEE_EMAIL, False, "mentee in Toronto with a mentor, and a request waiting for another"),
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
        self.ensure_demo_story()
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

    @transaction.atomic
    def ensure_demo_story(self) -> None:
        """The demo mentor's two mentorships (agreement, meetings, plan, feedback both ways)
        and circle, and the demo mentee's mentorship and waiting request."""
        mentor = User.objects.get(email=MENTOR_EMAIL)
        mentee = User.objects.get(email=MENTEE_EMAIL)
        mentorships = ensure_demo_mentorships(mentor=mentor, mentee=mentee)
        for mentorship, exchange in zip(mentorships, FEEDBACK, strict=False):
            if mentorship.feedback.exists():
                continue
            mentee_user, mentor_user = mentorship.mentee, mentorship.mentor
            if mentee_user is None or mentor_user is None or mentorship.started_at is None:
                continue
            # A mentorship made by an earlier version of this command may have no events yet.
            last = (
                Event.objects.filter(mentorship=mentorship)
                .order_by("-pk")
                .values_list("pk", flat=True)
                .first()
                or 0
            )
            # After their first meeting, and a month in where they are that far.
            sent = min(
                mentorship.started_at + datetime.timedelta(days=31),
                timezone.now().replace(minute=0, second=0, microsecond=0)
                - datetime.timedelta(days=3),
            )
            # The mentee writes first; the mentor answers the next day.
            for later, by, (kind, text, rating) in zip(
                [0, 1], [mentee_user, mentor_user], exchange, strict=True
            ):
                feedback = feedback_send(
                    mentorship=mentorship, by=by, kind=kind, text=text, rating=rating
                )
                when = sent + datetime.timedelta(days=later)
                Feedback.objects.filter(pk=feedback.pk).update(created_at=when)
                last = date_events(mentorship, last, when)
        ensure_demo_circle(host=mentor)

    def ensure_named_profiles(self) -> None:
        areas = {area.name: area for area in ExpertiseArea.objects.all()}
        if Profile.objects.filter(user__email=MENTOR_EMAIL).exists():
            return
        mentor = Profile.objects.create(
            user=User.objects.get(email=MENTOR_EMAIL),
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
            contact_email=MENTOR_EMAIL,
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
            user=User.objects.get(email=MENTEE_EMAIL),
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
            contact_email=MENTEE_EMAIL,
            contact_visibility="matched",
            onboarding_step=3,
            completed_at=timezone.now(),
        )
        mentee.wanted_areas.set(
            [
                areas["Cataloging (original and copy)"],
                areas["Metadata creation and management"],
            ]
        )
