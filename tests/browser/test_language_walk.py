"""The main pages in French and in Spanish, as a visitor and as members, with no English left.

A visitor's browser asks for French or Spanish; members chose theirs from the header's menu, which
keeps it on their account. Everything the page shows or reads aloud (text, labels, placeholders,
image descriptions) is read, except what declares another language itself (the language menu's
own names). What members wrote here is in French, so any English found is the site's own.

Screenshots of every page land in test-artifacts/test_language_walk/<language>/.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize

from feedback import services as feedback_services
from mentorships import services
from profiles.models import User
from tests.conftest import ARTIFACTS, sign_in
from tests.profiles.factories import city, make_mentee, make_mentor
from tests.programs.conftest import make_program, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP: ViewportSize = {"width": 1366, "height": 900}
BROWSER_LOCALE = {"fr": "fr-CA", "es": "es-MX"}

# Words of English sentences that French and Spanish never use: two in one text make it English.
ENGLISH_WORDS = frozenset(
    re.findall(
        r"[a-z]+",
        """the and your you with this that have for are will what when how from our is be can
        not of to we they their there about which who has was been yet here them it by at in
        into out any all more than these those""",
    )
)
# Words that alone, in a short label, are English: buttons, headings, dates.
ENGLISH_LABELS = frozenset(
    re.findall(
        r"[a-z]+",
        """dashboard save cancel search filters next back send join find help delete edit close
        apply request requests meeting meetings feedback goals agreement upcoming skip dismiss
        sign language remove add show hide confirm decline accept withdraw today yesterday
        tomorrow ago password email profile programs circles mentee mentees mentorship
        mentorships previous january february march april may june july august september
        october november december monday tuesday wednesday thursday friday saturday sunday""",
    )
)

VISIBLE_TEXTS = """() => {
    const skipped = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
    const foreign = (el) => el.closest('[lang]:not(html)') || el.closest('[translate="no"]');
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const el = walker.currentNode.parentElement;
        if (!el || skipped.has(el.tagName) || foreign(el)) continue;
        const text = walker.currentNode.textContent.trim();
        if (text) texts.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], img[alt]')) {
        if (foreign(el)) continue;
        for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
            const value = el.getAttribute(name);
            if (value && value.trim()) texts.push(value.trim());
        }
    }
    texts.push(document.title);
    return texts;
}"""


def english_in(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        words = re.findall(r"[a-z]+", text.lower())
        if len(set(words) & ENGLISH_WORDS) >= 2 or (
            len(words) <= 4 and set(words) & ENGLISH_LABELS
        ):
            found.append(text)
    return found


def make_french_world() -> dict[str, Any]:
    """A mentee in an active mentorship with a mentor (a meeting, a plan step, feedback), another
    mentor to ask, and a program: everything members wrote is in French."""
    unit = make_unit("NMRT", name="Table ronde des nouveaux membres")
    program = make_program(
        "Programme de mentorat", unit=unit, summary="Un programme pour les bibliothécaires."
    )
    mentor = make_mentor(
        email="mentor@example.org",
        display_name="Morgan Reyes",
        headline="Responsable de la référence",
        bio="Bibliothécaire depuis vingt ans.",
        city=city("Ottawa", "CA"),
        mentor_capacity=3,
    )
    other_mentor = make_mentor(
        email="other@example.org",
        display_name="Sam Okafor",
        headline="Catalogueur",
        bio="J'aime le catalogage.",
        city=city("Toronto", "CA"),
    )
    mentee = make_mentee(
        email="mentee@example.org",
        display_name="Mia Chen",
        headline="Bibliothécaire débutante",
        bio="Je commence.",
        city=city("Toronto", "CA"),
        time_zone="America/Toronto",
    )
    request = {
        "help_wanted": "Passer au service de référence.",
        "why_this_mentor": "Votre expérience.",
        "preferred_format": "video",
        "preferred_rhythm": "monthly",
        "first_message": "Bonjour !",
    }
    asked = services.mentorship_request(mentee=mentee.user, mentor_profile=mentor, **request)
    active = services.mentorship_accept(mentorship=asked, by=mentor.user)
    services.meeting_propose(
        mentorship=active,
        by=mentor.user,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        duration_minutes=45,
        format="video",
        place_or_link="https://meet.example.org/morgan",
        agenda="Premier mois.",
    )
    services.plan_item_add(
        mentorship=active, by=mentee.user, kind="goal", text="Observer un service de référence."
    )
    feedback_services.feedback_send(
        mentorship=active,
        by=mentee.user,
        kind="appreciation",
        text="Merci pour la liste de lectures.",
        rating=5,
    )
    mentee_pages = [
        reverse("dashboard"),
        reverse("profiles:find_mentor"),
        reverse("profiles:detail", args=[other_mentor.pk]),
        reverse("mentorships:request", args=[other_mentor.pk]),
        reverse("mentorships:list"),
        active.get_absolute_url(),
        reverse("mentorships:agreement", args=[active.pk]),
        reverse("mentorships:meeting_new", args=[active.pk]),
        reverse("feedback:archive", args=[active.pk]),
        reverse("profiles:edit"),
        reverse("circles:list"),
        reverse("programs:directory"),
        reverse("programs:program", args=[program.slug]),
        reverse("outbox:preferences"),
        reverse("privacy"),
        reverse("invite_colleague"),
        reverse("how_it_works"),
    ]
    visitor_pages = [
        reverse("home"),
        reverse("how_it_works"),
        reverse("best_practices"),
        reverse("faq"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("profiles:find_mentor"),
        reverse("programs:directory"),
    ]
    return {
        "mentee": mentee.user,
        "mentor": mentor.user,
        "mentee_pages": mentee_pages,
        "mentor_pages": [reverse("dashboard"), active.get_absolute_url()],
        "visitor_pages": visitor_pages,
    }


def walk(page: Page, live_server: Any, language: str, who: str, paths: list[str]) -> list[str]:
    folder = ARTIFACTS / "test_language_walk" / language
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    for path in paths:
        response = page.goto(live_server.url + path)
        where = f"{language} {who} {path}"
        if response is None or not response.ok:
            problems.append(f"{where}: did not open")
            continue
        name = re.sub(r"[^a-z0-9]+", "-", f"{who} {path}".lower()).strip("-")
        page.screenshot(path=folder / f"{name}.png", full_page=True)
        if page.locator("html").get_attribute("lang") != language:
            problems.append(f"{where}: <html lang> is not {language}")
        problems += [f"{where}: {text!r}" for text in english_in(page.evaluate(VISIBLE_TEXTS))]
    return problems


@pytest.mark.parametrize("language", ["fr", "es"])
def test_main_pages_have_no_english_left(browser: Browser, live_server, language: str) -> None:
    world = make_french_world()
    problems: list[str] = []

    visitor = browser.new_context(viewport=DESKTOP, locale=BROWSER_LOCALE[language]).new_page()
    problems += walk(visitor, live_server, language, "visitor", world["visitor_pages"])
    visitor.context.close()

    for who in ("mentee", "mentor"):
        user: User = world[who]
        # Signed in from an English browser: the language kept on their account wins.
        User.objects.filter(pk=user.pk).update(language=language)
        page = sign_in(browser, live_server, user.email, viewport=DESKTOP)
        problems += walk(page, live_server, language, who, world[f"{who}_pages"])
        page.context.close()

    assert not problems, f"{len(problems)} English texts left:\n" + "\n".join(problems)


def test_the_language_menu_keeps_the_choice_on_the_account(browser: Browser, live_server) -> None:
    mentee = make_mentee(email="mentee@example.org", display_name="Mia Chen")
    page = sign_in(browser, live_server, mentee.user.email, viewport=DESKTOP)
    page.goto(live_server.url + reverse("dashboard"))
    page.get_by_role("button", name="Language").click()
    page.get_by_role("button", name="Español").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert page.locator("html").get_attribute("lang") == "es"
    mentee.user.refresh_from_db()
    assert mentee.user.language == "es"
    page.context.close()

    # Another device, an English browser: the member's Spanish follows them.
    elsewhere = sign_in(browser, live_server, mentee.user.email, viewport=DESKTOP)
    elsewhere.goto(live_server.url + reverse("dashboard"))
    assert elsewhere.locator("html").get_attribute("lang") == "es"
