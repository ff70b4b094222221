"""Growing the mentor pool, as staff and a member see it, on the demo directory."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Sum
from playwright.sync_api import Browser, Page, expect

from profiles.demo import DEMO_PASSWORD
from profiles.models import Profile, User
from tests.conftest import ARTIFACTS, sign_in
from tests.programs.conftest import curators_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser: Browser, live_server, email: str) -> Page:
    page = sign_in(browser, live_server, email, DEMO_PASSWORD, accept_downloads=True)
    expect(page).not_to_have_url(re.compile("/accounts/login/"))
    return page


def download_csv(page: Page, link_name: str, folder: Path) -> list[list[str]]:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return list(csv.reader(path.open(encoding="utf-8")))


def shown(count: int) -> str:
    return "fewer than 5" if count < 5 else f"{count:,}"


def test_staff_read_the_insights_and_a_member_starts_mentoring(
    browser: Browser, live_server, tmp_path: Path
) -> None:
    screenshot_folder = ARTIFACTS / "growth-journey"
    screenshot_folder.mkdir(parents=True, exist_ok=True)
    curators_group()  # an earlier transactional test may have emptied the migrations' data
    call_command("demo_data", members=120, stdout=open("/dev/null", "w"))  # noqa: SIM115

    staff = signed_in(browser, live_server, "admin@mentorconnect.example")
    staff.goto(live_server.url + "/dashboard/")
    staff.get_by_role("button", name="admin@mentorconnect.example").click()
    staff.get_by_role("link", name="Insights").click()
    expect(staff.get_by_role("heading", name="Insights", level=1)).to_be_visible()
    for title in [
        "Requests per month",
        "Where mentors are most needed, by area",
        "Members served, by area: one-to-one and in circles",
    ]:
        expect(staff.get_by_role("heading", name=title)).to_be_visible()
    # Requests per month is four small panels (one per series) beside five charts of bars.
    expect(staff.locator("svg[role=img]")).to_have_count(9)
    # Twelve months of four series read at a glance: well under a screen high.
    requests_chart = staff.locator("#requests-by-month figure").bounding_box()
    assert requests_chart is not None and requests_chart["height"] < 600
    staff.screenshot(path=screenshot_folder / "insights.png", full_page=True)

    # The numbers in the CSV are those of the demo data, counted here independently.
    overview = dict(download_csv(staff, "Download the overview (CSV)", tmp_path)[1:])
    completed = Profile.objects.filter(completed_at__isnull=False, user__is_active=True)
    assert overview["Members"] == shown(User.objects.filter(is_active=True).count())
    assert overview["Mentors"] == shown(completed.filter(can_mentor=True).count())
    assert overview["Mentees"] == shown(completed.filter(wants_mentor=True).count())
    accepting = Profile.objects.searchable().accepting()
    free = accepting.aggregate(free=Sum(F("mentor_capacity") - F("active_mentee_count")))["free"]
    assert overview["Free places with those mentors"] == shown(free or 0)

    by_area = download_csv(
        staff, "Download “Where mentors are most needed, by area” (CSV)", tmp_path
    )
    top_area, mentees, places = by_area[1]
    wanting = completed.filter(wants_mentor=True, wanted_areas__name=top_area).count()
    assert mentees == shown(wanting)
    offering = accepting.filter(expertise__name=top_area).aggregate(
        free=Sum(F("mentor_capacity") - F("active_mentee_count"))
    )["free"]
    assert places == shown(offering or 0)

    # A member who does not mentor yet switches it on from the dashboard in one step.
    newcomer = (
        Profile.objects.filter(completed_at__isnull=False, can_mentor=False)
        .exclude(user__email="mentee@mentorconnect.example")
        .annotate(areas=Count("expertise"))
        .filter(areas=0)
        .select_related("user")
        .first()
    )
    assert newcomer, "the demo has a member who has not offered to mentor yet"
    member = signed_in(browser, live_server, newcomer.user.email)
    member.get_by_label("How many mentees could you take?").fill("2")
    member.get_by_role("button", name="I can also mentor").click()
    # They have not said yet what they can mentor in: the same form asks, keeping the 2.
    expect(
        member.get_by_text("Choose at least one area you can mentor in.", exact=True)
    ).to_be_visible()
    expect(member.get_by_label("How many mentees could you take?")).to_have_value("2")
    member.get_by_text("Technical services and metadata").click()
    member.get_by_label("Cataloging (original and copy)").check()
    member.get_by_role("button", name="I can also mentor").click()
    expect(member.get_by_role("alert").or_(member.get_by_role("status")).first).to_contain_text(
        "you are now a mentor"
    )
    member.screenshot(path=screenshot_folder / "dashboard-after-starting.png", full_page=True)

    # Another member now finds them in search.
    mentee = signed_in(browser, live_server, "mentee@mentorconnect.example")
    mentee.goto(live_server.url + "/mentors/")
    mentee.get_by_label("Keywords").fill(newcomer.display_name)
    mentee.get_by_role("button", name="Search").click()
    expect(mentee.get_by_role("link", name=newcomer.display_name).first).to_be_visible()
