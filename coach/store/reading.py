"""Reading the rep's records for the views: week files, their digests, and the small files.

Everything here only reads, so nothing here takes the folder's lock or opens TinyDB (the writes
are in coach/store/store.py). A damaged file becomes a DamagedFile that names its latest
backup; a record that would break the views is left out, and `on_damaged` hears about it once.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from coach.messages import DOCTOR, NO_BACKUP_YET, plural, restore_hint
from coach.store import digest, digestfiles, layout
from coach.store.backups import backup_day, latest_backup
from coach.store.layout import EFFORT, REFLECTIONS
from coach.store.ordering import streamed
from coach.store.storage import DamagedFile, read_tables
from coach.store.validation import sort_out

TABLE_KINDS = {REFLECTIONS: "reflection", EFFORT: "effort", layout.DRAFTS: "draft"}
"""The record kind each versioned table holds; state and meta belong to the folder's version."""

Weeks = Iterator[tuple[Path, digest.Digest]]
"""Weeks of reflections, newest first, each with its digest (see `Reader.digests`)."""
WeeksSince = Callable[[datetime | None], Weeks]
"""The weeks that can hold reflections finished at or after a moment (`Store._digests`)."""


@contextmanager
def collection_paused() -> Iterator[None]:
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


def _with_moments(found: digest.Digest, rows: list[int] | None,
                  summaries: list[dict[str, Any]]) -> list[tuple[float, dict[str, Any]]]:
    moments = found.moments if rows is None else [found.moments[row] for row in rows]
    return list(zip(moments, summaries, strict=True))


class Reader:
    """Reads the records of one data folder, a file at a time."""

    def __init__(self, home: Path, on_damaged: Callable[[str], None] | None) -> None:
        self.home = home
        self.on_damaged = on_damaged
        """Told, once per record, when a read skips damaged records."""
        self.progress: Callable[[int, int], None] | None = None
        """Told (weeks done, weeks in all) while rebuilding digests takes a while."""
        self._damaged_seen: set[tuple[str, str, int]] = set()

    @contextmanager
    def damage_explained(self) -> Iterator[None]:
        """Turn a DamagedFile into one that names the latest backup of the damaged file."""
        try:
            yield
        except DamagedFile as damage:
            backup = latest_backup(self.home, damage.path)
            hint = NO_BACKUP_YET if backup is None else restore_hint(backup, backup_day(backup))
            raise DamagedFile(damage.path, damage.reason, hint) from None

    def tell_damaged(self, kind: str, skipped: list[tuple[str, str, int]]) -> None:
        """Say once per record that it was skipped: a command may read the same weeks twice."""
        new = set(skipped) - self._damaged_seen
        self._damaged_seen |= new
        if new and self.on_damaged is not None:
            what = "reflection" if kind == "reflection" else "effort entry"
            many = "reflections" if kind == "reflection" else "effort entries"
            self.on_damaged(f"Skipped {plural(len(new), 'damaged ' + what, 'damaged ' + many)}; "
                            f"{DOCTOR} lists {'it' if len(new) == 1 else 'them'}.")

    # -- data files -----------------------------------------------------------------------------

    def read_table(self, path: Path) -> list[dict[str, Any]]:
        """The records of one data file's table, as they are (damaged ones too)."""
        with self.damage_explained():
            tables = read_tables(path) or {}
        return list(tables.get(layout.table_name(self.home, path), {}).values())

    def read_partitioned(self, folder: str, since: datetime | None) -> list[dict[str, Any]]:
        """Every usable record in the week files of a folder that can hold `since` or later."""
        records: list[dict[str, Any]] = []
        with collection_paused():
            for path in layout.partitions(self.home, folder, since):
                records += self.read_week(path, folder)
        return records

    def read_week(self, path: Path, folder: str, damaged_too: bool = False) -> list[dict[str, Any]]:
        """The records of one week file, straight from the JSON and without TinyDB's
        per-document copies, which would double the time of a full read.

        This is where every record reaches the views, so records that would break them (a
        year Python cannot count with, a stamp without a zone: see validation.read_problem)
        are left out here, and `on_damaged` hears about them, unless `damaged_too`.
        """
        with self.damage_explained():
            batch = list((read_tables(path) or {}).get(folder, {}).values())
        if damaged_too:
            return batch
        kind = TABLE_KINDS[folder]
        good, damaged = sort_out(batch, kind)
        if damaged:
            self.tell_damaged(kind, [(kind, path.name, position) for position, _ in damaged])
        return good

    def streamed(self, folder: str, since: datetime | None, newest_first: bool
                 ) -> Iterator[dict[str, Any]]:
        """The usable records of a folder (at or after `since`), in time order, read a week
        at a time."""
        field = layout.PARTITIONED[TABLE_KINDS[folder]][1]
        paths = layout.partitions(self.home, folder, since)
        weeks = ((path, self.read_week(path, folder))
                 for path in (reversed(paths) if newest_first else paths))
        return streamed(weeks, field, since, newest_first)

    # -- week digests ---------------------------------------------------------------------------

    def digests(self, since: datetime | None, progress_after: float) -> Weeks:
        """Each week of reflections that can hold `since` or later, newest first, with its
        digest; digests that are missing or stale are rebuilt on the way, and `progress` hears
        how far that got once it has taken more than `progress_after` seconds."""
        paths = layout.partitions(self.home, REFLECTIONS, since)
        reader = digestfiles.Digests(self.home)
        try:
            yield from self._each_digest(reader, paths, progress_after)
        finally:
            reader.close()  # writes the index of each year in which a week was rebuilt

    def _each_digest(self, reader: digestfiles.Digests, paths: list[Path], progress_after: float
                     ) -> Weeks:
        started, rebuilt = time.monotonic(), 0
        for done, path in enumerate(reversed(paths), 1):
            with self.damage_explained():
                found, fresh = reader.current(path)
            if found.skipped:
                self.tell_damaged("reflection", [("reflection", path.name, position)
                                                 for position in found.skipped])
            if fresh:
                rebuilt += 1
                if self.progress is not None and time.monotonic() - started > progress_after:
                    self.progress(done, len(paths))
            yield path, found
        if rebuilt and self.progress is not None and time.monotonic() - started > progress_after:
            self.progress(len(paths), len(paths))

    def redigest(self, path: Path) -> digest.Digest:
        """The digest of a week file made again from the file (its cached one did not check out)."""
        with self.damage_explained():
            return digestfiles.refresh(self.home, path)

    def rows(self, path: Path, found: digest.Digest, rows: list[int] | None = None
             ) -> list[tuple[float, dict[str, Any]]]:
        """Summaries from a week's digest (see digest.decoded), each with when it finished; a
        digest whose rows do not decode is rebuilt from its week file, and the same rows are
        found again there."""
        try:
            return _with_moments(found, rows, digest.decoded(found, rows))
        except digest.StaleDigest:
            fresh = self.redigest(path)
            if rows is not None:  # the same reflections, wherever they are in the file now
                wanted = {found.ids[row] for row in rows}
                rows = [row for row, record_id in enumerate(fresh.ids) if record_id in wanted]
            return _with_moments(fresh, rows, digest.decoded(fresh, rows))
