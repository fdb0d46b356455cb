"""An answer as plain words: case folded, apostrophes straightened, contractions spelled out.

Reps type fast: "im", "dont", "cant", "gonna", "kms". Both the safety check and the reading of an
answer (`hearing`) see the same words, so a rule written for one spelling meets every spelling.
Each word keeps its span in the text as typed, so a match can be quoted back; "" marks the end
of a clause (a full stop, a comma, a dash between words).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
# Words (a word starred out, "c***" or "p*ki", is one), and the marks that end a clause. Anything
# else (spaces, quotes, emoji) separates words.
_TOKENS = re.compile(r"[a-z0-9]*[a-z]\*+[a-z0-9*]*|[a-z0-9]+(?:'[a-z]+)*|[.!?;:,\n()\u2013\u2014]|(?<=\s)-(?=\s)")

_CONTRACTIONS: Mapping[str, tuple[str, ...]] = {
    "im": ("i", "am"), "i'm": ("i", "am"), "ive": ("i", "have"), "i've": ("i", "have"),
    "i'd": ("i", "would"), "id": ("i", "would"), "i'll": ("i", "will"),
    "can't": ("can", "not"), "cant": ("can", "not"), "cannot": ("can", "not"),
    "won't": ("will", "not"), "wont": ("will", "not"), "dont": ("do", "not"),
    "doesnt": ("does", "not"), "didnt": ("did", "not"), "isnt": ("is", "not"),
    "wasnt": ("was", "not"), "arent": ("are", "not"), "wouldnt": ("would", "not"),
    "shouldnt": ("should", "not"), "couldnt": ("could", "not"), "havent": ("have", "not"),
    "it's": ("it", "is"), "thats": ("that", "is"), "that's": ("that", "is"),
    "theres": ("there", "is"), "there's": ("there", "is"), "whats": ("what", "is"),
    "what's": ("what", "is"), "wanna": ("want", "to"), "gonna": ("going", "to"),
    "gotta": ("got", "to"), "kms": ("kill", "myself"), "kys": ("kill", "yourself"),
    "noone": ("nobody",), "u": ("you",), "ur": ("your",), "cuz": ("because",),
    "coz": ("because",), "bc": ("because",), "rn": ("right", "now"),
    "shes": ("she", "is"), "hes": ("he", "is"), "hed": ("he", "would"),
    "they'd": ("they", "would"), "they'll": ("they", "will"), "you'd": ("you", "would"),
    "everyone's": ("everyone", "is"), "everybody's": ("everybody", "is"),
}
BLEEPED = "bleeped"
"""The one word every starred-out word reads as, so a rule can say "called me a ... bleeped"."""
_ENDINGS: Mapping[str, tuple[str, ...]] = {
    "ll": ("will",), "d": ("would",), "ve": ("have",), "re": ("are",), "m": ("am",), "s": (),
}
_PAIRS: Mapping[tuple[str, str], tuple[str, ...]] = {
    ("no", "one"): ("nobody",), ("any", "more"): ("anymore",), ("every", "one"): ("everyone",),
    ("no", "body"): ("nobody",), ("no", "more"): ("anymore",), ("un", "alive"): ("unalive",),
}


def squeeze(word: str) -> str:
    """A word with every run of a repeated letter written once: 'sooo' and 'so' compare equal."""
    out: list[str] = []
    for letter in word:
        if not out or out[-1] != letter:
            out.append(letter)
    return "".join(out)


def _expand(word: str) -> tuple[str, ...]:
    if word in _CONTRACTIONS:
        return _CONTRACTIONS[word]
    if word.endswith("n't") and len(word) > 3:
        return (word[:-3], "not")
    stem, _, ending = word.partition("'")
    if ending in _ENDINGS:
        return (stem, *_ENDINGS[ending])
    return (word.replace("'", ""),)


def normalise(text: str, spellings: Mapping[str, tuple[str, ...]] | None = None,
              fold: Callable[[str], str] = squeeze) -> list[tuple[str, int, int]]:
    """The answer as squeezed words with their spans in `text`; "" marks the end of a clause.

    >>> [w for w, _, _ in normalise("I\u2019m soooo DONE, honestly")]
    ['i', 'am', 'so', 'done', '', 'honestly']
    """
    lowered = unicodedata.normalize("NFKC", text).translate(APOSTROPHES).lower()
    if len(lowered) != len(text):  # spans must point into the text as typed
        lowered = text.translate(APOSTROPHES).lower()
    words: list[tuple[str, int, int]] = []
    for found in _TOKENS.finditer(lowered):
        start, end = found.span()
        token = found.group(0)
        if not token[0].isalnum():
            if words and words[-1][0]:
                words.append(("", start, end))
            continue
        expanded = (BLEEPED,) if "*" in token else _expand(token)
        if spellings and len(expanded) == 1 and expanded[0] in spellings:
            expanded = spellings[expanded[0]]
        for word in expanded:
            word = fold(word)
            if words and (words[-1][0], word) in _PAIRS:
                previous = words.pop()
                for joined in _PAIRS[(previous[0], word)]:
                    words.append((joined, previous[1], end))
                continue
            words.append((word, start, end))
    return words
