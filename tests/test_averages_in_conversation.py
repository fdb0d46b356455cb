"""The rep's own rate in the conversation: the stats, and what the debrief and wrap-up say with them.

The stats must agree with `coach patterns` (review/averages.py): the same rate, the same exact
binomial, the same verdict, so the pattern review and the conversation never disagree.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import run_coach
from lookback_records import NOW, days_ago, effort

from coach.review.averages import binomial_at_most, how_often, trust_your_averages
from coach.review.stats import compute_stats
from coach.store.store import Store


def _history(now: datetime, meetings_per_day: int = 3, days: int = 10) -> list[dict[str, object]]:
    """`days` earlier days of 51 dials each, and `meetings_per_day` meetings on each."""
    events = []
    for back in range(2, 2 + days):
        moment = (now - timedelta(days=back)).replace(hour=11, minute=0)
        events += [effort(moment, "dials", 51), effort(moment, "meetings", meetings_per_day)]
    return events


def test_a_slow_day_is_judged_with_the_same_binomial_as_coach_patterns() -> None:
    events = [*_history(NOW), effort(NOW - timedelta(hours=2), "dials", 25)]
    stats = compute_stats([], events, NOW)
    assert stats["dials_per_meeting"] == 17.0 and stats["meeting_rate_words"] == "1 in 17"
    assert stats["meetings_sample"] == 30
    chance = binomial_at_most(25, 0, 30 / 510)
    assert stats["meetings_chance_today"] == round(chance, 3)
    assert stats["meetings_chance_words"] == how_often(chance)
    # What `coach patterns` computes for the same day.
    by_day: dict[date, dict[str, int]] = {}
    for event in events:
        day = datetime.fromisoformat(str(event["at"])).date()
        by_day.setdefault(day, {}).setdefault(str(event["type"]), 0)
        by_day[day][str(event["type"])] += int(event["count"])  # type: ignore[call-overload]
    check = next(c for c in trust_your_averages(by_day, NOW.date()).checks if c.outcome == "meetings")
    assert check.probability == pytest.approx(chance) and check.verdict == stats["meetings_verdict"]
    assert stats["meetings_verdict"] == "normal"


@pytest.mark.parametrize(("dials", "meetings", "verdict"), [
    (25, 0, "normal"), (90, 0, "rare"), (34, 2, "typical"), (40, 8, "good"),
])
def test_the_verdict_follows_the_day(dials: int, meetings: int, verdict: str) -> None:
    today = [effort(NOW - timedelta(hours=2), "dials", dials)]
    if meetings:
        today.append(effort(NOW - timedelta(hours=1), "meetings", meetings))
    stats = compute_stats([], _history(NOW) + today, NOW)
    assert stats["meetings_verdict"] == verdict
    assert (stats["meetings_chance_today"] < 0.02) == (verdict == "rare")


def test_too_small_a_sample_says_nothing_about_chance() -> None:
    events = [*_history(NOW, meetings_per_day=1, days=2), effort(NOW - timedelta(hours=1), "dials", 30)]
    stats = compute_stats([], events, NOW)
    assert stats["meetings_sample"] == 2
    assert stats["dials_per_meeting"] is None and stats["meeting_rate_words"] is None
    assert stats["meetings_chance_today"] is None and stats["meetings_verdict"] is None


def test_no_dials_today_means_no_judgement_but_the_rate_stays() -> None:
    stats = compute_stats([], _history(NOW), NOW)
    assert stats["dials_per_meeting"] == 17.0
    assert stats["meetings_chance_today"] is None and stats["meetings_verdict"] is None


def test_conversations_have_their_own_rate() -> None:
    events = [*_history(NOW), effort((NOW - timedelta(days=3)).replace(hour=12), "conversations", 17), effort(NOW - timedelta(hours=1), "dials", 30)]
    stats = compute_stats([], events, NOW)
    assert stats["dials_per_conversation"] == 30.0 and stats["conversation_rate_words"] == "1 in 30"
    assert stats["conversations_verdict"] in ("typical", "normal")


@pytest.mark.parametrize(("probability", "words"), [
    (0.5, "about half the time"), (0.33, "about a third of the time"),
    (0.24, "about a quarter of the time"), (0.05, "about 1 time in 20"),
    (0.001, "less than 1 time in 100"), (0.7, "more often than not"), (0.95, "almost always"),
])
def test_chances_in_words(probability: float, words: str) -> None:
    assert how_often(probability) == words


def _seed_rate(home: Path) -> None:
    store = Store(home)
    for back in range(2, 12):
        for kind, count in (("dials", 51), ("meetings", 3)):
            store.add_effort(effort(days_ago(back, hour=11), kind, count))
    store.add_effort(effort(days_ago(0), "dials", 25))


def test_the_wrap_up_and_coach_patterns_tell_the_same_day(home: Path) -> None:
    _seed_rate(home)
    wrapup = run_coach(home, "wrapup", stdin="A good talk with a buyer\nSame list tomorrow\n")
    patterns = run_coach(home, "patterns")
    assert wrapup.returncode == 0 and patterns.returncode == 0, wrapup.stderr + patterns.stderr
    words = how_often(binomial_at_most(25, 0, 30 / 510))
    assert (f"0 meetings in 25 dials: at your 1 in 17, that happens {words}. "
            "Normal variance: trust your averages.") in wrapup.stdout
    percent = round(binomial_at_most(25, 0, 30 / 510) * 100)
    assert "0 meetings in 25 dials. At your rate of 1 in 17" in patterns.stdout
    assert f"about {percent}% of the time (normal variance)" in patterns.stdout


def test_the_full_debrief_shows_the_rate_after_the_no_is_sorted(home: Path) -> None:
    _seed_rate(home)
    # "3", "8": the call died at the pitch and nothing was said (the objection book's questions).
    answers = ["I rushed the pitch", "2", "5", "They stayed on the line", "3", "3", "8", "1",
               "Real talk", "Pause after my opener", "1"]
    result = run_coach(home, "debrief", stdin="\n".join(answers) + "\n")
    assert result.returncode == 0, result.stderr
    line = "0 meetings in 25 dials: normal at your 1 in 17"
    assert line in result.stdout
    assert result.stdout.index("not a verdict on you") < result.stdout.index(line)


def test_the_debrief_without_logged_effort_shows_no_numbers(home: Path) -> None:
    # "3", "8": the call died at the pitch and nothing was said (the objection book's questions).
    answers = ["I rushed the pitch", "2", "5", "They stayed on the line", "3", "3", "8", "1",
               "Real talk", "Pause after my opener", "1"]
    result = run_coach(home, "debrief", stdin="\n".join(answers) + "\n")
    assert result.returncode == 0, result.stderr
    assert "your own rate" not in result.stdout and "meetings in" not in result.stdout
