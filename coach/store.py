"""The rep's data on disk: reflections, drafts, effort and small state, through TinyDB.

Layout of the data folder (see docs/records.md):

    reflections/2026-W47.json   finished reflections, one TinyDB file per ISO week
    effort/2026-W47.json        effort events, one file per ISO week
    drafts.json                 unfinished conversations (small, rewritten often)
    state.json                  small counters, such as which response variant comes next
    .lock                       held around every read-modify-write, across processes

Partitioning by week keeps the cost of a save flat however many years of history there are: a
save rewrites one small file, never the whole history.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import filelock
from tinydb import Query, TinyDB

from coach.errors import StoreError
from coach.storage import AtomicJSONStorage, check_json_safe, make_private_folder

REFLECTIONS = "reflections"
EFFORT = "effort"
LOCK_TIMEOUT_SECONDS = 10


def week_of(stamp: str) -> str:
    """The ISO week partition name of an ISO timestamp, e.g. '2026-W47'."""
    try:
        year, week, _ = datetime.fromisoformat(stamp).isocalendar()
    except ValueError:
        raise StoreError(
            f"Cannot file a record dated {stamp!r}: it is not an ISO timestamp."
        ) from None
    return f"{year}-W{week:02d}"


class Store:
    """Reads and writes the rep's records in one data folder."""

    def __init__(self, home: Path) -> None:
        self.home = home
        make_private_folder(home)
        self._lock = filelock.FileLock(
            str(home / ".lock"), timeout=LOCK_TIMEOUT_SECONDS, mode=0o600
        )

    # -- plumbing -------------------------------------------------------------------------------

    def _database(self, path: Path) -> TinyDB:
        return TinyDB(path, storage=AtomicJSONStorage)

    def _locked(self) -> filelock.BaseFileLock:
        return self._lock

    def _write(self, path: Path, table: str, record: dict[str, Any], key: str = "id") -> None:
        """Insert or replace `record` (matched on `key`) in one table, under the lock."""
        check_json_safe(record, f"the {record.get('kind', 'record')}")
        make_private_folder(path.parent)
        try:
            with self._locked():
                database = self._database(path)
                database.table(table).upsert(record, Query()[key] == record[key])
        except filelock.Timeout:
            raise StoreError(
                f"Another coach process has held the lock on {self.home} for over "
                f"{LOCK_TIMEOUT_SECONDS}s. If none is running, `coach doctor` explains how to clear it."
            ) from None

    def _partitions(self, folder: str) -> list[Path]:
        directory = self.home / folder
        if not directory.is_dir():
            return []
        return sorted(directory.glob("*.json"))

    def _read_all(self, folder: str) -> Iterator[dict[str, Any]]:
        for path in self._partitions(folder):
            yield from (dict(document) for document in self._database(path).table(folder).all())

    # -- reflections ----------------------------------------------------------------------------

    def add_reflection(self, record: dict[str, Any]) -> None:
        """Save a finished reflection in the partition of the week it finished."""
        path = self.home / REFLECTIONS / f"{week_of(record['finished'])}.json"
        self._write(path, REFLECTIONS, record)

    def reflections(self) -> list[dict[str, Any]]:
        """Every saved reflection, newest first."""
        records = list(self._read_all(REFLECTIONS))
        records.sort(key=lambda record: str(record.get("finished", "")), reverse=True)
        return records

    # -- effort ---------------------------------------------------------------------------------

    def add_effort(self, record: dict[str, Any]) -> None:
        """Save one effort event in the partition of its week."""
        path = self.home / EFFORT / f"{week_of(record['at'])}.json"
        self._write(path, EFFORT, record)

    def effort_events(self) -> list[dict[str, Any]]:
        """Every logged effort event, oldest first."""
        events = list(self._read_all(EFFORT))
        events.sort(key=lambda event: str(event.get("at", "")))
        return events

    # -- drafts ---------------------------------------------------------------------------------

    def save_draft(self, draft: dict[str, Any]) -> None:
        """Save (or update) an unfinished conversation."""
        self._write(self.home / "drafts.json", "drafts", draft)

    def drafts(self) -> list[dict[str, Any]]:
        """Every unfinished conversation, most recently updated first."""
        found = [dict(d) for d in self._database(self.home / "drafts.json").table("drafts").all()]
        found.sort(key=lambda draft: str(draft.get("updated", "")), reverse=True)
        return found

    def delete_draft(self, draft_id: str) -> None:
        """Forget a draft (it was finished or discarded)."""
        with self._locked():
            database = self._database(self.home / "drafts.json")
            database.table("drafts").remove(Query().id == draft_id)

    # -- small state ----------------------------------------------------------------------------

    def response_counts(self) -> dict[str, int]:
        """How often each response has been said, so its variants rotate across conversations."""
        table = self._database(self.home / "state.json").table("state")
        found = table.get(Query().id == "responses")
        counts = found.get("counts", {}) if isinstance(found, dict) else {}
        return {str(key): int(value) for key, value in counts.items() if isinstance(value, int)}

    def count_responses(self, keys: Iterable[str]) -> None:
        """Add one to the count of each response key that was just said."""
        keys = list(keys)
        if not keys:
            return
        with self._locked():
            counts = self.response_counts()
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
            table = self._database(self.home / "state.json").table("state")
            table.upsert({"id": "responses", "counts": counts}, Query().id == "responses")
