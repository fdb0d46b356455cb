"""The folder's schema version, and migrations that run on open after a snapshot backup."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sample_records import reflection

from coach.errors import StoreError
from coach.store.migrations import migrate_record
from coach.store.records import SCHEMA
from coach.store.store import Store


def _write(path: Path, content: dict[str, Any]) -> bytes:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    raw = json.dumps(content).encode()
    path.write_bytes(raw)
    return raw


def _version_0_folder(home: Path) -> dict[str, bytes]:
    """A folder as Coach wrote it before records carried `schema` (and sometimes `kind`)."""
    old = reflection()
    old.pop("schema")
    old.pop("kind")
    return {
        "reflections/2026-W47.json": _write(home / "reflections" / "2026-W47.json",
                                            {"reflections": {"1": old}}),
        "effort/2026-W47.json": _write(home / "effort" / "2026-W47.json", {"effort": {"1": {
            "id": "e1", "type": "dials", "count": 12, "at": "2026-11-16T09:00:00+01:00",
            "note": ""}}}),
        "drafts.json": _write(home / "drafts.json", {"drafts": {"1": {
            "id": "d1", "playbook": "debrief", "answers": [], "updated": "2026-11-16T09:00:00"}}}),
    }


def test_a_new_folder_records_the_current_schema(home: Path) -> None:
    store = Store(home)
    assert store.schema_version() == SCHEMA
    meta = json.loads((home / "meta.json").read_text())
    assert [entry["schema"] for entry in meta["meta"].values()] == [SCHEMA]


def test_a_version_0_folder_is_migrated_on_open_after_a_snapshot(home: Path) -> None:
    originals = _version_0_folder(home)
    store = Store(home)
    assert store.schema_version() == SCHEMA

    saved = store.reflections()[0]
    assert (saved["schema"], saved["kind"]) == (1, "reflection")
    assert list(saved)[:2] == ["schema", "kind"]
    event = store.effort_events()[0]
    assert (event["schema"], event["kind"], event["count"]) == (1, "effort", 12)
    assert [(d["schema"], d["kind"]) for d in store.drafts()] == [(1, "draft")]

    snapshots = list((home / "backups" / "snapshots").iterdir())
    assert len(snapshots) == 1 and snapshots[0].name.endswith("before-schema-1")
    for relative, raw in originals.items():
        assert (snapshots[0] / relative).read_bytes() == raw


def test_a_folder_already_at_schema_1_without_meta_is_not_rewritten(home: Path) -> None:
    raw = _write(home / "reflections" / "2026-W47.json", {"reflections": {"1": reflection()}})
    Store(home)
    assert (home / "reflections" / "2026-W47.json").read_bytes() == raw
    assert not (home / "backups" / "snapshots").exists()
    assert Store(home).schema_version() == SCHEMA


def test_a_damaged_file_stops_the_migration_before_anything_changes(home: Path) -> None:
    originals = _version_0_folder(home)
    (home / "effort" / "2026-W47.json").write_bytes(b'{"effort": ')
    with pytest.raises(StoreError, match=r"effort/2026-W47\.json is damaged"):
        Store(home)
    assert (home / "reflections" / "2026-W47.json").read_bytes() == \
        originals["reflections/2026-W47.json"]
    assert not (home / "meta.json").exists()
    assert not (home / "backups").exists()


def test_a_folder_from_a_newer_coach_is_refused_untouched(home: Path) -> None:
    raw = _write(home / "meta.json", {"meta": {"1": {"id": "folder", "schema": SCHEMA + 1}}})
    with pytest.raises(StoreError, match="newer Coach"):
        Store(home)
    assert (home / "meta.json").read_bytes() == raw


def test_a_future_migration_step_runs_in_order_and_is_idempotent() -> None:
    def rename_cause(record: dict[str, Any], kind: str) -> dict[str, Any]:
        record = dict(record, schema=2)
        record["reason"] = record.pop("cause", None)
        return record

    steps = {0: lambda record, kind: dict(record, schema=1, kind=kind), 1: rename_cause}
    old = {"id": "r1", "cause": "timing"}
    migrated = migrate_record(old, "reflection", steps, target=2)
    assert migrated == {"id": "r1", "schema": 2, "kind": "reflection", "reason": "timing"}
    assert migrate_record(migrated, "reflection", steps, target=2) == migrated
    with pytest.raises(StoreError, match="only knows up to 1"):
        migrate_record(migrated, "reflection")


def test_a_nonsense_schema_number_is_reported() -> None:
    with pytest.raises(StoreError, match="not a version number"):
        migrate_record({"id": "x", "schema": "one"}, "reflection")
