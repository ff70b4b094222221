"""Every URL pattern of the project, walked as every kind of person.

The walk lists the patterns from Django's resolver (the project's, allauth's and the admin's),
builds one of every object the URLs point at, and checks each person against what they may
see: a visitor is sent to sign in, the owner or participants are answered, anyone else gets
404 where the object is private (staff and superusers included), and only staff get into
staff pages and the admin. It also checks that no GET writes to the database and that every
POST without a CSRF token is refused.

A new URL pattern fails `test_every_url_pattern_is_classified` until it has a line in RULES
(or, for the admin, is one of the admin site's own pages): that line is where its author
decides who may open it.
"""

from __future__ import annotations

import copy
import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import connection, transaction
from django.http import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from feedback import services as feedback_services
from mentorconnect.outbox.models import Reminder
from mentorconnect.outbox.unsubscribe import unsubscribe_url
from mentorships import services
from mentorships.circles import services as circle_services
from mentorships.models import WaitingListEntry
from profiles.models import Membership, MembershipStatus, RecruitmentCampaign, User
from programs.cohorts.models import (
    Application,
    Cohort,
    CohortStatus,
    Coordinator,
    DraftPair,
    Milestone,
)
from programs.models import ProgramStatus, program_today
from tests.circles.helpers import make_circle
from tests.conftest import make_member
from tests.mentorships.helpers import make_active
from tests.profiles.factories import make_mentee, make_mentor
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db

ANONYMOUS, OWNER, PARTICIPANT, MEMBER, STAFF, SUPERUSER = (
    "anonymous",
    "owner",
    "participant",
    "another member",
    "staff",
    "superuser",
)
ROLES = [ANONYMOUS, OWNER, PARTICIPANT, MEMBER, STAFF, SUPERUSER]
SIGNED_IN = [OWNER, PARTICIPANT, MEMBER, STAFF, SUPERUSER]
NOT_STAFF = [OWNER, PARTICIPANT, MEMBER]
OUTSIDERS = [MEMBER, STAFF, SUPERUSER]


# What a person may get back


@dataclass(frozen=True)
class Outcome:
    name: str
    check: Callable[[HttpResponseBase], bool]

    def __str__(self) -> str:
        return self.name


def _location(response: HttpResponseBase) -> str:
    return response.get("Location", "")


def _to(name: str) -> Callable[[HttpResponseBase], bool]:
    return lambda r: r.status_code == 302 and _location(r).startswith(reverse(name))


def _signs_in(response: HttpResponseBase) -> bool:
    return response.status_code == 302 and _location(response).startswith(
        (reverse("account_login"), reverse("admin:login"))
    )


OK = Outcome("200", lambda r: r.status_code == 200)
LOGIN = Outcome("redirect to sign in", _to("account_login"))
ADMIN_LOGIN = Outcome("redirect to the admin's sign-in", _to("admin:login"))
REAUTH = Outcome("redirect to re-enter the password", _to("account_reauthenticate"))
REDIRECT = Outcome(
    "redirect, not to a sign-in page", lambda r: r.status_code == 302 and not _signs_in(r)
)
NOT_FOUND = Outcome("404", lambda r: r.status_code == 404)
MOVED = Outcome("301 (an old address)", lambda r: r.status_code == 301)
UNAUTHORIZED = Outcome("401 (a refused sign-in, said on the page)", lambda r: r.status_code == 401)
FORBIDDEN = Outcome("403", lambda r: r.status_code == 403)
NOT_ALLOWED = Outcome("405", lambda r: r.status_code == 405)
BAD_REQUEST = Outcome("400", lambda r: r.status_code == 400)
# A POST that reached the view: handled (a redirect with its outcome) or answered with the
# form and its errors.
DONE = Outcome(
    "handled (200 or a redirect, not to sign in)",
    lambda r: r.status_code in {200, 302} and not _signs_in(r),
)
HEALTH = Outcome("200 or 503 (the report)", lambda r: r.status_code in {200, 503})
# The admin: staff reach its pages (a staff member without a permission is told 403, a missing
# object is a redirect or a 404), never a sign-in page, never an error.
STAFF_ANSWERED = Outcome(
    "answered for staff (not a sign-in page, no error)",
    lambda r: r.status_code < 500 and not _signs_in(r),
)


def everyone(outcome: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome: Outcome) -> dict[str, Outcome]:
    """What every signed-in person gets; visitors are sent to sign in."""
    return {ANONYMOUS: LOGIN, **dict.fromkeys(SIGNED_IN, outcome)}


