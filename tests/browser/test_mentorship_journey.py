from __future__ import annotations

import datetime
import re
import time

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from mentorships.models import Mentorship, Status
from tests.browser.test_accessibility import audit
from tests.conftest import ARTIFACTS, PASSWORD, sign_in
from tests.profiles.factories import area, city, make_mentee, make_mentor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_no_wcag_violations(page: Page) -> None:
    failing, _ = audit(page, page.url)
    assert not failing, "\n".join(failing)


def last_mail_to(email: str) -> mail.EmailMessage:
    sent = [m for m in mail.outbox if m.to == [email]]
    assert sent, f"no email to {email}"
    return sent[-1]


def test_request_accept_agree_meet_and_complete_with_two_people(
    browser: Browser,
    live_server,
    screenshot,
) -> None:
    mentor = make_mentor(
        email="max@example.org",
        display_name="Max Mentor",
        city=city("Vancouver", "CA"),
        time_zone="America/Vancouver",
        contact_email="max@library.example",
        contact_visibility="matched",
    )
    make_mentee(
        email="mia@example.org",
        display_name="Mia Mentee",
        city=city("Toronto", "CA"),
        time_zone="America/Toronto",
        help_wanted="Prepare for cataloging interviews.",
    )
    mentee_page = sign_in(browser, live_server, "mia@example.org")
    mentor_page = sign_in(browser, live_server, "max@example.org")

    # The mentee asks, from the mentor's page.
    mentee_page.goto(live_server.url + mentor.get_absolute_url())
    mentee_page.get_by_role("link", name="Ask Max Mentor to mentor you").click()
    expect(mentee_page.get_by_role("heading", name="How a request works")).to_be_visible()
    mentee_page.get_by_label("Why this mentor").fill("You work in metadata.")
    mentee_page.get_by_role("button", name="Send my request").click()
    expect(mentee_page.get_by_text("Your request is on its way to Max Mentor.")).to_be_visible()
    assert_no_wcag_violations(mentee_page)
    assert last_mail_to("max@example.org").subject == "New mentoring request from Mia Mentee"

    # The mentor answers from the dashboard.
    mentor_page.goto(live_server.url + "/dashboard/")
    expect(mentor_page.get_by_text("Answer the request waiting for you.")).to_be_visible()
    mentor_page.get_by_role("link", name="Mia Mentee").first.click()
    screenshot_page(mentor_page, "1-mentor-sees-request")
    mentor_page.get_by_role("button", name="Accept").click()
    expect(mentor_page.get_by_text("You accepted Mia Mentee's request")).to_be_visible()
    # Mia shared no way to be reached: Max is told we asked her, and she is asked on the page.
    expect(
        mentor_page.get_by_text("Mia Mentee has not shared a way to be reached yet.")
    ).to_be_visible()
    assert last_mail_to("mia@example.org").subject == "Max Mentor accepted your mentoring request"

    # Both confirm the agreement.
    for page in (mentor_page, mentee_page):
        page.goto(live_server.url + Mentorship.objects.get().get_absolute_url())
        page.get_by_role("link", name="Review and confirm").click()
        page.get_by_label("How often you will meet").select_option("every_two_weeks")
        page.get_by_label("Video calls").check()
        page.get_by_role("button", name="Save and confirm").click()
        expect(page.get_by_text("Agreement saved")).to_be_visible()
    expect(mentee_page.get_by_text("Every two weeks")).to_be_visible()
    expect(mentee_page.get_by_text("max@library.example")).to_be_visible()
    expect(
        mentee_page.get_by_text("Max Mentor has no way to reach you outside MentorConnect")
    ).to_be_visible()
    expect(mentee_page.get_by_role("link", name="Share a way to reach you")).to_be_visible()

    # The mentee proposes a meeting at noon Toronto time; the mentor sees 9:00 and accepts.
    meeting_day = (timezone.now() + datetime.timedelta(days=3)).date()
    mentee_page.get_by_role("link", name="Propose a meeting").click()
    mentee_page.get_by_label("Date and time").fill(f"{meeting_day}T12:00")
    mentee_page.get_by_label("Place or link").fill("https://meet.example.org/mia-max")
    mentee_page.get_by_label("Agenda").fill("Goals for the first month")
    mentee_page.get_by_role("button", name="Propose this meeting").click()
    assert last_mail_to("max@example.org").subject == "Mia Mentee proposed a mentoring meeting"

    mentor_page.reload()
    expect(mentor_page.get_by_text(re.compile(r"09:00.*America/Vancouver"))).to_be_visible()
    mentor_page.get_by_role("button", name="Accept this time").click()
    expect(
        mentor_page.get_by_role("link", name="https://meet.example.org/mia-max")
    ).to_have_attribute("rel", "noopener nofollow")
    confirmation = last_mail_to("mia@example.org")
    assert confirmation.subject.startswith("Mentoring meeting confirmed")
    assert confirmation.attachments[0][0] == "meeting.ics"
    screenshot_page(mentor_page, "2-meeting-confirmed")
    assert_no_wcag_violations(mentor_page)

    # After the meeting, the mentor marks it held; the next check-in follows the rhythm.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4), tick=True):
        mentor_page.reload()
        mentor_page.get_by_role("button", name="It was held").click()
        expect(mentor_page.get_by_text("Marked as held.")).to_be_visible()
        expect(mentor_page.get_by_text("Next check-in due by")).to_be_visible()

        # The mentee completes the mentorship.
        mentee_page.reload()
        mentee_page.locator("summary", has_text="End the mentorship").click()
        mentee_page.get_by_label("We reached our goals or the planned time: completed").check()
        mentee_page.get_by_role("button", name="End the mentorship").click()
        expect(
            mentee_page.get_by_text(
                "Your mentorship with Max Mentor is completed; we have told them."
            )
        ).to_be_visible()
    assert Mentorship.objects.get().status == Status.COMPLETED
    assert last_mail_to("max@example.org").subject == (
        "Your mentorship with Mia Mentee has been completed"
    )
    screenshot_page(mentee_page, "3-completed")


