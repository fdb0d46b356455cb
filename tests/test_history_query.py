"""Choosing reflections: date words, every filter, the search over answers, the limit."""

from __future__ import annotations

from datetime import date

import pytest
from lookback_records import ZONE, at, checkin, debrief, reflection

from coach.errors import UsageError
from coach.review.periods import DayFinder, Period, parse_day, period_for
from coach.review.query import HistoryFilter, answer_text, parse_filter_words, select

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(("word", "expected"), [
    ("today", date(2026, 11, 20)),
    ("yesterday", date(2026, 11, 19)),
    ("7d", date(2026, 11, 13)),
    ("0d", date(2026, 11, 20)),
    ("4w", date(2026, 10, 23)),
    (" 2W ", date(2026, 11, 6)),
    ("2026-01-31", date(2026, 1, 31)),
    ("last week", date(2026, 11, 9)),  # its Monday; 20 Nov 2026 is a Friday
])
def test_date_words_name_a_day(word: str, expected: date) -> None:
    assert parse_day(word, TODAY) == expected


@pytest.mark.parametrize("word", ["last week-ish", "7x", "2026-02-30", "", "31 feb"])
def test_unknown_date_words_say_what_is_accepted(word: str) -> None:
    with pytest.raises(UsageError, match="YYYY-MM-DD, today, yesterday"):
        parse_day(word, TODAY)


def test_a_period_defaults_to_the_days_ending_today_and_knows_the_one_before() -> None:
    period = period_for(None, None, TODAY, 28)
    assert period == Period(date(2026, 10, 24), date(2026, 11, 20))
    assert period.days == 28
    assert period.previous() == Period(date(2026, 9, 26), date(2026, 10, 23))


def test_since_after_until_is_refused() -> None:
    with pytest.raises(UsageError, match="after --until"):
        period_for("today", "yesterday", TODAY, 7)


def test_local_day_follows_the_reps_zone_not_the_stamp() -> None:
    finder = DayFinder(ZONE)
    assert finder.day("2026-11-20T23:30:00+01:00") == date(2026, 11, 20)
    # 23:30 in London is already the next day at UTC+1.
    assert finder.day("2026-11-20T23:30:00+00:00") == date(2026, 11, 21)
    assert finder.day("not a time") is None


RECORDS = [  # newest first, as the store returns them
    debrief(at("2026-11-20", "15:00"), cause="budget", small_win="Got the email",
            answers={"what_happened": "They had NO budget left", "prospect": "Acme"}),
    reflection(at("2026-11-19", "12:00"), "small_win", tags=["wins", "momentum"],
               answers={"kind": "talk"}),
    debrief(at("2026-11-19", "09:00"), cause="timing",
            answers={"what_happened": "Call back in spring", "adjust": ["pace", "listen"]}),
    checkin(at("2026-11-18", "08:30"), dials=50),
    debrief(at("2026-11-10", "11:00"), cause="timing", answers={"what_happened": "Busy"}),
]


def ids(wanted: HistoryFilter) -> list[str]:
    return [record["finished"][:16] for record in select(RECORDS, wanted, ZONE)]


def test_no_filter_keeps_everything_in_order() -> None:
    assert ids(HistoryFilter()) == [record["finished"][:16] for record in RECORDS]


def test_since_and_until_include_both_days() -> None:
    assert ids(HistoryFilter(since=date(2026, 11, 19), until=date(2026, 11, 19))) == [
        "2026-11-19T12:00", "2026-11-19T09:00"]
    assert ids(HistoryFilter(until=date(2026, 11, 18))) == ["2026-11-18T08:30", "2026-11-10T11:00"]


def test_playbook_cause_and_tag_filters() -> None:
    assert ids(HistoryFilter(playbook="checkin")) == ["2026-11-18T08:30"]
    assert ids(HistoryFilter(cause="timing")) == ["2026-11-19T09:00", "2026-11-10T11:00"]
    assert ids(HistoryFilter(tag="momentum")) == ["2026-11-19T12:00"]
    assert ids(HistoryFilter(playbook="debrief", cause="budget")) == ["2026-11-20T15:00"]


def test_search_ignores_case_and_looks_in_every_answer() -> None:
    assert ids(HistoryFilter(search="no BUDGET")) == ["2026-11-20T15:00"]
    assert ids(HistoryFilter(search="acme")) == ["2026-11-20T15:00"]
    assert ids(HistoryFilter(search="LISTEN")) == ["2026-11-19T09:00"]  # an option picked
    assert ids(HistoryFilter(search="nowhere")) == []


def test_search_reads_answers_as_shown_even_when_malformed() -> None:
    odd = {"answers": {"a": {"answer": ["x", "Yes"]}, "b": "not an entry", "c": {"shown": None,
                                                                                  "answer": 7}}}
    assert answer_text(odd) == "x, yes\n\n7"
    assert answer_text({"answers": None}) == ""


def test_search_does_not_look_outside_the_answers() -> None:
    # "Got the email" is the small win field, not an answer in this record.
    assert ids(HistoryFilter(search="got the email")) == []


def test_limit_keeps_the_newest_matches() -> None:
    assert ids(HistoryFilter(cause="timing", limit=1)) == ["2026-11-19T09:00"]
    assert ids(HistoryFilter(limit=2)) == ["2026-11-20T15:00", "2026-11-19T12:00"]


def test_limit_stops_reading_early() -> None:
    def endless():  # type: ignore[no-untyped-def]
        while True:
            yield RECORDS[0]

    assert len(list(select(endless(), HistoryFilter(limit=3), ZONE))) == 3


def test_answer_text_holds_what_was_shown_lower_cased() -> None:
    assert answer_text(RECORDS[2]) == "call back in spring\npace, listen"


def test_filter_words_mix_fields_and_search_text() -> None:
    wanted = parse_filter_words("cause:timing since:7d call back tag:wins", TODAY)
    assert wanted == HistoryFilter(since=date(2026, 11, 13), cause="timing", tag="wins",
                                   search="call back")
    assert wanted.describe() == "since:2026-11-13 cause:timing tag:wins call back"


def test_a_filter_word_without_a_value_does_not_filter_yet() -> None:
    assert parse_filter_words("cause: budget", TODAY) == HistoryFilter(search="budget")


def test_filter_words_with_a_bad_date_raise_a_usage_error() -> None:
    with pytest.raises(UsageError):
        parse_filter_words("since:someday", TODAY)

