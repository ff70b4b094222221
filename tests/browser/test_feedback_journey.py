from __future__ import annotations

from urllib.parse import urljoin, urlparse

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from profiles.models import User
from tests.browser.test_accessibility import audit
from tests.conftest import make_member, sign_in
from tests.crawl import parse_html
from tests.mentorships.helpers import make_active
from tests.profiles.factories import make_mentee, make_mentor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENTINEL_FROM_MENTEE = "SENTINEL-mentee-4b1d"
SENTINEL_FROM_MENTOR = "SENTINEL-mentor-9c2e"
ADMIN_PAGES_AT_MOST = 150


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_no_wcag_violations(page: Page) -> None:
    failing, _ = audit(page, page.url)
    assert not failing, "\n".join(failing)


def write_feedback(page: Page, text: str) -> None:
    page.get_by_label("Suggestion").check()
    page.get_by_label("Your feedback").fill(text)
    page.get_by_label("How is it going? (optional)").select_option("4")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("Feedback sent.")).to_be_visible()


def crawl(client: Client, start: str, prefix: str, limit: int) -> list[str]:
    """Visits every link under `prefix` reachable from `start`; returns the pages. The pages
    are the server's own HTML, so a test client reads what the browser would, many times faster."""
    seen: set[str] = set()
    queue = [start]
    visited: list[str] = []
    while queue and len(visited) < limit:
        url = queue.pop(0).split("#")[0]
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        visited.append(url)
        page = response.content.decode()
        assert SENTINEL_FROM_MENTEE not in page, url
        assert SENTINEL_FROM_MENTOR not in page, url
        if "text/html" not in response.get("Content-Type", ""):
            continue
        # Download links (a member's own data, a staff CSV) are files, not pages to walk.
        for link in parse_html(page).iter():
            href = link.attrs.get("href") if link.tag == "a" else None
            if not href or "download" in link.attrs:
                continue
            parsed = urlparse(urljoin(url, href))
            if (
                not parsed.netloc
                and parsed.path.startswith(prefix)
                and "logout" not in parsed.path
                and "delete" not in parsed.path
            ):
                queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return visited


def test_feedback_is_seen_by_the_two_and_by_nobody_else(browser: Browser, live_server) -> None:
    mentee = make_mentee(email="mia@example.org", display_name="Mia")
    mentor = make_mentor(email="max@example.org", display_name="Max")
    mentorship = make_active(mentee, mentor)
    other = make_member("other@example.org")
    root = make_member("root@example.org", is_staff=True, is_superuser=True)
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
    crawl(client_of(other), "/dashboard/", "/", limit=60)

    root_page = sign_in(browser, live_server, "root@example.org")
    assert root_page.goto(archive).status == 404
    visited = crawl(client_of(root), "/admin/", "/admin/", limit=ADMIN_PAGES_AT_MOST)
    assert any("/admin/mentorships/mentorship/" in url for url in visited)
    assert len(visited) > 20, "the admin crawl reached the admin's pages"
    print(f"admin pages crawled: {len(visited)}")
