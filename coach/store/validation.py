"""The record schema as checks: every field's type, range and size, for imports and stored records.

Pure: no I/O. `problems(record)` lists what is wrong with a reflection or an effort event as
short phrases that start with the field ("finished: year 9999 is outside 1970-2999"): the full
check, made on import and by `coach doctor`. `read_problem` and `sort_out` are the quick check
made on every read of the store: only what would break a command (the id and the timestamps),
so reading twenty thousand records stays fast; the store skips a record that fails it.
docs/records.md lists the limits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from coach.store.fields import EFFORT_KINDS, MAX_COUNT, MAX_NOTE

FIRST_YEAR, LAST_YEAR = 1970, 2999
"""Timestamps and dates outside these years are refused: Python cannot show or count some of
them (year 1 minus an offset is before year 1; year 9999 plus a day is past the end)."""

MAX_TEXT_CHARS = 2_000_000
"""The longest text in one field: the longest answer the conversation accepts (MAX_ANSWER_CHARS)."""
MAX_LINE_CHARS = 10_000
"""A question, a response or a short field (cause, a trap, a title)."""
MAX_NAME_CHARS = 200
"""An id, a playbook id, a step path or a key of `values`."""
MAX_ANSWERS = 200
MAX_RESPONSES = 1_000
MAX_TAGS = 50
MAX_TAG_CHARS = 64
MAX_VALUES = 5_000
"""Entries in `values`, counted over every level."""
MAX_DEPTH = 8
"""How deeply `values` may nest (each included playbook adds a level)."""
MAX_RECORD_BYTES = 16 * 1024 * 1024
"""A record's size as JSON: a few copies of the longest answers fit, a million answers do not."""

ANSWER_TYPES = ("text", "choice", "scale", "yesno", "number", "date")
VARIANTS = ("full", "quick")
TEXT_FIELDS = {"small_win": MAX_TEXT_CHARS, "next_action": MAX_TEXT_CHARS,
               "lesson": MAX_TEXT_CHARS, "cause": MAX_LINE_CHARS,
               "thinking_trap": MAX_LINE_CHARS, "stage": MAX_LINE_CHARS,
               "objection": MAX_TEXT_CHARS, "objection_answer": MAX_TEXT_CHARS,
               "objection_helped": MAX_LINE_CHARS}
"""The summary fields that hold text (or null), with their longest length."""
STING_FIELDS = ("sting_before", "sting_after")

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{3}|\.\d{6})?)?[+-]\d\d:\d\d")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def strict_stamp(text: object) -> datetime | None:
    """An aware datetime from an ISO 8601 timestamp with a zone offset in 1970-2999, else None.

    The strict reading, for imports and the doctor; the views read with stamps.parse_stamp.

    >>> strict_stamp("2026-11-20T10:30:00+01:00").isoformat()
    '2026-11-20T10:30:00+01:00'
    >>> strict_stamp("2026-11-20T10:30:00"), strict_stamp("9999-12-31T23:00:00+00:00")
    (None, None)
    """
    return _stamp_and_problem(text)[0]


def _stamp_and_problem(text: object) -> tuple[datetime | None, str]:
    if not isinstance(text, str):
        return None, f"{_kind(text)}, not a timestamp"
    # The shape is checked first: Python 3.10's fromisoformat takes fewer forms than 3.11's,
    # and a timestamp without a zone cannot be placed on anyone's day.
    if not _STAMP.fullmatch(text):
        if text.endswith("Z") and _STAMP.fullmatch(text[:-1] + "+00:00"):
            return None, f"{_shown(text)} ends in Z; write the offset instead (+00:00)"
        if _STAMP.fullmatch(text + "+00:00"):
            return None, f"{_shown(text)} has no time zone offset (like +01:00)"
        return None, f"{_shown(text)} is not an ISO timestamp"
    year = int(text[:4])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None, f"year {year} is outside {FIRST_YEAR}-{LAST_YEAR}"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None, f"{_shown(text)} is not a real time"
    return moment, ""