def screenshot_page(page: Page, name: str) -> None:
    folder = ARTIFACTS / "mentorship-journey"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)


class Counted:
    """Wraps a page and counts what a person does: clicks and fields typed into."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.clicks = 0
        self.fields = 0

    def click(self, locator) -> None:
        expect(locator).to_be_visible()
        locator.click()
        self.clicks += 1

    def fill(self, locator, text: str) -> None:
        locator.fill(text)
        self.fields += 1

    def open_link_from_email(self, url: str) -> None:
        self.page.goto(url)
        self.clicks += 1


def test_new_visitor_reaches_a_sent_request_quickly(page: Page, live_server) -> None:
    mentor = make_mentor(
        display_name="Morgan Metadata",
        expertise=["Cataloging (original and copy)"],
        city=city("Hamilton", "CA"),
    )
    assert area("Cataloging (original and copy)").group.name == "Technical services and metadata"
    person = Counted(page)
    started = time.monotonic()

    page.goto(live_server.url)
    person.click(page.get_by_role("link", name="Join and find a mentor"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Join MentorConnect")
    person.fill(page.get_by_label("Email"), "nia@example.org")
    person.fill(page.get_by_label("Password*", exact=True), PASSWORD)
    person.click(page.get_by_role("button", name="Sign up free"))
    expect(page.get_by_text("We have sent you a link to confirm")).to_be_visible()
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", str(mail.outbox[-1].body))
    assert link
    # One click on the emailed link confirms the address and signs her in.
    person.open_link_from_email(link.group(0))

    # Profile: three short steps, guidance on each.
    expect(page.get_by_text("Step 1 of 3: About you")).to_be_visible()
    person.fill(page.get_by_label("Your name as members see it"), "Nia Newcomer")
    person.fill(page.get_by_label("City"), "Toronto, Ontario, CA")
    person.click(page.get_by_role("button", name="Save and continue"))
    expect(page.get_by_text("Anyone can be a mentee, a mentor, or both")).to_be_visible()
    expect(page.get_by_label("I'd like a mentor")).to_be_checked()
    wanted = page.locator("fieldset", has_text="Areas you'd like help with")
    person.click(wanted.get_by_text("Technical services and metadata"))
    person.click(wanted.get_by_label("Cataloging (original and copy)"))
    person.click(page.get_by_role("button", name="Finish now, add a bio later"))
    expect(page.get_by_text("Your profile is ready.")).to_be_visible()

    # Dashboard suggestion, then the drafted request with its guidance.
    person.click(page.get_by_role("link", name="Ask Morgan Metadata to mentor you"))
    expect(page.get_by_role("heading", name="How a request works")).to_be_visible()
    person.click(page.get_by_role("button", name="Send my request"))
    expect(page.get_by_text("Your request is on its way to Morgan Metadata.")).to_be_visible()
    seconds = time.monotonic() - started

    assert Mentorship.objects.filter(mentor=mentor.user, status=Status.PENDING).count() == 1
    interactions = person.clicks + person.fields
    report = (
        f"New visitor to a sent request: {seconds:.1f} s, {person.clicks} clicks and "
        f"{person.fields} fields typed into ({interactions} interactions)\n"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "first-request-timing.txt").write_text(report)
    print(report)
    assert interactions < 15
    assert seconds < 180
