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
# Nor the people a cohort, a program or the home page speaks of: "les personnes candidates",
# "l'équipe de coordination", "les personnes étudiantes", "quiconque"; "las personas postulantes",
# "el equipo coordinador", "la persona anfitriona", "te damos la bienvenida". A mentor may stay
# "mentor", but no "il" / "celui-ci" / "al que" makes them a man. Career stages and audiences
# name the stage, not the man in it: "Administration / direction", "Jubilación".
MASCULINE_THIRD_PERSON = {
    "fr": re.compile(
        r"\bmentoré(s|\(e\)|·e)?(?!\w)|(?<!ersonne )(?<!ersonnes )\bmentorées?\b"
        r"|\banciens? membres?\b|\b(un|ce|cet|le|du|au|nouveau|nouveaux|seul)\s+membres?\b"
        r"|\bd['’]un membre\b"
        r"|\bcandidats?\b|\bcoordonnateurs?\b|\bétudiants?\b|\bdiplômés?\b|\bdirecteurs?\b"
        r"|\bcatalogueurs?\b|\borganisateurs\b|\bretraités?\b|\bnouveaux bibliothécaires\b"
        r"|\bnouveau professionnel\b|\bpersonne n['’](est|a été|y a été) jumelé"
        r"|\ble bienvenu\b|\bbienvenus\b"
        r"|\bpour lui\b(?!\s+(demander|dire|écrire|envoyer|proposer|permettre|laisser|donner))"
        r"|\belle ou il\b|\bil ou elle\b"
        r"|\b(le|un|votre|chaque|ce|du|au) mentor\b[^.;:!?]{0,80}?\b(il|celui-ci|qu['’]il)\b"
        r"(?! y | n['’]y | n['’]en faut| faut| reste| est temps)",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"(?<!ersona )(?<!ersonas )\bmentorad[oa]s?\b|\bexmiembros?\b"
        r"|\b(un|el|este|ese|del|al|nuevo|nuevos|otro|ningún|antiguo)\s+miembros?\b"
        r"|\b(los|otros|unos|algunos|estos|esos|todos los|los demás)\s+miembros\b"
        r"|(?<!equipo )\bcoordinador(es)?\b|\b(los|unos|estos|esos|un|el|del|al)\s+postulantes?\b"
        r"|\banfitri[oó]n(es)?\b|\bbienvenid(o|os)\b|\b(eres|sean|son|serán|estás|están) bienvenid"
        r"|\bmentor (al|el|del|con el|por el) que\b|\bdirector(es)?\b|\bcatalogadores?\b"
        r"|\bjubilados?\b|\brecién egresados\b|\bprofesional nuevo\b|\bnuevo gerente\b"
        r"|\borganizadores\b|\bbibliotecarios nuevos\b|\bnadie (fue|queda|quedó) emparejado\b",
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
        ("fr", "Chaque candidat reçoit un courriel", True),
        ("fr", "comme candidat(e)", True),
        ("fr", "Les coordonnateurs du programme lisent vos réponses.", True),
        ("fr", "Cette cohorte n'accepte pas les étudiants.", True),
        ("fr", "catalogueurs et bibliothécaires jeunesse, nouveaux diplômés et directeurs", True),
        ("fr", "Personne n'est jumelé avec une personne qu'elle a exclue", True),
        ("fr", "personne n'y a été jumelé", True),
        ("es", "así que nadie fue emparejado en ella", True),
        ("fr", "Laissez vide : tout le monde est le bienvenu.", True),
        ("fr", "qu'il n'y a pas de jumelage pour lui cette fois", True),
        ("fr", "Votre mentor vous consacre des heures qu’il pourrait passer ailleurs.", True),
        ("fr", "Quand un mentor accepte votre demande, il apparaît ici.", True),
        ("fr", "Chaque personne candidate reçoit un courriel", False),
        ("fr", "L'équipe de coordination du programme lit vos réponses.", False),
        ("fr", "Cette cohorte n'accepte pas les personnes étudiantes.", False),
        ("fr", "nous lui avons écrit pour lui demander de confirmer", False),
        ("fr", "un mentor qui a encore une place, s'il y en a", False),
        ("es", "Los coordinadores del programa leen tus respuestas.", True),
        ("es", "Lo que ven los postulantes", True),
        ("es", "los demás miembros podrán encontrar tu perfil", True),
        ("es", "con %(name)s como anfitrión", True),
        ("es", "¡Bienvenidos a MentorConnect!", True),
        ("es", "El mentor al que le escribiste eliminó su cuenta.", True),
        ("es", "catalogadores y bibliotecarios infantiles, recién egresados y directores", True),
        ("es", "El equipo coordinador del programa lee tus respuestas.", False),
        ("es", "Lo que ven las personas postulantes", False),
        ("es", "Cada postulante recibe un correo", False),
        ("es", "la persona anfitriona", False),
        ("es", "Te damos la bienvenida a MentorConnect", False),
        ("es", "El mentor a quien le escribiste eliminó su cuenta.", False),
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
