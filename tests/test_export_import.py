"""`coach export`, `coach import` and `coach share`: exact round trips, all-or-nothing imports,
private export files, and one reflection as Markdown."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import FIXED_NOW, coach_at_fixed_time, run_coach
from hypothesis import given, settings
from hypothesis import strategies as st
from sample_records import effort, reflection

from coach.exchange.export import CSV_COLUMNS, for_terminal
from coach.store import jsoncodec
from coach.store.store import Store

TRICKY = {
    "emoji": "Booked 🎉 👨‍👩‍👧",
    "rtl": "قال إنه سيتصل لاحقًا",
    "combining": "Zoe\u0308 n\u0303",
    "controls": "tab\there\nnew line \x1b[31m \u009b",
    "markdown": "*not bold* <script>alert(1)</script> | pipe",
    "formula": "=HYPERLINK(\"http://x\")",
}


coach = coach_at_fixed_time


def fill(home: Path) -> Store:
    store = Store(home)
    for number, (name, text) in enumerate(sorted(TRICKY.items())):
        store.add_reflection(reflection(
            finished=FIXED_NOW - timedelta(days=number * 3), record_id=f"{number:02d}{name}",
            answer=text, lesson=text, values={"ratio": 0.1 + 0.2, "nested": {"list": [1, 2.5]}}))
    store.add_reflection(reflection(finished=FIXED_NOW - timedelta(days=40), record_id="big",
                                    answer="x" * 1_000_000))
    for number in range(6):
        store.add_effort(effort("dials", number + 1, FIXED_NOW - timedelta(days=number * 5),
                                note=TRICKY["formula"] if number == 2 else "",
                                record_id=f"effort{number}"))
    return store


def data_files(home: Path) -> dict[str, bytes]:
    return {str(path.relative_to(home)): path.read_bytes()
            for path in sorted(home.rglob("*.json")) if "backups" not in path.parts}


@pytest.mark.parametrize("kind", ["jsonl", "json"])
def test_export_then_import_round_trips_exactly(tmp_path: Path, kind: str) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    original = fill(first)
    exported = tmp_path / f"export.{kind}"
    assert coach(first, "export", "-o", str(exported))[0] == 0

    code, out, err = coach(second, "import", str(exported))
    assert code == 0, err
    assert "Added 7 reflections and 6 effort entries" in out
    copy = Store(second)
    assert copy.reflections() == original.reflections()
    assert copy.effort_events() == original.effort_events()

    again = tmp_path / f"again.{kind}"
    assert coach(second, "export", "-o", str(again))[0] == 0
    if kind == "jsonl":
        assert again.read_bytes() == exported.read_bytes()
    else:
        assert jsoncodec.decode(again.read_bytes())["records"] == \
            jsoncodec.decode(exported.read_bytes())["records"]


def test_the_json_export_says_what_it_holds(home: Path) -> None:
    fill(home)
    code, out, _ = coach(home, "export", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["format"] == "coach-export" and document["schema"] == 1
    assert document["counts"] == {"reflection": 7, "effort": 6}
    finished = [r["finished"] for r in document["records"] if r["kind"] == "reflection"]
    assert finished == sorted(finished)


def test_import_skips_what_it_has_and_reports_differences(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fill(home)
    exported = tmp_path / "all.jsonl"
    coach(home, "export", "-o", str(exported))
    code, out, _ = coach(home, "import", str(exported))
    assert code == 0
    assert "Nothing new" in out and "Skipped 13 records you already had" in out

    lines = exported.read_text(encoding="utf-8").splitlines()
    changed = json.loads(lines[-1]) | {"count": 999}  # the newest effort entry, "effort0"
    extra = effort(record_id="fresh")
    exported.write_text("\n".join([*lines[:-1], json.dumps(changed), json.dumps(extra)]) + "\n",
                        encoding="utf-8")
    code, out, _ = coach(home, "import", str(exported))
    assert "Added 0 reflections and 1 effort entry" in out
    assert "1 of them differs from your copy (effort0); yours were kept." in out
    counts = {event["id"]: event["count"] for event in Store(home).effort_events()}
    assert counts["effort0"] == 1 and "fresh" in counts


def test_an_older_record_is_migrated_on_import(tmp_path: Path) -> None:
    old = reflection(record_id="legacy")
    del old["schema"]
    source = tmp_path / "old.jsonl"
    source.write_text(json.dumps(old) + "\n", encoding="utf-8")
    code, out, _ = coach(tmp_path / "home", "import", str(source))
    assert code == 0 and "Added 1 reflection and 0 effort entries" in out
    assert Store(tmp_path / "home").find_reflection("legacy")["schema"] == 1


GOOD = json.dumps(effort(record_id="good"))
BAD_FILES = {
    "bad_json_line": (f"{GOOD}\n{{\"kind\": \"effort\",\n{json.dumps(effort(record_id='other'))}\n",
                      "line 2: not valid JSON"),
    "not_a_record": (f"{GOOD}\n[1, 2]\n", "line 2: this is not a record"),
    "no_id": (f"{GOOD}\n" + json.dumps(effort() | {"id": ""}) + "\n", "id: missing"),
    "unknown_kind": (json.dumps([effort(), {"kind": "draft", "id": "d"}]),
                     "record 2 (id d): kind: 'draft' cannot be imported"),
    "newer_schema": (json.dumps(effort() | {"schema": 9}), "uses schema 9"),
    "bad_time": (json.dumps(effort() | {"at": "Tuesday"}), "not an ISO timestamp"),
    "bad_count": (json.dumps(effort() | {"count": "3"}), "count: '3' is not a whole number"),
    "no_playbook": (json.dumps(reflection() | {"playbook": None}), "playbook: needs the id"),
    "empty": ("", "the file is empty"),
    "scalar": ("42", "neither a Coach export nor records"),
    "other_format": (json.dumps({"format": "other", "records": []}), "not a Coach export"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_malformed_import_is_one_line_and_changes_nothing(tmp_path: Path, name: str) -> None:
    home = tmp_path / "home"
    fill(home)
    before = data_files(home)
    content, expected = BAD_FILES[name]
    source = tmp_path / "bad.jsonl"
    source.write_text(content, encoding="utf-8")
    code, out, err = coach(home, "import", str(source))
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert str(source) in err and expected in err and "Nothing was imported" in err
    assert data_files(home) == before


@pytest.mark.parametrize("target", ["missing.jsonl", "."])
def test_importing_a_missing_file_or_a_folder_is_refused(tmp_path: Path, target: str) -> None:
    code, _, err = coach(tmp_path / "home", "import", str(tmp_path / target))
    assert code == 1 and len(err.strip().splitlines()) == 1


def test_a_byte_order_mark_from_an_editor_is_accepted(tmp_path: Path) -> None:
    source = tmp_path / "bom.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + GOOD.encode() + b"\n")
    assert coach(tmp_path / "home", "import", str(source))[0] == 0


def test_since_limits_the_export(home: Path) -> None:
    fill(home)
    code, out, _ = coach(home, "export", "--format", "jsonl", "--since", "7d")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert {record["id"] for record in records} == {
        "00combining", "01controls", "02emoji", "effort0", "effort1"}
    assert coach(home, "export", "--since", "2026-11-19")[0] == 0
    code, _, err = coach(home, "export", "--since", "last spring")
    assert code == 2 and "not a date" in err


def test_export_files_are_private_and_never_replaced_silently(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fill(home)
    target = tmp_path / "out.csv"
    code, out, _ = coach(home, "export", "-o", str(target))
    assert code == 0 and "(csv; readable only by you)" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    code, _, err = coach(home, "export", "-o", str(target))
    assert code == 1 and "already exists" in err and "--force" in err
    assert coach(home, "export", "-o", str(target), "--force", "--format", "md")[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# Coach export")


@pytest.mark.parametrize("place, complaint", [
    ("home/reflections/x.jsonl", "inside Coach's data folder"),
    ("nowhere/x.jsonl", "does not exist"),
    (".", "is a folder"),
])
def test_export_refuses_unsafe_targets(tmp_path: Path, place: str, complaint: str) -> None:
    home = tmp_path / "home"
    fill(home)
    before = data_files(home)
    code, _, err = coach(home, "export", "-o", str(tmp_path / place))
    assert code == 1 and complaint in err
    assert data_files(home) == before


def test_csv_has_one_row_per_record_and_defuses_formulas(home: Path) -> None:
    fill(home)
    csv.field_size_limit(2**31 - 1)  # the 1 MB answer (twice, in the answers JSON) is one cell
    code, out, _ = coach(home, "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 13
    assert tuple(rows[0]) == CSV_COLUMNS
    formula = next(row for row in rows if row["id"] == "03formula")
    assert formula["lesson"] == "'" + TRICKY["formula"]
    assert json.loads(formula["answers"])["what_happened"]["answer"] == TRICKY["formula"]
    assert next(row for row in rows if row["id"] == "effort2")["note"].startswith("'=")
    assert {row["kind"] for row in rows} == {"reflection", "effort"}


def test_markdown_export_shows_effort_per_day_and_each_reflection(home: Path) -> None:
    fill(home)
    code, out, _ = coach(home, "export", "--format", "md")
    assert code == 0
    assert "## Effort per day" in out
    assert "| Day | dials | conversations | meetings | follow-ups | objections |" in out
    assert "\\<script>" in out and "<script>" not in out.replace("\\<script>", "")
    assert "\x1b" not in out


def test_share_prints_one_reflection_as_markdown(home: Path) -> None:
    fill(home)
    code, out, _ = coach(home, "share", "02E")
    assert code == 0
    assert out.startswith("## Debrief a tough call")
    assert TRICKY["emoji"] in out and "What happened on the call?" in out
    code, _, err = coach(home, "share", "0")
    assert code == 1 and "matches 6 reflections" in err
    code, _, err = coach(home, "share", "nope")
    assert code == 1 and "No reflection has an id starting with 'nope'" in err


def test_json_for_a_terminal_keeps_its_meaning() -> None:
    data = jsoncodec.encode({"text": "a\u009bb\u202ec"})
    shown = for_terminal("json", data)
    assert "\u009b" not in shown and "\u202e" not in shown
    assert json.loads(shown) == {"text": "a\u009bb\u202ec"}


def test_export_and_import_through_the_installed_command(tmp_path: Path) -> None:
    home, other = tmp_path / "home", tmp_path / "other"
    fill(home)
    target = tmp_path / "team.jsonl"
    result = subprocess.run([sys.executable, "-m", "coach", "export", "-o", str(target)],
                            env={**os.environ, "COACH_HOME": str(home)}, capture_output=True,
                            text=True, umask=0, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    imported = run_coach(other, "import", str(target))
    assert imported.returncode == 0 and "Added 7 reflections" in imported.stdout
    shared = run_coach(other, "share", "big")
    assert shared.returncode == 0 and shared.stdout.startswith("## ")


def test_history_formats_are_the_export_formats_made_safe_to_print(home: Path) -> None:
    store = fill(home)
    store.add_reflection(reflection(finished=FIXED_NOW - timedelta(days=1), record_id="hidden",
                                    answer="x", lesson="\x1b=HYPERLINK(\"x\")"))
    csv.field_size_limit(2**31 - 1)
    _, exported, _ = coach(home, "export", "--format", "csv")
    _, printed, _ = coach(home, "history", "--format", "csv")
    assert "\r" not in printed and "\x1b" not in printed and "\x9b" not in printed
    rows = list(csv.DictReader(io.StringIO(printed)))
    assert tuple(rows[0]) == CSV_COLUMNS
    by_id = {row["id"]: row for row in csv.DictReader(io.StringIO(exported))}
    hidden = next(row for row in rows if row["id"] == "hidden")
    assert hidden["lesson"] == "'=HYPERLINK(\"x\")"  # the escape byte cannot hide a formula
    assert by_id["hidden"]["lesson"] == "'=HYPERLINK(\"x\")"  # exports are terminal-safe too
    assert {row["id"] for row in rows} == {i for i, row in by_id.items() if row["kind"] == "reflection"}

    _, as_json, _ = coach(home, "history", "--format", "json")
    _, as_lines, _ = coach(home, "history", "--format", "jsonl")
    for text in (as_json, as_lines):
        assert "\x1b" not in text and "\u009b" not in text
    stored = {record["id"]: record for record in store.reflections()}
    assert {record["id"]: record for record in json.loads(as_json)} == stored
    assert {json.loads(line)["id"]: json.loads(line) for line in as_lines.splitlines()} == stored


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=6), _JSON_VALUES, max_size=4), max_size=4))
def test_the_streamed_json_array_is_the_list_encoded_at_once(records: list[dict]) -> None:
    # `coach history --format json` prints a record at a time; the bytes must be those of the
    # whole list, made terminal-safe the same way.
    from coach.exchange.export import json_array
    from coach.safetext import escape_unsafe

    whole = escape_unsafe(jsoncodec.encode(records, indent=True).decode("utf-8") + "\n")
    streamed = b"".join(json_array(records)).decode("utf-8")
    assert streamed == whole
    assert json.loads(streamed) == json.loads(jsoncodec.encode(records))


def test_every_export_format_has_a_renderer_and_its_suffixes_pick_it() -> None:
    from coach.exchange import formats
    from coach.exchange.export import RENDERERS

    assert set(RENDERERS) == set(formats.NAMES)
    for found in formats.FORMATS:
        for suffix in found.suffixes:
            assert formats.by_suffix(f"week{suffix.upper()}") == found.name
    assert formats.by_suffix("week.txt") == formats.by_suffix("week") == formats.DEFAULT
