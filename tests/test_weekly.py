"""`coach weekly`: the week against its goals, milestones, the goal it sets, the home offer."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import FIXED_NOW, coach_at_fixed_time
from sample_records import MONDAY, effort, reflection

from coach.commands.home import weekly_due
from coach.review.stats import compute_stats
from coach.store.store import Store

ANSWERS = "Got past more gatekeepers\nAsk about timing first\ndials\n250\n"
"""What went better, the lesson, and next week's goal: 250 dials."""


def _checkin(day: datetime, dials: int, conversations: int) -> dict[str, object]:
    return reflection(day, playbook="checkin", title="Morning check-in", cause=None,
                      small_win=None, next_action=None, callback=None, sting_before=None,
                      sting_after=None, values={"goal_dials": dials,
                                                "goal_conversations": conversations})


def _seed_week(store: Store) -> None:
    """Monday and Tuesday checked in (60 dials and 8 conversations each); Monday met its goals."""
    tuesday = MONDAY + timedelta(days=1)
    store.add_reflection(_checkin(MONDAY, 60, 8))
    store.add_reflection(_checkin(tuesday, 60, 8))
    for day, dials, talks in ((MONDAY, 62, 9), (tuesday, 40, 5)):
        store.add_effort(effort("dials", dials, day + timedelta(hours=2)))
        store.add_effort(effort("conversations", talks, day + timedelta(hours=3)))
    store.add_reflection(reflection(MONDAY + timedelta(hours=4), cause="timing"))
    store.add_reflection(reflection(tuesday + timedelta(hours=4), cause="timing"))
    store.add_reflection(reflection(tuesday + timedelta(hours=5), cause="budget",
                                    small_win="none", objection="email"))
    store.add_reflection(reflection(tuesday + timedelta(hours=6), cause="brush_off",
                                    small_win="none", objection="just email it over"))
    store.add_reflection(reflection(tuesday + timedelta(hours=7), cause="budget",
                                    small_win="none", objection="budget"))


def test_weekly_names_the_week_against_its_goals_and_is_saved(home: Path) -> None:
    store = Store(home)
    _seed_week(store)
    code, out, err = coach_at_fixed_time(home, "weekly", stdin=ANSWERS)
    assert code == 0, err
    assert "This week: 102 dials, 14 conversations, 0 follow-ups." in out
    assert ("On your check-in days: 102 of 120 dials; 14 of 16 conversations; goals met on 1 of 2."
            in out)
    assert "2 small wins named." in out
    assert "What the no's were about: budget (2), timing (2), brush-off (1)." in out
    assert "Objections this week: send me an email (2), no budget (1)." in out
    assert "Set: 250 dials next week." in out
    saved = [r for r in Store(home).reflections() if r["playbook"] == "weekly"]
    assert len(saved) == 1
    assert saved[0]["values"]["goal_kind"] == "dials"
    assert saved[0]["values"]["goal_count"] == 250
    assert saved[0]["lesson"] == "Ask about timing first"


def test_the_goal_comes_back_the_next_week(home: Path) -> None:
    store = Store(home)
    assert coach_at_fixed_time(home, "weekly", stdin=ANSWERS)[0] == 0
    next_monday = FIXED_NOW + timedelta(days=3)
    store.add_effort(effort("dials", 40, next_monday - timedelta(hours=1)))
    stats = compute_stats(store.summaries(), store.effort_events(), next_monday)
    assert (stats["weekly_goal"], stats["weekly_goal_done"]) == ("250 dials", 40)
    # The review a week later holds the week against it.
    later = compute_stats(store.summaries(), store.effort_events(), FIXED_NOW)
    assert later["weekly_goal"] is None  # set this week: it is next week's goal


def test_the_review_reads_back_last_weeks_goal(home: Path) -> None:
    store = Store(home)
    store.add_reflection(reflection(MONDAY - timedelta(days=3), playbook="weekly",
                                    values={"goal_kind": "follow_ups", "goal_count": 12}))
    store.add_effort(effort("follow_ups", 7, MONDAY))
    code, out, _ = coach_at_fixed_time(home, "weekly", stdin=ANSWERS)
    assert code == 0
    assert "Your goal for the week was 12 follow-ups: 7 done." in out


def test_the_thousandth_dial_is_named_in_the_review_and_at_home(home: Path) -> None:
    store = Store(home)
    store.add_effort(effort("dials", 990, MONDAY - timedelta(days=20)))
    store.add_effort(effort("dials", 15, FIXED_NOW - timedelta(hours=1)))
    code, out, _ = coach_at_fixed_time(home, "weekly", stdin=ANSWERS)
    assert code == 0
    assert "Milestone: your 1,000th dial." in out
    _, screen, _ = coach_at_fixed_time(home, stdin="q\n")
    assert "Milestone today: your 1,000th dial." in screen