PUBLIC = everyone(OK)
MEMBERS = signed_in(OK)
STAFF_ONLY = {ANONYMOUS: LOGIN, **dict.fromkeys(NOT_STAFF, FORBIDDEN), STAFF: OK, SUPERUSER: OK}
PARTICIPANTS = {
    ANONYMOUS: LOGIN,
    OWNER: OK,
    PARTICIPANT: OK,
    **dict.fromkeys(OUTSIDERS, NOT_FOUND),
}
PARTICIPANTS_POST = {**PARTICIPANTS, OWNER: DONE, PARTICIPANT: DONE}
POST_ONLY = signed_in(NOT_ALLOWED)
CURATORS = {ANONYMOUS: LOGIN, **dict.fromkeys([*NOT_STAFF, STAFF], FORBIDDEN), SUPERUSER: OK}
# A cohort's pages: its program's coordinators (Max) and those who may change programs.
COORDINATORS = {
    ANONYMOUS: LOGIN,
    **dict.fromkeys([OWNER, MEMBER, STAFF], NOT_FOUND),
    PARTICIPANT: OK,
    SUPERUSER: OK,
}
COORDINATORS_POST = {**COORDINATORS, PARTICIPANT: DONE, SUPERUSER: DONE}


# The objects the URLs point at


@dataclass
class World:
    users: dict[str, User]
    kwargs: dict[str, Any] = field(default_factory=dict)


def make_world() -> World:
    """Mia (the owner) is Max's mentee (the participant): an active mentorship with a proposed
    meeting, a plan item and Mia's fresh feedback. Noor is another member; Sam a mentor anyone
    may ask; a public program, a draft one, a hidden profile, and a row of each model the admin
    lists."""
    mia = make_mentee(email="mia@example.org", display_name="Mia")
    # Max has a place for his mentee Mia and one for the circle he hosts.
    max_ = make_mentor(email="max@example.org", display_name="Max", mentor_capacity=3)
    noor = make_mentee(email="noor@example.org", display_name="Noor")
    sam = make_mentor(email="sam@example.org", display_name="Sam")
    hidden = make_mentor(email="hidden@example.org", display_name="Hidden", hidden_by_staff=True)
    staff = make_member("staff@example.org", is_staff=True)
    # The association's staff see insights; program curators, staff too, do not.
    staff.user_permissions.add(Permission.objects.get(codename="view_insights"))
    superuser = make_member("root@example.org", is_staff=True, is_superuser=True)
    mentorship = make_active(mia, max_)
    meeting = services.meeting_propose(
        mentorship=mentorship,
        by=mia.user,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        duration_minutes=60,
        format="video",
        place_or_link="",
        agenda="",
    )
    item = services.plan_item_add(mentorship=mentorship, by=mia.user, kind="goal", text="Goal")
    feedback = feedback_services.feedback_send(
        mentorship=mentorship, by=mia.user, kind="appreciation", text="Thanks", rating=5
    )
    program = make_program("Career Mentoring Program")
    draft = make_program("Draft Program", status=ProgramStatus.DRAFT)
    token = unsubscribe_url(mia.user, "check_in_due").rstrip("/")
    Reminder.objects.create(
        recipient=mia.user,
        kind="check_in_due",
        subject=f"mentorship:{mentorship.pk}",
        period="since-2026-01-01",
        due_at=timezone.now(),
    )
    # A cohort of the program: Max coordinates it, Mia applied as a mentee, Sam as a mentor,
    # and the draft pairs them.
    today = program_today()
    cohort = Cohort.objects.create(
        program=program,
        name="Spring",
        mentors_open_on=today - datetime.timedelta(days=5),
        mentors_close_on=today + datetime.timedelta(days=5),
        mentees_open_on=today - datetime.timedelta(days=5),
        mentees_close_on=today + datetime.timedelta(days=5),
        matching_on=today + datetime.timedelta(days=10),
        starts_on=today + datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=200),
        places=5,
        membership_required=False,
        status=CohortStatus.OPEN,
    )
    Coordinator.objects.create(program=program, user=max_.user)
    applied = Application.objects.create(cohort=cohort, applicant=mia.user, role="mentee")
    mentor_applied = Application.objects.create(cohort=cohort, applicant=sam.user, role="mentor")
    pair = DraftPair.objects.create(
        cohort=cohort, mentee_application=applied, mentor_application=mentor_applied, score=11
    )
    milestone = Milestone.objects.create(
        cohort=cohort, on=cohort.starts_on, kind="kick_off", title="Kick-off"
    )
    # Max hosts a circle Mia belongs to, with a meeting; Ria has asked to join it.
    circle = make_circle(max_, join_policy="approve")
    circle_services.request_answer(
        membership=circle_services.circle_join(circle=circle, by=mia.user),
        by=max_.user,
        approve=True,
    )
    circle_request = circle_services.circle_join(
        circle=circle, by=make_mentee(email="ria@example.org").user
    )
    circle_meeting = circle_services.meeting_propose(
        circle=circle, by=max_.user, starts_at=timezone.now() + datetime.timedelta(days=4)
    )
    circle_item = circle_services.plan_item_add(circle=circle, by=mia.user, text="Read")
    # One row of every model the admin lists, so that its change pages are opened for real.
    Group.objects.get_or_create(name="Program curators")
    WaitingListEntry.objects.create(mentee=noor.user)
    RecruitmentCampaign.objects.create(created_by=staff, invited=0)
    SocialAccount.objects.create(user=noor.user, provider="association", uid="noor")
    Membership.objects.create(
        user=noor.user, status=MembershipStatus.ACTIVE, units=["NMRT"], seen_at=timezone.now()
    )
    return World(
        users={
            OWNER: mia.user,
            PARTICIPANT: max_.user,
            MEMBER: noor.user,
            STAFF: staff,
            SUPERUSER: superuser,
        },
        kwargs={
            "mentorship": {"pk": mentorship.pk},
            "meeting": {"pk": mentorship.pk, "meeting_pk": meeting.pk},
            "item": {"pk": mentorship.pk, "item_pk": item.pk},
            "feedback": {"pk": mentorship.pk, "feedback_pk": feedback.pk},
            "profile": {"pk": mia.pk},
            "hidden_profile": {"pk": hidden.pk},
            "mentor_profile": {"profile_pk": sam.pk},
            "program": {"slug": program.slug},
            "draft_program": {"slug": draft.slug},
            "token": {"token": token.rsplit("/", 1)[1]},
            "bad_token": {"token": "not-a-token"},
            "email_key": {"key": "not-a-key"},
            "sso": {"provider_id": "association"},
            "reset_key": {"uidb36": "1", "key": "not-a-key"},
            "insights_csv": {"slug": "overview"},
            "setup_step": {"step": 1},
            "cohort": {"pk": cohort.pk},
            "apply": {"pk": cohort.pk, "role": "mentee"},
            "apply_as_mentor": {"pk": cohort.pk, "role": "mentor"},
            "application": {"pk": applied.pk},
            "pair": {"pk": cohort.pk, "pair_pk": pair.pk},
            "milestone": {"pk": cohort.pk, "milestone_pk": milestone.pk},
            "survey": {"pk": cohort.pk, "survey": "midpoint"},
            "circle": {"pk": circle.pk},
            "circle_request": {"pk": circle.pk, "membership_pk": circle_request.pk},
            "circle_meeting": {"pk": circle.pk, "meeting_pk": circle_meeting.pk},
            "circle_plan_item": {"pk": circle.pk, "item_pk": circle_item.pk},
            "circle_feedback": {"pk": circle.pk, "member_pk": mia.user.pk},
        },
    )


