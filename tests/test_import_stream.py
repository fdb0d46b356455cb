"""`coach import` streams an export: a long history imports back whole, every record is checked
before any is stored, and memory does not grow with the file (timings: bench_roundtrip.py)."""

from __future__ import annotations

import json
import tracemalloc
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import run_coach
from sample_records import MONDAY, effort, reflection

from coach.exchange import importer
from coach.store import jsoncodec, sealing
from coach.store.store import Store


def history(reflections: int, events: int, answer: str = "Asked to call back."
            ) -> list[dict[str, Any]]:
    """Records spread over years, oldest first, with deterministic ids."""
    records = [reflection(MONDAY - timedelta(hours=6 * number), record_id=f"r{number:07d}",
                          answer=f"{answer} {number}") for number in range(reflections)]
    records += [effort("dials", 1 + number % 9, MONDAY - timedelta(hours=5 * number),
                       record_id=f"e{number:07d}") for number in range(events)]
    return records


def data_files(home: Path) -> dict[str, bytes]:
    return {str(path.relative_to(home)): path.read_bytes() for path in sorted(home.rglob("*.json"))
            if not {"backups", "cache"} & set(path.parts)}


@pytest.mark.parametrize("kind", ["jsonl", "json"])
def test_a_few_thousand_records_round_trip_through_export_and_import(tmp_path: Path,
                                                                     kind: str) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    Store(first).add_records(history(2_500, 1_500))
    exported, again = tmp_path / f"all.{kind}", tmp_path / f"again.{kind}"
    assert run_coach(first, "export", "-o", str(exported)).returncode == 0
    result = run_coach(second, "import", str(exported))
    assert result.returncode == 0, result.stderr
    assert "Added 2,500 reflections and 1,500 effort entries" in result.stdout
    assert run_coach(second, "export", "-o", str(again)).returncode == 0
    if kind == "jsonl":
        assert again.read_bytes() == exported.read_bytes()
    else:
        assert jsoncodec.decode(again.read_bytes())["records"] == \
            jsoncodec.decode(exported.read_bytes())["records"]
    assert Store(second).reflections() == Store(first).reflections()
    # Importing it again adds nothing, a batch at a time.
    repeat = run_coach(second, "import", str(exported))
    assert "Nothing new" in repeat.stdout and "Skipped 4,000 records" in repeat.stdout


@pytest.mark.parametrize("kind", ["jsonl", "json"])
def test_a_bad_record_near_the_end_stores_nothing(tmp_path: Path, kind: str) -> None:
    records = history(3_000, 500)
    records[-2] = records[-2] | {"count": 0}  # line 3,499
    source = tmp_path / f"colleague.{kind}"
    if kind == "jsonl":
        source.write_text("".join(json.dumps(record) + "\n" for record in records),
                          encoding="utf-8")
        where = "line 3,499"
    else:
        source.write_text(json.dumps({"format": "coach-export", "records": records}, indent=2),
                          encoding="utf-8")
        where = "record 3,499"
    home = tmp_path / "home"
    Store(home).add_reflection(reflection(record_id="mine"))
    before = data_files(home)
    result = run_coach(home, "import", str(source))
    assert result.returncode == 1
    assert f"{where.replace(',', '')} (id e0000498): count: 0" in result.stderr, result.stderr
    assert "Nothing was imported" in result.stderr
    assert data_files(home) == before


def test_a_pretty_printed_or_compact_json_document_is_read_a_record_at_a_time(
        tmp_path: Path) -> None:
    records = history(30, 20)
    for name, text in [("compact", json.dumps({"records": records, "format": "coach-export"})),
                       ("list", json.dumps(records, indent=4)),
                       ("one", json.dumps(records[0], indent=1))]:
        source = tmp_path / f"{name}.json"
        source.write_text(text, encoding="utf-8")
        read = importer.read_export(source)
        assert read == (records if name != "one" else records[:1]), name


@pytest.mark.parametrize("text, expected", [
    ('[{"kind": "effort"} {"kind": "effort"}]', "expected , or ]"),
    ('{"format": "coach-export", "records": [1, 2', "not valid JSON"),
    ('{"records": [], "format": "other"}', "'other' file, not a Coach export"),
    ('[{"kind": "effort", "count": NaN}]', "not valid JSON"),
    ('[] []', "more after the end"),
    ('{"format": "coach-export", "records": [],}', "expected \""),
    ('[\n{"kind": "effort",\n "count": }]', "Expecting value at line 3"),
])
def test_a_broken_json_document_is_refused_whole(tmp_path: Path, text: str,
                                                 expected: str) -> None:
    source = tmp_path / "broken.json"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(importer.ImportProblem) as refused:
        importer.read_export(source)
    assert expected in refused.value.message and "Nothing was imported" in refused.value.message


def test_a_file_changed_between_the_check_and_the_adding_stops_there(tmp_path: Path) -> None:
    source = tmp_path / "moving.jsonl"
    records = history(5, 0)
    source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    with importer.Export(source) as export:
        assert export.check() == 5
        source.write_text(json.dumps(records[0] | {"sting_before": 99}) + "\n", encoding="utf-8")
        with pytest.raises(importer.ImportProblem, match="changed while it was being imported"):
            list(export.records())


def test_the_sealed_export_mark_is_the_one_sealing_writes() -> None:
    assert sealing.seal_export.__module__ == "coach.store.sealing"
    assert importer.EXPORT_MAGIC == sealing.EXPORT_MAGIC == b"COACH-EXPORT-1\n"


def test_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    Store(first).add_records(history(20_000, 0, answer="x" * 2_000))
    exported = tmp_path / "all.jsonl"
    assert run_coach(first, "export", "-o", str(exported)).returncode == 0
    size = exported.stat().st_size
    assert size > 60 * 2**20
    tracemalloc.start()
    try:
        result = run_coach(second, "import", str(exported))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.returncode == 0, result.stderr
    assert "Added 20,000 reflections" in result.stdout
    # Reading the whole file took its size, and parsing every record several times more; a
    # stream holds a batch of records (and the week files being written), whatever its length.
    assert peak < size / 2, f"peak {peak:,} bytes for a file of {size:,}"
