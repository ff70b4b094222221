from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from profiles.models import CareerStage, LibraryType, Profile
from tests.conftest import PASSWORD, make_member
from tests.programs.conftest import make_curator, make_program, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PROGRAM = "Reference Desk Mentoring Circle"


def sign_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def sign_out(page: Page, base_url: str) -> None:
    page.goto(base_url + "/accounts/logout/")
    page.get_by_role("button", name="Sign Out").click()


def assert_no_wcag_violations(page: Page) -> None:
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_curator_adds_a_program_visitors_find_it_and_a_member_saves_it_from_the_dashboard(
    page: Page,
    live_server,
    screenshot,
) -> None:
    today = timezone.localdate()
    opens_on, closes_on = today - datetime.timedelta(days=3), today + datetime.timedelta(days=12)
    # Transactional tests that ran before this one emptied the tables the migrations filled.
    mid_career, _ = CareerStage.objects.get_or_create(name="Mid-career (5-15 years)")
    students, _ = CareerStage.objects.get_or_create(name="LIS student")
    public_library, _ = LibraryType.objects.get_or_create(name="Public")
    make_unit("RUSA", name="Reference and User Services Association")
    make_program("Students Only Circle", career_stages=[students])
    make_program("Paid Leadership Institute", is_free=False, rolling=True)
    make_curator("curator@example.org")
    make_member("ada@example.org")
    Profile.objects.create(
        user=make_member("mo@example.org"),
        display_name="Mo Mid-Career",
        career_stage=mid_career,
        library_type=public_library,
        completed_at=timezone.now(),
    )

    # The curator signs in to the admin through the site's sign-in page.
    sign_in(page, live_server.url + "/admin/", "curator@example.org")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    page.get_by_role("link", name="Add", exact=True).and_(
        page.locator('a[href="/admin/programs/program/add/"]')
    ).click()
    expect(page.get_by_role("heading", name="Add program")).to_be_visible()

    page.locator("#id_name").press_sequentially(PROGRAM)
    expect(page.locator("#id_slug")).to_have_value("reference-desk-mentoring-circle")
    page.locator(".field-unit .select2-selection").click()
    page.locator(".select2-search__field").fill("RUSA")
    page.get_by_role("option", name="Reference and User Services Association (RUSA)").click()
    page.fill("#id_summary", "Monthly peer circles for reference librarians, online.")
    page.locator("#id_audience").get_by_label("Mid-career").check()
    page.locator("#id_career_stages").get_by_label("Mid-career (5-15 years)").check()
    page.locator("#id_membership").get_by_label("No membership needed").check()
    for question, answer in [
        ("open_to_part_time", "Yes"),
        ("open_to_students", "Yes"),
        ("open_to_between_jobs", "Yes"),
        ("open_to_retired", "No"),
        ("is_free", "Yes"),
    ]:
        page.locator(f"#id_{question}").get_by_label(answer, exact=True).check()
    page.locator("#id_formats").get_by_label("Peer").check()
    page.locator("#id_location").get_by_label("Virtual", exact=True).check()
    page.fill("#id_opens_on", opens_on.isoformat())
    page.fill("#id_closes_on", closes_on.isoformat())
    page.fill("#id_application_url", "https://example.org/rusa/apply")
    page.fill("#id_source_url", "https://example.org/rusa/mentoring")
    page.fill("#id_internal_notes", "The organiser says the dates are provisional: low confidence.")
    screenshot("1-admin-add-program")
    page.get_by_role("button", name="Save and preview the public page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROGRAM)
    expect(page.get_by_role("alert")).to_contain_text(f"Saved “{PROGRAM}”. This is its public page")
    expect(page.get_by_text("low confidence")).to_have_count(0)
    screenshot("2-preview")

    # The two programs nobody has reviewed wait on the curator's list; one is checked now.
    page.get_by_role("link", name="Programs to review").click()
    expect(page.get_by_role("heading", name="2 programs to review")).to_be_visible()
    page.get_by_role("button", name="Mark Paid Leadership Institute as reviewed").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Marked “Paid Leadership Institute” as reviewed"
    )
    expect(page.get_by_role("heading", name="1 program to review")).to_be_visible()
    assert_no_wcag_violations(page)
    screenshot("2-needs-review")
    sign_out(page, live_server.url)

    # A visitor, not signed in, finds it in the directory under the filters that fit it.
    page.goto(live_server.url + "/programs/")
    filters = page.get_by_role("search", name="Search and filter programs")
    for label in [
        "Open for applications now",
        "Deadline within 30 days",
        "Free",
        "No membership needed",
        "Open to part-time staff",
        "Open to students",
        "Virtual",
    ]:
        filters.get_by_label(label, exact=True).check()
    filters.get_by_role("checkbox", name="Peer").check()
    filters.get_by_role("button", name="Show programs").click()
    expect(page).to_have_url(
        f"{live_server.url}/programs/?q=&open_now=on&closing_soon=on&free=on&no_membership=on"
        "&part_time=on&students=on&virtual=on&format=peer"
    )
    expect(page.get_by_role("heading", name="1 program matches your search")).to_be_visible()
    expect(page.get_by_role("heading", level=3)).to_have_text([PROGRAM])
    assert_no_wcag_violations(page)
    screenshot("3-directory-filtered")

    # A filter it does not fit leaves it out, and the page suggests widening the search.
    filters.get_by_role("checkbox", name="Residency").check()
    filters.get_by_role("checkbox", name="Peer").uncheck()
    filters.get_by_role("button", name="Show programs").click()
    expect(page.get_by_text("No program matches all of that.")).to_be_visible()
    screenshot("4-directory-empty")

    # On a phone the count comes first and the filters fold away behind one button.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/programs/")
    expect(page.get_by_role("heading", name="3 programs")).to_be_visible()
    expect(page.get_by_role("search", name="Search and filter programs")).to_be_hidden()
    page.get_by_role("button", name="Search and filters").click()
    expect(page.get_by_role("search", name="Search and filter programs")).to_be_visible()
    screenshot("4-directory-phone")
    page.set_viewport_size({"width": 1366, "height": 900})

    page.goto(live_server.url + "/programs/")
    page.get_by_role("link", name=PROGRAM, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROGRAM)
    expect(page.get_by_role("link", name="Apply on the program's site")).to_have_attribute(
        "href", "https://example.org/rusa/apply"
    )
    glance = page.locator("dl.eligibility")
    expect(glance).to_contain_text("Free")
    expect(glance).to_contain_text("Mid-career (5-15 years)")
    assert_no_wcag_violations(page)
    screenshot("5-program-page")

    # A mid-career member sees it under "Programs for you" and saves it.
    sign_in(page, live_server.url + "/accounts/login/", "mo@example.org")
    suggestions = page.locator("section", has=page.get_by_role("heading", name="Programs for you"))
    expect(suggestions.get_by_role("link", name=PROGRAM, exact=True)).to_be_visible()
    expect(suggestions.get_by_role("link", name="Students Only Circle")).to_have_count(0)
    suggestions.get_by_role("button", name=f"Save {PROGRAM}").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Saved “{PROGRAM}” to your programs.")
    expect(suggestions.get_by_role("button", name=f"Unsave {PROGRAM}")).to_be_visible()
    assert_no_wcag_violations(page)
    screenshot("6-dashboard-saved")

    suggestions.get_by_role("link", name="Your saved programs").click()
    expect(page.get_by_role("heading", level=3)).to_have_text([PROGRAM])
    screenshot("7-saved-programs")
