"""Every page, as a visitor, a new member, a mentee, a mentor and staff, checked with axe-core
against WCAG 2.2 level AA: no serious or critical violation anywhere.

The pages are found by walking the links from where each person usually starts (as the bad-input
tests do), so pages added later are audited without being named here. A page a second person
sees exactly as the first did (same headings, same forms) is audited once. Staff also get the
admin's index, a list, a change form and an add form, and everyone gets a few pages in the state
after a refused form, where the error summary and the marked fields appear.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from programs.models import Program
from tests.conftest import sign_in
from tests.crawl import Page as CrawledPage
from tests.crawl import crawl, forms_on, route_of
from tests.world import PEOPLE, World, make_world, person, starting_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_22_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}
FAILING_IMPACTS = {"serious", "critical"}


def audit(page: Page, where: str) -> tuple[list[str], int]:
    """The serious and critical violations on the page as shown now, and how many lesser ones."""
    results = Axe().run(page, options=WCAG_22_AA)
    failing, lesser = [], 0
    for violation in results.response["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            lesser += len(violation["nodes"])
            continue
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        failing.append(
            f"{where}: {violation['impact']} {violation['id']} ({violation['help']}) at {targets}"
        )
    return failing, lesser


def fingerprint(page: CrawledPage) -> tuple[Any, ...]:
    """What makes a page look different to an assistive technology: its kind, headings, forms."""
    headings = tuple(
        node.text().strip() for node in page.document.iter() if node.tag in {"h1", "h2", "h3"}
    )
    forms = tuple(sorted(str(form.key) for form in forms_on(page.path, page.document)))
    return (route_of(page.path), headings, forms)


def pages_of(world: World, who: str) -> list[CrawledPage]:
    client = Client()
    user = person(world, who)
    if user is not None:
        client.force_login(user)
    return list(crawl(client, starting_pages(world, who), per_route=1).values())


def admin_pages(world: World) -> list[str]:
    program = Program.objects.get(slug=world.program_slug)
    return [
        reverse("admin:index"),
        reverse("admin:programs_program_changelist"),
        reverse("admin:programs_program_change", args=[program.pk]),
        reverse("admin:programs_program_add"),
        reverse("admin:profiles_user_changelist"),
        reverse("admin:profiles_user_change", args=[world.mentee.user.pk]),
    ]


def browser_page(browser: Browser, live_server: Any, world: World, who: str) -> Page:
    user = person(world, who)
    if user is None:
        return browser.new_context().new_page()
    page = sign_in(browser, live_server, user.email)
    page.goto(live_server.url + reverse("dashboard"))
    expect(page.get_by_role("button", name=user.email)).to_be_visible()
    return page


def refused_forms(page: Page, live_server: Any, world: World, who: str) -> Iterator[str]:
    """Brings forms, one after the other, into the state after they refused what was sent."""
    url = live_server.url
    if who == "signed out":
        page.goto(url + reverse("account_login"))
        page.get_by_label("Email").fill("nobody@example.org")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Sign In").click()
        expect(page.locator("[data-error-summary]")).to_be_visible()
        yield "sign-in refused"
    if who == "mentee":
        page.goto(url + reverse("profiles:find_mentor") + "?distance=far&near=Nowhere+at+all")
        expect(page.locator("[data-error-summary]")).to_be_visible()
        yield "search refused"
        page.goto(url + reverse("mentorships:request", args=[world.other_mentor.pk]))
        page.get_by_label("What I'd like help with").fill("")
        page.get_by_role("button", name="Send my request").click()
        expect(page.locator("[data-error-summary]")).to_be_visible()
        yield "request refused"
        page.goto(url + reverse("profiles:setup", kwargs={"step": 1}))
        page.get_by_label("City").fill("Atlantis under the sea")
        page.get_by_role("button", name="Save").click()
        expect(page.locator("[data-error-summary]")).to_be_visible()
        yield "profile refused"


def test_every_page_meets_wcag_22_aa_for_everyone(browser: Browser, live_server) -> None:
    world = make_world()
    problems: list[str] = []
    audited: dict[str, int] = {}
    lesser = 0
    seen: set[tuple[Any, ...]] = set()
    for who in PEOPLE:
        page = browser_page(browser, live_server, world, who)
        paths = []
        walked = pages_of(world, who)
        for crawled in walked:
            if fingerprint(crawled) not in seen:
                seen.add(fingerprint(crawled))
                paths.append(crawled.path)
        if who == "staff":
            paths += admin_pages(world)
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response is not None and response.ok, f"{who}: {path} did not open"
            found, minor = audit(page, f"{who} {path}")
            problems += found
            lesser += minor
        audited[who] = len(paths)
        print(f"{who}: {len(walked)} pages walked, {len(paths)} audited: {' '.join(paths)}")
        for state in refused_forms(page, live_server, world, who):
            found, minor = audit(page, f"{who} {state}")
            problems += found
            lesser += minor
            audited[who] += 1
        page.context.close()

    print(
        "\nAudited with axe-core (WCAG 2.2 AA): "
        + ", ".join(f"{who} {count} pages" for who, count in audited.items())
        + f"; {lesser} moderate or minor findings (not failing)"
    )
    assert all(audited.values())
    assert not problems, "\n".join(problems)
