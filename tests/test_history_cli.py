"""`coach history` and `coach show` end to end: every filter, every format, short ids."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import run_coach
from lookback_records import checkin, days_ago, debrief, reflection

from coach.store.store import Store


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A data folder with five reflections over ten days (ids chosen to test prefixes)."""
    home = tmp_path / "home"
    store = Store(home)
    records: list[dict[str, Any]] = [
        debrief(days_ago(0), 8, 4, "budget", record_id="aaa111" + "0" * 26,
                small_win="Got the buyer's email", answers={"what_happened": "No BUDGET this year"},
                lesson="Ask about budget early"),
        reflection(days_ago(1), "small_win", record_id="aab222" + "0" * 26, small_win="Five minutes of talk",
                   tags=["wins"], answers={"win": "They laughed at my joke"}),
        debrief(days_ago(3), 6, 3, "timing", record_id="b33333" + "0" * 26,
                answers={"what_happened": "Call me in spring", "prospect": "Globex"}),
        checkin(days_ago(5, hour=8), dials=50),
        debrief(days_ago(10), 5, 5, "timing", record_id="c44444" + "0" * 26,
                answers={"what_happened": "<script>alert(1)</script> \x1b[31mred"}),
    ]
    for record in records:
        store.add_reflection(record)
    return home


def lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_history_lists_newest_first_one_line_each(saved: Path) -> None:
    shown = lines(run_coach(saved, "history"))
    assert len(shown) == 5
    assert shown[0].startswith("aaa11100") and "budget" in shown[0]
    assert "sting 8->4" in shown[0] and "win: Got the buyer's email" in shown[0]
    assert shown[-1].startswith("c4444400")


def test_limit_takes_the_newest(saved: Path) -> None:
    shown = lines(run_coach(saved, "history", "-n", "2"))
    assert [line[:6] for line in shown] == ["aaa111", "aab222"]


@pytest.mark.parametrize(("args", "expected"), [
    (("--since", "today"), ["aaa111"]),
    (("--since", "2d"), ["aaa111", "aab222"]),
    (("--since", "4d", "--until", "yesterday"), ["aab222", "b33333"]),
    (("--until", "1w"), ["c44444"]),
    (("--playbook", "small_win"), ["aab222"]),
    (("--cause", "timing"), ["b33333", "c44444"]),
    (("--tag", "wins"), ["aab222"]),
    (("--search", "budget"), ["aaa111"]),
    (("--search", "SPRING"), ["b33333"]),
    (("--cause", "timing", "-n", "1"), ["b33333"]),
])
def test_filters(saved: Path, args: tuple[str, ...], expected: list[str]) -> None:
    assert [line[:6] for line in lines(run_coach(saved, "history", *args))] == expected


def test_an_iso_date_filter(saved: Path) -> None:
    day = days_ago(3).date().isoformat()
    shown = lines(run_coach(saved, "history", "--since", day, "--until", day))
    assert [line[:6] for line in shown] == ["b33333"]


def test_no_match_says_so_and_names_the_known_causes(saved: Path) -> None:
    shown = lines(run_coach(saved, "history", "--cause", "weather"))
    assert "No reflection matches cause:weather (5 saved in all)." in shown[0]
    assert "Known: budget, timing." in shown[1]


def test_empty_history_points_to_the_debrief(tmp_path: Path) -> None:
    assert lines(run_coach(tmp_path / "new", "history")) == [
        "No reflections yet. Start one with `coach debrief`."]


def test_bad_options_are_one_line_usage_errors(saved: Path) -> None:
    for args in (("--since", "soon"), ("-n", "0"), ("-n", "x"), ("--format", "xml")):
        result = run_coach(saved, "history", *args)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_json_keeps_every_stored_field(saved: Path) -> None:
    result = run_coach(saved, "history", "--format", "json", "--cause", "budget")
    records = json.loads(result.stdout)
    assert [record["id"][:6] for record in records] == ["aaa111"]
    assert records[0]["answers"]["what_happened"]["answer"] == "No BUDGET this year"
    assert records[0]["lesson"] == "Ask about budget early"


def test_jsonl_is_one_record_per_line(saved: Path) -> None:
    shown = lines(run_coach(saved, "history", "--format", "jsonl"))
    assert [json.loads(line)["id"][:6] for line in shown] == [
        "aaa111", "aab222", "b33333", json.loads(shown[3])["id"][:6], "c44444"]


def test_json_escapes_terminal_controls_but_keeps_the_text(saved: Path) -> None:
    result = run_coach(saved, "history", "--format", "jsonl", "--cause", "timing", "-n", "5")
    assert "\x1b" not in result.stdout
    record = json.loads(result.stdout.splitlines()[-1])
    assert record["answers"]["what_happened"]["answer"].endswith("\x1b[31mred")


def test_csv_has_a_header_and_the_summary_fields(saved: Path) -> None:
    result = run_coach(saved, "history", "--format", "csv", "-n", "2")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["id"][:6] for row in rows] == ["aaa111", "aab222"]
    assert rows[0]["cause"] == "budget" and rows[0]["sting_before"] == "8"
    assert rows[0]["small_win"] == "Got the buyer's email" and rows[0]["tags"] == "debrief"


def test_csv_defuses_spreadsheet_formulas(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home).add_reflection(debrief(days_ago(1), small_win="=HYPERLINK(\"x\")"))
    rows = list(csv.DictReader(io.StringIO(run_coach(home, "history", "--format", "csv").stdout)))
    assert rows[0]["small_win"] == "'=HYPERLINK(\"x\")"


def test_markdown_is_a_table_with_escaped_text(saved: Path) -> None:
    shown = lines(run_coach(saved, "history", "--format", "md", "-n", "1"))
    assert shown[0].startswith("| Finished | Playbook | Cause |")
    assert len(shown) == 3 and "Got the buyer's email" in shown[2] and "aaa11100" in shown[2]


def test_text_output_has_no_terminal_escapes(saved: Path) -> None:
    result = run_coach(saved, "show", "c4")
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "[31mred" in result.stdout


def test_show_prints_questions_answers_and_responses_in_order(saved: Path) -> None:
    shown = lines(run_coach(saved, "show", "b3"))
    text = "\n".join(shown)
    assert shown[0].startswith("Debrief")
    assert "Id b33333" in text
    assert text.index("Question what_happened?") < text.index("> Call me in spring") < text.index(
        "Question prospect?") < text.index("> Globex")
    assert "What the coach said" in text and "Well done." in text


def test_show_accepts_the_full_id_and_any_case(saved: Path) -> None:
    assert lines(run_coach(saved, "show", "B33333" + "0" * 26))[0].startswith("Debrief")


def test_show_as_json_and_markdown(saved: Path) -> None:
    assert json.loads(run_coach(saved, "show", "aab", "--format", "json").stdout)["playbook"] == "small_win"
    markdown = run_coach(saved, "show", "c44", "--format", "md").stdout
    assert "\\<script>alert(1)\\</script>" in markdown
    assert not re.search(r"(?<!\\)<", markdown)  # every < is escaped


def test_ambiguous_prefix_is_one_line_and_exit_1(saved: Path) -> None:
    result = run_coach(saved, "show", "aa")
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "matches 2 reflections" in result.stderr


def test_unknown_id_is_one_line_and_exit_1(saved: Path) -> None:
    result = run_coach(saved, "show", "ffff")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "No reflection has an id starting with 'ffff'" in result.stderr
