"""Adding many records at once (an import): which are new, which the folder already has.

Records are matched by id. Only the ids of what is stored are held, and the file each is in; a
record that is already here is compared with its stored copy afterwards, a week at a time. The
new ones are grouped by week, so that each file is written once (by coach/store/store.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.errors import StoreError
from coach.store import layout
from coach.store.reading import Reader


@dataclass(frozen=True)
class AddedRecords:
    """What `Store.add_records` did: the records it added, and the ones it already had."""

    added: tuple[dict[str, Any], ...]
    already_stored: int
    differing: tuple[str, ...]
    """Ids it already had with different content; the stored version was kept."""


@dataclass(frozen=True)
class Merge:
    """What adding some records comes to: the new ones by the week file they go in, and what
    to report once they are written."""

    fresh: dict[Path, list[dict[str, Any]]]
    outcome: AddedRecords


def merge(reader: Reader, incoming: list[dict[str, Any]]) -> Merge:
    """Sort valid records (each with an id) into new ones and ones already stored, comparing
    the latter with their stored copies; StoreError for a kind no week file holds. Called
    under the folder's lock, so that nothing changes before the new ones are written."""
    stored: dict[str, Path] = {}
    for folder, _ in layout.PARTITIONED.values():
        for path in layout.partitions(reader.home, folder):
            for record in reader.read_week(path, folder, damaged_too=True):
                stored.setdefault(str(record.get("id")), path)
    fresh: dict[Path, list[dict[str, Any]]] = {}
    added: dict[str, dict[str, Any]] = {}
    known: dict[Path, dict[str, dict[str, Any]]] = {}
    already = 0
    differing: list[str] = []
    for record in incoming:
        where = stored.get(record["id"])
        first = added.get(record["id"])
        if where is not None or first is not None:
            already += 1
            if where is not None:
                known.setdefault(where, {})[record["id"]] = record
            elif first != record:  # the same id twice in what is being added
                differing.append(record["id"])
            continue
        if record.get("kind") not in layout.PARTITIONED:
            raise StoreError(f"Cannot add a record of kind {record.get('kind')!r}.")
        fresh.setdefault(layout.partition_of(reader.home, record["kind"], record),
                         []).append(record)
        added[record["id"]] = record
    for path, given in known.items():
        stored_copies = reader.read_week(path, layout.table_name(reader.home, path),
                                         damaged_too=True)
        differing += _differing(given, stored_copies)
    return Merge(fresh, AddedRecords(tuple(added.values()), already, tuple(differing)))


def _differing(given: dict[str, dict[str, Any]], stored: list[dict[str, Any]]) -> list[str]:
    """The ids of the `given` records whose stored copy (in `stored`) is not the same."""
    return [record["id"] for record in stored
            if record.get("id") in given and given[record["id"]] != record]
