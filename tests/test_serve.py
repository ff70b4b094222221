"""`make serve` is production: DEBUG off whatever .env says, hashed static files, JSON logs and
MentorConnect's own error pages (never Django's debug page)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 240


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a local URL)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.skipif(not (ROOT / ".env").exists(), reason="make test writes .env first")
def test_make_serve_runs_with_production_settings() -> None:
    assert "DEBUG=true" in (ROOT / ".env").read_text()  # what honcho used to load over serve.sh
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="mc-serve-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603 (the project's own script)
        [str(ROOT / "scripts" / "serve.sh")],
        cwd=ROOT,
        # Two processes a server, not one per core and more: the tests beside this one share
        # the cores, and how many processes answer is not what this test is about.
        env={**os.environ, "WEB_PORT": str(port), "WEB_CONCURRENCY": "2"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                status, home = fetch(f"{base}/")
                if status == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, Path(log.name).read_text()[-3000:]
            assert time.monotonic() < deadline, Path(log.name).read_text()[-3000:]
            time.sleep(1)

        status, missing = fetch(f"{base}/no-such-page/")
        assert status == 404
        assert "We could not find that page" in missing
        assert "DEBUG = True" not in missing and "Technical" not in missing
        # Static files under their content hash, served for a year.
        assert "/static/css/site.css" not in home
        css = home.split('href="/static/css/site.')[1].split('"')[0]
        with urllib.request.urlopen(f"{base}/static/css/site.{css}") as response:  # noqa: S310
            assert "immutable" in response.headers["Cache-Control"]
        # Requests are logged as JSON, one object a line.
        time.sleep(1)
        logged = [
            json.loads(line[line.index("{") :])
            for line in Path(log.name).read_text().splitlines()
            if '"logger": "mentorconnect.requests"' in line
        ]
        assert any(entry["path"] == "/no-such-page/" and entry["status"] == 404 for entry in logged)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        # honcho's children are in the same session; make sure none outlives the test.
        subprocess.run(["pkill", "-KILL", "-s", str(server.pid)], check=False)  # noqa: S603, S607
        Path(log.name).unlink(missing_ok=True)
