"""Searching the reflections' answers for a piece of text (`coach history --search`).

The week digests say which reflections hold every word of the text (see Digest.rows_with). For
a single word that is the answer itself, read from the digests alone; otherwise only the weeks
with a candidate are read, to check the text as typed. Text without a word (punctuation only)
is looked for in every reflection.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from coach.store import digest
from coach.store.layout import REFLECTIONS
from coach.store.ordering import streamed
from coach.store.reading import Reader, Weeks, WeeksSince

FOUND_BATCH = 2000
"""A search decodes the summaries it found this many at a time (one decode is much faster
than one per week, and a few thousand summaries are a few megabytes)."""


def each_found(reader: Reader, digests: WeeksSince, text: str, since: datetime | None, *,
               full: bool, batch: int) -> Iterator[dict[str, Any]]:
    """The reflections (finished at or after `since`) with `text` in an answer as the rep saw
    it, in any case, newest first, a few weeks at a time: summaries, or whole records with
    `full`. Single-word hits are decoded `batch` rows at most at a time."""
    needle = text.strip().casefold()
    words = digest.search_words(needle)
    if words is None:
        every = (record for record in reader.streamed(REFLECTIONS, since, newest_first=True)
                 if needle in digest.answer_text(record))
        yield from (every if full else map(digest.summary_of, every))
        return
    yield from streamed(_found_weeks(reader, digests(since), words, needle, full, batch),
                        "finished", since, newest_first=True)


def found_ids(reader: Reader, digests: WeeksSince, text: str) -> set[str]:
    """The ids of the reflections `each_found` finds, without reading their summaries: for a
    single word straight from the week digests' word index."""
    needle = text.strip().casefold()
    words = digest.search_words(needle)
    if words is None:
        every = reader.streamed(REFLECTIONS, None, newest_first=True)
        return {str(record["id"]) for record in every if needle in digest.answer_text(record)}
    found: set[str] = set()
    for path, week, rows in _candidates(reader, digests(None), words):
        if words == [needle]:
            found.update(str(week.ids[row]) for row in rows)
        else:
            found.update(str(record["id"]) for record in _holding(reader, path, needle))
    return found


def _found_weeks(reader: Reader, weeks: Weeks, words: list[str], needle: str, full: bool,
                 most: int) -> Iterator[tuple[Path, list[dict[str, Any]]]]:
    """Each week with a hit (newest first) and its hits. For a single word, the found rows'
    texts of several weeks are decoded in one go (`most` rows at most)."""
    exact = not full and words == [needle]
    batch: list[tuple[Path, list[bytes], list[str]]] = []
    for path, week, rows in _candidates(reader, weeks, words):
        if exact:
            try:
                batch.append((path, week.texts(rows), [week.ids[row] for row in rows]))
            except digest.StaleDigest:
                yield from _decoded_batch(reader, batch, needle)
                batch = []
                yield path, [row for _, row in reader.rows(path, week, rows)]
                continue
            if sum(len(ids) for _, _, ids in batch) >= most:
                yield from _decoded_batch(reader, batch, needle)
                batch = []
            continue
        records = _holding(reader, path, needle)
        yield path, records if full else [digest.summary_of(record) for record in records]
    yield from _decoded_batch(reader, batch, needle)


def _decoded_batch(reader: Reader, batch: list[tuple[Path, list[bytes], list[str]]],
                   needle: str) -> Iterator[tuple[Path, list[dict[str, Any]]]]:
    """The summaries of a batch of weeks' found rows, decoded together, week by week."""
    try:
        decoded = digest.decode_texts([text for _, texts, _ in batch for text in texts],
                                      [found for _, _, ids in batch for found in ids])
    except digest.StaleDigest:
        # Rows that each passed their check yet do not decode together: never believed;
        # those weeks are read in full instead.
        for path, _, _ in batch:
            yield path, [digest.summary_of(record) for record in _holding(reader, path, needle)]
        return
    position = 0
    for path, _, ids in batch:
        yield path, decoded[position:position + len(ids)]
        position += len(ids)


def _candidates(reader: Reader, weeks: Weeks, words: list[str]
                ) -> Iterator[tuple[Path, digest.Digest, list[int]]]:
    """Each week (newest first) with the rows whose answers hold every one of `words`
    inside some word of theirs (see Digest.rows_with), if it has any."""
    for path, week in weeks:
        try:
            rows = week.rows_with(words)
        except digest.StaleDigest:
            week = reader.redigest(path)
            rows = week.rows_with(words)
        if rows:
            yield path, week, rows


def _holding(reader: Reader, path: Path, needle: str) -> list[dict[str, Any]]:
    """The reflections of one week file with `needle` (case-folded) in an answer."""
    return [record for record in reader.read_week(path, REFLECTIONS)
            if needle in digest.answer_text(record)]
