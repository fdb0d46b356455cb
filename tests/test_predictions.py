"""The morning's prediction against call reluctance: asked at the check-in, held against the day
at the wrap-up, and counted over the week (coach/review/predictions.py)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from conftest import FIXED_NOW, coach_at_fixed_time
from lookback_records import debrief, effort, reflection

from coach.review.days import tally_days
from coach.review.periods import DayFinder
from coach.review.predictions import PredictionBook, compare, prediction_of
from coach.review.stats import TOUGH_STING, compute_stats
from coach.store.store import Store

# The check-in of an empty yesterday: energy, mindset, three goals, the guess, the intention.
MORNING = ["4", "1", "60", "8", "3"]
# The wrap-up after 30 of 60 dials: what got in the way, the intention, the wins, the carry.
EVENING = "Meetings\n1\nBooked a demo\nRest\n"
KINDER = ("This morning you expected 5 calls to go badly; you debriefed 2 tough ones, and the "
          "worst stung 9. The day was kinder than you feared.")


def _check_in(home: Path, guess: str) -> dict[str, Any]:
    """This morning's check-in through the real command, and the record it saved."""
    stdin = "".join(line + "\n" for line in [*MORNING, guess, "Stay curious"])
    code, out, err = coach_at_fixed_time(home, "checkin", stdin=stdin)
    assert code == 0, out + err
    assert "How many calls do you expect to go badly? (Enter to skip)" in out
    assert "Saved." in out
    code, out, _ = coach_at_fixed_time(home, "history", "--format", "json")
    (record,) = [found for found in json.loads(out) if found["playbook"] == "checkin"]
    return record  # type: ignore[no-any-return]


def _the_day(home: Path) -> None:
    """30 dials logged and three debriefs today: stings 9, 7 (both tough) and 4."""
    assert coach_at_fixed_time(home, "log", "dials", "30")[0] == 0
    store = Store(home)
    for minutes, sting in ((50, 9), (40, 7), (20, 4)):
        store.add_reflection(debrief(FIXED_NOW - timedelta(minutes=minutes), sting=sting))


def _wrap_up(home: Path) -> str:
    code, out, err = coach_at_fixed_time(home, "wrapup", stdin=EVENING)
    assert code == 0, out + err
    assert "Saved." in out
    return out


def _comes_back(home: Path) -> None:
    assert _check_in(home, "5")["values"]["predicted_bad_calls"] == 5
    _the_day(home)
    out = _wrap_up(home)
    assert KINDER in " ".join(out.split())


def test_a_morning_guess_comes_back_at_the_wrap_up_against_the_log_and_debriefs(
        home: Path) -> None:
    _comes_back(home)


def test_a_skipped_guess_is_stored_as_none_and_brings_nothing_back(home: Path) -> None:
    assert _check_in(home, "")["values"]["predicted_bad_calls"] is None
    _the_day(home)
    out = _wrap_up(home)
    assert "you expected" not in out and "kinder" not in out and "came true" not in out
    assert "Today: 30 of 60 dials" in out  # the rest of the wrap-up is as before


def test_a_guess_that_is_not_a_number_is_asked_again(home: Path) -> None:
    stdin = "".join(line + "\n" for line in [*MORNING, "lots", "-2", "3", "Stay curious"])
    code, out, _ = coach_at_fixed_time(home, "checkin", stdin=stdin)
    assert code == 0 and "Saved." in out
    assert out.count("How many calls do you expect to go badly?") == 3


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=FIXED_NOW.tzinfo)


def _guess(moment: datetime, guess: object = None) -> dict[str, Any]:
    values: dict[str, object] = {"goal_dials": 50}
    if guess is not None:
        values["predicted_bad_calls"] = guess
    return reflection(moment, "checkin", values=values, tags=["checkin"])


