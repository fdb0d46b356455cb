"""The week so far, for the weekly review: effort against the check-ins' goals, wins, the rate,
what the no's were about, the goal a weekly review set, and milestones (pure, no I/O).

A week runs from Monday to Sunday in the rep's own zone. Milestones celebrate effort: every
1,000th dial, every 100th small win, and the best week of dials yet (with at least
BEST_WEEK_AFTER earlier weeks of dials to beat). Like every stat, they count the records the
stats read: the last year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from coach.review.averages import judge_day, one_in, rate_of
from coach.review.days import Days, goal_value
from coach.review.objections import build_book, objection_of

WEEKLY = "weekly"
"""The weekly review's playbook id."""
GOAL_KINDS = ("dials", "conversations", "follow_ups")
"""The effort a weekly goal may count (the check-in's own goals)."""
CAUSE_WORDS = {"has_solution": "already covered", "brush_off": "brush-off"}
"""Causes whose key does not read as words once its underscore is a space."""
DIALS_STEP = 1000
WINS_STEP = 100
BEST_WEEK_AFTER = 4
"""A best week needs this many earlier weeks with dials, so week two is not a record."""

WEEK_STATS: dict[str, str] = {
    **{f"week_{kind}": f"{kind.replace('_', '-')} logged this week (Monday on)"
       for kind in (*GOAL_KINDS, "meetings")},
    **{f"week_goal_{kind}": f"this week's check-in {kind.replace('_', '-')} goals added up "
                            "(none if no check-in set one)" for kind in GOAL_KINDS},
    **{f"week_goal_{kind}_done": f"{kind.replace('_', '-')} logged on the days that set that "
                                 "goal (none if none did)" for kind in GOAL_KINDS},
    "week_checkins": "days this week with a check-in (today only once its goals are met)",
    "week_goal_days_met": "days this week whose check-in goals were all met",
    "week_wins": "small wins named this week",
    "week_dials_average": "the rep's average dials in an earlier week with dials (none if none)",
    "week_rate_words": "dials per meeting before this week, '1 in 19' (none until enough)",
    "week_meetings_verdict": "this week's meetings at that rate: 'normal', 'unusual', 'rare', "
                             "'typical' or 'good' (none without a rate or dials)",
    "week_debriefs": "debriefs finished this week",
    "week_causes": "what this week's no's were about, most often first: 'timing (2), fit (1)' "
                   "(none without a debrief naming a cause)",
    "week_objections": "this week's objections, most often first: 'send me an email (2), no "
                       "budget (1)' (none without a debrief naming one)",
    "week_milestones": "the milestones reached this week, as words (a list, empty if none)",
    "milestones_today": "the milestones reached today, as words (a list, empty if none)",
    "week_reviewed": "whether a weekly review was finished this week",
    "weekly_goal": "this week's effort goal from last week's weekly review, '250 dials' (none)",
    "weekly_goal_kind": "its kind: 'dials', 'conversations' or 'follow_ups' (none)",
    "weekly_goal_count": "its number (none)",
    "weekly_goal_done": "this week's effort of that kind so far (none without a goal)",
}


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def weekly_goal(values: Mapping[str, Any]) -> tuple[str, int | float] | None:
    """A weekly review's goal for the week after it, from its values: (kind, count), or None."""
    kind, count = values.get("goal_kind"), goal_value(values.get("goal_count"))
    if kind in GOAL_KINDS and count:
        return str(kind), count
    return None


def _words(kind: str, count: float) -> str:
    one = {"dials": "dial", "conversations": "conversation", "follow_ups": "follow-up"}[kind]
    return f"{count:,g} {one if count == 1 else kind.replace('_', '-')}"


