"""French and Spanish speak to a member without guessing their gender: "Déconnexion réussie",
"Postuler pour recevoir du mentorat", "¿Quieres recibir solicitudes otra vez?", never
"Vous êtes déconnecté", "comme mentoré" or "¿Lista o listo…?". Nor do they guess the gender of
the people they speak about: "la personne mentorée", "una persona que ya no es miembro", never
"votre mentoré" or "un exmiembro"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from mentorconnect.privacy import account_delete
from profiles.models import User
from tests.conftest import make_member
from tests.mentorships.helpers import make_active
from tests.profiles.factories import make_mentee, make_mentor
from tests.test_french_punctuation import compiled_catalogue, page_text

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


# Masculine forms that describe a third person whose gender the site does not know: the other
# person in a mentorship, the mentees of a cohort, someone who has left. French says "la personne
# mentorée", "les personnes mentorées", "une personne qui n'est plus membre", "compte fermé";
# Spanish "la persona mentorada", "quien recibe mentoría", "una persona que ya no es miembro".
# "mentorée(s)" and "mentorada(s)" are wanted only after "personne(s)" / "persona(s)".
MASCULINE_THIRD_PERSON = {
    "fr": re.compile(
        r"\bmentoré(s|\(e\)|·e)?(?!\w)|(?<!ersonne )(?<!ersonnes )\bmentorées?\b"
        r"|\banciens? membres?\b|\b(un|ce|cet|le|du|au|nouveau|nouveaux|seul)\s+membres?\b"
        r"|\bd['’]un membre\b",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"(?<!ersona )(?<!ersonas )\bmentorad[oa]s?\b|\bexmiembros?\b"
        r"|\b(un|el|este|ese|del|al|nuevo|nuevos|otro|ningún|antiguo)\s+miembros?\b",
        re.IGNORECASE,
    ),
}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_no_translation_calls_a_person_of_unknown_gender_a_man(
    language: str, tmp_path: Path
) -> None:
    masculine = {}
    for po in sorted(settings.BASE_DIR.glob(f"*/locale/{language}/LC_MESSAGES/django.po")):
        for msgid, msgstr in compiled_catalogue(po, tmp_path).items():
            if msgid and MASCULINE_THIRD_PERSON[language].search(msgstr):
                masculine[msgid] = msgstr
    assert masculine == {}


@pytest.mark.parametrize(
    ("language", "text", "found"),
    [
        ("fr", "Votre mentoré a quitté MentorConnect", True),
        ("fr", "Les mentorés de la cohorte", True),
        ("fr", "Une mentorée", True),
        ("fr", "comme mentoré(e)", True),
        ("fr", "la ou le mentoré·e", True),
        ("fr", "un ancien membre", True),
        ("fr", "Un membre a quitté votre cercle", True),
        ("fr", "La personne mentorée a quitté MentorConnect", False),
        ("fr", "Places pour les personnes mentorées", False),
        ("fr", "une personne qui n'est plus membre", False),
        ("fr", "Chaque membre la voit.", False),
        ("es", "Tu mentorado es Léa", True),
        ("es", "los mentorados de la cohorte", True),
        ("es", "un exmiembro", True),
        ("es", "dio la bienvenida a un nuevo miembro", True),
        ("es", "La persona mentorada es Léa", False),
        ("es", "las personas mentoradas", False),
        ("es", "Cada miembro la ve.", False),
    ],
)
def test_the_check_finds_a_masculine_third_person_and_leaves_neutral_wording_alone(
    language: str, text: str, found: bool
) -> None:
    assert bool(MASCULINE_THIRD_PERSON[language].search(text)) is found


@pytest.mark.parametrize(
    ("language", "heading", "after_deletion"),
    [
        ("fr", "Personne mentorée\u00a0: Ana", "Personne mentorée\u00a0: compte fermé"),
        ("es", "Persona mentorada: Ana", "Persona mentorada: cuenta cerrada"),
    ],
)
def test_a_mentor_reads_their_mentee_named_without_a_gender_even_once_the_account_is_gone(
    client: Client, language: str, heading: str, after_deletion: str
) -> None:
    mentee = make_mentee(display_name="Ana")
    mentor = make_mentor()
    User.objects.filter(pk=mentor.user_id).update(language=language)
    mentorship = make_active(mentee, mentor)
    client.force_login(mentor.user)

    assert heading in page_text(client.get(mentorship.get_absolute_url()).content)

    account_delete(user=mentee.user)
    page = page_text(client.get(mentorship.get_absolute_url()).content)
    assert after_deletion in page
    assert not MASCULINE_THIRD_PERSON[language].search(page)


def test_a_french_member_who_signs_out_reads_a_neutral_goodbye(client: Client) -> None:
    member = make_member("ana@example.org")
    member.language = "fr"
    member.save(update_fields=["language"])
    client.force_login(member)
    page = client.post(reverse("account_logout"), follow=True).content.decode()
    assert "Déconnexion réussie. À bientôt\u00a0!" in page
    assert "déconnecté" not in page
