"""Reading export files back: JSON and JSON Lines exports, checked record by record, all or nothing.

An export is read as a stream, a record at a time, so an export of any length imports with the
memory of a few records: a file is not refused for its size, each record is (over 16 MB). It is
read twice. The first pass checks every record against the schema (coach/store/validation.py)
and keeps only each id and a short digest of each record's text; a file with one bad record
changes nothing, and the refusal lists where each problem is (line or record, and id) and which
field is wrong. An id seen twice in one file is a problem too. The second pass (`records`) reads
the same file again for the Store to add, checking that each record is the text the first pass
checked. Records from an older schema are migrated exactly as stored ones are.

A sealed export (coach/store/sealing.py) is one message, so it is read and opened whole (at most
MAX_WHOLE_BYTES), then streamed from memory; so is a pipe, which cannot be read twice.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import itertools
import json
import os
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from coach.errors import CoachError, StoreError
from coach.exchange.export import FORMAT_NAME
from coach.store import jsoncodec
from coach.store.layout import PARTITIONED
from coach.store.migrations import migrate_record
from coach.store.sealing import EXPORT_MAGIC
from coach.store.validation import MAX_RECORD_BYTES, problems, size_problem

IMPORTED_KINDS = tuple(PARTITIONED)
MAX_WHOLE_BYTES = 1024**3
"""The largest file read whole: a sealed export (one message, opened at once, as export seals
it at once) or a pipe. A plain file is streamed and has no limit."""
MAX_ELEMENT_CHARS = 4 * MAX_RECORD_BYTES
"""The longest text of one value in a JSON document: a record of 16 MB, indented as export does."""
SHOWN_PROBLEMS = 5
"""A refusal lists this many problems, then says how many more there are."""
_BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 20


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


@contextmanager
def _opening(path: Path, expected: str, problem: Callable[[str], CoachError]) -> Iterator[None]:
    """Each way opening a file the rep named fails, as one line saying what to give instead."""
    try:
        yield
    except FileNotFoundError:
        raise problem(f"{path} does not exist. Give the path of {expected}.") from None
    except IsADirectoryError:
        raise problem(f"{path} is a folder. Give the path of {expected}.") from None
    except OSError as error:
        raise problem(f"Cannot read {path}: {error.strerror}.") from None


def read_given_file(path: Path, limit: int, expected: str,
                    problem: Callable[[str], CoachError],
                    too_big: Callable[[int], CoachError]) -> bytes:
    """The bytes of a file the rep named, refused unread when it is larger than `limit`.

    `problem` says what is wrong when it cannot be read, `too_big` (given the size) when it is
    too large; a pipe or other special file is read up to the limit and measured."""
    with _opening(path, expected, problem), path.expanduser().open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > limit:
            raise too_big(size)
        data = file.read() if size else file.read(limit + 1)
    if len(data) > limit:
        raise too_big(len(data))
    return data


def _open(path: Path, opener: Callable[[bytes], bytes] | None) -> IO[bytes]:
    """The export's text as a file that can be read twice; a sealed export opened by `opener`."""
    expected = "a json or jsonl export"
    with _opening(path, expected, ImportProblem):
        file = path.expanduser().open("rb")
        if file.seekable() and (opener is None or file.read(len(EXPORT_MAGIC)) != EXPORT_MAGIC):
            return file
        file.close()
    raw = read_given_file(path, MAX_WHOLE_BYTES, expected, ImportProblem, lambda size: (
        ImportProblem(f"{path} is {size // 2**20:,} MB, more than Coach reads at once (a sealed "
                      "export, or a pipe). Nothing was imported; export it with --plain.")))
    return io.BytesIO(opener(raw) if opener and raw.startswith(EXPORT_MAGIC) else raw)


def _skip_bom(source: IO[bytes]) -> None:  # a byte order mark an editor added is not JSON
    if source.read(len(_BOM)) != _BOM:
        source.seek(0)


@dataclass
class _Line:
    number: int
    text: bytes | None
    """None for a line longer than a record may be, which is measured, never kept."""
    size: int
    is_object: bool
    says_records: bool


def _lines(source: IO[bytes]) -> Iterator[_Line]:
    """Each line that holds something, with its number; a line too long to be a record is read
    through a chunk at a time and measured, never held."""
    number = 0
    while line := source.readline(MAX_RECORD_BYTES + 1):
        number += 1
        ended = line.endswith(b"\n")
        if len(line) <= MAX_RECORD_BYTES or ended:
            text = line.strip()
            if text:
                yield _Line(number, text, len(line) - ended, text[:1] == b"{" and
                            text[-1:] == b"}", b'"records"' in text)
            continue
        size, head, tail = len(line), line[:16].lstrip(), line[-16:]
        records = b'"records"' in line
        del line
        while more := source.readline(_CHUNK):
            ended = more.endswith(b"\n")
            records = records or b'"records"' in tail + more
            size, tail = size + len(more) - ended, (tail + more.rstrip(b"\r\n"))[-16:]
            if ended:
                break
        yield _Line(number, None, size, head.startswith(b"{") and tail.rstrip().endswith(b"}"),
                    records)


