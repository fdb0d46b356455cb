"""One rule for a day: the status line, the stats and `coach patterns` read the same Days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from conftest import run_coach
from lookback_records import NOW, at, checkin, days_ago, effort, reflection

from coach.review.days import Days, goals_met, tally_days
from coach.review.periods import DayFinder
from coach.review.stats import compute_stats
from coach.store.store import Store


def _day_of(stamp_text: object) -> date | None:
    return DayFinder(NOW.tzinfo).day(stamp_text)


def test_the_check_in_that_finished_last_sets_the_goals_in_any_order() -> None:
    early = checkin(at("2026-11-20", "08:00"), dials=100)
    late = checkin(at("2026-11-20", "12:00"), dials=20)
    work = [effort(at("2026-11-20", "13:00"), "dials", 25)]
    for order in ([early, late], [late, early]):
        days = tally_days(order, work, _day_of)
        assert days.goals[date(2026, 11, 20)] == {"dials": 20}
        assert days.goals_met(date(2026, 11, 20))
        stats = compute_stats(order, work, NOW)
        assert stats["goal_dials"] == 20 and stats["goals_met_today"] is True


def test_a_yes_no_goal_sets_no_target() -> None:
    assert goals_met({"dials": 10, "meetings": True}, {"dials": 10})  # type: ignore[dict-item]
    assert not goals_met({"meetings": True}, {})  # type: ignore[dict-item]
    record = reflection(at("2026-11-20", "08:00"), "checkin",
                        values={"goal_dials": 10, "goal_meetings": True, "goal_insights": 2})
    days = tally_days([record], [effort(at("2026-11-20", "09:00"), "dials", 10)], _day_of)
    assert days.goals[date(2026, 11, 20)] == {"dials": 10, "insights": 2}
    stats = compute_stats([record], [], NOW)
    assert stats["goal_dials"] == 10 and stats["goal_insights"] == 2
    assert stats["goals_met_today"] is False  # no dials logged yet


def test_streak_runs_to_yesterday_while_today_is_under_way() -> None:
    today = date(2026, 11, 20)
    days = Days(effort={}, wins={today - timedelta(days=n): 1 for n in (1, 2, 3, 5)}, goals={})
    assert days.current_streak(today) == 3
    assert days.longest_streak(today - timedelta(days=n) for n in range(6, -1, -1)) == 3


def test_home_status_line_and_patterns_agree(home: Path) -> None:
    now = datetime.now().astimezone()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    early, late = midnight + (now - midnight) / 3, midnight + (now - midnight) * 2 / 3
    store = Store(home)
    # Today: two check-ins, saved latest first. The later one lowers the dials and adds a goal
    # answered yes, which sets no target, so the 25 dials logged meet today's goals.
    store.add_reflection(reflection(late, "checkin", values={"goal_dials": 20, "goal_meetings": True}))
    store.add_reflection(checkin(early, dials=100))
    store.add_effort(effort(late, "dials", 25))
    # Yesterday: goals given as numbers, and met. The day before: a small win. Then nothing.
    store.add_reflection(checkin(days_ago(1, hour=8), dials=30, conversations=4))
    store.add_effort(effort(days_ago(1, hour=11), "dials", 30))
    store.add_effort(effort(days_ago(1, hour=11), "conversations", 5))
    store.add_reflection(reflection(days_ago(2), "wrapup", small_win="Booked a demo"))
    store.add_reflection(reflection(days_ago(3), "wrapup"))

    status = run_coach(home, stdin="q\n")
    patterns = run_coach(home, "patterns")
    assert status.returncode == 0 and patterns.returncode == 0, status.stderr + patterns.stderr
    assert "Today: 25 dials · 0 wins · streak 3 days · goals met" in status.stdout
    assert "Current streak: 3 days in a row" in patterns.stdout
    assert "Every goal was met on 2 of 2 check-in days." in patterns.stdout
