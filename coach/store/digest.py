"""Week digests: a small summary of each week of reflections, kept for quick reads and search.

Reading a week file costs its answers, which are most of its bytes, yet most views need only a
reflection's summary fields (when, which playbook, cause, sting, small win...), and a search
needs only to know which reflections hold a word. A week's digest holds:

    source   the week file's size, modification and change times and inode when digested
    ids      the id of each usable reflection, in the order of the file
    skipped  the positions of the records validation refused, so the warning still comes
    words    each word of the answers as the rep saw them -> the rows it occurs in (a bit set)
    rows     the summary of each usable reflection: the fields lists, reviews and statistics
             read (DIGEST_FIELDS, the values views quote, the prospect's answer), as JSON
             texts, with where each starts and its CRC-32

This module makes and reads digests; coach/store/digestfiles.py keeps them on disk. A digest
is only ever a faster way to an answer a full read gives: tests hold the two to the same
results, and any part that does not check out is rebuilt from the week file.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from coach.errors import StoreError
from coach.store import jsoncodec, layout, sealing
from coach.store.cachefile import open_part
from coach.store.fields import GOAL_PREFIX
from coach.store.stamps import stamp_order
from coach.store.validation import all_pass, sort_out

LIMIT = 16 * 1024 * 1024
"""A digest's rows are a fraction of its week file, which is at most 64 MB."""

DIGEST_FIELDS = ("kind", "id", "playbook", "finished", "tags", "sting_before", "sting_after",
                  "cause", "small_win", "next_action", "callback", "lesson", "thinking_trap",
                  "stage", "objection", "objection_answer", "objection_helped")
"""The fields of a reflection that lists, filters, reviews and statistics read (with some of
its values and its prospect: see `summary_of`). `show`, `share` and exports read whole records,
so the title, the times it was started and the answers stay out of the digests."""

QUOTED_VALUES = ("prospect", "intention", "carry", "objection_shown")
"""Text values the views quote (callbacks, the check-in's and wrap-up's lines, the objection
answer a debrief showed); the other texts are answers, which a summary leaves out."""

COUNTED_VALUES = ("predicted_bad_calls",)
"""Numbers a check-in keeps that the wrap-up and the weekly review read back (the morning's
guess of how many calls will go badly, held against the day)."""

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
    texts in QUOTED_VALUES and the numbers in COUNTED_VALUES; of the answers, only the
    prospect's."""
    summary = {key: record[key] for key in DIGEST_FIELDS if key in record}
    values = record.get("values")
    if isinstance(values, Mapping):
        summary["values"] = {name: value for name, value in values.items()
                             if name in QUOTED_VALUES or name in COUNTED_VALUES
                             or str(name).startswith(GOAL_PREFIX)}
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
    starts: tuple[int, ...] = ()
    """Where each summary starts in the rows file; it ends one byte (a comma) before the next."""
    checks: tuple[int, ...] = ()
    """The CRC-32 of each summary's bytes, so a damaged row is never believed."""
    size: int = 0
    """The size of the rows file."""
    rows_file: Path | None = None
    rows: bytes | None = None
    """The rows themselves, when this digest was just built (else read from `rows_file`)."""
    source: tuple[int, ...] = ()
    """The size, modification and change times and inode of the week file it was made from."""
    moments: tuple[float, ...] = ()
    """When each reflection finished, in POSIX seconds: lists sort by it without reading a
    stamp."""
    vocabulary: Callable[[str], list[str]] | None = None
    """The words of its whole year that hold a given word, if its year's index knows them all
    (one scan of a year's words serves all its weeks)."""

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
                if self.vocabulary is None:
                    for known, where in self.words.items():
                        if word in known:
                            rows |= int(where, 16)
                else:
                    for known in self.vocabulary(word):
                        bits = self.words.get(known)
                        if bits is not None:
                            rows |= int(bits, 16)
            except (TypeError, ValueError):
                raise StaleDigest("a word's rows are not a bit set") from None
            found &= rows
            if not found:
                return []
        return [row for row in range(found.bit_length()) if found >> row & 1]

    def _span(self, row: int) -> tuple[int, int]:
        end = self.starts[row + 1] - 1 if row + 1 < len(self.starts) else self.size
        return self.starts[row], end

    def texts(self, rows: list[int] | None = None) -> list[bytes]:
        """The JSON text of each of `rows` (every row by default), checked against its CRC;
        StaleDigest if one fails.

        A plain rows file is read only where the rows are, so a search with a few hits in a
        week reads a few hundred bytes of it; a sealed one is one message, read whole."""
        if rows is None:
            return self._all_texts()
        try:
            spans = [self._span(row) for row in rows]
            if self.rows is not None:
                texts = [self.rows[start:end] for start, end in spans]
            else:
                texts = _read_spans(self, spans)
            if any(zlib.crc32(text) != self.checks[row] for row, text in zip(rows, texts, strict=True)):
                raise StaleDigest("a row does not match its check")
        except (TypeError, IndexError, OSError, StoreError):
            raise StaleDigest("the rows cannot be read") from None
        return texts

    def _all_texts(self) -> list[bytes]:
        """Every row's JSON text, checked against its CRC (what `texts` gives for all rows,
        with the spans and checks made a list at a time: a full read takes every row)."""
        if not self.starts and self.rows is None and self.rows_file is None:
            return []  # the digest of a week file that is gone: no rows, and no file of them
        try:
            whole = self.rows if self.rows is not None else _read_whole(self)
            starts = self.starts
            ends = [start - 1 for start in starts[1:]] + ([self.size] if starts else [])
            texts = [whole[start:end] for start, end in zip(starts, ends, strict=True)]
            if tuple(map(zlib.crc32, texts)) != self.checks:
                raise StaleDigest("a row does not match its check")
        except (TypeError, IndexError, OSError, StoreError):
            raise StaleDigest("the rows cannot be read") from None
        return texts


