"""Reading a dialer's or CRM's call-activity CSV into effort events, all or nothing.

Each row is one call: a dial, plus a conversation when someone was reached, a meeting when one
was booked and a follow-up when a callback was agreed (coach/exchange/dispositions.py). The whole
file is checked before anything is stored, so a file with one unreadable row changes nothing,
and the error names the line. Every event's id is derived from what the row says (when, who,
the disposition, the duration) and not from the file, so importing the same calls again, from
the same file or an overlapping export, adds nothing.

A row is stored only if it passes the same full check the JSON import makes
(coach/store/validation.py), and its moment must be within the store's years in every time zone
(coach/exchange/calltimes.py), so nothing imported is hidden later or found damaged by the doctor.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from coach.errors import CoachError
from coach.exchange.callcolumns import choose_columns, normal
from coach.exchange.calltimes import (
    CellProblem,
    bounds_problem,
    column_order,
    read_duration,
    read_stamp,
    shown,
    split_stamp,
    time_of,
)
from coach.exchange.dispositions import EFFORT_OF, NOT_REACHED, combined, outcome_of
from coach.exchange.importer import read_given_file
from coach.store.fields import MAX_NOTE
from coach.store.records import SCHEMA, timestamp
from coach.store.validation import problems

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
_BOM = b"\xef\xbb\xbf"


class CallLogProblem(CoachError):
    """A call log that cannot be imported; nothing was changed."""


@dataclass(frozen=True)
class CallLogOptions:
    """How to read a call log: the preset, `--map`, `--date-format`, `--disposition`."""

    preset: str = "generic"
    maps: dict[str, str] = field(default_factory=dict)
    date_format: str | None = None
    custom: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CallLog:
    """A checked call log: its effort events, and what the summary needs to say about it."""

    events: tuple[dict[str, Any], ...]
    rows: int
    columns: dict[str, str]
    """Which header each field was read from."""
    row_events: tuple[tuple[str, ...], ...]
    """The ids of each row's events, to tell rows that were already imported."""
    unrecognised: tuple[tuple[str, int], ...]
    """Dispositions Coach did not recognise, with how many rows had each, the commonest first."""


def _fail(path: Path, where: str, problem: str) -> CallLogProblem:
    place = f"{path}, {where}" if where else str(path)
    return CallLogProblem(f"{place}: {problem}. Nothing was imported.")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refused when missing, a folder, or bigger than MAX_BYTES."""
    return read_given_file(
        path, MAX_BYTES, "a call log (.csv)", CallLogProblem,
        lambda size: _fail(path, "", f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB; "
                           "export a shorter period and import each part"))


def _text(path: Path, data: bytes) -> str:
    try:
        return data[len(_BOM):].decode("utf-8") if data.startswith(_BOM) else data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise _fail(path, f"line {line}", "the file is not UTF-8 text. Export it again as UTF-8 "
                    "(in a spreadsheet: save as 'CSV UTF-8')") from None


def _rows(path: Path, text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and each row with its line number; the delimiter is read from the header."""
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = row
                continue
            if len(rows) >= MAX_ROWS:
                raise _fail(path, "", f"it has more than {MAX_ROWS:,} calls; export a shorter "
                            "period and import each part")
            if len(row) != len(header):
                raise _fail(path, f"line {reader.line_num}", f"this row has {len(row)} fields "
                            f"where the header has {len(header)}")
            rows.append((reader.line_num, row))
    except csv.Error as error:
        raise _fail(path, f"line {reader.line_num}", f"it is not valid CSV ({error})") from None
    if header is None:
        raise _fail(path, "", "the file is empty")
    return header, rows


def _note(cells: dict[str, str], seconds: int | None) -> str:
    parts = [cells.get("contact", ""), cells.get("disposition", ""), cells.get("sentiment", "")]
    if seconds:
        parts.append(f"{seconds // 60}:{seconds % 60:02d}")
    parts.append(cells.get("notes", ""))
    note = " · ".join(" ".join(part.split()) for part in parts if part.strip())
    return note if len(note) <= MAX_NOTE else note[:MAX_NOTE - 1] + "…"


def _outcome(disposition: str, sentiment: str, custom: dict[str, str],
             known: dict[str, str | None]) -> str | None:
    """The outcome of a row's disposition and sentiment (or tags), None when neither says.

    A log repeats a handful of them thousands of times: `known` keeps each one read.
    """
    outcomes = []
    for text in (disposition, sentiment):
        if text not in known:
            known[text] = outcome_of(text, custom) if text else None
        outcomes.append(known[text])
    return combined(outcomes[0], outcomes[1])