# Who may open what: one line per URL pattern


@dataclass(frozen=True)
class Case:
    """One way to reach a pattern: its arguments, and what each person gets by GET and POST.
    `post=None` means the pattern is not meant to take a POST (CSRF is still checked)."""

    kwargs: str | None = None
    get: dict[str, Outcome] = field(default_factory=dict)
    post: dict[str, Outcome] | None = None
    # For the hidden profile, the owner is the hidden member, not Mia.
    owner_is: str | None = None


RULES: dict[str, list[Case]] = {
    # Public pages
    "": [Case(get=PUBLIC)],
    "how-it-works/": [Case(get=PUBLIC)],
    "best-practices/": [Case(get=PUBLIC)],
    "faq/": [Case(get=PUBLIC)],
    "running-a-cohort/": [Case(get=PUBLIC)],
    "become-a-mentor/": [Case(get=PUBLIC)],
    # The header's language menu: anyone may choose, and goes back to the page.
    "language/": [Case(get=everyone(NOT_ALLOWED), post=everyone(REDIRECT))],
    "healthz": [Case(get=everyone(HEALTH))],
    "healthz/workers": [Case(get=everyone(HEALTH))],
    "sitemap.xml": [Case(get=PUBLIC)],
    "programs/": [Case(get=PUBLIC)],
    "programs/feed/": [Case(get=PUBLIC)],
    # Visitors see the mentor directory without names (a preview), and the city suggestions.
    "mentors/": [Case(get=PUBLIC)],
    "places/": [Case(get=PUBLIC)],
    "programs/<slug:slug>/": [
        Case("program", get=PUBLIC),
        # A draft is seen by curators only (here: the superuser, who may view programs).
        Case(
            "draft_program",
            get={**everyone(NOT_FOUND), SUPERUSER: OK},
        ),
    ],
    # The curators' work list and review action: those who may change programs (here the
    # superuser); a staff member without that permission is refused like any member.
    "programs/review/": [Case(get=CURATORS)],
    "programs/<slug:slug>/reviewed/": [
        Case("program", get=POST_ONLY, post={**CURATORS, SUPERUSER: DONE})
    ],
    # Pages of a signed-in member, about themselves
    "dashboard/": [Case(get=MEMBERS)],
    "invite/": [Case(get=MEMBERS, post=signed_in(DONE))],
    "profile/": [Case(get=MEMBERS, post=signed_in(DONE))],
    "profile/step-<int:step>/": [Case("setup_step", get=MEMBERS, post=signed_in(DONE))],
    "profile/start-mentoring/": [Case(get=POST_ONLY, post=signed_in(DONE))],
    "profile/privacy/": [Case(get=MEMBERS)],
    "profile/privacy/my-data.json": [Case(get=MEMBERS)],
    # Deleting an account asks for the password again first, whether by GET or POST.
    "profile/privacy/delete/": [Case(get=signed_in(REAUTH), post=signed_in(REAUTH))],
    "programs/saved/": [Case(get=MEMBERS)],
    "programs/<slug:slug>/save/": [Case("program", get=signed_in(REDIRECT), post=signed_in(DONE))],
    "programs/<slug:slug>/unsave/": [
        Case("program", get=signed_in(REDIRECT), post=signed_in(DONE))
    ],
    "mentorships/": [Case(get=MEMBERS)],
    "mentorships/waiting-list/": [Case(get=MEMBERS, post=signed_in(DONE))],
    "mentorships/reminders/": [Case(get=MEMBERS, post=signed_in(DONE))],
    # Other members' profiles: any signed-in member sees a visible one; a profile hidden by
    # staff is seen by its owner only, staff included.
    "members/<int:pk>/": [
        Case("profile", get=MEMBERS),
        Case(
            "hidden_profile",
            get={ANONYMOUS: LOGIN, OWNER: OK, **dict.fromkeys(SIGNED_IN[1:], NOT_FOUND)},
            owner_is="hidden@example.org",
        ),
    ],
    "mentorships/request/<int:profile_pk>/": [
        Case("mentor_profile", get=MEMBERS, post=signed_in(DONE))
    ],
    # One-click unsubscribe: the signed token is the credential, for anyone holding it.
    "mentorships/reminders/unsubscribe/<str:token>/": [
        Case("token", get=PUBLIC, post=PUBLIC),
        Case("bad_token", get=everyone(BAD_REQUEST), post=everyone(BAD_REQUEST)),
    ],
    # A mentorship and everything in it: its two participants only
    "mentorships/<int:pk>/": [Case("mentorship", get=PARTICIPANTS)],
    "mentorships/<int:pk>/agreement/": [
        Case("mentorship", get=PARTICIPANTS, post=PARTICIPANTS_POST)
    ],
    "mentorships/<int:pk>/meetings/new/": [
        Case("mentorship", get=PARTICIPANTS, post=PARTICIPANTS_POST)
    ],
    "mentorships/<int:pk>/meetings/<int:meeting_pk>/calendar.ics": [
        Case("meeting", get=PARTICIPANTS)
    ],
    "mentorships/<int:pk>/feedback/": [
        Case("mentorship", get=PARTICIPANTS, post=PARTICIPANTS_POST)
    ],
    # A mentorship's buttons: opening one's URL (reloaded after a form error) goes to the
    # mentorship page, for its participants only.
    **{
        route: [
            Case(
                kwargs,
                get={**PARTICIPANTS, OWNER: REDIRECT, PARTICIPANT: REDIRECT},
                post=PARTICIPANTS_POST,
            )
        ]
        for route, kwargs in [
            ("mentorships/<int:pk>/accept/", "mentorship"),
            ("mentorships/<int:pk>/decline/", "mentorship"),
            ("mentorships/<int:pk>/withdraw/", "mentorship"),
            ("mentorships/<int:pk>/withdraw-others/", "mentorship"),
            ("mentorships/<int:pk>/end/", "mentorship"),
            ("mentorships/<int:pk>/plan/", "mentorship"),
            ("mentorships/<int:pk>/meetings/<int:meeting_pk>/confirm/", "meeting"),
            ("mentorships/<int:pk>/meetings/<int:meeting_pk>/cancel/", "meeting"),
            ("mentorships/<int:pk>/meetings/<int:meeting_pk>/mark/", "meeting"),
            ("mentorships/<int:pk>/plan/<int:item_pk>/toggle/", "item"),
            ("mentorships/<int:pk>/plan/<int:item_pk>/", "item"),
        ]
    },
    # Feedback is changed by its author only: the other participant gets 404 too.
    "mentorships/<int:pk>/feedback/<int:feedback_pk>/edit/": [
        Case(
            "feedback",
            get={**PARTICIPANTS, PARTICIPANT: NOT_FOUND},
            post={**PARTICIPANTS_POST, PARTICIPANT: NOT_FOUND},
        )
    ],
    "mentorships/<int:pk>/feedback/<int:feedback_pk>/withdraw/": [
        Case(
            "feedback",
            get={**PARTICIPANTS, OWNER: REDIRECT, PARTICIPANT: NOT_FOUND},
            post={**PARTICIPANTS_POST, PARTICIPANT: NOT_FOUND},
        )
    ],
    # Circles: any member lists them and starts one; everything of a circle is for its members
    # and host only (Mia and Max), staff and superusers included. The one exception is the
    # join page, an open circle's public card with the form to ask to join; its members are
    # sent on to the circle.
    "circles/": [Case(get=MEMBERS)],
    # Staff without a profile are sent to make one first.
    "circles/new/": [
        Case(get={**MEMBERS, STAFF: REDIRECT, SUPERUSER: REDIRECT}, post=signed_in(DONE))
    ],
    "circles/<int:pk>/": [Case("circle", get=PARTICIPANTS)],
    "circles/<int:pk>/join/": [
        Case(
            "circle",
            get={**MEMBERS, OWNER: REDIRECT, PARTICIPANT: REDIRECT},
            post=signed_in(DONE),
        )
    ],
    # The host writes the agreement and proposes meetings; a member is sent back to the circle.
    "circles/<int:pk>/agreement/": [
        Case("circle", get={**PARTICIPANTS, OWNER: REDIRECT}, post=PARTICIPANTS_POST)
    ],
    "circles/<int:pk>/meetings/new/": [
        Case("circle", get={**PARTICIPANTS, OWNER: REDIRECT}, post=PARTICIPANTS_POST)
    ],
    "circles/<int:pk>/meetings/<int:meeting_pk>/calendar.ics": [
        Case("circle_meeting", get=PARTICIPANTS)
    ],
    # Ending the circle asks its host first: a member is sent back to the circle.
    "circles/<int:pk>/end/": [
        Case("circle", get={**PARTICIPANTS, OWNER: REDIRECT}, post=PARTICIPANTS_POST)
    ],
    # Leaving asks the member first: the host, who ends the circle instead, is sent back to it.
    "circles/<int:pk>/leave/": [
        Case("circle", get={**PARTICIPANTS, PARTICIPANT: REDIRECT}, post=PARTICIPANTS_POST)
    ],
    # Declining a request asks the host first: a member is sent back to the circle.
    "circles/<int:pk>/requests/<int:membership_pk>/decline/": [
        Case("circle_request", get={**PARTICIPANTS, OWNER: REDIRECT}, post=PARTICIPANTS_POST)
    ],
    # Private feedback between a member (Mia) and the host (Max): the two of them only.
    "circles/<int:pk>/feedback/<int:member_pk>/": [
        Case("circle_feedback", get=PARTICIPANTS, post=PARTICIPANTS_POST)
    ],
    **{
        route: [Case(kwargs, get=POST_ONLY, post=PARTICIPANTS_POST)]
        for route, kwargs in [
            ("circles/<int:pk>/requests/<int:membership_pk>/answer/", "circle_request"),
            ("circles/<int:pk>/meetings/<int:meeting_pk>/rsvp/", "circle_meeting"),
            ("circles/<int:pk>/plan/", "circle"),
            ("circles/<int:pk>/plan/<int:item_pk>/tick/", "circle_plan_item"),
        ]
    },
    # Program cohorts: members apply (Mia already has, so she is sent to her application)
    # and withdraw their own; coordinators run their program's cohorts.
    "cohorts/applications/": [Case(get=MEMBERS)],
    "cohorts/applications/<int:pk>/withdraw/": [
        Case(
            "application",
            # The confirmation page, to its applicant only.
            get={**signed_in(NOT_FOUND), OWNER: OK},
            post={**signed_in(NOT_FOUND), OWNER: DONE},
        )
    ],
    "cohorts/<int:pk>/apply/<str:role>/": [
        Case("apply", get={**MEMBERS, OWNER: REDIRECT}, post=signed_in(DONE)),
        Case("apply_as_mentor", get={**MEMBERS, OWNER: REDIRECT}, post=signed_in(DONE)),
    ],
    "cohorts/coordinate/": [Case(get=COORDINATORS)],
    "cohorts/coordinate/<slug:slug>/new/": [
        Case("program", get=COORDINATORS, post=COORDINATORS_POST)
    ],
    "cohorts/<int:pk>/": [Case("cohort", get=COORDINATORS)],
    "cohorts/<int:pk>/edit/": [Case("cohort", get=COORDINATORS, post=COORDINATORS_POST)],
    "cohorts/<int:pk>/applications/": [Case("cohort", get=COORDINATORS)],
    "cohorts/<int:pk>/round/run/": [Case("cohort", get=POST_ONLY, post=COORDINATORS_POST)],
    "cohorts/<int:pk>/pairs/<int:pair_pk>/lock/": [
        Case("pair", get=POST_ONLY, post=COORDINATORS_POST)
    ],
    "cohorts/<int:pk>/pairs/<int:pair_pk>/unassign/": [
        Case("pair", get=COORDINATORS, post=COORDINATORS_POST)
    ],
    "cohorts/<int:pk>/pairs/swap/": [Case("cohort", get=POST_ONLY, post=COORDINATORS_POST)],
    "cohorts/<int:pk>/pairs/assign/": [Case("cohort", get=POST_ONLY, post=COORDINATORS_POST)],
    "mentorships/cohorts/<int:pk>/publish/": [
        Case("cohort", get=COORDINATORS, post=COORDINATORS_POST)
    ],
    # A cohort's timeline and report are its coordinators'; a survey is only for the people
    # matched in a published cohort (nobody here: the round is a draft).
    "cohorts/<int:pk>/milestones/add/": [Case("cohort", get=COORDINATORS, post=COORDINATORS)],
    "cohorts/<int:pk>/milestones/usual/": [Case("cohort", get=POST_ONLY, post=COORDINATORS_POST)],
    "cohorts/<int:pk>/milestones/<int:milestone_pk>/edit/": [
        Case("milestone", get=COORDINATORS, post=COORDINATORS)
    ],
    "cohorts/<int:pk>/milestones/<int:milestone_pk>/delete/": [
        Case("milestone", get=POST_ONLY, post=COORDINATORS_POST)
    ],
    "cohorts/<int:pk>/survey/<str:survey>/": [
        Case("survey", get=signed_in(NOT_FOUND), post=signed_in(NOT_FOUND))
    ],
    "mentorships/cohorts/<int:pk>/report/": [Case("cohort", get=COORDINATORS)],
    "mentorships/cohorts/<int:pk>/report.csv": [Case("cohort", get=COORDINATORS)],
    # Staff pages
    "insights/": [Case(get=STAFF_ONLY)],
    "insights/<slug:slug>.csv": [Case("insights_csv", get=STAFF_ONLY)],
    "insights/recruit/": [Case(get=STAFF_ONLY, post={**STAFF_ONLY, STAFF: DONE, SUPERUSER: DONE})],
    # allauth: signing in and up is for visitors; signed-in members are sent on.
    "accounts/login/": [
        Case(
            get={ANONYMOUS: OK, **dict.fromkeys(SIGNED_IN, REDIRECT)},
            post={ANONYMOUS: DONE, **dict.fromkeys(SIGNED_IN, REDIRECT)},
        )
    ],
    "accounts/signup/": [
        Case(
            get={ANONYMOUS: OK, **dict.fromkeys(SIGNED_IN, REDIRECT)},
            post={ANONYMOUS: DONE, **dict.fromkeys(SIGNED_IN, REDIRECT)},
        )
    ],
    "accounts/logout/": [
        Case(get={ANONYMOUS: REDIRECT, **dict.fromkeys(SIGNED_IN, OK)}, post=everyone(REDIRECT))
    ],
    "accounts/inactive/": [Case(get=PUBLIC)],
    "accounts/reauthenticate/": [Case(get=MEMBERS, post=signed_in(DONE))],
    "accounts/email/": [Case(get=MEMBERS, post=signed_in(DONE))],
    "accounts/confirm-email/": [Case(get=PUBLIC)],
    "accounts/password/change/": [Case(get=MEMBERS, post=signed_in(DONE))],
    # Members here all have a password, so "set a password" sends them to "change" it.
    "accounts/password/set/": [Case(get=signed_in(REDIRECT), post=signed_in(REDIRECT))],
    "accounts/password/reset/": [Case(get=PUBLIC, post=everyone(DONE))],
    "accounts/password/reset/done/": [Case(get=PUBLIC)],
    "accounts/password/reset/key/done/": [Case(get=PUBLIC)],
    # Sign-in by code is off: the page sends visitors to sign in, members on.
    "accounts/login/code/confirm/": [Case(get=signed_in(REDIRECT), post=signed_in(REDIRECT))],
    # Links from emails: with a wrong key, the page says the link is invalid.
    r"accounts/^confirm-email/(?P<key>[-:\w]+)/$": [
        Case("email_key", get=PUBLIC, post=everyone(NOT_FOUND))
    ],
    r"accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": [
        Case("reset_key", get=PUBLIC, post=everyone(DONE))
    ],
    # The association's single sign-on (mentorconnect/sso.py). With no provider configured,
    # as here, its two addresses do not exist; tests/sso walks them through a real provider.
    r"accounts/oidc/^(?P<provider_id>[^/]+)/login/": [
        Case("sso", get=everyone(NOT_FOUND), post=everyone(NOT_FOUND))
    ],
    r"accounts/oidc/^(?P<provider_id>[^/]+)/login/callback/": [
        Case("sso", get=everyone(NOT_FOUND), post=everyone(NOT_FOUND))
    ],
    "accounts/3rdparty/login/cancelled/": [Case(get=PUBLIC)],
    "accounts/3rdparty/login/error/": [Case(get=everyone(UNAUTHORIZED))],
    # Finishing a sign-up from the association's sign-in: without one under way, back to
    # signing in.
    "accounts/3rdparty/signup/": [Case(get=everyone(LOGIN), post=everyone(LOGIN))],
    # A member's linked association account, which they may unlink once they have a password.
    "accounts/3rdparty/": [Case(get=MEMBERS, post=signed_in(DONE))],
    # allauth's former addresses of the same pages.
    "accounts/social/login/cancelled/": [Case(get=everyone(MOVED))],
    "accounts/social/login/error/": [Case(get=everyone(MOVED))],
    "accounts/social/signup/": [Case(get=everyone(MOVED))],
    "accounts/social/connections/": [Case(get=everyone(MOVED))],
}

