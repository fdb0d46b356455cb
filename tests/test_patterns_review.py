"""The pattern review against a small week worked out by hand.

Period: Sat 14 to Fri 20 Nov 2026 (7 days); the period before: 7 to 13 Nov.

    day    what                                      sting  cause     small win
    16 Mon debrief 10:00                             8 -> 4 timing    yes
    16 Mon debrief 14:30                             7 -> 5 timing
    17 Tue debrief 15:00                             4 -> 4 budget    yes
    18 Wed check-in (dials 20, conversations 4); debrief 09:00  6 -> 7 delivery
    19 Thu check-in (dials 30, follow-ups 2)
    20 Fri debrief 11:00 (callback 19 Nov, Acme)     9 -> 5 timing    yes
    before: budget, budget, timing (13 Nov, callback 25 Nov, Globex); 1 Nov: fit (in neither)

Effort before today: 180 dials, 36 conversations, 10 meetings (1 in 18, 1 in 5).
Today: 25 dials, 5 conversations, 0 meetings.
"""

from __future__ import annotations

from datetime import date

import pytest
from lookback_records import NOW, at, checkin, debrief, effort

from coach.review.patterns import CauseRow, Review, review
from coach.review.periods import Period
from coach.review.phrases import Phrase

PERIOD = Period(date(2026, 11, 14), date(2026, 11, 20))

REFLECTIONS = [
    debrief(at("2026-11-20", "11:00"), 9, 5, "timing", small_win="A referral", callback="2026-11-19",
            values={"prospect": "Acme"}, record_id="d5" + "0" * 30),
    checkin(at("2026-11-19", "08:00"), dials=30, follow_ups=2),
    debrief(at("2026-11-18", "09:00"), 6, 7, "delivery", next_action="Send the deck",
            thinking_trap="personalising"),
    checkin(at("2026-11-18", "08:00"), dials=20, conversations=4),
    debrief(at("2026-11-17", "15:00"), 4, 4, "budget", small_win="Five minutes of talk",
            lesson="check budget early"),
    debrief(at("2026-11-16", "14:30"), 7, 5, "timing", lesson="Slow down after the opener!",
            thinking_trap="fortune_telling"),
    debrief(at("2026-11-16", "10:00"), 8, 4, "timing", small_win="Got the email",
            lesson="slow down after the opener", next_action="send the deck",
            thinking_trap="fortune_telling"),
    debrief(at("2026-11-13", "10:00"), 3, 3, "timing", callback="2026-11-25",
            answers={"prospect": "Globex"}, record_id="p3" + "0" * 30),
    debrief(at("2026-11-12", "10:00"), 6, 2, "budget"),
    debrief(at("2026-11-10", "10:00"), 5, 3, "budget"),
    debrief(at("2026-11-01", "10:00"), 5, 3, "fit"),
]

EFFORT = [
    effort(at("2026-11-02", "10:00"), "dials", 135),
    effort(at("2026-11-02", "11:00"), "conversations", 28),
    effort(at("2026-11-02", "12:00"), "meetings", 9),
    effort(at("2026-11-18", "10:00"), "dials", 20),
    effort(at("2026-11-18", "11:00"), "conversations", 4),
    effort(at("2026-11-19", "10:00"), "dials", 25),
    effort(at("2026-11-19", "11:00"), "conversations", 4),
    effort(at("2026-11-19", "12:00"), "meetings", 1),
    effort(at("2026-11-19", "13:00"), "follow_ups", 2),
    effort(at("2026-11-19", "14:00"), "breather", 0),
    effort(at("2026-11-20", "09:00"), "dials", 25),
    effort(at("2026-11-20", "10:00"), "conversations", 5),
]


@pytest.fixture(scope="module")
def result() -> Review:
    return review(REFLECTIONS, EFFORT, NOW, PERIOD)


def test_counts_and_effort_in_the_period(result: Review) -> None:
    assert result.previous == Period(date(2026, 11, 7), date(2026, 11, 13))
    assert result.reflections == 7 and result.debriefs == 5
    assert result.effort == {"dials": 70, "conversations": 13, "meetings": 1, "follow_ups": 2,
                             "objections": 0}
    assert result.dials_per_day == (0, 0, 0, 0, 20, 25, 25)


def test_causes_with_shares_and_the_previous_period(result: Review) -> None:
    causes = result.causes
    assert causes.total == 5 and causes.previous_total == 3
    assert causes.rows == (
        CauseRow("timing", 3, 0.6, 1, pytest.approx(1 / 3)),
        CauseRow("budget", 1, 0.2, 2, pytest.approx(2 / 3)),
        CauseRow("delivery", 1, 0.2, 0, 0.0),
    )


