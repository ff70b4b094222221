"""English, French and Spanish: the browser's language for visitors, the member's own choice
once made, and emails in the language of whoever receives them."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

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
