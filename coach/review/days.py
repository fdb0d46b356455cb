"""Days: the one per-day view of the records (effort, small wins, the check-in's goals) and its rules.

Every place that asks "were today's goals met?" or "how long is the streak?" (the status line,
the check-in and wrap-up prompts, `coach patterns`, the reports) reads a `Days` built here, so
they cannot disagree. The rules, also written down in docs/records.md:

- A day's goals come from its check-in. When a day has two or more check-ins, the one that
  finished last sets the goals (a rep who checks in again is revising the plan); records may
  arrive in any order, and a tie on the finish time goes to the larger record id.
- A goal is a number of zero or more. Any other answer, such as yes/no (True/False) from a
  rep's own check-in, sets no goal: "yes" is not a count to reach.
- A day's goals are met when at least one effort goal above zero was set and the logged effort
  reached every one of them.
- A small win is named text that says something: "none", "nothing", "no", "n/a", "-" and the
  like are a rep saying there was none, and count as no win.
- A good day has a small win or its goals met; the streak counts good days in a row ending
  today, or yesterday while today is still under way.
- Effort against goals is "met" when the goals are met, "close" at three quarters of the
  planned effort or more (each goal counted up to its target), and "short" below that.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from coach.language.wins import NOT_A_WIN, is_small_win
from coach.store.fields import EFFORT_KINDS, GOAL_PREFIX
from coach.store.stamps import parse_stamp

__all__ = ["GOAL_PREFIX", "NOT_A_WIN", "is_small_win"]




CLOSE_SHARE = 0.75
"""Effort at this share of the plan or more is close to it; below it, well short."""


def goal_value(value: object) -> int | float | None:
    """A check-in answer as a goal: a number of zero or more, or None (yes/no is not a goal)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def goal_target(value: object) -> int | None:
    """The whole count a goal asks for, or None when it asks for nothing (zero, not a number)."""
    goal = goal_value(value)
    return math.ceil(goal) if goal else None


def goals_met(goals: Mapping[str, int | float], done: Mapping[str, int]) -> bool:
    """Whether every effort goal above zero was reached (False when none was set).

    >>> goals_met({"dials": 40, "insights": 3}, {"dials": 40})
    True
    >>> goals_met({"dials": 0}, {"dials": 5})
    False
    """
    targets = [(kind, goal_target(goals.get(kind))) for kind in EFFORT_KINDS]
    set_targets = [(kind, target) for kind, target in targets if target is not None]
    return bool(set_targets) and all(done.get(kind, 0) >= target for kind, target in set_targets)


def effort_against_goals(goals: Mapping[str, int | float], done: Mapping[str, int]) -> str | None:
    """'met', 'close' or 'short' (see the rules above); None when no effort goal was set.

    >>> effort_against_goals({"dials": 60, "follow_ups": 4}, {"dials": 50, "follow_ups": 3})
    'close'
    """
    targets = {kind: target for kind in EFFORT_KINDS if (target := goal_target(goals.get(kind)))}
    if not targets:
        return None
    if goals_met(goals, done):
        return "met"
    reached = sum(min(done.get(kind, 0), target) for kind, target in targets.items())
    return "close" if reached >= CLOSE_SHARE * sum(targets.values()) else "short"


@dataclass(frozen=True)
class Days:
    """What each day holds: effort per kind, small wins, and the goals of its check-in."""

    effort: Mapping[date, Mapping[str, int]]
    wins: Mapping[date, int]
    goals: Mapping[date, Mapping[str, int | float]]
    """Only days with a check-in; kind (without "goal_") -> goal, numbers only."""

    def effort_on(self, day: date) -> Mapping[str, int]:
        return self.effort.get(day, {})

    def goals_met(self, day: date) -> bool:
        goals = self.goals.get(day)
        return goals is not None and goals_met(goals, self.effort_on(day))

    def effort_against_goals(self, day: date) -> str | None:
        goals = self.goals.get(day)
        return None if goals is None else effort_against_goals(goals, self.effort_on(day))

    def good(self, day: date) -> bool:
        """A day with a small win or its goals met."""
        return self.wins.get(day, 0) > 0 or self.goals_met(day)

    def current_streak(self, today: date) -> int:
        """Good days in a row up to today; one ending yesterday still counts, today is not over."""
        day = today if self.good(today) else today - timedelta(days=1)
        streak = 0
        while self.good(day):
            streak += 1
            day -= timedelta(days=1)
        return streak

    def longest_streak(self, days: Iterable[date]) -> int:
        """The longest run of good days among `days` (consecutive days, oldest first)."""
        longest = run = 0
        for day in days:
            run = run + 1 if self.good(day) else 0
            longest = max(longest, run)
        return longest


@dataclass
class DayTally:
    """Collects records into `Days` during a caller's own pass over them, in any order."""

    effort: dict[date, dict[str, int]] = field(default_factory=dict)
    wins: dict[date, int] = field(default_factory=dict)
    _checkins: dict[date, tuple[tuple[datetime, str], Mapping[str, Any]]] = field(
        default_factory=dict)

    def add_effort(self, event: Mapping[str, Any], day: date) -> bool:
        """Count an effort event on `day`; False when it is not an effort count (a breather)."""
        kind, count = event.get("type"), event.get("count")
        if kind not in EFFORT_KINDS or not isinstance(count, int) or isinstance(count, bool):
            return False
        per_day = self.effort.setdefault(day, dict.fromkeys(EFFORT_KINDS, 0))
        per_day[str(kind)] += count
        return True

    def add_reflection(self, record: Mapping[str, Any], day: date) -> None:
        """Count a finished reflection's small win and, for a check-in, maybe its goals."""
        if is_small_win(record.get("small_win")):
            self.wins[day] = self.wins.get(day, 0) + 1
        values = record.get("values")
        if record.get("playbook") != "checkin" or not isinstance(values, Mapping):
            return
        moment = parse_stamp(record.get("finished"))
        if moment is None:
            return
        key = (moment, str(record.get("id", "")))
        chosen = self._checkins.get(day)
        if chosen is None or key > chosen[0]:
            self._checkins[day] = (key, values)

    def days(self) -> Days:
        goals = {
            day: {name[len(GOAL_PREFIX):]: goal for name, value in values.items()
                  if isinstance(name, str) and name.startswith(GOAL_PREFIX)
                  and (goal := goal_value(value)) is not None}
            for day, (_, values) in self._checkins.items()
        }
        return Days(self.effort, self.wins, goals)


def tally_days(reflections: Iterable[Mapping[str, Any]], effort_events: Iterable[Mapping[str, Any]],
               day_of: Callable[[object], date | None]) -> Days:
    """`Days` straight from records; `day_of` turns a stored timestamp into its local day."""
    tally = DayTally()
    for event in effort_events:
        day = day_of(event.get("at"))
        if day is not None:
            tally.add_effort(event, day)
    for record in reflections:
        day = day_of(record.get("finished"))
        if day is not None:
            tally.add_reflection(record, day)
    return tally.days()
