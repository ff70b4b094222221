from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from profiles.models import Profile
from tests.conftest import PASSWORD, make_member
from tests.profiles.factories import city, library_type, make_mentor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_mentee_makes_a_profile_searches_and_sees_recommendations(
    page: Page,
    live_server,
    screenshot,
) -> None:
    make_mentor(
        display_name="Morgan Hamilton",
        headline="Head of Cataloging",
        expertise=["Cataloging (original and copy)"],
        city=city("Hamilton", "CA"),
        library_type=library_type("Public"),
    )
    make_mentor(
        display_name="Vic Vancouver",
        headline="Cataloging Librarian",
        expertise=["Cataloging (original and copy)"],
        city=city("Vancouver", "CA"),
    )
    make_mentor(display_name="Gene Alogy", expertise=["Genealogy and local history"])
    make_member("newcomer@example.org")

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("newcomer@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # Step 1 of 3: who she is and where; the city is chosen from the suggestions at once.
    expect(page.get_by_role("heading", level=1)).to_have_text("Make your profile")
    page.get_by_label("Your name as members see it").fill("Nia Newcomer")
    page.get_by_label("Headline or job title").fill("Library Technician")
    page.get_by_label("Library type").select_option(label="Public")
    page.get_by_label("Career stage").select_option(label="Early career (under 5 years)")
    city_field = page.get_by_label("City")
    city_field.fill("Portland")
    expect(page.get_by_role("option", name="Portland, Oregon, US")).to_be_visible()
    expect(page.get_by_role("option", name="Portland, Maine, US")).to_be_visible()
    city_field.press("Tab")
    # Leaving "Portland" as typed: the page says at once that there are several.
    expect(page.get_by_text("Several places are called “Portland”")).to_be_visible()
    page.get_by_role("option", name="Portland, Maine, US").click()
    expect(city_field).to_have_value("Portland, Maine, US")
    expect(page.get_by_text("Several places are called")).to_be_hidden()
    city_field.fill("Toron")
    page.get_by_role("option", name="Toronto, Ontario, CA").click()
    expect(city_field).to_have_value("Toronto, Ontario, CA")
    screenshot("1-about-you")
    page.get_by_role("button", name="Save and continue").click()

    # Step 2 of 3: a mentee is not asked a mentor's questions.
    expect(page.get_by_text("Step 2 of 3: Mentoring")).to_be_visible()
    expect(page.get_by_label("I'd like a mentor")).to_be_checked()
    expect(page.get_by_label("How many mentees at once")).to_be_hidden()
    page.get_by_label("I can mentor").check()
    expect(page.get_by_label("How many mentees at once")).to_be_visible()
    page.get_by_label("I can mentor").uncheck()
    expect(page.get_by_label("How many mentees at once")).to_be_hidden()
    expect(page.get_by_text("whether you'd like a mentor")).to_have_count(0)
    wanted = page.locator("fieldset", has_text="Areas you'd like help with")
    wanted.get_by_text("Technical services and metadata").click()
    wanted.get_by_label("Cataloging (original and copy)").check()
    page.get_by_label("In a sentence, what would you like help with?").fill("Becoming a cataloger.")
    screenshot("2-mentoring")
    page.get_by_role("button", name="Save and continue").click()

    # Step 3 of 3: English is there already; French is added by typing.
    expect(page.get_by_text("Step 3 of 3: Meeting and contact")).to_be_visible()
    page.get_by_label("Video call").check()
    expect(page.get_by_role("button", name="Remove English")).to_be_visible()
    page.get_by_label("Add a language").fill("fre")
    page.get_by_label("Add a language").press("Enter")
    expect(page.get_by_role("button", name="Remove French")).to_be_visible()
    page.get_by_label("Short bio").fill("Technician studying for an MLIS.")
    page.get_by_label("Share my account email").check()
    screenshot("3-meeting-and-contact")
    page.get_by_role("button", name="Finish").click()
    nia = Profile.objects.get(display_name="Nia Newcomer")
    assert nia.languages == ["en", "fr"] and nia.share_account_email
    assert nia.city and nia.city.label == "Toronto, Ontario, CA"

    # Dashboard: the two fitting mentors, each with what they cover; not the genealogist.
    expect(page.get_by_text("Your profile is ready.")).to_be_visible()
    suggestions = page.get_by_role("region", name="Mentors suggested for you")
    nearby = suggestions.get_by_role("listitem").filter(has_text="Morgan Hamilton")
    expect(nearby).to_contain_text("Covers: Cataloging (original and copy)")
    expect(nearby).to_contain_text("km away")
    expect(suggestions.get_by_role("listitem").filter(has_text="Vic Vancouver")).to_contain_text(
        "open to remote mentoring"
    )
    expect(suggestions).not_to_contain_text("Gene Alogy")
    screenshot("3-dashboard")

    # Search by keyword, then narrow by distance.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find a mentor").click()
    page.get_by_label("Keywords").fill("cataloging")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("2 mentors, 2 accepting requests now")).to_be_visible()
    page.get_by_label("Within (distance)").fill("100")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 mentor, 1 accepting requests now")).to_be_visible()
    assert "distance=100" in page.url and "q=cataloging" in page.url
    screenshot("4-search")

    page.get_by_role("link", name="Morgan Hamilton").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Morgan Hamilton")
    # A member in Canada sees distances in kilometres.
    expect(page.get_by_text("km from you")).to_be_visible()
    expect(page.get_by_text("Accepting · 2 places free")).to_be_visible()
    screenshot("5-mentor-page")


def test_a_city_typed_in_full_closes_the_suggestions_and_saves(page: Page, live_server) -> None:
    # An open list pushes the button down; a press that lands on it as it opens is lost.
    make_member("quick@example.org")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("quick@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.get_by_label("Your name as members see it").fill("Quinn Quick")
    city_field = page.get_by_label("City")
    city_field.fill("Toronto, Ontario, C")
    suggestions = page.get_by_role("listbox", name="Suggested places")
    expect(suggestions.get_by_role("option", name="Toronto, Ontario, CA")).to_be_visible()
    city_field.press("A")
    expect(suggestions).to_be_hidden()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_text("Step 2 of 3: Mentoring")).to_be_visible()
    profile = Profile.objects.select_related("city").get(user__email="quick@example.org")
    assert profile.city is not None and profile.city.name == "Toronto"
