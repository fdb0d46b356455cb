"""Date ranges for looking back: reading `--since` words, and which local day a record belongs to.

Records carry ISO timestamps with the offset of the moment they were saved. Looking back always
happens in the rep's time zone, so a record is filed under the calendar day its moment fell on
there, with the zone's rules at that instant (`local_day` in coach/store/stamps.py), the same
way coach/review/stats.py counts "today".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from coach.errors import UsageError
from coach.language.dates import BACK, read_date
from coach.messages import DATE_WORDS_HELP
from coach.store.stamps import LOCAL, local_day, parse_stamp


def parse_day(text: str, today: date) -> date:
    """The calendar day a `--since`/`--until` word names, read looking back.

    `7d` is seven days ago and `4w` four weeks ago, so `--since 7d` reaches back to the same
    weekday last week; "jan 15" in March is this January, "Q4" in March last October.

    >>> parse_day("4w", date(2026, 11, 20))
    datetime.date(2026, 10, 23)
    """
    found = read_date(text, today, BACK)
    if found is None:
        raise UsageError(f"'{text.strip()[:40]}' is not a date Coach understands: use "
                         f"{DATE_WORDS_HELP}.")
    return found


@dataclass(frozen=True)
class Period:
    """A run of calendar days, both ends included; a missing end is open."""

    start: date | None = None
    end: date | None = None

    def contains(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    @property
    def days(self) -> int:
        """How many days the period spans (0 when an end is open)."""
        if self.start is None or self.end is None:
            return 0
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        if self.start is None or self.end is None:
            return Period(None, None)
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def each_day(self) -> list[date]:
        """Every day of a closed period, oldest first."""
        if self.start is None or self.end is None:
            return []
        return [self.start + timedelta(days=offset) for offset in range(self.days)]


def period_for(since: str | None, until: str | None, today: date, default_days: int) -> Period:
    """The period the words name; without `since`, the `default_days` ending at `until`.

    >>> period_for(None, None, date(2026, 11, 20), 7)
    Period(start=datetime.date(2026, 11, 14), end=datetime.date(2026, 11, 20))
    """
    end = parse_day(until, today) if until else today
    start = parse_day(since, today) if since else end - timedelta(days=default_days - 1)
    if start > end:
        raise UsageError(
            f"--since ({start.isoformat()}) is after --until ({end.isoformat()}): "
            "swap them or widen the range."
        )
    return Period(start, end)


class DayFinder:
    """Finds the local calendar day of stored timestamps quickly, with `local_day`'s rule.

    Most stamps were saved in the zone they are read in, so their own date part is already
    their local day. That holds when the zone's offset all that day (at its first and last
    second) is the stamp's own offset, which is worked out once per day and offset. Any other
    stamp (written while travelling, or on the day the clocks change) is converted properly.
    """

    def __init__(self, zone: tzinfo | None) -> None:
        # None means the system's zone; its rules, not today's offset, decide each day.
        self.zone: tzinfo = LOCAL if zone is None else zone
        self._own_date: dict[str, date | None] = {}

    def _date_part_holds(self, head: str, suffix: str) -> date | None:
        """The day `head` names, if every moment of it in the zone has the offset `suffix`."""
        try:
            day = date.fromisoformat(head)
            sign = -1 if suffix[0] == "-" else 1
            offset = sign * timedelta(hours=int(suffix[1:3]), minutes=int(suffix[4:6]))
        except ValueError:
            return None
        first = datetime.combine(day, time(0), tzinfo=self.zone).utcoffset()
        last = datetime.combine(day, time(23, 59, 59), tzinfo=self.zone).utcoffset()
        return day if first == offset and last == offset else None

    def day(self, stamp: object) -> date | None:
        """The local day of `stamp`, or None when it is not a timestamp."""
        if not isinstance(stamp, str):
            return None
        if len(stamp) == 25 and stamp[19] in "+-":
            key = stamp[:10] + stamp[19:]
            if key in self._own_date:
                found = self._own_date[key]
            else:
                found = self._own_date[key] = self._date_part_holds(stamp[:10], stamp[19:])
            if found is not None:
                return found
        moment = parse_stamp(stamp)
        return local_day(moment, self.zone) if moment else None
