"""Strain signals: when tough calls cluster, weeks where the sting climbs, and quarter-ends.

A tough call is a debrief that started at a sting of TOUGH_STING or more (coach/review/stats.py).
Everything here is computed from (moment, sting) pairs, so it is pure and easy to check by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise

from coach.review.stats import TOUGH_STING
from coach.store.stamps import as_utc

MIN_CLUSTER = 3
"""A time slot needs at least this many tough calls before it is called a cluster."""

BURST_GAP = timedelta(hours=1)
"""Tough calls closer together than this form a burst: a moment to take a breather."""

RISE = 1.0
"""A week's average sting this much above the week before counts as a rising week."""

MIN_WEEK_DEBRIEFS = 2
"""A week needs this many debriefs before its average sting is compared."""

QUARTER_END_DAYS = 14
"""The last this-many days of a quarter count as quarter-end."""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Slot:
    """Where tough calls pile up: a weekday or a two-hour window, with its counts."""

    label: str
    tough: int
    debriefs: int


@dataclass(frozen=True)
class WeekSting:
    """One ISO week's debriefs and their average sting before the debrief."""

    start: date
    debriefs: int
    average: float


@dataclass(frozen=True)
class QuarterEnd:
    """Tough calls in the last weeks of quarters against the rest, over every debrief."""

    end_debriefs: int
    end_tough: int
    other_debriefs: int
    other_tough: int
    days_to_next: int
    """Days from today to the end of the current quarter (0 on its last day)."""


@dataclass(frozen=True)
class Strain:
    """The strain section of the pattern review."""

    debriefs: int
    tough: int
    by_hour: tuple[int, ...]
    """Tough calls per hour of the day, 0 to 23."""
    by_weekday: tuple[int, ...]
    """Tough calls per weekday, Monday first."""
    hour_cluster: Slot | None
    weekday_cluster: Slot | None
    bursts: int
    """How many times two or more tough calls came within an hour of each other."""
    largest_burst: int
    weeks: tuple[WeekSting, ...]
    rising_weeks: tuple[date, ...]
    """Starts of the weeks whose average sting rose by RISE or more over the week before."""
    quarter_end: QuarterEnd


def is_tough(sting: object) -> bool:
    return isinstance(sting, (int, float)) and not isinstance(sting, bool) and sting >= TOUGH_STING


def quarter_end_of(day: date) -> date:
    """The last day of the calendar quarter `day` is in."""
    last_month = ((day.month - 1) // 3) * 3 + 3
    following = date(day.year + (last_month == 12), last_month % 12 + 1, 1)
    return following - timedelta(days=1)


def in_quarter_end(day: date) -> bool:
    """Whether `day` is in the last QUARTER_END_DAYS days of its quarter."""
    return (quarter_end_of(day) - day).days < QUARTER_END_DAYS


def cluster(tough: Sequence[int], debriefs: Sequence[int], labels: Sequence[str]) -> Slot | None:
    """The slot with the most tough calls, if it holds clearly more than its fair share."""
    best = max(range(len(tough)), key=lambda index: (tough[index], -index))
    fair_share = sum(tough) / max(1, sum(1 for count in debriefs if count))
    if tough[best] < MIN_CLUSTER or tough[best] < 1.5 * fair_share:
        return None
    return Slot(labels[best], tough[best], debriefs[best])


def _bursts(local_moments: list[datetime]) -> tuple[int, int]:
    # In UTC: local moments sharing a zone would be compared and subtracted by their wall
    # clocks, an hour wrong across a daylight-saving change.
    moments = sorted(as_utc(moment) for moment in local_moments)
    bursts = largest = 0
    run = 1
    for earlier, later in pairwise(moments):
        if later - earlier <= BURST_GAP:
            run += 1
            continue
        if run > 1:
            bursts, largest = bursts + 1, max(largest, run)
        run = 1
    if run > 1:
        bursts, largest = bursts + 1, max(largest, run)
    return bursts, largest


def review_strain(period_debriefs: Sequence[tuple[datetime, object]],
                  all_debriefs: Sequence[tuple[date, object]], today: date) -> Strain:
    """The strain signals of one period.

    `period_debriefs` are the period's debriefs as (local moment, sting before); `all_debriefs`
    are every debrief as (local day, sting before), for the quarter-end comparison, which needs
    more than one quarter to say anything.
    """
    hours_tough, hours_all = [0] * 24, [0] * 24
    days_tough, days_all = [0] * 7, [0] * 7
    tough_moments: list[datetime] = []
    weeks: dict[date, list[float]] = {}
    for moment, sting in period_debriefs:
        hours_all[moment.hour] += 1
        days_all[moment.weekday()] += 1
        if isinstance(sting, (int, float)) and not isinstance(sting, bool):
            week = moment.date() - timedelta(days=moment.weekday())
            weeks.setdefault(week, []).append(float(sting))
        if is_tough(sting):
            hours_tough[moment.hour] += 1
            days_tough[moment.weekday()] += 1
            tough_moments.append(moment)
    total_tough = len(tough_moments)
    # Hours are looked at in two-hour windows, so 13:55 and 14:05 land together.
    window_tough = [hours_tough[hour] + hours_tough[(hour + 1) % 24] for hour in range(24)]
    window_all = [hours_all[hour] + hours_all[(hour + 1) % 24] for hour in range(24)]
    window_labels = [f"{hour:02d}:00-{(hour + 2) % 24:02d}:00" for hour in range(24)]
    bursts, largest = _bursts(tough_moments)
    week_rows = tuple(
        WeekSting(start, len(stings), sum(stings) / len(stings))
        for start, stings in sorted(weeks.items())
    )
    rising = tuple(
        later.start for earlier, later in pairwise(week_rows)
        if later.start - earlier.start == timedelta(days=7)
        and min(earlier.debriefs, later.debriefs) >= MIN_WEEK_DEBRIEFS
        and later.average - earlier.average >= RISE
    )
    quarter_ends = {True: [0, 0], False: [0, 0]}
    for day, sting in all_debriefs:
        counts = quarter_ends[in_quarter_end(day)]
        counts[0] += 1
        counts[1] += is_tough(sting)
    return Strain(
        debriefs=len(period_debriefs),
        tough=total_tough,
        by_hour=tuple(hours_tough),
        by_weekday=tuple(days_tough),
        hour_cluster=cluster(window_tough, window_all, window_labels),
        weekday_cluster=cluster(days_tough, days_all, WEEKDAYS),
        bursts=bursts,
        largest_burst=largest,
        weeks=week_rows,
        rising_weeks=rising,
        quarter_end=QuarterEnd(
            end_debriefs=quarter_ends[True][0], end_tough=quarter_ends[True][1],
            other_debriefs=quarter_ends[False][0], other_tough=quarter_ends[False][1],
            days_to_next=(quarter_end_of(today) - today).days,
        ),
    )
