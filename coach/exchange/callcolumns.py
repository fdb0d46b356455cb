"""Which column of a call log holds what: the header's names, the presets, and `--map`.

Headers are compared after lower-casing and turning every run of spaces and punctuation into one
space, so "Call Result", "call_result" and "CALL-RESULT" are one name. A preset only puts a
tool's own column names first; any field it does not find falls back to the common names, and
`--map FIELD=COLUMN` overrides both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from coach.errors import UsageError

FIELDS = ("date", "time", "disposition", "duration", "contact", "notes")
"""What Coach reads from a row; only `date` is required."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": ("date", "date time", "datetime", "call date", "call date time", "timestamp",
             "activity date", "call started", "call start", "started at", "start date",
             "created at", "created date", "date created", "created", "when"),
    "time": ("time", "call time", "start time", "time of call", "activity time"),
    "disposition": ("disposition", "call disposition", "outcome", "call outcome", "call result",
                    "result", "disposition name", "status", "call status"),
    "duration": ("duration", "talk time", "call duration", "talk duration", "duration seconds",
                 "duration s", "duration sec", "call length", "length"),
    "contact": ("contact", "contact name", "name", "full name", "prospect", "lead", "person",
                "company", "company name", "account", "account name"),
    "notes": ("notes", "note", "comments", "comment", "call notes", "description"),
}
"""The common names of each field, the most specific first (the first one found wins)."""

PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "generic": {},
    # HubSpot's call activity properties, by their labels in an export.
    "hubspot": {"date": ("activity date",), "disposition": ("call outcome",),
                "notes": ("call notes",), "contact": ("associated contact",)},
}
"""Each tool's own column names, tried before the common ones."""


def normal(name: str) -> str:
    """A header name as compared: 'Call_Result ' -> 'call result'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.lower()).split())


def parse_maps(maps: Sequence[str]) -> dict[str, str]:
    """`--map FIELD=COLUMN` options -> {field: column}; UsageError for a malformed one."""
    chosen: dict[str, str] = {}
    for entry in maps:
        field, sep, column = entry.partition("=")
        field = normal(field).replace(" ", "_")
        if not sep or not column.strip():
            raise UsageError(f"--map '{entry}' needs the form FIELD=COLUMN, e.g. "
                             "--map disposition='Call Result'.")
        if field not in FIELDS:
            raise UsageError(f"--map '{entry}': '{field}' is not a field. Fields: "
                             f"{', '.join(FIELDS)}.")
        chosen[field] = column
    return chosen


def choose_columns(header: Sequence[str], preset: str = "generic",
                   maps: Mapping[str, str] | None = None) -> dict[str, int]:
    """Which column index holds each field that could be found in this header.

    Raises UsageError when --map names a column the header does not have, or the preset is unknown.
    """
    if preset not in PRESETS:
        raise UsageError(f"No preset '{preset}'. Presets: {', '.join(PRESETS)}.")
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(normal(name), index)
    chosen: dict[str, int] = {}
    for field, column in (maps or {}).items():
        if normal(column) not in positions:
            raise UsageError(f"--map {field}={column}: the file has no column '{column}'. Its "
                             f"columns: {', '.join(header)}.")
        chosen[field] = positions[normal(column)]
    taken = set(chosen.values())
    for field in FIELDS:
        if field in chosen:
            continue
        for name in (*PRESETS[preset].get(field, ()), *SYNONYMS[field]):
            found = positions.get(name)
            if found is not None and found not in taken:
                chosen[field] = found
                taken.add(found)
                break
    return chosen
