"""Records as data files: JSON, JSON Lines, CSV or Markdown, for `coach export`, `history`, `show`.

JSON and JSON Lines hold every stored record exactly as stored, so `coach import` (or any data
tool) gets back exactly what was saved; the fields are documented in docs/records.md. CSV is for
spreadsheets: one row per record, with the answers as JSON text in the last column. Markdown is
for people: the effort per day and every reflection in full.

Every format comes out terminal-safe, so `cat` on an export file cannot drive the terminal: JSON
writes the characters `safe` removes as \\u escapes (they decode to exactly what was stored),
CSV and Markdown leave them out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any

from coach.review.days import EFFORT_KINDS
from coach.review.effort import totals
from coach.store import jsoncodec
from coach.store.records import SCHEMA
from coach.store.stamps import by_time, local_day, parse_stamp
from coach.views.display import escape_unsafe, safe
from coach.views.labels import plural
from coach.views.markdown import escape, reflection_document

FORMATS = ("json", "jsonl", "csv", "md")
FORMAT_NAME = "coach-export"
"""The `format` of a JSON export's header, so a reader can tell what it holds."""

CSV_COLUMNS = (
    "kind", "id", "schema", "when", "playbook", "variant", "title", "started", "finished",
    "sting_before", "sting_after", "cause", "small_win", "next_action", "callback", "lesson",
    "thinking_trap", "tags", "type", "count", "note", "answers",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Record = Mapping[str, Any]


def ordered(reflections: Iterable[Record], effort: Iterable[Record]) -> list[dict[str, Any]]:
    """The records of an export: reflections by finish time, then effort events by time."""
    return (sorted((dict(record) for record in reflections), key=by_time("finished"))
            + sorted((dict(event) for event in effort), key=by_time("at")))


def json_export(records: list[dict[str, Any]], exported: datetime, since: str | None) -> bytes:
    """One JSON document: a small header, then every record."""
    header: dict[str, Any] = {
        "format": FORMAT_NAME, "schema": SCHEMA,
        "exported": exported.isoformat(timespec="seconds"), "since": since,
        "counts": {kind: sum(1 for record in records if record.get("kind") == kind)
                   for kind in ("reflection", "effort")},
        "records": records,
    }
    return _terminal_safe_json(jsoncodec.encode(header, indent=True) + b"\n")


def _terminal_safe_json(data: bytes) -> bytes:
    return escape_unsafe(data.decode("utf-8")).encode("utf-8")


def json_records(records: Iterable[Record]) -> bytes:
    """The records alone, as one JSON array (`coach history --format json`)."""
    return _terminal_safe_json(jsoncodec.encode([dict(record) for record in records], indent=True) + b"\n")


def json_record(record: Record) -> bytes:
    """One record as an indented JSON object (`coach show --format json`)."""
    return _terminal_safe_json(jsoncodec.encode(dict(record), indent=True) + b"\n")


def jsonl_export(records: Iterable[Record]) -> bytes:
    """One record per line, nothing else, so any JSON Lines reader can stream it."""
    return _terminal_safe_json(b"".join(jsoncodec.encode(record) + b"\n" for record in records))


def team_export(header: Record, lines: Iterable[Record]) -> bytes:
    """A team export (`coach export --team`): the header line, then one line per summary."""
    return jsonl_export([header, *lines])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dict, list)):
        return escape_unsafe(jsoncodec.encode(value).decode("utf-8"))
    text = safe(str(value))
    # A spreadsheet would run a cell starting like this as a formula.
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_export(records: Iterable[Record]) -> str:
    """A CSV table with a header row; reflections and effort events share the columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        when = record.get("finished") if record.get("kind") == "reflection" else record.get("at")
        row = {**record, "when": when}
        if isinstance(record.get("tags"), list):
            row["tags"] = ";".join(str(tag) for tag in record["tags"])
        writer.writerow([_cell(row.get(column)) for column in CSV_COLUMNS])
    return buffer.getvalue()


def _effort_table(effort: Sequence[Record], zone: tzinfo | None) -> list[str]:
    by_day: dict[str, list[Record]] = {}
    for event in effort:
        moment = parse_stamp(event.get("at"))
        if moment is not None:
            by_day.setdefault(local_day(moment, zone).isoformat(), []).append(event)
    names = [kind.replace("_", "-") for kind in EFFORT_KINDS]
    lines = ["| Day | " + " | ".join(names) + " |", "| --- |" + " ---: |" * len(names)]
    for day in sorted(by_day):
        counts = totals(by_day[day])
        lines.append(f"| {day} | " + " | ".join(str(counts[kind]) for kind in EFFORT_KINDS) + " |")
    return lines


def markdown_export(records: list[dict[str, Any]], exported: datetime, since: str | None) -> str:
    """A readable document: effort per day, then each reflection in full, oldest first."""
    zone = exported.tzinfo
    reflections = [record for record in records if record.get("kind") == "reflection"]
    effort = [record for record in records if record.get("kind") == "effort"]
    span = f" since {escape(since)}" if since else ""
    lines = ["# Coach export", "",
             f"Exported {exported.strftime('%Y-%m-%d %H:%M')}{span}: "
             f"{plural(len(reflections), 'reflection')} and "
             f"{plural(len(effort), 'effort entry', 'effort entries')}."]
    if effort:
        lines += ["", "## Effort per day", "", *_effort_table(effort, zone)]
    for record in reflections:
        lines += ["", *reflection_document(record, zone)]
    return safe("\n".join(lines) + "\n")


def render(kind: str, records: list[dict[str, Any]], exported: datetime,
           since: str | None) -> bytes:
    """The export file in format `kind` (one of FORMATS), as UTF-8 bytes."""
    if kind == "json":
        return json_export(records, exported, since)
    if kind == "jsonl":
        return jsonl_export(records)
    if kind == "csv":
        return csv_export(records).encode("utf-8")
    return markdown_export(records, exported, since).encode("utf-8")


def for_terminal(kind: str, data: bytes) -> str:
    """An export as text to print. Every format is already terminal-safe; this keeps JSON's
    \\u escapes (rather than letting the output's `safe` drop them) for any other bytes.
    """
    text = data.decode("utf-8")
    if kind in ("json", "jsonl"):
        return escape_unsafe(text)
    return safe(text)
