"""Trust your averages: the binomial, computed directly, and how a day is judged."""

from __future__ import annotations

from datetime import date
from math import comb

import pytest

from coach.review.averages import (
    binomial_at_least,
    binomial_at_most,
    binomial_pmf,
    judge_day,
    rate_of,
    trust_your_averages,
)

DAY = date(2026, 11, 20)


def test_no_meeting_in_25_dials_at_1_in_18_is_about_a_quarter_of_days() -> None:
    assert binomial_pmf(25, 0, 1 / 18) == pytest.approx(0.239558, abs=1e-6)
    check = judge_day(DAY, "meetings", 25, 0, rate_of("meetings", 180, 10))
    assert check is not None
    assert check.direction == "low" and check.verdict == "normal"
    assert check.expected == pytest.approx(25 / 18)
    assert check.probability == pytest.approx(0.239558, abs=1e-6)


def test_tails_are_sums_of_exact_terms() -> None:
    # P(X <= 1) for Binomial(10, 0.2): 0.8^10 + 10 * 0.2 * 0.8^9
    assert binomial_at_most(10, 1, 0.2) == pytest.approx(0.8**10 + 10 * 0.2 * 0.8**9)
    # P(X >= 3) for Binomial(5, 0.5): (10 + 5 + 1) / 32
    assert binomial_at_least(5, 3, 0.5) == pytest.approx(16 / 32)
    assert binomial_pmf(6, 2, 0.3) == pytest.approx(comb(6, 2) * 0.3**2 * 0.7**4)
    assert binomial_at_most(4, 4, 0.3) == pytest.approx(1.0)


def test_large_days_stay_finite() -> None:
    assert 0 < binomial_at_most(2000, 40, 1 / 18) < 1e-10


def test_edge_chances() -> None:
    assert binomial_pmf(5, 0, 0.0) == 1.0 and binomial_pmf(5, 1, 0.0) == 0.0
    assert binomial_pmf(5, 5, 1.0) == 1.0 and binomial_pmf(5, 6, 0.5) == 0.0


def test_rates_are_hidden_below_three_outcomes_and_early_below_ten() -> None:
    assert rate_of("meetings", 60, 2).confidence == "hidden"
    assert rate_of("meetings", 60, 2).dials_per_outcome is None
    assert rate_of("meetings", 60, 3).confidence == "early"
    assert rate_of("meetings", 60, 3).dials_per_outcome == 20.0
    assert rate_of("meetings", 200, 10).confidence == "solid"


def test_a_hidden_rate_judges_nothing() -> None:
    assert judge_day(DAY, "meetings", 25, 0, rate_of("meetings", 40, 2)) is None


def test_a_day_near_the_rate_is_typical() -> None:
    check = judge_day(DAY, "meetings", 18, 1, rate_of("meetings", 180, 10))
    assert check is not None and check.direction == "typical" and check.probability == 1.0


def test_very_low_and_very_high_days() -> None:
    rate = rate_of("meetings", 200, 20)  # 1 in 10
    low = judge_day(DAY, "meetings", 60, 0, rate)
    assert low is not None and low.verdict == "rare"
    assert low.probability == pytest.approx(0.9**60)
    high = judge_day(DAY, "meetings", 20, 5, rate)
    assert high is not None and high.direction == "high" and high.verdict == "unusual"
    assert high.probability == pytest.approx(0.0432, abs=1e-4)
    assert high.probability == pytest.approx(sum(binomial_pmf(20, k, 0.1) for k in range(5, 21)))


def test_the_judged_day_is_the_latest_with_dials_and_is_left_out_of_the_rate() -> None:
    effort = {
        date(2026, 11, 17): {"dials": 90, "meetings": 5, "conversations": 18},
        date(2026, 11, 18): {"dials": 30, "meetings": 0, "conversations": 5},
        date(2026, 11, 20): {"follow_ups": 3},  # today, but no dials yet
    }
    averages = trust_your_averages(effort, DAY)
    assert averages.day == date(2026, 11, 18)
    meetings = next(rate for rate in averages.rates if rate.outcome == "meetings")
    assert (meetings.dials, meetings.outcomes, meetings.confidence) == (90, 5, "early")
    check = next(check for check in averages.checks if check.outcome == "meetings")
    assert check.probability == pytest.approx((1 - 5 / 90) ** 30)
