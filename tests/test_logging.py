"""Logs carry a request id on every line and never an email address, feedback text or a secret
from a link."""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from celery.contrib.testing.worker import start_worker
from cryptography.fernet import Fernet
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from feedback.models import Feedback
from mentorconnect import logs
from mentorconnect.celery import app as celery_app
from mentorconnect.outbox.unsubscribe import unsubscribe_url
from mentorships.models import Mentorship
from profiles.models import User
from tests.profiles.factories import make_mentee, make_mentor
from tests.test_settings import run_manage

from .conftest import PASSWORD, make_member
from .mentorships.helpers import REQUEST, make_active

FEEDBACK = "Confidential: my manager undermines me in meetings"
FORMATTERS = [logs.JsonFormatter(), logs.TextFormatter()]
SECRET_KWARGS = {"key", "token", "uidb36", "uidb64"}


class Captured(logging.Handler):
    """Keeps every record that reaches the handlers, with the request id filter applied."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.addFilter(logs.RequestIdFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self) -> list[str]:
        """Each record as production and development would write it."""
        return [formatter.format(r) for r in self.records for formatter in FORMATTERS]


@pytest.fixture
def captured() -> Iterator[Captured]:
    handler = Captured()
    # The root logger, and the loggers that settings.LOGGING keeps from propagating to it.
    loggers = [logging.getLogger(), logging.getLogger("django"), logging.getLogger("django.server")]
    levels = [each.level for each in loggers]
    for each in loggers:
        each.addHandler(handler)
        each.setLevel(logging.DEBUG)
    yield handler
    for each, level in zip(loggers, levels, strict=True):
        each.removeHandler(handler)
        each.setLevel(level)


def visit(
    handler: Captured, client: Client, method: str, path: str, data: dict | None = None
) -> HttpResponse:
    """One request; every line it logs carries the id that the response names."""
    since = len(handler.records)
    response = getattr(client, method)(path, data or {})
    # The worker logs from a thread of its own, for requests made earlier.
    mine = [r for r in handler.records[since:] if r.thread == threading.get_ident()]
    assert mine, f"{path} logged nothing"
    assert {getattr(r, "request_id", None) for r in mine} == {response["X-Request-ID"]}
    return response


def link_in_last_mail(pattern: str) -> str:
    found = re.search(pattern, str(mail.outbox[-1].body))
    assert found, mail.outbox[-1].body
    return found.group(1)


@pytest.fixture
def worker() -> Iterator[None]:
    celery_app.conf.task_always_eager = False
    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        yield


@pytest.mark.django_db(transaction=True)
def test_a_journey_logs_no_email_address_feedback_or_secret(
    # The worker first: starting it sets Django up again, which applies settings.LOGGING afresh.
    worker: None,
    captured: Captured,
) -> None:
    secrets_seen: list[str] = []
    client = Client()

    # Sign-up, with the verification link emailed and followed.
    visit(
        captured,
        client,
        "post",
        reverse("account_signup"),
        {"email": "ada.lovelace@example.org", "password1": PASSWORD},
    )
    confirm = link_in_last_mail(r"http://testserver(/accounts/confirm-email/\S+/)")
    secrets_seen.append(confirm.split("/")[-2])
    visit(captured, client, "get", confirm)
    visit(captured, client, "post", confirm)
    # A link cut or mangled by a mail reader: Django logs "Not Found" with the path.
    visit(captured, client, "get", confirm + "extra")

    # Failed sign-ins, with a known and an unknown address.
    for email in ["ada.lovelace@example.org", "nobody.here@example.org"]:
        visit(
            captured,
            Client(),
            "post",
            reverse("account_login"),
            {"login": email, "password": "not-the-password"},
        )

    # A password reset with its emailed key.
    make_member("grace.hopper@example.org")
    visit(
        captured,
        Client(),
        "post",
        reverse("account_reset_password"),
        {"email": "grace.hopper@example.org"},
    )
    reset = link_in_last_mail(r"http://testserver(/accounts/password/reset/key/\S+/)")
    secrets_seen.append(reset.split("/")[-2])
    resetting = Client()
    set_password = visit(captured, resetting, "get", reset)["Location"]
    visit(
        captured,
        resetting,
        "post",
        set_password,
        {"password1": "a-brand-new-password-5", "password2": "a-brand-new-password-5"},
    )

    # A mentee asks a mentor: the email goes out from the Celery worker.
    mentor = make_mentor(email="max.mentor@example.org", display_name="Max Mentor")
    mentee = make_mentee(email="mia.mentee@example.org", display_name="Mia Mentee")
    member = Client()
    member.force_login(mentee.user)
    since = len(captured.records)
    response = visit(
        captured, member, "post", reverse("mentorships:request", args=[mentor.pk]), REQUEST
    )
    deadline = time.monotonic() + 15
    while not mail.outbox or mail.outbox[-1].to != ["max.mentor@example.org"]:
        assert time.monotonic() < deadline, "the worker sent no email"
        time.sleep(0.05)

    # The worker may log its task's line just after the email is out: wait for it too.
    def carries_the_request_id() -> bool:
        return any(
            getattr(r, "request_id", None) == response["X-Request-ID"]
            for r in captured.records[since:]
            if r.name.startswith("celery")
        )

    while not carries_the_request_id():
        assert time.monotonic() < deadline, "no task line carries the request's id"
        time.sleep(0.05)

    # Feedback written in an active mentorship (its email is a task too), then searched for.
    Mentorship.objects.all().delete()
    mentorship = make_active(mentee, mentor)
    visit(
        captured,
        member,
        "post",
        reverse("feedback:archive", args=[mentorship.pk]),
        {"kind": "suggestion", "text": FEEDBACK},
    )
    assert Feedback.objects.get().text == FEEDBACK
    visit(
        captured, member, "get", reverse("feedback:archive", args=[mentorship.pk]) + "?q=undermines"
    )

    # A one-click unsubscribe link from a reminder.
    unsubscribe = urlsplit(unsubscribe_url(mentee.user, "check_in_due")).path
    secrets_seen.append(unsubscribe.split("/")[-2])
    visit(captured, Client(), "get", unsubscribe)

    lines = captured.lines()
    emails = {address for message in mail.outbox for address in message.to}
    emails |= {"ada.lovelace@example.org", "nobody.here@example.org"}
    for line in lines:
        for forbidden in [*emails, *secrets_seen, FEEDBACK, "undermines"]:
            assert forbidden not in line, line
    # The journey did log the lines that would have carried them, masked.
    assert any("Not Found: /accounts/confirm-email/[secret]/extra" in line for line in lines)
    assert any("/accounts/password/reset/key/[secret]/" in line for line in lines)
    assert any("/mentorships/reminders/unsubscribe/[secret]/" in line for line in lines)
    assert any("succeeded" in line for line in lines)


def test_every_link_with_a_secret_in_its_path_is_masked() -> None:
    def walk(patterns: list, namespace: str = "") -> Iterator[tuple[str, set[str]]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                yield namespace + entry.name, set(entry.pattern.regex.groupindex)

    checked = []
    for name, kwargs in walk(get_resolver().url_patterns):
        if kwargs & SECRET_KWARGS:
            secret = secrets.token_hex(16)
            values = {kwarg: secret if kwarg in SECRET_KWARGS else "1" for kwarg in kwargs}
            path = reverse(name, kwargs=values)
            record = logging.LogRecord(
                "django.request", logging.WARNING, "", 0, "Not Found: %s", (path,), None
            )
            for formatter in FORMATTERS:
                assert secret not in formatter.format(record), name
            checked.append(name)
    assert {
        "account_confirm_email",
        "account_reset_password_from_key",
        "outbox:unsubscribe",
    } <= set(checked)


def test_email_addresses_are_masked_anywhere_in_a_line() -> None:
    record = logging.LogRecord(
        "smtp", logging.ERROR, "", 0, "Refused: %s", ({"Ada.Lovelace+mc@Example.org": 550},), None
    )
    for formatter in FORMATTERS:
        assert "Lovelace" not in formatter.format(record)
        assert "[email]" in formatter.format(record)


@pytest.mark.django_db
def test_responses_name_their_request_id_and_a_proxys_id_is_kept(client: Client) -> None:
    first = client.get(reverse("home"))
    second = client.get(reverse("home"))
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert client.get(reverse("home"), HTTP_X_REQUEST_ID="proxy-1234-abcd")["X-Request-ID"] == (
        "proxy-1234-abcd"
    )
    # Anything else a client sends is not trusted into the logs.
    forged = client.get(reverse("home"), HTTP_X_REQUEST_ID="x\n{fake log line}")
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])


@pytest.mark.django_db
def test_production_logs_are_json_lines_with_the_request_id(
    client: Client, captured: Captured, member: User
) -> None:
    client.force_login(member)
    response = client.get(reverse("account_email"))
    entries = [json.loads(logs.JsonFormatter().format(r)) for r in captured.records]
    request_line = next(e for e in entries if e["logger"] == "mentorconnect.requests")
    assert request_line["request_id"] == response["X-Request-ID"]
    assert request_line["path"] == reverse("account_email")
    assert request_line["status"] == 200
    assert request_line["user_id"] == member.pk
    assert "member@example.org" not in json.dumps(entries)


def test_production_writes_json_and_never_prints_mail() -> None:
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; "
        "print(settings.LOGGING['handlers']['console']['formatter'], settings.EMAIL_BACKEND)",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        FEEDBACK_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["json", "django.core.mail.backends.smtp.EmailBackend"]
