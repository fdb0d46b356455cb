"""`coach patterns` end to end: the sections, the binomial sentence, plain characters only."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_coach, run_real_coach
from lookback_records import a_working_week

from coach.store.store import Store
from coach.views.sections import GLANCE, SECTIONS


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five days: 180 dials and 10 meetings before today, then 25 dials and none today."""
    home = tmp_path_factory.mktemp("patterns") / "home"
    a_working_week(Store(home))
    return home


def test_the_review_has_every_section_and_explains_each_number(week: Path) -> None:
    result = run_coach(week, "patterns")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    # causes, sting, wins, averages, goals, strain, themes, objections, callbacks
    assert len(SECTIONS) == 9
    for title in (GLANCE, *(section.title for section in SECTIONS)):
        assert f"\n{title}" in text, title
    assert ("Today: 0 meetings in 25 dials. At your rate of 1 in 18, a day with this few meetings "
            "happens about 24% of the time (normal variance).") in text
    assert "from 180 dials and 10 meetings" in text
    assert "80% of the 5 \"no\"s you sorted were, as you judged them, about their side" in text
    assert "Were they said on the call, or your best guess?" in text
    assert "the sting went from 6.8 to 4.2, a drop of 2.6 points" in text
    assert '"ask about their timeline first" (5x)' in text


def test_no_colour_and_no_escape_sequences(week: Path) -> None:
    assert "\x1b" not in run_coach(week, "patterns").stdout


def test_an_ascii_terminal_gets_ascii_charts(week: Path) -> None:
    result = run_real_coach(week, "patterns", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert "#" in result.stdout
    result.stdout.encode("ascii")


def test_since_and_until_choose_the_period(week: Path) -> None:
    result = run_coach(week, "patterns", "--since", "1d", "--until", "today")
    assert result.returncode == 0, result.stderr
    assert "(2 days)" in result.stdout.splitlines()[0]


def test_a_period_with_nothing_in_it_says_what_to_do(week: Path) -> None:
    result = run_coach(week, "patterns", "--until", "30d")
    assert result.returncode == 0
    assert "Nothing saved between" in result.stdout and "coach debrief" in result.stdout


def test_since_after_until_is_a_usage_error(week: Path) -> None:
    result = run_coach(week, "patterns", "--since", "today", "--until", "3d")
    assert result.returncode == 2
    assert "is after --until" in result.stderr and len(result.stderr.splitlines()) == 1


def test_sentences_wrap_to_the_terminal_width() -> None:
    from coach.views.text import _bullets

    wrapped = _bullets(["word " * 30], "-", 40)
    assert len(wrapped) > 1 and all(len(line) < 40 for line in wrapped)
    assert wrapped[1].startswith("    ")
    assert _bullets(["word " * 30], "-", 0) == ["  - " + "word " * 30]


def test_the_terminal_markdown_and_html_share_one_title_per_section(
        week: Path, tmp_path: Path) -> None:
    import html

    page = tmp_path / "report.html"
    assert run_coach(week, "report", "--html", str(page)).returncode == 0
    shown = html.unescape(page.read_text(encoding="utf-8"))
    huddle = run_coach(week, "report", "--md").stdout
    for section in SECTIONS:
        assert f"<h2>{section.title}</h2>" in shown, section.title
        assert (f"## {section.title}" in huddle.replace("\\", "")) == bool(section.huddle)
