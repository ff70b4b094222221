"""Nothing a member types is lost when their session ends or the page goes out of date: the
tab keeps it (static/js/drafts.js) until the form is sent and accepted."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from feedback.models import Feedback
from mentorships.models import Agreement, PlanItem
from tests.browser.test_accessibility import audit
from tests.conftest import ARTIFACTS, PASSWORD, sign_in
from tests.mentorships.helpers import make_active
from tests.profiles.factories import make_mentee, make_mentor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
FEEDBACK = "Your questions before the interview were spot on; bring two more next time."
GOALS = "Lead a cataloging project by spring, and present it at the state conference."
STEP = "Shadow the metadata team for a day in March"
RESTORED = "The text you typed here before is back: this tab kept it for you."


def shoot(page: Page, step: str) -> None:
    """A full-page screenshot of what the member sees, under test-artifacts/drafts_journey/."""
    folder = ARTIFACTS / "drafts_journey"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{step}.png", full_page=True)


def assert_no_wcag_violations(page: Page) -> None:
    failing, _ = audit(page, page.url)
    assert not failing, "\n".join(failing)


def kept_drafts(page: Page) -> list[str]:
    return page.evaluate("Object.keys(sessionStorage).filter((key) => key.includes('draft'))")


def test_feedback_typed_before_the_session_ended_is_back_after_signing_in(
    browser: Browser, live_server
) -> None:
    mentorship = make_active(make_mentee(display_name="Mia"), make_mentor(email="max@example.org"))
    archive = f"/mentorships/{mentorship.pk}/feedback/"
    page = sign_in(browser, live_server, "max@example.org", viewport=PHONE)
    page.goto(live_server.url + archive)
    page.get_by_label("Suggestion").check()
    page.get_by_label("Your feedback").fill(FEEDBACK)

    # The session ends (an hour idle, or the browser closed) before Max sends it.
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="Send feedback").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next={archive}")
    expect(page.get_by_text("Your session ended, so nothing was sent.")).to_be_visible()
    expect(page.get_by_text("What you typed is kept in this browser tab")).to_be_visible()
    shoot(page, "sign-in-says-the-text-is-kept")
    page.get_by_label("Email").fill("max@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(live_server.url + archive)
    expect(page.get_by_label("Your feedback")).to_have_value(FEEDBACK)
    expect(page.get_by_text(RESTORED)).to_be_visible()
    shoot(page, "feedback-put-back")
    page.get_by_label("Suggestion").check()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("Feedback sent.")).to_be_visible()
    assert Feedback.objects.get().text == FEEDBACK


def test_agreement_sent_from_an_out_of_date_page_is_kept_and_sent_again(
    browser: Browser, live_server
) -> None:
    mentorship = make_active(make_mentee(), make_mentor(email="max@example.org"))
    agreement = f"{live_server.url}/mentorships/{mentorship.pk}/agreement/"
    page = sign_in(browser, live_server, "max@example.org", viewport=PHONE)
    page.goto(agreement)
    page.get_by_label("Goals").fill(GOALS)

    # In another tab Max signs out and in again, which gives the browser a new CSRF token.
    other_tab = page.context.new_page()
    other_tab.goto(live_server.url + "/accounts/logout/")
    other_tab.get_by_role("button", name="Sign out").click()
    other_tab.goto(live_server.url + "/accounts/login/")
    other_tab.get_by_label("Email").fill("max@example.org")
    other_tab.get_by_label("Password").fill(PASSWORD)
    other_tab.get_by_role("button", name="Sign in").click()
    expect(other_tab).to_have_url(live_server.url + "/dashboard/")
    other_tab.close()

    page.get_by_role("button", name="Save and confirm").click()
    expect(
        page.get_by_role("heading", name="This page was out of date, so nothing was sent")
    ).to_be_visible()
    expect(page.get_by_text("What you typed is kept in this browser tab")).to_be_visible()
    shoot(page, "out-of-date-page")
    assert_no_wcag_violations(page)
    assert Agreement.objects.get().goals != GOALS

    page.get_by_role("link", name="Back to the form").click()
    expect(page).to_have_url(agreement)
    expect(page.get_by_label("Goals")).to_have_value(GOALS)
    expect(page.get_by_text(RESTORED)).to_be_visible()
    page.get_by_role("button", name="Save and confirm").click()
    expect(page.get_by_text("Agreement saved")).to_be_visible()
    assert Agreement.objects.get().goals == GOALS


def test_a_draft_is_forgotten_once_its_form_is_sent(browser: Browser, live_server) -> None:
    mentorship = make_active(make_mentee(), make_mentor(email="max@example.org"))
    archive = f"{live_server.url}/mentorships/{mentorship.pk}/feedback/"
    page = sign_in(browser, live_server, "max@example.org")
    page.goto(archive)
    page.get_by_label("Your feedback").fill(FEEDBACK)
    assert kept_drafts(page)
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("Feedback sent.")).to_be_visible()

    assert kept_drafts(page) == []
    page.reload()
    expect(page.get_by_label("Your feedback")).to_have_value("")
    expect(page.get_by_text(RESTORED)).to_have_count(0)


def test_a_refused_form_keeps_its_draft_until_it_is_accepted(browser: Browser, live_server) -> None:
    mentorship = make_active(make_mentee(), make_mentor(email="max@example.org"))
    agreement = f"{live_server.url}/mentorships/{mentorship.pk}/agreement/"
    page = sign_in(browser, live_server, "max@example.org")
    page.goto(agreement)
    page.get_by_label("Goals").fill(GOALS)
    page.get_by_label("How often you will meet").select_option("custom")

    # Refused (the rhythm is not described): the form comes back with the text, kept.
    page.get_by_role("button", name="Save and confirm").click()
    expect(page.get_by_text("Describe the rhythm you agreed.").first).to_be_visible()
    expect(page.get_by_label("Goals")).to_have_value(GOALS)
    expect(page.get_by_text(RESTORED)).to_have_count(0)
    assert kept_drafts(page)

    page.get_by_label("The rhythm, in your words").fill("Every third Thursday")
    page.get_by_role("button", name="Save and confirm").click()
    expect(page.get_by_text("Agreement saved")).to_be_visible()
    assert kept_drafts(page) == []
    page.goto(agreement)
    expect(page.get_by_text(RESTORED)).to_have_count(0)


def test_text_put_back_can_be_discarded_with_the_keyboard(browser: Browser, live_server) -> None:
    mentorship = make_active(make_mentee(), make_mentor(email="max@example.org"))
    agreement = f"{live_server.url}/mentorships/{mentorship.pk}/agreement/"
    saved_goals = Agreement.objects.get().goals
    page = sign_in(browser, live_server, "max@example.org", viewport=PHONE)
    page.goto(agreement)
    page.get_by_label("Goals").fill(GOALS)

    # Max leaves without saving and comes back: his unsaved goals are put back.
    page.goto(live_server.url + "/dashboard/")
    page.goto(agreement)
    goals = page.get_by_label("Goals")
    expect(goals).to_have_value(GOALS)
    note = page.get_by_role("status").filter(has_text=RESTORED)
    expect(note).to_be_in_viewport()
    shoot(page, "agreement-put-back")
    assert_no_wcag_violations(page)

    goals.focus()
    page.keyboard.press("Tab")
    discard = note.get_by_role("button", name="Discard it")
    expect(discard).to_be_focused()
    page.keyboard.press("Enter")
    expect(goals).to_have_value(saved_goals)
    expect(goals).to_be_focused()
    expect(page.get_by_text(RESTORED)).to_have_count(0)
    page.reload()
    expect(page.get_by_label("Goals")).to_have_value(saved_goals)
    expect(page.get_by_text(RESTORED)).to_have_count(0)


def test_a_one_line_box_is_kept_too_and_only_for_its_own_form(
    browser: Browser, live_server
) -> None:
    mentorship = make_active(make_mentee(), make_mentor(email="max@example.org"))
    item = PlanItem.objects.create(mentorship=mentorship, text="Read the strategic plan")
    page_url = f"{live_server.url}/mentorships/{mentorship.pk}/"
    page = sign_in(browser, live_server, "max@example.org")
    page.goto(page_url)
    page.get_by_label("Goal or action item").fill(STEP)

    # Max leaves without adding it and comes back: it is back in the box that adds an item,
    # and only there: the item's own text box (also named "text") keeps the item's text.
    page.goto(live_server.url + "/dashboard/")
    page.goto(page_url)
    expect(page.get_by_label("Goal or action item")).to_have_value(STEP)
    expect(page.locator(f"#plan-item-{item.pk}")).to_have_value("Read the strategic plan")
    expect(page.get_by_text(RESTORED)).to_have_count(1)

    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text(STEP).first).to_be_visible()
    assert PlanItem.objects.filter(text=STEP).exists()
    assert kept_drafts(page) == []


def test_signing_out_forgets_the_text_kept_in_the_tab(browser: Browser, live_server) -> None:
    mentorship = make_active(make_mentee(), make_mentor(email="max@example.org"))
    page = sign_in(browser, live_server, "max@example.org")
    page.goto(f"{live_server.url}/mentorships/{mentorship.pk}/feedback/")
    page.get_by_label("Your feedback").fill(FEEDBACK)
    assert kept_drafts(page)

    page.goto(live_server.url + "/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    assert kept_drafts(page) == []
