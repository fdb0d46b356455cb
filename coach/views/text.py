"""The pattern review as terminal text: a small chart per section, then one line per number.

Everything the rep typed goes through `safe()` before it reaches the terminal, so stored text
cannot move the cursor or recolour the screen.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING

from coach.safetext import safe
from coach.views import labels, words
from coach.views.charts import UNICODE, Charset, bar, sparkline, squeeze
from coach.views.sections import GLANCE, SECTIONS

if TYPE_CHECKING:
    from coach.review.patterns import Review


SPARK_WIDTH = 56
"""The longest sparkline drawn; longer periods are added up in equal runs of days."""


def _daily(name: str, values: tuple[int, ...], charset: Charset) -> str:
    squeezed, size = squeeze(values, SPARK_WIDTH)
    label = f"{name} per day" if size == 1 else f"{name} per {size} days"
    return f"{label:<17} {sparkline(squeezed, charset)}"


def _weekly(values: tuple[float | None, ...], charset: Charset) -> str:
    squeezed, size = squeeze(values, SPARK_WIDTH // 2, average=True)
    label = "by week" if size == 1 else f"by {size} weeks"
    return f"{label} {sparkline(squeezed, charset, top=10)}"


def _bullets(sentences: list[str], mark: str, width: int) -> list[str]:
    """Each sentence as a bullet, wrapped to `width` (0: not wrapped) with later lines indented."""
    if width <= 0:
        return [f"  {mark} {sentence}" for sentence in sentences]
    lines: list[str] = []
    for sentence in sentences:
        lines += textwrap.wrap(sentence, max(width, 40) - 1, initial_indent=f"  {mark} ",
                               subsequent_indent="    ") or [f"  {mark}"]
    return lines


def _cause_chart(review: Review, charset: Charset) -> list[str]:
    causes = review.causes
    most = max((row.count for row in causes.rows), default=0)
    chart = [
        f"{labels.cause_name(row.cause):<16} {bar(row.count, most, 20, charset)} {row.count:>3,} "
        f"{labels.percent(row.share):>4}  {words.cause_change(row, causes):>8}"
        for row in causes.rows
    ]
    if chart:
        chart.insert(0, f"{'':<16} {'':<20} {'no.':>3} {'share':>4}  {'vs before':>8}")
    return chart


def _sting_chart(review: Review, charset: Charset) -> list[str]:
    sting = review.sting
    if not sting.rated:
        return []
    return [
        "average sting out of 10",
        f"{'before':<7} {bar(sting.average_before, 10, 20, charset)} {sting.average_before:4.1f}"
        f"   {_weekly(sting.weekly_before, charset)}",
        f"{'after':<7} {bar(sting.average_after, 10, 20, charset)} {sting.average_after:4.1f}"
        f"   {_weekly(sting.weekly_after, charset)}",
    ]


def _win_chart(review: Review, charset: Charset) -> list[str]:
    return [_daily("wins", review.wins.per_day, charset),
            _daily("dials", review.dials_per_day, charset)]


def _goal_chart(review: Review, charset: Charset) -> list[str]:
    return [f"{labels.GOAL_NAMES.get(row.kind, row.kind):<14} "
            f"{bar(row.done, row.goal, 20, charset)} {row.done:,}/{row.goal:,}"
            for row in review.goals.rows]


def _strain_chart(review: Review, charset: Charset) -> list[str]:
    strain = review.strain
    if not strain.tough:
        return []
    return [f"by hour 06-21     {sparkline(strain.by_hour[6:22], charset)}",
            f"by weekday M-S    {sparkline(strain.by_weekday, charset)}"]


_CHARTS: dict[str, Callable[[Review, Charset], list[str]]] = {
    "causes": _cause_chart, "sting": _sting_chart, "wins": _win_chart, "goals": _goal_chart,
    "strain": _strain_chart,
}
"""The terminal's chart for each section of views/sections.py that has one."""


def review_lines(review: Review, charset: Charset = UNICODE, width: int = 80) -> list[str]:
    """The pattern review for a terminal: a small chart per section, then one line per number."""

    def _section(title: str, chart: list[str], sentences: list[str]) -> list[str]:
        return ["", title, *(f"  {line}" for line in chart), *_bullets(sentences, "-", width)]

    lines = [
        f"Patterns, {words.period_title(review)}",
        f"{labels.plural(review.reflections, 'reflection')}, {labels.plural(review.debriefs, 'debrief')}, "
        f"{labels.plural(review.effort.get('dials', 0), 'dial')} logged.",
    ]
    headline = words.highlights(review)
    if headline:
        lines += ["", GLANCE, *_bullets(list(headline), "*", width)]
    for section in SECTIONS:
        chart = _CHARTS[section.key](review, charset) if section.key in _CHARTS else []
        lines += _section(section.title, chart, section.sentences(review))
    return [safe(line) for line in lines]