# The admin site's own pages (every model registered now or later gets the same set): staff
# only, whatever the model; checked per pattern with a real object where one exists.
ADMIN_PREFIX = "admin/"
ADMIN = Case(
    get={
        ANONYMOUS: ADMIN_LOGIN,
        **dict.fromkeys(NOT_STAFF, ADMIN_LOGIN),
        STAFF: STAFF_ANSWERED,
        SUPERUSER: STAFF_ANSWERED,
    },
    post={ANONYMOUS: ADMIN_LOGIN, **dict.fromkeys(NOT_STAFF, ADMIN_LOGIN)},
)
ADMIN_SPECIAL = {
    # Signing out of the admin: staff sign out by POST; anyone else is sent back to the admin.
    "admin/logout/": Case(
        get={**everyone(REDIRECT), STAFF: NOT_ALLOWED, SUPERUSER: NOT_ALLOWED},
        post={**everyone(REDIRECT), STAFF: OK, SUPERUSER: OK},
    ),
    # The sign-in page itself: visitors go to the site's sign-in; members are refused.
    "admin/login/": Case(
        get={
            ANONYMOUS: LOGIN,
            **dict.fromkeys(NOT_STAFF, FORBIDDEN),
            STAFF: STAFF_ANSWERED,
            SUPERUSER: STAFF_ANSWERED,
        },
        post={ANONYMOUS: LOGIN, **dict.fromkeys(NOT_STAFF, FORBIDDEN)},
    ),
}
# The index, each list and each change page: a superuser must actually see them (200).
ADMIN_SHOWN = Case(get={**ADMIN.get, SUPERUSER: OK}, post=ADMIN.post)
ADMIN_MUST_SHOW = re.compile(r"^admin/(|[a-z_]+/[a-z_]+/(|<path:object_id>/change/))$")


