"""Week digests: a small summary of each week of reflections, kept for quick reads and search.

Reading a week file costs its answers, which are most of its bytes, yet most views need only a
reflection's summary fields (when, which playbook, cause, sting, small win...). So for each
`reflections/<week>.json` the cache folder keeps `weeks/<week>.json`, a plain-JSON cache
(coach/store/cachefile.py: checked header, never code) holding:

    source   the week file's size, modification and change times and inode when digested
    rows     the summary of each usable reflection: every field but `answers` and `responses`,
             in the order of the file (`answers` keeps only the prospect, for callbacks)
    skipped  the positions of the records validation refused, so the warning still comes
    words    each word of the answers as the rep saw them -> the rows it occurs in

The store refreshes a week's digest right after each change to that week, under the folder
lock, so Coach's own saves never leave one stale. A digest whose source no longer matches its
file (a restore from a backup, a hand edit, a sync) is rebuilt from the file when next read.
Deleting the whole folder only costs the time to rebuild it.

A text search looks its words up here and reads no week file: see `matching_rows`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.store import jsoncodec, layout
from coach.store.cachefile import SUBFOLDERS, cache_folder, read_cache_bytes, write_cache_bytes
from coach.store.storage import parse_tables, read_file
from coach.store.validation import sort_out

KIND = "week-digest"
VERSION = 1
FOLDER = SUBFOLDERS[0]
LIMIT = 16 * 1024 * 1024
"""A digest is a fraction of its week file, which is at most 64 MB."""

LEFT_OUT = ("answers", "responses")
"""The bulky fields a summary leaves out (the prospect's answer stays: see `summary_of`)."""

GOAL_PREFIX = "goal_"
"""A check-in value whose name starts with this is a goal: goal_dials... (coach/review/days.py
reads them from summaries, so the prefix is defined here, below both)."""

QUOTED_VALUES = ("prospect", "intention", "carry")
"""Text values the views quote (callbacks, the check-in's and wrap-up's lines); the other texts
are answers, which a summary leaves out."""

WORD = re.compile(r"\w+")


def shown_text(entry: object) -> str:
    """One answer as the rep saw it: the typed text, or the labels of the options picked."""
    if not isinstance(entry, Mapping):
        return ""
    shown = entry.get("shown")
    if isinstance(shown, str) and shown:
        return shown
    value = entry.get("answer")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def answer_text(record: Mapping[str, Any]) -> str:
    """Every answer of a reflection as shown to the rep, case-folded, for searching.

    The common case (well-formed entries with a `shown` text) is one list comprehension;
    anything else takes the careful path.
    """
    answers = record.get("answers")
    if not isinstance(answers, Mapping):
        return ""
    try:
        return "\n".join([entry["shown"] or shown_text(entry) for entry in answers.values()]).casefold()
    except (TypeError, KeyError):
        return "\n".join([shown_text(entry) for entry in answers.values()]).casefold()


def summary_of(record: Mapping[str, Any]) -> dict[str, Any]:
    """A reflection without its bulky fields: what lists, reviews and statistics read.

    Of the playbook's `values` only those the views read stay: a check-in's goals and the
    texts in QUOTED_VALUES; of the answers, only the prospect's."""
    summary = {key: value for key, value in record.items() if key not in LEFT_OUT}
    values = record.get("values")
    if isinstance(values, Mapping):
        summary["values"] = {name: value for name, value in values.items()
                             if name in QUOTED_VALUES or str(name).startswith(GOAL_PREFIX)}
    answers = record.get("answers")
    entry = answers.get("prospect") if isinstance(answers, Mapping) else None
    if isinstance(entry, Mapping) and "answer" in entry:
        summary["answers"] = {"prospect": {"answer": entry["answer"]}}
    return summary


def search_words(needle: str) -> list[str] | None:
    """The words a search for `needle` looks up, or None if it has none (e.g. "?!")."""
    words = WORD.findall(needle.casefold())
    return words or None


class StaleDigest(ValueError):
    """A digest's part that does not decode to what it should: the digest is rebuilt."""


@dataclass(frozen=True)
class Digest:
    """One week's digest (see the module docstring)."""

    ids: list[str]
    skipped: list[int]
    words: dict[str, str]
    """Each word -> the rows it occurs in, as a bit set written in hexadecimal."""
    rows: bytes = b""
    """The summaries as JSON texts joined by commas, so a search decodes only the rows it
    found, and a list decodes them all in one go."""
    starts: tuple[int, ...] = ()
    """Where each row starts in `rows`."""

    def rows_with(self, words: list[str]) -> list[int]:
        """The rows whose answers hold every one of `words`, each inside some word of theirs.

        Every occurrence of a search's word lies inside one word of the text, so these rows are
        a superset of the rows containing the search text, and exactly those rows when the
        search is a single word (see `Store.search`).
        """
        found = (1 << len(self.ids)) - 1
        for word in words:
            rows = 0
            try:
                for known, where in self.words.items():
                    if word in known:
                        rows |= int(where, 16)
            except (TypeError, ValueError):
                raise StaleDigest("a word's rows are not a bit set") from None
            found &= rows
            if not found:
                return []
        return [row for row in range(found.bit_length()) if found >> row & 1]

    def _text(self, row: int) -> bytes:
        end = self.starts[row + 1] - 1 if row + 1 < len(self.starts) else len(self.rows)
        return self.rows[self.starts[row]:end]


def decoded(found: Digest, rows: list[int] | None = None) -> list[dict[str, Any]]:
    """The summaries of `rows` of a digest (all of them by default), checked like records
    read from a week file; StaleDigest if one is not a usable summary."""
    if not found.ids:
        return []
    try:
        text = found.rows if rows is None else b",".join(found._text(row) for row in rows)
        summaries = jsoncodec.decode(b"[" + text + b"]")
    except (TypeError, ValueError, IndexError):
        raise StaleDigest("the rows are not JSON") from None
    expected = len(found.ids) if rows is None else len(rows)
    if len(summaries) != expected or not all(type(summary) is dict for summary in summaries):
        raise StaleDigest("a row is not a summary")
    good, damaged = sort_out(summaries, "reflection")
    wanted = found.ids if rows is None else [found.ids[row] for row in rows]
    if damaged or [summary["id"] for summary in good] != wanted:
        raise StaleDigest("a row is not the summary it should be")
    return good


def _signature(status: os.stat_result) -> list[int]:
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]


