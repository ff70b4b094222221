"""A program's cohort from start to end, as each person sees it: the coordinator opens it on the
site; a mentor is refused for eligibility (the message on the same page, what was typed kept) and
applies again; a mentee applies ranking her; the coordinator runs the round, locks a pair, swaps
two others' mentors, runs it again (locks kept) and publishes; both people of a pair find their
mentorship; a month on, the midpoint email arrives, the mentee answers its survey, and the
cohort's report shows the totals. Screenshots at 1366×900 and 390×844 of every step."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import Browser, Page, ViewportSize, expect

from mentorconnect.outbox import sweep as outbox
from mentorships.models import Mentorship, Status
from programs.cohorts import evaluation
from programs.cohorts.models import Application, ApplicationStatus, Cohort, DraftPair, Role
from tests.cohorts.conftest import make_application, make_coordinator
from tests.conftest import ARTIFACTS, sign_in
from tests.profiles.factories import make_mentee, make_mentor
from tests.programs.conftest import make_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A Monday, 17:00 UTC: late morning in Chicago, where everyone here lives, so the outbox sends.
START = datetime.datetime(2025, 3, 10, 17, tzinfo=datetime.UTC)
DESKTOP: ViewportSize = {"width": 1366, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
FOLDER = ARTIFACTS / "test_cohort_journey"
WCAG_22_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    }
}


# The elements that reach past the right edge of the page, outside a box that scrolls.
OVERFLOWING = """width => [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .filter(e => !(e.parentElement && e.parentElement.closest(".table-responsive")))
    .map(e => e.tagName + "." + e.className + " " + (e.textContent || "").trim().slice(0, 40))
    .slice(0, 5)"""


def day(n: int) -> str:
    return (START.date() + datetime.timedelta(days=n)).isoformat()


def shot(page: Page, step: str) -> None:
    """The page as it is now, full length, on a desktop and on a phone."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=FOLDER / f"{step}-phone.png", full_page=True)
    # Nothing is wider than the phone: wide tables scroll in their own box.
    wider = page.evaluate(OVERFLOWING, PHONE["width"])
    assert not wider, f"{step}: wider than the phone: {wider}"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], step
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=FOLDER / f"{step}-desktop.png", full_page=True)