def test_a_best_week_of_effort_is_named(home: Path) -> None:
    store = Store(home)
    for weeks_ago in range(1, 5):
        store.add_effort(effort("dials", 100 + 2 * weeks_ago, MONDAY - timedelta(weeks=weeks_ago)))
    store.add_effort(effort("dials", 120, MONDAY))
    code, out, _ = coach_at_fixed_time(home, "weekly", stdin=ANSWERS)
    assert code == 0
    assert "your best week of dials yet (120, past 108)" in out
    assert "Your usual week is about 105 dials." in out


def test_the_hundredth_small_win_is_a_milestone_that_day() -> None:
    wins = [reflection(MONDAY - timedelta(days=30, minutes=n)) for n in range(99)]
    stats = compute_stats([*wins, reflection(FIXED_NOW - timedelta(hours=1))], [], FIXED_NOW)
    assert stats["milestones_today"] == ["your 100th small win"]
    assert compute_stats(wins, [], FIXED_NOW)["week_milestones"] == []


def test_home_offers_the_review_on_friday_until_it_is_done(home: Path) -> None:
    offer = "9. Weekly review: it's the week's end, and this week's is not done yet"
    _, before, _ = coach_at_fixed_time(home, stdin="q\n")
    assert offer in before and "1. Debrief a tough call" in before  # no number moves
    assert coach_at_fixed_time(home, "weekly", stdin=ANSWERS)[0] == 0
    _, after, _ = coach_at_fixed_time(home, stdin="q\n")
    assert offer not in after
    assert "9. Weekly review: close the week" in after


def test_home_runs_the_review_from_its_offer(home: Path) -> None:
    code, out, _ = coach_at_fixed_time(home, stdin="9\n" + ANSWERS + "q\n")
    assert code == 0
    assert "What went better this week than you expected?" in out and "Saved." in out
    assert any(r["playbook"] == "weekly" for r in Store(home).reflections())


@pytest.mark.parametrize(("days_after_friday", "due"), [(-2, False), (0, True), (1, True),
                                                        (2, True), (3, False)])
def test_the_review_is_offered_from_friday_on(days_after_friday: int, due: bool) -> None:
    day = FIXED_NOW + timedelta(days=days_after_friday)
    assert weekly_due({"week_reviewed": False}, day) is due
    assert not weekly_due({"week_reviewed": True}, FIXED_NOW)


def test_the_next_check_in_brings_the_weeks_goal_back(home: Path) -> None:
    import io

    from coach.cli import main
    from coach.commands.app import App

    assert coach_at_fixed_time(home, "weekly", stdin=ANSWERS)[0] == 0
    next_monday = FIXED_NOW + timedelta(days=3)
    Store(home).add_effort(effort("dials", 40, next_monday - timedelta(hours=1)))
    out = io.StringIO()
    app = App(stdin=io.StringIO("3\n1\n" + "\n" * 20), stdout=out, stderr=io.StringIO(),
              clock=lambda: next_monday, home=home, interactive=False)
    main(["checkin"], app)
    assert "This week's goal: 250 dials (40 so far)." in out.getvalue()


def test_a_week_imported_from_a_dialers_call_log_is_named(home: Path, tmp_path: Path) -> None:
    calls = tmp_path / "calls.csv"
    rows = ["Call Date,Contact Name,Call Result,Talk Time"]
    for day in (16, 17, 18):  # Monday to Wednesday of the week of FIXED_NOW
        rows += [f"11/{day}/2026 9:{minute:02d} AM,Prospect {minute},No Answer,"
                 for minute in range(10)]
        rows.append(f"11/{day}/2026 11:00 AM,Ada,Connected - Meeting Booked,4:12")
    calls.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = coach_at_fixed_time(home, "import", str(calls))
    assert code == 0, err
    code, out, err = coach_at_fixed_time(home, "weekly", stdin=ANSWERS)
    assert code == 0, err
    assert "This week: 33 dials, 3 conversations, 0 follow-ups." in out
    [review] = [r for r in Store(home).reflections() if r["playbook"] == "weekly"]
    assert review["values"]["goal_count"] == 250


def test_today_under_way_is_not_a_day_that_missed_its_goals(home: Path) -> None:
    Store(home).add_reflection(_checkin(FIXED_NOW - timedelta(hours=2), 60, 8))
    Store(home).add_effort(effort("dials", 12, FIXED_NOW - timedelta(hours=1)))
    code, out, _ = coach_at_fixed_time(home, "weekly", stdin=ANSWERS)
    assert code == 0
    assert "No check-in goals this week" in out and "0 of 1" not in out
