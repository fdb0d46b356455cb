"""Date ranges for looking back: reading `--since` words, and which local day a record belongs to.

Records carry ISO timestamps with the offset of the moment they were saved. Looking back always
happens in the rep's current time zone, so a record is filed under the local calendar day of
`now`, the same way coach/review/stats.py counts "today".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo

from coach.errors import UsageError
from coach.language.dates import BACK, read_date

DATE_WORDS_HELP = ("YYYY-MM-DD, today, yesterday, 7d, 4w, monday, last month, Q3, jan 15 "
                   "or 2 weeks ago")
"""What `--since` and `--until` accept, for help texts and error messages."""


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


def parse_moment(stamp: object) -> datetime | None:
    """An aware datetime from a stored ISO timestamp, or None if it is missing or malformed."""
    if not isinstance(stamp, str):
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


class DayFinder:
    """Finds the local calendar day of stored timestamps quickly.

    When the zone is a fixed offset (as `datetime.now().astimezone()` gives) and a stamp carries
    that same offset, its local day is simply its own date part, so no datetime needs to be built.
    Every other stamp is converted properly.
    """

    def __init__(self, zone: tzinfo | None) -> None:
        self.zone = zone
        self._usual_suffix = ""
        if isinstance(zone, timezone):
            self._usual_suffix = datetime(2000, 1, 1, tzinfo=zone).isoformat()[19:]
        self._cache: dict[str, date] = {}

    def day(self, stamp: object) -> date | None:
        """The local day of `stamp`, or None when it is not a timestamp."""
        if not isinstance(stamp, str):
            return None
        if self._usual_suffix and len(stamp) == 25 and stamp.endswith(self._usual_suffix):
            head = stamp[:10]
            found = self._cache.get(head)
            if found is None:
                try:
                    found = date.fromisoformat(head)
                except ValueError:
                    return None
                self._cache[head] = found
            return found
        moment = parse_moment(stamp)
        return moment.astimezone(self.zone).date() if moment else None
