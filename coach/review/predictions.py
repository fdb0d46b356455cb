"""The morning's prediction held against the day: a behavioural experiment against call reluctance.

The check-in may ask how many of the day's calls the rep expects to go badly
(`values.predicted_bad_calls`, skippable). The wrap-up holds that guess against the day's
debriefs (how many started tough, how much the worst stung), and over a period this module
counts how often the day turned out better than predicted. The rules:

- A day's prediction comes from the check-in that finished last that day, as for its goals
  (review/days.py): a rep who checks in again is revising the plan, and a skipped question there
  means no prediction. A tie on the finish time goes to the larger record id.
- A prediction is a number of zero or more, rounded half up; anything else is none.
- A day is held against its prediction only once it has something to hold: dials logged or a
  debrief finished. A morning guess on a day with no calls tells nothing either way.
- The day was better than predicted when fewer debriefs started tough (a sting of
  `tough_sting` or more) than the calls expected to go badly. Only debriefed calls are seen, so
  a rep who debriefs little looks better off: the wrap-up says "you debriefed", never more.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from coach.review.days import Days
from coach.store.stamps import parse_stamp

PREDICTION = "predicted_bad_calls"
"""The check-in value that holds the morning's guess."""



@dataclass(frozen=True)
class HeldDay:
    """One day's prediction and what the debriefs of that day showed."""

    day: date
    predicted: int
    tough: int
    """Debriefs that day that started at a tough sting."""
    worst: int | float | None
    """The highest starting sting of that day's debriefs (none without a debrief)."""
    dials: int

    @property
    def held(self) -> bool:
        """Whether the day had calls to hold the guess against."""
        return self.dials > 0 or self.worst is not None

    @property
    def better(self) -> bool:
        """Fewer tough calls than the morning expected."""
        return self.tough < self.predicted


@dataclass(frozen=True)
class PredictionRecord:
    """How the predictions of a period went: days held, and how many were better than feared."""

    days: int
    better: int
    came_true: int
    """Days with at least as many tough calls as predicted."""

    def as_stat(self) -> dict[str, int]:
        return {"days": self.days, "better": self.better, "came_true": self.came_true}


def prediction_of(values: Mapping[str, Any]) -> int | None:
    """The guess stored in a check-in's values as a whole number of zero or more (a decimal
    rounded half up: "2.5" was still a guess), else none."""
    value = values.get(PREDICTION)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value) or value < 0:
        return None
    return math.floor(value + 0.5)


@dataclass
class PredictionBook:
    """Collects check-in predictions and debrief stings per day during a caller's own pass over
    the records, in any order (compute_stats feeds it from its one loop)."""

    tough_sting: int
    _checkins: dict[date, tuple[tuple[datetime, str], int | None]] = field(default_factory=dict)
    _tough: dict[date, int] = field(default_factory=dict)
    _worst: dict[date, int | float] = field(default_factory=dict)

    def add(self, record: Mapping[str, Any], day: date) -> None:
        """Note a finished reflection: a check-in's prediction, or a debrief's starting sting."""
        playbook = record.get("playbook")
        if playbook == "checkin":
            moment = parse_stamp(record.get("finished"))
            values = record.get("values")
            if moment is None:
                return
            key = (moment, str(record.get("id", "")))
            chosen = self._checkins.get(day)
            if chosen is None or key > chosen[0]:
                guess = prediction_of(values) if isinstance(values, Mapping) else None
                self._checkins[day] = (key, guess)
        elif playbook == "debrief":
            sting = record.get("sting_before")
            if isinstance(sting, bool) or not isinstance(sting, (int, float)):
                return
            self._worst[day] = max(self._worst.get(day, sting), sting)
            self._tough[day] = self._tough.get(day, 0) + (sting >= self.tough_sting)

    def predicted(self, day: date) -> int | None:
        """The day's prediction (none when its last check-in had none, or there was none)."""
        chosen = self._checkins.get(day)
        return None if chosen is None else chosen[1]

    def worst(self, day: date) -> int | float | None:
        return self._worst.get(day)

    def held_days(self, first: date, last: date, days: Days) -> list[HeldDay]:
        """Every day from `first` to `last` with a prediction, oldest first, held or not."""
        found = []
        for day in sorted(self._checkins):
            guess = self.predicted(day)
            if first <= day <= last and guess is not None:
                found.append(HeldDay(day, guess, self._tough.get(day, 0), self._worst.get(day),
                                     days.effort_on(day).get("dials", 0)))
        return found


def compare(held: list[HeldDay]) -> PredictionRecord:
    """How often the days that had calls turned out better than the morning predicted."""
    counted = [day for day in held if day.held]
    better = sum(day.better for day in counted)
    return PredictionRecord(len(counted), better, len(counted) - better)


def prediction_stats(book: PredictionBook, today: date, days: Days) -> dict[str, Any]:
    """The stats playbooks read: today's prediction, the worst sting today, this week (Monday
    to today, the week of the weekly review's `week_` stats) and every day the stats read."""
    monday = today - timedelta(days=today.weekday())
    return {
        "predicted_bad_calls": book.predicted(today),
        "worst_sting_today": book.worst(today),
        "predictions_week": compare(book.held_days(monday, today, days)).as_stat(),
        "predictions_all": compare(book.held_days(date.min, today, days)).as_stat(),
    }
