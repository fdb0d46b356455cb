"""`coach report --md`: the week's summary for a team huddle, printed or written to a file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from conftest import run_coach
from lookback_records import NOW, at, debrief
from test_patterns_review import EFFORT, PERIOD, REFLECTIONS

from coach.review.patterns import review
from coach.store.store import Store
from coach.views.markdown import escape, review_document

coach = run_coach


def test_the_summary_carries_the_hand_worked_numbers() -> None:
    text = "\n".join(review_document(review(REFLECTIONS, EFFORT, NOW, PERIOD)))
    assert text.startswith("# Week in calls: 14 Nov to 20 Nov 2026 (7 days)")
    assert "70 dials, 13 conversations, 1 meeting and 5 debriefs." in text
    assert "the sting went from 6.8 to 5.0, a drop of 1.8 points" in text
    assert "| timing | 3 | 60% | +27 pts |" in text
    assert "happens about 24% of the time (normal variance)" in text
    assert "## Strain" in text and "3 tough calls (sting 7 or more) out of 5 debriefs." in text


def test_typed_text_cannot_add_markup() -> None:
    assert escape("**bold** | <b>x</b> [link](y)") == "\\*\\*bold\\*\\* \\| \\<b>x\\</b> \\[link\\](y)"
    assert escape("two\nlines\x1b[2J") == "two lines\\[2J"
    records = [debrief(at("2026-11-19", "10:00"), lesson="<script>x</script>"),
               debrief(at("2026-11-18", "10:00"), lesson="<script>x</script>")]
    text = "\n".join(review_document(review(records, [], NOW, PERIOD)))
    assert '"script x script" (2x)' in text  # phrases keep only the words
    assert not re.search(r"(?<!\\)<", text)


def test_report_md_prints_the_last_seven_days(tmp_path: Path) -> None:
    home = tmp_path / "home"
    now = datetime.now().astimezone()
    store = Store(home)
    store.add_reflection(debrief(now - timedelta(minutes=5), 8, 3, "timing", small_win="Direct line"))
    store.add_reflection(debrief(now - timedelta(days=9), 5, 3, "budget"))
    result = coach(home, "report", "--md")
    assert result.returncode == 0, result.stderr
    assert "(7 days)" in result.stdout.splitlines()[0]
    assert "| timing | 1 | 100% | +100 pts |" in result.stdout
    assert "| budget | 0 | 0% | -100 pts |" in result.stdout  # only in the week before


def test_report_md_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "week.md"
    result = coach(tmp_path / "home", "report", "--md", "-o", str(target), "--since", "2w")
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("# Week in calls:")
    assert "(15 days)" in target.read_text(encoding="utf-8").splitlines()[0]
    assert str(target) in result.stdout
    # The one convention of every written file: an existing one is replaced only with --force.
    again = coach(tmp_path / "home", "report", "--md", "-o", str(target), "--since", "2w")
    assert again.returncode == 1 and "already exists" in again.stderr and "--force" in again.stderr
    target.write_text("mine", encoding="utf-8")
    forced = coach(tmp_path / "home", "report", "--md", "-o", str(target), "--force")
    assert forced.returncode == 0 and target.read_text(encoding="utf-8").startswith("# Week")


def test_report_needs_exactly_one_kind(tmp_path: Path) -> None:
    assert coach(tmp_path, "report").returncode == 2
    assert coach(tmp_path, "report", "--md", "--html", "x.html").returncode == 2
    both = coach(tmp_path, "report", "--html", str(tmp_path / "r.html"), "-o", "x.md")
    assert both.returncode == 2 and "-o goes with --md" in both.stderr


def test_report_md_on_an_ascii_terminal_draws_ascii(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home).add_reflection(debrief(datetime.now().astimezone() - timedelta(minutes=5), 8, 3))
    result = subprocess.run([sys.executable, "-m", "coach", "report", "--md"], capture_output=True,
                            text=True, check=False, timeout=60,
                            env={**os.environ, "COACH_HOME": str(home), "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert "| timing | 1 | 100% | new | `############` |" in result.stdout