# Walking the resolver


def url_patterns() -> Iterator[str]:
    """Every pattern of the project as one route string, allauth's and the admin's included."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    return walk(get_resolver().url_patterns, "")


def case_for(route: str) -> list[Case] | None:
    if route in RULES:
        return RULES[route]
    if route in ADMIN_SPECIAL:
        return [ADMIN_SPECIAL[route]]
    if route.startswith(ADMIN_PREFIX):
        return [ADMIN_SHOWN if ADMIN_MUST_SHOW.match(route) else ADMIN]
    return None


def fill(route: str, kwargs: dict[str, Any]) -> str:
    """The URL of `route` with `kwargs`, for path() and re_path() patterns alike."""

    def value(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in kwargs:
            raise KeyError(f"{route}: no value for <{name}> (give the pattern a Case with kwargs)")
        return str(kwargs[name])

    url = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", value, route)
    url = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", value, url)
    return "/" + url.replace("^", "").replace("$", "")


def admin_kwargs(route: str) -> dict[str, Any]:
    """An existing object of the admin page's model, or a missing one if there is none."""
    kwargs: dict[str, Any] = {"url": "no-such-page/", "app_label": "profiles"}
    parts = route.split("/")
    model = None
    if len(parts) > 3:
        try:
            model = apps.get_model(parts[1], parts[2])
        except (LookupError, ValueError):
            model = None
    first = model._default_manager.order_by("pk").first() if model else None
    assert first or not model or "object_id" not in route, (
        f"{route}: no {model._meta.label} to open in the admin; add one in make_world()"
    )
    kwargs["object_id"] = kwargs["id"] = first.pk if first else 0
    profile_type = ContentType.objects.get(app_label="profiles", model="profile")
    kwargs["content_type_id"] = profile_type.pk
    if route.startswith("admin/r/"):
        profile = apps.get_model("profiles", "profile").objects.first()
        assert profile, "make_world() makes profiles"
        kwargs["object_id"] = profile.pk
    return kwargs


