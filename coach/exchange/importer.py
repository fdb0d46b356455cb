"""Reading export files back: JSON and JSON Lines exports, checked record by record, all or nothing.

Every record is checked against the schema (coach/store/validation.py) before any is stored, so
a file with one bad record changes nothing, and the refusal lists where each problem is (line or
record, and id) and which field is wrong. An id seen twice in one file is a problem too. Records
from an older schema are migrated exactly as stored ones are.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.errors import CoachError, StoreError
from coach.exchange.export import FORMAT_NAME
from coach.store import jsoncodec
from coach.store.layout import PARTITIONED
from coach.store.migrations import migrate_record
from coach.store.validation import MAX_RECORD_BYTES, problems, size_problem

IMPORTED_KINDS = tuple(PARTITIONED)
MAX_FILE_BYTES = 256 * 1024 * 1024
"""An export of years of daily use is tens of megabytes; a file far bigger is not an export."""
SHOWN_PROBLEMS = 5
"""A refusal lists this many problems, then says how many more there are."""
_BOM = b"\xef\xbb\xbf"


class ImportProblem(CoachError):
    """An export file that cannot be imported; nothing was changed."""


@dataclass(frozen=True)
class _TooBig:
    """A line refused for its size before it was parsed."""

    size: int


@dataclass(frozen=True)
class _NotJSON:
    """A line that does not parse."""

    reason: str


def _fail(path: Path, where: str, problem: str) -> ImportProblem:
    place = f"{path}, {where}" if where else str(path)
    return ImportProblem(f"{place}: {problem}. Nothing was imported.")


def read_given_file(path: Path, limit: int, expected: str,
                    problem: Callable[[str], CoachError],
                    too_big: Callable[[int], CoachError]) -> bytes:
    """The bytes of a file the rep named, refused unread when it is larger than `limit`.

    `problem` says what is wrong when it cannot be read, `too_big` (given the size) when it is
    too large; a pipe or other special file is read up to the limit and measured."""
    try:
        with path.expanduser().open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > limit:
                raise too_big(size)
            data = file.read() if size else file.read(limit + 1)
    except FileNotFoundError:
        raise problem(f"{path} does not exist. Give the path of {expected}.") from None
    except IsADirectoryError:
        raise problem(f"{path} is a folder. Give the path of {expected}.") from None
    except OSError as error:
        raise problem(f"Cannot read {path}: {error.strerror}.") from None
    if len(data) > limit:
        raise too_big(len(data))
    return data


def _read(path: Path) -> bytes:
    raw = read_given_file(
        path, MAX_FILE_BYTES, "a json or jsonl export", ImportProblem,
        lambda size: ImportProblem(
            f"{path} is {size // 2**20:,} MB, more than an export can be "
            f"({MAX_FILE_BYTES // 2**20} MB). Nothing was imported; split it, or check that it "
            "is a Coach export."))
    # An editor on another system may have added a byte order mark; it is not part of the JSON.
    return raw[len(_BOM):] if raw.startswith(_BOM) else raw


def _lines(raw: bytes) -> Iterator[tuple[int, memoryview]]:
    """Each line of `raw` that holds something, with its number, without copying the bytes."""
    view = memoryview(raw)
    start, number = 0, 1
    while start <= len(raw):
        end = raw.find(b"\n", start)
        end = len(raw) if end == -1 else end
        line = view[start:end]
        if bytes(line[:64]).strip() or (len(line) > 64 and bytes(line).strip()):
            yield number, line
        start, number = end + 1, number + 1


def _is_object_line(line: memoryview) -> bool:
    return bytes(line[:16]).lstrip().startswith(b"{") and bytes(line[-16:]).rstrip().endswith(b"}")


def _entries(path: Path, raw: bytes) -> Iterator[tuple[str, Any, int]]:
    """Each record of the file with where it is ('line 3', 'record 3') and its size in bytes
    (0 where it is only known after parsing), before any checks.

    A JSON Lines file is read line by line, and a line too big to be a record is refused
    before it is parsed: parsing a record of a million answers would take a gigabyte.
    """
    if not raw or raw.isspace():  # (strip() would copy the whole file)
        raise _fail(path, "", "the file is empty")
    lines = _lines(raw)
    first = next(lines)
    second = next(lines, None)
    one_big_line = second is None and len(first[1]) > MAX_RECORD_BYTES
    # A big file on one line is a compact export (it has "records") or one record too big.
    if _is_object_line(first[1]) and (second is not None
                                      or (one_big_line and b'"records"' not in raw)):
        for number, line in itertools.chain([first], [second] if second else [], lines):
            if len(line) > MAX_RECORD_BYTES:
                yield f"line {number}", _TooBig(len(line)), len(line)
                continue
            try:
                yield f"line {number}", jsoncodec.decode(bytes(line)), len(line)
            except ValueError as problem:
                # The position is within the line, whose number is given already.
                reason = str(problem).replace(" at line 1, column", " at column")
                yield f"line {number}", _NotJSON(reason), 0
        return
    try:
        whole = jsoncodec.decode(raw)
    except ValueError as problem:
        raise _fail(path, "", f"it is not valid JSON ({problem})") from None
    if isinstance(whole, dict) and "records" in whole:
        if whole.get("format", FORMAT_NAME) != FORMAT_NAME:
            raise _fail(path, "", f"it is a '{whole.get('format')}' file, not a Coach export")
        records = whole["records"]
        if not isinstance(records, list):
            raise _fail(path, "", "its 'records' is not a list")
        yield from ((f"record {number}", record, 0) for number, record in enumerate(records, 1))
    elif isinstance(whole, list):
        yield from ((f"record {number}", record, 0) for number, record in enumerate(whole, 1))
    elif isinstance(whole, dict):
        yield "line 1", whole, len(raw)  # JSON Lines with a single record
    else:
        raise _fail(path, "", "it holds JSON, but neither a Coach export nor records")


def _checked(entry: Any, size: int) -> tuple[dict[str, Any] | None, list[str]]:
    """The record brought to the current schema, and what is wrong with it."""
    if isinstance(entry, _TooBig):
        return None, [size_problem(entry.size)]
    if isinstance(entry, _NotJSON):
        return None, [f"not valid JSON ({entry.reason})"]
    if not isinstance(entry, dict):
        return None, ["this is not a record (a JSON object)"]
    kind = entry.get("kind")
    if kind not in IMPORTED_KINDS:
        return None, [f"kind: {str(kind)[:20]!r} cannot be imported; an export holds "
                      f"{' and '.join(IMPORTED_KINDS)} records"]
    try:
        record = migrate_record(entry, str(kind))
    except StoreError as error:
        return None, [error.message.rstrip(".")]
    found = problems(record)
    if not found:
        # Measured only once the fields passed, which bounds what encoding it can cost.
        too_big = size_problem(size or len(jsoncodec.encode(record)))
        found = [too_big] if too_big else []
    return record, found


def short_id(record_id: str) -> str:
    """The start of an id, fit to print whatever it holds."""
    shown = "".join(char if char.isprintable() else "?" for char in record_id[:8])
    return shown + ("..." if len(record_id) > 40 else "")


def _label(where: str, record_id: object) -> str:
    if isinstance(record_id, str) and record_id:
        return f"{where} (id {short_id(record_id)})"
    return where


def _refusal(path: Path, found: list[str]) -> ImportProblem:
    # Problems quote the file's own text (keys, ids); a hostile file must not steer a terminal.
    found = ["".join(char if char.isprintable() else "?" for char in line) for line in found]
    if len(found) == 1:
        return ImportProblem(f"{path}, {found[0]}. Nothing was imported.")
    shown = "\n".join(f"  {line}" for line in found[:SHOWN_PROBLEMS])
    more = len(found) - SHOWN_PROBLEMS
    tail = f"\n  ... and {more:,} more." if more > 0 else ""
    return ImportProblem(f"{path} has {len(found):,} problems, so nothing was imported. Fix "
                         f"them and import again:\n{shown}{tail}")


def read_export(path: Path, opener: Callable[[bytes], bytes] | None = None
                ) -> list[dict[str, Any]]:
    """The records of a json or jsonl export, checked and brought to the current schema.

    `opener` turns the file's bytes into the export's text first (a sealed export is opened
    with the rep's passphrase: coach/commands/exchange.py).

    Raises ImportProblem listing the first few problems (where, which id, which field) and
    how many more there are; nothing is returned unless every record passed.
    """
    records: list[dict[str, Any]] = []
    found: list[str] = []
    first_seen: dict[str, str] = {}
    raw = _read(path)
    if opener is not None:
        raw = opener(raw)
    for where, entry, size in _entries(path, raw):
        record, wrong = _checked(entry, size)
        record_id = entry.get("id") if isinstance(entry, dict) else None
        found += [f"{_label(where, record_id)}: {problem}" for problem in wrong]
        if isinstance(record_id, str) and record_id:
            if record_id in first_seen:
                unit, first = first_seen[record_id].split()
                found.append(f"{_label(where, record_id)}: appears twice in this file: "
                             f"{unit}s {first} and {where.split()[-1]}")
            else:
                first_seen[record_id] = where
        if record is not None and not wrong:
            records.append(record)
    if found:
        raise _refusal(path, found)
    return records
