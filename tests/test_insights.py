"""Staff insights: every figure against a hand-built data set, and small counts suppressed."""

from __future__ import annotations

import csv
import datetime
import io
import re
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mentorconnect import insights
from mentorships import services
from programs.models import Program, SavedProgram
from programs.services import count_view, record_counted_views
from tests.conftest import PASSWORD, make_member
from tests.mentorships.helpers import make_request
from tests.profiles.factories import city, make_mentee, make_mentor
from tests.programs.conftest import make_curator

CATALOGING = "Cataloging (original and copy)"
REFERENCE = "Reference services"
NOW = datetime.datetime(2026, 11, 20, 18, 0, tzinfo=datetime.UTC)


def csv_of(client: Client, slug: str) -> list[list[str]]:
    response = client.get(reverse("insights_csv", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def community(db: None) -> dict[str, object]:
    """8 mentors (6 accepting in Illinois with 2 places each, 2 full in Ontario), 20 mentees
    wanting cataloging (12 in Ontario, 8 in Illinois), requests over two months."""
    with time_machine.travel(NOW - datetime.timedelta(days=40), tick=False):
        illinois = [
            make_mentor(expertise=[CATALOGING], city=city("Chicago"), mentor_capacity=2)
            for _ in range(6)
        ]
        ontario = [
            make_mentor(expertise=[REFERENCE], city=city("Toronto", "CA"), mentor_capacity=1)
            for _ in range(2)
        ]
        mentees = [
            make_mentee(wanted=[CATALOGING], city=city("Toronto", "CA")) for _ in range(12)
        ] + [make_mentee(wanted=[CATALOGING], city=city("Chicago")) for _ in range(8)]
        # October: 6 requests; the 2 Ontario mentors accept theirs (after 2 days), 1 declined.
        october = [
            make_request(mentees[i], ontario[i % 2] if i < 2 else illinois[i]) for i in range(6)
        ]
    with time_machine.travel(NOW - datetime.timedelta(days=38), tick=False):
        for i, mentorship in enumerate(october[:2]):
            services.mentorship_accept(mentorship=mentorship, by=ontario[i].user)
        services.mentorship_decline(mentorship=october[2], by=illinois[2].user, note="Full.")
    with time_machine.travel(NOW - datetime.timedelta(days=2), tick=False):
        # November: 7 more requests, none answered yet.
        for i in range(6, 13):
            make_request(mentees[i], illinois[i % 6])
    return {"mentees": mentees, "illinois": illinois, "ontario": ontario}


def figures(client: Client) -> dict[str, str]:
    return dict(csv_of(client, "overview")[1:])


@pytest.mark.django_db
def test_overview_figures_match_the_data(client: Client, community: dict, staff) -> None:
    client.force_login(staff)
    with time_machine.travel(NOW, tick=False):
        shown = figures(client)
    assert shown["Members"] == "29"  # 8 mentors, 20 mentees, 1 staff member
    assert shown["Mentors"] == "8"
    assert shown["Mentees"] == "20"
    assert shown["Mentees for each mentor"] == "2.5 mentees per mentor"
    # Illinois mentors: 6 x 2 places; Ontario mentors are full (1 place each, taken).
    assert shown["Mentors accepting requests now"] == "6"
    assert shown["Free places with those mentors"] == "12"
    assert shown["Median time to a mentor's first answer"] == "2.0 days"
    assert shown["Active mentorships"] == "fewer than 5"  # 2
    assert shown["Completed mentorships"] == "fewer than 5"  # 0
    assert shown["Mentees who never sent a request"] == "7"  # 20 mentees, 13 asked


@pytest.mark.django_db
def test_requests_per_month_count_sent_accepted_declined(
    client: Client, community: dict, staff
) -> None:
    client.force_login(staff)
    with time_machine.travel(NOW, tick=False):
        rows = {row[0]: row[1:] for row in csv_of(client, "requests-by-month")}
    assert rows[""] == ["Sent", "Accepted", "Declined", "Expired"]
    assert rows["Oct 2026"] == ["6", "fewer than 5", "fewer than 5", "fewer than 5"]
    assert rows["Nov 2026"] == ["7", "fewer than 5", "fewer than 5", "fewer than 5"]
    assert len(rows) == 13  # header and 12 months


@pytest.mark.django_db
def test_demand_against_supply_puts_the_largest_shortfall_first(
    client: Client, community: dict, staff
) -> None:
    client.force_login(staff)
    by_area = csv_of(client, "demand-by-area")
    assert by_area[1] == [CATALOGING, "20", "12"]
    by_region = csv_of(client, "demand-by-region")
    assert by_region[1] == ["Ontario, CA", "12", "fewer than 5"]
    assert by_region[2] == ["Illinois, US", "8", "12"]
    assert insights.most_needed(insights.demand_by_region()) == ["Ontario, CA"]


@pytest.mark.django_db
def test_program_views_and_saves(client: Client, staff) -> None:
    from tests.programs.conftest import make_program

    program = make_program(name="Emerging Leaders")
    for _ in range(7):
        count_view(program)
    assert record_counted_views() == 7
    count_view(program)
    assert record_counted_views() == 1
    for number in range(5):
        SavedProgram.objects.create(user=make_member(f"saver{number}@example.org"), program=program)
    client.force_login(staff)
    rows = csv_of(client, "program-interest")
    assert rows[0] == ["", "Views", "Saves"]
    assert ["Emerging Leaders", "8", "5"] in rows
    assert Program.objects.get(pk=program.pk).monthly_views.get().views == 8


@pytest.mark.django_db
def test_the_insights_page_draws_each_chart_and_hides_small_bars(
    client: Client, community: dict, staff
) -> None:
    client.force_login(staff)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("insights")).content.decode()
    for title in [
        "Requests per month",
        "Where mentors are most needed, by area",
        "Where mentors are most needed, by region",
        "Interest in the program directory",
    ]:
        assert title in page
    # No program in the directory yet: that chart says so instead of drawing nothing.
    # Requests per month is four small panels; four charts of bars; no program views yet.
    assert page.count("<svg") == 8
    assert "Nothing to show yet" in page
    assert "fewer than 5" in page
    # A suppressed count gets no bar whose length would give it away.
    chart = insights.demand_by_region()
    ontario = next(group for group in chart.bars if group["label"] == "Ontario, CA")
    assert [bar["width"] for bar in ontario["bars"]] == [100.0, 0]


@pytest.mark.django_db
def test_only_staff_see_insights(client: Client, member) -> None:
    assert client.get(reverse("insights")).status_code == 302
    client.login(email=member.email, password=PASSWORD)
    assert client.get(reverse("insights")).status_code == 403
    assert client.get(reverse("insights_csv", args=["overview"])).status_code == 403
    assert client.get(reverse("recruit_mentors")).status_code == 403


@pytest.mark.django_db
def test_the_home_page_shows_live_figures(client: Client) -> None:
    make_mentor()
    make_mentor(accepting_requests=False)
    page = client.get(reverse("home")).content.decode()
    assert 'id="accepting-mentors">1<' in page
    assert "mentor accepting requests now" in page


@pytest.mark.django_db
def test_program_curators_see_neither_insights_nor_recruitment(client: Client) -> None:
    client.force_login(make_curator())
    assert client.get(reverse("insights")).status_code == 403
    assert client.get(reverse("insights_csv", args=["overview"])).status_code == 403
    assert client.get(reverse("recruit_mentors")).status_code == 403
    assert client.post(reverse("recruit_mentors"), {"areas": [1]}).status_code == 403
    assert "Insights" not in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
def test_staff_given_the_insights_permission_see_them(client: Client) -> None:
    analyst = make_member("analyst@example.org", is_staff=True)
    analyst.user_permissions.add(Permission.objects.get(codename="view_insights"))
    client.force_login(analyst)
    assert client.get(reverse("insights")).status_code == 200
    assert client.get(reverse("recruit_mentors")).status_code == 200


@pytest.mark.django_db
def test_a_csv_never_carries_a_live_formula(client: Client, staff: Any) -> None:
    from tests.programs.conftest import make_program

    program = make_program(name='=HYPERLINK("http://evil.example","Click")')
    count_view(program)
    record_counted_views()
    client.force_login(staff)
    names = [row[0] for row in csv_of(client, "program-interest")]
    assert '\'=HYPERLINK("http://evil.example","Click")' in names
    assert not any(name.startswith("=") for name in names)


@pytest.mark.django_db
def test_members_served_by_circles_are_shown_beside_mentorships_by_area_and_region(
    client: Client, community: dict, staff
) -> None:
    from mentorships.circles import services as circle_services
    from tests.circles.helpers import make_circle

    host = community["illinois"][0]
    circle = make_circle(host, areas=(CATALOGING,), places=8)
    for mentee in community["mentees"][12:18]:
        circle_services.circle_join(circle=circle, by=mentee.user)
    client.force_login(staff)

    by_area = csv_of(client, "served-by-area")
    assert by_area[0] == ["", "In a mentorship", "In a circle"]
    assert by_area[1] == [CATALOGING, "fewer than 5", "6"]
    by_region = {row[0]: row[1:] for row in csv_of(client, "served-by-region")[1:]}
    # Zero and the small counts alike are "fewer than 5".
    assert by_region["Illinois, US"] == ["fewer than 5", "6"]
    assert by_region["Ontario, CA"] == ["fewer than 5", "fewer than 5"]


@pytest.mark.django_db
def test_requests_per_month_are_small_multiples_with_the_legend_first(
    client: Client, community: dict, staff
) -> None:
    client.force_login(staff)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("insights")).content.decode()
        chart = insights.requests_by_month(NOW.date())
    section = page.split('id="requests-by-month"')[1].split("</section>")[0]
    # A panel per series, each named above its bars, on one scale; a bar per month.
    before_each_panel = section.split("<svg")[:-1]
    series = ["Sent", "Accepted", "Declined", "Expired"]
    for name, before in zip(series, before_each_panel, strict=True):
        assert f"</span>{name}</p>" in before
    assert [panel["name"] for panel in chart.panels] == chart.series
    assert all(len(panel["bars"]) == 12 for panel in chart.panels)
    assert chart.panel_height <= 12 * 16
    for panel in chart.panels:
        for bar in panel["bars"]:
            assert (bar["width"] == 0) == (bar["text"] == "fewer than 5")
    assert "fewer than 5" in section


@pytest.mark.django_db
def test_in_french_the_charts_keep_their_geometry_and_write_numbers_the_french_way(
    client: Client, community: dict, staff
) -> None:
    """A French reader sees figures written the French way ("2,5"), but the SVG coordinates
    stay plain numbers: "16,5" in an attribute is read as two positions and scatters a label's
    letters (and "92,3" as a width draws no bar)."""
    type(staff).objects.filter(pk=staff.pk).update(language="fr")
    client.force_login(staff)
    # The member's French is switched on in this thread by the requests: put English back after.
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        page = client.get(reverse("insights")).content.decode()
        rows = figures(client)
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert svgs
    for svg in svgs:
        assert not re.search(r'(?:x|y|width|dx)="[\d.]*,', svg), svg[:300]
    assert '<html lang="fr"' in page
    assert any(value.startswith("2,5 ") for value in rows.values())
