"""No private text (a request, a decline note, an agreement, a plan, a meeting's agenda,
feedback, an end reason, a circle's or an application's words) is ever written to Redis,
whatever pages the two people open, or anyone opens."""

from __future__ import annotations

import datetime
from typing import cast

import pytest
import redis
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from feedback import services as feedback_services
from mentorships import services
from mentorships.circles import services as circle_services
from mentorships.circles.models import Circle
from mentorships.models import Agreement, Mentorship
from programs.cohorts.models import Application
from tests.profiles.factories import make_mentee, make_mentor
from tests.test_access_walk import OWNER, PARTICIPANT, People, make_world, visits

from .mentorships.helpers import make_request

pytestmark = pytest.mark.django_db

SECRETS = {
    "help_wanted": "Zanzibar-request: help me leave my toxic branch",
    "why_this_mentor": "Quixotic-why: you survived the same director",
    "first_message": "Xylophone-first: please keep this between us",
    "decline_note": "Marmalade-decline: I know your director too well",
    "goals": "Gooseberry-goal: find a job outside the county",
    "agenda": "Aubergine-agenda: my salary negotiation",
    "plan": "Plankton-plan: draft the resignation letter",
    "feedback": "Fjord-feedback: you were very candid about your manager",
    "end_reason": "Endive-reason: I got the job, only you will see this",
}


def redis_values() -> list[bytes]:
    """Every key and value in the cache's and the broker's Redis databases."""
    found = []
    for url in {settings.CACHES["default"]["LOCATION"], settings.CELERY_BROKER_URL}:
        server = redis.Redis.from_url(url)
        for key in server.scan_iter(count=1000):
            found.append(key)
            kind = server.type(key)
            if kind == b"string":
                found.append(server.get(key) or b"")
            elif kind == b"hash":
                # Without decode_responses Redis answers bytes, fields and values alike.
                fields = cast(dict[bytes, bytes], server.hgetall(key))
                found.extend(b"".join(pair) for pair in fields.items())
            elif kind == b"list":
                found.extend(server.lrange(key, 0, -1))
            elif kind == b"set":
                found.extend(server.smembers(key))
            elif kind == b"zset":
                found.extend(server.zrange(key, 0, -1))
    return found


def visit_every_page(
    client: Client, mentorship_pk: int, mentor_profile_pk: int, *, accepted: bool = True
) -> None:
    feedback = [reverse("feedback:archive", args=[mentorship_pk])] if accepted else []
    for url in [
        reverse("home"),
        reverse("dashboard"),
        reverse("mentorships:list"),
        reverse("mentorships:detail", args=[mentorship_pk]),
        *feedback,
        reverse("profiles:find_mentor"),
        reverse("profiles:detail", args=[mentor_profile_pk]),
        reverse("programs:directory"),
        reverse("privacy"),
        reverse("export_data"),
    ]:
        assert client.get(url).status_code == 200, url


def test_no_private_text_reaches_redis_after_a_whole_mentorship() -> None:
    mentor = make_mentor(display_name="Max", mentor_capacity=3)
    mentee = make_mentee(display_name="Mia")
    other = make_mentee(display_name="Noa")

    declined = make_request(other, mentor)
    services.mentorship_decline(mentorship=declined, by=mentor.user, note=SECRETS["decline_note"])
    mentorship = make_request(
        mentee,
        mentor,
        help_wanted=SECRETS["help_wanted"],
        why_this_mentor=SECRETS["why_this_mentor"],
        first_message=SECRETS["first_message"],
    )
    mentee_client, mentor_client, other_client = Client(), Client(), Client()
    mentee_client.force_login(mentee.user)
    mentor_client.force_login(mentor.user)
    other_client.force_login(other.user)
    visit_every_page(mentor_client, mentorship.pk, mentor.pk, accepted=False)  # waiting

    mentorship = services.mentorship_accept(mentorship=mentorship, by=mentor.user)
    agreement = Agreement.objects.get(mentorship=mentorship)
    agreement.goals = SECRETS["goals"]
    services.agreement_save(agreement=agreement, by=mentee.user, confirm=True)
    services.meeting_propose(
        mentorship=mentorship,
        by=mentee.user,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        agenda=SECRETS["agenda"],
    )
    services.plan_item_add(mentorship=mentorship, by=mentor.user, kind="goal", text=SECRETS["plan"])
    feedback_services.feedback_send(
        mentorship=mentorship,
        by=mentor.user,
        kind="appreciation",
        text=SECRETS["feedback"],
        rating=None,
    )
    for client in (mentee_client, mentor_client):
        visit_every_page(client, mentorship.pk, mentor.pk)

    services.mentorship_end(
        mentorship=mentorship, by=mentee.user, completed=True, reason=SECRETS["end_reason"]
    )
    for client in (mentee_client, mentor_client):
        visit_every_page(client, mentorship.pk, mentor.pk)
    visit_every_page(other_client, declined.pk, mentor.pk, accepted=False)

    stored = b"\n".join(redis_values())
    assert stored, "the journey should have left something in Redis (sessions, rate limits)"
    leaked = [name for name, text in SECRETS.items() if text.split(":")[0].encode() in stored]
    assert leaked == []


CIRCLE_AND_COHORT_SECRETS = {
    "circle_agreement": "Cardamom-agreement: we never name our employers",
    "circle_agenda": "Chervil-agenda: the layoffs at the county",
    "circle_plan": "Cumin-plan: compare our union contracts",
    "circle_feedback": "Coriander-feedback: you talk over the others",
    "join_note": "Juniper-note: my manager must not know",
    "application_answer": "Anise-answer: I am leaving my library next year",
    "mentorship_agenda": "Mace-agenda: my performance review",
}


def test_no_private_text_reaches_redis_when_everyone_opens_every_page() -> None:
    """The access walk's world, with private words in its circle and its cohort too, and every
    page opened by every kind of person (tests/test_access_walk.py)."""
    world = make_world()
    mia, max_ = world.users[OWNER], world.users[PARTICIPANT]
    secrets = CIRCLE_AND_COHORT_SECRETS
    circle = Circle.objects.get(host=max_)
    soon = timezone.now() + datetime.timedelta(days=6)
    circle_services.agreement_save(circle=circle, by=max_, text=secrets["circle_agreement"])
    circle_services.meeting_propose(
        circle=circle, by=max_, starts_at=soon, agenda=secrets["circle_agenda"]
    )
    circle_services.plan_item_add(circle=circle, by=mia, text=secrets["circle_plan"])
    circle_services.feedback_send(
        circle=circle, member=mia, by=max_, text=secrets["circle_feedback"]
    )
    circle_services.circle_join(
        circle=circle, by=make_mentee(email="noted@example.org").user, note=secrets["join_note"]
    )
    Application.objects.filter(applicant=mia).update(answers=[secrets["application_answer"]])
    services.meeting_propose(
        mentorship=Mentorship.objects.get(mentee=mia, mentor=max_),
        by=max_,
        starts_at=soon,
        duration_minutes=45,
        format="video",
        place_or_link="",
        agenda=secrets["mentorship_agenda"],
    )
    people = People(world)
    opened = 0
    for visit in visits(world):
        for role in visit.case.get:
            people.get(role, visit)
            opened += 1

    assert opened > 300
    stored = b"\n".join(redis_values())
    assert stored, "the walk should have left something in Redis (sessions, rate limits)"
    leaked = [name for name, text in secrets.items() if text.split(":")[0].encode() in stored]
    assert leaked == []
