"""The stats a debrief starts with read two weeks of reflections, yet equal the whole year's."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXED_NOW, make_app
from sample_records import effort, reflection

from coach.review.stats import RECENT_DAYS, STATS_WINDOW, compute_stats
from coach.store.store import Store

DAY = timedelta(days=1)


def checkin(finished: datetime, dials: int) -> dict[str, Any]:
    return reflection(finished, playbook="checkin", small_win=None, sting_before=None,
                      values={"goal_dials": dials, "intention": "Slow down on the opener"})


def _days_of_wins(count: int, last: datetime) -> list[dict[str, Any]]:
    return [reflection(last - day * DAY, small_win="Booked a demo") for day in range(count)]


SCENARIOS: dict[str, list[dict[str, Any]]] = {
    "a debrief this morning, a short streak": [
        reflection(FIXED_NOW - timedelta(hours=2)), *_days_of_wins(3, FIXED_NOW - DAY),
        reflection(FIXED_NOW - 200 * DAY, small_win="old win")],
    "the last debrief a month ago": [
        reflection(FIXED_NOW - 30 * DAY, sting_before=9), checkin(FIXED_NOW - 3 * DAY, 40)],
    "a win every day for three weeks": _days_of_wins(21, FIXED_NOW - timedelta(hours=1)),
    "a streak ending exactly where the first read starts": _days_of_wins(
        RECENT_DAYS, FIXED_NOW - DAY),
    "a streak of met goals": [
        *(checkin(FIXED_NOW - day * DAY - timedelta(hours=2), 5) for day in range(1, 20)),
        reflection(FIXED_NOW - timedelta(minutes=20), small_win=None)],
    "nothing at all": [],
}
EFFORT = [effort("dials", 10, FIXED_NOW - day * DAY - timedelta(hours=1)) for day in range(1, 20)]


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_stats_equal_those_of_the_whole_year(tmp_path: Path, name: str) -> None:
    home = tmp_path / "home"
    Store(home).add_records([*SCENARIOS[name], *EFFORT])
    app = make_app(home)
    year = FIXED_NOW - STATS_WINDOW
    whole = compute_stats(app.store.summaries(year), app.store.effort_counts(year, FIXED_NOW),
                          FIXED_NOW)
    assert app.stats() == whole


@pytest.mark.parametrize(("name", "reads"), [
    ("a debrief this morning, a short streak", 1),
    ("the last debrief a month ago", 2),
    ("a win every day for three weeks", 2),
])
def test_only_the_last_two_weeks_are_read_unless_the_answer_may_lie_further_back(
    tmp_path: Path, name: str, reads: int,
) -> None:
    home = tmp_path / "home"
    Store(home).add_records(SCENARIOS[name])
    app = make_app(home)
    asked: list[datetime | None] = []
    read = app.store.summaries

    def summaries(since: datetime | None = None) -> list[dict[str, Any]]:
        asked.append(since)
        return read(since)

    app.store.summaries = summaries  # type: ignore[method-assign]
    app.stats()
    assert len(asked) == reads
    assert asked[0] is not None and FIXED_NOW - asked[0] <= timedelta(days=RECENT_DAYS + 1)
