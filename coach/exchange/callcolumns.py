"""Which column of a call log holds what: the header's names, the presets, and `--map`.

Headers are compared by their letters and digits alone, lower-cased: camelCase, PascalCase,
snake_case, SCREAMING_SNAKE, dashed, dotted and spaced forms are one name, so `dialedAt`,
`DIALED_AT`, `Dialed-At`, `dialed at` and `DialedAt` all read as "dialed at". Where no column
has a name as a whole, its last part is tried: after a dotted prefix (`call.dialed_at`,
`to.name`), a spaced dash (`Activity - Due date`) or without a unit in brackets at its end
(`Duration (sec)`, `Date (UTC)`). A preset (coach/exchange/callpresets.py) only puts a tool's
own names first; any field it does not find falls back to the common names, and
`--map FIELD=COLUMN` overrides both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from coach.errors import UsageError
from coach.exchange.callpresets import PRESETS

__all__ = ["FIELDS", "PRESETS", "SYNONYMS", "choose_columns", "key", "normal", "parse_maps"]

FIELDS = ("date", "time", "disposition", "sentiment", "duration", "contact", "notes")
"""What Coach reads from a row; only `date` is required."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": ("date", "date time", "datetime", "call date", "call date time", "timestamp",
             "activity date", "dialed at", "date started", "call started", "call start",
             "call started at", "started at", "start date", "start date time", "created at",
             "created date", "date created", "created", "when", "start time", "call start time",
             "due date"),
    "time": ("time", "call time", "start time", "time of call", "activity time", "due time"),
    # Every name that says how the call went comes before a generic status, which a CRM may
    # fill with the task's state ("Completed") rather than the call's.
    "disposition": ("disposition", "call disposition", "disposition name",
                    "call disposition name", "outcome", "call outcome", "call result",
                    "action result", "result", "categories", "status", "call status"),
    "sentiment": ("sentiment", "call sentiment", "tags", "call tags"),
    "duration": ("duration", "talk time", "call duration", "talk duration",
                 "call duration in seconds", "duration in seconds", "duration seconds",
                 "duration s", "duration sec", "call length", "length", "total duration"),
    "contact": ("contact", "contact name", "associated contact", "to name", "called person",
                "prospect", "prospect name", "lead", "lead name", "customer name",
                "contact person", "who name", "name", "full name", "person", "company",
                "company name", "account", "account name", "company account",
                "associated company", "phone number", "external number", "raw digits", "to"),
    "notes": ("notes", "note", "comments", "comment", "call notes", "description"),
}
"""The common names of each field, the most specific first (the first one found wins)."""


def normal(name: str) -> str:
    """A name in lower-case words: 'Call_Result ' -> 'call result', 'dialedAt' -> 'dialed at'.

    >>> normal("CallDurationInSeconds"), normal("DIALED_AT"), normal("HTTPServer")
    ('call duration in seconds', 'dialed at', 'http server')
    """
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.lower()).split())


def key(name: str) -> str:
    """A header name as compared: its letters and digits, lower-cased ('ACTIVITYDATE',
    'Activity Date' and 'activity_date' are one name, even where no case shows the words)."""
    return re.sub(r"[^0-9a-z]+", "", name.lower())


def _last_part(name: str) -> str:
    """The name without a dotted or dashed prefix and a bracketed unit at its end, or ''."""
    part = re.split(r"\.|\s+-\s+|:", name.strip())[-1]
    part = re.sub(r"\s*[(\[][^)\]]*[)\]]\s*$", "", part)
    return key(part) if key(part) != key(name) else ""


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


def _positions(header: Sequence[str]) -> dict[str, int]:
    """Each name a column answers to -> its index: whole names first, then last parts."""
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(key(name), index)
    for index, name in enumerate(header):
        if part := _last_part(name):
            positions.setdefault(part, index)
    positions.pop("", None)
    return positions


def choose_columns(header: Sequence[str], preset: str = "generic",
                   maps: Mapping[str, str] | None = None) -> dict[str, int]:
    """Which column index holds each field that could be found in this header.

    Raises UsageError when --map names a column the header does not have, or the preset is unknown.
    """
    if preset not in PRESETS:
        raise UsageError(f"No preset '{preset}'. Presets: {', '.join(PRESETS)}.")
    exact = {key(name): index for index, name in reversed(list(enumerate(header)))}
    positions = _positions(header)
    chosen: dict[str, int] = {}
    for field, column in (maps or {}).items():
        if key(column) not in exact:
            raise UsageError(f"--map {field}={column}: the file has no column '{column}'. Its "
                             f"columns: {', '.join(header)}.")
        chosen[field] = exact[key(column)]
    taken = set(chosen.values())
    for field in FIELDS:
        if field in chosen:
            continue
        for name in (*PRESETS[preset].get(field, ()), *SYNONYMS[field]):
            found = positions.get(key(name))
            if found is not None and found not in taken:
                chosen[field] = found
                taken.add(found)
                break
    return chosen
