from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from mentorconnect import emails
from profiles.models import User

CONTEXT = {"email": "ada@example.org", "activate_url": "https://mc.example/confirm/abc/"}


@pytest.mark.django_db  # the recipient's language is looked up
def test_email_is_built_from_subject_text_and_html_templates() -> None:
    message = emails.build(
        "account/email_confirmation_signup", to=["ada@example.org"], context=CONTEXT
    )
    assert message.subject == "Confirm your email address for MentorConnect"
    assert "https://mc.example/confirm/abc/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and isinstance(html, str)
    assert 'href="https://mc.example/confirm/abc/"' in html


@pytest.mark.django_db  # the recipient's language is looked up
def test_development_backend_prints_and_keeps_each_email(
    tmp_path: Path,
    settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings.EMAIL_BACKEND = "mentorconnect.mail_backends.DevelopmentEmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    emails.send("account/email_confirmation_signup", to=["ada@example.org"], context=CONTEXT)

    kept = list(tmp_path.glob("*.eml"))
    assert len(kept) == 1
    assert "confirm-your-email-address" in kept[0].name
    assert b"https://mc.example/confirm/abc/" in kept[0].read_bytes()
    assert "Subject: Confirm your email address for MentorConnect" in capsys.readouterr().out


@pytest.mark.django_db
def test_demo_data_is_idempotent_and_its_logins_work(client: Client) -> None:
    call_command("demo_data", members=20)
    call_command("demo_data", members=20)
    # Five named demo people and the generated directory, each made once.
    assert User.objects.filter(email__endswith="@mentorconnect.example").count() == 5 + 20
    admin = User.objects.get(email="admin@mentorconnect.example")
    assert admin.is_staff and admin.is_superuser
    response = client.post(
        "/accounts/login/",
        {"login": "mentee@mentorconnect.example", "password": "mentor-connect-demo"},
    )
    assert response["Location"] == "/dashboard/"
    assert not mail.outbox


@pytest.mark.django_db  # the recipient's language is looked up
def test_subjects_and_plain_text_are_not_html_escaped() -> None:
    message = emails.build(
        "colleague_invitation",
        to=["friend@example.org"],
        context={"sender_name": "Ann O'Brien & Co", "note": "Q&A: <b>bring notes</b>"},
    )
    assert "&amp;" not in message.subject and "&#x27;" not in message.subject
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    html = message.alternatives[0][0]
    assert "<b>bring notes</b>" not in str(html)
