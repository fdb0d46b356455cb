"""Reading export files back: JSON and JSON Lines exports, checked record by record, all or nothing.

Every record is checked before any is stored, so a file with one bad line changes nothing, and
the error says which line or record is wrong and why. Records from an older schema are
migrated exactly as stored ones are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coach.errors import CoachError, StoreError
from coach.store import jsoncodec
from coach.store.layout import PARTITIONED, week_of
from coach.store.migrations import migrate_record
from coach.views.export import FORMAT_NAME

IMPORTED_KINDS = tuple(PARTITIONED)
MAX_ID_LENGTH = 128
_BOM = b"\xef\xbb\xbf"


class ImportProblem(CoachError):
    """An export file that cannot be imported; nothing was changed."""


def _fail(path: Path, where: str, problem: str) -> ImportProblem:
    place = f"{path}, {where}" if where else str(path)
    return ImportProblem(f"{place}: {problem}. Nothing was imported.")


def _read(path: Path) -> bytes:
    try:
        raw = path.expanduser().read_bytes()
    except FileNotFoundError:
        raise ImportProblem(f"{path} does not exist. Give the path of a json or jsonl export.") from None
    except IsADirectoryError:
        raise ImportProblem(f"{path} is a folder. Give the path of a json or jsonl export.") from None
    except OSError as error:
        raise ImportProblem(f"Cannot read {path}: {error.strerror}.") from None
    # An editor on another system may have added a byte order mark; it is not part of the JSON.
    return raw[len(_BOM):] if raw.startswith(_BOM) else raw


def _entries(path: Path, raw: bytes) -> list[tuple[str, Any]]:
    """Each record of the file with where it is ('line 3', 'record 3'), before any checks."""
    if not raw.strip():
        raise _fail(path, "", "the file is empty")
    try:
        whole = jsoncodec.decode(raw)
    except ValueError as problem:
        whole_problem = str(problem)
    else:
        if isinstance(whole, dict) and "records" in whole:
            if whole.get("format", FORMAT_NAME) != FORMAT_NAME:
                raise _fail(path, "", f"it is a '{whole.get('format')}' file, not a Coach export")
            records = whole["records"]
            if not isinstance(records, list):
                raise _fail(path, "", "its 'records' is not a list")
            return [(f"record {number}", record) for number, record in enumerate(records, 1)]
        if isinstance(whole, list):
            return [(f"record {number}", record) for number, record in enumerate(whole, 1)]
        if isinstance(whole, dict):
            return [("line 1", whole)]  # JSON Lines with a single record
        raise _fail(path, "", "it holds JSON, but neither a Coach export nor records")
    lines = raw.split(b"\n")
    if len([line for line in lines if line.strip()]) < 2:
        raise _fail(path, "", f"it is not valid JSON ({whole_problem})")
    entries: list[tuple[str, Any]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entries.append((f"line {number}", jsoncodec.decode(line)))
        except ValueError as problem:
            raise _fail(path, f"line {number}", f"not valid JSON ({problem})") from None
    return entries


def _check_timestamp(record: dict[str, Any], field: str, what: str) -> str | None:
    stamp = record.get(field)
    if not isinstance(stamp, str):
        return f"a {what} needs '{field}', an ISO timestamp"
    try:
        week_of(stamp)
    except StoreError:
        return f"'{field}' is {stamp!r}, which is not an ISO timestamp"
    return None


def _problem(record: dict[str, Any]) -> str | None:
    """What is wrong with a record (already at the current schema), or None."""
    record_id = record.get("id")
    if not isinstance(record_id, str) or not record_id.strip():
        return "the record has no 'id'"
    if len(record_id) > MAX_ID_LENGTH or not record_id.isprintable():
        return "its 'id' is not a short line of text"
    if record.get("kind") == "reflection":
        for field, kind in (("answers", dict), ("responses", list), ("tags", list),
                            ("values", dict)):
            if field in record and not isinstance(record[field], kind):
                return f"its '{field}' is not a{'n object' if kind is dict else ' list'}"
        if not isinstance(record.get("playbook"), str):
            return "a reflection needs 'playbook', the id of the playbook it followed"
        return _check_timestamp(record, "finished", "reflection")
    count = record.get("count")
    if not isinstance(record.get("type"), str) or not record["type"]:
        return "an effort event needs 'type', such as 'dials'"
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        return "an effort event needs 'count', a whole number of zero or more"
    return _check_timestamp(record, "at", "effort event")


def read_export(path: Path) -> list[dict[str, Any]]:
    """The records of a json or jsonl export, checked and brought to the current schema.

    Raises ImportProblem naming the file, the line or record, and what is wrong.
    """
    records: list[dict[str, Any]] = []
    for where, record in _entries(path, _read(path)):
        if not isinstance(record, dict):
            raise _fail(path, where, "this is not a record (a JSON object)")
        kind = record.get("kind")
        if kind not in IMPORTED_KINDS:
            raise _fail(path, where, f"the kind {kind!r} cannot be imported; "
                        f"an export holds {' and '.join(IMPORTED_KINDS)} records")
        try:
            record = migrate_record(record, str(kind))
        except StoreError as error:
            raise _fail(path, where, error.message.rstrip(".")) from None
        problem = _problem(record)
        if problem:
            raise _fail(path, where, problem)
        records.append(record)
    return records
