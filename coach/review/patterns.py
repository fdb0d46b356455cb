"""The pattern review: what a period of reflections and effort says, as plain data for the views.

`review()` makes one pass over the reflections and one over the effort events and returns a
frozen Review. It does no I/O and prints nothing; coach/views/ turns a Review into text,
Markdown or HTML. The rates, streaks, strain signals and recurring phrases have their own modules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from coach.language.wins import is_meant
from coach.review.averages import Averages, trust_your_averages
from coach.review.callbacks import CallbackState, callback_day, prospect_of
from coach.review.days import DayTally
from coach.review.objections import Recurring, objection_of, recurring
from coach.review.periods import DayFinder, Period
from coach.review.phrases import Phrase, recurring_phrases
from coach.review.strain import Strain, review_strain
from coach.review.streaks import Goals, Wins, review_wins_and_goals
from coach.store.fields import EFFORT_KINDS
from coach.store.stamps import in_zone, parse_stamp, stamp_order

CAUSES = ("timing", "budget", "fit", "priorities", "gatekeeper", "delivery", "unknown",
          "has_solution", "brush_off")
"""The causes the built-in debrief offers, in its order; other causes are listed after them."""

CALLBACK_LOOKBACK_DAYS = 14
CALLBACK_LOOKAHEAD_DAYS = 7

HORIZON_DAYS = 365
"""Rates, streaks and quarter-ends look back this many days before the period starts, no further:
a rep's rate from years ago says little about today, and reading less keeps the review fast."""


@dataclass(frozen=True)
class CauseRow:
    cause: str
    count: int
    share: float
    previous_count: int
    previous_share: float


@dataclass(frozen=True)
class Causes:
    """What drove the "no"s in the period, against the period before."""

    total: int
    previous_total: int
    rows: tuple[CauseRow, ...]


@dataclass(frozen=True)
class StingChange:
    """Sting before versus after, over the debriefs that rated both."""

    rated: int
    average_before: float
    average_after: float
    lowered: int
    unchanged: int
    raised: int
    weekly_before: tuple[float | None, ...]
    weekly_after: tuple[float | None, ...]

    @property
    def average_drop(self) -> float:
        return self.average_before - self.average_after


@dataclass(frozen=True)
class Callback:
    """A prospect to call again, from the reflection that set the date."""

    day: date
    prospect: str
    record_id: str


@dataclass(frozen=True)
class Review:
    """Everything the pattern review shows about one period."""

    period: Period
    previous: Period
    today: date
    horizon: date
    """The first day any record is looked at (rates and quarter-ends count from here)."""
    reflections: int
    debriefs: int
    effort: Mapping[str, int]
    dials_per_day: tuple[int, ...]
    causes: Causes
    sting: StingChange
    wins: Wins
    averages: Averages
    goals: Goals
    strain: Strain
    lessons: tuple[Phrase, ...]
    next_actions: tuple[Phrase, ...]
    traps: tuple[tuple[str, int], ...]
    objections: tuple[Recurring, ...]
    """The objections of the period that came back, with the rep's best answer."""
    callbacks_due: tuple[Callback, ...]
    callbacks_upcoming: tuple[Callback, ...]


