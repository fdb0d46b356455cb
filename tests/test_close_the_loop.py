"""Closing the loop: yesterday's plan in the morning, today's goals and intention at night, and
"none" never counted as a small win."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import run_coach
from lookback_records import NOW, at, checkin, days_ago, effort, reflection

from coach.conversation.answers import parse_answer
from coach.conversation.engine import Conversation
from coach.playbook.library import Library
from coach.review.days import NOT_A_WIN, effort_against_goals, is_small_win
from coach.review.stats import MAX_QUOTE, compute_stats
from coach.store.store import Store

YESTERDAY = "2026-11-19"


def _morning(day: str, intention: str, **goals: int) -> dict[str, object]:
    record = checkin(at(day, "08:00"), **goals)
    record["values"]["intention"] = intention  # type: ignore[index]
    return record


def test_yesterday_s_plan_comes_from_its_records() -> None:
    records = [
        _morning(YESTERDAY, "Stay curious", dials=40),
        _morning(YESTERDAY, "Stay curious, and slow down", dials=30),  # later: it wins
        *[reflection(at(YESTERDAY, f"1{hour}:00"), "debrief", next_action=f"Call {hour}")
          for hour in range(4)],
        reflection(at("2026-11-20", "09:00"), "debrief", next_action="Today's line"),
        reflection(at(YESTERDAY, "18:00"), "wrapup", values={"carry": "Start with warm leads"}),
        _morning("2026-11-20", "Listen more", dials=50),
    ]
    records[1]["finished"] = at(YESTERDAY, "09:00").isoformat()
    stats = compute_stats(records, [effort(at(YESTERDAY, "12:00"), "dials", 35)], NOW)
    assert stats["yesterday_intention"] == "Stay curious, and slow down"
    assert stats["yesterday_next_actions"] == ["Call 3", "Call 2", "Call 1"]
    assert stats["yesterday_carry"] == "Start with warm leads"
    assert stats["yesterday_goals_met"] is True
    assert stats["intention_today"] == "Listen more" and stats["checked_in_today"] is True


def test_an_empty_yesterday_has_nothing_to_show() -> None:
    stats = compute_stats([], [], NOW)
    assert stats["yesterday_intention"] is None and stats["yesterday_carry"] is None
    assert stats["yesterday_next_actions"] == [] and stats["yesterday_goals_met"] is None
    assert stats["checked_in_today"] is False and stats["effort_vs_goals"] is None


def test_long_text_is_cut_to_one_bounded_line() -> None:
    stats = compute_stats([_morning(YESTERDAY, "Stay\ncurious " + "x" * 500)], [], NOW)
    quoted = stats["yesterday_intention"]
    assert len(quoted) == MAX_QUOTE and quoted.startswith("Stay curious x") and quoted.endswith("\u2026")


@pytest.mark.parametrize(("done", "grade"), [
    ({"dials": 60, "follow_ups": 4}, "met"),
    ({"dials": 50, "follow_ups": 3}, "close"),
    ({"dials": 90, "follow_ups": 0}, "close"),  # extra dials do not make up for follow-ups past 60
    ({"dials": 30, "follow_ups": 1}, "short"),
])
def test_effort_is_graded_from_the_numbers(done: dict[str, int], grade: str) -> None:
    assert effort_against_goals({"dials": 60, "follow_ups": 4}, done) == grade
    events = [effort(at("2026-11-20", "11:00"), kind, count) for kind, count in done.items() if count]
    stats = compute_stats([checkin(at("2026-11-20", "08:00"), dials=60, follow_ups=4)], events, NOW)
    assert stats["effort_vs_goals"] == grade


def test_no_effort_goal_means_no_grade() -> None:
    assert effort_against_goals({"dials": 0}, {"dials": 10}) is None


@pytest.mark.parametrize("text", ["none", "None.", "  nothing ", "No", "nope!", "zero", "n/a", "N/A",
                                  "-", "nothing today", "0"])
def test_saying_there_was_none_is_not_a_win_and_does_not_extend_the_streak(text: str) -> None:
    assert not is_small_win(text)
    records = [reflection(at(YESTERDAY, "18:00"), "wrapup", small_win="Booked a demo"),
               reflection(at("2026-11-20", "16:00"), "wrapup", small_win=text)]
    stats = compute_stats(records, [], NOW)
    assert stats["wins_today"] == 0 and stats["streak_days"] == 1


@pytest.mark.parametrize("text", ["No-show, but they emailed back", "Nothing big: a direct line"])
def test_a_win_that_starts_with_no_is_still_a_win(text: str) -> None:
    assert is_small_win(text)


def _play(library: Library, playbook: str, stats: dict[str, object], answers: list[str],
          quick: bool = False) -> Conversation:
    today = NOW.date()
    conversation = Conversation(library.get(playbook), library.playbooks,
                                {**compute_stats([], [], NOW), **stats},
                                today, quick)
    for typed in answers:
        assert conversation.current is not None
        conversation = conversation.answer(parse_answer(conversation.current.step, typed, today))
    assert conversation.finished
    return conversation


@pytest.mark.parametrize("word", sorted(NOT_A_WIN))
def test_the_playbooks_store_no_win_for_the_same_words(library: Library, word: str) -> None:
    wrapup = _play(library, "wrapup", {}, [word.upper() + ".", "Rest"])
    assert wrapup.values["small_win"] is None
    said = " ".join(text for answer in wrapup.answers for text in answer.responses)
    assert "Nothing today is allowed" in said
    small_win = _play(library, "small_win", {}, [word], quick=True)
    assert small_win.values["small_win"] is None


def test_the_morning_after_shows_yesterday_s_intention_and_next_action(home: Path) -> None:
    store = Store(home)
    yesterday = days_ago(1, hour=9)
    morning = checkin(yesterday, dials=40, conversations=6)
    morning["values"]["intention"] = "Stay curious when they push back"  # type: ignore[index]
    store.add_reflection(morning)
    store.add_effort(effort(yesterday + timedelta(hours=2), "dials", 42))
    store.add_reflection(reflection(yesterday + timedelta(hours=3), "debrief",
                                    next_action="Ask about their timeline first"))
    result = run_coach(home, "checkin", stdin="2\n4\n1\n50\n6\n3\n\nListen more\n")
    assert result.returncode == 0, result.stderr
    assert 'Your intention: "Stay curious when they push back".' in result.stdout
    assert 'Next call: "Ask about their timeline first".' in result.stdout
    assert "How did that plan go?" in result.stdout and "Part done counts" in result.stdout
    assert "How many new things to learn" not in result.stdout
    saved = json.loads(run_coach(home, "history", "--format", "json").stdout)
    today = next(r for r in saved if r["playbook"] == "checkin"
                 and r["finished"][:10] == date.today().isoformat())
    assert today["values"]["follow_through"] == "partly" and today["values"]["goal_dials"] == 50


def test_the_wrap_up_revisits_the_morning_and_asks_no_self_rating(home: Path) -> None:
    assert run_coach(home, "checkin", stdin="4\n1\n40\n6\n3\n\nSlow down on the opener\n").returncode == 0
    assert run_coach(home, "log", "dials", "12").returncode == 0
    result = run_coach(home, "wrapup", stdin="Admin all morning\n3\nnone\nBlock the morning\n")
    assert result.returncode == 0, result.stderr
    assert "Today: 12 of 40 dials" in result.stdout and "Well short today" in result.stdout
    assert 'This morning you said: "Slow down on the opener". How did that go?' in result.stdout
    assert "How did your effort compare" not in result.stdout
    assert "Nothing today is allowed" in result.stdout
    saved = json.loads(run_coach(home, "history", "--format", "json").stdout)
    wrapup = next(r for r in saved if r["playbook"] == "wrapup")
    assert wrapup["small_win"] is None and wrapup["values"]["intention"] == "lost"
    status = run_coach(home, stdin="q\n")
    assert "0 wins" in status.stdout and "streak 0 days" in status.stdout
