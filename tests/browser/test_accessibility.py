from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.conftest import PASSWORD, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

PUBLIC_PATHS = [
    "/",
    "/how-it-works/",
    "/best-practices/",
    "/faq/",
    "/programs/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
MEMBER_PATHS = [
    "/dashboard/",
    "/profile/step-1/",
    "/mentors/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/mentorships/",
    "/mentorships/reminders/",
    "/programs/saved/",
]


def assert_no_wcag_violations(page: Page) -> None:
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_public_pages_meet_wcag_aa(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    for path in PUBLIC_PATHS:
        page.goto(live_server.url + path)
        assert_no_wcag_violations(page)


def test_member_pages_meet_wcag_aa(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    make_member("ada@example.org")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/profile/step-1/")
    for path in MEMBER_PATHS:
        page.goto(live_server.url + path)
        assert_no_wcag_violations(page)