def no_wcag_violations(page: Page) -> None:
    results = Axe().run(page, options=WCAG_22_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def person(browser: Browser, live_server: Any, email: str) -> Page:
    page = sign_in(browser, live_server, email, viewport=DESKTOP)
    expect(page.get_by_role("button", name=email)).to_be_visible()
    return page


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    traveller = time_machine.travel(START, tick=True)
    coordinates = traveller.start()
    yield coordinates
    traveller.stop()


def test_a_cohort_from_opening_to_its_report(
    browser: Browser, live_server: Any, clock: time_machine.Traveller
) -> None:
    url = live_server.url
    program = make_program("Career Mentoring Program")
    make_coordinator(program, "cora@example.org")
    make_mentor(email="ada@example.org", display_name="Ada Archer", headline="Head of reference")
    make_mentee(email="mia@example.org", display_name="Mia Moreno")

    # The coordinator opens a cohort on the site.
    cora = person(browser, live_server, "cora@example.org")
    cora.goto(url + "/cohorts/coordinate/")
    cora.get_by_role("link", name="New cohort").click()
    cora.get_by_label("Name").fill("Spring 2025")
    cora.get_by_label("Status").select_option(label="Open for applications")
    for field, offset in [
        ("mentors_open_on", -1),
        ("mentors_close_on", 7),
        ("mentees_open_on", -1),
        ("mentees_close_on", 7),
        ("matching_on", 10),
        ("starts_on", 14),
        ("ends_on", 194),
    ]:
        cora.locator(f"#id_{field}").fill(day(offset))
    cora.get_by_label("Places for mentees").fill("10")
    cora.get_by_label("Membership of the association required").check()
    cora.get_by_label("Mentors' minimum years of experience").fill("3")
    cora.get_by_label("Question 1", exact=True).fill("What would you like from the program?")
    cora.get_by_label("Orientation").fill("Meet once a month; what you hear stays between you.")
    shot(cora, "01-coordinator-opens-a-cohort")
    no_wcag_violations(cora)
    cora.get_by_role("button", name="Save the cohort").click()
    expect(cora.get_by_text("Cohort “Spring 2025” created.")).to_be_visible()
    cohort = Cohort.objects.get(name="Spring 2025")

    # A mentor applies with too few years: refused on the same page, her answers kept.
    ada = person(browser, live_server, "ada@example.org")
    ada.goto(url + program.get_absolute_url())
    ada.get_by_role("link", name="Apply as a mentor").click()
    answer = "To give back what my own mentor gave me."
    ada.get_by_label("What would you like from the program?").fill(answer)
    ada.get_by_label("I am a member of the association").check()
    ada.get_by_label("Years of experience in libraries").fill("2")
    ada.get_by_label("How many mentees you can take in this cohort").select_option("2")
    ada.get_by_label("I have read the orientation and will mentor as it asks").check()
    ada.get_by_role("button", name="Send my application").click()
    expect(
        ada.get_by_text("Mentors in this cohort have at least 3 years of experience.")
    ).to_be_visible()
    expect(ada.get_by_label("What would you like from the program?")).to_have_value(answer)
    expect(ada.get_by_label("How many mentees you can take in this cohort")).to_have_value("2")
    shot(ada, "02-mentor-refused-for-eligibility")
    no_wcag_violations(ada)
    ada.get_by_label("Years of experience in libraries").fill("12")
    ada.get_by_role("button", name="Send my application").click()
    expect(ada.get_by_text("Your application to Career Mentoring Program")).to_be_visible()

    # Others apply too; a mentee applies on the site, ranking Ada first.
    make_application(make_mentor(display_name="Ben Baker"), cohort, Role.MENTOR, capacity=1)
    for name in ("Cy Chen", "Di Diaz"):
        make_application(make_mentee(display_name=name), cohort, Role.MENTEE)
    mia = person(browser, live_server, "mia@example.org")
    mia.goto(url + program.get_absolute_url())
    mia.get_by_role("link", name="Apply as a mentee").click()
    mia.get_by_label("What would you like from the program?").fill("Learning to lead a team.")
    mia.get_by_label("I am a member of the association").check()
    mia.get_by_label("Choice 1").select_option(label="Ada Archer — Head of reference")
    shot(mia, "03-mentee-applies")
    mia.get_by_role("button", name="Send my application").click()
    expect(mia.get_by_text("Your application to Career Mentoring Program")).to_be_visible()
    mia.goto(url + "/dashboard/")
    applications = mia.get_by_role("region", name="Your program applications")
    expect(applications).to_contain_text("Spring 2025, as a mentee: Submitted")
    shot(mia, "04-mentee-dashboard-submitted")
    no_wcag_violations(mia)

    # The coordinator runs the round, locks Mia's pair, swaps the other two's mentors.
    cora.goto(url + cohort.get_absolute_url())
    cora.get_by_role("button", name="Run the round").click()
    expect(cora.get_by_text("The round ran: 3 pairs in the draft")).to_be_visible()
    mia_application = Application.objects.get(applicant__email="mia@example.org")
    mia_pair = DraftPair.objects.get(mentee_application=mia_application)
    assert mia_pair.mentor_application.applicant.email == "ada@example.org"  # her first choice
    cora.get_by_role("button", name="Lock Mia Moreno and Ada Archer").click()
    expect(cora.get_by_text("Pair locked: re-runs keep it.")).to_be_visible()
    cy = DraftPair.objects.get(mentee_application__applicant__profile__display_name="Cy Chen")
    di = DraftPair.objects.get(mentee_application__applicant__profile__display_name="Di Diaz")
    cy_mentor, di_mentor = cy.mentor_application_id, di.mentor_application_id
    assert cy_mentor != di_mentor
    shot(cora, "05-round-drafted-one-pair-locked")
    cora.get_by_label("First pair").select_option(str(cy.pk))
    cora.get_by_label("Second pair").select_option(str(di.pk))
    cora.get_by_role("button", name="Swap mentors").click()
    expect(cora.get_by_text("Mentors swapped. Both pairs are locked")).to_be_visible()
    cora.get_by_role("button", name="Run the round again").click()
    expect(
        cora.get_by_text("The round ran: 3 pairs in the draft, locked ones kept.")
    ).to_be_visible()
    cy.refresh_from_db()
    di.refresh_from_db()
    assert (cy.mentor_application_id, di.mentor_application_id) == (di_mentor, cy_mentor)
    expect(cora.locator("tbody").get_by_text("Locked")).to_have_count(3)
    shot(cora, "06-swapped-and-run-again")
    no_wcag_violations(cora)
    cora.get_by_role("link", name="Publish 3 pairs and tell everyone").click()
    # Publishing emails everyone: it asks first, and says the application windows are open.
    expect(cora.get_by_text("Applications are still open")).to_be_visible()
    no_wcag_violations(cora)
    cora.get_by_role("button", name="Publish and email everyone").click()
    expect(cora.get_by_text("Published: 3 mentorships, starting on 24 March 2025")).to_be_visible()
    shot(cora, "07-published")
    cora.goto(url + "/cohorts/coordinate/")
    no_wcag_violations(cora)

    # Both people of Mia's pair find their mentorship.
    mia.goto(url + "/dashboard/")
    expect(applications).to_contain_text("Spring 2025, as a mentee: Matched")
    shot(mia, "08-mentee-dashboard-matched")
    applications.get_by_role("link", name="your mentorship").click()
    mia.get_by_role("link", name=re.compile("Ada Archer")).first.click()
    expect(mia.get_by_role("heading", level=1)).to_contain_text("Ada Archer")
    shot(mia, "09-mentee-opens-her-mentorship")
    ada.goto(url + "/dashboard/")
    ada.get_by_role("region", name="Your mentorships").get_by_role(
        "link", name=re.compile("Mia Moreno")
    ).first.click()
    expect(ada.get_by_role("heading", level=1)).to_contain_text("Mia Moreno")
    shot(ada, "10-mentor-opens-the-mentorship")
    mentorship = Mentorship.objects.get(mentee__email="mia@example.org")
    assert mentorship.status == Status.ACTIVE
    assert mentorship.mentor is not None and mentorship.mentor.email == "ada@example.org"

    # The coordinator adds the midpoint to the timeline; a month on, its email arrives.
    cora.goto(url + cohort.get_absolute_url())
    cora.get_by_role("link", name="Add a milestone").click()
    cora.get_by_label("Date").fill(day(44))
    cora.get_by_label("Kind").select_option(label="Midpoint")
    cora.get_by_label("Title").fill("Halfway there")
    cora.get_by_role("button", name=re.compile("Add|Save")).click()
    expect(cora.get_by_text("Milestone “Halfway there” added.")).to_be_visible()
    mail.outbox.clear()
    clock.move_to(START + datetime.timedelta(days=44))
    outbox.sweep()
    # Her one-month feedback invitation is due too; the milestone's email is the one to find.
    to_mia = [m for m in mail.outbox if m.to == ["mia@example.org"]]
    email = next((m for m in to_mia if "Halfway there" in m.subject), None)
    assert email is not None, [m.subject for m in to_mia]
    survey_link = re.search(r"https?://\S+/survey/midpoint/", str(email.body))
    assert survey_link is not None

    # Mia answers the survey from the email's link (signed in again: a month has passed).
    mia = person(browser, live_server, "mia@example.org")
    mia.goto(url + re.sub(r"^https?://[^/]+", "", survey_link.group(0)))
    mia.get_by_role("group", name=re.compile("satisf", re.I)).get_by_label("4").check()
    mia.get_by_role("group", name=re.compile("goals", re.I)).get_by_label("3").check()
    mia.get_by_role("group", name=re.compile("recommend", re.I)).get_by_label("9").check()
    mia.get_by_role("textbox").fill("Monthly topics kept us going.")
    shot(mia, "11-midpoint-survey")
    mia.get_by_role("button", name=re.compile("Send|Save")).click()
    expect(mia.get_by_text("Thank you: your answers are saved.")).to_be_visible()

    # Four more answer; the coordinator's report shows totals only.
    for application in Application.objects.filter(
        cohort=cohort, status=ApplicationStatus.MATCHED
    ).exclude(applicant__email="mia@example.org")[:4]:
        evaluation.survey_respond(
            cohort=cohort,
            respondent=application.applicant,
            survey="midpoint",
            satisfaction=5,
            goals_met=4,
            would_recommend=10,
            comment="",
            today=(START + datetime.timedelta(days=44)).date(),
        )
    cora = person(browser, live_server, "cora@example.org")
    cora.goto(url + cohort.get_absolute_url())
    cora.get_by_role("link", name="Report").first.click()
    expect(cora.get_by_role("heading", level=1)).to_have_text("Report: Spring 2025")
    survey = cora.get_by_role("region", name="Midpoint survey")
    expect(survey).to_contain_text("4.8 of 5 on average")
    expect(survey).to_contain_text("Monthly topics kept us going.")
    expect(cora.locator("main")).not_to_contain_text("Mia Moreno")
    shot(cora, "12-cohort-report")
    no_wcag_violations(cora)
