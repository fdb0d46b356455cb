"""Finding one record by the start of its id, as the rep types it (`coach show 3f2a`).

One rule for every lookup: the id as typed is compared without the spaces around it and in
any case; an id that is exactly what was typed wins over ids that merely start with it; the same
id found twice (a hand edit) is still one answer, its first copy; and anything else (nothing
typed, nothing found, several found) is a CoachError that says what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, repeat
from pathlib import Path
from typing import Any, TypeVar

from coach.errors import CoachError, StoreError
from coach.store import layout
from coach.store.layout import REFLECTIONS
from coach.store.reading import Reader, WeeksSince

Where = TypeVar("Where")
"""What a lookup gives back with the id it found: the file it is in, the record itself..."""


def one_match(prefix: str, candidates: Iterable[tuple[Where, object]], one: str, many: str,
              listed_by: str = "coach history") -> tuple[Where, str]:
    """Of the `candidates` (each something to give back, and an id), the one whose id is
    `prefix`, or the only one whose id starts with it, and its id; CoachError otherwise.

    `one` and `many` name what is looked for in the messages ("reflection", "reflections"), and
    `listed_by` the command that shows their ids. The candidates are not read at all when
    nothing was typed. Every lookup of a record by its id goes through here (the store's, and
    `coach callbacks done|move` and `coach forget`), so each answers the same way, exit 1.
    """
    wanted = prefix.strip().lower()
    if not wanted:
        raise CoachError(f"Give the id `{listed_by}` shows, or its first few characters.")
    matches = [(where, record_id) for where, record_id in candidates
               if isinstance(record_id, str) and record_id.lower().startswith(wanted)]
    exact = [match for match in matches if match[1].lower() == wanted]
    # The same id twice (a hand edit) is still one answer: the first copy is the one meant.
    for found in (exact, matches):
        if len({record_id for _, record_id in found}) == 1:
            return found[0]
    if not matches:
        raise CoachError(f"No {one} has an id starting with '{prefix.strip()[:40]}'. "
                         f"`{listed_by}` lists them with their ids.")
    shown = ", ".join(record_id[: len(wanted) + 4] for _, record_id in matches[:3])
    more = f" and {len(matches) - 3} more" if len(matches) > 3 else ""
    raise CoachError(f"'{prefix.strip()[:40]}' matches {len(matches)} {many} ({shown}{more}); "
                     "type more of the id.")


def find_reflection(reader: Reader, digests: WeeksSince, prefix: str) -> dict[str, Any]:
    """The one reflection whose id starts with `prefix` (see `one_match`).

    The ids come from the week digests; only the week that holds the one found is read."""
    # Each id with its week, paired by zip: a generator expression would make the lookup some
    # 4% slower, the weeks' ids being tens of thousands.
    every_id = chain.from_iterable(zip(repeat(path), week.ids) for path, week in digests(None))
    path, record_id = one_match(prefix, every_id, "reflection", "reflections")
    for record in reader.read_week(path, REFLECTIONS):
        if record.get("id") == record_id:
            return record
    raise StoreError(f"The reflection {record_id[:12]} is no longer in {path}; another "
                     "coach may have removed it.")


def find_record(reader: Reader, prefix: str) -> tuple[Path, dict[str, Any]]:
    """The one reflection or effort event whose id starts with `prefix` (see `one_match`),
    damaged or not, and the file it is in."""
    (path, record), _ = one_match(prefix, _every_record(reader), "record", "records")
    return path, record


def _every_record(reader: Reader) -> Iterator[tuple[tuple[Path, dict[str, Any]], object]]:
    """Each reflection and effort event as it is stored, damaged or not, with its file; then
    its id. The files are read one at a time, and only as far as the lookup goes."""
    for folder, _ in layout.PARTITIONED.values():
        for path in layout.partitions(reader.home, folder):
            for record in reader.read_week(path, folder, damaged_too=True):
                if isinstance(record, dict):
                    yield (path, record), record.get("id")
