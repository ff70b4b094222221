"""A circle, as the people in it live it: a mentor whose last place goes to it opens it; three
mentees find and join it (one from the dashboard's "no mentor covers" box, one beside her mentor
search); the host proposes a meeting, two say they will come and one can't; a member adds to
the shared plan, the host ticks it off, and she writes to the host privately; one leaves; a
stranger and staff find nothing at its addresses, and another member nothing at that feedback.
No page breaks the Content Security Policy or has a serious accessibility problem."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from mentorships.circles.models import Circle
from profiles.models import Profile
from tests.browser.test_accessibility import audit
from tests.browser.test_csp_journey import watched_page
from tests.conftest import ARTIFACTS, PASSWORD, make_member
from tests.profiles.factories import make_mentee, make_mentor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser: Browser, base_url: str, email: str, violations: list[str]) -> Page:
    page = watched_page(browser, violations)
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    return page


def assert_accessible(page: Page) -> None:
    failing, _ = audit(page, page.url)
    assert not failing, "\n".join(failing)


def shoot(page: Page, step: str) -> None:
    """A full-page screenshot of what this person sees, under test-artifacts/circle_journey/."""
    folder = ARTIFACTS / "circle_journey"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{step}.png", full_page=True)


def test_a_mentor_opens_a_circle_three_join_they_meet_and_one_leaves(
    browser: Browser, live_server
) -> None:
    make_mentor(
        email="gail@example.org",
        display_name="Gail Host",
        expertise=["Grant writing"],
        mentor_capacity=1,
        contact_email="gail.host@example.org",
    )
    for email, name in [("ann@", "Ann"), ("bo@", "Bo"), ("gwen@", "Gwen")]:
        make_mentee(
            email=f"{email}example.org",
            display_name=name,
            wanted=["Grant writing"],
            contact_email=f"{name.lower()}.private@example.org",
            contact_visibility="matched" if name != "Bo" else "nobody",
        )
    violations: list[str] = []
    url = live_server.url

    # Gail opens a circle from her dashboard; the page says it takes her last place.
    gail = signed_in(browser, url, "gail@example.org", violations)
    gail.goto(url + "/dashboard/")
    gail.get_by_role("link", name="Host a circle").click()
    expect(gail.locator("#circle-takes-a-place")).to_contain_text("you have 1 of 1 place free")
    assert_accessible(gail)
    gail.get_by_label("I host it as a mentor (it takes one of my places)").check()
    gail.get_by_role("textbox", name="Title").fill("Grant writing circle")
    gail.get_by_role("textbox", name="Description").fill("One application each, every month.")
    gail.get_by_role("checkbox", name="Grant writing", exact=True).check()
    gail.get_by_label("Places for members").fill("3")
    gail.get_by_label("Anyone may join while places remain").check()
    shoot(gail, "1-setup")
    gail.get_by_role("button", name="Open the circle").click()
    expect(gail.get_by_text("Your circle is open")).to_be_visible()
    circle = Circle.objects.get()
    assert Profile.objects.get(user__email="gail@example.org").free_places == 0

    # Gwen finds it on her dashboard: no mentor with a place covers grant writing now.
    gwen = signed_in(browser, url, "gwen@example.org", violations)
    gwen.goto(url + "/dashboard/")
    expect(gwen.locator("#uncovered-areas")).to_contain_text("covers Grant writing")
    expect(gwen.get_by_role("heading", name="Circles for Grant writing")).to_be_visible()
    shoot(gwen, "2-dashboard-offers-the-circle")
    gwen.get_by_role("link", name="Join Grant writing circle").click()
    gwen.get_by_label("A short note").fill("My first grant is due in March.")
    assert_accessible(gwen)
    gwen.get_by_role("button", name="Join the circle").click()
    expect(gwen.get_by_text("Welcome to Grant writing circle.")).to_be_visible()

    # Ann finds it beside the mentors of her search, Bo on the circles page.
    people = {"gwen": gwen}
    for name, where in [("ann", "/mentors/"), ("bo", "/circles/")]:
        page = signed_in(browser, url, f"{name}@example.org", violations)
        page.goto(url + where)
        if name == "ann":
            expect(page.locator("#circles-offered")).to_contain_text("Grant writing circle")
            shoot(page, "2b-search-offers-the-circle")
        page.get_by_role("link", name="Join Grant writing circle").click()
        page.get_by_role("button", name="Join the circle").click()
        expect(page.get_by_text("Welcome to Grant writing circle.")).to_be_visible()
        people[name] = page
    assert Circle.objects.with_member_count().get(pk=circle.pk).is_full

    # Gail proposes a meeting; Ann and Gwen will come, Bo can't.
    gail.goto(url + circle.get_absolute_url())
    gail.get_by_role("link", name="Propose a meeting").click()
    starts = timezone.localtime(timezone.now() + datetime.timedelta(days=7))
    gail.get_by_label("Date and time").fill(starts.strftime("%Y-%m-%dT10:00"))
    gail.get_by_label("Agenda").fill("Read Ann's draft.")
    gail.get_by_role("button", name="Propose this meeting").click()
    expect(gail.get_by_text("Meeting proposed")).to_be_visible()
    for name, answer in [("ann", "I'll come"), ("gwen", "I'll come"), ("bo", "I can't come")]:
        page = people[name]
        page.goto(url + circle.get_absolute_url())
        page.get_by_role("button", name=answer).click()
    page = people["gwen"]
    page.reload()
    expect(page.get_by_text("Coming: Ann, Gwen.")).to_be_visible()
    expect(page.get_by_text("Can't come: Bo.")).to_be_visible()
    # Members see contact details as each chose: Ann's (matches), not Bo's (nobody).
    members = page.locator("#circle-members")
    expect(members).to_contain_text("ann.private@example.org")
    expect(members).to_contain_text("gail.host@example.org")
    expect(members).not_to_contain_text("bo.private@example.org")
    assert_accessible(page)
    shoot(page, "3-circle-with-answers")
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    assert download.value.suggested_filename.endswith(".ics")

    # Ann adds a step to the shared plan and Gail ticks it off; Ann tells Gail, privately,
    # how it is going.
    ann = people["ann"]
    ann.goto(url + circle.get_absolute_url())
    ann.get_by_label("Add a step to the plan").fill("Bring a one-page budget")
    ann.get_by_role("button", name="Add to the plan").click()
    expect(ann.locator("#circle-plan")).to_contain_text("Bring a one-page budget")
    gail.goto(url + circle.get_absolute_url())
    gail.locator("#circle-plan").get_by_role("button", name="Tick off").click()
    expect(gail.locator("#circle-plan")).to_contain_text("ticked by you")
    ann.goto(url + circle.get_absolute_url())
    ann.get_by_role("link", name="Write feedback").click()
    ann.get_by_label("Your feedback").fill("The pace suits me; more examples, please.")
    ann.get_by_role("button", name="Send to Gail Host").click()
    expect(ann.get_by_text("Only the two of you can read it")).to_be_visible()
    assert_accessible(ann)
    shoot(ann, "3b-private-feedback")
    ann_feedback = ann.url.removeprefix(url)

    # Bo leaves; the place opens.
    bo = people["bo"]
    bo.goto(url + circle.get_absolute_url())
    bo.get_by_role("link", name="Leave the circle…").click()
    expect(bo.locator("#leaving")).to_contain_text("gets an email saying you left")
    bo.get_by_role("button", name="Leave the circle").click()
    expect(bo.get_by_text("your place is open for someone else")).to_be_visible()
    shoot(bo, "4-after-leaving")
    assert not Circle.objects.with_member_count().get(pk=circle.pk).is_full

    # A stranger and staff find nothing at the circle's addresses.
    make_mentee(email="noor@example.org")
    make_member("root@example.org", is_staff=True, is_superuser=True)
    for email in ("noor@example.org", "root@example.org", "bo@example.org"):
        outsider = signed_in(browser, url, email, violations)
        for path in ("", "agreement/", "meetings/new/"):
            response = outsider.goto(url + circle.get_absolute_url() + path)
            assert response is not None and response.status == 404, (email, path)
        response = outsider.goto(url + ann_feedback)
        assert response is not None and response.status == 404, (email, ann_feedback)
    shoot(outsider, "5-outsider-404")
    # Feedback is Ann's and Gail's alone: Gwen, in the same circle, finds nothing there.
    response = gwen.goto(url + ann_feedback)
    assert response is not None and response.status == 404
    assert not violations, violations
