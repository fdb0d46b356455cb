"""Bringing stored or imported records up to the current schema, one version at a time.

Every record carries its own `schema` number, so a migration that stops halfway (a crash, a
full disk) is simply run again: records already at the new version are left alone. To change
the schema, add a step to STEPS that turns a version-N record into a version-N+1 record, raise
`coach.store.records.SCHEMA`, and document the change in docs/records.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coach.errors import StoreError
from coach.store.records import SCHEMA

Step = Callable[[dict[str, Any], str], dict[str, Any]]
"""One migration step: a record at version N and the kind its file holds -> the record at N+1."""


def _version_0_to_1(record: dict[str, Any], kind: str) -> dict[str, Any]:
    """Version 0 is what Coach saved before records carried `schema`: the same fields, without
    `schema` and sometimes without `kind`, which the file the record sits in tells us."""
    rest = {key: value for key, value in record.items() if key not in ("schema", "kind")}
    return {"schema": 1, "kind": record.get("kind") or kind, **rest}


STEPS: dict[int, Step] = {0: _version_0_to_1}
"""STEPS[n] migrates a record from version n to n + 1."""


def record_version(record: dict[str, Any]) -> int:
    """The schema version a record was written with (0 when it predates the field)."""
    version = record.get("schema", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise StoreError(f"The record {str(record.get('id', '?'))[:12]} has a schema of "
                         f"{version!r}, which is not a version number.")
    return version


def needs_migration(record: dict[str, Any]) -> bool:
    """True if `record` was written with an older schema than this Coach uses."""
    return record_version(record) < SCHEMA


def migrate_record(record: dict[str, Any], kind: str,
                   steps: dict[int, Step] | None = None, target: int = SCHEMA) -> dict[str, Any]:
    """`record` brought up to version `target`; StoreError if it is newer than this Coach.

    `kind` is the kind of record the surrounding file or export holds ("reflection", "effort",
    "draft"...). `steps` and `target` are for tests of future migrations.

    >>> migrate_record({"id": "a1", "type": "dials", "count": 3}, "effort")["schema"]
    1
    """
    steps = STEPS if steps is None else steps
    version = record_version(record)
    if version > target:
        raise StoreError(f"The record {str(record.get('id', '?'))[:12]} uses schema {version}, "
                         f"but this Coach only knows up to {target}. Upgrade Coach to read it.")
    while version < target:
        record = steps[version](record, kind)
        version += 1
    return record
