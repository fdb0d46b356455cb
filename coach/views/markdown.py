"""Markdown for sharing: the week's summary for a team huddle, a history table, one reflection.

What the rep typed is backslash-escaped, so a stray `*`, `|` or `<script>` shows as typed in any
Markdown viewer instead of changing the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from coach.safetext import safe
from coach.views import labels, words
from coach.views.charts import UNICODE, Charset, bar, sparkline, squeeze
from coach.views.listing import SUMMARY_LABELS, local_time, minute_text, sting_text
from coach.views.sections import GLANCE, SECTIONS

if TYPE_CHECKING:
    from coach.review.patterns import Review

Record = Mapping[str, Any]

# Every line the views write starts with their own markup ("- ", "| "), so only characters
# that act in the middle of a line need escaping; a `<` escaped means no tag can open.
_SPECIAL = re.compile(r"([\\`*_\[\]<|~&])")


def escape(text: str) -> str:
    """Text that Markdown shows exactly as typed, on one line.

    >>> escape("a *b* <script>")
    'a \\\\*b\\\\* \\\\<script>'
    """
    return _SPECIAL.sub(r"\\\1", " ".join(safe(text).split()))


def history_table(records: Iterable[Record], zone: tzinfo | None) -> Iterator[str]:
    """The history as a Markdown table, a line at a time."""
    yield "| Finished | Playbook | Cause | Sting | Small win | Id |"
    yield "| --- | --- | --- | --- | --- | --- |"
    for record in records:
        moment = local_time(record.get("finished"), zone)
        when = minute_text(moment) if moment else "?"
        cells = [when, str(record.get("playbook", "?")), str(record.get("cause") or ""),
                 sting_text(record), str(record.get("small_win") or ""), str(record.get("id", ""))[:8]]
        yield "| " + " | ".join(escape(cell) for cell in cells) + " |"


def reflection_document(record: Record, zone: tzinfo | None) -> list[str]:
    """One reflection in full, ready to paste to a mentor."""
    title = str(record.get("title") or record.get("playbook") or "Reflection")
    moment = local_time(record.get("finished"), zone)
    lines = [f"## {escape(title)}", ""]
    if moment:
        lines.append(f"*{moment.strftime('%a %d %b %Y %H:%M')}*, sting {escape(sting_text(record))}")
        lines.append("")
    answers = record.get("answers")
    if isinstance(answers, Mapping):
        for entry in answers.values():
            if isinstance(entry, Mapping):
                shown = entry.get("shown") or entry.get("answer")
                lines.append(f"- **{escape(str(entry.get('question') or '?'))}** "
                             f"{escape(str(shown) if shown is not None else '(skipped)')}")
    summary = [(label, record.get(name)) for name, label in SUMMARY_LABELS if record.get(name)]
    if summary:
        lines.append("")
        lines += [f"**{label}:** {escape(str(value))}  " for label, value in summary]
    return lines


def review_document(review: Review, charset: Charset = UNICODE) -> list[str]:
    """The summary of a period (by default the last seven days) for a team huddle."""
    lines = [f"# Week in calls: {escape(words.period_title(review))}", ""]
    lines.append(
        f"{labels.plural(review.effort.get('dials', 0), 'dial')}, "
        f"{labels.plural(review.effort.get('conversations', 0), 'conversation')}, "
        f"{labels.plural(review.effort.get('meetings', 0), 'meeting')} and "
        f"{labels.plural(review.debriefs, 'debrief')}.  "
    )
    dials, size = squeeze(review.dials_per_day, 56)
    per = "day" if size == 1 else f"{size} days"
    lines.append(f"Dials per {per}: `{sparkline(dials, charset)}`")
    sections = [(GLANCE, list(words.highlights(review)))]
    sections += [(section.title, section.huddle(review)) for section in SECTIONS if section.huddle]
    for title, sentences in sections:
        if sentences:
            lines += ["", f"## {escape(title)}", "", *(f"- {escape(sentence)}" for sentence in sentences)]
    rows = review.causes.rows
    if rows:
        most = max(row.count for row in rows)
        lines += ["", "| Cause | Count | Share | Against the period before | |",
                  "| --- | ---: | ---: | ---: | --- |"]
        lines += [f"| {escape(labels.cause_name(row.cause))} | {row.count:,} "
                  f"| {labels.percent(row.share)} "
                  f"| {words.cause_change(row, review.causes)} | `{bar(row.count, most, 12, charset)}` |"
                  for row in rows]
    return lines