@dataclass
class Visit:
    route: str
    url: str
    case: Case


def visits(world: World) -> list[Visit]:
    found = []
    for route in url_patterns():
        for case in case_for(route) or []:
            kwargs = (
                admin_kwargs(route)
                if route.startswith(ADMIN_PREFIX)
                else world.kwargs.get(case.kwargs or "", {})
            )
            url = fill(route, kwargs)
            try:
                matched = resolve(url).route
            except Resolver404:
                matched = None
            # ResolverMatch.route drops the "^" of an included re_path().
            assert (matched or "").replace("^", "") == route.replace("^", ""), (
                f"{url} reached {matched!r}, not {route!r}"
            )
            found.append(Visit(route, url, case))
    return found


class People:
    """One client per role, signed in once; POSTs run in a savepoint that is rolled back, so
    every visit starts from the same world."""

    def __init__(self, world: World, *, enforce_csrf_checks: bool = False) -> None:
        self.world = world
        self.enforce_csrf_checks = enforce_csrf_checks
        self.clients: dict[tuple[str, str | None], Client] = {}

    def client(self, role: str, owner_is: str | None = None) -> Client:
        key = (role, owner_is if role == OWNER else None)
        if key not in self.clients:
            # A 500 is one more wrong answer in the report, not the end of the walk.
            client = Client(
                enforce_csrf_checks=self.enforce_csrf_checks, raise_request_exception=False
            )
            if role != ANONYMOUS:
                user = User.objects.get(email=owner_is) if key[1] else self.world.users[role]
                client.force_login(user)
            self.clients[key] = client
        return self.clients[key]

    def get(self, role: str, visit: Visit) -> tuple[HttpResponseBase, list[str]]:
        client = self.client(role, visit.case.owner_is)  # signing in writes; not the GET's
        with CaptureQueriesContext(connection) as queries:
            response = client.get(visit.url)
        return response, [query["sql"] for query in queries.captured_queries]

    def post(self, role: str, visit: Visit, data: dict[str, Any] | None = None) -> HttpResponseBase:
        client = self.client(role, visit.case.owner_is)
        cookies = copy.deepcopy(client.cookies)
        with transaction.atomic():
            response = client.post(visit.url, data or {})
            transaction.set_rollback(True)
        # A POST that signed out (or in) changed the session cookie; the session row it
        # pointed to was rolled back with everything else.
        client.cookies = cookies
        return response


