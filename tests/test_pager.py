"""Long output through a pager on a real pseudo-terminal, and never into a pipe."""

from __future__ import annotations

import os
import shlex
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import run_coach
from sample_records import MONDAY, reflection

from coach.faces.pager import pager_command, pager_environment
from coach.store.store import Store

pexpect = pytest.importorskip("pexpect")

FAKE_PAGER = """\
import os, sys
data = sys.stdin.buffer.read()
with open(sys.argv[1], "wb") as copy:
    copy.write(data)
    copy.write(("\\nLESS=" + os.environ.get("LESS", "<unset>")).encode())
print("fake pager done")
"""

QUITTING_PAGER = """\
import sys
sys.stdin.buffer.read(100)  # reads the first screenful, then the rep presses q
print("pager quit early")
"""


def _pager(tmp_path: Path, script: str) -> tuple[str, Path]:
    program = tmp_path / "pager.py"
    program.write_text(script, encoding="utf-8")
    copy = tmp_path / "paged.txt"
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(program))} {shlex.quote(str(copy))}", copy


def _saved(home: Path, count: int = 3) -> list[str]:
    store = Store(home)
    records = [reflection(MONDAY + timedelta(minutes=index), answer=f"Call number {index}")
               for index in range(count)]
    store.add_records(records)
    return [record["id"] for record in records]


def _run_in_terminal(home: Path, *args: str, env: dict[str, str]) -> tuple[str, int]:
    environment = {**os.environ, "COACH_HOME": str(home), "TERM": "xterm", "NO_COLOR": "1", **env}
    environment.pop("LESS", None)
    child = pexpect.spawn(sys.executable, ["-m", "coach", *args], env=environment,
                          dimensions=(24, 100), encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    return child.before, child.exitstatus


@pytest.mark.parametrize("args", [("history",), ("patterns",), ("report", "--md"), ("show", "ID")])
def test_long_output_on_a_terminal_goes_through_the_pager(home: Path, tmp_path: Path,
                                                          args: tuple[str, ...]) -> None:
    ids = _saved(home)
    command, copy = _pager(tmp_path, FAKE_PAGER)
    args = tuple(ids[0] if word == "ID" else word for word in args)
    shown, status = _run_in_terminal(home, *args, env={"PAGER": command})
    assert status == 0
    assert "fake pager done" in shown
    paged = copy.read_text(encoding="utf-8")
    direct = run_coach(home, *args).stdout.split()
    # The same words; on a terminal, long lines are wrapped to its width.
    assert direct and paged.split()[:len(direct)] == direct
    assert "LESS=FRX" in paged  # set for the pager when the rep has not set it, as git does


def test_coach_pager_comes_before_pager(home: Path, tmp_path: Path) -> None:
    ids = _saved(home)
    command, copy = _pager(tmp_path, FAKE_PAGER)
    _, status = _run_in_terminal(home, "history",
                                 env={"COACH_PAGER": command, "PAGER": "/no/such/pager"})
    assert status == 0 and ids[0][:8] in copy.read_text(encoding="utf-8")


def test_a_pipe_never_gets_a_pager(home: Path, tmp_path: Path) -> None:
    ids = _saved(home)
    command, copy = _pager(tmp_path, FAKE_PAGER)
    result = run_coach(home, "history", env={"PAGER": command})
    assert result.returncode == 0 and ids[2][:8] in result.stdout
    assert not copy.exists()


@pytest.mark.parametrize("args", [("--no-pager", "history"), ("history", "--no-pager")])
def test_no_pager_flag_prints_directly(home: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    ids = _saved(home)
    command, copy = _pager(tmp_path, FAKE_PAGER)
    shown, status = _run_in_terminal(home, *args, env={"PAGER": command})
    assert status == 0 and ids[2][:8] in shown
    assert not copy.exists()


def test_pager_false_in_the_config_prints_directly(home: Path, tmp_path: Path) -> None:
    ids = _saved(home)
    assert run_coach(home, "config", "set", "pager", "false").returncode == 0
    command, copy = _pager(tmp_path, FAKE_PAGER)
    shown, status = _run_in_terminal(home, "history", env={"PAGER": command})
    assert status == 0 and ids[2][:8] in shown
    assert not copy.exists()
    assert run_coach(home, "config", "set", "pager", "maybe").returncode != 0


def test_a_pager_that_cannot_start_means_printing_directly(home: Path) -> None:
    ids = _saved(home)
    shown, status = _run_in_terminal(home, "history", env={"PAGER": "/no/such/pager -R"})
    assert status == 0 and ids[2][:8] in shown


def test_quitting_the_pager_early_is_quiet(home: Path, tmp_path: Path) -> None:
    _saved(home, count=1500)  # far more than a pipe holds, so coach is still writing
    command, _ = _pager(tmp_path, QUITTING_PAGER)
    shown, status = _run_in_terminal(home, "history", env={"PAGER": command})
    assert "pager quit early" in shown
    assert status == 0
    assert "Traceback" not in shown and "Exception ignored" not in shown
    assert "Got the direct line" not in shown  # nothing spilled onto the terminal after the pager left


@pytest.mark.parametrize(("environment", "expected"), [
    ({}, ["less"]),
    ({"PAGER": "more -s"}, ["more", "-s"]),
    ({"PAGER": "more", "COACH_PAGER": "most"}, ["most"]),
    ({"PAGER": ""}, None),
    ({"PAGER": "cat"}, None),
    ({"PAGER": "less 'unclosed"}, None),
])
def test_which_pager(environment: dict[str, str], expected: list[str] | None) -> None:
    assert pager_command(environment) == expected


def test_the_reps_own_less_settings_are_kept() -> None:
    assert pager_environment({"LESS": "-S"})["LESS"] == "-S"
    assert pager_environment({})["LESS"] == "FRX"
