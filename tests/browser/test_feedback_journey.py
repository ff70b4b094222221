from __future__ import annotations

from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_accessibility import audit
from tests.conftest import make_member, sign_in
from tests.mentorships.helpers import make_active
from tests.profiles.factories import make_mentee, make_mentor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENTINEL_FROM_MENTEE = "SENTINEL-mentee-4b1d"
SENTINEL_FROM_MENTOR = "SENTINEL-mentor-9c2e"
ADMIN_PAGES_AT_MOST = 150


def assert_no_wcag_violations(page: Page) -> None:
    failing, _ = audit(page, page.url)
    assert not failing, "\n".join(failing)


def write_feedback(page: Page, text: str) -> None:
    page.get_by_label("Suggestion").check()
    page.get_by_label("Your feedback").fill(text)
    page.get_by_label("How is it going? (optional)").select_option("4")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("Feedback sent.")).to_be_visible()


def crawl(page: Page, start: str, prefix: str, limit: int) -> list[str]:
    """Visits every same-site link under `prefix` reachable from `start`; returns the pages."""
    seen: set[str] = set()
    queue = [start]
    visited: list[str] = []
    host = urlparse(start).netloc
    while queue and len(visited) < limit:
        url = queue.pop(0).split("#")[0]
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        visited.append(url)
        assert response is not None
        assert SENTINEL_FROM_MENTEE not in page.content(), url
        assert SENTINEL_FROM_MENTOR not in page.content(), url
        # Download links (a member's own data, a staff CSV) are files, not pages to walk.
        for href in page.eval_on_selector_all(
            "a[href]:not([download])", "els => els.map(e => e.getAttribute('href'))"
        ):
            target = urljoin(url, href)
            parsed = urlparse(target)
            if (
                parsed.netloc == host
                and parsed.path.startswith(prefix)
                and "logout" not in parsed.path
                and "delete" not in parsed.path
            ):
                queue.append(target)
    return visited


def test_feedback_is_seen_by_the_two_and_by_nobody_else(browser: Browser, live_server) -> None:
    mentee = make_mentee(email="mia@example.org", display_name="Mia")
    mentor = make_mentor(email="max@example.org", display_name="Max")
    mentorship = make_active(mentee, mentor)
    make_member("other@example.org")
    make_member("root@example.org", is_staff=True, is_superuser=True)
    archive = f"{live_server.url}/mentorships/{mentorship.pk}/feedback/"

    mentee_page = sign_in(browser, live_server, "mia@example.org")
    mentee_page.goto(live_server.url + mentorship.get_absolute_url())
    mentee_page.get_by_role("link", name="Open your feedback archive").click()
    write_feedback(mentee_page, SENTINEL_FROM_MENTEE)

    # Max's dashboard flags Mia's feedback as new until he opens it.
    mentor_page = sign_in(browser, live_server, "max@example.org")
    mentor_page.goto(live_server.url + "/dashboard/")
    mentor_page.get_by_role("link", name="1 new feedback from Mia").click()
    expect(mentor_page.get_by_text(SENTINEL_FROM_MENTEE)).to_be_visible()
    mentor_page.goto(live_server.url + "/dashboard/")
    expect(mentor_page.get_by_text("new feedback")).to_have_count(0)
    mentor_page.goto(archive)
    write_feedback(mentor_page, SENTINEL_FROM_MENTOR)

    mentee_page.reload()
    assert_no_wcag_violations(mentee_page)
    for page in (mentee_page, mentor_page):
        expect(page.get_by_text(SENTINEL_FROM_MENTEE)).to_be_visible()
        expect(page.get_by_text(SENTINEL_FROM_MENTOR)).to_be_visible()

    other_page = sign_in(browser, live_server, "other@example.org")
    assert other_page.goto(archive).status == 404
    assert other_page.goto(live_server.url + mentorship.get_absolute_url()).status == 404
    crawl(other_page, live_server.url + "/dashboard/", "/", limit=60)

    root_page = sign_in(browser, live_server, "root@example.org")
    assert root_page.goto(archive).status == 404
    visited = crawl(root_page, live_server.url + "/admin/", "/admin/", limit=ADMIN_PAGES_AT_MOST)
    assert any("/admin/mentorships/mentorship/" in url for url in visited)
    assert len(visited) > 20, "the admin crawl reached the admin's pages"
    print(f"admin pages crawled: {len(visited)}")
