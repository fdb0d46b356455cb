"""Shared fixtures: a private data folder, a fixed clock, the built-in playbooks, a pipe input."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from coach.commands.app import App
from coach.playbook.library import Library, load_library
from coach.review.stats import KNOWN_STATS, compute_stats
from coach.store.store import Store

if TYPE_CHECKING:
    from prompt_toolkit.input.base import PipeInput
    from prompt_toolkit.output import Output

FIXED_NOW = datetime(2026, 11, 20, 10, 30, tzinfo=timezone(timedelta(hours=1)))


def library_with(tmp_path: Path, *texts: str) -> Library:
    """A library of the built-in playbooks plus the given playbook texts (checked)."""
    folder = tmp_path / "playbooks"
    folder.mkdir(exist_ok=True)
    for number, text in enumerate(texts):
        (folder / f"p{number}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    library = load_library(folder)
    assert not library.problems, library.problems
    return library


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "coach-home"


@pytest.fixture
def store(home: Path) -> Store:
    return Store(home)


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


@pytest.fixture
def empty_stats() -> dict[str, object]:
    stats: dict[str, object] = dict.fromkeys(KNOWN_STATS, 0)
    # Stats that are none, text or lists with no records keep that shape: a 0 would read as a
    # grade, a verdict or a quoted line.
    stats.update({name: value for name, value in compute_stats([], [], FIXED_NOW).items()
                  if not isinstance(value, int) or isinstance(value, bool)})
    return stats


@pytest.fixture
def clock() -> Callable[[], datetime]:
    return lambda: FIXED_NOW


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    """prompt-toolkit's pipe input: send keys with `pipe.send_text(...)`, end answers with "\\r"."""
    # Imported here, so tests that never draw a prompt do not load prompt-toolkit.
    from prompt_toolkit.input import create_pipe_input

    with create_pipe_input() as pipe_input:
        yield pipe_input


def terminal_output() -> tuple[Output, io.StringIO]:
    """A prompt-toolkit output that writes what a terminal would receive into a string.

    prompt-toolkit itself turns a stray escape byte into "?", so a test can tell whether the face
    removed it first (the rep sees the text) or left it (the rep sees a "?")."""
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    screen = io.StringIO()
    return Vt100_Output(screen, lambda: Size(rows=24, columns=80), term="xterm"), screen


def make_app(home: Path, stdin: str = "") -> App:
    """An App reading `stdin` as piped input and capturing what it prints."""
    return App(
        stdin=io.StringIO(stdin),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        clock=lambda: FIXED_NOW,
        home=home,
        interactive=False,
    )


def coach_at_fixed_time(home: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    """`coach ARGS` through `cli.main` with `make_app`'s fixed clock: (exit code, out, err)."""
    from coach.cli import main

    app = make_app(home, stdin)
    code = main(list(args), app)
    return code, app.stdout.getvalue(), app.stderr.getvalue()  # type: ignore[attr-defined]


class _Streams(io.StringIO):
    """A captured stream that reports the encoding a pipe would have."""

    encoding = "utf-8"


@contextlib.contextmanager
def _environment(changes: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    if "TZ" in changes:
        time.tzset()  # the system zone is read again, as a new process would read it
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if "TZ" in changes:
            time.tzset()


def run_coach(home: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None,
              timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `coach ARGS` in this process, as a pipe would run it: `cli.main` with COACH_HOME set,
    the real clock, `stdin` as piped input and stdout and stderr captured (argparse's --help
    and --version included). For start-up, terminals, signals, crashes and anything kept in a
    process between commands (an unlocked folder), use `run_real_coach`."""
    from coach.cli import main
    from coach.store.sealing import forget, unlocked

    out, err = _Streams(), _Streams()
    was_unlocked = unlocked(home) is not None
    app = App(stdin=io.StringIO(stdin), stdout=out, stderr=err, home=home, interactive=False)
    changes = {"COACH_HOME": str(home), "NO_COLOR": "1", **(env or {})}
    with _environment(changes), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args), app)
        except SystemExit as exit_:  # argparse's --help and --version
            code = exit_.code if isinstance(exit_.code, int) else 0
        finally:
            if not was_unlocked:
                forget(home)  # as a process's end does: the next command asks again
    return subprocess.CompletedProcess(["coach", *args], code, out.getvalue(), err.getvalue())


def run_real_coach(home: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None,
                   timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the real `coach` command in a subprocess with COACH_HOME set."""
    environment = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        input=stdin, capture_output=True, text=True, env=environment, timeout=timeout,
        check=False,
    )
