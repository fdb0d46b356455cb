"""Recurring phrases: the words a rep keeps writing in lessons and next actions.

A phrase is a run of one to six words. It counts once per answer that contains it, so one long
answer cannot dominate. Longer phrases score higher than their parts, so "slow down after the
opener" wins over a bare "slow", and phrases that share a word with a better one are left out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

MAX_WORDS = 6
MIN_COUNT = 2

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "do", "for", "from", "had", "has",
    "have", "i", "i'm", "in", "is", "it", "its", "me", "my", "of", "on", "or", "so", "that", "the",
    "their", "them", "then", "they", "this", "to", "too", "was", "we", "were", "will", "with",
    "you", "your",
})


@dataclass(frozen=True)
class Phrase:
    """A phrase and in how many answers it appears."""

    text: str
    count: int


def _words(text: str) -> list[str]:
    return [word.replace("’", "'") for word in _WORD.findall(text.casefold())]


def _overlaps(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Whether two phrases share a meaningful word (so showing both would repeat it)."""
    return bool((set(first) & set(second)) - STOPWORDS)


def recurring_phrases(texts: Iterable[object], top: int = 5) -> tuple[Phrase, ...]:
    """The phrases that come back most often across `texts` (only those seen at least twice).

    >>> recurring_phrases(["Slow down after the opener", "slow down!", "ask more"])
    (Phrase(text='slow down', count=2),)
    """
    found_in: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for number, text in enumerate(texts):
        if not isinstance(text, str):
            continue
        words = _words(text)[:60]
        for size in range(1, MAX_WORDS + 1):
            for start in range(len(words) - size + 1):
                gram = tuple(words[start:start + size])
                if gram[0] not in STOPWORDS and gram[-1] not in STOPWORDS:
                    found_in[gram].add(number)
    candidates = [(gram, answers) for gram, answers in found_in.items() if len(answers) >= MIN_COUNT]
    candidates.sort(key=lambda item: (-len(item[1]) * (1 + 0.5 * (len(item[0]) - 1)), item[0]))
    chosen: list[tuple[tuple[str, ...], set[int]]] = []
    for gram, answers in candidates:
        # A phrase that only appears where a chosen one does, or repeats one of its words,
        # adds nothing new.
        if any(answers <= picked_answers or _overlaps(picked, gram) for picked, picked_answers in chosen):
            continue
        chosen.append((gram, answers))
        if len(chosen) == top:
            break
    chosen.sort(key=lambda item: -len(item[1]))
    return tuple(Phrase(" ".join(gram), len(answers)) for gram, answers in chosen)