@dataclass
class WeekTally:
    """Collects what the week needs from reflections during the caller's pass over them."""

    today: date
    causes: Counter[str] = field(default_factory=Counter)
    objections: list[Mapping[str, Any]] = field(default_factory=list)
    """This week's debriefs that named an objection."""
    debriefs: int = 0
    reviewed: bool = False
    _goal: tuple[datetime, tuple[str, int | float] | None] | None = None

    def add(self, record: Mapping[str, Any], day: date, finished: datetime) -> None:
        monday = week_start(self.today)
        if record.get("playbook") == WEEKLY:
            values = record.get("values")
            if monday <= day <= self.today:
                self.reviewed = True
            # The goal for this week is the one set by last week's latest weekly review.
            elif monday - timedelta(days=7) <= day < monday and isinstance(values, Mapping) and (
                    self._goal is None or finished > self._goal[0]):
                self._goal = (finished, weekly_goal(values))
        if record.get("playbook") == "debrief" and monday <= day <= self.today:
            self.debriefs += 1
            cause = record.get("cause")
            if isinstance(cause, str) and cause:
                self.causes[cause] += 1
            if objection_of(record) is not None:
                self.objections.append(record)

    def stats(self, days: Days) -> dict[str, Any]:
        """Every stat in WEEK_STATS; `days` as compute_stats built them."""
        today, monday = self.today, week_start(self.today)
        this_week = [monday + timedelta(days=n) for n in range((today - monday).days + 1)]
        done = {kind: sum(days.effort_on(day).get(kind, 0) for day in this_week)
                for kind in (*GOAL_KINDS, "meetings")}
        stats: dict[str, Any] = {f"week_{kind}": count for kind, count in done.items()}
        # Today counts once its goals are met: a day still under way is not a day that missed.
        goal_days = [day for day in this_week if day in days.goals
                     and (day < today or days.goals_met(day))]
        for kind in GOAL_KINDS:
            goals = {day: goal for day in goal_days
                     if (goal := days.goals[day].get(kind)) is not None}
            stats[f"week_goal_{kind}"] = round(sum(goals.values())) if goals else None
            stats[f"week_goal_{kind}_done"] = sum(
                days.effort_on(day).get(kind, 0) for day in goals) if goals else None
        stats["week_checkins"] = len(goal_days)
        stats["week_goal_days_met"] = sum(days.goals_met(day) for day in goal_days)
        stats["week_wins"] = sum(days.wins.get(day, 0) for day in this_week)
        stats.update(self._averages(days, monday, done))
        stats["week_debriefs"] = self.debriefs
        stats["week_causes"] = ", ".join(
            f"{CAUSE_WORDS.get(cause, cause.replace('_', ' '))} ({count})" for cause, count in
            sorted(self.causes.items(), key=lambda item: (-item[1], item[0]))) or None
        stats["week_objections"] = ", ".join(
            f"{entry.name} ({entry.count})" for entry in build_book(self.objections)) or None
        stats.update(_milestones(days, today))
        stats["week_reviewed"] = self.reviewed
        aim = self._goal[1] if self._goal else None
        stats["weekly_goal"] = _words(*aim) if aim else None
        stats["weekly_goal_kind"] = aim[0] if aim else None
        stats["weekly_goal_count"] = aim[1] if aim else None
        stats["weekly_goal_done"] = done[aim[0]] if aim else None
        return stats

    def _averages(self, days: Days, monday: date, done: Mapping[str, int]) -> dict[str, Any]:
        """This week's dials against the rep's usual week, and its meetings against the rate."""
        earlier = _weekly_dials(days, monday)
        found: dict[str, Any] = {
            "week_dials_average": round(sum(earlier.values()) / len(earlier)) if earlier else None,
            "week_rate_words": None, "week_meetings_verdict": None}
        before = [effort for day, effort in days.effort.items() if day < monday]
        rate = rate_of("meetings", sum(e.get("dials", 0) for e in before),
                       sum(e.get("meetings", 0) for e in before))
        if rate.dials_per_outcome is None:
            return found
        found["week_rate_words"] = one_in(rate.dials_per_outcome)
        check = judge_day(self.today, "meetings", done["dials"], done["meetings"], rate)
        if check is not None:
            found["week_meetings_verdict"] = (check.verdict if check.direction == "low" else
                                              "good" if check.direction == "high" else "typical")
        return found


def _weekly_dials(days: Days, before: date) -> dict[date, int]:
    """Dials per earlier week (by its Monday), for the weeks with any."""
    weeks: Counter[date] = Counter()
    for day, effort in days.effort.items():
        if day < before and effort.get("dials", 0):
            weeks[week_start(day)] += effort["dials"]
    return dict(weeks)


def _crossed(before: int, after: int, step: int) -> int | None:
    """The highest multiple of `step` in (before, after], or None."""
    top = after // step * step
    return top if top > before and top > 0 else None


def _milestones(days: Days, today: date) -> dict[str, list[str]]:
    """The milestones reached this week and today, as words to name them."""
    monday, wins = week_start(today), days.wins
    dials = {day: effort.get("dials", 0) for day, effort in days.effort.items() if day <= today}

    def reached(first: date, last: date) -> list[str]:
        names = []
        before = sum(count for day, count in dials.items() if day < first)
        total = before + sum(count for day, count in dials.items() if first <= day <= last)
        if (dial := _crossed(before, total, DIALS_STEP)) is not None:
            names.append(f"your {dial:,}th dial")
        won_before = sum(count for day, count in wins.items() if day < first)
        won = won_before + sum(count for day, count in wins.items() if first <= day <= last)
        if (win := _crossed(won_before, won, WINS_STEP)) is not None:
            names.append(f"your {win:,}th small win")
        earlier = _weekly_dials(days, monday)
        if len(earlier) >= BEST_WEEK_AFTER:
            best = max(earlier.values())
            week = sum(count for day, count in dials.items() if monday <= day <= last)
            week_before = sum(count for day, count in dials.items() if monday <= day < first)
            if week > best >= week_before:
                names.append(f"your best week of dials yet ({week:,}, past {best:,})")
        return names

    return {"week_milestones": reached(monday, today), "milestones_today": reached(today, today)}
