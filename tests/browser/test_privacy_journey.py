"""A mentee downloads her data and deletes her account; her mentor then finds their history and
feedback with "former member" where her name was."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from feedback import services as feedback_services
from mentorships.models import Mentorship, Status
from profiles.models import User
from tests.browser.test_accessibility import audit
from tests.conftest import ARTIFACTS, PASSWORD
from tests.mentorships.helpers import make_active, make_request
from tests.profiles.factories import make_mentee, make_mentor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FROM_MIA = "The reading list was exactly what I needed."
FROM_MAX = "Your mock interview answers are much sharper now."


def assert_accessible(page: Page, where: str) -> None:
    failing, _ = audit(page, where)
    assert not failing, "\n".join(failing)


def sign_in(browser: Browser, base_url: str, email: str) -> Page:
    page = browser.new_context(accept_downloads=True).new_page()
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))
    return page


def test_a_mentee_downloads_her_data_deletes_her_account_and_her_mentor_keeps_their_history(
    browser: Browser, live_server, tmp_path: Path
) -> None:
    screens = ARTIFACTS / "privacy-journey"
    screens.mkdir(parents=True, exist_ok=True)
    mia = make_mentee(email="mia@example.org", display_name="Mia Chen")
    max_ = make_mentor(email="max@example.org", display_name="Max Ortiz")
    sam = make_mentor(email="sam@example.org", display_name="Sam Okafor")
    mentorship = make_active(mia, max_)
    feedback_services.feedback_send(
        mentorship=mentorship, by=mia.user, kind="appreciation", text=FROM_MIA, rating=5
    )
    feedback_services.feedback_send(
        mentorship=mentorship, by=max_.user, kind="suggestion", text=FROM_MAX, rating=4
    )
    request = make_request(mia, sam)
    mail.outbox.clear()

    # Mia finds her data and privacy page in the account menu and downloads her data.
    page = sign_in(browser, live_server.url, "mia@example.org")
    page.get_by_role("button", name="mia@example.org").click()
    page.get_by_role("link", name="Your data and privacy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data and privacy")
    assert_accessible(page, "the privacy page")
    page.screenshot(path=screens / "1-privacy.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data").click()
    assert download.value.suggested_filename.startswith("mentorconnect-my-data-")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["account"]["email"] == "mia@example.org"
    assert [entry["text"] for entry in data["feedback_you_wrote"]] == [FROM_MIA]
    assert [entry["text"] for entry in data["feedback_you_received"]] == [FROM_MAX]
    assert {entry["with"] for entry in data["mentorships_and_requests"]} == {
        "Max Ortiz",
        "Sam Okafor",
    }

    # Deleting asks for her password first, then says exactly what will happen.
    page.get_by_role("link", name="Delete my account…").click()
    expect(page).to_have_url(re.compile("/accounts/reauthenticate/"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    expect(page.get_by_text("Your open request to Sam Okafor is withdrawn")).to_be_visible()
    expect(page.get_by_text("Your mentorship with Max Ortiz ends early")).to_be_visible()
    expect(page.get_by_text("you are shown as “former member”")).to_be_visible()
    expect(page.get_by_text("Your profile and its page are removed.")).to_be_visible()
    assert_accessible(page, "the deletion confirmation")
    page.screenshot(path=screens / "2-confirm-deletion.png", full_page=True)
    page.get_by_role("button", name="Delete my account permanently").click()

    expect(page.get_by_text("Your account is deleted and you are signed out.")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    page.screenshot(path=screens / "3-deleted.png", full_page=True)
    assert not User.objects.filter(email="mia@example.org").exists()
    assert Mentorship.objects.get(pk=request.pk).status == Status.WITHDRAWN
    assert sorted(message.to[0] for message in mail.outbox) == [
        "max@example.org",
        "sam@example.org",
    ]

    # Her password no longer opens anything.
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("mia@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile("/accounts/login/"))

    # Max keeps the mentorship's history and both sides' feedback, with a former member.
    mentor_page = sign_in(browser, live_server.url, "max@example.org")
    mentor_page.goto(live_server.url + mentorship.get_absolute_url())
    expect(mentor_page.get_by_role("heading", level=1)).to_have_text("Your mentee: former member")
    expect(mentor_page.get_by_text("Ended early", exact=True)).to_be_visible()
    # Mia's feedback is new to him, so the link says so.
    mentor_page.get_by_role("link", name="Read former member's feedback").click()
    expect(mentor_page.get_by_text(FROM_MIA)).to_be_visible()
    expect(mentor_page.get_by_text(FROM_MAX)).to_be_visible()
    expect(mentor_page.get_by_role("heading", level=1)).to_have_text(
        "Feedback between you and a former member"
    )
    expect(mentor_page.get_by_text("Former member", exact=True)).to_be_visible()
    assert "Mia" not in mentor_page.content()
    mentor_page.screenshot(path=screens / "4-mentor-feedback.png", full_page=True)
