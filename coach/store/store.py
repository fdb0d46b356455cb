"""The rep's records on disk: reflections, effort, drafts and small state, through TinyDB.

The folder layout is described in coach/store/layout.py and docs/records.md. Every change happens
under one cross-process lock, inside which the file is read, changed and written back, so two
`coach` processes never lose each other's saves. Each file is copied into backups/ before its
first change of a day, and once a day whatever changed since its last copy is copied too. A
folder written by an older Coach is migrated when it is opened (coach/store/opening.py).

The Store is the one door to it all; the writes are here (the one module importing TinyDB). Beside
it: reading.py (files, week digests), search.py, lookup.py (an id from its start), effortlog.py
(effort per day) and merging.py (what an import adds).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Table

from coach.errors import StoreError
from coach.store import digestfiles, dropbox, effortlog, layout, lookup, merging, opening, search
from coach.store.backups import take_daily_backup
from coach.store.encryption import check_unchanged, ensure_unlocked
from coach.store.layout import EFFORT, REFLECTIONS, week_of
from coach.store.locking import FolderLock
from coach.store.merging import AddedRecords
from coach.store.ordering import in_key_order, in_time_order, streamed
from coach.store.reading import Reader, Weeks, collection_paused
from coach.store.search import FOUND_BATCH
from coach.store.stamps import by_time
from coach.store.storage import (
    AtomicJSONStorage,
    make_private_folder,
    temporary_files,
    to_json_data,
)
from coach.store.trust import check_folder

__all__ = ["EFFORT", "REFLECTIONS", "AddedRecords", "Store", "week_of"]

PROGRESS_AFTER = 1.0
"""Seconds of rebuilding digests after which `Store.progress` hears how far it got."""
# FOUND_BATCH (coach/store/search.py) is looked up here on each search, so a test can shrink it.


def _replace_with(record: dict[str, Any]) -> Callable[[MutableMapping[Any, Any]], None]:
    """A TinyDB update that replaces a document's content (TinyDB's own merges fields)."""
    def replace(document: MutableMapping[Any, Any]) -> None:
        document.clear()
        document.update(record)
    return replace


class Store:
    """Reads and writes the rep's records in one data folder."""

    def __init__(self, home: Path, on_damaged: Callable[[str], None] | None = None,
                 zone: tzinfo | None = None) -> None:
        """`on_damaged` is told, once per record, when a read skips damaged records; `zone`,
        the rep's, is the one effort is counted per day in as it is saved (`effort_counts`)."""
        self.home = home
        self.zone = zone
        self._reader = Reader(home, on_damaged)
        make_private_folder(home)
        # Like ssh with ~/.ssh: a folder someone else could write to is refused before any read.
        check_folder(home)
        # An encrypted folder is opened only once its key is known (coach/store/encryption.py).
        ensure_unlocked(home)
        self._lock = FolderLock(home / layout.LOCK)
        opening.open_folder(self._reader, self._locked, self._put, self._changed)

    @property
    def on_damaged(self) -> Callable[[str], None] | None:
        """Told, once per record, when a read skips damaged records."""
        return self._reader.on_damaged

    @on_damaged.setter
    def on_damaged(self, told: Callable[[str], None] | None) -> None:
        self._reader.on_damaged = told

    @property
    def progress(self) -> Callable[[int, int], None] | None:
        """Told (weeks done, weeks in all) while rebuilding digests takes more than a second."""
        return self._reader.progress

    @progress.setter
    def progress(self, told: Callable[[int, int], None] | None) -> None:
        self._reader.progress = told

    # -- writing --------------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the folder's lock (re-entrant within this process)."""
        with self._lock.held():
            yield

    @contextmanager
    def _changing(self, path: Path) -> Iterator[Table]:
        """The TinyDB table in `path`, read and written entirely under the lock.

        A fresh TinyDB is opened inside the lock so that TinyDB's read, change and write all
        see the file as it is now, not as another process left it a moment ago.
        """
        make_private_folder(path.parent)
        with self._locked(), self._reader.damage_explained():
            # Only a crash can leave temporary files, and no writer is running while we hold
            # the lock, so any that are there are leftovers.
            for leftover in temporary_files(path):
                leftover.unlink(missing_ok=True)
            check_unchanged(self.home)
            take_daily_backup(self.home, path, date.today())
            # Every record reaches a table through _valid_record, which checked its values, and
            # the rest of the file was strict JSON when it was read.
            database = TinyDB(path, storage=AtomicJSONStorage, hold_reads=True,
                              values_checked=True)
            yield database.table(layout.table_name(self.home, path))
            self._changed(path)

    def _changed(self, path: Path) -> None:
        """Bring what is derived from a data file up to date after it changed (under the lock)."""
        if path.parent.parent != self.home:
            return
        if path.parent.name == REFLECTIONS:
            digestfiles.refresh(self.home, path)
        elif path.parent.name == EFFORT and self.zone is not None:
            digestfiles.refresh_effort(self.home, path, self.zone)

    def _put(self, path: Path, record: Mapping[str, Any], kind: str) -> None:
        """Insert `record`, or replace the stored record with the same id, in one write."""
        record = self._valid_record(record, kind)
        with self._changing(path) as table:
            found = table.get(Query().id == record["id"])
            if found is None:
                table.insert(record)
            else:
                table.update(_replace_with(record), doc_ids=[found.doc_id])

    def _remove(self, path: Path, record_id: object) -> bool:
        """Remove the record `record_id` from the data file `path`; False if it was not there."""
        with self._changing(path) as table:
            return bool(table.remove(Query().id == record_id))

    @staticmethod
    def _valid_record(record: Mapping[str, Any], kind: str) -> dict[str, Any]:
        if not isinstance(record, dict):
            raise StoreError(f"Cannot save a {kind}: it is a {type(record).__name__}, "
                             "not a record.")
        if not isinstance(record.get("id"), str) or not record["id"]:
            raise StoreError(f"Cannot save a {kind} without an id.")
        return dict(to_json_data(record, f"the {kind}"))

    # -- week digests ---------------------------------------------------------------------------

    def _digests(self, since: datetime | None) -> Weeks:
        """Each week of reflections that can hold `since` or later, newest first, with its
        digest; digests that are missing or stale are rebuilt on the way (see `progress`)."""
        return self._reader.digests(since, PROGRESS_AFTER)

    def build_digests(self) -> None:
        """Bring every week's digest up to date now, so the next read is quick (after an
        import or a migration, which may have changed many weeks)."""
        for _ in self._digests(None):
            pass

    def schema_version(self) -> int | None:
        """The schema version recorded in meta.json (None for a folder from before versions)."""
        return opening.schema_version(self._reader)

    # -- reflections ----------------------------------------------------------------------------

    def add_reflection(self, record: Mapping[str, Any]) -> None:
        """Save a finished reflection in the partition of the week it finished."""
        record = self._valid_record(record, "reflection")
        self._put(layout.partition_of(self.home, "reflection", record), record, "reflection")

    def reflections(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every saved reflection (or those finished at or after `since`), newest first."""
        return in_time_order(self._reader.read_partitioned(REFLECTIONS, since), "finished",
                             since, newest_first=True)

    def each_reflection(self, since: datetime | None = None, *, newest_first: bool = True
                        ) -> Iterator[dict[str, Any]]:
        """The reflections of `reflections()`, read a week at a time: for a command that needs
        the first few, or looks at each once, without holding years of them."""
        return self._reader.streamed(REFLECTIONS, since, newest_first)

    def summaries(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every reflection (or those finished at or after `since`), newest first, without its
        answers (see coach/store/digest.py): for lists, reviews and statistics."""
        with collection_paused():  # twenty thousand summaries are some 100,000 containers
            keyed = [pair for path, found in self._digests(since)
                     for pair in self._reader.rows(path, found)]
            return in_key_order(keyed, since, newest_first=True)

    def each_summary(self, since: datetime | None = None) -> Iterator[dict[str, Any]]:
        """The summaries of `summaries()`, a week at a time, for the first few or a long list."""
        weeks = ((path, [row for _, row in self._reader.rows(path, found)])
                 for path, found in self._digests(since))
        return streamed(weeks, "finished", since, newest_first=True)

    def search(self, text: str, since: datetime | None = None, *, full: bool = False
               ) -> list[dict[str, Any]]:
        """The reflections (finished at or after `since`) with `text` in an answer as the rep
        saw it, in any case, newest first: summaries, or whole records with `full`."""
        return list(self.each_found(text, since, full=full))

    def each_found(self, text: str, since: datetime | None = None, *, full: bool = False
                   ) -> Iterator[dict[str, Any]]:
        """The reflections of `search()`, a few weeks at a time, so printing thousands of hits
        never holds them all (see coach/store/search.py)."""
        return search.each_found(self._reader, self._digests, text, since, full=full,
                                 batch=FOUND_BATCH)

    def search_ids(self, text: str) -> set[str]:
        """The ids of the reflections `search(text)` finds, without reading their summaries:
        for a single word straight from the week digests' word index (the history browser
        filters as the rep types, and one letter can match most of the history)."""
        return search.found_ids(self._reader, self._digests, text)

    def find_reflection(self, prefix: str) -> dict[str, Any]:
        """The one reflection whose id starts with `prefix`; CoachError if none or several do
        (see coach/store/lookup.py).

        The ids come from the week digests; only the week that holds the one found is read."""
        return lookup.find_reflection(self._reader, self._digests, prefix)

    def find_record(self, prefix: str) -> tuple[Path, dict[str, Any]]:
        """The one reflection or effort event whose id starts with `prefix`, damaged or not,
        and the file it is in; CoachError if none or several do (see coach/store/lookup.py)."""
        return lookup.find_record(self._reader, prefix)

    def delete_record(self, path: Path, record_id: str, now: datetime) -> Path | None:
        """Remove the record `record_id` from the data file `path`, after keeping a copy of the
        file in backups/deleted/ (returned). StoreError if it is no longer there."""
        from coach.store.damage import keep_copy  # only a delete needs it

        with self._locked():
            copy = keep_copy(self.home, path, now)
            removed = self._remove(path, record_id)
        if not removed:
            raise StoreError(f"The record {record_id[:12]} is no longer in {path}; another "
                             "coach may have removed it. Nothing was changed.")
        return copy

    # -- effort ---------------------------------------------------------------------------------

    def add_effort(self, record: Mapping[str, Any]) -> None:
        """Save one effort event in the partition of its week."""
        record = self._valid_record(record, "effort event")
        self._put(layout.partition_of(self.home, "effort", record), record, "effort event")

    def each_effort_event(self, since: datetime | None = None) -> Iterator[dict[str, Any]]:
        """The events of `effort_events()`, read a week at a time."""
        return self._reader.streamed(EFFORT, since, newest_first=False)

    def effort_counts(self, since: datetime, now: datetime) -> list[dict[str, Any]]:
        """The effort since `since` for reviews that only count it per day and type, in the
        zone of `now`: weeks over by more than two days as one event per day and type (its
        `count` the day's total, at that day's noon), later ones as the events themselves, so
        today's are exact to the second. In no order."""
        return effortlog.effort_counts(self._reader, since, now)

    def effort_events(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every logged effort event (or those at or after `since`), oldest first."""
        return effortlog.effort_events(self._reader, since)

    def delete_effort(self, event: dict[str, Any]) -> bool:
        """Remove one logged effort event (matched by id in its week); False if it was not there."""
        path = layout.partition_of(self.home, "effort", event)
        if not path.exists():
            return False
        return self._remove(path, event.get("id"))

    # -- several records at once ----------------------------------------------------------------

    def add_records(self, records: Iterable[dict[str, Any]], *, keep_added: bool = True
                    ) -> AddedRecords:
        """Add reflections and effort events this store does not have yet (matched by id).

        Used by import. `records` is read a batch at a time (coach/store/merging.py), so an
        iterator of a million records is never held whole; each batch's new records are grouped
        by week so each file is written once per batch. The whole merge holds the lock, so a
        save from another process cannot slip in between. Without `keep_added` the outcome
        counts the added records instead of holding them.
        """
        def valid(record: dict[str, Any]) -> dict[str, Any]:
            return self._valid_record(record, str(record.get("kind", "record")))

        if isinstance(records, (list, tuple)):  # held already: all checked before any write
            records = [valid(record) for record in records]
        else:
            records = (valid(record) for record in records)
        with self._locked():
            merger = merging.Merger(self._reader, keep_added=keep_added)
            for batch in merging.batches(records):
                for path, fresh in merger.take(batch).items():
                    with self._changing(path) as table:
                        table.insert_multiple(fresh)
        return merger.outcome()

    def take_in_sealed(self, private: bytes, warn: Callable[[str], None]) -> int:
        """Add what was logged without the passphrase (coach/store/dropbox.py), under the lock;
        how many boxes were taken in."""
        if not dropbox.boxes(self.home):
            return 0
        def add(records: list[dict[str, Any]]) -> None:
            for draft in (record for record in records if record.get("kind") == "draft"):
                self.save_draft(draft)
            self.add_records([record for record in records if record.get("kind") != "draft"],
                             keep_added=False)

        with self._locked():
            return dropbox.take_in(self.home, private, add, warn)

    # -- drafts ---------------------------------------------------------------------------------

    def save_draft(self, draft: Mapping[str, Any]) -> None:
        """Save (or update) an unfinished conversation."""
        self._put(layout.single_file(self.home, layout.DRAFTS), draft, "draft")

    def drafts(self) -> list[dict[str, Any]]:
        """Every unfinished conversation, most recently updated first."""
        found = self._reader.read_table(layout.single_file(self.home, layout.DRAFTS))
        found.sort(key=by_time("updated"), reverse=True)
        return found

    def delete_draft(self, draft_id: str) -> None:
        """Forget a draft (it was finished or discarded)."""
        path = layout.single_file(self.home, layout.DRAFTS)
        if not path.exists():
            return
        self._remove(path, draft_id)

    # -- small state ----------------------------------------------------------------------------

    def response_counts(self) -> dict[str, int]:
        """How often each response has been said, so its variants rotate across conversations."""
        for record in self._reader.read_table(layout.single_file(self.home, layout.STATE)):
            if record.get("id") == "responses" and isinstance(record.get("counts"), dict):
                return {str(key): value for key, value in record["counts"].items()
                        if isinstance(value, int) and not isinstance(value, bool)}
        return {}

    def count_responses(self, keys: Iterable[str]) -> None:
        """Add one to the count of each response key that was just said."""
        keys = list(keys)
        if not keys:
            return
        with self._locked():
            counts = self.response_counts()
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
            self._put(layout.single_file(self.home, layout.STATE),
                      {"id": "responses", "counts": counts}, "response counts")

    # -- callback state -------------------------------------------------------------------------

    def callback_states(self) -> list[dict[str, Any]]:
        """What the rep did with each callback (done, moved), one record per reflection."""
        state = layout.single_file(self.home, layout.STATE)
        return [record for record in self._reader.read_table(state)
                if record.get("kind") == "callback"]

    def save_callback_state(self, record: Mapping[str, Any]) -> None:
        """Save (or replace) the state of one callback; the reflection itself is never changed."""
        self._put(layout.single_file(self.home, layout.STATE), record, "callback state")