def _digest(text: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


Entry = tuple[str, Any, int, int]
"""Where a record is ('line 3', 'record 3'), what it holds (or _TooBig, _NotJSON), its size in
bytes (0 where only known after parsing) and the digest of its text."""


def _entries(path: Path, source: IO[bytes]) -> Iterator[Entry]:
    """Each record of the file, before any checks.

    JSON Lines are read line by line, and a line too big to be a record is refused before it is
    parsed: parsing a record of a million answers would take a gigabyte. A JSON document (an
    export, a list of records, or one record) is read a value at a time (_Document)."""
    _skip_bom(source)
    start = source.tell()
    lines = _lines(source)
    first, second = next(lines, None), next(lines, None)
    if first is None:
        raise _fail(path, "", "the file is empty")
    # A big file on one line is a compact export (it has "records") or one record too big.
    if first.is_object and (second is not None or (first.text is None
                                                   and not first.says_records)):
        for line in itertools.chain([first], [second] if second else [], lines):
            yield _line_entry(line)
        return
    del lines
    source.seek(start)
    yield from _Document(path, source).entries()


def _line_entry(line: _Line) -> Entry:
    where = f"line {line.number}"
    if line.text is None:
        return where, _TooBig(line.size), line.size, 0
    try:
        return where, jsoncodec.decode(line.text), line.size, _digest(line.text)
    except ValueError as problem:
        # The position is within the line, whose number is given already.
        reason = str(problem).replace(" at line 1, column", " at column")
        return where, _NotJSON(reason), 0, 0


class _Document:
    """A JSON document read a value at a time: the standard library's scanner finds where each
    value ends (growing the text read until it can), and jsoncodec parses it, strictly."""

    def __init__(self, path: Path, source: IO[bytes]) -> None:
        self.path, self.source = path, source
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.text, self.at, self.eof, self.lines_before = "", 0, False, 0
        self.scanner = json.JSONDecoder()

    def _more(self, wanted: int) -> bool:
        """Read at least `wanted` more characters (fewer at the end); False at the end."""
        if self.eof:
            return False
        self.lines_before += self.text.count("\n", 0, self.at)
        self.text, self.at = self.text[self.at:], 0
        while True:
            chunk = self.source.read(max(_CHUNK, wanted))
            try:
                self.text += self.decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                raise self._invalid(f"it is not UTF-8 text ({error.reason})") from None
            self.eof = not chunk
            if self.eof or len(self.text) >= wanted:
                return True

    def _invalid(self, reason: str) -> ImportProblem:
        return _fail(self.path, "", f"it is not valid JSON ({reason})")

    def _next_char(self) -> str:
        """The next character that is not white space, not consumed ('' at the end)."""
        while True:
            while self.at < len(self.text) and self.text[self.at] in " \t\r\n":
                self.at += 1
            if self.at < len(self.text) or not self._more(_CHUNK):
                return self.text[self.at:self.at + 1]

    def _expect(self, allowed: str) -> str:
        char = self._next_char()
        if not char or char not in allowed:
            line = self.lines_before + self.text.count("\n", 0, self.at) + 1
            found = f"'{char}'" if char.isprintable() and char else "the end"
            raise self._invalid(f"expected {' or '.join(allowed)}, found {found} at line {line}")
        self.at += 1
        return char

    def _value(self, where: str) -> tuple[Any, str]:
        """The next value and its text, parsed strictly; a value too long to be a record is
        refused unparsed."""
        self._next_char()
        while True:
            try:
                end = self.scanner.raw_decode(self.text, self.at)[1]
                # A number at the end of what was read may go on in what was not.
                if end < len(self.text) or not self._more(_CHUNK):
                    break
                continue
            except json.JSONDecodeError as error:
                pending = len(self.text) - self.at
                if pending > MAX_ELEMENT_CHARS:
                    raise _fail(self.path, where, size_problem(pending)) from None
                if not self._more(max(_CHUNK, pending)):
                    line = self.lines_before + error.lineno  # (counted from the text's start)
                    raise self._invalid(f"{error.msg} at line {line}") from None
        text = self.text[self.at:end]
        self.at = end
        try:
            return jsoncodec.decode(text), text
        except ValueError as problem:
            raise self._invalid(str(problem).split(" at line")[0] + f" in {where}") from None

    def _records(self) -> Iterator[Entry]:
        self._expect("[")
        if self._next_char() == "]":
            self.at += 1
            return
        number = 0
        while True:
            number += 1
            where = f"record {number}"
            value, text = self._value(where)
            yield where, value, 0, _digest(text.encode("utf-8"))
            if self._expect(",]") == "]":
                return

    def entries(self) -> Iterator[Entry]:
        first = self._next_char()
        if first == "[":
            yield from self._records()
        elif first == "{":
            yield from self._object()
        else:
            self._value("the file")
            raise _fail(self.path, "", "it holds JSON, but neither a Coach export nor records")
        if self._next_char():
            raise self._invalid("there is more after the end of the JSON")

    def _object(self) -> Iterator[Entry]:
        """An export ({"format": ..., "records": [...], ...}) or one record."""
        self.at += 1
        fields: dict[str, Any] = {}
        kept, records, key = 0, False, None
        while self._expect('"' if key is not None else '"}') == '"':  # no comma before }
            self.at -= 1
            key, _ = self._value("a key")
            self._expect(":")
            if key == "records":
                if fields.get("format", FORMAT_NAME) != FORMAT_NAME:
                    break
                if self._next_char() != "[":
                    raise _fail(self.path, "", "its 'records' is not a list")
                records = True
                yield from self._records()
            else:
                fields[key], text = self._value(f"'{key[:20]}'")
                kept += len(text)
                if not records and kept > MAX_ELEMENT_CHARS:
                    raise _fail(self.path, "", "it is neither a Coach export nor one record")
            if self._expect(",}") == "}":
                break
        if fields.get("format", FORMAT_NAME) != FORMAT_NAME and (records or key == "records"):
            raise _fail(self.path, "", f"it is a '{str(fields.get('format'))[:40]}' file, not "
                                       "a Coach export")
        if not records:
            yield "line 1", fields, 0, _digest(jsoncodec.encode(fields))


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


def _refusal(path: Path, found: list[str], more: int) -> ImportProblem:
    # Problems quote the file's own text (keys, ids); a hostile file must not steer a terminal.
    found = ["".join(char if char.isprintable() else "?" for char in line) for line in found]
    if len(found) == 1 and not more:
        return ImportProblem(f"{path}, {found[0]}. Nothing was imported.")
    shown = "\n".join(f"  {line}" for line in found[:SHOWN_PROBLEMS])
    tail = f"\n  ... and {more:,} more." if more > 0 else ""
    return ImportProblem(f"{path} has {len(found) + more:,} problems, so nothing was imported. "
                         f"Fix them and import again:\n{shown}{tail}")


class Export:
    """An export file being imported: `check` reads it through once and refuses it if any record
    is wrong; `records` then reads it again, a record at a time, for the Store to add.

    Only each record's id (to find one given twice) and a digest of its text are kept between
    the passes, so a million records take tens of megabytes, not gigabytes. Use it in a `with`.
    """

    def __init__(self, path: Path, opener: Callable[[bytes], bytes] | None = None) -> None:
        """`opener` turns a sealed export's bytes into the export's text (it is opened with the
        rep's passphrase: coach/commands/exchange.py); it is called only for a sealed export."""
        self.path = path
        self._source = _open(path, opener)
        self._digests = array("Q")

    def __enter__(self) -> Export:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._source.close()

    def check(self) -> int:
        """Check every record; ImportProblem listing the first few problems (where, which id,
        which field) and how many more there are. Returns how many records there are."""
        found: list[str] = []
        more = 0
        first_seen: dict[str, int] = {}  # (a number, not its text: millions of them)
        self._source.seek(0)
        self._digests = array("Q")
        for where, entry, size, digest in _entries(self.path, self._source):
            _, wrong = _checked(entry, size)
            record_id = entry.get("id") if isinstance(entry, dict) else None
            problems_here = [f"{_label(where, record_id)}: {problem}" for problem in wrong]
            if isinstance(record_id, str) and record_id:
                unit, number = where.split()
                if record_id in first_seen:
                    problems_here.append(f"{_label(where, record_id)}: appears twice in this "
                                         f"file: {unit}s {first_seen[record_id]} and {number}")
                else:
                    first_seen[record_id] = int(number)
            # Only the first few problems are shown, so only they are kept.
            kept = problems_here[:SHOWN_PROBLEMS - len(found)]
            found += kept
            more += len(problems_here) - len(kept)
            self._digests.append(digest)
        if found:
            raise _refusal(self.path, found, more)
        return len(self._digests)

    def records(self) -> Iterator[dict[str, Any]]:
        """The records `check` passed, brought to the current schema, read again from the file;
        ImportProblem if the file changed since (whatever was added before stays)."""
        self._source.seek(0)
        index = -1
        for index, (_, entry, _, digest) in enumerate(_entries(self.path, self._source)):
            if index >= len(self._digests) or digest != self._digests[index]:
                break
            yield migrate_record(entry, str(entry["kind"]))
        else:
            if index + 1 == len(self._digests):
                return
        raise ImportProblem(f"{self.path} changed while it was being imported. Import it again: "
                            "records already added are skipped.")


def read_export(path: Path, opener: Callable[[bytes], bytes] | None = None
                ) -> list[dict[str, Any]]:
    """Every record of a json or jsonl export, checked and brought to the current schema (for a
    small file or a test: `coach import` streams with Export instead)."""
    with Export(path, opener) as export:
        export.check()
        return list(export.records())
