"""Two gunicorn servers with production settings on the same PostgreSQL and Redis: a member who
signs in through one is signed in on the other, as behind a load balancer (docs/scaling.md)."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.conftest import PASSWORD, make_member

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Answer:
    status: int
    text: str


def request(
    port: int, method: str, path: str, cookies: dict[str, str], body: dict[str, str] | None = None
) -> Answer:
    """One request with the given cookies; cookies the server sets are added to them (the
    production cookies are Secure, which a browser would only send over HTTPS)."""
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    server = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    server.request(method, path, body=urlencode(body) if body else None, headers=headers)
    response = server.getresponse()
    text = response.read().decode()
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name] = rest.split(";", 1)[0]
    return Answer(response.status, text)


@pytest.fixture
def two_servers() -> Iterator[list[int]]:
    ports = [free_port(), free_port()]
    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FEEDBACK_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "WEB_CONCURRENCY": "1",
        # Pages only; their static files are tested in tests/test_static_files.py.
        "STATIC_MANIFEST": "false",
    }
    servers = [
        subprocess.Popen(  # noqa: S603 - our own gunicorn with fixed arguments
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--config",
                "mentorconnect/gunicorn.py",
                "mentorconnect.wsgi",
            ],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        )
        for port in ports
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    request(port, "GET", "/how-it-works/", {})
                    break
                except OSError:
                    time.sleep(0.2)
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)


def test_signing_in_on_one_server_signs_in_on_the_other(two_servers: list[int]) -> None:
    mia = make_member("mia@example.org")
    # The servers check passwords with the production hashers, not the tests' fast one.
    mia.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    mia.save(update_fields=["password"])
    first, second = two_servers
    cookies: dict[str, str] = {}
    form = request(first, "GET", "/accounts/login/", cookies).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token
    signed_in = request(
        first,
        "POST",
        "/accounts/login/",
        cookies,
        {"csrfmiddlewaretoken": token.group(1), "login": "mia@example.org", "password": PASSWORD},
    )
    assert signed_in.status == 302
    assert "sessionid" in cookies

    dashboard = request(second, "GET", "/dashboard/", cookies)
    assert dashboard.status == 200
    assert "Sign Out" in dashboard.text or "Sign out" in dashboard.text
    assert request(second, "GET", "/dashboard/", {}).status == 302  # and not without the cookie
