"""`coach team report` against hostile team exports: lines nested thousands deep, file names
DuckDB would read as globs, and values of the wrong JSON type that a cast would let through.
Each is refused with one line naming the file, the line and the field, or read exactly."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import coach_at_fixed_time as coach

from coach.review import teamshare
from coach.store.fields import MAX_COUNT
from coach.team import depth

pytest.importorskip("duckdb")

STAMP = "2026-11-20T10:30:00+01:00"
DIALS = {"kind": "effort", "type": "dials", "count": 5, "at": STAMP}
DEBRIEF = {"kind": "reflection", "playbook": "debrief", "variant": "quick", "finished": STAMP,
           "cause": "timing", "sting_before": 6, "sting_after": 3, "win": True,
           "thinking_trap": None, "tags": ["debrief"]}


def _header(rep: str, with_text: bool = False) -> dict[str, object]:
    return {"format": "coach-team-export", "version": 1, "rep": rep, "exported": STAMP,
            "since": None, "with_text": with_text}


def _write(path: Path, *lines: object) -> Path:
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n"
                            for line in lines), encoding="utf-8")
    return path


def _refused(home: Path, *args: str) -> str:
    code, out, err = coach(home, "team", "report", *args)
    assert code == 1 and out == "", (code, out, err)
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err and "unexpected error" not in err, err
    assert "Nothing was reported: ask that rep for a fresh `coach export --team`" in err, err
    return err


# -- 1. depth: bounded on the raw bytes, before DuckDB or orjson parses the line -------------

def _nested(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("field", ["answers", "extra"])
def test_a_line_nested_thousands_deep_is_one_line_naming_file_and_line(
        tmp_path: Path, field: str) -> None:
    line = json.dumps({**DEBRIEF, field: "NESTED"}).replace('"NESTED"', _nested(2000))
    export = _write(tmp_path / "dana.jsonl", _header("dana", with_text=True), DIALS, line)
    err = _refused(tmp_path / "lead", str(export))
    assert err.startswith(f"coach: {export}, line 3: nested deeper than "
                          f"{teamshare.MAX_LINE_DEPTH} levels"), err


def test_depth_counts_brackets_outside_strings_only(tmp_path: Path) -> None:
    most = teamshare.MAX_LINE_DEPTH
    fits = json.dumps({"answers": [{"question": "[{" * 500, "answer": "\\\"[" * 300}],
                       "deep": "NESTED"}).replace('"NESTED"', _nested(most - 1))
    assert depth.too_deep((fits + "\n").encode()) == -1
    too = json.dumps({"deep": "NESTED"}).replace('"NESTED"', _nested(most))
    assert depth.too_deep(f"{fits}\n{fits}\n{too}\n".encode()) == 2
    # A line only one level too deep, far into a file of several blocks, is found by number.
    export = tmp_path / "dana.jsonl"
    many = (depth.BLOCK_BYTES // len(fits)) + 10
    export.write_text(json.dumps(_header("dana")) + "\n" + (fits + "\n") * many + too + "\n",
                      encoding="utf-8")
    assert depth.first_too_deep(export).startswith(f"{export}, line {many + 2}: nested")


def test_shared_answers_within_the_bounds_are_still_quoted(tmp_path: Path) -> None:
    answers = [{"question": f"Question {n} [x] {{y}}?", "answer": f"answer {n}"}
               for n in range(teamshare.MAX_ANSWERS)]
    export = _write(tmp_path / "dana.jsonl", _header("dana", with_text=True), DIALS,
                    {**DEBRIEF, "answers": answers})
    code, out, err = coach(tmp_path / "lead", "team", "report", str(export))
    assert code == 0, err
    assert "Question 199 [x] {y}?" in out


# -- 2. file names: each file read once, by its exact name -----------------------------------

def test_a_file_named_like_a_glob_is_read_by_its_own_name(tmp_path: Path) -> None:
    _write(tmp_path / "dana.jsonl", _header("dana"), DIALS)
    _write(tmp_path / "[d]ana.jsonl", _header("eve"), {**DIALS, "count": 7})
    code, out, err = coach(tmp_path / "lead", "team", "report", str(tmp_path))
    assert code == 0, err
    assert "dana: 5 dials" in out and "eve: 7 dials" in out, out
    assert "the team: 12 dials" in out, out


def test_a_bad_line_is_blamed_on_the_file_that_holds_it(tmp_path: Path) -> None:
    for name in ("d*na", "d?na", "[d]ana", "[!x]ana"):
        _write(tmp_path / f"{name}.jsonl", _header(name), DIALS)
    _write(tmp_path / "dana.jsonl", _header("dana"), DIALS, {**DIALS, "count": MAX_COUNT + 1})
    err = _refused(tmp_path / "lead", str(tmp_path))
    assert err.startswith(f"coach: {tmp_path / 'dana.jsonl'}, line 3: count: not a whole "
                          f"number from 1 to {MAX_COUNT}"), err
    (tmp_path / "dana.jsonl").unlink()
    _write(tmp_path / "[d]ana.jsonl", _header("[d]ana"), {**DIALS, "count": 0})
    err = _refused(tmp_path / "lead", str(tmp_path))
    assert err.startswith(f"coach: {tmp_path / '[d]ana.jsonl'}, line 2: count"), err


def test_a_glob_named_folder_is_read_exactly(tmp_path: Path) -> None:
    folder = tmp_path / "exports [q3]"
    folder.mkdir()
    (tmp_path / "exports q").mkdir()
    _write(tmp_path / "exports q" / "dana.jsonl", _header("dana"), DIALS)
    _write(folder / "dana.jsonl", _header("dana"), {**DIALS, "count": 9})
    code, out, err = coach(tmp_path / "lead", "team", "report", str(folder))
    assert code == 0, err
    assert "dana: 9 dials" in out, out


# -- 3. types: a value must be of its JSON type, not one a cast turns into it ----------------

@pytest.mark.parametrize(("line", "problem"), [
    ({**DIALS, "count": 999.6}, f"count: not a whole number from 1 to {MAX_COUNT}"),
    ({**DIALS, "count": "7"}, "count: not a whole number"),
    ({**DIALS, "count": True}, "count: not a whole number"),
    ({**DIALS, "count": 5.0}, "count: not a whole number"),
    ({**DIALS, "count": 10 ** 30}, "count: not a whole number"),
    ({**DIALS, "note": 5}, "note: too long or not text"),
    ({**DEBRIEF, "sting_before": 10.4}, "sting_before: not a whole number from 0 to 10"),
    ({**DEBRIEF, "sting_after": "3"}, "sting_after: not a whole number from 0 to 10"),
    ({**DEBRIEF, "sting_before": False}, "sting_before: not a whole number"),
    ({**DEBRIEF, "win": "true"}, "win: neither true nor false"),
    ({**DEBRIEF, "win": 1}, "win: neither true nor false"),
    ({**DEBRIEF, "playbook": 5}, "playbook: not text of 1 to 200 characters"),
    ({**DEBRIEF, "cause": 5}, "cause: too long or not text"),
    ({**DEBRIEF, "thinking_trap": ["labelling"]}, "thinking_trap: too long or not text"),
    ({**DEBRIEF, "tags": [1]}, "tags: not a list of at most 50 texts"),
    ({**DEBRIEF, "tags": "debrief"}, "tags: not a list of at most 50 texts"),
], ids=["count fraction", "count text", "count true", "count 5.0", "count huge", "note number",
        "sting fraction", "sting text", "sting false", "win text", "win number",
        "playbook number", "cause number", "trap list", "tag number", "tags text"])
def test_a_value_of_the_wrong_type_is_refused_not_cast(tmp_path: Path, line: object,
                                                       problem: str) -> None:
    export = _write(tmp_path / "dana.jsonl", _header("dana"), DIALS, line)
    err = _refused(tmp_path / "lead", str(export))
    assert err.startswith(f"coach: {export}, line 3: {problem}"), err


def test_nulls_and_the_bounds_themselves_are_read(tmp_path: Path) -> None:
    export = _write(tmp_path / "dana.jsonl", _header("dana"),
                    {**DIALS, "count": MAX_COUNT, "note": None},
                    {**DEBRIEF, "sting_before": teamshare.MAX_STING, "sting_after": None,
                     "win": False, "cause": None, "tags": []},
                    {**DEBRIEF, "sting_before": 0, "sting_after": 0})
    code, out, err = coach(tmp_path / "lead", "team", "report", str(export))
    assert code == 0, err
    assert f"dana: {MAX_COUNT:,} dials" in out, out


@pytest.mark.skipif(os.sep != "/", reason="a backslash separates folders on Windows")
def test_a_name_duckdb_cannot_read_exactly_is_refused_by_name(tmp_path: Path) -> None:
    _write(tmp_path / "b.jsonl", _header("b"), DIALS)
    export = _write(tmp_path / "b\\[a].jsonl", _header("eve"), DIALS)
    code, out, err = coach(tmp_path / "lead", "team", "report", str(export))
    assert code == 1 and out == "" and len(err.splitlines()) == 1, err
    assert err.startswith(f"coach: {export}: the report cannot read a file whose path holds "
                          "both a backslash and one of [ * ?: rename it"), err
