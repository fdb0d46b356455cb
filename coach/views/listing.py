"""Reflections as terminal text: one line each for a list, or one reflection in full.

Everything the rep typed goes through `safe()` before it reaches the terminal, so stored text
cannot move the cursor or recolour the screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any

from coach.safetext import safe
from coach.store.stamps import as_utc, in_zone, parse_stamp
from coach.views.labels import cause_name, plural, trap_name, upper_first

Record = Mapping[str, Any]

SUMMARY_LABELS = (
    ("small_win", "Small win"), ("next_action", "Next action"), ("lesson", "Lesson"),
    ("callback", "Call back on"), ("thinking_trap", "Thinking trap"),
)
WIN_WIDTH = 40
LINE_FIELDS = ("id", "finished", "playbook", "cause", "sting_before", "sting_after", "small_win")
"""The fields `history_line` reads: a list that holds only these draws the same lines."""


def local_time(stamp: object, zone: tzinfo | None) -> datetime | None:
    """A stored stamp on the rep's clock: the zone's offset at that instant, not today's."""
    moment = parse_stamp(stamp)
    return in_zone(moment, zone) if moment else None


def minute_text(moment: datetime) -> str:
    """'2026-11-20 10:30': what strftime("%Y-%m-%d %H:%M") gives, without the call strftime
    makes to the zone for its daylight-saving flag, which a long list pays for every line."""
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} "
            f"{moment.hour:02d}:{moment.minute:02d}")


def shorten(text: str, width: int) -> str:
    """One line of at most `width` characters, with an ellipsis when cut."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 3].rstrip() + "..."


def sting_text(record: Record) -> str:
    before, after = record.get("sting_before"), record.get("sting_after")
    if before is None and after is None:
        return "-"
    return f"{'?' if before is None else before} -> {'?' if after is None else after}"


def history_line(record: Record, zone: tzinfo | None) -> str:
    """One reflection on one line: id, when, playbook, cause, sting before->after, small win.

    The columns line up, and the sting and the win carry a label, so a single line still reads
    on its own (in a grep, say). It reads only LINE_FIELDS.
    """
    moment = local_time(record.get("finished"), zone)
    when = minute_text(moment) if moment else "?"
    before, after = record.get("sting_before"), record.get("sting_after")
    sting = "" if before is None and after is None else (
        f"sting {'?' if before is None else before}->{'?' if after is None else after}")
    win = record.get("small_win")
    line = (f"{str(record.get('id', ''))[:8]:<8}  {when:<16}  {record.get('playbook', '?')!s:<14}  "
            f"{_short_cause(record.get('cause')):<11}  {sting:<10}  "
            f"{'win: ' + shorten(str(win), WIN_WIDTH) if win else ''}")
    return safe(line.rstrip())


SHORT_CAUSES = {"priorities": "priorities", "delivery": "my delivery", "unknown": "can't tell",
                "gatekeeper": "gatekeeper"}
"""Causes in a list's narrow column: the words the rep picked, never the stored key."""


def _short_cause(cause: object) -> str:
    if not cause:
        return "-"
    return SHORT_CAUSES.get(str(cause), cause_name(str(cause)))[:11]


def _answer_shown(entry: Mapping[str, Any]) -> str:
    shown = entry.get("shown")
    if isinstance(shown, str) and shown:
        return shown
    value = entry.get("answer")
    if value is None:
        return "(skipped)"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _indented(text: str, prefix: str) -> list[str]:
    lines = text.splitlines() or [""]
    return [prefix + lines[0], *("    " + line for line in lines[1:])]


def reflection_lines(record: Record, zone: tzinfo | None) -> list[str]:
    """One reflection in full: what it was, every question and answer in order, what the coach
    said, and the summary fields."""
    finished = local_time(record.get("finished"), zone)
    started = local_time(record.get("started"), zone)
    title = str(record.get("title") or record.get("playbook") or "Reflection")
    lines = [f"{title}  ({record.get('playbook', '?')}, {record.get('variant', 'full')})"]
    when = finished.strftime("%a %d %b %Y %H:%M") if finished else "unknown time"
    if finished and started and finished >= started:
        # Subtracted as instants: both share the rep's zone, and Python would subtract wall
        # clocks, an hour off when the clocks changed during the conversation.
        minutes = round((as_utc(finished) - as_utc(started)).total_seconds() / 60)
        when += f", took {plural(max(minutes, 1), 'minute')}" if minutes else ", took under a minute"
    lines.append(f"Finished {when}. Id {record.get('id', '?')}")
    facts = []
    if record.get("sting_before") is not None or record.get("sting_after") is not None:
        facts.append(f"sting {sting_text(record)}")
    if record.get("cause"):
        facts.append(f"cause: {cause_name(str(record['cause']))}")
    tags = record.get("tags")
    if isinstance(tags, list) and tags:
        facts.append("tags: " + ", ".join(str(tag) for tag in tags))
    if facts:
        lines.append(upper_first("; ".join(facts)))
    answers = record.get("answers")
    if isinstance(answers, Mapping) and answers:
        lines += ["", "Questions and answers"]
        for entry in answers.values():
            if isinstance(entry, Mapping):
                lines += _indented(str(entry.get("question") or "?"), "  ")
                lines += _indented(_answer_shown(entry), "  > ")
    responses = record.get("responses")
    if isinstance(responses, list) and responses:
        lines += ["", "What the coach said"]
        for response in responses:
            lines += _indented(str(response), "  - ")
    summary = [(label, _summary_value(record, name)) for name, label in SUMMARY_LABELS
               if record.get(name)]
    if summary:
        lines += ["", "Summary"]
        for label, value in summary:
            many = label == "Thinking trap" and "; " in value
            lines += _indented(value, f"  {label}{'s' if many else ''}: ")
    return [safe(line) for line in lines]


def _summary_value(record: Record, name: str) -> str:
    """A summary field as the rep reads it: every trap picked, by its name, not its key."""
    if name != "thinking_trap":
        return str(record.get(name))
    values = record.get("values")
    picked = values.get("thinking_traps") if isinstance(values, Mapping) else None
    if isinstance(picked, list) and picked and all(isinstance(trap, str) for trap in picked):
        return "; ".join(trap_name(trap) for trap in picked)
    return trap_name(str(record.get(name)))
