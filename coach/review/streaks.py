"""Small wins, streaks of good days, and effort held against the morning check-in goals.

A good day has a small win or meets every effort goal its check-in set. Streaks count good
days, not outcomes: a day without a meeting but with the planned dials still counts. What a
good day is, and which check-in sets a day's goals, is decided once, in coach/review/days.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.review.days import Days, goal_target
from coach.review.periods import Period

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


def review_wins_and_goals(days: Days, period: Period, today: date) -> tuple[Wins, Goals]:
    """Wins, streaks and goals of a period (the current streak runs up to `today`)."""
    period_days = period.each_day()
    wins = Wins(
        total=sum(days.wins.get(day, 0) for day in period_days),
        per_day=tuple(days.wins.get(day, 0) for day in period_days),
        good_days=sum(1 for day in period_days if days.good(day)),
        goal_days=sum(1 for day in period_days if days.goals_met(day)),
        current_streak=days.current_streak(today),
        longest_streak=days.longest_streak(period_days),
    )
    rows: list[GoalRow] = []
    checkin_days = [day for day in period_days if day in days.goals]
    for kind in GOAL_KINDS:
        targets = [(day, goal) for day in checkin_days
                   if (goal := goal_target(days.goals[day].get(kind))) is not None]
        if targets:
            done = [days.effort_on(day).get(kind, 0) for day, _ in targets]
            met = sum(1 for (_, goal), count in zip(targets, done, strict=True) if count >= goal)
            rows.append(GoalRow(kind, len(targets), met, sum(done), sum(goal for _, goal in targets)))
    all_met = sum(1 for day in checkin_days if days.goals_met(day))
    return wins, Goals(len(checkin_days), all_met, tuple(rows))
