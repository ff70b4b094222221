"""`make run` and `make serve` start one Celery beat. A second one, started by hand beside it,
would send every periodic task twice and write the same schedule file: it must refuse to start."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def beat_command(procfile: str, data: Path) -> list[str]:
    """The Procfile's beat, with its files in `data` instead of the project's .data/."""
    line = next(
        line for line in (ROOT / procfile).read_text().splitlines() if line.startswith("beat:")
    )
    return [word.replace(".data/", f"{data}/") for word in shlex.split(line.removeprefix("beat:"))]


def test_a_second_beat_refuses_to_start_beside_the_first(tmp_path: Path) -> None:
    command = beat_command("Procfile", tmp_path)
    first = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())  # noqa: S603
    try:
        # The first beat writes its pid file as it starts.
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob("*.pid")) and time.monotonic() < deadline:
            assert first.poll() is None, "the first beat stopped"
            time.sleep(0.2)
        assert list(tmp_path.glob("*.pid")), "beat wrote no pid file"
        second = subprocess.run(  # noqa: S603
            command, cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=60
        )
        assert second.returncode != 0, "a second beat started"
        assert "already running" in second.stderr + second.stdout
        assert first.poll() is None, "the first beat did not keep running"
    finally:
        first.terminate()
        first.wait(timeout=30)


def test_make_serve_keeps_its_beat_to_one_as_make_run_does(tmp_path: Path) -> None:
    # Its own pid file: a production-shaped beat may run beside a development one.
    run, serve = (beat_command(name, tmp_path) for name in ("Procfile", "Procfile.production"))
    pid_files = [
        next(word for word in command if word.startswith("--pidfile=")) for command in (run, serve)
    ]
    assert len(set(pid_files)) == 2