def _number(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _causes(current: Counter[str], previous: Counter[str]) -> Causes:
    total, previous_total = sum(current.values()), sum(previous.values())
    known = [cause for cause in CAUSES if current[cause] or previous[cause]]
    extra = sorted((set(current) | set(previous)) - set(CAUSES))
    rows = [
        CauseRow(cause, current[cause], current[cause] / total if total else 0.0,
                 previous[cause], previous[cause] / previous_total if previous_total else 0.0)
        for cause in [*known, *extra]
    ]
    rows.sort(key=lambda row: -row.count)
    return Causes(total, previous_total, tuple(rows))


def _sting(pairs: list[tuple[date, float, float]], period: Period, today: date) -> StingChange:
    before = [pair[1] for pair in pairs]
    after = [pair[2] for pair in pairs]
    weekly: dict[int, tuple[list[float], list[float]]] = {}
    start = period.start or min((pair[0] for pair in pairs), default=today)
    for day, first, last in pairs:
        slot = weekly.setdefault((day - start).days // 7, ([], []))
        slot[0].append(first)
        slot[1].append(last)
    weeks = range(max(1, -(-period.days // 7))) if period.days else sorted(weekly)
    return StingChange(
        rated=len(pairs),
        average_before=_mean(before) or 0.0,
        average_after=_mean(after) or 0.0,
        lowered=sum(1 for first, last in zip(before, after, strict=True) if last < first),
        unchanged=sum(1 for first, last in zip(before, after, strict=True) if last == first),
        raised=sum(1 for first, last in zip(before, after, strict=True) if last > first),
        weekly_before=tuple(_mean(weekly.get(week, ([], []))[0]) for week in weeks),
        weekly_after=tuple(_mean(weekly.get(week, ([], []))[1]) for week in weeks),
    )


def horizon_of(period: Period) -> date:
    """The first day a review of `period` looks at; callers may leave out anything older."""
    if period.start is None:
        raise ValueError("a pattern review needs a period with a start")
    return period.start - timedelta(days=HORIZON_DAYS)


def _meant(value: object) -> object:
    """A lesson or next action as stored, or None when it says nothing ("no idea", "idk")."""
    return value if is_meant(value) else None


def review(reflections: Iterable[Mapping[str, Any]], effort_events: Iterable[Mapping[str, Any]],
           now: datetime, period: Period,
           callback_states: Mapping[str, CallbackState] | None = None) -> Review:
    """The pattern review of `period` (closed at both ends), as of `now` (an aware datetime).

    Records from before `horizon_of(period)` are ignored, so passing only the newer ones (as
    the store's `since` reading does) gives the same review. Callbacks marked done in
    `callback_states` are left out, and moved ones listed at their new day.
    """
    zone, today = now.tzinfo, now.date()
    previous = period.previous()
    horizon = horizon_of(period)
    day_of = DayFinder(zone)
    now_seconds = now.timestamp()

    def later_than_now(day: date, stamp: object) -> bool:
        # Only today (or a later day) can hold a record dated after now, e.g. when the clock
        # was set back; it has not happened yet, so it is left out like any future record.
        return day >= today and stamp_order(stamp) > now_seconds

    # Effort: totals per day for every day, since streaks and rates look beyond the period.
    tally = DayTally()
    for event in effort_events:
        day = day_of.day(event.get("at"))
        if day is not None and day >= horizon and not later_than_now(day, event.get("at")):
            tally.add_effort(event, day)

    # Reflections: one pass files each record under the period, the previous period, or neither,
    # and collects the all-time facts (wins, check-in goals, callbacks, quarter-ends).
    causes_now: Counter[str] = Counter()
    causes_before: Counter[str] = Counter()
    stings: list[tuple[date, float, float]] = []
    period_debriefs: list[tuple[datetime, object]] = []
    all_debriefs: list[tuple[date, object]] = []
    lessons: list[object] = []
    actions: list[object] = []
    traps: Counter[str] = Counter()
    objections: list[tuple[str, Mapping[str, Any]]] = []  # (where, record), for the book
    due: list[Callback] = []
    upcoming: list[Callback] = []
    in_period = debriefs = 0
    for record in reflections:
        day = day_of.day(record.get("finished"))
        if day is None or day < horizon or later_than_now(day, record.get("finished")):
            continue
        is_debrief = record.get("playbook") == "debrief"
        sting = record.get("sting_before")
        tally.add_reflection(record, day)
        if is_debrief:
            all_debriefs.append((day, sting))
        when = callback_day(record, callback_states or {})
        if when is not None and -CALLBACK_LOOKAHEAD_DAYS <= (today - when).days <= CALLBACK_LOOKBACK_DAYS:
            found = Callback(when, prospect_of(record), str(record.get("id", "")))
            (due if when <= today else upcoming).append(found)
        cause = record.get("cause")
        if objection_of(record) is not None and (period.end is None or day <= period.end):
            where = "now" if period.contains(day) else "before" if previous.contains(day) else ""
            objections.append((where, record))
        if previous.contains(day):
            if isinstance(cause, str) and cause:
                causes_before[cause] += 1
            continue
        if not period.contains(day):
            continue
        in_period += 1
        if isinstance(cause, str) and cause:
            causes_now[cause] += 1
        first, last = _number(sting), _number(record.get("sting_after"))
        if first is not None and last is not None:
            stings.append((day, first, last))
        if is_debrief:
            debriefs += 1
            moment = parse_stamp(record.get("finished"))
            if moment is not None:
                period_debriefs.append((in_zone(moment, zone), sting))
        # "idk" typed as a lesson is kept in the record but is no recurring lesson.
        lessons.append(_meant(record.get("lesson")))
        actions.append(_meant(record.get("next_action")))
        trap = record.get("thinking_trap")
        if isinstance(trap, str) and trap and trap != "none":
            traps[trap] += 1

    days = period.each_day()
    by_day = tally.days()
    effort_by_day = by_day.effort
    wins, goals = review_wins_and_goals(by_day, period, today)

    effort = dict.fromkeys(EFFORT_KINDS, 0)
    for day in days:
        for kind, count in effort_by_day.get(day, {}).items():
            effort[kind] += count
    return Review(
        period=period,
        previous=previous,
        today=today,
        horizon=horizon,
        reflections=in_period,
        debriefs=debriefs,
        effort=effort,
        dials_per_day=tuple(effort_by_day.get(day, {}).get("dials", 0) for day in days),
        causes=_causes(causes_now, causes_before),
        sting=_sting(stings, period, today),
        wins=wins,
        averages=trust_your_averages(effort_by_day, min(today, period.end or today)),
        goals=goals,
        strain=review_strain(period_debriefs, all_debriefs, today),
        lessons=recurring_phrases(lessons),
        next_actions=recurring_phrases(actions),
        traps=tuple(traps.most_common()),
        objections=recurring(objections),
        callbacks_due=tuple(sorted(due, key=lambda callback: callback.day)),
        callbacks_upcoming=tuple(sorted(upcoming, key=lambda callback: callback.day)),
    )
