"""The objection book as the rep reads it: lines for the terminal, Markdown, and the JSON view.

It formats what coach/review/objections.py found; it computes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo
from typing import Any

from coach.review.objections import STAGES, BookAnswer, BookEntry
from coach.store.stamps import local_day, parse_stamp
from coach.views.labels import day_name, short_date, times

JSON_FORMAT = "coach-objections"
JSON_VERSION = 1

_HELPED = {True: "helped", False: "didn't help"}


def _day(stamp: str, zone: tzinfo | None) -> date | None:
    moment = parse_stamp(stamp)
    return None if moment is None else local_day(moment, zone)


def _heading(entry: BookEntry, today: date, zone: tzinfo | None) -> str:
    last = _day(entry.last, zone)
    when = f", last {day_name(last, today)}" if last else ""
    count = times(entry.count) if entry.count else "practised, not met on a call yet"
    return f"\"{entry.name}\": {count}{when}"


def answer_line(answer: BookAnswer) -> str:
    mark = f"  ({_HELPED[answer.helped]})" if answer.helped is not None else ""
    return f"{' '.join(answer.text.split())}{mark}"


def _stages(entry: BookEntry) -> str:
    if not entry.stages:
        return ""
    top = max(entry.stages.items(), key=lambda item: item[1])[0]
    return f"mostly at {STAGES.get(top, top.replace('_', ' '))}"


def book_lines(entries: Sequence[BookEntry], today: date, zone: tzinfo | None) -> list[str]:
    """The book for the terminal: each objection, most frequent first, with the rep's answers."""
    if not entries:
        return ["Your objection book is empty. When a debrief names what the prospect said, "
                "it lands here with the answer you'd give next time."]
    lines = [f"Your objection book: {len(entries)} objection"
             f"{'' if len(entries) == 1 else 's'}, most frequent first."]
    for entry in entries:
        lines.append("")
        stages = _stages(entry)
        lines.append(_heading(entry, today, zone) + (f" ({stages})" if stages else ""))
        if not entry.answers:
            lines.append("  no answer written yet: `coach objections practice` helps")
        lines.extend(f"  - {answer_line(answer)}" for answer in entry.answers)
    return lines


def book_markdown(entries: Sequence[BookEntry], today: date, zone: tzinfo | None) -> str:
    """The book as Markdown, to keep or share."""
    lines = ["# My objection book", ""]
    if not entries:
        lines.append("No objections yet.")
    for entry in entries:
        last = _day(entry.last, zone)
        when = f", last on {short_date(last, year=True)}" if last else ""
        stages = _stages(entry)
        lines.append(f"## \u201c{_markdown(entry.name)}\u201d")
        lines.append("")
        count = (f"Came up {times(entry.count)}" if entry.count
                 else "Practised, not met on a call yet")
        lines.append(count + when + (f", {stages}" if stages else "") + ".")
        lines.append("")
        if entry.answers:
            lines.extend(f"- {_markdown(answer_line(answer))}" for answer in entry.answers)
        else:
            lines.append("No answer written yet.")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _markdown(text: str) -> str:
    """Text that reads as itself in Markdown: the marks that would format it are escaped."""
    out = " ".join(text.split())
    for mark in "\\`*_[]<>#|":
        out = out.replace(mark, "\\" + mark)
    return out


def book_view(entries: Sequence[BookEntry]) -> dict[str, Any]:
    """The book for scripts (`--format json`); docs/records.md lists the keys."""
    return {"format": JSON_FORMAT, "version": JSON_VERSION,
            "objections": [entry.as_json() for entry in entries]}
