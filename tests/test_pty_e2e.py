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
    child.expect("what happened on the call")
    child.send("Pitched too fast\r")
    child.expect("How much does it sting")
    child.send("3\r")
    child.expect("What went well")
    child.send("They listen")  # half-typed...
    child.sendcontrol("c")  # ...when the phone rings
    child.expect("kept as a draft")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    child = spawn(home, "debrief", "--quick")
    child.expect("You have an unfinished Debrief a tough call")
    child.expect(r"Resume it\?")
    child.send("y")
    child.expect("What went well")
    child.send("ed\r")  # finishes the half-typed answer, which was kept
    child.expect("What would you adjust")
    child.send("3\r")
    child.expect("what will you take")
    child.send("Pause more\r")
    child.expect("What did this call give you")
    child.send("1")
    child.expect("Describe it")
    child.send("Real talk\r")
    child.expect("how much does it sting")
    child.send("2\r")
    child.expect("One next action")
    child.send("Next dial\r")
    child.expect("Saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    listing = pexpect.run(f"{sys.executable} -m coach history --format json",
                          env={**os.environ, "COACH_HOME": str(home)}, encoding="utf-8")
    (record,) = json.loads(listing)
    answers = {path: entry["answer"] for path, entry in record["answers"].items()}
    assert answers["reframe.went_well"] == "They listened"
    assert answers["what_happened"] == "Pitched too fast"
    assert answers["reframe.adjust"] == ["pace"]
    assert record["sting_before"] == 3 and record["sting_after"] == 2
