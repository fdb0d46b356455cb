"""The HTML report: one self-contained page with inline SVG charts, from a pattern Review.

This module only measures: it turns numbers into bar and column geometry and collects the
sentences. The page itself is coach/views/report.html.j2, rendered by the autoescaping
renderer in coach/templating/html.py, so everything the rep typed arrives in the page as text.

Charts are drawn at most CHART_WIDTH wide, so a phone (390 px, less the page's margins) shows
them at their own size: a wider drawing would be scaled down, and its 12 px labels with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from importlib import resources
from typing import Any

from coach import __version__
from coach.review.patterns import Review
from coach.safetext import safe
from coach.templating.html import render_html
from coach.views import labels, words
from coach.views.charts import squeeze
from coach.views.listing import local_time, sting_text
from coach.views.sections import SECTIONS

TEMPLATE = "report.html.j2"
CHART_WIDTH = 340
"""The widest drawing, in pixels: it fits a 390 px phone's screen unscaled."""
BAR_WIDTH = CHART_WIDTH
COLUMN_HEIGHT = 60
MAX_COLUMNS = 60
_CODE = re.compile(r"`([^`\s](?:[^`]*[^`\s])?)`")
"""A command in a sentence, Markdown style (`coach log`): no space just inside its backticks,
so a stray backtick in a prospect's name does not start one."""


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: its label, length in pixels, and the figure written beside it."""

    label: str
    length: float
    figure: str
    ghost: float = 0.0
    """The length of a faint comparison bar (the period before), 0 for none."""


@dataclass(frozen=True)
class Column:
    """One column of a column chart: x position, height in pixels and a hover title."""

    x: float
    height: float
    title: str


@dataclass(frozen=True)
class Columns:
    width: float
    step: float
    columns: tuple[Column, ...]
    first: str
    last: str

    @property
    def bar(self) -> float:
        """A column's width: the step less a gap, which narrows with the columns."""
        return round(self.step - (2 if self.step >= 8 else 1), 1)

    @property
    def span(self) -> float:
        """The drawing's width: the columns, or room for the two dates under a few of them."""
        return max(self.width, 160.0)


def spans(sentence: str) -> list[tuple[str, bool]]:
    """A sentence as (text, is_code) pieces: the sentences are shared with the terminal and the
    Markdown week, which show commands in backticks; the page shows them as code instead."""
    pieces: list[tuple[str, bool]] = []
    start = 0
    for found in _CODE.finditer(sentence):
        if found.start() > start:
            pieces.append((sentence[start:found.start()], False))
        pieces.append((found.group(1), True))
        start = found.end()
    if start < len(sentence):
        pieces.append((sentence[start:], False))
    return pieces


def _length(value: float, most: float) -> float:
    return round(BAR_WIDTH * value / most, 1) if most > 0 and value > 0 else 0.0


def _count(value: float) -> str:
    """'70,038', or '2.5' for an average: the one number format people read."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def daily_columns(values: Sequence[int], days: Sequence[date], what: str) -> Columns:
    """Columns per day, or per run of days when the period is long (at most MAX_COLUMNS)."""
    squeezed, size = squeeze(values, MAX_COLUMNS)
    titles = []
    for index, value in enumerate(squeezed):
        first_day = days[index * size]
        span = first_day.isoformat() if size == 1 else f"{size} days from {first_day.isoformat()}"
        titles.append(f"{span}: {_count(value or 0)} {what}")
    first = labels.short_date(days[0], year=True) if days else ""
    last = labels.short_date(days[-1], year=True) if days else ""
    return columns(squeezed, titles, first, last)


def columns(values: Sequence[float | None], titles: Sequence[str], first: str, last: str) -> Columns:
    """A column chart scaled so the largest value fills COLUMN_HEIGHT."""
    most = max((value for value in values if value is not None), default=0)
    step = max(4.0, min(24.0, (CHART_WIDTH - 10) / max(1, len(values))))
    return Columns(
        width=round(step * len(values), 1),
        step=step,
        columns=tuple(
            Column(round(index * step, 1),
                   round(COLUMN_HEIGHT * (value or 0) / most, 1) if most else 0.0, title)
            for index, (value, title) in enumerate(zip(values, titles, strict=True))
        ),
        first=first,
        last=last,
    )


def _recent_rows(records: Iterable[Mapping[str, Any]], zone: tzinfo | None) -> list[dict[str, str]]:
    rows = []
    for record in records:
        moment = local_time(record.get("finished"), zone)
        rows.append({
            "when": moment.strftime("%a %d %b %H:%M") if moment else "?",
            "playbook": str(record.get("playbook") or ""),
            "cause": labels.cause_name(str(record["cause"])) if record.get("cause") else "",
            "sting": sting_text(record).replace(" -> ", " → "),
            "win": str(record.get("small_win") or ""),
            "lesson": str(record.get("lesson") or ""),
        })
    return rows


def report_context(review: Review, recent: Iterable[Mapping[str, Any]], generated: datetime) -> dict[str, Any]:
    """Everything the template shows, as plain values."""
    days = review.period.each_day()
    causes = review.causes
    most_share = max([row.share for row in causes.rows] + [row.previous_share for row in causes.rows], default=0)
    sting = review.sting
    strain = review.strain
    hours = list(range(6, 22))
    return {
        "version": __version__,
        "title": f"Coach report: {words.period_title(review)}",
        "generated": generated.strftime("%a %d %b %Y %H:%M"),
        "summary": (f"{labels.plural(review.reflections, 'reflection')}, "
                    f"{labels.plural(review.debriefs, 'debrief')}, "
                    f"{labels.plural(review.effort.get('dials', 0), 'dial')}, "
                    f"{labels.plural(review.effort.get('meetings', 0), 'meeting')}"),
        "highlights": [spans(line) for line in words.highlights(review)],
        "causes": [Bar(labels.cause_name(row.cause), _length(row.share, most_share),
                       f"{row.count:,} ({labels.percent(row.share)}, "
                       f"{words.cause_change(row, causes)})",
                       _length(row.previous_share, most_share)) for row in causes.rows],
        "sting": [Bar("before", _length(sting.average_before, 10), f"{sting.average_before:.1f}"),
                  Bar("after", _length(sting.average_after, 10), f"{sting.average_after:.1f}")]
        if sting.rated else [],
        "wins": daily_columns(review.wins.per_day, days, "small wins"),
        "dials": daily_columns(review.dials_per_day, days, "dials"),
        "goals": [Bar(labels.GOAL_NAMES.get(row.kind, row.kind), _length(min(row.done, row.goal), row.goal),
                      f"{row.done:,} of {row.goal:,}") for row in review.goals.rows],
        "hours": columns([strain.by_hour[hour] for hour in hours],
                         [f"{hour:02d}:00: {strain.by_hour[hour]} tough calls" for hour in hours],
                         "06:00", "21:00"),
        "sections": [{"key": section.key, "title": section.title,
                      "lines": [spans(line) for line in section.sentences(review)]}
                     for section in SECTIONS],
        "recent": _recent_rows(recent, generated.tzinfo),
        "bar_width": BAR_WIDTH,
        "column_height": COLUMN_HEIGHT,
    }


def report_html(review: Review, recent: Iterable[Mapping[str, Any]], generated: datetime) -> str:
    """The whole report page, every value HTML-escaped."""
    template = resources.files("coach.views").joinpath(TEMPLATE).read_text(encoding="utf-8")
    return render_html(template, report_context(review, recent, generated), clean=safe)
