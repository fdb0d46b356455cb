"""The rep's records on disk: reflections, effort, drafts and small state, through TinyDB.

The folder layout is described in coach/store/layout.py and docs/records.md. Every change happens
under one cross-process lock, inside which the file is read, changed and written back, so two
`coach` processes never lose each other's saves. Each file is copied into backups/ before its
first change of a day, and once a day whatever changed since its last copy is copied too. A
folder written by an older Coach is migrated when it is opened.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from datetime import time as wall_time
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Table

from coach.errors import CoachError, StoreError
from coach.messages import DOCTOR, NO_BACKUP_YET, plural, restore_hint
from coach.store import digest, digestfiles, layout
from coach.store.backups import (
    backup_day,
    latest_backup,
    sweep,
    swept_on,
    take_daily_backup,
    take_snapshot,
)
from coach.store.cachefile import remove_legacy
from coach.store.encryption import check_unchanged, ensure_unlocked
from coach.store.layout import EFFORT, REFLECTIONS, week_of
from coach.store.locking import FolderLock
from coach.store.migrations import migrate_record, needs_migration
from coach.store.ordering import SLACK as SLACK_SECONDS
from coach.store.ordering import in_key_order, in_time_order, streamed, week_bounds
from coach.store.records import SCHEMA
from coach.store.stamps import by_time, stamp_order
from coach.store.storage import (
    AtomicJSONStorage,
    DamagedFile,
    make_private_folder,
    read_tables,
    temporary_files,
    to_json_data,
)
from coach.store.trust import check_folder
from coach.store.validation import sort_out

__all__ = ["EFFORT", "REFLECTIONS", "AddedRecords", "Store", "week_of"]

NOON = wall_time(12)
PROGRESS_AFTER = 1.0
FOUND_BATCH = 2000
"""A search decodes the summaries it found this many at a time (one decode is much faster
than one per week, and a few thousand summaries are a few megabytes)."""
"""Seconds of rebuilding digests after which `Store.progress` hears how far it got."""

TABLE_KINDS = {REFLECTIONS: "reflection", EFFORT: "effort", layout.DRAFTS: "draft"}
"""The record kind each versioned table holds; state and meta belong to the folder's version."""


@dataclass(frozen=True)
class AddedRecords:
    """What `Store.add_records` did: the records it added, and the ones it already had."""

    added: tuple[dict[str, Any], ...]
    already_stored: int
    differing: tuple[str, ...]
    """Ids it already had with different content; the stored version was kept."""


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector out of the way while building many records.

    A full read creates hundreds of thousands of dicts and lists. The collector would walk them
    again and again while they are made, and once more in each younger generation afterwards,
    which costs more than the read itself. So it is paused during the read, and then everything
    is moved straight to the oldest generation (freeze, then unfreeze: that is what the pair
    does), where only the rare full collections look. Records hold no reference cycles;
    reference counting frees them as soon as they are dropped.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _replace_with(record: dict[str, Any]) -> Callable[[MutableMapping[Any, Any]], None]:
    """A TinyDB update that replaces a document's content (TinyDB's own merges fields)."""
    def replace(document: MutableMapping[Any, Any]) -> None:
        document.clear()
        document.update(record)
    return replace


def _with_moments(found: digest.Digest, rows: list[int] | None,
                  summaries: list[dict[str, Any]]) -> list[tuple[float, dict[str, Any]]]:
    moments = found.moments if rows is None else [found.moments[row] for row in rows]
    return list(zip(moments, summaries, strict=True))


def _differing(given: dict[str, dict[str, Any]], stored: list[dict[str, Any]]) -> list[str]:
    """The ids of the `given` records whose stored copy (in `stored`) is not the same."""
    return [record["id"] for record in stored
            if record.get("id") in given and given[record["id"]] != record]


