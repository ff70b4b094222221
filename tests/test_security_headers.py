"""Security headers and cookies on real responses, from gunicorn with production settings.

The server runs as production runs it (mentorconnect/gunicorn.py, DEBUG off, behind a TLS proxy
that sets X-Forwarded-Proto) against the test database, so what is checked here is what a
browser would receive.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import global_settings
from django.db import connection

from .conftest import PASSWORD, make_member

ROOT = Path(__file__).resolve().parent.parent


class Server:
    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        self.log = log
        self.origin = f"https://127.0.0.1:{port}"

    def request(
        self,
        method: str,
        path: str,
        body: str = "",
        headers: dict[str, str] | None = None,
        *,
        behind_tls: bool = True,
    ) -> http.client.HTTPResponse:
        connection_ = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = dict(headers or {})
        if behind_tls:
            sent["X-Forwarded-Proto"] = "https"
        connection_.request(method, path, body=body, headers=sent)
        response = connection_.getresponse()
        response.read()
        connection_.close()
        return response


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}"
    )


@pytest.fixture
def server(transactional_db: None, tmp_path: Path) -> Iterator[Server]:
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FEEDBACK_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_TLS_PROXY": "true",
        "DATABASE_URL": database_url(),
        # The test database is dropped at the end: no connection may outlive a request.
        "CONN_MAX_AGE": "0",
        # Static files as they are (no collectstatic step in tests).
        "STATIC_MANIFEST": "false",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    process = subprocess.Popen(  # noqa: S603 - our own server with fixed arguments
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "mentorconnect/gunicorn.py",
            "mentorconnect.wsgi",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    running = Server(port, tmp_path / "server.log")
    deadline = time.monotonic() + 60
    while True:
        try:
            running.request("GET", "/")
            break
        except OSError:
            assert process.poll() is None, running.log.read_text()
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
    yield running
    process.terminate()
    process.wait(timeout=30)
    log.close()


def cookies_of(response: http.client.HTTPResponse) -> SimpleCookie:
    jar: SimpleCookie = SimpleCookie()
    for header in response.msg.get_all("Set-Cookie") or []:
        jar.load(header)
    return jar


def directives(response: http.client.HTTPResponse) -> dict[str, list[str]]:
    policy = response.getheader("Content-Security-Policy") or ""
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {name: values for name, *values in parts}


def test_pages_carry_the_security_headers_and_a_strict_content_security_policy(
    server: Server,
) -> None:
    response = server.request("GET", "/accounts/login/")
    assert response.status == 200
    assert response.getheader("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "same-origin"
    assert response.getheader("Cross-Origin-Opener-Policy") == "same-origin"
    assert response.getheader("X-Frame-Options") == "DENY"
    assert re.fullmatch(r"[0-9a-f]{32}", response.getheader("X-Request-ID") or "")

    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "unsafe" not in (response.getheader("Content-Security-Policy") or "")


def test_plain_http_is_sent_to_https(server: Server) -> None:
    response = server.request("GET", "/accounts/login/", behind_tls=False)
    assert response.status == 301
    assert response.getheader("Location") == f"{server.origin}/accounts/login/"


def test_cookies_are_secure_http_only_same_site_and_the_session_ends_with_the_browser(
    server: Server, settings: Any
) -> None:
    # The server hashes passwords as production does.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    make_member("ada@example.org")

    page = server.request("GET", "/accounts/login/")
    csrf = cookies_of(page)["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"

    token = csrf.value
    response = server.request(
        "POST",
        "/accounts/login/",
        body=f"csrfmiddlewaretoken={token}&login=ada%40example.org&password={PASSWORD}",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={token}",
            "Origin": server.origin,
            "Referer": f"{server.origin}/accounts/login/",
        },
    )
    assert response.status == 302, response.getheader("Location")
    session = cookies_of(response)["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    # No expiry: the browser forgets the session when it closes.
    assert session["expires"] == "" and session["max-age"] == ""

    # What the server wrote about it: JSON lines with request ids, and no email address.
    written = server.log.read_text()
    lines = [json.loads(line) for line in written.splitlines() if line.startswith("{")]
    login = [line for line in lines if line.get("path") == "/accounts/login/"]
    assert [line["status"] for line in login] == [200, 302]
    assert all(line["request_id"] for line in login)
    assert "ada@example.org" not in written
