"""The Content Security Policy blocks nothing the site itself needs.

Each journey watches the browser for `securitypolicyviolation` events and for the console's
"Content Security Policy" errors on every page it opens, and fails on any: a template or an
admin widget that needs inline script or style shows up here before it breaks for a person.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, BrowserContext, Page, expect

from profiles.models import Profile
from tests.conftest import PASSWORD, make_member
from tests.profiles.factories import city, make_mentee, make_mentor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${location.pathname}: ${event.effectiveDirective} blocked ${event.blockedURI}`
    + ` (${event.sourceFile}:${event.lineNumber}) ${event.sample}`
  );
});
"""


def watched_page(browser: Browser, violations: list[str]) -> Page:
    """A page in a new browser context (its own cookies) that records every CSP violation."""
    context: BrowserContext = browser.new_context()

    def report(violation: str) -> None:
        violations.append(violation)

    context.expose_function("reportCspViolation", report)
    context.add_init_script(REPORT_VIOLATIONS)
    context.on(
        "console",
        lambda message: (
            violations.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return context.new_page()


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_injected_inline_script_is_blocked_and_reported(browser: Browser, live_server) -> None:
    violations: list[str] = []
    page = watched_page(browser, violations)
    page.goto(live_server.url + "/")
    # What an attacker's markup would try if it ever got past the templates' escaping.
    page.evaluate(
        """() => {
          document.body.insertAdjacentHTML("beforeend",
            '<img src="data:," onload="document.title = \\'owned\\'">');
          const script = document.createElement("script");
          script.textContent = "document.title = 'owned'";
          document.body.append(script);
        }"""
    )
    expect(page).not_to_have_title("owned")
    page.wait_for_timeout(0)  # lets the browser deliver the reports
    assert any("script-src-attr" in violation for violation in violations), violations
    assert any("script-src-elem" in violation for violation in violations), violations


def test_new_member_signs_up_makes_a_profile_searches_and_requests_without_violations(
    browser: Browser,
    live_server,
) -> None:
    make_mentor(
        display_name="Morgan Metadata",
        expertise=["Cataloging (original and copy)"],
        city=city("Hamilton", "CA"),
    )
    violations: list[str] = []
    page = watched_page(browser, violations)

    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email").fill("nia@example.org")
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", str(mail.outbox[-1].body))
    assert link
    page.goto(link.group(0))

    # The profile steps, with the completeness bar and the city suggestions script.
    expect(page.get_by_text("Step 1 of 3: About you")).to_be_visible()
    page.get_by_label("Your name as members see it").fill("Nia Newcomer")
    page.get_by_label("City").fill("Toron")
    page.get_by_label("City").fill("Toronto, Ontario, CA")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("progressbar", name="Profile completeness")).to_be_visible()
    wanted = page.locator("fieldset", has_text="Areas you'd like help with")
    wanted.get_by_text("Technical services and metadata").click()
    wanted.get_by_label("Cataloging (original and copy)").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Short bio").fill("Technician studying for an MLIS.")
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_text("Your profile is ready.")).to_be_visible()

    # Bootstrap's menus: the navigation collapses on a narrow screen and the account menu drops.
    page.get_by_role("button", name="nia@example.org").click()
    expect(page.get_by_role("link", name="Your profile", exact=True)).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find a mentor").click()
    page.get_by_label("Keywords").fill("cataloging")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Morgan Metadata").click()
    page.get_by_role("link", name="Ask Morgan Metadata to mentor you").click()
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_text("Your request is on its way to Morgan Metadata.")).to_be_visible()

    page.set_viewport_size({"width": 400, "height": 800})
    page.get_by_role("button", name="Show navigation").click()
    expect(page.get_by_role("link", name="Programs")).to_be_visible()
    assert violations == []


def test_member_changes_email_and_password_and_resets_a_password_without_violations(
    browser: Browser,
    live_server,
) -> None:
    make_mentee(email="ada@example.org", display_name="Ada")
    violations: list[str] = []
    page = watched_page(browser, violations)
    sign_in(page, live_server.url, "ada@example.org")
    expect(page.get_by_role("heading", name="Welcome, Ada")).to_be_visible()

    page.goto(live_server.url + "/accounts/email/")
    page.get_by_label("Change to").fill("ada.new@example.org")
    page.get_by_role("button", name="Change Email").click()
    # Changing the address asks for the password again first.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_label("Changing to")).to_have_value("ada.new@example.org")
    # allauth's hidden form for the pending address (marked `hidden`, not styled inline).
    page.get_by_role("button", name="Cancel Change").click()
    expect(page.get_by_label("Changing to")).to_have_count(0)

    page.goto(live_server.url + "/accounts/password/change/")
    page.get_by_label("Current Password").fill(PASSWORD)
    page.get_by_label("New Password*", exact=True).fill("another-long-password-9")
    page.get_by_label("New Password (again)").fill("another-long-password-9")
    page.get_by_role("button", name="Change Password").click()
    expect(page.get_by_text("Password successfully changed.")).to_be_visible()

    page.goto(live_server.url + "/accounts/logout/")
    page.get_by_role("button", name="Sign Out").click()
    page.goto(live_server.url + "/accounts/password/reset/")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_role("button", name="Reset My Password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert violations == []


def test_staff_filter_search_add_change_and_delete_in_the_admin_without_violations(
    browser: Browser,
    live_server,
) -> None:
    make_member("staff@example.org", is_staff=True, is_superuser=True)
    make_mentor(display_name="Morgan Metadata", city=city("Hamilton", "CA"))
    violations: list[str] = []
    page = watched_page(browser, violations)
    sign_in(page, live_server.url, "staff@example.org")
    page.goto(live_server.url + "/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    # The change list: a filter, a search, the date drill-down.
    page.goto(live_server.url + "/admin/profiles/profile/")
    page.get_by_role("link", name="Yes").first.click()
    expect(page.get_by_text("1 profile")).to_be_visible()
    page.locator("#searchbar").fill("Morgan")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Morgan Metadata")).to_be_visible()

    # The change form: autocomplete (select2) and the two-box filter widget.
    page.get_by_role("link", name="Morgan Metadata").click()
    page.locator("#select2-id_city-container").click()
    page.locator(".select2-search__field").fill("Vancouv")
    page.get_by_role("option", name=re.compile("^Vancouver")).first.click()
    page.locator("#id_expertise_input").fill("Acquisitions")
    page.locator("#id_expertise_from option").first.dblclick()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    moved_to = Profile.objects.get(display_name="Morgan Metadata").city
    assert moved_to and moved_to.name == "Vancouver"

    # An add form, then the delete confirmation.
    page.goto(live_server.url + "/admin/profiles/careerstage/add/")
    page.get_by_label("Name").fill("Returning to the profession")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was added successfully")).to_be_visible()
    page.locator("#result_list").get_by_role(
        "link", name="Returning to the profession", exact=True
    ).click()
    page.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Yes, I’m sure").click()
    expect(page.get_by_text("was deleted successfully")).to_be_visible()
    assert violations == []
