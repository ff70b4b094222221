"""The local .env holds the secret key and the feedback encryption key: nobody but its owner
may read it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

ENV_FILE = Path(__file__).resolve().parent.parent / ".env"


@pytest.mark.skipif(not ENV_FILE.exists(), reason="make test writes .env first")
def test_the_env_file_is_private_to_its_owner() -> None:
    mode = stat.S_IMODE(ENV_FILE.stat().st_mode)
    assert mode & (stat.S_IRWXG | stat.S_IRWXO) == 0, oct(mode)
