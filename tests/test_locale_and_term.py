"""The process's surroundings: an ASCII locale (LC_ALL=C), a dumb terminal (TERM=dumb), NO_COLOR,
and the zsh a completion script is loaded into."""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_coach, run_real_coach
from scripts import TOUGH_DEBRIEF

from coach.faces.line import NOT_TEXT, as_utf8
from coach.faces.pager import pager_command

BIN = Path(sys.executable).parent
COLOURS = re.compile(rb"\x1b\[[0-9;]*(?:3[0-8]|9[0-7])[;m]")


def _c_locale_debrief(home: Path, answers: list[bytes]) -> subprocess.CompletedProcess[bytes]:
    """A debrief piped in under LC_ALL=C, where Python reads stdin as ASCII."""
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("PYTHONIOENCODING", "LANG", "LANGUAGE")}
    environment |= {"COACH_HOME": str(home), "NO_COLOR": "1", "LC_ALL": "C", "PYTHONUTF8": "0"}
    return subprocess.run([sys.executable, "-m", "coach", "debrief"],
                          input=b"".join(line + b"\n" for line in answers),
                          capture_output=True, env=environment, timeout=60, check=False)


def test_utf8_typed_under_a_c_locale_is_kept_and_the_debrief_finishes(home: Path) -> None:
    answers = [line.encode("utf-8") for line in TOUGH_DEBRIEF]
    answers[0] = "They hung up on my café pitch".encode()
    answers[-2] = "Dial the next three ✓".encode()
    result = _c_locale_debrief(home, answers)
    out = result.stdout.decode("utf-8", "replace")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "Saved" in out and NOT_TEXT not in out
    assert "Dial the next three ?" in out  # an ASCII terminal shows what it cannot as "?"
    (record,) = json.loads(run_coach(home, "history", "--format", "json").stdout)
    assert record["answers"]["what_happened"]["answer"] == "They hung up on my café pitch"
    assert record["next_action"] == "Dial the next three ✓"


def test_bytes_that_are_not_utf8_either_are_still_turned_away() -> None:
    assert as_utf8("caf\udcc3\udca9\n", "ascii") == "café\n"
    assert as_utf8("caf\udce9\n", "ascii") is None  # Latin-1: the line is asked for again


def _in_terminal(home: Path, term: str, *args: str, no_color: bool = False) -> bytes:
    """What `coach ARGS` sends to a terminal of type `term` until its first question, which
    is answered with Ctrl-C."""
    import pty

    environment = {**os.environ, "TERM": term, "COACH_HOME": str(home)}
    environment.pop("NO_COLOR", None)
    if no_color:
        environment["NO_COLOR"] = "1"
    pid, screen = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execve(sys.executable, [sys.executable, "-m", "coach", *args], environment)
    seen, ended, deadline = b"", False, time.monotonic() + 30
    while time.monotonic() < deadline and not ended:
        ready, _, _ = select.select([screen], [], [], 1.0)
        if ready:
            try:
                data = os.read(screen, 65536)
            except OSError:
                data = b""
            ended, seen = not data, seen + data
        if b"?" in seen and not ended:
            time.sleep(0.5)
            os.write(screen, b"\x03")
            deadline = min(deadline, time.monotonic() + 10)
    os.waitpid(pid, 0)
    os.close(screen)
    return seen


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("args", [("debrief",), ()], ids=["debrief", "home"])
def test_a_dumb_terminal_gets_no_escape_sequence(home: Path, args: tuple[str, ...]) -> None:
    seen = _in_terminal(home, "dumb", *args)
    assert b"?" in seen and b"Stopped" in seen, seen
    assert b"\x1b" not in seen, seen


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")
def test_no_color_gets_no_colour(home: Path) -> None:
    seen = _in_terminal(home, "xterm-256color", "debrief", no_color=True)
    assert b"what happened" in seen, seen
    assert COLOURS.search(seen) is None, seen


def test_a_dumb_terminal_gets_no_pager() -> None:
    assert pager_command({"TERM": "dumb", "PAGER": "less"}) is None
    assert pager_command({"TERM": "xterm", "PAGER": "less"}) == ["less"]


def test_piped_output_has_no_escape_sequence_under_term_dumb(home: Path) -> None:
    result = run_real_coach(home, "debrief", "--quick", stdin="3\n",
                            env={"TERM": "dumb", "NO_COLOR": ""})
    assert "\x1b" not in result.stdout + result.stderr


def _zsh_script(home: Path, tmp_path: Path) -> Path:
    script = tmp_path / "_coach"
    script.write_text(run_coach(home, "completion", "zsh").stdout, encoding="utf-8")
    return script


def test_the_zsh_script_runs_nothing_when_it_is_loaded(home: Path, tmp_path: Path) -> None:
    text = _zsh_script(home, tmp_path).read_text(encoding="utf-8")
    assert "$(coach" in text  # ids are still completed by calling coach back...
    for line in text.splitlines():
        if "$(coach" in line:  # ...but only inside the functions run on Tab
            assert line.startswith("  ids=("), line
    assert ":the playbook id:_coach_playbook_ids" in text
    assert "_coach_reflection_ids\"" in text


def _zsh(home: Path, tmp_path: Path, body: str) -> tuple[str, list[str]]:
    """Run `body` in zsh after loading the script, with a `coach` that logs each call."""
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed")
    script = _zsh_script(home, tmp_path)
    log = tmp_path / "calls.log"
    fake = tmp_path / "bin" / "coach"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {sys.executable} -m coach "$@"\n',
                    encoding="utf-8")
    fake.chmod(0o755)
    environment = {**os.environ, "COACH_HOME": str(home), "PATH": f"{fake.parent}:{BIN}:"
                   + os.environ.get("PATH", "")}
    program = (f"autoload -Uz compinit && compinit -u -D\nsource {script}\n"
               f"print -r -- loaded:$(cat {log} 2>/dev/null | wc -l)\n{body}")
    result = subprocess.run(["zsh", "-f", "-c", program], capture_output=True, text=True,
                            env=environment, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return result.stdout, calls


def test_zsh_calls_coach_once_per_tab_and_never_at_start(home: Path, tmp_path: Path) -> None:
    body = "compadd() { shift; print -rl -- ${(P)1} }\n_coach_playbook_ids\n"
    out, calls = _zsh(home, tmp_path, body)
    assert out.startswith("loaded:0\n"), out  # nothing ran while the script was read
    assert "debrief" in out.split()
    assert calls == ["completion --list playbooks"]
