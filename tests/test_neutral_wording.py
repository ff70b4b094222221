"""French and Spanish speak to a member without guessing their gender: "Déconnexion réussie",
"Postuler pour recevoir du mentorat", "¿Quieres recibir solicitudes otra vez?", never
"Vous êtes déconnecté", "comme mentoré" or "¿Lista o listo…?"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import make_member
from tests.test_french_punctuation import compiled_catalogue

pytestmark = pytest.mark.django_db

# Masculine forms that describe the reader ("vous"/"tú") or the reader's role.
MASCULINE_READER = {
    "fr": re.compile(
        r"\b[Vv]ous (êtes|serez|vous êtes|ne serez|avez été|sentez)( peut-être)? (dé)?"
        r"(connecté|inscrit|jumelé|affiché|présenté|bloqué)\b"
        r"|\b[Vv]ous seuls?\b|\bSeuls vous\b|\bcomme mentoré|\bêtre mentoré\b|\bPrêt à\b"
        r"|\bvous serez prêt\b|\bsoyez prêt\b|\bNouveau sur\b|\bvous a jumelé\b"
    ),
    "es": re.compile(
        r"\b(estés|estás|eres) (listo|dispuesto|seguro|nuevo)\b|\blista o listo\b"
        r"|\bsintiéndote \w+o\b|\bcomo mentorado\b|\bLos estudiantes son bienvenidos\b"
    ),
}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_no_translation_assumes_the_reader_is_a_man(language: str, tmp_path: Path) -> None:
    masculine = {}
    for po in sorted(settings.BASE_DIR.glob(f"*/locale/{language}/LC_MESSAGES/django.po")):
        for msgid, msgstr in compiled_catalogue(po, tmp_path).items():
            if msgid and MASCULINE_READER[language].search(msgstr):
                masculine[msgid] = msgstr
    assert masculine == {}


def test_a_french_member_who_signs_out_reads_a_neutral_goodbye(client: Client) -> None:
    member = make_member("ana@example.org")
    member.language = "fr"
    member.save(update_fields=["language"])
    client.force_login(member)
    page = client.post(reverse("account_logout"), follow=True).content.decode()
    assert "Déconnexion réussie. À bientôt\u00a0!" in page
    assert "déconnecté" not in page
