"""Reading an answer before replying to it: is it a non-answer, what tone, sarcasm, about whom.

A rep who has just lost a call types "idk", "honestly nothing.", "great, another no" or "what a
jerk". The coach must not praise those, file them as a win or a plan, or answer anger at the
prospect as if it were self-blame. `hear(text)` gives a `Reading` of one answer, by rules over
the word lists in `lexicon` (no model, no I/O, linear in the answer's length):

    nonanswer   the answer says there is nothing, or that the rep doesn't know ("nothing, he hung
                up in 5 seconds" too: a reason after the "nothing" is not a win)
    tone        "negative", "mixed", "neutral" or "positive"; negation ("not bad", "didn't
                completely choke") and "but" are read; sarcasm is negative
    sarcastic   the words say the opposite of what is meant ("great, another no", "yeah right")
    about       whom the judgement in it is aimed at: "self", "prospect" (the person called, their
                side, the gatekeeper), "other" (manager, list, product...) or "none"
    self_label  the rep calls themself a name ("I'm an idiot", "such a loser")
    quoted      it holds someone else's words ('he said "call me in Q3"', "she told me...")
    long        a paste of more than `lexicon.LONG_WORDS` words

Playbooks read these as `answer.tone`, `win.about` (any text answer has them), `answer.down`
(a non-answer, sarcasm, or anything bad in it: nothing to praise outright) and the test `answer is
nonanswer`; `wins.is_meant` and `wins.is_small_win` use `nonanswer` and `sarcastic`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache

from coach.language import lexicon as lex
from coach.language import tone
from coach.language.tokens import normalise

TONES = ("negative", "mixed", "neutral", "positive")
TARGETS = ("self", "prospect", "other", "none")
MAX_HEARD_CHARS = 4_000
"""How much of an answer is read; a longer paste is judged by its start."""

_QUOTE_MARKS = re.compile(r"[\"\u201c\u201d\u201e\u00ab\u00bb]")
_QUOTED_SPAN = re.compile(
    r"[\"\u201c\u201e\u00ab][^\"\u201c\u201d\u201e\u00ab\u00bb]*[\"\u201d\u00bb]"
    r"|(?:(?<=^)|(?<=[\s(:,]))['\u2018][^'\u2018\u2019\n]*\s[^'\u2018\u2019\n]*['\u2019](?=[\s.,!?;:)]|$)"
)
_SHOUTED = re.compile(r"\b[A-Z]{4,}\b")


@dataclass(frozen=True)
class Reading:
    """What one answer says beyond its words (see the module docstring)."""

    nonanswer: bool = False
    tone: str = "neutral"
    sarcastic: bool = False
    about: str = "none"
    self_label: bool = False
    quoted: bool = False
    long: bool = False

    @property
    def down(self) -> bool:
        """Whether plain praise or agreement would miss it: a non-answer, sarcasm, or an answer
        with anything bad in it (negative or mixed)."""
        return self.nonanswer or self.sarcastic or self.tone in ("negative", "mixed")


FIELDS = (*(field.name for field in fields(Reading)), "down")
"""What a playbook may read from a text answer: `answer.tone`, `win.down`..."""

NOTHING_SAID = Reading(nonanswer=True)


def hear(value: object) -> Reading:
    """The reading of an answer; anything that is not text (or is blank) says nothing.

    >>> hear("honestly nothing, he hung up").nonanswer, hear("great, another no").sarcastic
    (True, True)
    >>> hear("not my best, but I didn't completely choke").tone
    'mixed'
    """
    if not isinstance(value, str) or not value.strip():
        return NOTHING_SAID
    return _hear(value[:MAX_HEARD_CHARS])


def only_stock_words(text: str) -> bool:
    """Whether `text` is nothing but stock non-answers, refusals and fillers ("idk", "rather
    not", "don't want to talk about it"): nothing of the rep's own is in it.

    >>> only_stock_words("honestly don't want to talk about it"), only_stock_words("no point")
    (True, False)
    """
    clauses = clauses_of(text[:MAX_HEARD_CHARS]) if isinstance(text, str) else []
    allowed = (lex.NONANSWERS, lex.FILLERS, lex.REFUSALS)
    return bool(clauses) and all(_segments(clause, allowed) is not None for clause in clauses)


def clauses_of(text: str) -> list[list[str]]:
    """The normalised words of `text`, clause by clause (punctuation ends a clause)."""
    clauses: list[list[str]] = [[]]
    for word, _, _ in normalise(text, lex.SPELLINGS, fold=str):
        if not word:
            if clauses[-1]:
                clauses.append([])
        else:
            clauses[-1].append(word)
    return [clause for clause in clauses if clause]


@lru_cache(maxsize=256)
def _hear(text: str) -> Reading:
    clauses = clauses_of(text)
    if not any(clauses):
        return NOTHING_SAID
    own = clauses_of(_QUOTED_SPAN.sub(" , ", text)) or [["quote"]]  # the rep's words only
    nothing = _nonanswer(clauses)
    sarcastic = tone.sarcastic(clauses) or _shouted_praise(text)
    labelled = any(tone.labels_self(clause) for clause in own)
    return Reading(
        nonanswer=nothing,
        tone="negative" if sarcastic else _tone(text, own, nothing),
        sarcastic=sarcastic,
        about=tone.about(own, labelled),
        self_label=labelled,
        quoted=_quoted(text, clauses),
        long=sum(len(clause) for clause in clauses) > lex.LONG_WORDS,
    )


_EMPHASIS = re.compile(r"\b(?:SO+|REALLY|TOTALLY|SUPER|[Ss]ooo+)\s+([A-Za-z][\w'-]*)")


def _shouted_praise(text: str) -> bool:
    """Praise shouted in capitals is irony: "our pricing is SO competitive"."""
    return any("positive" in tone.tags(found.group(1).lower()) or found.group(1).lower() in
               lex.IRONY for found in _EMPHASIS.finditer(text))


def _tone(text: str, clauses: list[list[str]], nothing: bool) -> str:
    if not nothing:
        # "not really, but he took my email": the "not really" is the bad half of a mixed answer.
        opens_low = any(_opens_with_nothing(clause) for clause in clauses[:1])
        return tone.tone_of(clauses, 0.5 if opens_low else 0.0)
    # A bare "idk" is neutral; a refusal, a shout or "nothing. absolutely nothing." is not.
    saying = [clause for clause in clauses if _says_nothing(clause) is not False]
    if (len(saying) > 1 or _SHOUTED.search(text)
            or any(tone.has(clause, lex.REFUSALS) for clause in clauses)):
        return "negative"
    rest = [clause for clause in clauses if _says_nothing(clause) is False]
    found = tone.tone_of(rest) if rest else "neutral"
    return "negative" if found == "mixed" else found


def _segments(words: Sequence[str], allowed: Iterable[frozenset[tuple[str, ...]]]) -> list[int] | None:
    """How `words` split wholly into phrases of the `allowed` sets: the number of the set each
    piece came from, in order, or None when some words belong to none of them."""
    sets = list(allowed)
    best: list[list[int] | None] = [None] * (len(words) + 1)
    best[0] = []
    for start in range(len(words)):
        so_far = best[start]
        if so_far is None:
            continue
        for end in range(start + 1, min(len(words), start + 8) + 1):
            piece = tuple(words[start:end])
            for number, phrases in enumerate(sets):
                if piece in phrases and best[end] is None:
                    best[end] = [*so_far, number]
    return best[len(words)]


def _opens_with_nothing(clause: Sequence[str]) -> bool:
    start = 0
    while start < len(clause) and (size := tone.phrase_at(clause, start, lex.FILLERS)):
        start += size
    return bool(tone.phrase_at(clause, start, lex.LOW_OPENERS))


def _says_nothing(clause: Sequence[str]) -> bool | None:
    """True: the clause is a non-answer; None: only fillers; False: it says something."""
    pieces = _segments(clause, (lex.NONANSWERS, lex.FILLERS, lex.REFUSALS))
    if pieces is not None:
        return True if (0 in pieces or 2 in pieces) else None
    start = 0
    while start < len(clause) and (size := tone.phrase_at(clause, start, lex.FILLERS)):
        start += size
    size = tone.phrase_at(clause, start, lex.STRONG_NONANSWERS)
    if not size:
        return False
    rest = clause[start + size:]
    if rest and rest[0] in lex.NOTHING_BUT:
        return False
    # "no idea what to do differently" says nothing; "nothing went wrong", "idk the intro
    # maybe" and "none, but I got his email" say something.
    brings = any(word in lex.HEDGES or "negative" in tone.tags(word)
                 or "feeling" in tone.tags(word) for word in rest)
    return not brings


def _nonanswer(clauses: list[list[str]]) -> bool:
    said = [_says_nothing(clause) for clause in clauses]
    first = next((n for n, found in enumerate(said) if found is not None), None)
    if first is None:  # only fillers: "um", "honestly?"
        return True
    if not said[first]:
        return False
    for clause in clauses[first + 1:]:
        if any(word in lex.HEDGES or "feeling" in tone.tags(word) for word in clause):
            return False  # "idk, numb"; "nothing, but I got the email"
    return True


def _quoted(text: str, clauses: list[list[str]]) -> bool:
    if len(_QUOTE_MARKS.findall(text)) >= 2 or _QUOTED_SPAN.search(text):
        return True
    for clause in clauses:
        for at, word in enumerate(clause):
            if word not in lex.REPORTING_VERBS:
                continue
            if word == "apparently" or tone.subject(clause[max(at - 3, 0):at]) in {
                    "prospect", "other"}:
                return True
    return False
