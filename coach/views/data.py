"""Machine-readable history: JSON, JSON Lines and CSV, safe to print on a terminal.

JSON keeps every stored field. Control characters inside strings are written as \\u escapes,
which is still the same JSON but cannot drive the terminal it is printed on. CSV holds one row
of summary fields per reflection; a cell a spreadsheet would run as a formula gets a leading
apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from coach.views.display import safe

CSV_COLUMNS = (
    "id", "finished", "playbook", "variant", "cause", "sting_before", "sting_after", "small_win",
    "next_action", "lesson", "callback", "thinking_trap", "tags",
)

_UNSAFE = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape_unsafe(text: str) -> str:
    # json.dumps already escapes C0 controls; this covers DEL, C1 controls and bidi overrides.
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def to_json(value: Any, indent: int | None = None) -> str:
    """JSON text of `value`, readable (UTF-8) and terminal-safe."""
    return _escape_unsafe(json.dumps(value, ensure_ascii=False, indent=indent))


def json_document(records: Iterable[Mapping[str, Any]]) -> str:
    """Every record as one JSON array."""
    return to_json([dict(record) for record in records], indent=2)


def json_lines(records: Iterable[Mapping[str, Any]]) -> Iterable[str]:
    """One JSON object per line, for streaming into other tools."""
    for record in records:
        yield to_json(dict(record))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ";".join(str(item) for item in value)
    text = safe(str(value)) if not isinstance(value, (int, float)) else str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def csv_text(records: Iterable[Mapping[str, Any]]) -> str:
    """A CSV table of the summary fields, with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow([_cell(record.get(column)) for column in CSV_COLUMNS])
    return buffer.getvalue().rstrip("\n")
