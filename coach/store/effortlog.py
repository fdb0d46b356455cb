"""The logged effort events as the reviews read them: every event, or counted per day and type.

Years of effort are hundreds of thousands of events, and most reviews only count them per day
and type; for weeks that are over, those counts come from the effort totals kept beside the
week files (coach/store/digestfiles.py), in the rep's zone.
"""

from __future__ import annotations

from datetime import date, datetime
from datetime import time as wall_time
from typing import Any

from coach.store import digestfiles, layout
from coach.store.layout import EFFORT
from coach.store.ordering import SLACK as SLACK_SECONDS
from coach.store.ordering import in_time_order, week_bounds
from coach.store.reading import Reader
from coach.store.stamps import stamp_order

NOON = wall_time(12)


def effort_events(reader: Reader, since: datetime | None) -> list[dict[str, Any]]:
    """Every logged effort event (or those at or after `since`), oldest first."""
    return in_time_order(reader.read_partitioned(EFFORT, since), "at", since,
                         newest_first=False)


def effort_counts(reader: Reader, since: datetime, now: datetime) -> list[dict[str, Any]]:
    """The effort since `since` for reviews that only count it per day and type, in the
    zone of `now`: weeks over by more than two days as one event per day and type (its
    `count` the day's total, at that day's noon), later ones as the events themselves, so
    today's are exact to the second. In no order."""
    zone = now.tzinfo
    if digestfiles.zone_key(zone) is None:
        return effort_events(reader, since)
    recent = now.timestamp() - SLACK_SECONDS
    floor = since.timestamp()
    counts: list[dict[str, Any]] = []
    totals = digestfiles.EffortTotals(reader.home, zone)
    try:
        for path in layout.partitions(reader.home, EFFORT, since):
            bounds = week_bounds(path)
            # The week `since` falls in may hold part of a day: read as events, like the
            # latest weeks.
            if bounds is None or bounds[1] > recent or bounds[0] < floor + SLACK_SECONDS:
                counts += [event for event in reader.read_week(path, EFFORT)
                           if stamp_order(event.get("at")) >= floor]
                continue
            with reader.damage_explained():
                added, skipped = totals.current(path)
            if skipped:
                reader.tell_damaged("effort", [("effort", path.name, position)
                                               for position in skipped])
            counts += [{"kind": "effort", "type": kind, "count": count, "at": datetime.combine(
                            date.fromordinal(day), NOON, tzinfo=zone).isoformat()}
                       for day, kind, count in added]
    finally:
        totals.close()
    return counts
