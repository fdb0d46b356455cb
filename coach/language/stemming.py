"""Word stems for keyword matching (the only module importing snowballstemmer).

Snowball's English stemmer folds "rushed", "rushing" and "rushes" into "rush", so one keyword in a
playbook meets every form a rep types.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

MAX_STEMMED_LENGTH = 40
"""Longer "words" (pasted links, key mashing) are compared as typed: no real word is that long,
and it keeps the stemmer's work per word bounded."""



@cache
def _english() -> Any:
    """Snowball's English stemmer, built when the first word is stemmed rather than at import:
    a conversation shows its first question before it reads any answer."""
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The stem of one lower-case word.

    >>> stem("rushing"), stem("rushed"), stem("rush")
    ('rush', 'rush', 'rush')
    """
    if len(word) > MAX_STEMMED_LENGTH:
        return word
    return str(_english().stemWord(word))
