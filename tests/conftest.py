"""Personas and helpers shared by every test.

Tests run against the real PostgreSQL and Redis that `make test` starts, and browser tests
drive Debian's Chromium through pytest-playwright.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.utils import translation
from playwright.sync_api import expect
from pytest_django.plugin import blocking_manager_key

from mentorconnect.celery import app as celery_app
from profiles import reference_data
from profiles.models import CareerStage, City, ExpertiseArea, ExpertiseGroup, LibraryType, User
from programs import curators
from programs.services import VIEWS_KEY_PREFIX

# pytest-django's live server runs in a thread of this process while Playwright's sync API
# runs an event loop in the test thread; Django must allow its ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# On a 2-core CI machine two test processes, Chromium and PostgreSQL share the cores, and a page
# once took longer than Playwright's default 5 s to follow a click. Waiting longer only slows a
# failing assertion: one that holds returns as soon as it does.
expect.set_options(timeout=15_000)

PASSWORD = "a-long-test-password-42"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def make_member(email: str = "member@example.org", *, verified: bool = True, **fields: Any) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


@pytest.fixture
def member(db: None) -> User:
    return make_member("member@example.org")


@pytest.fixture
def stranger(db: None) -> User:
    return make_member("stranger@example.org")


@pytest.fixture
def staff(db: None) -> User:
    return make_member("staff@example.org", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Real hashing is slow by design; tests that make hundreds of members need not pay it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_in_process() -> Iterator[None]:
    # Tasks run where they are queued, right after the transaction commits; the tests whose
    # point is delivery start a real worker instead (tests/mentorships/test_delivery.py).
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def _empties_the_database(item: pytest.Item) -> bool:
    """Tests outside a transaction (browser journeys, concurrency, a real worker) end with
    Django emptying every table."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    # Emptying the tables also empties what the data migrations put there (the taxonomy, the
    # cities, the curators' group): put it back at once, so that the tests after this one, in
    # whatever order the parallel processes run them, find the database as migrated.
    yield
    # After the last test the test database itself is gone, and nothing needs it.
    if nextitem is not None and _empties_the_database(item):
        with item.config.stash[blocking_manager_key].unblock():
            reference_data.load_taxonomy(ExpertiseGroup, ExpertiseArea, LibraryType, CareerStage)
            reference_data.load_cities(City)
            curators.set_up_group(Group, Permission)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # allauth keeps its rate-limit counters in the Redis cache, and program page views are
    # counted in the broker's database until folded: each test starts afresh.
    cache.clear()
    counted = redis.Redis.from_url(settings.REDIS_URL)
    for key in counted.scan_iter(match=f"{VIEWS_KEY_PREFIX}*"):
        counted.delete(key)


@pytest.fixture(scope="session", autouse=True)
def _no_connection_outlives_the_tests(
    django_db_setup: None, django_db_blocker: Any
) -> Iterator[None]:
    """Ends every other session on the test database before it is destroyed, which fails
    ("being accessed by other users") while one is left. One is: after the browser journeys a
    connection of this process that Django no longer closes stays open, idle after a ROLLBACK
    (seen in pg_stat_activity from the next test on); which code keeps it is not found yet."""
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def live_server(django_db_setup: None, live_server: Any) -> Any:
    """pytest-django's live server, started once the test database exists. Started before it
    (as the browser journeys asked for it), it was stopped after the database was destroyed,
    and the connection its thread keeps made that fail ("being accessed by other users")."""
    return live_server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # Playwright cannot download its own browsers here; Debian's Chromium does the job.
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def screenshot(page: Any, request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Saves a full-page screenshot under test-artifacts/<test name>/<step>.png."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)

    def take(step: str) -> None:
        page.screenshot(path=folder / f"{step}.png", full_page=True)

    return take


def sign_in(
    browser: Any, live_server: Any, email: str, password: str = PASSWORD, **context: Any
) -> Any:
    """A new browser context (its own cookies, with `context`'s options) with `email` signed
    in; returns its page."""
    page = browser.new_context(**context).new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    return page


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    """A request for a French or Spanish page leaves that language on in the test's thread
    (Django's LocaleMiddleware does not switch it back): the next test starts in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
