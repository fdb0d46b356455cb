"""The `reflect` filter: a rep's words handed back in the second person, short enough to quote.

"I rushed my pitch" comes back as "you rushed your pitch", so a reply can say
`You said {{ answer | reflect }}.` Only the first person turns round: reps say "you" for people in
general ("you never know with budget"), so "you" is left alone. Words in quotes are someone
else's ('he said "call me in Q3"'), so they are given back exactly as typed. A long answer is
cut on a word, with one "…" and nothing after it.
"""

from __future__ import annotations

import re
from typing import Any

MAX_REFLECTED_WORDS = 15
"""A reply quotes a clause, not a paragraph: longer answers are cut, with an ellipsis."""

_SWAPS = {
    "i am": "you are",
    "am i": "are you",
    "i was": "you were",
    "was i": "were you",
    "i wasn't": "you weren't",
    "i'm": "you're",
    "i've": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
}
_APOSTROPHE = "['\u2019]"
_FIRST_PERSON = re.compile(
    r"(?<![\w'\u2019])(?:i\s+am|am\s+i|i\s+wasn" + _APOSTROPHE + r"t|i\s+was|was\s+i"
    r"|i" + _APOSTROPHE + r"(?:m|ve|d|ll)|myself|mine|my|me|i)(?![\w'\u2019])",
    re.IGNORECASE,
)
_WORD = re.compile(r"\S+")
_QUOTED = re.compile(r"[\"\u201c\u201e\u00ab][^\"\u201c\u201d\u201e\u00ab\u00bb]*(?:[\"\u201d\u00bb]|$)"
                     r"|(?:(?<=^)|(?<=[\s(:,]))['\u2018][^'\u2018\u2019\n]*\s[^'\u2018\u2019\n]*['\u2019](?=[\s.,!?;:)]|$)")
_SENTENCE_END = re.compile(r"[.!?;](?=\s)|\n")


def _shortened(text: str) -> str:
    """The text on one line, cut to its first sentence or to MAX_REFLECTED_WORDS words."""
    spans = []
    for found in _WORD.finditer(text):
        spans.append(found)
        if len(spans) > MAX_REFLECTED_WORDS:
            break
    if len(spans) <= MAX_REFLECTED_WORDS:
        return " ".join(span.group() for span in spans)
    sentence = _SENTENCE_END.search(text, 0, spans[MAX_REFLECTED_WORDS - 1].end())
    if sentence is not None and len(text[: sentence.start()].split()) >= 3:
        return " ".join(text[: sentence.start()].split())
    kept = " ".join(span.group() for span in spans[:MAX_REFLECTED_WORDS])
    return kept.rstrip(",;:-.…!?\"'\u201d\u2019 ") + "…"


def _swap(match: re.Match[str], text: str) -> str:
    typed = match.group()
    apostrophe = "\u2019" if "\u2019" in typed else "'"
    swapped = _SWAPS[" ".join(typed.lower().replace("\u2019", "'").split())].replace(
        "'", apostrophe
    )
    if len(typed) > 1 and typed.isupper():  # the rep was shouting: keep shouting
        return swapped.upper()
    before = text[: match.start()].rstrip()
    if before and before[-1] in ".!?":  # a new sentence inside the answer starts with a capital
        return swapped[0].upper() + swapped[1:]
    return swapped


def reflect(value: Any) -> str:
    """`value` turned from first to second person, on one line, with no closing full stop.

    >>> reflect("I rushed my pitch.")
    'you rushed your pitch'
    >>> reflect("I'm sure I was too pushy. My bad")
    "you're sure you were too pushy. Your bad"
    """
    text = "" if value is None else str(value)
    text = _shortened(text.strip())
    quoted = [found.span() for found in _QUOTED.finditer(text)]

    def turned(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in quoted):
            return match.group()  # someone else's words stay as they were said
        return _swap(match, text)

    text = _FIRST_PERSON.sub(turned, text)
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    return text


_CUT_THEN_STOP = re.compile("(\u2026[\"\u201d']?)[.:;,]+")
"""A quote cut with "…" and a full stop or colon after it: the "…" is enough."""


def as_reply(text: str) -> str:
    """A rendered reply as a sentence: a cut quote's "…" stands without a stop after it, and it
    starts with a capital, also inside an opening quote ('"You kept calm": ...')."""
    text = _CUT_THEN_STOP.sub(r"\1", text)
    if not text:
        return text
    at = 1 if text[:1] in "\"'\u201c" and len(text) > 1 else 0
    return text[:at] + text[at].upper() + text[at + 1:] if text[at].islower() else text