def _read_whole(found: Digest) -> bytes:
    """The whole of a digest's rows file, opened if sealed (see Digest.texts)."""
    assert found.rows_file is not None
    with open_part(found.rows_file, found.size, LIMIT) as file:
        return _whole(found, file)


def _whole(found: Digest, file: BinaryIO) -> bytes:
    # open_part saw the file at its expected size (at most LIMIT, plus the sealing): one byte
    # more than that is read, so a file that grew since is caught below, and no read asks
    # for a buffer of LIMIT bytes.
    assert found.rows_file is not None
    whole = sealing.opened(found.rows_file, file.read(found.size + sealing.OVERHEAD + 1))
    if len(whole) != found.size:
        raise StaleDigest("the rows file is not the one the index was made with")
    return whole


def _read_spans(found: Digest, spans: list[tuple[int, int]]) -> list[bytes]:
    """The bytes of `spans` of a digest's rows file (see Digest.texts)."""
    assert found.rows_file is not None
    with open_part(found.rows_file, found.size, LIMIT) as file:
        if sealing.seals(found.rows_file) or len(spans) * 4 > len(found.ids):
            whole = _whole(found, file)
            return [whole[start:end] for start, end in spans]
        texts = []
        for start, end in spans:
            file.seek(start)
            texts.append(file.read(end - start))
        return texts


def decoded(found: Digest, rows: list[int] | None = None) -> list[dict[str, Any]]:
    """The summaries of `rows` of a digest (all of them by default), checked like records
    read from a week file; StaleDigest if one is not a usable summary."""
    if rows is None:
        return decode_texts(found.texts(), found.ids)
    return decode_texts(found.texts(rows), [found.ids[row] for row in rows])


def decode_texts(texts: list[bytes], ids: list[str]) -> list[dict[str, Any]]:
    """Summaries from their JSON texts (of one week or many, in one go), checked like records
    read from a week file and against the ids the index gives; StaleDigest if one fails."""
    if not texts:
        return []
    summaries: list[dict[str, Any]]  # once the checks below have passed
    try:
        summaries = jsoncodec.decode(b"[" + b",".join(texts) + b"]")
    except ValueError:
        raise StaleDigest("the rows are not JSON") from None
    if len(summaries) != len(ids) or not all(type(summary) is dict for summary in summaries):
        raise StaleDigest("a row is not a summary")
    # Every row is checked on every read: the index's checks only say a row is the one that
    # was written, and whoever can write the cache folder can write both. Rows that all pass
    # the quick check need no lists built (the common case); any other goes through sort_out.
    if ((not all_pass(summaries, "reflection") and sort_out(summaries, "reflection")[1])
            or [summary["id"] for summary in summaries] != ids):
        raise StaleDigest("a row is not the summary it should be")
    return summaries


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
    rows = b",".join(texts)
    return Digest([record["id"] for record in good], [position for position, _ in damaged],
                  {word: format(where, "x") for word, where in bits.items()},
                  tuple(starts), tuple(zlib.crc32(text) for text in texts), len(rows), None, rows,
                  moments=tuple(stamp_order(record.get("finished")) for record in good))


def index_of(found: Digest) -> dict[str, Any]:
    """A digest without its rows, as plain JSON data for the index file of its year."""
    return {"source": list(found.source), "ids": found.ids, "skipped": found.skipped,
            "words": found.words, "starts": list(found.starts), "checks": list(found.checks),
            "size": found.size, "moments": list(found.moments)}


def from_index(value: Any, rows_file: Path,
               vocabulary: Callable[[str], list[str]] | None = None) -> Digest | None:
    """The digest an index entry describes, or None if it does not have the right shape. The
    ids, bit sets and rows are checked where they are used (a bad one raises StaleDigest
    there, and the digest is rebuilt): a search touches only a few of them."""
    if not isinstance(value, dict):
        return None
    source, ids, words, skipped, starts, checks, size, moments = (value.get(name) for name in (
        "source", "ids", "words", "skipped", "starts", "checks", "size", "moments"))
    if not (isinstance(ids, list) and isinstance(starts, list) and isinstance(checks, list)
            and isinstance(moments, list) and len(starts) == len(ids) == len(checks) == len(moments)
            and all(type(moment) is float for moment in moments) and isinstance(words, dict)
            and isinstance(skipped, list) and type(size) is int and isinstance(source, list)
            and all(type(position) is int for position in skipped)):
        return None
    return Digest(ids, skipped, words, tuple(starts), tuple(checks), size, rows_file,
                  source=tuple(source), moments=tuple(moments), vocabulary=vocabulary)
