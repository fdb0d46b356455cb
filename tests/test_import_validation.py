"""`coach import` checks every record against the schema and refuses a file with any bad one.

Each hostile record below came from an adversarial review (a rep importing a colleague's
export): it must be refused whole, with the field named, and nothing stored.
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from conftest import run_coach
from sample_records import effort, reflection

from coach.exchange.importer import ImportProblem, read_export
from coach.playbook.steps import MAX_ANSWER_CHARS
from coach.store import validation
from coach.store.store import Store


def stored(home: Path) -> dict[str, bytes]:
    """Every data file (not backups or caches), to show nothing changed."""
    return {str(path.relative_to(home)): path.read_bytes() for path in sorted(home.rglob("*.json"))
            if not {"backups", "cache"} & set(path.parts)}


def answers(count: int) -> dict[str, Any]:
    return {f"q{number}": {"question": "Q?", "answer": "a", "type": "text", "shown": "a"}
            for number in range(count)}


HOSTILE: dict[str, tuple[dict[str, Any], str]] = {
    "year 9999": (reflection(record_id="far") | {"finished": "9999-12-31T23:00:00+00:00"},
                  "finished: year 9999 is outside 1970-2999"),
    "year 1": (reflection(record_id="early") | {"finished": "0001-01-01T00:10:00+01:00"},
               "finished: year 1 is outside 1970-2999"),
    "no zone": (reflection(record_id="naive") | {"finished": "2026-11-16T09:00:00"},
                "finished: '2026-11-16T09:00:00' has no time zone offset"),
    "zulu": (effort(record_id="zulu") | {"at": "2026-11-16T09:00:00Z"}, "at: '2026-11-16T09:00:00Z'"),
    "not a day": (reflection(record_id="feb") | {"finished": "2026-02-30T09:00:00+01:00"},
                  "finished: '2026-02-30T09:00:00+01:00' is not a real time"),
    "started after finished": (reflection(record_id="back") | {"started": "2026-11-17T09:00:00+01:00"},
                               "started: later than finished"),
    "sting ten": (reflection(record_id="ten") | {"sting_before": "ten"},
                  "sting_before: 'ten' is not a whole number from 0 to 10"),
    "sting 11": (reflection(record_id="eleven") | {"sting_after": 11}, "sting_after: 11"),
    "small win object": (reflection(record_id="obj") | {"small_win": {"x": 1}},
                         "small_win: is an object, not text"),
    "callback": (reflection(record_id="cb") | {"callback": "someday"},
                 "callback: 'someday' is not a date"),
    "ten megabytes": (reflection(record_id="huge") | {"lesson": "x" * 10_000_000},
                      "lesson: is 10,000,000 characters long, over the 2,000,000 allowed"),
    "300 answers": (reflection(record_id="many") | {"answers": answers(300)},
                    "answers: 300 answers, over the 200 allowed"),
    "answer type": (reflection(record_id="kind") | {"answers": {"a": {
        "question": "Q?", "answer": "x", "type": "script", "shown": "x"}}},
        "answers.a.type: 'script' is not a kind of answer"),
    "tags": (reflection(record_id="tags") | {"tags": ["t"] * 51}, "tags: 51 entries"),
    "values too deep": (reflection(record_id="deep") | {"values": {"a": {"b": {"c": {"d": {
        "e": {"f": {"g": {"h": {"i": 1}}}}}}}}}}, "nested deeper than 8 levels"),
    "variant": (reflection(record_id="var") | {"variant": "long"}, "variant: 'long'"),
    "path id": (reflection(record_id="../../etc/passwd"), "id: '../../etc/passwd' is not a plain id"),
    "count zero": (effort(record_id="zero", count=0), "count: 0 is not a whole number from 1"),
    "count negative": (effort(record_id="minus", count=-4), "count: -4"),
    "count text": (effort(record_id="text") | {"count": "3"}, "count: '3'"),
    "count true": (effort(record_id="true") | {"count": True}, "count: True"),
    "count huge": (effort(record_id="lots", count=10**9), "count: 1000000000"),
    "effort type": (effort(kind="naps", record_id="naps"), "type: 'naps' is not one of dials"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_record_is_refused_whole_naming_the_field(tmp_path: Path, name: str) -> None:
    home = tmp_path / "home"
    Store(home).add_reflection(reflection(record_id="mine"))
    before = stored(home)
    record, expected = HOSTILE[name]
    source = tmp_path / "colleague.jsonl"
    good = json.dumps(effort(record_id="fine"))
    source.write_text(f"{good}\n{json.dumps(record)}\n", encoding="utf-8")
    result = run_coach(home, "import", str(source))
    assert result.returncode == 1 and result.stdout == ""
    assert f"line 2 (id {str(record['id'])[:8]}" in result.stderr, result.stderr
    assert expected in result.stderr and "Nothing was imported" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert stored(home) == before


def test_a_million_answers_are_refused_before_they_are_parsed(tmp_path: Path) -> None:
    entry = '{"question":"Q?","answer":"a","type":"text","shown":"a"}'
    head = json.dumps(reflection(record_id="million") | {"answers": {}})[:-1]
    line = (head.replace('"answers": {}', '"answers": {'
                         + ",".join(f'"q{n}":{entry}' for n in range(1_000_000)) + "}") + "}")
    source = tmp_path / "million.jsonl"
    source.write_text(line + "\n" + json.dumps(effort()) + "\n", encoding="utf-8")
    size = source.stat().st_size
    assert size > validation.MAX_RECORD_BYTES
    tracemalloc.start()
    try:
        with pytest.raises(ImportProblem) as refused:
            read_export(source)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "line 1 (" not in refused.value.message  # never parsed, so no id is known
    assert "line 1: the record is" in refused.value.message and "over the 16 MB" in refused.value.message
    # The file itself is read once; parsing it would take more than ten times its size.
    assert peak < 1.25 * size, f"peak {peak:,} bytes for a file of {size:,}"


def test_ids_twice_in_one_file_are_named_apart_from_records_already_here(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home).add_reflection(reflection(record_id="mine"))
    source = tmp_path / "twice.jsonl"
    lines = [effort(record_id="e1"), reflection(record_id="dup"), effort(record_id="e2"),
             reflection(record_id="dup")]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    before = stored(home)
    result = run_coach(home, "import", str(source))
    assert result.returncode == 1
    assert "line 4 (id dup): appears twice in this file: lines 2 and 4" in result.stderr
    assert stored(home) == before
    # A record that is already stored is still reported as such, and is not a problem.
    source.write_text(json.dumps(reflection(record_id="mine")) + "\n", encoding="utf-8")
    again = run_coach(home, "import", str(source))
    assert again.returncode == 0 and "you already had" in again.stdout


def test_many_problems_are_listed_up_to_five_then_counted(tmp_path: Path) -> None:
    home = tmp_path / "home"
    source = tmp_path / "bad.json"
    records = [effort(record_id=f"e{number}", count=0) for number in range(8)]
    source.write_text(json.dumps({"format": "coach-export", "records": records}), encoding="utf-8")
    result = run_coach(home, "import", str(source))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert "has 8 problems, so nothing was imported" in lines[0]
    assert [line.strip().split(":")[0] for line in lines[1:6]] == [
        f"record {number} (id e{number - 1})" for number in range(1, 6)]
    assert lines[-1].strip() == "... and 3 more."
    assert Store(home).effort_events() == []


def test_a_good_file_is_still_imported_and_round_trips(tmp_path: Path) -> None:
    home = tmp_path / "home"
    source = tmp_path / "good.jsonl"
    records = [reflection(record_id="r1"), effort(record_id="e1", kind="breather", note="118s")]
    source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    result = run_coach(home, "import", str(source))
    assert result.returncode == 0, result.stderr
    assert Store(home).find_reflection("r1") == records[0]


def test_the_text_limit_is_the_one_the_conversation_applies() -> None:
    assert validation.MAX_TEXT_CHARS == MAX_ANSWER_CHARS


@pytest.mark.parametrize("stamp, ok", [
    ("2026-11-20T10:30:00+01:00", True), ("2026-11-20T10:30:00.123456-05:00", True),
    ("1970-01-01T00:00:00+00:00", True), ("2999-12-31T23:59:59+14:00", True),
    ("1969-12-31T23:59:59+00:00", False), ("3000-01-01T00:00:00+00:00", False),
    ("2026-11-20T10:30:00", False), ("2026-11-20", False), ("20261120T103000+0100", False),
    ("2026-11-20T25:00:00+01:00", False), ("  2026-11-20T10:30:00+01:00", False),
])
def test_strict_stamp_takes_only_aware_stamps_in_range(stamp: str, ok: bool) -> None:
    moment = validation.strict_stamp(stamp)
    assert (moment is not None) == ok
    if moment is not None:
        assert moment.tzinfo is not None


def test_a_summary_value_that_does_not_fit_is_not_lifted_into_the_record() -> None:
    assert validation.fits_summary("sting_before", 7)
    assert not validation.fits_summary("sting_before", "ten")
    assert not validation.fits_summary("small_win", {"x": 1})
    assert validation.fits_summary("callback", "2026-12-01")
    assert not validation.fits_summary("callback", "9999-99-99")


def test_a_refusal_never_writes_the_file_s_escape_codes(tmp_path: Path) -> None:
    source = tmp_path / "escapes.jsonl"
    hostile = reflection(record_id="\x1b]0;owned\x07") | {
        "answers": {"\x1b[2J": {"question": "Q?", "answer": "x", "type": "\x1b[31m", "shown": "x"}}}
    source.write_text(json.dumps(hostile) + "\n" + json.dumps(effort()) + "\n", encoding="utf-8")
    result = run_coach(tmp_path / "home", "import", str(source))
    assert result.returncode == 1
    assert "id: " in result.stderr and "answers.?[2J.type" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
