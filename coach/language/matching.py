"""Keyword and `*` pattern matching on word stems, linear in the answer's length.

A playbook phrase is compiled once, when the playbook loads, into literal word runs and `*`
wildcards. Matching walks the answer's words left to right and never backtracks:

- literal words meet on their stems, so "rushed", "rushing" and "rush" meet one keyword;
- a `*` captures 1 to MAX_CAPTURE_WORDS words and stops at the end of a clause (punctuation, a
  line break, or a linking word such as "but"); the next literal is taken at its first fit;
- a negator ("not", "never", "didn't", ...) within the NEGATION_WINDOW words before a match, in
  the same clause, cancels it, unless the phrase itself says the negation ("didn't listen").

Each start position costs at most a fixed number of comparisons for a given phrase, and only the
positions where the phrase's first word occurs are tried. On top of that, all the phrases of one
step share a Budget of comparisons per answer: a shared playbook with thousands of phrases, or a
rep pasting a whole email, cannot make the coach think for more than a moment. When the budget
runs out the phrases not yet tried simply do not match, and the step's fallback reply is used.
Replies listen to the first MAX_LISTENED_CHARS characters of an answer; the safety check reads
every word (coach/conversation/safety.py).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cached_property, lru_cache

from coach.language.words import NEGATORS, Word, words

WILDCARD = "*"
MAX_CAPTURE_WORDS = 12
NEGATION_WINDOW = 3
MAX_WILDCARDS = 3
MAX_PHRASE_WORDS = 12
MAX_LISTENED_CHARS = 20_000
MAX_MATCH_STEPS = 100_000
"""Word comparisons all the phrases of one step may make on one answer (well under a second)."""

_Piece = tuple[str, ...] | None  # a run of literal stems, or None for a wildcard


@dataclass(frozen=True)
class WordMatch:
    """Where a phrase matched: the matched text and each `*` capture, as the rep typed them."""

    text: str
    start: int
    end: int
    captures: tuple[str, ...] = ()

    @property
    def capture(self) -> str:
        """What a reply quotes as `match`: the first capture, or the matched words."""
        return self.captures[0] if self.captures else self.text


@dataclass(frozen=True)
class WordMatcher:
    """A compiled keyword or pattern.

    >>> compile_phrase("should have *").search("I should've asked about budget, but").capture
    'asked about budget'
    """

    phrase: str
    negated: bool

    @cached_property
    def pieces(self) -> tuple[_Piece, ...]:
        """The phrase's literal runs of stems and its wildcards, made at the first search."""
        return _pieces(self.phrase)

    def search(self, text: str, budget: Budget | None = None) -> WordMatch | None:
        """The leftmost match in `text`, or None (also when `budget` runs out first)."""
        return self._scan(text, budget or Budget())[0]

    def steps(self, text: str) -> int:
        """How many word comparisons a search of `text` makes (to show the cost is linear)."""
        return self._scan(text, Budget(left=10**12))[1]

    def _scan(self, text: str, budget: Budget) -> tuple[WordMatch | None, int]:
        heard = _heard(text)
        answer = heard.words
        literal = next((i for i, piece in enumerate(self.pieces) if piece is not None), None)
        if literal is None:
            return None, 0
        first = self.pieces[literal]
        assert first is not None  # for the type checker: `literal` indexes a literal run
        steps = 0
        for start in heard.starts.get(first[0], ()):
            if steps >= budget.left:  # out of comparisons: this phrase does not match
                budget.left = 0
                return None, steps
            cost, end = _literal_at(answer, start, first)
            steps += cost + 1  # the start itself counts, so many cheap starts still add up
            if end is None or (not self.negated and _negated_before(answer, start)):
                continue
            captures: list[tuple[int, int]] = []
            if literal == 1:  # a leading `*`: the words before the literal, back to the clause start
                begin = _clause_start(answer, start)
                steps += start - begin
                if begin == start:
                    continue
                captures.append((begin, start - 1))
            else:
                begin = start
            cost, end = _rest(answer, end, self.pieces[literal + 1 :], captures)
            steps += cost
            if end is not None:
                budget.left -= steps
                return _match(heard.text, answer, begin, end, captures), steps
        budget.left -= steps
        return None, steps


@dataclass
class Budget:
    """The word comparisons left for matching one answer, shared by all of a step's phrases."""

    left: int = MAX_MATCH_STEPS


@dataclass(frozen=True)
class _Heard:
    """An answer as matching reads it: its words, and where each stem starts a word."""

    text: str
    words: tuple[Word, ...]
    starts: dict[str, tuple[int, ...]]


@lru_cache(maxsize=4)
def _heard(text: str) -> _Heard:
    """Split once per answer, however many phrases a step has (the cache holds a few answers)."""
    listened = text[:MAX_LISTENED_CHARS]
    answer = words(listened)
    starts: dict[str, list[int]] = {}
    for index, word in enumerate(answer):
        starts.setdefault(word.stem, []).append(index)
    return _Heard(listened, answer, {stem: tuple(found) for stem, found in starts.items()})