def _usable(stamp: object, parse: Any = datetime.fromisoformat) -> bool:
    """True for a stamp this Python reads as an aware moment in range: the quick path.

    Looser than the full check (Python 3.11 also reads other ISO forms), but whatever it lets
    through the views read with the same function.
    """
    try:
        moment = parse(stamp)
    except (TypeError, ValueError):
        return False
    return moment.tzinfo is not None and FIRST_YEAR <= moment.year <= LAST_YEAR


def _day_problem(text: object) -> str:
    if not isinstance(text, str) or not _DAY.fullmatch(text):
        return f"{_shown(text)} is not a date (YYYY-MM-DD)"
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return f"{_shown(text)} is not a real date"
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return f"year {day.year} is outside {FIRST_YEAR}-{LAST_YEAR}"
    return ""


def _kind(value: object) -> str:
    names = {str: "text", bool: "true/false", int: "a number", float: "a number",
             dict: "an object", list: "a list", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _plain(name: str) -> str:
    """A key from the record, fit to name in a message: short, and nothing a terminal obeys."""
    return "".join(char if char.isprintable() else "?" for char in name[:40])


def _text_problem(value: object, longest: int, *, optional: bool = True) -> str:
    if value is None and optional:
        return ""
    if not isinstance(value, str):
        return f"is {_kind(value)}, not text"
    if len(value) > longest:
        return f"is {len(value):,} characters long, over the {longest:,} allowed"
    return ""


def id_problem(record_id: object) -> str:
    """What is wrong with a record id, or "" (letters, digits and . _ : -, up to 128)."""
    if not isinstance(record_id, str) or not record_id:
        return "id: missing; every record needs one"
    if not _ID.fullmatch(record_id):
        return f"id: {_shown(record_id)} is not a plain id (letters, digits, up to 128)"
    return ""


def _leaf_problem(value: object) -> str:
    if value is None or isinstance(value, (bool, int, float)):
        return ""
    if isinstance(value, str):
        return "" if len(value) <= MAX_TEXT_CHARS else f"a text of {len(value):,} characters"
    return f"{_kind(value)} is not allowed here"


def _values_problem(values: Mapping[str, Any]) -> str:
    """A plain, bounded mapping: text keys, plain leaves and lists, MAX_DEPTH levels at most."""
    stack: list[tuple[Any, str, int]] = [(values, "values", 1)]
    seen = 0
    while stack:
        item, place, depth = stack.pop()
        if isinstance(item, dict):
            if depth > MAX_DEPTH:
                return f"{place}: nested deeper than {MAX_DEPTH} levels"
            seen += len(item)
            for key, child in item.items():
                if len(key) > MAX_NAME_CHARS:
                    return f"{place}: a key of {len(key):,} characters"
                stack.append((child, f"{place}.{_plain(key)}", depth + 1))
        elif isinstance(item, list):
            if depth > MAX_DEPTH:
                return f"{place}: nested deeper than {MAX_DEPTH} levels"
            seen += len(item)
            stack.extend((child, f"{place}[{index}]", depth + 1) for index, child in enumerate(item))
        elif problem := _leaf_problem(item):
            return f"{place}: {problem}"
        if seen > MAX_VALUES:
            return f"values: more than {MAX_VALUES:,} entries"
    return ""


def _answer_problems(answers: object) -> list[str]:
    if not isinstance(answers, dict):
        return [f"answers: is {_kind(answers)}, not an object"]
    if len(answers) > MAX_ANSWERS:
        return [f"answers: {len(answers):,} answers, over the {MAX_ANSWERS} allowed"]
    for path, entry in answers.items():
        where = f"answers.{_plain(path)}"
        if len(path) > MAX_NAME_CHARS:
            return [f"answers: a step path of {len(path):,} characters"]
        if not isinstance(entry, dict):
            return [f"{where}: is {_kind(entry)}, not an answer"]
        kind = entry.get("type", "text")
        if kind not in ANSWER_TYPES:
            return [f"{where}.type: {_shown(kind)} is not a kind of answer"]
        for name, longest in (("question", MAX_LINE_CHARS), ("shown", MAX_TEXT_CHARS)):
            if problem := _text_problem(entry.get(name), longest):
                return [f"{where}.{name}: {problem}"]
        answer = entry.get("answer")
        if isinstance(answer, list):
            if not all(isinstance(item, str) for item in answer):
                return [f"{where}.answer: a list that is not all text"]
            if len(answer) > MAX_ANSWERS or any(len(item) > MAX_LINE_CHARS for item in answer):
                return [f"{where}.answer: too many or too long choices"]
        elif isinstance(answer, (dict, tuple)):
            return [f"{where}.answer: is {_kind(answer)}, not an answer"]
        elif problem := _leaf_problem(answer):
            return [f"{where}.answer: {problem}"]
    return []


def _list_problem(name: str, items: object, most: int, longest: int) -> str:
    if not isinstance(items, list):
        return f"{name}: is {_kind(items)}, not a list"
    if len(items) > most:
        return f"{name}: {len(items):,} entries, over the {most:,} allowed"
    for item in items:
        if problem := _text_problem(item, longest, optional=False):
            return f"{name}: an entry {problem}"
    return ""


def _reflection_problems(record: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    playbook = record.get("playbook")
    if not isinstance(playbook, str) or not playbook or len(playbook) > MAX_NAME_CHARS:
        found.append("playbook: needs the id of the playbook followed, as short text")
    finished, problem = _stamp_and_problem(record.get("finished"))
    if problem:
        found.append(f"finished: {problem}")
    if record.get("started") is not None:
        started, problem = _stamp_and_problem(record["started"])
        if problem:
            found.append(f"started: {problem}")
        elif finished is not None and started is not None and started > finished:
            found.append("started: later than finished")
    if (variant := record.get("variant", "full")) not in VARIANTS:
        found.append(f"variant: {_shown(variant)} is neither 'full' nor 'quick'")
    if problem := _text_problem(record.get("title"), MAX_LINE_CHARS):
        found.append(f"title: {problem}")
    for name in STING_FIELDS:
        sting = record.get(name)
        if sting is not None and (type(sting) is not int or not 0 <= sting <= 10):
            found.append(f"{name}: {_shown(sting)} is not a whole number from 0 to 10")
    for name, longest in TEXT_FIELDS.items():
        if problem := _text_problem(record.get(name), longest):
            found.append(f"{name}: {problem}")
    if (callback := record.get("callback")) is not None and (problem := _day_problem(callback)):
        found.append(f"callback: {problem}")
    found += _answer_problems(record.get("answers", {}))
    for name, most, longest in (("responses", MAX_RESPONSES, MAX_LINE_CHARS),
                                ("tags", MAX_TAGS, MAX_TAG_CHARS)):
        if problem := _list_problem(name, record.get(name, []), most, longest):
            found.append(problem)
    values = record.get("values", {})
    if not isinstance(values, dict):
        found.append(f"values: is {_kind(values)}, not an object")
    elif problem := _values_problem(values):
        found.append(problem)
    return found


def _effort_problems(record: Mapping[str, Any]) -> list[str]:
    known, most, longest = (*EFFORT_KINDS, "breather"), MAX_COUNT, MAX_NOTE
    found: list[str] = []
    kind = record.get("type")
    if kind not in known:
        found.append(f"type: {_shown(kind)} is not one of {', '.join(known)}")
    count = record.get("count")
    if type(count) is not int or not 1 <= count <= most:
        found.append(f"count: {_shown(count)} is not a whole number from 1 to {most:,}")
    _, problem = _stamp_and_problem(record.get("at"))
    if problem:
        found.append(f"at: {problem}")
    if problem := _text_problem(record.get("note", ""), longest, optional=False):
        found.append(f"note: {problem}")
    return found


def problems(record: object) -> list[str]:
    """What is wrong with a reflection or an effort event (at the current schema); [] if nothing.

    This is the full check, made on import and by `coach doctor`; `read_problem` is the quick
    one made on every read.
    """
    if not isinstance(record, dict):
        return [f"is {_kind(record)}, not a record"]
    found = [problem] if (problem := id_problem(record.get("id"))) else []
    if type(record.get("schema")) is not int:
        found.append(f"schema: {_shown(record.get('schema'))} is not a version number")
    kind = record.get("kind")
    if kind == "reflection":
        found += _reflection_problems(record)
    elif kind == "effort":
        found += _effort_problems(record)
    else:
        found.append(f"kind: {_shown(kind)} is neither a reflection nor an effort event")
    return found


def read_problem(record: object) -> str:
    """The quick check made on every read, or "": what would break a command if shown.

    The views read every field defensively (a sting of "ten" is shown as no sting) except the
    id and the timestamps: a year Python cannot count with, a stamp without a zone, or no
    stamp stops them. So only those are checked here; the full check is `problems`.
    """
    if type(record) is not dict:
        return f"is {_kind(record)}, not a record"
    record_id = record.get("id")
    if type(record_id) is not str or not record_id:
        return "id: missing; every record needs one"
    kind = record.get("kind")
    if kind not in _STAMP_FIELDS:
        return f"kind: {_shown(kind)} is neither a reflection nor an effort event"
    for name in _STAMP_FIELDS[kind]:
        stamp = record.get(name)
        if (stamp is not None or name != "started") and not _usable(stamp):
            return f"{name}: {_stamp_and_problem(stamp)[1] or 'not a usable timestamp'}"
    return ""


_STAMP_FIELDS = {"reflection": ("finished", "started"), "effort": ("at",)}


def sort_out(records: list[dict[str, Any]], kind: str
             ) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """The records that pass `read_problem`, and the position and problem of the others.

    This runs on every read of the store, so the common case (a record in the stored form) is
    checked inline here, and only a record that fails it goes through `read_problem`.
    """
    good: list[dict[str, Any]] = []
    damaged: list[tuple[int, str]] = []
    field = "at" if kind == "effort" else "finished"
    for position, record in enumerate(records):
        if _in_stored_form(record, kind, field):
            good.append(record)
        elif problem := read_problem(record):
            damaged.append((position, problem))
        else:
            good.append(record)
    return good, damaged


def all_pass(records: list[dict[str, Any]], kind: str) -> bool:
    """Whether every one of `records` passes the quick check of `sort_out`: then `sort_out`
    would keep them all, so a caller that needs all or nothing (the week digests) can skip
    building its lists. False as soon as one does not (`sort_out` then says what it makes of
    each: it may still keep a record this refuses, never the other way round)."""
    field = "at" if kind == "effort" else "finished"
    return all(_in_stored_form(record, kind, field) for record in records)


def _in_stored_form(record: dict[str, Any], kind: str, field: str) -> bool:
    """The quick check of a record read back: its kind, an id, and usable stamps."""
    record_id = record.get("id")
    return (record.get("kind") == kind and type(record_id) is str and bool(record_id)
            and _usable(record.get(field))
            and (field == "at" or (started := record.get("started")) is None
                 or _usable(started)))


def size_problem(encoded_size: int) -> str:
    """The problem with a record of `encoded_size` bytes of JSON, or "" if it is small enough."""
    if encoded_size > MAX_RECORD_BYTES:
        return (f"the record is {encoded_size / 1024 / 1024:,.1f} MB, over the "
                f"{MAX_RECORD_BYTES // 1024 // 1024} MB a record may take")
    return ""


def fits_summary(name: str, value: object) -> bool:
    """Whether a value a playbook set may be lifted into the summary field `name`."""
    if value is None:
        return True
    if isinstance(value, date):
        return name == "callback" and FIRST_YEAR <= value.year <= LAST_YEAR
    if name in STING_FIELDS:
        return type(value) is int and 0 <= value <= 10
    if name == "callback":
        return not _day_problem(value)
    return isinstance(value, str) and len(value) <= TEXT_FIELDS.get(name, MAX_TEXT_CHARS)