def describe(response: HttpResponseBase) -> str:
    location = _location(response)
    return f"{response.status_code}{' to ' + location if location else ''}"


WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
SESSION_SAVE = re.compile(r'^UPDATE "django_session" SET "session_data" = ')
# Opening one's feedback marks what was new in it as seen (the dashboard's "new" badge): reading
# is what the GET records, and nothing else of the member's changes.
FEEDBACK_SEEN = re.compile(r'^UPDATE "feedback_feedback" SET "seen_at" = ')


# The tests


def test_every_url_pattern_is_classified() -> None:
    routes = list(url_patterns())
    unclassified = [route for route in routes if case_for(route) is None]
    assert not unclassified, (
        "These URL patterns have no access rule: add each to RULES in "
        f"tests/test_access_walk.py, saying who may open it: {unclassified}"
    )
    gone = sorted(set(RULES) - set(routes))
    assert not gone, f"RULES lists patterns that no longer exist: {gone}"
    assert len(routes) > 100  # the walk sees allauth's and the admin's patterns too


def test_every_role_gets_what_it_may_see() -> None:
    world = make_world()
    people = People(world)
    wrong: list[str] = []
    checked = 0
    for visit in visits(world):
        for method in ("GET", "POST"):
            expectations = visit.case.get if method == "GET" else (visit.case.post or {})
            for role, expected in expectations.items():
                if method == "GET":
                    response, _ = people.get(role, visit)
                else:
                    response = people.post(role, visit)
                checked += 1
                if not expected.check(response):
                    wrong.append(
                        f"{method} {visit.url} ({visit.route}) as {role}: expected {expected}, "
                        f"got {describe(response)}"
                    )
    assert not wrong, "\n".join(wrong)
    assert checked > 700


