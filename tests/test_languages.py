"""English, French and Spanish: the browser's language for visitors, the member's own choice
once made, emails in the language of whoever receives them, and Spanish that says "tú" in
Django's and allauth's messages as in the site's own."""

from __future__ import annotations

import datetime
import gettext
import html
import re
import subprocess
from pathlib import Path

import allauth
import django
import django.contrib.auth
import django_filters
import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mentorconnect.dates import date_format
from mentorships import services
from profiles.matching import Person
from profiles.models import ExpertiseArea, User
from programs.cohorts.rounds import Applicant
from programs.cohorts.services import reason_text
from tests.conftest import PASSWORD, make_member
from tests.mentorships.helpers import make_request
from tests.profiles.factories import make_mentee, make_mentor

pytestmark = pytest.mark.django_db


def html_language(message: mail.EmailMessage) -> str:
    assert isinstance(message, mail.EmailMultiAlternatives)
    html = str(message.alternatives[0][0])
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_a_french_browser_gets_french_pages(client: Client) -> None:
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    assert response["Content-Language"] == "fr"
    assert b'<html lang="fr">' in response.content
    assert b"Trouver un mentor" in response.content


def test_signing_up_in_spanish_keeps_spanish_for_later_emails(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        {"email": "nueva@example.org", "password1": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9",
    )
    assert response.status_code == 302
    assert User.objects.get(email="nueva@example.org").language == "es"
    [confirmation] = mail.outbox
    assert html_language(confirmation) == "es"
    assert confirmation.subject != "Confirm your email address for MentorConnect"


def test_the_language_chosen_in_the_header_is_kept_on_the_account(client: Client) -> None:
    member = make_member("ada@example.org")
    client.force_login(member)
    response = client.post(
        reverse("choose_language"), {"language": "fr", "next": reverse("dashboard")}
    )
    assert response["Location"] == reverse("dashboard")
    member.refresh_from_db()
    assert member.language == "fr"

    # A new session from an English browser still speaks French to Ada.
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.force_login(member)
    assert b'<html lang="fr">' in other.get(reverse("programs:directory")).content


def test_an_unknown_language_is_refused_quietly(client: Client) -> None:
    member = make_member("ada@example.org")
    client.force_login(member)
    response = client.post(reverse("choose_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == ""


def test_each_member_gets_emails_in_their_own_language(
    django_capture_on_commit_callbacks,
) -> None:
    spanish_mentor = make_mentor(display_name="Lucía")
    User.objects.filter(pk=spanish_mentor.user.pk).update(language="es")
    english_mentor = make_mentor(display_name="Max")
    with django_capture_on_commit_callbacks(execute=True):
        make_request(make_mentee(display_name="Mia"), spanish_mentor)
        make_request(make_mentee(display_name="Noor"), english_mentor)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    to_lucia = by_recipient[spanish_mentor.user.email]
    to_max = by_recipient[english_mentor.user.email]
    assert html_language(to_lucia) == "es" and html_language(to_max) == "en"
    assert to_lucia.subject != to_max.subject.replace("Noor", "Mia")


@pytest.mark.parametrize(
    ("language", "day", "with_time"),
    [
        ("fr", "7 déc. 2026", "lun 7 déc., 11:00"),
        ("es", "7 dic 2026", "lun 7 dic, 11:00"),
        ("en", "7 Dec 2026", "Mon 7 Dec, 11:00"),
    ],
)
def test_short_dates_are_written_as_each_language_writes_them(
    language: str, day: str, with_time: str
) -> None:
    # French and Spanish write an abbreviated month in lower case (Django's "M" capitalises it).
    moment = datetime.datetime(2026, 12, 7, 11, 0)
    with translation.override(language):
        assert date_format(moment, translation.gettext("j M Y")) == day
        assert date_format(moment, translation.gettext("D j M, H:i")) == with_time


def test_french_writes_the_first_of_a_month_1er_on_the_mentorship_page_and_in_emails(
    client: Client, django_capture_on_commit_callbacks, time_machine
) -> None:
    mentee, mentor = make_mentee(display_name="Mia"), make_mentor(display_name="Max")
    User.objects.filter(pk__in=[mentee.user.pk, mentor.user.pk]).update(language="fr")
    # The request expires two weeks on, on Monday 1 February 2027.
    time_machine.move_to(datetime.datetime(2027, 1, 18, 15, tzinfo=datetime.UTC), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        mentorship = make_request(mentee, mentor)
    [request_email] = mail.outbox
    assert isinstance(request_email, mail.EmailMultiAlternatives)
    assert "lundi 1er février 2027" in str(request_email.body)
    assert "lundi 1er février 2027" in str(request_email.alternatives[0][0])

    time_machine.move_to(datetime.datetime(2027, 2, 1, 15, tzinfo=datetime.UTC), tick=False)
    services.mentorship_accept(mentorship=mentorship, by=mentor.user)
    client.force_login(mentee.user)
    page = client.get(mentorship.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "1er février 2027" in page
    assert "1 février" not in page

    # Any other day, and the first in other languages, stay as they were.
    time_machine.move_to(datetime.datetime(2027, 2, 2, 15, tzinfo=datetime.UTC), tick=False)
    with translation.override("fr"):
        assert date_format(datetime.date(2027, 2, 2), translation.gettext("j F Y")) == (
            "2 février 2027"
        )
    for language, first in [("en", "1 February 2027"), ("es", "1 de febrero de 2027")]:
        User.objects.filter(pk=mentee.user.pk).update(language=language)
        client.force_login(mentee.user)
        page = client.get(mentorship.get_absolute_url()).content.decode()
        assert first in page


def test_an_area_no_mentor_covers_is_named_in_the_members_language(client: Client) -> None:
    mentee = make_mentee(wanted=["Early literacy and storytime"])
    User.objects.filter(pk=mentee.user_id).update(language="es")
    client.force_login(mentee.user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Alfabetización temprana y hora del cuento" in page
    assert "Early literacy and storytime" not in page


def test_a_pairs_reason_names_the_shared_areas_in_the_coordinators_language() -> None:
    area = ExpertiseArea.objects.get(name="Early literacy and storytime")
    person = Person(
        pk=1,
        user_id=1,
        areas=frozenset({area.pk}),
        latitude=None,
        longitude=None,
        open_to_remote=True,
    )
    mentee, mentor = Applicant(pk=1, person=person), Applicant(pk=2, person=person)
    with translation.override("es"):
        reason = reason_text(mentee, mentor, {area.pk: area.name})
    assert "Alfabetización temprana y hora del cuento" in reason


# Spanish speaks to the member as "tú"; Django's and allauth's own Spanish says "usted", so the
# messages of theirs a member meets are rewritten in mentorconnect/locale_overrides.
OVERRIDES = settings.BASE_DIR / "mentorconnect" / "locale_overrides" / "es" / "LC_MESSAGES"
FORMAL = re.compile(
    r"\b(Introduzca|Asegúrese|Escoja|Seleccione|Compruebe|Corrija|usted|Envíe|Ingrese"
    r"|Escriba|Inténtelo|Vuelva|Por favor)\b",
    re.IGNORECASE,
)
UPSTREAM_CATALOGUES = [
    Path(package.__file__).parent / locale / "es" / "LC_MESSAGES" / "django.mo"
    for package, locale in [
        (django, "conf/locale"),
        (django.contrib.auth, "locale"),
        (allauth, "locale"),
        (django_filters, "locale"),
    ]
]


def page_text(content: bytes) -> str:
    """A page's words as the member reads them: tags left out, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", content.decode()))


def override_catalogue(tmp_path: Path) -> dict[object, str]:
    """The override catalogue's translations, compiled as compilemessages compiles it: msgid to
    msgstr, (msgid, form) to each plural form."""
    compiled = tmp_path / "django.mo"
    msgfmt = ["msgfmt", "--check", "-o", str(compiled), str(OVERRIDES / "django.po")]
    subprocess.run(msgfmt, check=True)  # noqa: S603 - gettext's msgfmt, which setup installs
    with compiled.open("rb") as mo:
        return {k: v for k, v in gettext.GNUTranslations(mo)._catalog.items() if k}  # type: ignore[attr-defined]


def test_a_refused_distance_speaks_to_a_spanish_member_as_tu(client: Client) -> None:
    mentee = make_mentee()
    User.objects.filter(pk=mentee.user_id).update(language="es")
    client.force_login(mentee.user)
    response = client.get(reverse("profiles:find_mentor"), {"distance": "lejos"})
    page = page_text(response.content)
    assert "Introduce un número." in page
    assert "Introduzca" not in page


def test_a_too_short_password_at_sign_up_reads_in_tu(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        {"email": "nueva@example.org", "password1": "corta"},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 200
    page = page_text(response.content)
    assert "La contraseña es demasiado corta." in page
    assert "Tu contraseña debe tener al menos 8 caracteres." in page
    assert "Su contraseña" not in page
    assert not FORMAL.search(page), FORMAL.search(page)


def test_a_wrong_sign_in_reads_in_tu(client: Client) -> None:
    member = make_member("ana@example.org")
    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": "no-es-la-contraseña"},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    page = page_text(response.content)
    assert "La dirección de correo electrónico o la contraseña que has indicado no son" in page
    assert "ha indicado" not in page
    assert not FORMAL.search(page), FORMAL.search(page)


def test_the_spanish_overrides_never_say_usted(tmp_path: Path) -> None:
    formal = {
        msgid: msgstr
        for msgid, msgstr in override_catalogue(tmp_path).items()
        if FORMAL.search(msgstr)
    }
    assert formal == {}


def test_each_spanish_override_is_still_one_of_django_or_allauths_messages(
    tmp_path: Path,
) -> None:
    # A message reworded upstream would leave its override unused and bring "usted" back:
    # after upgrading Django, allauth or django-filter, rewrite the new wording here.
    upstream: dict[object, str] = {}
    for catalogue in UPSTREAM_CATALOGUES:
        with catalogue.open("rb") as mo:
            upstream.update(gettext.GNUTranslations(mo)._catalog)  # type: ignore[attr-defined]
    stale = [msgid for msgid in override_catalogue(tmp_path) if msgid not in upstream]
    assert stale == []


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        ("l j F Y \\a\\t H:i", "lunes 1 de marzo de 2027 a las 09:30"),
        ("l j F \\a\\t H:i", "lunes 1 de marzo a las 09:30"),
    ],
)
def test_spanish_meeting_times_write_the_day_without_a_leading_zero(
    english: str, spanish: str
) -> None:
    # The meeting emails' formats: "el lunes 1 de marzo", never "01 de marzo".
    with translation.override("es"):
        written = date_format(datetime.datetime(2027, 3, 1, 9, 30), translation.gettext(english))
    assert written == spanish
