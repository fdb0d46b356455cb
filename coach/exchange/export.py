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
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, tzinfo
from itertools import chain
from typing import Any

from coach.exchange.formats import JSON_NAMES
from coach.review.effort import totals
from coach.safetext import escape_unsafe, safe
from coach.store import jsoncodec
from coach.store.fields import EFFORT_KINDS
from coach.store.records import SCHEMA
from coach.store.stamps import local_day, parse_stamp
from coach.views.labels import plural
from coach.views.markdown import escape, reflection_document

FORMAT_NAME = "coach-export"
"""The `format` of a JSON export's header, so a reader can tell what it holds."""

CSV_COLUMNS = (
    "kind", "id", "schema", "when", "playbook", "variant", "title", "started", "finished",
    "sting_before", "sting_after", "cause", "small_win", "next_action", "callback", "lesson",
    "thinking_trap", "tags", "type", "count", "note", "answers",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Record = Mapping[str, Any]


def json_export(reflections: Iterable[Record], effort: Iterable[Record], exported: datetime,
                since: str | None) -> Iterator[bytes]:
    """One JSON document, a record at a time: a small header, every record, then the counts
    (last, so the export never holds more than one record)."""
    header = {"format": FORMAT_NAME, "schema": SCHEMA,
              "exported": exported.isoformat(timespec="seconds"), "since": since}
    opening = jsoncodec.encode(header, indent=True)
    yield opening[:-2] + b',\n  "records": ['
    counts = {"reflection": 0, "effort": 0}
    separator = b"\n"
    for record in chain(reflections, effort):
        kind = record.get("kind")
        if kind in counts:
            counts[str(kind)] += 1
        # Each record indented one level deeper than orjson's own two spaces; JSON text holds
        # no raw newline, so every line break is one of the indentation's.
        encoded = jsoncodec.encode(dict(record), indent=True).replace(b"\n", b"\n    ")
        yield separator + _terminal_safe_json(b"    " + encoded)
        separator = b",\n"
    closing = jsoncodec.encode({"counts": counts}, indent=True)
    yield (b"\n  ]," if separator != b"\n" else b"],") + closing[1:] + b"\n"


def _terminal_safe_json(data: bytes) -> bytes:
    return escape_unsafe(data.decode("utf-8")).encode("utf-8")


def json_array(records: Iterable[Record]) -> Iterator[bytes]:
    """The records alone, as one indented JSON array, a record at a time (`coach history
    --format json`): the bytes of the whole list encoded at once, without holding it."""
    separator = b"[\n  "
    for record in records:
        encoded = jsoncodec.encode(dict(record), indent=True).replace(b"\n", b"\n  ")
        yield _terminal_safe_json(separator + encoded)
        separator = b",\n  "
    yield b"[]\n" if separator == b"[\n  " else b"\n]\n"


def json_record(record: Record) -> bytes:
    """One record as an indented JSON object (`coach show --format json`)."""
    return _terminal_safe_json(jsoncodec.encode(dict(record), indent=True) + b"\n")


def jsonl_lines(records: Iterable[Record]) -> Iterator[bytes]:
    """One record per line, nothing else, so any JSON Lines reader can stream it."""
    for record in records:
        yield _terminal_safe_json(jsoncodec.encode(record) + b"\n")


def team_export(header: Record, lines: Iterable[Record]) -> Iterator[bytes]:
    """A team export (`coach export --team`), a line at a time: the header line, then one line
    per summary. It is plain even from an encrypted folder: it is made to be sent."""
    yield from jsonl_lines(chain([header], lines))


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


def csv_rows(records: Iterable[Record]) -> Iterator[str]:
    """The CSV table a row at a time, the header row first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        when = record.get("finished") if record.get("kind") == "reflection" else record.get("at")
        row = {**record, "when": when}
        if isinstance(record.get("tags"), list):
            row["tags"] = ";".join(str(tag) for tag in record["tags"])
        writer.writerow([_cell(row.get(column)) for column in CSV_COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _effort_table(effort: Iterable[Record], zone: tzinfo | None) -> tuple[list[str], int]:
    """The effort per day as a Markdown table, and how many events it counts."""
    by_day: dict[str, dict[str, int]] = {}
    seen = 0
    for event in effort:
        seen += 1
        moment = parse_stamp(event.get("at"))
        if moment is not None:
            done = by_day.setdefault(local_day(moment, zone).isoformat(),
                                     dict.fromkeys(EFFORT_KINDS, 0))
            for kind, count in totals([event]).items():
                done[kind] += count
    names = [kind.replace("_", "-") for kind in EFFORT_KINDS]
    lines = ["| Day | " + " | ".join(names) + " |", "| --- |" + " ---: |" * len(names)]
    for day in sorted(by_day):
        counts = by_day[day]
        lines.append(f"| {day} | " + " | ".join(str(counts[kind]) for kind in EFFORT_KINDS) + " |")
    return lines, seen


def markdown_export(reflections: Iterable[Record], reflection_count: int,
                    effort: Iterable[Record], exported: datetime, since: str | None) -> Iterator[str]:
    """A readable document, a reflection at a time: effort per day, then each reflection in
    full, oldest first."""
    zone = exported.tzinfo
    table, events = _effort_table(effort, zone)
    span = f" since {escape(since)}" if since else ""
    lines = ["# Coach export", "",
             f"Exported {exported.strftime('%Y-%m-%d %H:%M')}{span}: "
             f"{plural(reflection_count, 'reflection')} and "
             f"{plural(events, 'effort entry', 'effort entries')}."]
    if events:
        lines += ["", "## Effort per day", "", *table]
    yield safe("\n".join(lines) + "\n")
    for record in reflections:
        yield safe("\n" + "\n".join(reflection_document(record, zone)) + "\n")


def _json(reflections: Iterable[Record], reflection_count: int, effort: Iterable[Record],
          exported: datetime, since: str | None) -> Iterator[bytes]:
    return json_export(reflections, effort, exported, since)


def _jsonl(reflections: Iterable[Record], reflection_count: int, effort: Iterable[Record],
           exported: datetime, since: str | None) -> Iterator[bytes]:
    return jsonl_lines(chain(reflections, effort))


def _csv(reflections: Iterable[Record], reflection_count: int, effort: Iterable[Record],
         exported: datetime, since: str | None) -> Iterator[bytes]:
    return (rows.encode("utf-8") for rows in csv_rows(chain(reflections, effort)))


def _md(reflections: Iterable[Record], reflection_count: int, effort: Iterable[Record],
        exported: datetime, since: str | None) -> Iterator[bytes]:
    return (text.encode("utf-8")
            for text in markdown_export(reflections, reflection_count, effort, exported, since))


Renderer = Callable[[Iterable[Record], int, Iterable[Record], datetime, str | None],
                    Iterator[bytes]]
RENDERERS: Mapping[str, Renderer] = {"json": _json, "jsonl": _jsonl, "csv": _csv, "md": _md}
"""The renderer of each format in coach/exchange/formats.py (a test checks they agree)."""


def render(kind: str, reflections: Iterable[Record], reflection_count: int,
           effort: Iterable[Record], exported: datetime, since: str | None) -> Iterator[bytes]:
    """The export file in format `kind` (one of formats.NAMES), as UTF-8 chunks: reflections
    by finish time, then effort events by time, each read as it is written."""
    return RENDERERS[kind](reflections, reflection_count, effort, exported, since)


def for_terminal(kind: str, data: bytes) -> str:
    """An export as text to print. Every format is already terminal-safe; this keeps JSON's
    \\u escapes (rather than letting the output's `safe` drop them) for any other bytes.
    """
    text = data.decode("utf-8")
    if kind in JSON_NAMES:
        return escape_unsafe(text)
    return safe(text)
