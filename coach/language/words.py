"""Splitting a rep's answer into words and clauses, the way keyword matching reads it.

Case is folded, typographic apostrophes are straightened and contractions are spelled out
("didn't" becomes "did not", "I'm" becomes "i am"), so a playbook author writes a keyword once.
Every word remembers where it was typed, so a match can quote the rep's own words back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from coach.language.stemming import stem

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})
"""Phones and word processors type curly apostrophes; each is one character, so offsets hold."""

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# A clause ends at sentence punctuation, a colon or semicolon, a bracket, a line break or a dash
# standing between words ("rushed - then she hung up"); a hyphen inside a word does not.
_CLAUSE_END = re.compile(r"[.,;:!?()\[\]{}…—–\n]|\s-|-\s")

NEGATORS = frozenset(["not", "no", "never", "barely", "hardly", "without", "nor", "neither"])
"""Words that turn the next few words round: "I never listened" is not "I listened"."""

CLAUSE_OPENERS = frozenset(
    ["but", "because", "although", "though", "however", "whereas", "except", "cos", "cuz"]
)
"""Linking words that start a new thought: a `*` capture stops before them."""

_IRREGULAR = {
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "won't": ("will", "not"),
    "shan't": ("shall", "not"),
    "ain't": ("is", "not"),
}
_SUFFIXES = (("n't", "not"), ("'m", "am"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"),
             ("'d", "would"))


@dataclass(frozen=True)
class Word:
    """One word of an answer: its normal form, its stem, where it was typed, which clause."""

    text: str
    start: int
    end: int
    clause: int
    opens_clause: bool = False

    @cached_property
    def stem(self) -> str:
        """The word's stem, worked out when matching first asks for it: checking a playbook's
        keywords at load needs only their words, and the stemmer is then never loaded before
        a conversation's first question."""
        return stem(self.text)

    @property
    def negates(self) -> bool:
        return self.text in NEGATORS


def _spelled_out(word: str) -> tuple[str, ...]:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, full in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return (word[: -len(suffix)], full)
    return (word,)


def words(text: str) -> tuple[Word, ...]:
    """The words of `text` in order, each tagged with its clause.

    >>> [(w.text, w.clause) for w in words("I didn't listen, sadly")]
    [('i', 0), ('did', 0), ('not', 0), ('listen', 0), ('sadly', 1)]
    """
    plain = text.translate(APOSTROPHES)
    found: list[Word] = []
    clause = 0
    previous_end = 0
    for typed in _WORD.finditer(plain):
        if found and _CLAUSE_END.search(plain, previous_end, typed.start()):
            clause += 1
        previous_end = typed.end()
        for part in _spelled_out(typed.group().lower()):
            found.append(
                Word(part, typed.start(), typed.end(), clause, part in CLAUSE_OPENERS)
            )
    return tuple(found)