def _event_id(key: str, kind: str) -> str:
    return hashlib.sha256(f"{key}\0{kind}".encode()).hexdigest()[:32]


def parse_call_log(path: Path, data: bytes, options: CallLogOptions,
                   localize: Callable[[datetime], datetime]) -> CallLog:
    """The effort events of a call log's bytes (`path` only names the file in messages).

    `localize` gives a naive time (the file said no zone) the rep's local zone.
    """
    header, rows = _rows(path, _text(path, data))
    if {"kind", "id", "schema"} <= {normal(name) for name in header}:
        raise _fail(path, "", "this is Coach's own CSV export, which is made for spreadsheets "
                    "and cannot be read back; import a json or jsonl export instead")
    try:
        columns = choose_columns(header, options.preset, options.maps)
    except CoachError as error:
        raise _fail(path, "", error.message.rstrip(".")) from None
    if "date" not in columns:
        names = ", ".join(shown(name)[1:-1] for name in header[:20])
        names += "..." if len(header) > 20 else ""
        raise _fail(path, "line 1", "no column says when each call was made (looked for "
                    f"'Date', 'Call Date', 'Timestamp', 'Dialed At', 'Start Time'...; the "
                    f"columns are {names}). "
                    "Name it with --map date=COLUMN")
    cells_of = [{name: row[index].strip() for name, index in columns.items()}
                for _, row in rows]
    parts = [split_stamp(cells["date"]) for cells in cells_of]
    order = None
    if not options.date_format:
        try:
            order = column_order([date_part for date_part, _ in parts])
        except CellProblem as problem:
            raise _fail(path, "", f"in the column {shown(header[columns['date']])}, "
                        f"{problem}") from None
    events: list[dict[str, Any]] = []
    row_events: list[tuple[str, ...]] = []
    unknown: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    outcomes: dict[str, str | None] = {}
    for (line, _), cells, (date_part, time_part) in zip(rows, cells_of, parts, strict=True):
        try:
            if not date_part:
                raise CellProblem("the date is empty")
            cell = cells["date"]
            if not time_part and cells.get("time"):
                time_part = time_of(cells["time"])
                cell += f" {cells['time']}"
            moment = read_stamp(date_part, time_part, order, options.date_format, cell)
            seconds = read_duration(cells["duration"]) if cells.get("duration") else None
            moment = moment if moment.tzinfo else localize(moment)
            if problem_text := bounds_problem(moment, cell):
                raise CellProblem(problem_text)
        except CellProblem as problem:
            raise _fail(path, f"line {line}", str(problem)) from None
        disposition, sentiment = cells.get("disposition", ""), cells.get("sentiment", "")
        outcome = _outcome(disposition, sentiment, options.custom, outcomes)
        if outcome is None:
            if disposition:
                unknown[" ".join(disposition.split())] += 1
            outcome = NOT_REACHED
        # The row's own content names its calls, so another export of the same calls gives the
        # same ids; a call repeated within a file (a double dial) is told apart by its count.
        key = "\0".join((moment.astimezone(timezone.utc).isoformat(),
                         " ".join(cells.get("contact", "").casefold().split()),
                         " ".join(disposition.casefold().split()), str(seconds)))
        seen[key] += 1
        key += f"\0{seen[key]}"
        note, at = _note(cells, seconds), timestamp(moment)
        ids = []
        for kind in EFFORT_OF[outcome]:
            event_id = _event_id(key, kind)
            ids.append(event_id)
            events.append({"schema": SCHEMA, "kind": "effort", "id": event_id, "type": kind,
                           "count": 1, "at": at, "note": note})
        # The full check the JSON import makes, on the row's first event (the others differ
        # only in their id and kind): what passes it is never hidden or called damaged later.
        if found := problems(events[-len(ids)]):
            raise _fail(path, f"line {line}", f"this call cannot be stored ({found[0]}); "
                        "fix the row, or leave it out")
        row_events.append(tuple(ids))
    return CallLog(events=tuple(events), rows=len(rows),
                   columns={name: header[index] for name, index in columns.items()},
                   row_events=tuple(row_events), unrecognised=tuple(unknown.most_common()))


def read_call_log(path: Path, options: CallLogOptions,
                  localize: Callable[[datetime], datetime]) -> CallLog:
    """The checked effort events of the call log at `path` (see parse_call_log)."""
    return parse_call_log(path, read_bytes(path), options, localize)
