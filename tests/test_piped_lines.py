"""A piped line that is not valid text is turned away, and the conversation goes on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_app, run_coach
from scripts import QUICK_DEBRIEF, TOUGH_DEBRIEF, piped

from coach.cli import main
from coach.store.store import Store

NOT_TEXT = "Sorry, that line didn't come through as text (UTF-8)"


# Python decodes a pipe strictly under most locales, and with surrogateescape under the C
# locale; a bad line used to crash the first and fail the save at the end in the second.
@pytest.mark.parametrize("errors", ["strict", "surrogateescape"])
def test_a_line_that_is_not_utf8_mid_debrief_is_refused_and_the_debrief_finishes(
    home: Path, errors: str
) -> None:
    lines = [line.encode("utf-8") for line in TOUGH_DEBRIEF]
    lines.insert(2, b"stupid \xff\xfe in Latin-1: caf\xe9")  # mid-debrief, after the sting
    environment = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1",
                   "PYTHONIOENCODING": f"utf-8:{errors}"}
    result = subprocess.run([sys.executable, "-m", "coach", "debrief"],
                            input=b"".join(line + b"\n" for line in lines),
                            capture_output=True, env=environment, timeout=60, check=False)
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert out.count(NOT_TEXT) == 1 and "Saved" in out
    (record,) = json.loads(run_coach(home, "history", "--format", "json").stdout)
    answers = record["answers"]
    assert len(answers) == len(TOUGH_DEBRIEF)
    assert answers["compassion_first.feeling"]["answer"] == "stupid"  # the line typed again
    assert record["next_action"] == "Dial the next three on the list"


def test_the_home_menu_turns_away_a_line_that_is_not_text(home: Path) -> None:
    # In-process the pipe is text already; undecodable bytes arrive as lone surrogates.
    app = make_app(home, "\udcff\udcfe\n" + "2\n" + piped(QUICK_DEBRIEF) + "q\n")
    code = main([], app)
    out = app.stdout.getvalue()  # type: ignore[attr-defined]
    assert code == 0, app.stderr.getvalue()  # type: ignore[attr-defined]
    assert out.count(NOT_TEXT) == 1
    assert "Saved" in out


def test_a_bad_line_at_a_count_is_asked_again(home: Path) -> None:
    app = make_app(home, "5\n" + "dials\n" + "\udc80\n" + "3\n" + "q\n")
    assert main([], app) == 0, app.stderr.getvalue()  # type: ignore[attr-defined]
    out = app.stdout.getvalue()  # type: ignore[attr-defined]
    assert out.count(NOT_TEXT) == 1
    (event,) = Store(home).effort_events()
    assert event["count"] == 3
