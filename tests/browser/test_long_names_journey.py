"""A member's name may be 120 letters with no space in it: every page that shows it wraps it
inside the page, on a phone as on a desktop, rather than making the page scroll sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from feedback import services as feedback_services
from profiles.models import Profile
from tests.conftest import ARTIFACTS, sign_in
from tests.mentorships.helpers import make_active
from tests.profiles.factories import make_mentee, make_mentor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = ("Maximiliana" * 11)[:120]
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


@pytest.mark.parametrize("screen", WIDTHS)
def test_a_long_name_without_spaces_wraps_inside_every_page_that_shows_it(
    browser: Browser, live_server, request: pytest.FixtureRequest, screen: str
) -> None:
    # The mentor shares no way to be reached, so their mentorship page also shows the bar that
    # asks them to, with the mentee's name in it.
    mentor = make_mentor(email="max@example.org", display_name=LONG_NAME)
    mentee = make_mentee(email="mia@example.org", display_name=LONG_NAME, share_account_email=True)
    mentorship = make_active(mentee, mentor)
    feedback_services.feedback_send(
        mentorship=mentorship, by=mentee.user, kind="appreciation", text="Thank you.", rating=5
    )
    viewport = WIDTHS[screen]
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    for who, other in [("max@example.org", mentee), ("mia@example.org", mentor)]:
        page = sign_in(browser, live_server, who, viewport=viewport)
        pages = {
            "dashboard": "/dashboard/",
            "mentorship": mentorship.get_absolute_url(),
            "mentorships": "/mentorships/",
            "profile": Profile.objects.get(pk=other.pk).get_absolute_url(),
        }
        for name, path in pages.items():
            page.goto(live_server.url + path)
            assert LONG_NAME in page.content()
            page.screenshot(path=folder / f"{who.split('@')[0]}-{name}.png", full_page=True)
            assert page_width(page) <= viewport["width"], f"{who} on {path}"
        page.context.close()
