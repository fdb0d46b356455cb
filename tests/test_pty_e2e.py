"""A real pseudo-terminal: type a debrief, press Ctrl-C halfway, start again, resume, finish."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")


def spawn(home: Path, *args: str):  # type: ignore[no-untyped-def]
    environment = {**os.environ, "COACH_HOME": str(home), "TERM": "xterm", "NO_COLOR": "1"}
    child = pexpect.spawn(sys.executable, ["-m", "coach", *args], env=environment,
                          dimensions=(24, 80), encoding="utf-8", timeout=15)
    return child


def test_ctrl_c_then_resume_in_a_real_terminal(home: Path) -> None:
    child = spawn(home, "debrief", "--quick")
    child.expect("How much does it sting")
    child.send("3\r")
    child.expect("what caused the no")
    child.send("5")  # one key: how I ran the call
    child.expect("the call left you")
    child.send("Real ta")  # half-typed...
    child.sendcontrol("c")  # ...when the phone rings
    child.expect("kept as a draft")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    child = spawn(home, "debrief", "--quick")
    child.expect("You have an unfinished Debrief a tough call")
    child.expect(r"Resume it\?")
    child.send("y")
    child.expect("the call left you")
    child.send("lk\r")  # finishes the half-typed answer, which was kept
    child.expect("On my next call")
    child.send("Pause after the first question\r")
    child.expect("does it sting now")
    child.send("2\r")
    child.expect("Saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    listing = pexpect.run(f"{sys.executable} -m coach --no-pager history --format json",
                          env={**os.environ, "COACH_HOME": str(home)}, encoding="utf-8")
    (record,) = json.loads(listing)
    answers = {path: entry["answer"] for path, entry in record["answers"].items()}
    assert answers["win.win"] == "Real talk"
    assert answers["timing_fit.cause"] == "delivery"
    assert record["next_action"] == "Pause after the first question"
    assert record["sting_before"] == 3 and record["sting_after"] == 2