# A week of mornings and days, Monday 16 to Friday 20 November 2026 (today, as FIXED_NOW), and
# the Sunday before. Each day: its check-ins (hour, guess), its debriefs' stings, its dials.
MONDAY = date(2026, 11, 16)
WEEK: dict[date, tuple[list[tuple[int, object]], list[int], int]] = {
    MONDAY - timedelta(days=1): ([(8, 9)], [], 50),  # last week: not counted in this week
    MONDAY: ([(8, 5)], [8, 3], 40),  # 1 tough of 5 feared: better
    MONDAY + timedelta(days=1): ([(8, 1)], [9, 7, 2], 45),  # 2 tough of 1 feared: came true
    MONDAY + timedelta(days=2): ([(8, 3)], [], 0),  # no calls: nothing to hold it against
    # Checked in twice: the later guess (4) stands, as the later goals do; 1 tough: better.
    MONDAY + timedelta(days=3): ([(8, 0), (9, 4)], [7, 3], 10),
    MONDAY + timedelta(days=4): ([(8, None)], [10], 20),  # today: skipped, so not counted
}


def _week_records() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    reflections, events = [], []
    for day, (mornings, stings, dials) in WEEK.items():
        reflections += [_guess(_at(day, hour), guess) for hour, guess in mornings]
        reflections += [debrief(_at(day, 10) + timedelta(minutes=n), sting=sting)
                        for n, sting in enumerate(stings)]
        if dials:
            events.append(effort(_at(day, 9), "dials", dials))
    return reflections, events


def test_the_week_counts_days_better_than_predicted_on_seeded_records() -> None:
    reflections, events = _week_records()
    stats = compute_stats(reflections, events, FIXED_NOW)
    assert stats["predictions_week"] == {"days": 3, "better": 2, "came_true": 1}
    assert stats["predicted_bad_calls"] is None  # today's guess was skipped
    assert stats["worst_sting_today"] == 10 and stats["tough_calls_today"] == 1


def test_the_comparison_over_any_period_and_in_any_order() -> None:
    reflections, events = _week_records()
    day_of = DayFinder(FIXED_NOW.tzinfo).day
    days = tally_days(reflections, events, day_of)
    book = PredictionBook(TOUGH_STING)
    for record in reversed(reflections):  # the later check-in wins whatever the order
        found = day_of(record["finished"])
        assert found is not None
        book.add(record, found)
    held = book.held_days(MONDAY - timedelta(days=1), FIXED_NOW.date(), days)
    assert [(day.day.day, day.predicted, day.tough, day.held) for day in held] == [
        (15, 9, 0, True), (16, 5, 1, True), (17, 1, 2, True), (18, 3, 0, False),
        (19, 4, 1, True)]
    summary = compare(held)
    assert (summary.days, summary.better, summary.came_true) == (4, 3, 1)
    assert compare([]).as_stat() == {"days": 0, "better": 0, "came_true": 0}


def test_a_stored_guess_is_read_as_a_whole_number_or_none() -> None:
    assert [prediction_of({"predicted_bad_calls": value})
            for value in (0, 7, 3.0, 2.5, 0.4, -1, True, "5", None, float("nan"))] == [
        0, 7, 3, 3, 0, None, None, None, None, None]
    assert prediction_of({}) is None


def test_a_stat_a_playbook_can_read(home: Path) -> None:
    """`stats.predictions_week` is a mapping a playbook (the weekly review) reads by attribute."""
    folder = home / "drafts"
    (folder / "tests").mkdir(parents=True)
    (folder / "week_guess.yaml").write_text(
        'id: week_guess\ntitle: Week guess\nsummary: Reads the stat.\nsteps:\n'
        '  - id: line\n    type: say\n    when: "stats.predictions_week.days"\n'
        '    say: "Better than feared on {{ stats.predictions_week.better }} of '
        '{{ stats.predictions_week.days }} days."\n'
        '  - id: done\n    ask: "Done?"\n', encoding="utf-8")
    (folder / "tests" / "week_guess.yaml").write_text(
        "playbook: week_guess\ncases:\n  - name: read\n"
        "    stats: {predictions_week: {days: 3, better: 2, came_true: 1}}\n"
        "    answers: [yes]\n    expect: {says: ['Better than feared on 2 of 3 days.']}\n"
        "  - name: a week without guesses says nothing\n    answers: [yes]\n"
        "    expect: {not_says: ['Better than feared']}\n", encoding="utf-8")
    code, out, err = coach_at_fixed_time(home, "playbooks", "test",
                                         str(folder / "tests" / "week_guess.yaml"))
    assert code == 0, out + err
    assert "2 cases passed, 0 failed." in out