def _path(home: Path, week_file: Path) -> Path:
    return cache_folder(home) / FOLDER / week_file.name


def build(tables: Mapping[str, Any]) -> Digest:
    """The digest of a week file's tables."""
    records = list(tables.get(layout.REFLECTIONS, {}).values())
    good, damaged = sort_out(records, "reflection")
    bits: dict[str, int] = {}
    for row, record in enumerate(good):
        for word in set(WORD.findall(answer_text(record))):
            bits[word] = bits.get(word, 0) | 1 << row
    texts = [jsoncodec.encode(summary_of(record)) for record in good]
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + 1
    return Digest([record["id"] for record in good], [position for position, _ in damaged],
                  {word: format(where, "x") for word, where in bits.items()},
                  b",".join(texts), tuple(starts))


def save(home: Path, week_file: Path, digest: Digest, status: os.stat_result) -> None:
    """Keep `digest` as the digest of `week_file` as it is on disk with `status`.

    The payload is one JSON array: the index (an object, on the first line), then each
    summary. The index says where each summary starts, so a reader decodes only the part it
    needs; the whole is still plain JSON, as `coach doctor` checks."""
    index = jsoncodec.encode({
        "version": VERSION, "source": _signature(status), "ids": digest.ids,
        "skipped": digest.skipped, "words": digest.words, "starts": list(digest.starts)})
    rows = b",\n" + digest.rows if digest.ids else b""
    write_cache_bytes(_path(home, week_file), KIND, b"[" + index + rows + b"]")


def _parsed(payload: bytes, week_file: Path) -> Digest | None:
    """The digest in a cache's payload if it has the right shape and is current; its rows
    are decoded and checked only when they are used (`decoded`)."""
    if not payload.startswith(b"[{"):
        return None
    end = payload.find(b"\n")
    head, rows = (payload[1:-1], b"") if end < 0 else (payload[1:end - 1], payload[end + 1:-1])
    try:
        value = jsoncodec.decode(head)
    except ValueError:
        return None
    if not isinstance(value, dict) or value.get("version") != VERSION:
        return None
    ids, words, skipped, starts = (value.get(name) for name in ("ids", "words", "skipped", "starts"))
    if not (isinstance(ids, list) and isinstance(starts, list) and len(starts) == len(ids)
            and isinstance(words, dict) and isinstance(skipped, list)):
        return None
    try:
        current = _signature(os.stat(week_file))
    except OSError:
        return None
    if value.get("source") != current:
        return None
    # The ids, bit sets and starts are checked where they are used (a wrong one raises
    # StaleDigest there, and the digest is rebuilt): a search touches only a few of them.
    if not all(type(position) is int for position in skipped):
        return None
    return Digest(ids, skipped, words, rows, tuple(starts))


def current(home: Path, week_file: Path) -> tuple[Digest, bool]:
    """The digest of `week_file` and whether it had to be rebuilt (read from the file).

    Raises what reading the week file raises (DamagedFile, UntrustedPath) when it is rebuilt.
    """
    payload = read_cache_bytes(_path(home, week_file), KIND, LIMIT)
    if payload is not None:
        found = _parsed(payload, week_file)
        if found is not None:
            return found, False
    return refresh(home, week_file), True


def refresh(home: Path, week_file: Path) -> Digest:
    """Rebuild and keep the digest of `week_file` from the file as it is now."""
    read = read_file(week_file)
    if read is None:
        return Digest([], [], {})
    raw, status = read
    digest = build(parse_tables(week_file, raw))
    save(home, week_file, digest, status)
    return digest