def test_sting_before_and_after(result: Review) -> None:
    sting = result.sting
    assert sting.rated == 5
    assert sting.average_before == pytest.approx(6.8)
    assert sting.average_after == pytest.approx(5.0)
    assert sting.average_drop == pytest.approx(1.8)
    assert (sting.lowered, sting.unchanged, sting.raised) == (3, 1, 1)
    assert sting.weekly_before == (pytest.approx(6.8),)


def test_wins_and_streaks_count_wins_and_met_goals(result: Review) -> None:
    wins = result.wins
    assert wins.total == 3
    assert wins.per_day == (0, 0, 1, 1, 0, 0, 1)
    # Good days: 16 and 17 (wins), 18 (goals met), 20 (win); 19 missed its dial goal.
    assert (wins.good_days, wins.goal_days) == (4, 1)
    assert (wins.current_streak, wins.longest_streak) == (1, 3)


def test_effort_against_checkin_goals(result: Review) -> None:
    goals = result.goals
    assert (goals.checkin_days, goals.all_met_days) == (2, 1)
    rows = {row.kind: (row.days_set, row.days_met, row.done, row.goal) for row in goals.rows}
    assert rows == {"dials": (2, 1, 45, 50), "conversations": (1, 1, 4, 4),
                    "follow_ups": (1, 1, 2, 2)}


def test_rates_leave_out_the_day_being_judged(result: Review) -> None:
    averages = result.averages
    assert averages.day == date(2026, 11, 20)
    rates = {rate.outcome: rate for rate in averages.rates}
    assert (rates["meetings"].dials, rates["meetings"].outcomes) == (180, 10)
    assert rates["meetings"].dials_per_outcome == pytest.approx(18.0)
    assert rates["meetings"].confidence == "solid"
    assert rates["conversations"].dials_per_outcome == pytest.approx(5.0)
    assert rates["meetings"].since == date(2026, 11, 2)


def test_today_is_judged_with_the_binomial(result: Review) -> None:
    checks = {check.outcome: check for check in result.averages.checks}
    meetings = checks["meetings"]
    assert (meetings.dials, meetings.outcomes, meetings.direction) == (25, 0, "low")
    assert meetings.probability == pytest.approx((17 / 18) ** 25)  # 0.2396
    assert meetings.verdict == "normal"
    assert checks["conversations"].direction == "typical"
    assert checks["conversations"].expected == pytest.approx(5.0)


def test_recurring_phrases_and_traps(result: Review) -> None:
    assert result.lessons == (Phrase("slow down after the opener", 2),)
    assert result.next_actions == (Phrase("send the deck", 2),)
    assert result.traps == (("fortune_telling", 2), ("personalising", 1))


def test_callbacks_due_and_upcoming(result: Review) -> None:
    assert [(c.day, c.prospect, c.record_id[:2]) for c in result.callbacks_due] == [
        (date(2026, 11, 19), "Acme", "d5")]
    assert [(c.day, c.prospect) for c in result.callbacks_upcoming] == [
        (date(2026, 11, 25), "Globex")]


def test_strain_of_the_period(result: Review) -> None:
    strain = result.strain
    assert (strain.debriefs, strain.tough) == (5, 3)
    assert strain.by_weekday == (2, 0, 0, 0, 1, 0, 0)
    assert strain.by_hour[10] == 1 and strain.by_hour[14] == 1 and strain.by_hour[11] == 1
    assert strain.weekday_cluster is None  # two tough calls are not a cluster yet
    assert strain.bursts == 0
    assert strain.quarter_end.days_to_next == 41
    assert (strain.quarter_end.other_debriefs, strain.quarter_end.other_tough) == (9, 3)


def test_records_from_before_the_horizon_change_nothing(result: Review) -> None:
    assert result.horizon == date(2025, 11, 14)
    ancient = [debrief(at("2025-06-02", "10:00"), 9, 1, "fit", small_win="Long ago")]
    ancient_effort = [effort(at("2025-06-02", "10:00"), "meetings", 50)]
    assert review(REFLECTIONS + ancient, EFFORT + ancient_effort, NOW, PERIOD) == result


def test_an_empty_history_gives_an_empty_review() -> None:
    empty = review([], [], NOW, PERIOD)
    assert empty.reflections == 0 and empty.causes.rows == ()
    assert empty.averages.day is None and empty.averages.checks == ()
    assert all(rate.confidence == "hidden" for rate in empty.averages.rates)
    assert empty.wins.current_streak == 0