def test_no_get_writes_to_the_database() -> None:
    world = make_world()
    people = People(world)
    writes: list[str] = []
    session_saves: Counter[str] = Counter()
    checked = 0
    for visit in visits(world):
        for role in visit.case.get:
            _, statements = people.get(role, visit)
            checked += 1
            for sql in statements:
                if SESSION_SAVE.match(sql):
                    session_saves[f"{role} ({visit.case.owner_is or 'usual account'})"] += 1
                elif WRITES.match(sql) and not FEEDBACK_SEEN.match(sql):
                    writes.append(f"GET {visit.url} as {role}: {sql[:160]}")
    assert not writes, "GET requests wrote to the database:\n" + "\n".join(writes)
    # Signing in (a POST, here force_login) writes the session and last_login. After that, the
    # only write a GET may make is saving the session again so that it stays alive while the
    # member is active, at most once every few minutes: once per person in this walk.
    too_often = {who: count for who, count in session_saves.items() if count > 1}
    assert not too_often, f"sessions saved on more than one GET: {too_often}"
    assert checked > 500


def test_every_post_without_a_csrf_token_is_refused() -> None:
    world = make_world()
    people = People(world, enforce_csrf_checks=True)
    accepted = []
    checked = 0
    for visit in visits(world):
        if visit.route in CSRF_EXEMPT:
            continue
        for role in (ANONYMOUS, OWNER, SUPERUSER):
            response = people.post(role, visit)
            checked += 1
            if response.status_code != 403:
                accepted.append(f"POST {visit.url} as {role}: {describe(response)}")
    assert not accepted, "POSTs without a CSRF token were not refused:\n" + "\n".join(accepted)
    assert checked > 400


# Mail clients post to the one-click unsubscribe link without a session or a CSRF token
# (RFC 8058); the signed token in the URL is the credential instead.
CSRF_EXEMPT = {"mentorships/reminders/unsubscribe/<str:token>/"}


def test_the_unsubscribe_link_needs_its_signed_token_instead_of_csrf() -> None:
    world = make_world()
    mia = world.users[OWNER]
    client = Client(enforce_csrf_checks=True)
    token = world.kwargs["token"]["token"]
    payload, signature = token.rsplit(":", 1)
    forged = [
        "not-a-token",
        f"{payload}:{signature[::-1]}",
        # The same claim signed for another purpose (another salt) is refused too.
        signing.dumps({"user": mia.pk, "kind": "check_in_due"}, salt="other"),
    ]
    for bad in forged:
        response = client.post(reverse("outbox:unsubscribe", args=[bad]))
        assert response.status_code == 400, bad
    mia.refresh_from_db()
    assert mia.reminders_off == []

    response = client.post(reverse("outbox:unsubscribe", args=[token]))
    assert response.status_code == 200
    mia.refresh_from_db()
    assert mia.reminders_off == ["check_in_due"]