def _literal_at(answer: tuple[Word, ...], start: int, stems: tuple[str, ...]) -> tuple[int, int | None]:
    """Whether the literal run sits at `start` in one clause; the comparisons made and its end."""
    clause = answer[start].clause
    for offset, expected in enumerate(stems):
        index = start + offset
        if index >= len(answer) or answer[index].clause != clause or answer[index].stem != expected:
            return offset + 1, None
    return len(stems), start + len(stems)


def _negated_before(answer: tuple[Word, ...], start: int) -> bool:
    clause = answer[start].clause
    for index in range(start - 1, max(start - NEGATION_WINDOW, 0) - 1, -1):
        word = answer[index]
        if word.clause != clause or word.opens_clause:
            return False
        if word.negates:
            return True
    return False


def _clause_start(answer: tuple[Word, ...], start: int) -> int:
    clause, begin = answer[start].clause, start
    while (
        begin > 0
        and start - begin < MAX_CAPTURE_WORDS
        and answer[begin - 1].clause == clause
        and not answer[begin - 1].opens_clause
    ):
        begin -= 1
    return begin


def _capturable(answer: tuple[Word, ...], index: int, clause: int) -> bool:
    return index < len(answer) and answer[index].clause == clause and not answer[index].opens_clause


def _rest(
    answer: tuple[Word, ...], position: int, pieces: tuple[_Piece, ...], captures: list[tuple[int, int]]
) -> tuple[int, int | None]:
    """Match the pieces after the first literal run from `position`; the cost and the end."""
    steps = 0
    clause = answer[position - 1].clause
    index = 0
    while index < len(pieces):
        if pieces[index] is not None:  # only after a wildcard, which handles it below
            return steps, None
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        if following is None:  # a trailing `*`: greedy, to the end of the clause
            end = position
            while end - position < MAX_CAPTURE_WORDS and _capturable(answer, end, clause):
                end += 1
                steps += 1
            if end == position:
                return steps, None
            captures.append((position, end - 1))
            return steps, end
        # A `*` between literals: the first fit of the next literal, 1 to 12 words on.
        found: int | None = None
        for width in range(1, MAX_CAPTURE_WORDS + 1):
            if not _capturable(answer, position + width - 1, clause):
                break
            candidate = position + width
            if candidate < len(answer) and answer[candidate].clause == clause:
                cost, after = _literal_at(answer, candidate, following)
                steps += cost
                if after is not None:
                    found = after
                    captures.append((position, candidate - 1))
                    break
        if found is None:
            return steps, None
        position = found
        index += 2
    return steps, position


def _match(
    text: str, answer: tuple[Word, ...], begin: int, end: int, captures: list[tuple[int, int]]
) -> WordMatch:
    def typed(first: int, last: int) -> str:
        return text[answer[first].start : answer[last].end]

    return WordMatch(
        typed(begin, end - 1),
        answer[begin].start,
        answer[end - 1].end,
        tuple(typed(first, last) for first, last in captures),
    )


def _runs(phrase: str) -> list[tuple[Word, ...] | None]:
    """The literal runs of words and the wildcards (None) of a phrase, in order, as written."""
    runs: list[tuple[Word, ...] | None] = []
    parts = phrase.split(WILDCARD)
    for number, part in enumerate(parts):
        run = words(part)
        if run:
            runs.append(run)
        if number < len(parts) - 1:
            runs.append(None)
    return runs


def _pieces(phrase: str) -> tuple[_Piece, ...]:
    merged: list[_Piece] = []
    for run in _runs(phrase):
        piece = None if run is None else tuple(word.stem for word in run)
        if piece is not None or not merged or merged[-1] is not None:
            merged.append(piece)  # wildcards side by side read as one
    return tuple(merged)


def compile_phrase(phrase: str) -> WordMatcher:
    """Compile a keyword ("too fast") or a pattern ("should have *") for matching answers."""
    negated = any(word.text in NEGATORS for word in words(phrase.replace(WILDCARD, " ")))
    return WordMatcher(phrase, negated)


def phrase_problems(phrase: str) -> list[tuple[str, str]]:
    """What makes a keyword or pattern slow or meaningless, as (problem, hint) pairs."""
    literal = words(phrase.replace(WILDCARD, " "))
    wildcards = phrase.count(WILDCARD)
    problems: list[tuple[str, str]] = []
    if not literal:
        if wildcards:
            problems.append(("is only wildcards, so it would match any answer",
                             "use `fallback: true` for a reply to any answer"))
        else:
            problems.append(("has no words to match", "a keyword needs at least one word"))
        return problems
    if wildcards > MAX_WILDCARDS:
        problems.append((f"has {wildcards} wildcards", f"use at most {MAX_WILDCARDS} `*`"))
    runs = _runs(phrase)
    if any(a is None and b is None for a, b in itertools.pairwise(runs)):
        problems.append(("has wildcards side by side",
                         f"one `*` already takes up to {MAX_CAPTURE_WORDS} words"))
    if len(literal) > MAX_PHRASE_WORDS:
        problems.append((f"has {len(literal)} words",
                         f"keep a keyword or pattern to {MAX_PHRASE_WORDS} words or fewer"))
    return problems

