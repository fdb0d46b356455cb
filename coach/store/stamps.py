"""Stored timestamps as moments: reading them, ordering by them, and the local day of a moment.

Every record's timestamp is ISO 8601 text with the offset of the moment it was saved
(`2026-03-29T09:00:00+02:00`). Text order is not time order once offsets differ (travel, a
daylight-saving change), so everything that sorts, compares or files records by time goes
through here. This module is pure standard library and cheap to import: the store, the review
and the views all use it.

The rep's zone is a `tzinfo` with the rules of a place, never a fixed offset: `LOCAL` (the
system's zone, honouring TZ) unless a `timezone` setting names another (coach/store/config.py).
Each moment is converted with the offset its own instant had there, so a time from before a
daylight-saving change is shown as the clock on the wall showed it then.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, timezone, tzinfo
from datetime import time as wall_time
from typing import Any

_UTC = timezone.utc


def _offset_at(seconds: float) -> int:
    """The system zone's UTC offset in seconds at a POSIX instant (today's, if out of range)."""
    try:
        return time.localtime(seconds).tm_gmtoff
    except (OverflowError, OSError, ValueError):
        return time.localtime().tm_gmtoff


DAY_SECONDS = 86_400


class LocalZone(tzinfo):
    """The system's local time zone with all its rules (DST included), asked per instant.

    `datetime.now().astimezone()` carries only today's offset; converting a March moment with
    it in July puts it an hour off. This asks the operating system (which honours TZ) for the
    offset of each instant instead.
    """

    def __init__(self) -> None:
        super().__init__()
        self._steady: dict[int, timedelta | None] = {}
        """Per UTC day: its one offset, or None if the offset changes that day."""
        self._rules: tuple[object, ...] = ()

    def _seconds(self, moment: datetime) -> float:
        # A naive datetime's timestamp() reads it as local time, fold included.
        try:
            return moment.replace(tzinfo=None).timestamp()
        except (OverflowError, OSError, ValueError):
            return time.time()

    def utcoffset(self, moment: datetime | None) -> timedelta:
        seconds = time.time() if moment is None else self._seconds(moment)
        return timedelta(seconds=_offset_at(seconds))

    def dst(self, moment: datetime | None) -> timedelta:
        seconds = time.time() if moment is None else self._seconds(moment)
        try:
            return timedelta(hours=1) if time.localtime(seconds).tm_isdst > 0 else timedelta(0)
        except (OverflowError, OSError, ValueError):
            return timedelta(0)

    def tzname(self, moment: datetime | None) -> str:
        seconds = time.time() if moment is None else self._seconds(moment)
        try:
            return time.localtime(seconds).tm_zone
        except (OverflowError, OSError, ValueError):
            return time.strftime("%Z")

    def fromutc(self, moment: datetime) -> datetime:
        seconds = moment.replace(tzinfo=_UTC).timestamp()
        # Most UTC days hold no change of offset: for those the offset is asked once per day
        # (a long list converts thousands of moments). A day with a change is asked per moment.
        rules: tuple[object, ...] = (time.tzname, time.timezone, time.altzone)
        if rules != self._rules:
            self._steady.clear()
            self._rules = rules
        day = int(seconds // DAY_SECONDS)
        if day not in self._steady:
            first, last = _offset_at(day * DAY_SECONDS), _offset_at((day + 1) * DAY_SECONDS - 1)
            self._steady[day] = timedelta(seconds=first) if first == last else None
        steady = self._steady[day]
        if steady is not None:
            return moment + steady
        offset = timedelta(seconds=_offset_at(seconds))
        wall = moment + offset
        # The second pass through a repeated hour (clocks going back) is the wall time's fold 1.
        if self.utcoffset(wall) != offset:
            wall = wall.replace(fold=1)
        return wall

    def __repr__(self) -> str:
        return "LocalZone()"

    def __reduce__(self) -> tuple[type[LocalZone], tuple[()]]:
        return LocalZone, ()


LOCAL = LocalZone()
"""The system's local zone, DST-correct for every instant."""


def parse_stamp(stamp: object) -> datetime | None:
    """A stored timestamp as an aware datetime; None when it is missing or not a timestamp.

    A stamp without an offset (no Coach writes one, but an edited export might) is read as the
    system's local time.

    >>> parse_stamp("2026-03-29T08:30:00+01:00") < parse_stamp("2026-03-29T09:00:00+02:00")
    False
    """
    if not isinstance(stamp, str):
        return None
    try:
        moment = datetime.fromisoformat(stamp)
        return moment if moment.tzinfo is not None else moment.astimezone()
    except (ValueError, OverflowError, OSError):
        return None


def stamp_order(stamp: object) -> float:
    """A sort key in time order: the stamp's POSIX seconds; unreadable stamps sort oldest.

    A float key keeps sorting 20,000 records fast: no datetime is kept, and floats compare in C.
    """
    if isinstance(stamp, str):
        try:
            return datetime.fromisoformat(stamp).timestamp()
        except (ValueError, OverflowError, OSError):
            pass
    return -math.inf


def by_time(field: str) -> Callable[[Mapping[str, Any]], float]:
    """A sort key for records by the timestamp in `field`, e.g. `sort(key=by_time("at"))`."""
    def key(record: Mapping[str, Any]) -> float:
        return stamp_order(record.get(field))
    return key


def in_zone(moment: datetime, zone: tzinfo | None) -> datetime:
    """`moment` on the clocks of `zone` at that instant (None: the system's local zone)."""
    return moment.astimezone(zone)


def local_day(moment: datetime, zone: tzinfo | None) -> date:
    """The calendar day `moment` falls on in `zone`, with the rules of that instant.

    The one rule for day boundaries: "today", streaks, goals and strain all file a moment
    under this day.
    """
    return moment.astimezone(zone).date()


def start_of_day(day: date, zone: tzinfo | None) -> datetime:
    """The first moment of `day` in `zone` (an aware datetime)."""
    if zone is None:
        return datetime.combine(day, wall_time(0)).astimezone()
    return datetime.combine(day, wall_time(0), tzinfo=zone)


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC, so that sorting and subtracting it never compares wall clocks.

    Python compares two datetimes that share a tzinfo by their wall clocks; across a DST
    change that is an hour wrong. In UTC the wall clock is the instant.
    """
    return moment.astimezone(_UTC)
