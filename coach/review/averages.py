"""Trust your averages: the rep's own dial rates, and how unusual one day is against them.

A day with no meeting feels like failure, but at one meeting in eighteen dials it is often plain
chance. The probability of a day like it comes straight from the binomial distribution over the
rep's own rate, summed term by term (no approximation, no statistics library).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

MIN_OUTCOMES = 3
"""Below this many conversations or meetings, a rate is not shown at all: it would mislead."""

SOLID_OUTCOMES = 10
"""From this many outcomes on, a rate is steady enough to state without a caveat."""

NORMAL = 0.10
"""A day at least this likely under the rep's own rate is normal variance."""

RARE = 0.02
"""A day less likely than this is rare: worth a look at what changed."""

OUTCOMES = ("conversations", "meetings")
"""What a dial can lead to, in the order the report shows them."""


@dataclass(frozen=True)
class Rate:
    """Dials per outcome (e.g. per meeting) over the days before the judged day."""

    outcome: str
    dials: int
    outcomes: int
    since: date | None
    """The first day with logged effort that the rate counts."""
    dials_per_outcome: float | None
    confidence: str
    """'hidden' (too few outcomes to say), 'early' (say it with a caveat) or 'solid'."""

    @property
    def chance(self) -> float | None:
        """The chance that one dial leads to this outcome."""
        return self.outcomes / self.dials if self.dials and self.outcomes else None


@dataclass(frozen=True)
class DayCheck:
    """One day's result held against the rep's own rate."""

    day: date
    outcome: str
    dials: int
    outcomes: int
    expected: float
    direction: str
    """'low' (fewer than expected), 'high' (more) or 'typical' (about as expected)."""
    probability: float
    """The chance of a day at least this far from the rate, in the same direction."""
    verdict: str
    """'normal' (normal variance), 'unusual' or 'rare'."""


@dataclass(frozen=True)
class Averages:
    """The rep's rates and how the most recent day with dials compares with them."""

    day: date | None
    rates: tuple[Rate, ...]
    checks: tuple[DayCheck, ...]


def binomial_pmf(trials: int, successes: int, chance: float) -> float:
    """The probability of exactly `successes` in `trials`, each with probability `chance`.

    >>> round(binomial_pmf(25, 0, 1 / 18), 4)
    0.2396
    """
    if successes < 0 or successes > trials:
        return 0.0
    if chance <= 0.0:
        return 1.0 if successes == 0 else 0.0
    if chance >= 1.0:
        return 1.0 if successes == trials else 0.0
    # Logarithms keep the terms finite for large days (hundreds of dials).
    log_term = (
        math.lgamma(trials + 1) - math.lgamma(successes + 1) - math.lgamma(trials - successes + 1)
        + successes * math.log(chance) + (trials - successes) * math.log1p(-chance)
    )
    return math.exp(log_term)


def binomial_at_most(trials: int, successes: int, chance: float) -> float:
    """P(X <= successes) for X ~ Binomial(trials, chance), summed directly."""
    total = sum(binomial_pmf(trials, value, chance) for value in range(0, successes + 1))
    return min(1.0, total)


def binomial_at_least(trials: int, successes: int, chance: float) -> float:
    """P(X >= successes) for X ~ Binomial(trials, chance), summed directly."""
    total = sum(binomial_pmf(trials, value, chance) for value in range(successes, trials + 1))
    return min(1.0, total)


def one_in(dials_per_outcome: float) -> str:
    """A rate as a rep says it: '1 in 18', or '1 in 4.5' for small rates, where the decimal matters.

    >>> one_in(18.7), one_in(4.5)
    ('1 in 19', '1 in 4.5')
    """
    rounded = round(dials_per_outcome, 1)
    text = f"{rounded:,.0f}" if rounded >= 10 or rounded.is_integer() else f"{rounded:.1f}"
    return f"1 in {text}"


def how_often(probability: float) -> str:
    """A probability in the words a rep would use: 'about a quarter of the time'.

    >>> how_often(0.24), how_often(0.07), how_often(0.004)
    ('about a quarter of the time', 'about 1 time in 14', 'less than 1 time in 100')
    """
    if probability < 0.01:
        return "less than 1 time in 100"
    if probability > 0.9:
        return "almost always"
    if probability > 0.55:
        return "more often than not"
    one_in_n = round(1 / probability)
    return {2: "about half the time", 3: "about a third of the time",
            4: "about a quarter of the time"}.get(one_in_n, f"about 1 time in {one_in_n:,}")


def rate_of(outcome: str, dials: int, outcomes: int, since: date | None = None) -> Rate:
    """The rate with how much it can be trusted, given its sample size."""
    if outcomes < MIN_OUTCOMES or dials <= 0:
        return Rate(outcome, dials, outcomes, since, None, "hidden")
    confidence = "solid" if outcomes >= SOLID_OUTCOMES else "early"
    return Rate(outcome, dials, outcomes, since, dials / outcomes, confidence)


def judge_day(day: date, outcome: str, dials: int, outcomes: int, rate: Rate) -> DayCheck | None:
    """How likely a day like this one is at the rep's own rate; None when it cannot be judged.

    >>> rate = rate_of("meetings", 180, 10)
    >>> check = judge_day(date(2026, 11, 20), "meetings", 25, 0, rate)
    >>> check.direction, round(check.probability, 2), check.verdict
    ('low', 0.24, 'normal')
    """
    chance = rate.chance
    if rate.confidence == "hidden" or chance is None or dials <= 0:
        return None
    outcomes = min(outcomes, dials)
    expected = dials * chance
    if outcomes < expected and outcomes < math.floor(expected + 0.5):
        direction, probability = "low", binomial_at_most(dials, outcomes, chance)
    elif outcomes > expected and outcomes > math.floor(expected + 0.5):
        direction, probability = "high", binomial_at_least(dials, outcomes, chance)
    else:
        direction, probability = "typical", 1.0
    verdict = "normal" if probability >= NORMAL else ("unusual" if probability >= RARE else "rare")
    return DayCheck(day, outcome, dials, outcomes, expected, direction, probability, verdict)


def trust_your_averages(effort_by_day: Mapping[date, Mapping[str, int]], today: date) -> Averages:
    """Rates from every day before the judged day, and the judged day held against them.

    The judged day is today if it has dials, else the most recent day that has. Leaving it out
    of its own rate keeps a very good or very bad day from flattering or blaming itself.
    """
    dial_days = [day for day, done in effort_by_day.items() if done.get("dials", 0) > 0 and day <= today]
    judged = max(dial_days) if dial_days else None
    totals = dict.fromkeys(("dials", *OUTCOMES), 0)
    first: date | None = None
    for day, done in effort_by_day.items():
        if judged is None or day < judged:
            first = day if first is None else min(first, day)
            for kind in totals:
                totals[kind] += done.get(kind, 0)
    rates = tuple(rate_of(outcome, totals["dials"], totals[outcome], first) for outcome in OUTCOMES)
    checks: list[DayCheck] = []
    if judged is not None:
        done = effort_by_day[judged]
        for rate in rates:
            check = judge_day(judged, rate.outcome, done.get("dials", 0), done.get(rate.outcome, 0), rate)
            if check is not None:
                checks.append(check)
    return Averages(judged, rates, tuple(checks))
