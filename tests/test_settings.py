from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        # The test run's own allowance for async-unsafe calls is not a production setting.
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        FEEDBACK_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="mentoring.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_feedback_key() -> None:
    result = run_manage(
        "check", DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), FEEDBACK_ENCRYPTION_KEYS=""
    )
    assert result.returncode != 0
    assert "Set FEEDBACK_ENCRYPTION_KEYS" in result.stderr


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = run_manage("check", DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
