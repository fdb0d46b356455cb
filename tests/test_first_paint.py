"""The first question is painted before prompt-toolkit loads, and nothing typed meanwhile is lost.

The end-to-end cases run `coach` in a real pseudo-terminal. To hold the moment between the
paint and the prompt open long enough to act in it, a `sitecustomize` on PYTHONPATH makes the
first import of prompt-toolkit wait a second; nothing else about the process changes.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from coach.faces.terminal.drawing import STYLE_RULES
from coach.faces.terminal.firstpaint import FirstPaint, ansi, known_word, sgr

pexpect = pytest.importorskip("pexpect")
termios = pytest.importorskip("termios")

QUESTION = "what happened on the call?"
SLOW_IMPORT = """
import builtins, sys, time
_import = builtins.__import__
def _slow(name, *args, **kwargs):
    if name.startswith("prompt_toolkit") and "prompt_toolkit" not in sys.modules:
        time.sleep(1.0)
    return _import(name, *args, **kwargs)
builtins.__import__ = _slow
"""


def test_every_style_word_of_the_face_can_be_painted() -> None:
    words = {word for rule in STYLE_RULES.values() for word in rule.split()}
    assert words and all(known_word(word) for word in words), words


def test_a_dotted_class_takes_its_parents_rules_and_colours_can_be_left_out() -> None:
    rules = {"option": "ansibrightblack", "option.current": "reverse bold"}
    assert sgr("class:option.current", rules, colors=True) == "\x1b[0;90;7;1m"
    assert sgr("class:option.current", rules, colors=False) == "\x1b[0;7;1m"
    assert sgr("", rules, colors=True) == "\x1b[0m"


def test_painted_text_is_made_safe_and_ends_its_lines_for_a_raw_terminal() -> None:
    painted = ansi([("class:question", "Rough\x1b]0;owned\x07 call\nnext")], {"question": "bold"},
                   colors=True)
    assert "\x07" not in painted and "\x1b]" not in painted
    assert painted == "\x1b[0;1mRough]0;owned call\x1b[0m\r\n\x1b[0;1mnext\x1b[0m"


def test_a_pipe_or_a_dumb_terminal_is_not_painted(tmp_path: Path) -> None:
    read, write = os.pipe()
    try:
        terminal = {"TERM": "xterm"}
        assert FirstPaint.paint([("", "Hi\n")], {}, read, write, terminal) is None
        assert FirstPaint.paint([("", "Hi\n")], {}, 0, 1, {"TERM": "dumb"}) is None
    finally:
        os.close(read)
        os.close(write)


def spawn(home: Path, tmp_path: Path, *args: str, slow: bool = True, rows: int = 24,
          shell: str | None = None):  # type: ignore[no-untyped-def]
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(SLOW_IMPORT if slow else "")
    environment = {**os.environ, "COACH_HOME": str(home), "TERM": "xterm", "NO_COLOR": "1",
                   "PYTHONPATH": str(hook)}
    if shell is None:  # coach itself on the terminal, no shell in between
        return pexpect.spawn(sys.executable, ["-m", "coach", *args], env=environment,
                             dimensions=(rows, 80), encoding="utf-8", timeout=20)
    return pexpect.spawn("/bin/sh", ["-c", shell], env=environment, dimensions=(rows, 80),
                         encoding="utf-8", timeout=20)


def test_the_question_shows_before_prompt_toolkit_is_imported(home: Path, tmp_path: Path) -> None:
    # -X importtime reports each import on stderr, the same terminal: nothing of prompt-toolkit
    # is imported before the question is on the screen.
    child = spawn(home, tmp_path, slow=False,
                  shell=f"{sys.executable} -X importtime -m coach debrief")
    child.expect_exact(QUESTION)
    before = child.before
    child.expect_exact("\x1b[?2004h")  # bracketed paste: prompt-toolkit's first screen
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    assert "coach.conversation.engine" in before
    assert "prompt_toolkit" not in before


def test_keys_typed_while_the_prompt_loads_become_the_answer(home: Path, tmp_path: Path) -> None:
    child = spawn(home, tmp_path, "debrief")
    child.expect_exact(QUESTION)
    child.send("They said no budget\r")  # typed at once, while prompt-toolkit is loading
    child.expect("How much does it sting")
    assert "They said no budget" in child.before
    child.sendcontrol("c")
    child.expect("kept as a draft")
    child.expect(pexpect.EOF)


def _ended_with_the_terminal_as_it_was(child) -> int:  # type: ignore[no-untyped-def]
    """Wait for coach to end; its exit status, once checked that the terminal echoes, waits for
    Enter and turns Ctrl-C into a signal again (a pty's settings outlive the process on it)."""
    child.expect(pexpect.EOF)
    assert "Traceback" not in child.before
    local_modes = termios.tcgetattr(child.child_fd)[3]
    for mode in (termios.ECHO, termios.ICANON, termios.ISIG):
        assert local_modes & mode
    assert termios.tcgetattr(child.child_fd)[0] & termios.ICRNL
    child.close()
    return int(child.exitstatus)


def test_ctrl_c_while_the_prompt_loads_stops_as_at_the_prompt_and_gives_the_terminal_back(
    home: Path, tmp_path: Path,
) -> None:
    child = spawn(home, tmp_path, "debrief")
    child.expect_exact(QUESTION)
    child.sendcontrol("c")  # a key while the prompt loads: it stops the conversation once up
    child.expect("kept as a draft")
    assert _ended_with_the_terminal_as_it_was(child) == 130


def test_being_told_to_end_while_the_prompt_loads_gives_the_terminal_back(
    home: Path, tmp_path: Path,
) -> None:
    child = spawn(home, tmp_path, "debrief")
    child.expect_exact(QUESTION)
    os.kill(child.pid, signal.SIGTERM)
    assert _ended_with_the_terminal_as_it_was(child) == 128 + signal.SIGTERM


def test_a_screen_too_small_to_paint_on_waits_for_the_prompt_and_still_asks(
    home: Path, tmp_path: Path,
) -> None:
    # Eleven rows hold the question and the prompt's reserved rows only just: no paint.
    child = spawn(home, tmp_path, rows=11, slow=False,
                  shell=f"{sys.executable} -X importtime -m coach debrief")
    child.expect_exact(QUESTION)
    assert "prompt_toolkit" in child.before
    child.send("Cut off in ten seconds\r")
    child.expect("How much does it sting")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
