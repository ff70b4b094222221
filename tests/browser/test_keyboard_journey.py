"""A mentee who uses only the keyboard: no mouse, only Tab, Shift+Tab, Enter, Space, the arrow
keys and typing. She signs in, searches for a mentor with a keyword and a filter, opens the
mentor's page and sends a request, going through the error summary on the way. Wherever focus
lands, it must be visible."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from mentorships.models import Mentorship
from tests.conftest import PASSWORD, sign_in
from tests.profiles.factories import city, library_type, make_mentee, make_mentor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNIVERSITY = "Academic: university or research institution"

# The focused element as a keyboard user sees it: an outline or a shadow around it.
FOCUS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none";
  const text = (element.getAttribute("aria-label") || element.labels?.[0]?.textContent
    || element.textContent || element.name || "").trim().replace(/\\s+/g, " ").slice(0, 60);
  return { what: `${element.tagName.toLowerCase()} "${text}"`, visible: outline || shadow };
}"""


class Keyboard:
    """Moves focus with Tab (or Shift+Tab) only, checking at every stop that focus is seen."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.stops = 0

    def focused(self) -> dict[str, Any]:
        focus = self.page.evaluate(FOCUS)
        assert focus is not None, "focus is lost (on the page itself)"
        assert focus["visible"], f"focus on {focus['what']} cannot be seen"
        self.stops += 1
        return focus

    def tab_to(self, target: Locator, *, backwards: bool = False, limit: int = 80) -> None:
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(limit):
            self.page.keyboard.press(key)
            self.focused()
            if target.evaluate("element => element === document.activeElement"):
                return
        raise AssertionError(f"{limit} presses of {key} never reached {target}")

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)


def test_mentee_finds_a_mentor_and_sends_a_request_with_the_keyboard_alone(
    page: Page,
    live_server,
    screenshot,
) -> None:
    mentee = make_mentee(
        email="mia@example.org",
        display_name="Mia Chen",
        city=city("Toronto", "CA"),
        wanted=["Cataloging (original and copy)"],
    )
    sam = make_mentor(
        display_name="Sam Okafor",
        headline="Cataloging librarian",
        expertise=["Cataloging (original and copy)"],
        library_type=library_type(UNIVERSITY),
        city=city("Toronto", "CA"),
    )
    make_mentor(
        display_name="Robin Public",
        headline="Cataloging lead",
        expertise=["Cataloging (original and copy)"],
        library_type=library_type("Public"),
    )
    keys = Keyboard(page)

    # Sign in: the skip link first, then the form.
    page.goto(live_server.url + "/accounts/login/")
    keys.tab_to(page.get_by_role("link", name="Skip to main content"))
    expect(page.get_by_role("link", name="Skip to main content")).to_be_in_viewport()
    keys.tab_to(page.get_by_label("Email"))
    keys.type("mia@example.org")
    keys.tab_to(page.get_by_label("Password"))
    keys.type(PASSWORD)
    keys.press("Enter")
    expect(page).to_have_url(live_server.url + "/dashboard/")
    screenshot("1-signed-in")

    # Find a mentor from the main navigation.
    keys.tab_to(page.get_by_role("link", name="Find a mentor").first)
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a mentor")

    # A keyword, a library type chosen with the arrow keys, a box ticked with Space.
    keys.tab_to(page.get_by_label("Keywords"))
    keys.type("cataloging")
    kind = page.get_by_label("Library type")
    keys.tab_to(kind)
    for _ in range(20):
        if kind.evaluate("select => select.selectedOptions[0].text") == UNIVERSITY:
            break
        keys.press("ArrowDown")
    expect(kind.locator("option:checked")).to_have_text(UNIVERSITY)
    accepting = page.get_by_label("Accepting requests now", exact=True)
    keys.tab_to(accepting)
    keys.press("Space")
    expect(accepting).to_be_checked()
    keys.tab_to(page.get_by_role("button", name="Search"))
    screenshot("2-filters")
    keys.press("Enter")
    expect(page.get_by_role("heading", name="1 mentor, 1 accepting requests now")).to_be_visible()
    screenshot("3-results")

    # Open the mentor, then the request form.
    keys.tab_to(page.get_by_role("link", name="Sam Okafor"))
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sam Okafor")
    keys.tab_to(page.get_by_role("link", name="Ask Sam Okafor to mentor you"))
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask Sam Okafor to mentor you")

    # Empty the drafted goals and send: the error summary takes focus and leads to the field.
    help_wanted = page.get_by_label("What I'd like help with")
    keys.tab_to(help_wanted)
    keys.press("Control+A")
    keys.press("Delete")
    keys.tab_to(page.get_by_role("button", name="Send my request"))
    keys.press("Enter")
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    assert keys.focused()["visible"]
    screenshot("4-error-summary")
    keys.tab_to(summary.get_by_role("link"))
    keys.press("Enter")
    expect(help_wanted).to_be_focused()
    keys.focused()
    keys.type("Learn original cataloging of rare books.")

    # Back up with Shift+Tab is possible too; then send.
    keys.tab_to(page.get_by_role("button", name="Send my request"))
    keys.tab_to(help_wanted, backwards=True)
    keys.tab_to(page.get_by_role("button", name="Send my request"))
    keys.press("Enter")
    expect(page.get_by_text("Your request is on its way to Sam Okafor")).to_be_visible()
    screenshot("5-request-sent")

    request = Mentorship.objects.get(mentee=mentee.user, mentor=sam.user)
    assert request.help_wanted == "Learn original cataloging of rare books."
    assert keys.stops > 20


def test_a_city_and_languages_are_chosen_from_their_lists_with_the_keyboard(
    browser: Any, live_server: Any
) -> None:
    make_mentee(email="kai@example.org", city=city("Toronto", "CA"), languages=["en"])
    page = sign_in(browser, live_server, "kai@example.org")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The city: down to the first suggestion, up round to the last and down again, Enter.
    page.goto(live_server.url + reverse("profiles:setup", kwargs={"step": 1}))
    field = page.get_by_label("City")
    field.fill("")
    field.press_sequentially("Portl")
    options = page.get_by_role("listbox", name="Suggested places").get_by_role("option")
    expect(options.first).to_be_visible()
    names = options.all_text_contents()
    assert len(names) > 1
    for key in ["ArrowDown", "ArrowUp", "ArrowDown"]:
        field.press(key)
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", options.first.get_attribute("id"))
    field.press("Enter")
    expect(field).to_have_value(names[0])
    expect(field).to_have_attribute("aria-expanded", "false")
    # Escape closes the list without choosing.
    field.fill("Toro")
    field.press_sequentially("n")
    expect(options.first).to_be_visible()
    field.press("Escape")
    expect(options.first).to_be_hidden()
    expect(field).to_have_value("Toron")

    # The languages: the second of those offered for "s", with the arrows and Enter.
    page.goto(live_server.url + reverse("profiles:setup", kwargs={"step": 3}))
    search = page.get_by_label("Add a language")
    search.press_sequentially("s")
    offered = page.get_by_role("listbox", name="Languages to add").get_by_role("option")
    expect(offered.first).to_be_visible()
    second = offered.nth(1).text_content()
    search.press("ArrowDown")
    search.press("ArrowDown")
    search.press("Enter")
    expect(page.get_by_role("button", name=f"Remove {second}")).to_be_visible()
    expect(search).to_have_value("")
