from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ARTIFACTS, PASSWORD, make_member, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_member_signs_up_verifies_signs_in_and_out(
    page: Page,
    live_server,
    screenshot,
) -> None:
    page.goto(live_server.url)
    page.get_by_role("link", name="Join and find a mentor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join MentorConnect")
    expect(page.get_by_text("Free for every library worker")).to_be_visible()
    page.get_by_label("Email").fill("grace@example.org")
    # Required fields carry an asterisk in their label.
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    screenshot("1-signup")
    page.get_by_role("button", name="Sign up free").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    screenshot("2-check-your-email")
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", str(mail.outbox[0].body))
    assert link, mail.outbox[0].body

    # One click on the link confirms the address, signs the new member in and takes them
    # straight on to their profile, with one message saying so.
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Make your profile")
    expect(page.locator(".alert")).to_have_text("Thank you: grace@example.org is confirmed.")
    screenshot("3-profile-step-1")
    # The header names her by the start of her address until her profile gives a name.
    account = page.locator("#account-menu")
    expect(account.locator(".account-name")).to_have_text("grace")
    account.click()
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Sign in")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/")
    screenshot("4-signed-out")


def test_visitor_reads_how_it_works_best_practices_and_faq_from_the_navigation(
    page: Page,
    live_server,
    screenshot,
) -> None:
    page.goto(live_server.url)
    navigation = page.get_by_role("navigation", name="Main")
    for link, heading in [
        ("How it works", "How MentorConnect works"),
        ("Best practices", "Best practices for mentees and mentors"),
        ("FAQ", "Frequently asked questions"),
    ]:
        navigation.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(navigation.get_by_role("link", name=link)).to_have_attribute("aria-current", "page")
        screenshot(link.lower().replace(" ", "-"))


def test_keyboard_user_can_skip_to_the_main_content(
    page: Page,
    live_server,
) -> None:
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_menu_stays_on_one_line_with_a_long_address_and_opens_by_keyboard_on_a_phone(
    browser: Browser, live_server: Any
) -> None:
    make_member("catalogue.librarian.ab@ex.org")  # 28 characters, and no profile yet
    page = sign_in(browser, live_server, "catalogue.librarian.ab@ex.org")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/dashboard/")
    navigation = page.get_by_role("navigation", name="Main")
    items = navigation.locator(".navbar-brand, .nav-link")
    middles = [
        box["y"] + box["height"] / 2
        for box in items.evaluate_all(
            "(links) => links.map((link) => link.getBoundingClientRect().toJSON())"
        )
    ]
    assert max(middles) - min(middles) < 4, middles  # every item on one line
    expect(navigation.locator(".account-name")).to_have_text("catalogue.librarian.ab")
    expect(navigation.get_by_role("link", name="My mentorships")).to_be_visible()
    expect(navigation.get_by_role("link", name="Circles")).to_be_visible()
    folder = ARTIFACTS / "header"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / "desktop-long-address.png")

    # On a phone the menu button opens the same links, by keyboard alone.
    page.set_viewport_size({"width": 390, "height": 844})
    toggle = page.get_by_role("button", name="Show navigation")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(navigation.get_by_role("link", name="My mentorships")).to_be_visible()
    page.keyboard.press("Tab")
    expect(navigation.get_by_role("link", name="Dashboard")).to_be_focused()
    page.screenshot(path=folder / "phone-menu.png")
