"""Shared fixtures: a private data folder, a fixed clock, the built-in playbooks, a pipe input."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
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


def run_coach(home: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None,
              timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the real `coach` command in a subprocess with COACH_HOME set."""
    environment = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        input=stdin, capture_output=True, text=True, env=environment, timeout=timeout,
        check=False,
    )
