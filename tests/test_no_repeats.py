"""Two debriefs in a row with the same answers: the coach says no line of the first one again."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import run_coach
from scripts import TOUGH_DEBRIEF, piped

# The heavy quick debrief: sting 8 (the care line), their timing (no callback date), a win, the
# next call, sting 6.
QUICK_HEAVY = ["8", "timing", "", "Five minutes with the buyer", "Ask about their timeline", "6"]


def coach_lines(output: str) -> list[str]:
    """What the coach said: replies and say lines, without questions, options or the recap.

    The breather's own rhythm ("Breather: breathe in for 4...") is the exercise, not a line of
    the conversation, and the recap repeats the rep's words by design.
    """
    said = []
    skipped = ("[", "Saved", "Breather:")
    for line in output.splitlines():
        text = line.strip()
        if not text or line.startswith("  ") or text.startswith(skipped):
            continue
        said.append(text)
    return said


@pytest.mark.parametrize(("arguments", "answers"), [
    (("debrief", "--quick"), QUICK_HEAVY),
    (("debrief",), TOUGH_DEBRIEF),
])
def test_the_next_debrief_repeats_no_line_of_the_one_before(
    home: Path, arguments: tuple[str, ...], answers: list[str]
) -> None:
    runs = [run_coach(home, *arguments, stdin=piped(answers)) for _ in range(3)]
    assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
    said = [coach_lines(run.stdout) for run in runs]
    assert all(len(lines) >= 4 for lines in said), said
    for before, after in itertools.pairwise(said):
        repeated = set(before) & set(after)
        assert not repeated, f"said again: {sorted(repeated)}"