def _one_match(prefix: str, candidates: Sequence[tuple[Path | None, dict[str, Any]]], one: str,
               many: str) -> tuple[Path | None, dict[str, Any]]:
    """The candidate whose id is `prefix`, or the only one whose id starts with it."""
    wanted = prefix.strip().lower()
    if not wanted:
        raise CoachError(f"Give a {one} id, or its first few characters "
                         "(`coach history` shows them).")
    matches = [(path, record) for path, record in candidates
               if isinstance(record.get("id"), str) and record["id"].lower().startswith(wanted)]
    exact = [match for match in matches if match[1]["id"].lower() == wanted]
    # The same id twice (a hand edit) is still one answer: the first copy is the one meant.
    for found in (exact, matches):
        if len({record["id"] for _, record in found}) == 1:
            return found[0]
    if not matches:
        raise CoachError(f"No {one} has an id starting with '{prefix.strip()}'. "
                         "`coach history` lists reflections with their ids.")
    shown = ", ".join(record["id"][: len(wanted) + 4] for _, record in matches[:3])
    more = f" and {len(matches) - 3} more" if len(matches) > 3 else ""
    raise CoachError(f"'{prefix.strip()}' matches {len(matches)} {many} ({shown}{more}); "
                     "type more of the id.")


class Store:
    """Reads and writes the rep's records in one data folder."""

    def __init__(self, home: Path, on_damaged: Callable[[str], None] | None = None,
                 zone: tzinfo | None = None) -> None:
        """`on_damaged` is told, once per record, when a read skips damaged records; `zone`,
        the rep's, is the one effort is counted per day in as it is saved (`effort_counts`)."""
        self.home = home
        self.zone = zone
        self.on_damaged = on_damaged
        self.progress: Callable[[int, int], None] | None = None
        """Told (weeks done, weeks in all) while rebuilding digests takes more than a second."""
        self._damaged_seen: set[tuple[str, str, int]] = set()
        make_private_folder(home)
        # Like ssh with ~/.ssh: a folder someone else could write to is refused before any read.
        check_folder(home)
        # An encrypted folder is opened only once its key is known (coach/store/encryption.py).
        ensure_unlocked(home)
        self._lock = FolderLock(home / layout.LOCK)
        self._open()

    # -- plumbing -------------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the folder's lock (re-entrant within this process)."""
        with self._lock.held():
            yield

    @contextmanager
    def _damage_explained(self) -> Iterator[None]:
        """Turn a DamagedFile into one that names the latest backup of the damaged file."""
        try:
            yield
        except DamagedFile as damage:
            backup = latest_backup(self.home, damage.path)
            hint = NO_BACKUP_YET if backup is None else restore_hint(backup, backup_day(backup))
            raise DamagedFile(damage.path, damage.reason, hint) from None

    @contextmanager
    def _changing(self, path: Path) -> Iterator[Table]:
        """The TinyDB table in `path`, read and written entirely under the lock.

        A fresh TinyDB is opened inside the lock so that TinyDB's read, change and write all
        see the file as it is now, not as another process left it a moment ago.
        """
        make_private_folder(path.parent)
        with self._locked(), self._damage_explained():
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

    def _put(self, path: Path, record: dict[str, Any], kind: str) -> None:
        """Insert `record`, or replace the stored record with the same id, in one write."""
        record = self._valid_record(record, kind)
        with self._changing(path) as table:
            found = table.get(Query().id == record["id"])
            if found is None:
                table.insert(record)
            else:
                table.update(_replace_with(record), doc_ids=[found.doc_id])

    def _read_table(self, path: Path) -> list[dict[str, Any]]:
        with self._damage_explained():
            tables = read_tables(path) or {}
        return list(tables.get(layout.table_name(self.home, path), {}).values())

    def _read_partitioned(self, folder: str, since: datetime | None) -> list[dict[str, Any]]:
        """Every usable record in the week files of a folder that can hold `since` or later."""
        records: list[dict[str, Any]] = []
        with _collection_paused():
            for path in layout.partitions(self.home, folder, since):
                records += self._read_week(path, folder)
        return records

    def _read_week(self, path: Path, folder: str, damaged_too: bool = False) -> list[dict[str, Any]]:
        """The records of one week file, straight from the JSON and without TinyDB's
        per-document copies, which would double the time of a full read.

        This is where every record reaches the views, so records that would break them (a
        year Python cannot count with, a stamp without a zone: see validation.read_problem)
        are left out here, and `on_damaged` hears about them, unless `damaged_too`.
        """
        with self._damage_explained():
            batch = list((read_tables(path) or {}).get(folder, {}).values())
        if damaged_too:
            return batch
        kind = TABLE_KINDS[folder]
        good, damaged = sort_out(batch, kind)
        if damaged:
            self._tell_damaged(kind, [(kind, path.name, position) for position, _ in damaged])
        return good

    def _streamed(self, folder: str, since: datetime | None, newest_first: bool
                  ) -> Iterator[dict[str, Any]]:
        field = layout.PARTITIONED[TABLE_KINDS[folder]][1]
        paths = layout.partitions(self.home, folder, since)
        weeks = ((path, self._read_week(path, folder))
                 for path in (reversed(paths) if newest_first else paths))
        return streamed(weeks, field, since, newest_first)

    def _digests(self, since: datetime | None) -> Iterator[tuple[Path, digest.Digest]]:
        """Each week of reflections that can hold `since` or later, newest first, with its
        digest; digests that are missing or stale are rebuilt on the way (see `progress`)."""
        paths = layout.partitions(self.home, REFLECTIONS, since)
        reader = digestfiles.Digests(self.home)
        try:
            yield from self._each_digest(reader, paths)
        finally:
            reader.close()  # writes the index of each year in which a week was rebuilt

    def _each_digest(self, reader: digestfiles.Digests, paths: list[Path]
                     ) -> Iterator[tuple[Path, digest.Digest]]:
        started, rebuilt = time.monotonic(), 0
        for done, path in enumerate(reversed(paths), 1):
            with self._damage_explained():
                found, fresh = reader.current(path)
            if found.skipped:
                self._tell_damaged("reflection", [("reflection", path.name, position)
                                                  for position in found.skipped])
            if fresh:
                rebuilt += 1
                if self.progress is not None and time.monotonic() - started > PROGRESS_AFTER:
                    self.progress(done, len(paths))
            yield path, found
        if rebuilt and self.progress is not None and time.monotonic() - started > PROGRESS_AFTER:
            self.progress(len(paths), len(paths))

    def build_digests(self) -> None:
        """Bring every week's digest up to date now, so the next read is quick (after an
        import or a migration, which may have changed many weeks)."""
        for _ in self._digests(None):
            pass

    def _tell_damaged(self, kind: str, skipped: list[tuple[str, str, int]]) -> None:
        """Say once per record that it was skipped: a command may read the same weeks twice."""
        new = set(skipped) - self._damaged_seen
        self._damaged_seen |= new
        if new and self.on_damaged is not None:
            what = "reflection" if kind == "reflection" else "effort entry"
            many = "reflections" if kind == "reflection" else "effort entries"
            self.on_damaged(f"Skipped {plural(len(new), 'damaged ' + what, 'damaged ' + many)}; "
                            f"{DOCTOR} lists {'it' if len(new) == 1 else 'them'}.")

    @staticmethod
    def _valid_record(record: dict[str, Any], kind: str) -> dict[str, Any]:
        if not isinstance(record, dict):
            raise StoreError(f"Cannot save a {kind}: it is a {type(record).__name__}, not a record.")
        if not isinstance(record.get("id"), str) or not record["id"]:
            raise StoreError(f"Cannot save a {kind} without an id.")
        return dict(to_json_data(record, f"the {kind}"))

    # -- opening and migrating ------------------------------------------------------------------

    def schema_version(self) -> int | None:
        """The schema version recorded in meta.json (None for a folder from before versions)."""
        for record in self._read_table(layout.single_file(self.home, layout.META)):
            if record.get("id") == "folder" and isinstance(record.get("schema"), int):
                return int(record["schema"])
        return None

    def _open(self) -> None:
        """Bring the folder to the current schema if an older Coach wrote it, then make sure
        every file has a recent backup."""
        if self.schema_version() != SCHEMA:
            self._upgrade()
        # The previous version kept caches here that ran code when read; they go, unread.
        remove_legacy(self.home)
        today = date.today()
        if swept_on(self.home) != today:
            try:
                with self._locked():
                    sweep(self.home, layout.data_files(self.home), today)
            except StoreError:
                # A folder that cannot be written to can still be read; `coach doctor`
                # reports the missing backups.
                pass

    def _upgrade(self) -> None:
        with self._locked():
            version = self.schema_version()
            if version == SCHEMA:
                return  # another process migrated it while we waited
            if version is not None and version > SCHEMA:
                raise StoreError(
                    f"{self.home} was written by a newer Coach (schema {version}; this one knows "
                    f"up to {SCHEMA}). Upgrade Coach; your data has not been changed.")
            self._migrate()
            self._put(layout.single_file(self.home, layout.META),
                      {"id": "folder", "schema": SCHEMA,
                       "migrated": datetime.now().astimezone().isoformat(timespec="seconds")},
                      "folder record")

    def _migrate(self) -> None:
        """Bring every record up to SCHEMA, after a snapshot of every file (called under the lock).

        Every file is checked first, so a damaged one stops the migration before anything
        changes; and every record carries its version, so an interrupted migration resumes.
        """
        files = [path for path in layout.data_files(self.home)
                 if layout.table_name(self.home, path) in TABLE_KINDS]
        stale: list[Path] = []
        with self._damage_explained():
            for path in files:
                records = self._read_table(path)
                if any(needs_migration(record) for record in records):
                    stale.append(path)
        if not stale:
            return
        take_snapshot(self.home, layout.data_files(self.home), f"before-schema-{SCHEMA}",
                      datetime.now())
        for path in stale:
            name = layout.table_name(self.home, path)
            with self._damage_explained():
                tables = read_tables(path) or {}
            tables[name] = {key: migrate_record(record, TABLE_KINDS[name])
                            for key, record in tables.get(name, {}).items()}
            AtomicJSONStorage(path).write(tables)
            self._changed(path)

    # -- reflections ----------------------------------------------------------------------------

    def add_reflection(self, record: dict[str, Any]) -> None:
        """Save a finished reflection in the partition of the week it finished."""
        record = self._valid_record(record, "reflection")
        self._put(layout.partition_of(self.home, "reflection", record), record, "reflection")

    def reflections(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every saved reflection (or those finished at or after `since`), newest first."""
        return in_time_order(self._read_partitioned(REFLECTIONS, since), "finished", since,
                             newest_first=True)

    def each_reflection(self, since: datetime | None = None, *, newest_first: bool = True
                        ) -> Iterator[dict[str, Any]]:
        """The reflections of `reflections()`, read a week at a time: for a command that needs
        the first few, or looks at each once, without holding years of them."""
        return self._streamed(REFLECTIONS, since, newest_first)

    def summaries(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every reflection (or those finished at or after `since`), newest first, without its
        answers (see coach/store/digest.py): for lists, reviews and statistics."""
        with _collection_paused():  # twenty thousand summaries are some 100,000 containers
            keyed = [pair for path, found in self._digests(since)
                     for pair in self._rows(path, found)]
            return in_key_order(keyed, since, newest_first=True)

    def each_summary(self, since: datetime | None = None) -> Iterator[dict[str, Any]]:
        """The summaries of `summaries()`, a week at a time, for the first few or a long list."""
        weeks = ((path, [row for _, row in self._rows(path, found)])
                 for path, found in self._digests(since))
        return streamed(weeks, "finished", since, newest_first=True)

    def _redigest(self, path: Path) -> digest.Digest:
        """The digest of a week file made again from the file (its cached one did not check out)."""
        with self._damage_explained():
            return digestfiles.refresh(self.home, path)

    def _rows(self, path: Path, found: digest.Digest, rows: list[int] | None = None
              ) -> list[tuple[float, dict[str, Any]]]:
        """Summaries from a week's digest (see digest.decoded), each with when it finished; a
        digest whose rows do not decode is rebuilt from its week file, and the same rows are
        found again there."""
        try:
            return _with_moments(found, rows, digest.decoded(found, rows))
        except digest.StaleDigest:
            fresh = self._redigest(path)
            if rows is not None:  # the same reflections, wherever they are in the file now
                wanted = {found.ids[row] for row in rows}
                rows = [row for row, record_id in enumerate(fresh.ids) if record_id in wanted]
            return _with_moments(fresh, rows, digest.decoded(fresh, rows))

    def search(self, text: str, since: datetime | None = None, *, full: bool = False
               ) -> list[dict[str, Any]]:
        """The reflections (finished at or after `since`) with `text` in an answer as the rep
        saw it, in any case, newest first: summaries, or whole records with `full`."""
        return list(self.each_found(text, since, full=full))

    def each_found(self, text: str, since: datetime | None = None, *, full: bool = False
                   ) -> Iterator[dict[str, Any]]:
        """The reflections of `search()`, a few weeks at a time, so printing thousands of hits
        never holds them all.

        The week digests say which reflections hold every word of `text`. For a single word
        that is the answer itself, read from the digests alone; otherwise only the weeks with
        a candidate are read, to check the text as typed.
        """
        needle = text.strip().casefold()
        words = digest.search_words(needle)
        if words is None:
            every = (record for record in self.each_reflection(since)
                     if needle in digest.answer_text(record))
            yield from (every if full else map(digest.summary_of, every))
            return
        yield from streamed(self._found_weeks(since, words, needle, full), "finished", since,
                            newest_first=True)

    def _found_weeks(self, since: datetime | None, words: list[str], needle: str, full: bool
                     ) -> Iterator[tuple[Path, list[dict[str, Any]]]]:
        """Each week with a hit (newest first) and its hits. For a single word, the found rows'
        texts of several weeks are decoded in one go (FOUND_BATCH rows at most)."""
        exact = not full and words == [needle]
        batch: list[tuple[Path, list[bytes], list[str]]] = []
        for path, week, rows in self._candidates(since, words):
            if exact:
                try:
                    batch.append((path, week.texts(rows), [week.ids[row] for row in rows]))
                except digest.StaleDigest:
                    yield from self._decoded_batch(batch, needle)
                    batch = []
                    yield path, [row for _, row in self._rows(path, week, rows)]
                    continue
                if sum(len(ids) for _, _, ids in batch) >= FOUND_BATCH:
                    yield from self._decoded_batch(batch, needle)
                    batch = []
                continue
            records = self._holding(path, needle)
            yield path, records if full else [digest.summary_of(record) for record in records]
        yield from self._decoded_batch(batch, needle)

    def _decoded_batch(self, batch: list[tuple[Path, list[bytes], list[str]]], needle: str
                       ) -> Iterator[tuple[Path, list[dict[str, Any]]]]:
        """The summaries of a batch of weeks' found rows, decoded together, week by week."""
        try:
            decoded = digest.decode_texts([text for _, texts, _ in batch for text in texts],
                                          [found for _, _, ids in batch for found in ids])
        except digest.StaleDigest:
            # Rows that each passed their check yet do not decode together: never believed;
            # those weeks are read in full instead.
            for path, _, _ in batch:
                yield path, [digest.summary_of(record) for record in self._holding(path, needle)]
            return
        position = 0
        for path, _, ids in batch:
            yield path, decoded[position:position + len(ids)]
            position += len(ids)

    def _candidates(self, since: datetime | None, words: list[str]
                    ) -> Iterator[tuple[Path, digest.Digest, list[int]]]:
        """Each week (newest first) with the rows whose answers hold every one of `words`
        inside some word of theirs (see Digest.rows_with), if it has any."""
        for path, week in self._digests(since):
            try:
                rows = week.rows_with(words)
            except digest.StaleDigest:
                week = self._redigest(path)
                rows = week.rows_with(words)
            if rows:
                yield path, week, rows

    def search_ids(self, text: str) -> set[str]:
        """The ids of the reflections `search(text)` finds, without reading their summaries:
        for a single word straight from the week digests' word index (the history browser
        filters as the rep types, and one letter can match most of the history)."""
        needle = text.strip().casefold()
        words = digest.search_words(needle)
        if words is None:
            return {str(record["id"]) for record in self.each_reflection()
                    if needle in digest.answer_text(record)}
        found: set[str] = set()
        for path, week, rows in self._candidates(None, words):
            if words == [needle]:
                found.update(str(week.ids[row]) for row in rows)
            else:
                found.update(str(record["id"]) for record in self._holding(path, needle))
        return found

    def _holding(self, path: Path, needle: str) -> list[dict[str, Any]]:
        """The reflections of one week file with `needle` (case-folded) in an answer."""
        return [record for record in self._read_week(path, REFLECTIONS)
                if needle in digest.answer_text(record)]

    def find_reflection(self, prefix: str) -> dict[str, Any]:
        """The one reflection whose id starts with `prefix`; CoachError if none or several do.

        The ids come from the week digests; only the week that holds the one found is read."""
        wanted = prefix.strip().lower()
        # Only the ids that start right are kept (an empty prefix is refused by _one_match).
        candidates: list[tuple[Path | None, dict[str, Any]]] = [
            (path, {"id": record_id}) for path, week in (self._digests(None) if wanted else ())
            for record_id in week.ids
            if isinstance(record_id, str) and record_id.lower().startswith(wanted)]
        path, row = _one_match(prefix, candidates, "reflection", "reflections")
        assert path is not None
        for record in self._read_week(path, REFLECTIONS):
            if record.get("id") == row["id"]:
                return record
        raise StoreError(f"The reflection {row['id'][:12]} is no longer in {path}; another "
                         "coach may have removed it.")

    def find_record(self, prefix: str) -> tuple[Path, dict[str, Any]]:
        """The one reflection or effort event whose id starts with `prefix`, damaged or not,
        and the file it is in; CoachError if none or several do."""
        wanted = prefix.strip().lower()
        candidates: list[tuple[Path | None, dict[str, Any]]] = []
        # Only the records whose id starts right are kept, a week file at a time.
        for folder, _ in layout.PARTITIONED.values():
            with self._damage_explained():
                for partition in layout.partitions(self.home, folder) if wanted else ():
                    candidates += [
                        (partition, record)
                        for record in (read_tables(partition) or {}).get(folder, {}).values()
                        if isinstance(record, dict) and isinstance(record.get("id"), str)
                        and record["id"].lower().startswith(wanted)]
        found, record = _one_match(prefix, candidates, "record", "records")
        assert found is not None  # every candidate came with its file
        return found, record

    def delete_record(self, path: Path, record_id: str, now: datetime) -> Path | None:
        """Remove the record `record_id` from the data file `path`, after keeping a copy of the
        file in backups/deleted/ (returned). StoreError if it is no longer there."""
        from coach.store.damage import keep_copy  # only a delete needs it

        with self._locked():
            copy = keep_copy(self.home, path, now)
            with self._changing(path) as table:
                removed = table.remove(Query().id == record_id)
        if not removed:
            raise StoreError(f"The record {record_id[:12]} is no longer in {path}; another "
                             "coach may have removed it. Nothing was changed.")
        return copy

    # -- effort ---------------------------------------------------------------------------------

    def add_effort(self, record: dict[str, Any]) -> None:
        """Save one effort event in the partition of its week."""
        record = self._valid_record(record, "effort event")
        self._put(layout.partition_of(self.home, "effort", record), record, "effort event")

    def each_effort_event(self, since: datetime | None = None) -> Iterator[dict[str, Any]]:
        """The events of `effort_events()`, read a week at a time."""
        return self._streamed(EFFORT, since, newest_first=False)

    def effort_counts(self, since: datetime, now: datetime) -> list[dict[str, Any]]:
        """The effort since `since` for reviews that only count it per day and type, in the
        zone of `now`: weeks over by more than two days as one event per day and type (its
        `count` the day's total, at that day's noon), later ones as the events themselves, so
        today's are exact to the second. In no order."""
        zone = now.tzinfo
        if digestfiles.zone_key(zone) is None:
            return self.effort_events(since)
        recent = now.timestamp() - SLACK_SECONDS
        floor = since.timestamp()
        counts: list[dict[str, Any]] = []
        totals = digestfiles.EffortTotals(self.home, zone)
        try:
            for path in layout.partitions(self.home, EFFORT, since):
                bounds = week_bounds(path)
                # The week `since` falls in may hold part of a day: read as events, like the
                # latest weeks.
                if bounds is None or bounds[1] > recent or bounds[0] < floor + SLACK_SECONDS:
                    counts += [event for event in self._read_week(path, EFFORT)
                               if stamp_order(event.get("at")) >= floor]
                    continue
                with self._damage_explained():
                    added, skipped = totals.current(path)
                if skipped:
                    self._tell_damaged("effort", [("effort", path.name, position)
                                                  for position in skipped])
                counts += [{"kind": "effort", "type": kind, "count": count, "at": datetime.combine(
                                date.fromordinal(day), NOON, tzinfo=zone).isoformat()}
                           for day, kind, count in added]
        finally:
            totals.close()
        return counts

    def effort_events(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every logged effort event (or those at or after `since`), oldest first."""
        return in_time_order(self._read_partitioned(EFFORT, since), "at", since,
                             newest_first=False)

    def delete_effort(self, event: dict[str, Any]) -> bool:
        """Remove one logged effort event (matched by id in its week); False if it was not there."""
        path = layout.partition_of(self.home, "effort", event)
        if not path.exists():
            return False
        with self._changing(path) as table:
            return bool(table.remove(Query().id == event.get("id")))

    # -- several records at once ----------------------------------------------------------------

    def add_records(self, records: Iterable[dict[str, Any]]) -> AddedRecords:
        """Add reflections and effort events this store does not have yet (matched by id).

        Used by import: records are grouped by week so each file is written once, and the whole
        merge holds the lock, so a save from another process cannot slip in between.
        """
        incoming = [self._valid_record(record, str(record.get("kind", "record")))
                    for record in records]
        with self._locked():
            # Only the ids of what is stored are held, and the file each is in; a record that
            # is already here is compared with its stored copy afterwards, a week at a time.
            stored: dict[str, Path] = {}
            for folder, _ in layout.PARTITIONED.values():
                for path in layout.partitions(self.home, folder):
                    for record in self._read_week(path, folder, damaged_too=True):
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
                fresh.setdefault(layout.partition_of(self.home, record["kind"], record),
                                 []).append(record)
                added[record["id"]] = record
            for path, given in known.items():
                stored_copies = self._read_week(path, layout.table_name(self.home, path),
                                                damaged_too=True)
                differing += _differing(given, stored_copies)
            for path, batch in fresh.items():
                with self._changing(path) as table:
                    table.insert_multiple(batch)
        return AddedRecords(tuple(added.values()), already, tuple(differing))

    # -- drafts ---------------------------------------------------------------------------------

    def save_draft(self, draft: dict[str, Any]) -> None:
        """Save (or update) an unfinished conversation."""
        self._put(layout.single_file(self.home, layout.DRAFTS), draft, "draft")

    def drafts(self) -> list[dict[str, Any]]:
        """Every unfinished conversation, most recently updated first."""
        found = self._read_table(layout.single_file(self.home, layout.DRAFTS))
        found.sort(key=by_time("updated"), reverse=True)
        return found

    def delete_draft(self, draft_id: str) -> None:
        """Forget a draft (it was finished or discarded)."""
        path = layout.single_file(self.home, layout.DRAFTS)
        if not path.exists():
            return
        with self._changing(path) as table:
            table.remove(Query().id == draft_id)

    # -- small state ----------------------------------------------------------------------------

    def response_counts(self) -> dict[str, int]:
        """How often each response has been said, so its variants rotate across conversations."""
        for record in self._read_table(layout.single_file(self.home, layout.STATE)):
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
        return [record for record in self._read_table(layout.single_file(self.home, layout.STATE))
                if record.get("kind") == "callback"]

    def save_callback_state(self, record: dict[str, Any]) -> None:
        """Save (or replace) the state of one callback; the reflection itself is never changed."""
        self._put(layout.single_file(self.home, layout.STATE), record, "callback state")
