"""Atomic writes: failures leave the old file and no temporary file; values JSON cannot keep
are refused before anything is written; text comes back exactly as it went in."""

from __future__ import annotations

import errno
import math
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sample_records import MONDAY, reflection

from coach.errors import StoreError
from coach.store.storage import check_json_safe, to_json_data, write_atomically
from coach.store.store import Store


def _fail(name: str) -> Any:
    def failing(*_: Any) -> Any:
        raise OSError(errno.ENOSPC, f"No space left on device ({name} failed)")
    return failing


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_a_failed_step_keeps_the_previous_file_and_leaves_no_temporary_file(
        tmp_path: Path, step: str) -> None:
    target = tmp_path / "data.json"
    target.write_bytes(b'{"before": true}')
    with pytest.raises(StoreError) as raised:
        write_atomically(target, '{"after": true}', hooks={step: _fail(step)})
    assert "No space left on device" in raised.value.message
    assert "Nothing was changed" in raised.value.message
    assert target.read_bytes() == b'{"before": true}'
    assert sorted(tmp_path.iterdir()) == [target]


def test_short_writes_are_continued_until_everything_is_written(tmp_path: Path) -> None:
    target = tmp_path / "data.json"
    one_byte_at_a_time = {"write": lambda descriptor, view: os.write(descriptor, view[:1])}
    write_atomically(target, "héllo wörld", hooks=one_byte_at_a_time)
    assert target.read_text(encoding="utf-8") == "héllo wörld"


def test_an_interrupt_during_the_write_also_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "data.json"
    target.write_bytes(b"{}")

    def interrupted(*_: Any) -> int:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, "{}", hooks={"fsync": interrupted})
    assert sorted(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_a_failed_save_through_the_store_keeps_every_saved_reflection(
        home: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    store = Store(home)
    first = reflection()
    store.add_reflection(first)
    partition = next((home / "reflections").glob("*.json"))
    before = partition.read_bytes()
    monkeypatch.setattr(os, step, _fail(step))
    with pytest.raises(StoreError):
        store.add_reflection(reflection())
    monkeypatch.undo()
    assert partition.read_bytes() == before
    assert [record["id"] for record in store.reflections()] == [first["id"]]
    assert not list(home.rglob("*.tmp"))


@pytest.mark.parametrize("value, complaint", [
    (math.nan, "not a number JSON can store"),
    (math.inf, "not a number JSON can store"),
    ({"a", "b"}, "a set is not plain JSON data"),
    (b"bytes", "a bytes is not plain JSON data"),
    ({1: "one"}, "the key 1 is not text"),
    (2**70, "is too large to store"),
    ("half of a pair \udc80", "not valid Unicode"),
    (object(), "is not plain JSON data"),
])
def test_values_json_cannot_keep_are_refused_before_anything_is_written(
        home: Path, value: Any, complaint: str) -> None:
    store = Store(home)
    with pytest.raises(StoreError) as raised:
        store.add_reflection(reflection(answer=value))
    assert complaint in raised.value.message
    assert "(at answers.what_happened.answer)" in raised.value.message  # where the value is
    assert not (home / "reflections").exists() or not list((home / "reflections").iterdir())


def test_dates_and_tuples_are_converted_to_json_text_and_lists(home: Path) -> None:
    store = Store(home)
    store.add_reflection(reflection(callback=date(2026, 12, 1), tags=("debrief", "budget"),
                                    answer=datetime(2026, 11, 16, 9, 30)))
    saved = store.reflections()[0]
    assert saved["callback"] == "2026-12-01"
    assert saved["tags"] == ["debrief", "budget"]
    assert saved["answers"]["what_happened"]["answer"] == "2026-11-16T09:30:00"


def test_deep_nesting_is_refused_cleanly(home: Path) -> None:
    deep: Any = "bottom"
    for _ in range(5000):
        deep = [deep]
    record = reflection()
    record["values"]["deep"] = deep
    with pytest.raises(StoreError, match="nested too deeply"):
        Store(home).add_reflection(record)


def test_plain_json_passes_the_check_unchanged() -> None:
    value = {"a": [1, 2.5, True, None, "x", {"b": "ü"}]}
    check_json_safe(value)
    assert to_json_data(value) == value


TEXTS = {
    "emoji": "Booked 🎉👍🏽 and the family emoji 👨‍👩‍👧 survived",
    "right_to_left": "قال إنه سيتصل لاحقًا — ‏שלום‎ עולם",
    "combining_marks": "Zoë vs Zoe\u0308, n\u0303, a\u0301\u0302\u0323 (not normalised)",
    "controls_and_quotes": 'tab\there "quoted" back\\slash\nnew line',
    "one_megabyte": "long answer " * (1024 * 1024 // 12),
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_text_round_trips_exactly(home: Path, name: str) -> None:
    text = TEXTS[name]
    record = reflection(answer=text, lesson=text)
    Store(home).add_reflection(record)
    # A new Store reads from disk, each time from the JSON itself.
    assert Store(home).reflections() == [record]
    assert Store(home).reflections() == [record]


def test_files_are_utf8_without_escapes(home: Path) -> None:
    Store(home).add_reflection(reflection(answer="Zoë 🎉"))
    raw = next((home / "reflections").glob("*.json")).read_bytes()
    assert "Zoë 🎉".encode() in raw
    assert b"\\u" not in raw


def test_a_record_without_an_id_is_refused(home: Path) -> None:
    with pytest.raises(StoreError, match="without an id"):
        Store(home).add_reflection(reflection() | {"id": ""})


def test_a_reflection_with_a_bad_timestamp_is_refused(home: Path) -> None:
    with pytest.raises(StoreError, match="not an ISO timestamp"):
        Store(home).add_reflection(reflection(finished=MONDAY) | {"finished": "last Tuesday"})
