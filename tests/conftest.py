"""Personas and helpers shared by every test.

Tests run against the real PostgreSQL and Redis that `make test` starts, and browser tests
drive Debian's Chromium through pytest-playwright.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from profiles.models import User

# pytest-django's live server runs in a thread of this process while Playwright's sync API
# runs an event loop in the test thread; Django must allow its ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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
def _empty_cache() -> None:
    # allauth keeps its rate-limit counters in the Redis cache; each test starts afresh.
    cache.clear()


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
def screenshot(page: Any, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Saves a full-page screenshot under test-artifacts/<test name>/<step>.png."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)

    def take(step: str) -> None:
        page.screenshot(path=folder / f"{step}.png", full_page=True)

    return take
