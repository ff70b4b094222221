"""While the cache's Redis is down, members keep signing in, searching, asking a mentor and
writing feedback: every page answers, and nothing they wrote is lost."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.test import Client
from django.urls import reverse

from feedback.models import Feedback
from mentorships.models import Mentorship, Status
from tests.conftest import PASSWORD
from tests.mentorships.helpers import REQUEST, make_active
from tests.profiles.factories import make_mentee, make_mentor
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OwnRedis:
    """A Redis server of this test's own, to stop and start again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.folder = tempfile.mkdtemp(prefix="mc-redis-down-")
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--daemonize", "yes", "--dir", self.folder, "--save", "", "--appendonly", "no"]
        # A fixed command: Debian's redis-server, which make test installs.
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603
        for _ in range(100):
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the test's Redis did not start")

    def stop(self) -> None:
        # Shutting down closes the very connection the command came on.
        with contextlib.suppress(redis.ConnectionError):
            redis.Redis.from_url(self.url).shutdown(nosave=True)


@pytest.fixture
def own_redis(settings: Any) -> Iterator[OwnRedis]:
    server = OwnRedis()
    server.start()
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": server.url},
    }
    settings.REDIS_URL = server.url  # program page views are counted there too
    yield server
    server.stop()


def answers(client: Client, url: str, data: dict[str, Any] | None = None) -> int:
    response = client.post(url, data) if data is not None else client.get(url)
    return response.status_code


def test_members_keep_using_the_site_while_redis_is_down(own_redis: OwnRedis) -> None:
    mentee = make_mentee(display_name="Mia")
    mentor = make_mentor(display_name="Max", expertise=["Acquisitions"])
    other_mentor = make_mentor(display_name="Ada", expertise=["Acquisitions"])
    program = make_program("Career Mentoring Program", rolling=True)
    mentorship = make_active(make_mentee(display_name="Noa"), mentor)
    client = Client()
    login = {"login": mentee.user.email, "password": PASSWORD}
    assert answers(client, reverse("account_login"), login) == 302
    assert answers(client, reverse("dashboard")) == 200

    own_redis.stop()

    # Signed in before: still signed in (the session is also in PostgreSQL).
    assert answers(client, reverse("dashboard")) == 200
    assert answers(client, reverse("profiles:find_mentor") + "?q=acquisitions") == 200
    assert answers(client, reverse("profiles:detail", args=[other_mentor.pk])) == 200
    assert answers(client, reverse("programs:directory")) == 200
    assert answers(client, program.get_absolute_url()) == 200
    assert answers(client, reverse("home")) == 200
    request_url = reverse("mentorships:request", args=[other_mentor.pk])
    assert answers(client, request_url, REQUEST) == 302
    assert Mentorship.objects.filter(mentee=mentee.user, mentor=other_mentor.user).exists()

    # Signing in afresh, and feedback written in a mentorship, while Redis is still down.
    mentor_client = Client()
    login = {"login": mentor.user.email, "password": PASSWORD}
    assert answers(mentor_client, reverse("account_login"), login) == 302
    feedback = {"kind": "appreciation", "text": "Thank you for the budget templates."}
    archive = reverse("feedback:archive", args=[mentorship.pk])
    assert answers(mentor_client, archive, feedback) == 302
    assert Feedback.objects.filter(mentorship=mentorship, author=mentor.user).count() == 1
    assert answers(mentor_client, mentorship.get_absolute_url()) == 200

    own_redis.start()
    assert answers(client, reverse("dashboard")) == 200
    assert Mentorship.objects.get(mentee=mentee.user, mentor=other_mentor.user).status == (
        Status.PENDING
    )
