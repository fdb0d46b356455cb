"""The numbers playbook rules read, computed from hand-made records."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from coach.review.stats import compute_stats

ZONE = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=ZONE)


def at(hours_ago: float) -> str:
    return (NOW - timedelta(hours=hours_ago)).isoformat()


def debrief(hours_ago: float, sting: int, win: str | None = None) -> dict[str, object]:
    return {"playbook": "debrief", "finished": at(hours_ago), "sting_before": sting,
            "small_win": win}


def effort(kind: str, count: int, hours_ago: float) -> dict[str, object]:
    return {"kind": "effort", "type": kind, "count": count, "at": at(hours_ago)}


def checkin(hours_ago: float, dials: int) -> dict[str, object]:
    return {"playbook": "checkin", "finished": at(hours_ago), "values": {"goal_dials": dials}}


def test_effort_today_and_yesterday() -> None:
    stats = compute_stats([], [effort("dials", 10, 1), effort("dials", 5, 2),
                               effort("meetings", 1, 26)], NOW)
    assert stats["dials_today"] == 15 and stats["meetings_yesterday"] == 1
    assert stats["conversations_today"] == 0


def test_tough_calls_in_the_last_hour_and_last_sting() -> None:
    records = [debrief(0.5, 8), debrief(0.9, 7), debrief(3, 9), debrief(0.2, 2)]
    stats = compute_stats(records, [], NOW)
    assert stats["tough_calls_last_hour"] == 2
    assert stats["tough_calls_today"] == 3
    assert stats["debriefs_today"] == 4
    assert stats["last_sting"] == 2
    assert stats["minutes_since_last_debrief"] == 12


def test_ratios_wait_for_a_sample_and_leave_today_out() -> None:
    few = compute_stats([], [effort("dials", 40, 30), effort("meetings", 2, 30)], NOW)
    assert few["dials_per_meeting"] is None
    enough = compute_stats([], [effort("dials", 60, 30), effort("meetings", 3, 30)], NOW)
    assert enough["dials_per_meeting"] == 20.0 and enough["meeting_rate_words"] == "1 in 20"
    # Today is judged against the rate, so it is not part of it.
    today_too = compute_stats([], [effort("dials", 60, 30), effort("meetings", 3, 30),
                                   effort("dials", 40, 1), effort("meetings", 3, 1)], NOW)
    assert today_too["dials_per_meeting"] == 20.0


def test_latest_check_in_of_the_day_sets_the_goals() -> None:
    for order in (1, -1):
        records = [checkin(5, 40), checkin(2, 60)][::order]
        assert compute_stats(records, [], NOW)["goal_dials"] == 60


def test_streak_counts_wins_and_met_goals() -> None:
    records = [debrief(1, 5, "email"), debrief(25, 5, "a name"), checkin(49, 10)]
    events = [effort("dials", 12, 48)]  # two days ago: goal of 10 dials met
    assert compute_stats(records, events, NOW)["streak_days"] == 3
    assert compute_stats(records[1:], events, NOW)["streak_days"] == 2  # today still open


def test_dials_since_the_last_breather() -> None:
    events = [effort("dials", 30, 3), effort("breather", 1, 2), effort("dials", 20, 1)]
    assert compute_stats([], events, NOW)["dials_since_break"] == 20
