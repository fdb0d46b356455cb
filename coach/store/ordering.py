"""Records in time order: all at once, or streamed a week file at a time in the same order.

Records are ordered by the moment in their timestamp field, never by its text: offsets differ
across travel and daylight saving. A record is filed by the week of its own local time, which
is at most a day away from the same week in UTC, so when the week files are read one after the
other, every record more than a day inside the weeks already read can be handed out: no week
still to be read can hold anything that sorts before it. Streaming that way gives exactly the
order of a full read while only about a week of records is held at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from operator import itemgetter
from pathlib import Path
from typing import Any

from coach.store.stamps import stamp_order

Record = dict[str, Any]
SLACK = timedelta(days=2).total_seconds()
"""More than the widest gap between a local week and the same week in UTC (26 hours)."""


def in_time_order(records: Iterable[Record], field: str, since: datetime | None,
                  newest_first: bool) -> list[Record]:
    """`records` at or after `since`, sorted by the moment in `field`. Each stamp is read
    once, as POSIX seconds, for both the cut and the sort (a float compare, whatever zone
    `since` is in)."""
    keyed = _keyed(records, field, since)
    keyed.sort(key=itemgetter(0), reverse=newest_first)
    return [record for _, record in keyed]


def in_key_order(keyed: list[tuple[float, Record]], since: datetime | None,
                 newest_first: bool) -> list[Record]:
    """Like `in_time_order`, for records that come with their moment already (the digests
    keep it), so no stamp is read again."""
    if since is not None:
        floor = since.timestamp()
        keyed = [pair for pair in keyed if pair[0] >= floor]
    keyed.sort(key=itemgetter(0), reverse=newest_first)
    return [record for _, record in keyed]


def _keyed(records: Iterable[Record], field: str, since: datetime | None) -> list[tuple[float, Record]]:
    keyed = [(stamp_order(record.get(field)), record) for record in records]
    if since is not None:
        floor = since.timestamp()
        keyed = [pair for pair in keyed if pair[0] >= floor]
    return keyed


def week_bounds(week_file: Path) -> tuple[float, float] | None:
    """The first and last moment (POSIX seconds, UTC) of the ISO week a file is named after."""
    try:
        year, week = week_file.stem.split("-W")
        start = datetime.fromisocalendar(int(year), int(week), 1).replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return start.timestamp(), (start + timedelta(days=7)).timestamp()


def streamed(weeks: Iterable[tuple[Path, list[Record]]], field: str, since: datetime | None,
             newest_first: bool) -> Iterator[Record]:
    """The records of `weeks` (each week file with its records, newest week first if
    `newest_first`, else oldest first) at or after `since`, in time order, holding only the
    weeks that can still be overtaken."""
    pending: list[tuple[float, Record]] = []
    for path, records in weeks:
        pending += _keyed(records, field, since)
        pending.sort(key=itemgetter(0), reverse=newest_first)
        bounds = week_bounds(path)
        if bounds is None:
            continue  # not a week's name: hold its records until the end
        if newest_first:
            ready = sum(1 for moment, _ in pending if moment >= bounds[0] + SLACK)
        else:
            ready = sum(1 for moment, _ in pending if moment < bounds[1] - SLACK)
        # `pending` is sorted, so the records that are ready come first.
        for _, record in pending[:ready]:
            yield record
        del pending[:ready]
    for _, record in pending:
        yield record
