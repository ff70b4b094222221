"""Production serving: gunicorn with DEBUG off serves pages that link hashed static files, and
WhiteNoise serves those compressed with a far-future cache header."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
ONE_YEAR = 365 * 24 * 60 * 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def production_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FEEDBACK_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        # A TLS proxy would stand in front in production; this test speaks plain HTTP.
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn with fixed arguments
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            "mentorconnect/gunicorn.py",
            "mentorconnect.wsgi",
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/how-it-works/")  # noqa: S310 - our own server
            break
        except OSError:
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=20)


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own server
    with urllib.request.urlopen(request) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def test_pages_link_stylesheets_by_content_hash(production_server: str) -> None:
    status, _, body = fetch(production_server + "/how-it-works/")
    assert status == 200
    assert re.search(rb'href="/static/css/site\.[0-9a-f]{12}\.css"', body)
    assert b'href="/static/css/site.css"' not in body


def test_hashed_static_files_are_compressed_and_cached_for_a_year(
    production_server: str,
) -> None:
    _, _, page = fetch(production_server + "/how-it-works/")
    stylesheet = re.search(
        rb'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page
    )
    assert stylesheet
    status, headers, body = fetch(
        production_server + stylesheet.group(1).decode(), **{"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert f"max-age={ONE_YEAR}" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
    full_size = (ROOT / "static/vendor/bootstrap/bootstrap.min.css").stat().st_size
    assert len(body) < full_size / 4


def test_unhashed_names_are_only_briefly_cached(production_server: str) -> None:
    status, headers, _ = fetch(production_server + "/static/css/site.css")
    assert status == 200
    assert "immutable" not in headers["Cache-Control"]


def test_favicon_and_wordmark_are_served_by_content_hash(production_server: str) -> None:
    _, _, page = fetch(production_server + "/how-it-works/")
    for name, extension in [
        ("favicon", "svg"),
        ("favicon", "ico"),
        ("apple-touch-icon", "png"),
        ("brand/mark-on-navy", "svg"),
    ]:
        linked = re.search(
            rf'"(/static/{re.escape(name)}\.[0-9a-f]{{12}}\.{extension})"'.encode(), page
        )
        assert linked, name
        status, headers, _ = fetch(production_server + linked.group(1).decode())
        assert status == 200
        assert "immutable" in headers["Cache-Control"]
