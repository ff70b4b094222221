"""French puts a no-break space (U+00A0) before ":", ";", "?" and "!" and inside « »: in
every French translation, and where a page or an email joins a label and a value itself."""

from __future__ import annotations

import datetime
import gettext
import html
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from profiles.matching import Reason
from profiles.models import User
from tests.mentorships.helpers import make_request
from tests.profiles.factories import make_mentee, make_mentor

NBSP = "\u00a0"
FRENCH_CATALOGUES = sorted(settings.BASE_DIR.glob("*/locale/fr/LC_MESSAGES/django.po"))
# What is not French prose: HTML tags (inline styles such as "color:#1a5c96;"), placeholders,
# addresses ("?next="), entities. A placeholder stands for a word, so "%(time)s:" is caught.
MARKUP = re.compile(r"<[^>]*>|https?://\S+|&#?\w+;")
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdif]|%[sdif]|\{[^{}]*\}")
# Punctuation, not a time ("12:20"), a date format ("H:i") or a query string ("?next="):
# followed by a space, the end, or what closes a sentence.
TIGHT = re.compile(r"(?<=[^\s\u00a0\u202f:;?!])[:;?!](?=$|[\s\"'»)<.,…’])")
SPACE_BEFORE = re.compile(r" [:;?!»]|« ")
BARE_GUILLEMET = re.compile(r"«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»")
# Date formats for Django's `date` filter: their letters are not words ("l j F \à H:i").
DATE_FORMAT = re.compile(r"^[\\A-Za-z ,.:/-]*\b[GHgh]:i\b")


def missing_spaces(text: str) -> list[str]:
    """Where `text` lacks the no-break space French puts before : ; ? ! and inside « »."""
    prose = PLACEHOLDER.sub("X", MARKUP.sub("", text))
    wrong = [*TIGHT.finditer(prose), *SPACE_BEFORE.finditer(prose), *BARE_GUILLEMET.finditer(prose)]
    return [prose[max(0, m.start() - 20) : m.end() + 10] for m in wrong]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Mot de passe oublié?", True),
        ("Merci : %(email)s est confirmée.", True),
        ("%(time)s: %(text)s", True),
        ("<a href='%(url)s'>Lancez-en un</a>: comme mentor", True),
        ("« J'accepte »", True),
        ("Bravo!", True),
        (f"Domaines{NBSP}:", False),
        (f"À 12:20{NBSP}: %(text)s", False),
        (f"Déjà membre{NBSP}? <a href='%(login_url)s?next=%(here_url)s'>Entrez</a>", False),
        ('<a href="%(url)s" style="color:#1a5c96;">Votre mentorat</a>.', False),
        (f"«{NBSP}Rencontres{NBSP}»", False),
        ("Voir https://example.org/?a=1;b=2", False),
    ],
)
def test_the_check_finds_a_missing_space_and_leaves_times_and_addresses_alone(
    text: str, found: bool
) -> None:
    assert bool(missing_spaces(text)) is found


def compiled_catalogue(po: Path, tmp_path: Path) -> dict[object, str]:
    """A catalogue as compilemessages compiles it: msgid to msgstr."""
    compiled = tmp_path / "django.mo"
    msgfmt = ["msgfmt", "--check", "-o", str(compiled), str(po)]
    subprocess.run(msgfmt, check=True)  # noqa: S603 - gettext's msgfmt, which setup installs
    with compiled.open("rb") as mo:
        return dict(gettext.GNUTranslations(mo)._catalog)  # type: ignore[attr-defined]


def english(msgid: object) -> str:
    """The English of a compiled entry: its msgid, without its context, of a plural's first form."""
    text = msgid[0] if isinstance(msgid, tuple) else str(msgid)
    return text.rpartition("\x04")[2]


@pytest.mark.parametrize("po", FRENCH_CATALOGUES, ids=lambda po: po.parts[-5])
def test_no_french_translation_lacks_the_no_break_space_before_punctuation(
    po: Path, tmp_path: Path
) -> None:
    wrong = {
        msgid: missing
        for msgid, msgstr in compiled_catalogue(po, tmp_path).items()
        if msgid and not DATE_FORMAT.match(english(msgid)) and (missing := missing_spaces(msgstr))
    }
    assert wrong == {}


def page_text(content: bytes) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", content.decode()))


@pytest.mark.django_db
def test_the_french_form_error_summary_spaces_its_colons(client: Client) -> None:
    mentee = make_mentee()
    User.objects.filter(pk=mentee.user_id).update(language="fr")
    client.force_login(mentee.user)
    response = client.post(reverse("mentorships:request", args=[make_mentor().pk]), {})
    assert response.status_code == 200
    summary = page_text(response.content).split("Il y a un problème", 1)[1]
    assert re.search(rf"\w{NBSP}: \w", summary), summary[:300]
    assert not re.search(r"\w: ", summary[:300])


@pytest.mark.django_db
def test_the_french_mentorship_history_spaces_the_colon_after_the_time(
    client: Client, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2026, 12, 7, 17, 20, tzinfo=datetime.UTC), tick=False)
    mentee, mentor = make_mentee(), make_mentor()
    User.objects.filter(pk=mentee.user_id).update(language="fr")
    mentorship = make_request(mentee, mentor)
    client.force_login(mentee.user)
    page = page_text(client.get(mentorship.get_absolute_url()).content)
    history = page[page.index("Historique") :]
    assert re.search(rf"\d\d:\d\d{NBSP}:\s+Vous avez", history), history[:200]


@pytest.mark.django_db
def test_a_french_email_listing_a_mentors_suggestions_spaces_its_colons() -> None:
    suggestion = {
        "name": "Max",
        "headline": "Bibliothécaire",
        "reason": "Catalogage",
        "url": "https://example.org/m/1",
    }
    with translation.override("fr"):
        body = render_to_string(
            "emails/reminders/no_request_yet-body.txt",
            {"suggestions": [suggestion], "action_url": "https://example.org/"},
        )
    assert f"Max, Bibliothécaire{NBSP}: Catalogage (https://example.org/m/1)" in body


def test_the_reasons_a_mentor_is_suggested_are_listed_with_french_semicolons() -> None:
    reason = Reason(
        shared_areas=["Catalogage"],
        distance_km=19,
        same_library_type=None,
        remote=False,
        free_places=2,
    )
    with translation.override("fr"):
        text = str(reason)
    assert text.startswith(f"Couvre{NBSP}: Catalogage{NBSP}; à 19")
    assert not missing_spaces(text)
    with translation.override("en"):
        assert str(reason).startswith("Covers: Catalogage; 19")
