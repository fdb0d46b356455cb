"""Dates as reps say them: the quick forms in both directions, the fallback, and a real debrief."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import run_coach
from hypothesis import given, settings
from hypothesis import strategies as st
from scripts import TOUGH_DEBRIEF, piped

from coach.errors import UsageError
from coach.language.dates import AHEAD, BACK, quick_date, read_date, spoken
from coach.playbook.model import Step
from coach.playbook.steps import InvalidAnswer, kind_of, parse_answer
from coach.review.periods import parse_day

TUESDAY = date(2026, 12, 1)  # a Tuesday in the last month of a quarter and of the year

AHEAD_TABLE = [
    ("today", date(2026, 12, 1)), ("tomorrow", date(2026, 12, 2)), ("+3", date(2026, 12, 4)),
    ("3", date(2026, 12, 4)), ("day after tomorrow", date(2026, 12, 3)),
    ("friday", date(2026, 12, 4)), ("Fri", date(2026, 12, 4)),
    ("tuesday", date(2026, 12, 8)),  # today's weekday means next week's: today is "today"
    ("next tuesday", date(2026, 12, 8)), ("next friday", date(2026, 12, 11)),
    ("this friday", date(2026, 12, 4)), ("this monday", date(2026, 12, 7)),  # this week's is past
    ("in 3 weeks", date(2026, 12, 22)), ("3 weeks", date(2026, 12, 22)),
    ("2 months", date(2027, 2, 1)), ("10 days", date(2026, 12, 11)),
    ("in a week", date(2026, 12, 8)), ("in a month", date(2027, 1, 1)),
    ("a fortnight", date(2026, 12, 15)), ("in two weeks", date(2026, 12, 15)),
    ("a couple of weeks", date(2026, 12, 15)), ("in 1 year", date(2027, 12, 1)),
    ("2 wks", date(2026, 12, 15)), ("in 3 mos", date(2027, 3, 1)), ("1 yr", date(2027, 12, 1)),
    ("next week", date(2026, 12, 7)), ("next month", date(2027, 1, 1)),
    ("next quarter", date(2027, 1, 1)), ("next year", date(2027, 1, 1)),
    ("Q1", date(2027, 1, 1)), ("q4", date(2027, 10, 1)),  # begun already: next year's
    ("q3 2027", date(2027, 7, 1)), ("Q2 '28", date(2028, 4, 1)), ("2027 q1", date(2027, 1, 1)),
    ("end of month", date(2026, 12, 31)), ("end of the month", date(2026, 12, 31)),
    ("EOM", date(2026, 12, 31)), ("end of next month", date(2027, 1, 31)),
    ("end of quarter", date(2026, 12, 31)), ("end of year", date(2026, 12, 31)),
    ("jan 15", date(2027, 1, 15)), ("15 jan", date(2027, 1, 15)),  # the year wraps
    ("January 15th", date(2027, 1, 15)), ("the 15th of january", date(2027, 1, 15)),
    ("dec 1", date(2026, 12, 1)), ("march 3, 2028", date(2028, 3, 3)),
    ("feb 29", date(2028, 2, 29)),  # the next leap year
    ("2027-04-01", date(2027, 4, 1)), ("  In 3 Weeks. ", date(2026, 12, 22)),
]

BACK_TABLE = [
    ("today", date(2026, 12, 1)), ("yesterday", date(2026, 11, 30)), ("7d", date(2026, 11, 24)),
    ("4w", date(2026, 11, 3)), ("3", date(2026, 11, 28)), ("+3", date(2026, 12, 4)),
    ("3 weeks", date(2026, 11, 10)), ("2 months", date(2026, 10, 1)),
    ("2 weeks ago", date(2026, 11, 17)), ("in 2 weeks", date(2026, 12, 15)),  # said, so kept
    ("friday", date(2026, 11, 27)), ("tuesday", date(2026, 12, 1)),  # today counts looking back
    ("last tuesday", date(2026, 11, 24)), ("last week", date(2026, 11, 23)),
    ("last month", date(2026, 11, 1)), ("this month", date(2026, 12, 1)),
    ("last quarter", date(2026, 7, 1)), ("this quarter", date(2026, 10, 1)),
    ("Q1", date(2026, 1, 1)), ("q4", date(2026, 10, 1)),  # the latest that has begun
    ("jan 15", date(2026, 1, 15)), ("dec 25", date(2025, 12, 25)),
    ("feb 29", date(2024, 2, 29)), ("end of month", date(2026, 12, 31)),
]


@pytest.mark.parametrize(("phrase", "expected"), AHEAD_TABLE)
def test_a_callback_date_looks_ahead(phrase: str, expected: date) -> None:
    assert quick_date(phrase, TUESDAY, AHEAD) == expected


@pytest.mark.parametrize(("phrase", "expected"), BACK_TABLE)
def test_a_since_date_looks_back(phrase: str, expected: date) -> None:
    assert quick_date(phrase, TUESDAY, BACK) == expected


@pytest.mark.parametrize(("phrase", "today", "direction", "expected"), [
    # Month ends: a month later stays inside the shorter month.
    ("in a month", date(2027, 1, 31), AHEAD, date(2027, 2, 28)),
    ("in a month", date(2028, 1, 31), AHEAD, date(2028, 2, 29)),
    ("in 1 year", date(2028, 2, 29), AHEAD, date(2029, 2, 28)),
    ("end of month", date(2028, 2, 10), AHEAD, date(2028, 2, 29)),
    ("end of month", date(2027, 2, 10), AHEAD, date(2027, 2, 28)),
    ("end of quarter", date(2027, 5, 20), AHEAD, date(2027, 6, 30)),
    ("next month", date(2027, 1, 31), AHEAD, date(2027, 2, 1)),
    ("2 months ago", date(2027, 12, 31), BACK, date(2027, 10, 31)),
    # Year wrap: "jan 15" in December, "Q1" in November, "next quarter" in the fourth.
    ("jan 15", date(2026, 12, 20), AHEAD, date(2027, 1, 15)),
    ("jan 15", date(2027, 1, 15), AHEAD, date(2027, 1, 15)),  # today is not past
    ("jan 15", date(2027, 1, 16), BACK, date(2027, 1, 15)),
    ("q1", date(2026, 11, 20), AHEAD, date(2027, 1, 1)),
    ("q1", date(2026, 11, 20), BACK, date(2026, 1, 1)),
    ("q4", date(2026, 10, 1), AHEAD, date(2026, 10, 1)),  # begins today: not in the past
    ("next quarter", date(2026, 11, 20), AHEAD, date(2027, 1, 1)),
    ("next week", date(2026, 12, 31), AHEAD, date(2027, 1, 4)),
    ("feb 29", date(2028, 3, 1), AHEAD, date(2032, 2, 29)),
])
def test_month_ends_leap_years_and_the_turn_of_the_year(
        phrase: str, today: date, direction: str, expected: date) -> None:
    assert quick_date(phrase, today, direction) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("phrase", ["", "   ", "feb 30", "31 april", "2026-02-30", "q5",
                                    "aw", "next week-ish", "whenever", "x" * 200])
def test_what_is_not_a_date_is_refused(phrase: str) -> None:
    assert quick_date(phrase, TUESDAY, AHEAD) is None
    assert read_date(phrase, TUESDAY, AHEAD) is None


@pytest.mark.parametrize("phrase", ["q3 0000", "march 3, 0000", "9999 years", "q1"])
def test_days_outside_the_calendar_are_refused_not_raised(phrase: str) -> None:
    assert quick_date(phrase, date(9999, 12, 30), AHEAD) is None
    assert quick_date(phrase, date(1, 1, 2), BACK) in (None, date(1, 1, 1))


_WORDS = st.sampled_from(["in", "next", "this", "last", "end", "of", "the", "q3", "jan", "15th",
                          "3", "weeks", "month", "a", "fortnight", "ago", "friday", "eom", "2027",
                          "+", "-", ",", "feb", "29", "day", "after", "tomorrow"])


@settings(max_examples=400, deadline=None)
@given(words=st.lists(_WORDS, max_size=5), noise=st.text(max_size=12),
       today=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
       direction=st.sampled_from([AHEAD, BACK]))
def test_any_text_is_a_date_or_none_never_an_error(
        words: list[str], noise: str, today: date, direction: str) -> None:
    for text in (" ".join(words), noise):
        found = quick_date(text, today, direction)  # type: ignore[arg-type]
        assert found is None or isinstance(found, date)


def test_the_fallback_reads_what_the_quick_forms_do_not() -> None:
    assert quick_date("the 15th", TUESDAY) is None
    assert read_date("the 15th", TUESDAY, AHEAD) == date(2026, 12, 15)
    assert read_date("3rd of march", TUESDAY, AHEAD) == date(2027, 3, 3)
    assert read_date("3rd of march", TUESDAY, BACK) == date(2026, 3, 3)


def test_a_date_step_says_the_day_back_in_full() -> None:
    step = Step("when", "date", required=False)
    value = parse_answer(step, "in 3 weeks", date(2027, 3, 11))
    assert value == "2027-04-01"
    assert kind_of(step).format(step, value) == "Thu 1 Apr 2027"
    assert spoken(date(2028, 2, 29)) == "Tue 29 Feb 2028"


def test_an_unreadable_date_answer_lists_what_works() -> None:
    with pytest.raises(InvalidAnswer) as problem:
        parse_answer(Step("when", "date"), "whenever", TUESDAY)
    message = str(problem.value)
    assert "\n" not in message
    assert message.startswith("'whenever' is not a date")
    for example in ("in 3 weeks", "Q3", "2027-04-01"):  # a few, to fit one line
        assert example in message


def test_since_words_read_back_and_refuse_with_one_line() -> None:
    assert parse_day("jan 15", TUESDAY) == date(2026, 1, 15)
    assert parse_day("last quarter", TUESDAY) == date(2026, 7, 1)
    with pytest.raises(UsageError, match="not a date Coach understands: use YYYY-MM-DD"):
        parse_day("whenever", TUESDAY)


# -- through the real command -------------------------------------------------------------------

def _next_quarter(today: date) -> date:
    first_month = (today.month - 1) // 3 * 3 + 1 + 3
    return date(today.year + (first_month > 12), (first_month - 1) % 12 + 1, 1)


def _end_of_month(today: date) -> date:
    first_of_next = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def _next_jan_15(today: date) -> date:
    this_year = date(today.year, 1, 15)
    return this_year if this_year >= today else date(today.year + 1, 1, 15)


EXPECTED = {
    "next quarter": _next_quarter,
    "in 3 weeks": lambda today: today + timedelta(days=21),
    "end of month": _end_of_month,
    "jan 15": _next_jan_15,
}


@pytest.mark.parametrize("phrase", list(EXPECTED))
def test_a_piped_debrief_takes_the_callback_date_in_words(home: Path, phrase: str) -> None:
    answers = [*TOUGH_DEBRIEF]
    answers[TOUGH_DEBRIEF.index("2026-12-01")] = phrase
    before = date.today()
    result = run_coach(home, "debrief", stdin=piped(answers))
    after = date.today()
    assert result.returncode == 0, result.stderr
    # The command reads the real clock: around midnight, either day's answer is right.
    allowed = {EXPECTED[phrase](before), EXPECTED[phrase](after)}
    listed = run_coach(home, "history", "--format", "jsonl")
    record = json.loads(listed.stdout.splitlines()[0])
    stored = date.fromisoformat(record["callback"])
    assert stored in allowed
    said_back = f"{stored:%a} {stored.day} {stored:%b} {stored.year}"
    assert said_back in result.stdout  # the reply names the day it took
    assert record["answers"]["timing_fit.callback"]["shown"] == said_back
    assert record["values"]["prospect"] == "ACME Corp"
