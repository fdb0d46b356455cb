"""Adding many records at once (an import): which are new, which the folder already has.

Records are matched by id. Only the ids of what is stored are held, and the file each is in; a
record that is already here is compared with its stored copy, a week at a time. The records are
taken in batches (`Merger.take`), so an import of a million records never holds them all; the
new ones of a batch are grouped by week, so that each file is written once per batch (by
coach/store/store.py, which holds the folder's lock over every batch).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from coach.errors import StoreError
from coach.store import layout
from coach.store.reading import Reader

BATCH = 1_000
"""Records taken at once: some weeks of a busy rep's records, a few megabytes of them."""


@dataclass(frozen=True)
class AddedRecords:
    """What `Store.add_records` did: the records it added, and the ones it already had."""

    added: tuple[dict[str, Any], ...]
    """The records added (empty when the caller asked only for `counts`)."""
    already_stored: int
    differing: tuple[str, ...]
    """Ids it already had with different content; the stored version was kept."""
    counts: dict[str, int] = field(default_factory=dict)
    """How many records of each kind were added."""


def batches(records: Iterable[dict[str, Any]], size: int = BATCH
            ) -> Iterator[list[dict[str, Any]]]:
    """`records` a list of at most `size` at a time."""
    each = iter(records)
    while batch := list(islice(each, size)):
        yield batch


class Merger:
    """Sorts valid records (each with an id) into new ones and ones already stored, a batch at
    a time, comparing the latter with their stored copies. Used under the folder's lock, so that
    nothing changes between reading what is stored and writing what is new."""

    def __init__(self, reader: Reader, *, keep_added: bool = True) -> None:
        self._reader = reader
        self._stored: dict[str, Path] = {}
        for folder, _ in layout.PARTITIONED.values():
            for path in layout.partitions(reader.home, folder):
                for record in reader.read_week(path, folder, damaged_too=True):
                    self._stored.setdefault(str(record.get("id")), path)
        self._keep = keep_added
        self._added: list[dict[str, Any]] = []
        self._counts: dict[str, int] = {}
        self._already = 0
        self._differing: list[str] = []

    def take(self, batch: list[dict[str, Any]]) -> dict[Path, list[dict[str, Any]]]:
        """The new records of `batch` by the week file they go in, which the caller writes
        before it takes the next batch; StoreError for a kind no week file holds."""
        fresh: dict[Path, list[dict[str, Any]]] = {}
        added: dict[str, dict[str, Any]] = {}
        known: dict[Path, dict[str, dict[str, Any]]] = {}
        for record in batch:
            where = self._stored.get(record["id"])
            first = added.get(record["id"])
            if where is not None or first is not None:
                self._already += 1
                if where is not None:
                    known.setdefault(where, {})[record["id"]] = record
                elif first != record:  # the same id twice in what is being added
                    self._differing.append(record["id"])
                continue
            if record.get("kind") not in layout.PARTITIONED:
                raise StoreError(f"Cannot add a record of kind {record.get('kind')!r}.")
            path = layout.partition_of(self._reader.home, record["kind"], record)
            fresh.setdefault(path, []).append(record)
            added[record["id"]] = record
        for path, given in known.items():
            stored_copies = self._reader.read_week(
                path, layout.table_name(self._reader.home, path), damaged_too=True)
            self._differing += _differing(given, stored_copies)
        for path, records in fresh.items():
            for record in records:
                # Written before the next batch: a later copy is compared with this one.
                self._stored[record["id"]] = path
                self._counts[record["kind"]] = self._counts.get(record["kind"], 0) + 1
        if self._keep:
            self._added += added.values()
        return fresh

    def outcome(self) -> AddedRecords:
        return AddedRecords(tuple(self._added), self._already, tuple(self._differing),
                            dict(self._counts))


def _differing(given: dict[str, dict[str, Any]], stored: list[dict[str, Any]]) -> list[str]:
    """The ids of the `given` records whose stored copy (in `stored`) is not the same."""
    return [record["id"] for record in stored
            if record.get("id") in given and given[record["id"]] != record]
