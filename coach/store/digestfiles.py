"""Week digests on disk (see coach/store/digest.py), in the cache folder's `weeks/` folder:

    weeks/2026.json        the index of every digested week of 2026: per week, its source
                           signature, ids, words, and where each summary sits in its rows file
                           (a cache file: checked header and checksum, plain JSON, never code)
    weeks/2026-W47.rows    the week's summaries, one JSON text after another, no header: the
                           index gives each one's place and CRC-32

One index per year, not per week, so a search over years of history opens a few dozen small
files and not thousands, while a save still rewrites only its own year's index. The store
refreshes a week's digest right after each change to that week, under the folder lock, so
Coach's own saves never leave one stale. A digest whose source no longer matches its week file
(a restore from a backup, a hand edit, a sync) is rebuilt from the file when next read, and
its year's index written again once the read is done. Deleting the whole folder only costs the
time to rebuild it.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from datetime import date, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from coach.store import jsoncodec
from coach.store.cachefile import (
    PART_SUFFIX,
    SUBFOLDERS,
    cache_folder,
    read_cache_bytes,
    write_cache_bytes,
    write_part,
)
from coach.store.digest import Digest, build, from_index, index_of
from coach.store.stamps import LocalZone, local_day, parse_stamp
from coach.store.storage import parse_tables, read_file
from coach.store.validation import sort_out

KIND = "week-digests"
VERSION = 2
"""Bumped whenever what a digest row holds changes (2: the objection book's fields), so the
digests an older Coach made are rebuilt once rather than read without them."""
FOLDER = SUBFOLDERS[0]
ROWS_SUFFIX = PART_SUFFIX
LIMIT = 48 * 1024 * 1024
"""A year's index is a few hundred kilobytes; its 53 weeks of rows are not in it."""


def signature(status: os.stat_result) -> tuple[int, ...]:
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


class _YearIndexes:
    """A cache file per year of week entries (`weeks[week name] -> entry`), read once per pass
    and written back at `close` for each year in which a week was rebuilt. `header` is what a
    file must say besides its version to be used (and is written into each)."""

    def __init__(self, home: Path, kind: str, prefix: str, header: dict[str, Any]) -> None:
        self.folder = cache_folder(home) / FOLDER
        self._kind, self._prefix, self._header = kind, prefix, {"version": VERSION, **header}
        self._years: dict[str, dict[str, Any]] = {}
        self._changed: set[str] = set()

    def _file(self, year: str) -> Path:
        return self.folder / f"{self._prefix}{year}.json"

    def _year(self, year: str) -> dict[str, Any]:
        if year not in self._years:
            payload = read_cache_bytes(self._file(year), self._kind, LIMIT)
            value: Any = None
            if payload is not None:
                try:
                    value = jsoncodec.decode(payload)
                except ValueError:
                    value = None
            fits = isinstance(value, dict) and all(value.get(name) == expected
                                                   for name, expected in self._header.items())
            weeks = value.get("weeks") if fits else None
            self._years[year] = weeks if isinstance(weeks, dict) else {}
        return self._years[year]

    def close(self) -> None:
        """Write the index of every year whose weeks were rebuilt (failing to is no error)."""
        for year in sorted(self._changed):
            write_cache_bytes(self._file(year), self._kind,
                              jsoncodec.encode({**self._header, "weeks": self._years[year]}))
        self._changed.clear()


class Digests(_YearIndexes):
    """The digests of one data folder's weeks, for one pass of reading (a command's read):
    each year's index is read once, and weeks rebuilt on the way are written back at `close`."""

    def __init__(self, home: Path) -> None:
        super().__init__(home, KIND, "", {})
        self._vocabularies: dict[str, set[str]] = {}
        self._matches: dict[tuple[str, str], list[str]] = {}

    def rows_file(self, week_file: Path) -> Path:
        return self.folder / f"{week_file.stem}{ROWS_SUFFIX}"

    def current(self, week_file: Path) -> tuple[Digest, bool]:
        """The digest of `week_file`, and whether it had to be rebuilt from the file.

        Raises what reading the week file raises (DamagedFile, UntrustedPath) when it is."""
        year = week_file.stem.split("-", 1)[0]
        self._leave_other_years(year)
        weeks = self._year(year)
        # A year's words serve its weeks only while every week in it is the one indexed.
        vocabulary = None if year in self._changed else (lambda word: self._matching(year, word))
        found = from_index(weeks.get(week_file.stem), self.rows_file(week_file), vocabulary)
        if found is not None:
            try:
                if found.source == signature(os.stat(week_file)):
                    return found, False
            except OSError:
                pass
        return self.rebuild(week_file), True

    def _leave_other_years(self, year: str) -> None:
        """Weeks are read a year at a time, so the indexes of the other years (unless they
        are to be written) are let go, and a read of decades never holds them all."""
        for other in [known for known in self._years if known != year and known not in self._changed]:
            del self._years[other]
            self._vocabularies.pop(other, None)
        self._matches = {key: found for key, found in self._matches.items() if key[0] == year}

    def _matching(self, year: str, word: str) -> list[str]:
        """The words of the year's index that hold `word` (see Digest.vocabulary)."""
        key = (year, word)
        if key not in self._matches:
            if year not in self._vocabularies:
                vocabulary: set[str] = set()
                for entry in self._years[year].values():
                    words = entry.get("words") if isinstance(entry, dict) else None
                    if isinstance(words, dict):
                        vocabulary.update(words)
                self._vocabularies[year] = vocabulary
            self._matches[key] = [known for known in self._vocabularies[year]
                                  if isinstance(known, str) and word in known]
        return self._matches[key]

    def rebuild(self, week_file: Path) -> Digest:
        """Digest `week_file` again from the file as it is now (its rows file is written now,
        its year's index at `close`)."""
        read = read_file(week_file)
        year = week_file.stem.split("-", 1)[0]
        weeks = self._year(year)
        self._changed.add(year)
        if read is None:
            weeks.pop(week_file.stem, None)
            return Digest([], [], {})
        raw, status = read
        made = build(parse_tables(week_file, raw))
        write_part(self.rows_file(week_file), made.rows or b"")
        made = replace(made, rows_file=self.rows_file(week_file), source=signature(status))
        weeks[week_file.stem] = index_of(made)
        return made



def refresh(home: Path, week_file: Path) -> Digest:
    """Digest `week_file` again now and keep it (after Coach changed the file)."""
    digests = Digests(home)
    try:
        return digests.rebuild(week_file)
    finally:
        digests.close()


EFFORT_KIND = "effort-totals"


def zone_key(zone: tzinfo | None) -> str | None:
    """A name for the rules of `zone` that stays the same across runs, or None if there is
    none (then effort is counted from the events themselves)."""
    if isinstance(zone, ZoneInfo):
        return f"zone:{zone.key}"
    if isinstance(zone, LocalZone):
        return f"local:{'/'.join(time.tzname)}:{time.timezone}:{time.altzone}"
    if isinstance(zone, timezone):
        return f"fixed:{zone.utcoffset(None)}"
    return None


class EffortTotals(_YearIndexes):
    """Each effort week's events added up per local day and type in the rep's zone, indexed a
    year at a time (weeks/effort-2026.json), for reviews that only count per day: a year of
    effort is a few hundred totals instead of tens of thousands of events. Kept like the
    digests: refreshed after each change of a week, rebuilt when a week file changed behind
    Coach's back or the zone is another one."""

    def __init__(self, home: Path, zone: tzinfo | None) -> None:
        self.zone = zone
        self.key = zone_key(zone)
        super().__init__(home, EFFORT_KIND, "effort-", {"zone": self.key})

    def current(self, week_file: Path) -> tuple[list[list[Any]], list[int]]:
        """The totals of `week_file` ([day as an ordinal, type, count]) and the positions of
        the records validation refused; rebuilt from the file if needed."""
        year = week_file.stem.split("-", 1)[0]
        entry = self._year(year).get(week_file.stem)
        if isinstance(entry, dict) and _well_formed(entry):
            try:
                if tuple(entry.get("source") or ()) == signature(os.stat(week_file)):
                    return entry["totals"], entry["skipped"]
            except OSError:
                pass
        return self.rebuild(week_file)

    def rebuild(self, week_file: Path) -> tuple[list[list[Any]], list[int]]:
        year = week_file.stem.split("-", 1)[0]
        weeks = self._year(year)
        self._changed.add(year)
        read = read_file(week_file)
        if read is None:
            weeks.pop(week_file.stem, None)
            return [], []
        raw, status = read
        events = list(parse_tables(week_file, raw).get("effort", {}).values())
        good, damaged = sort_out(events, "effort")
        added: dict[tuple[int, str], int] = {}
        for event in good:
            kind, count, moment = event.get("type"), event.get("count"), parse_stamp(event.get("at"))
            if isinstance(kind, str) and type(count) is int and moment is not None:
                day = local_day(moment, self.zone).toordinal()
                added[(day, kind)] = added.get((day, kind), 0) + count
        totals = [[day, kind, count] for (day, kind), count in sorted(added.items())]
        skipped = [position for position, _ in damaged]
        weeks[week_file.stem] = {"source": list(signature(status)), "totals": totals,
                                 "skipped": skipped}
        return totals, skipped



def _well_formed(entry: dict[str, Any]) -> bool:
    totals, skipped = entry.get("totals"), entry.get("skipped")
    return (isinstance(totals, list) and isinstance(skipped, list)
            and all(type(position) is int for position in skipped)
            and all(isinstance(total, list) and len(total) == 3 and type(total[0]) is int
                    and 1 <= total[0] <= MAX_DAY and isinstance(total[1], str)
                    and type(total[2]) is int for total in totals))


MAX_DAY = date.max.toordinal()


def refresh_effort(home: Path, week_file: Path, zone: tzinfo | None) -> None:
    """Add up `week_file`'s effort again now and keep it (after Coach changed the file)."""
    if zone_key(zone) is None:
        return
    totals = EffortTotals(home, zone)
    try:
        totals.rebuild(week_file)
    finally:
        totals.close()
