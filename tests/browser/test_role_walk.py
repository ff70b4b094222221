"""Each kind of person's main pages, on a desktop and on a phone, as they would see them.

Screenshots land in test-artifacts/test_role_walk/<who>/<size>-<page>.png for a person to look
at. What a machine can see is asserted: every page opens, has one main heading, and fits the
screen's width (nothing to scroll sideways on a phone); the header's links sit on one line on a
desktop.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from tests.conftest import ARTIFACTS, sign_in
from tests.world import PEOPLE, World, make_world, person, starting_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES: dict[str, ViewportSize] = {
    "desktop": {"width": 1366, "height": 900},
    "phone": {"width": 390, "height": 844},
}


def opened_as(browser: Browser, live_server: Any, world: World, who: str, size: str) -> Page:
    user = person(world, who)
    if user is None:
        return browser.new_context(viewport=SIZES[size]).new_page()
    return sign_in(browser, live_server, user.email, viewport=SIZES[size])


def file_name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")[:80] or "home"


def sideways_overflow(page: Page) -> int:
    """How many pixels the page is wider than the screen."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def header_links_spread(page: Page) -> int:
    """How far apart, in pixels, the middles of the site header's visible links and buttons are
    from top to bottom: a few pixels on one line, a line's height or more when they wrap."""
    return page.evaluate(
        """() => {
            const header = document.querySelector('body > header, header');
            const middles = [...header.querySelectorAll('a, button')]
                .map(e => e.getBoundingClientRect())
                .filter(r => r.width > 1 && r.height > 1)
                .map(r => r.top + r.height / 2);
            return middles.length ? Math.max(...middles) - Math.min(...middles) : 0;
        }"""
    )


def test_each_persons_main_pages_fit_desktop_and_phone(browser: Browser, live_server) -> None:
    world = make_world()
    problems: list[str] = []
    walked = 0
    for who in PEOPLE:
        paths = starting_pages(world, who)
        for size in SIZES:
            page = opened_as(browser, live_server, world, who, size)
            folder = ARTIFACTS / "test_role_walk" / who.replace(" ", "-")
            folder.mkdir(parents=True, exist_ok=True)
            for path in paths:
                response = page.goto(live_server.url + path)
                where = f"{who} {size} {path}"
                if response is None or not response.ok:
                    problems.append(f"{where}: did not open")
                    continue
                walked += 1
                page.screenshot(path=folder / f"{size}-{file_name(path)}.png", full_page=True)
                if page.locator("h1").count() != 1:
                    problems.append(f"{where}: {page.locator('h1').count()} main headings")
                if (overflow := sideways_overflow(page)) > 0:
                    problems.append(f"{where}: {overflow} px wider than the screen")
                if size == "desktop" and header_links_spread(page) > 16:
                    problems.append(f"{where}: the header's links wrap onto two lines")
            page.context.close()
    print(f"\nWalked {walked} pages as {', '.join(PEOPLE)} at {', '.join(SIZES)} sizes")
    assert walked > 40
    assert not problems, "\n".join(problems)
