"""Small wins, streaks of good days, and effort held against the morning check-in goals.

A good day has a small win or meets every effort goal its check-in set. Streaks count good
days, not outcomes: a day without a meeting but with the planned dials still counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from coach.review.periods import Period
from coach.review.stats import EFFORT_KINDS

GOAL_KINDS = ("dials", "conversations", "follow_ups")
"""The check-in goals that can be held against logged effort."""


@dataclass(frozen=True)
class Wins:
    """Small wins named in the period, and streaks of good days."""

    total: int
    per_day: tuple[int, ...]
    good_days: int
    goal_days: int
    current_streak: int
    """Good days in a row up to today; one ending yesterday still counts, today is not over."""
    longest_streak: int
    """The longest run of good days inside the period."""


@dataclass(frozen=True)
class GoalRow:
    """One kind of check-in goal over the period: how often it was set and met."""

    kind: str
    days_set: int
    days_met: int
    done: int
    goal: int


@dataclass(frozen=True)
class Goals:
    checkin_days: int
    all_met_days: int
    rows: tuple[GoalRow, ...]


def _goal(value: object) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return int(value)
    return None


def goals_met(goal: Mapping[str, Any], done: Mapping[str, int]) -> bool:
    """Whether every effort goal set at a check-in was reached (False if none was set)."""
    targets = [(kind, _goal(goal.get(f"goal_{kind}"))) for kind in EFFORT_KINDS]
    set_targets = [(kind, value) for kind, value in targets if value is not None]
    return bool(set_targets) and all(done.get(kind, 0) >= value for kind, value in set_targets)


def _streaks(good: set[date], period: Period, today: date) -> tuple[int, int]:
    day = today if today in good else today - timedelta(days=1)
    current = 0
    while day in good:
        current += 1
        day -= timedelta(days=1)
    longest = run = 0
    for day in period.each_day():
        run = run + 1 if day in good else 0
        longest = max(longest, run)
    return current, longest


def review_wins_and_goals(
    win_days: Mapping[date, int],
    goals_by_day: Mapping[date, Mapping[str, Any]],
    effort_by_day: Mapping[date, Mapping[str, int]],
    period: Period,
    today: date,
) -> tuple[Wins, Goals]:
    """Wins, streaks and goals of a period, from wins and check-in goals per day and effort per day."""
    goal_days = {day for day, goal in goals_by_day.items() if goals_met(goal, effort_by_day.get(day, {}))}
    good = {day for day, count in win_days.items() if count} | goal_days
    current, longest = _streaks(good, period, today)
    days = period.each_day()
    wins = Wins(
        total=sum(win_days.get(day, 0) for day in days),
        per_day=tuple(win_days.get(day, 0) for day in days),
        good_days=sum(1 for day in days if day in good),
        goal_days=sum(1 for day in days if day in goal_days),
        current_streak=current,
        longest_streak=longest,
    )
    rows: list[GoalRow] = []
    checkin_days = [day for day in days if day in goals_by_day]
    for kind in GOAL_KINDS:
        targets = [(day, goal) for day in checkin_days
                   if (goal := _goal(goals_by_day[day].get(f"goal_{kind}"))) is not None]
        if targets:
            done = [effort_by_day.get(day, {}).get(kind, 0) for day, _ in targets]
            met = sum(1 for (_, goal), count in zip(targets, done, strict=True) if count >= goal)
            rows.append(GoalRow(kind, len(targets), met, sum(done), sum(goal for _, goal in targets)))
    all_met = sum(1 for day in checkin_days if day in goal_days)
    return wins, Goals(len(checkin_days), all_met, tuple(rows))
