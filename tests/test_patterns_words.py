"""The sentences of the pattern review: what each number is said to mean."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from lookback_records import NOW, at, debrief
from test_patterns_review import EFFORT, PERIOD, REFLECTIONS

from coach.review.averages import rate_of
from coach.review.patterns import review
from coach.review.periods import Period
from coach.views import words
from coach.views.charts import ASCII, UNICODE, bar, charset_for, sparkline, squeeze
from coach.views.text import review_lines


def test_rates_are_hidden_or_qualified_by_sample_size() -> None:
    assert "not enough data yet (from 40 dials and 2 meetings)" in words.rate_line(rate_of("meetings", 40, 2))
    early = words.rate_line(rate_of("meetings", 60, 4, date(2026, 11, 2)))
    assert "1 in 15 dials leads to a meeting (from 60 dials and 4 meetings since 2 Nov 2026)" in early
    assert "early estimate" in early
    assert "early" not in words.rate_line(rate_of("meetings", 180, 10))


def test_numbers_read_the_way_a_rep_says_them() -> None:
    assert words.one_in(18.0) == "1 in 18" and words.one_in(4.46) == "1 in 4.5"
    assert words.one_in(18.6) == "1 in 19"
    assert words.chance_words(0.2396) == "about 24%" and words.chance_words(0.004) == "less than 1%"


def test_the_glance_leads_with_today_against_the_average() -> None:
    glance = words.highlights(review(REFLECTIONS, EFFORT, NOW, PERIOD))
    assert glance[0].startswith("Today: 0 meetings in 25 dials. At your rate of 1 in 18")
    assert glance[1] == '80% of your "no"s were about their situation, not you; the top cause was timing.'
    assert "A debrief takes the sting down by 1.8 points on average." in glance
    assert "1 callback due: see the list at the end." in glance


def test_when_delivery_leads_the_glance_says_it_can_be_changed() -> None:
    records = [debrief(at("2026-11-19", "10:00"), cause="delivery"),
               debrief(at("2026-11-18", "10:00"), cause="delivery"),
               debrief(at("2026-11-17", "10:00"), cause="timing")]
    glance = words.highlights(review(records, [], NOW, PERIOD))
    assert glance[0].startswith('67% of your "no"s came down to how the call went')


def test_sting_sentences_name_only_what_happened() -> None:
    sting = review(REFLECTIONS, EFFORT, NOW, PERIOD).sting
    assert words.sting_lines(sting)[1] == ("Of 5 debriefs, it went down after 3, stayed the same "
                                           "after 1 and went up after 1.")
    all_down = replace(sting, lowered=5, unchanged=0, raised=0)
    assert words.sting_lines(all_down)[1] == "It went down after every one of the 5 debriefs."


def test_charts_use_plain_characters_and_fall_back_to_ascii() -> None:
    assert bar(5, 10, 10) == "█████░░░░░"
    assert sparkline([0, None, 5, 10], UNICODE) == "· ▅█"
    assert charset_for("ascii") is ASCII and charset_for("utf-8") is UNICODE
    assert charset_for(None) is UNICODE


def test_long_periods_are_added_up_so_charts_stay_one_line() -> None:
    assert squeeze([1, 2, 3, 4, 5], 2) == ([6, 9], 3)
    assert squeeze([2.0, None, 4.0, None], 2, average=True) == ([2.0, 4.0], 2)
    long = Period(date(2025, 1, 1), date(2026, 11, 20))
    lines = review_lines(review(REFLECTIONS, EFFORT, NOW, long))
    assert lines[0] == "Patterns, 1 Jan 2025 to 20 Nov 2026 (689 days)"
    charts = [line for line in lines if "per 13 days" in line or "by 4 weeks" in line]
    assert len(charts) == 4 and all(len(line) < 100 for line in charts)
