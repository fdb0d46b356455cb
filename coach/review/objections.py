"""The rep's own objection book: what calls died on, and the answers the rep prepared for next time.

Pure functions over reflections (no I/O). A debrief keeps where the call died (`stage`), what the
prospect said (`objection`: a key for the common ones, or the rep's own words), the answer the rep
would give next time (`objection_answer`) and, when an earlier answer was shown, whether it
helped (`objection_helped`: yes, no or unused). The book groups the same objection together: a
common key with itself, the rep's own words by their word stems, so "just email me the info"
and "email me some info" are one objection, and both are the common "send me an email".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coach.language.objectionwords import objection_key
from coach.language.wins import is_meant
from coach.language.words import words
from coach.store.stamps import parse_stamp

OBJECTIONS = {
    "email": "send me an email",
    "not_interested": "not interested",
    "later": "call me later",
    "incumbent": "we already use someone",
    "budget": "no budget",
    "price": "too expensive",
    "not_decider": "not my decision",
}
"""The common objections, by the key a debrief stores, with the words the views show."""

STAGES = {
    "first_objection": "the first objection",
    "ask": "the ask",
    "pitch": "the pitch",
    "opener": "the opener",
    "gatekeeper": "the gatekeeper",
}
"""Where a call can die, by the key a debrief stores."""

PRACTICE = "objection_drill"
"""The playbook of an answer saved by `coach objections practice`: it adds to the book's answers,
but the objection did not come up on a call, so it is not counted."""

HELPED = ("yes", "no", "unused")
"""How an earlier answer went when it came back: it helped, it did not, or it was not used."""

MAX_SHOWN = 2
"""How many earlier answers a debrief quotes for one objection."""

# Words that do not tell one objection from another ("they just said...").
_FILLER = frozenset({
    "a", "an", "the", "and", "i", "me", "my", "we", "us", "our", "you", "your", "they", "them",
    "it", "is", "are", "was", "be", "to", "of", "for", "just", "said", "say", "that", "this",
    "so", "well", "um", "uh", "now", "right", "realli", "at", "in", "on", "do", "did",
})


def stems(text: str) -> tuple[str, ...]:
    """The stems of the words in `text`, in order ("Emailing me" -> ("email", "me"))."""
    return tuple(word.stem for word in words(text))


def common_key(text: str) -> str | None:
    """The common objection the rep's words name, or None ("email me the deck" -> "email"):
    read by coach/language/objectionwords.py."""
    if text in OBJECTIONS:
        return text
    return objection_key(text)


def signature(text: str) -> frozenset[str]:
    """What tells the rep's own words apart: their stems without the filler."""
    return frozenset(found for found in stems(text) if found not in _FILLER)


def same_words(one: frozenset[str], other: frozenset[str]) -> bool:
    """Whether two objections in the rep's words are the same one: every stem (filler aside) of
    the shorter is in the longer ("merging" and "they're merging with another firm")."""
    if not one or not other:
        return False
    small, large = sorted((one, other), key=len)
    return small <= large


@dataclass
class BookAnswer:
    """One answer the rep prepared, and how it went when it came back."""

    text: str
    finished: str
    helped: bool | None = None  # True: it helped once; False: it was tried and did not


@dataclass
class BookEntry:
    """One objection of the book: how often it came, when last, and the rep's answers."""

    key: str | None  # the common key, or None for the rep's own words
    words: str  # the words shown: the common objection's, or the newest the rep typed
    count: int = 0
    last: str = ""
    stages: dict[str, int] = field(default_factory=dict)
    answers: list[BookAnswer] = field(default_factory=list)  # newest first once built
    _signature: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        return OBJECTIONS.get(self.key, self.words) if self.key else self.words

    def as_json(self) -> dict[str, Any]:
        return {"objection": self.key or self.words, "words": self.name, "count": self.count,
                "last": self.last, "stages": dict(self.stages),
                "answers": [{"answer": answer.text, "finished": answer.finished,
                             "helped": answer.helped} for answer in self.answers]}


def objection_of(record: Mapping[str, Any]) -> str | None:
    """The objection a reflection names, as stored (a key or the rep's words), or None."""
    objection = record.get("objection")
    return objection if isinstance(objection, str) and objection.strip() else None


class _Grouping:
    """Entries found so far, looked up by a key or by the rep's words."""

    def __init__(self) -> None:
        self.entries: list[BookEntry] = []

    def find(self, objection: str) -> BookEntry | None:
        return self._find(common_key(objection), signature(objection))

    def _find(self, key: str | None, marks: frozenset[str]) -> BookEntry | None:
        for entry in self.entries:
            if (entry.key == key) if key else (not entry.key and
                                               same_words(entry._signature, marks)):
                return entry
        return None

    def add(self, objection: str) -> BookEntry:
        # The words are read once: `common_key` is the costly part of a book.
        key, marks = common_key(objection), signature(objection)
        found = self._find(key, marks)
        if found is None:
            found = BookEntry(key, objection if key is None else OBJECTIONS[key],
                              _signature=marks)
            self.entries.append(found)
        elif found.key is None:
            found.words = objection  # the newest words the rep used for it
        return found


def find_entry(entries: list[BookEntry], objection: str) -> BookEntry | None:
    """The entry of `entries` for an objection named by its key or in the rep's words."""
    grouping = _Grouping()
    grouping.entries = entries
    return grouping.find(objection)


def build_book(reflections: Iterable[Mapping[str, Any]]) -> list[BookEntry]:
    """The book from reflections in any order: most frequent first, then the most recent.

    A record whose `objection_helped` says "yes" (or "no") marks the newest answer prepared
    before it for the same objection: that is the answer the debrief showed.
    """
    return _grouped(reflections)[0]


def _grouped(reflections: Iterable[Mapping[str, Any]]
             ) -> tuple[list[BookEntry], dict[int, BookEntry]]:
    """`build_book`'s entries, and the entry of each record that named an objection (by the
    record's id())."""
    entry_of: dict[int, BookEntry] = {}
    named = []
    for record in reflections:
        objection, moment = objection_of(record), parse_stamp(record.get("finished"))
        if objection is not None and moment is not None:
            named.append((moment, str(record.get("finished")), objection, record))
    named.sort(key=lambda item: item[0])
    grouping = _Grouping()
    for _, finished, objection, record in named:
        entry = entry_of[id(record)] = grouping.add(objection)
        if record.get("playbook") != PRACTICE:
            entry.count += 1
            entry.last = finished
        stage = record.get("stage")
        if isinstance(stage, str) and stage:
            entry.stages[stage] = entry.stages.get(stage, 0) + 1
        _credit(entry, record)
        answer = record.get("objection_answer")
        if isinstance(answer, str) and is_meant(answer):
            entry.answers.append(BookAnswer(answer, finished))
    for entry in grouping.entries:
        entry.answers.reverse()
    book = sorted(grouping.entries, key=lambda entry: (-entry.count, _newest(entry.last)))
    return book, entry_of


def _credit(entry: BookEntry, record: Mapping[str, Any]) -> None:
    """Mark the earlier answer a debrief showed (its `values.objection_shown`, else the newest)
    as helped, or as tried without help; an answer that helped once stays marked."""
    helped = record.get("objection_helped")
    if not entry.answers or helped not in ("yes", "no"):
        return
    values = record.get("values")
    shown = values.get("objection_shown") if isinstance(values, Mapping) else None
    matching = [answer for answer in entry.answers if answer.text == shown]
    answer = matching[-1] if matching else entry.answers[-1]
    if answer.helped is not True:
        answer.helped = helped == "yes"


def _newest(stamp: str) -> float:
    moment = parse_stamp(stamp)
    return -moment.timestamp() if moment is not None else 0.0


def _ranked(entry: BookEntry) -> list[BookAnswer]:
    """The answers that helped first, then the newest."""
    return sorted(entry.answers, key=lambda answer: answer.helped is not True)


def prepared(entry: BookEntry) -> list[str]:
    """The answers a debrief quotes: those that helped first, then the newest."""
    return [answer.text for answer in _ranked(entry)[:MAX_SHOWN]]


class PreparedAnswers(Mapping[str, list[str]]):
    """The `objection_book` stat: an objection (a key, or the rep's words) -> the rep's earlier
    answers to it. The records are read at the first lookup, so a debrief that names no
    objection never reads them; the rep's words find the entry by their stems."""

    def __init__(self, reflections: Callable[[], Iterable[Mapping[str, Any]]]) -> None:
        self._load = reflections
        self._grouping: _Grouping | None = None

    def _entries(self) -> _Grouping:
        if self._grouping is None:
            self._grouping = _Grouping()
            self._grouping.entries = [entry for entry in build_book(self._load())
                                      if entry.answers]
        return self._grouping

    def __getitem__(self, objection: object) -> list[str]:
        entry = self._entries().find(str(objection)) if objection else None
        if entry is None:
            raise KeyError(objection)
        return prepared(entry)

    def __iter__(self) -> Iterator[str]:
        return iter([entry.key or entry.words for entry in self._entries().entries])

    def __len__(self) -> int:
        return len(self._entries().entries)

    def card(self, day: date) -> dict[str, str]:
        """One objection to rehearse before a calling block, with the rep's best line for it:
        the frequent ones (of those with an answer) take turns, a different one each day."""
        entries = self._entries().entries[:CARD_CHOICES]
        if not entries:
            return {}
        entry = entries[day.toordinal() % len(entries)]
        return {"objection": entry.name, "answer": prepared(entry)[0]}


CARD_CHOICES = 3
"""How many of the most frequent objections the morning card rotates through."""


class ObjectionCard(Mapping[str, str]):
    """The `objection_card` stat: `PreparedAnswers.card(day)`, worked out at its first use, so
    only a playbook that shows the card reads the book."""

    def __init__(self, book: PreparedAnswers, day: date) -> None:
        self._book, self._day = book, day
        self._card: dict[str, str] | None = None

    def _found(self) -> dict[str, str]:
        if self._card is None:
            self._card = self._book.card(self._day)
        return self._card

    def __getitem__(self, key: str) -> str:
        return self._found()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._found())

    def __len__(self) -> int:
        return len(self._found())



@dataclass(frozen=True)
class Recurring:
    """One objection of a review period: how often it came, against the period before, and the
    rep's best answer to it so far (one that helped, else the newest), if any."""

    name: str
    count: int
    previous_count: int
    best_answer: str | None
    helped: bool


MAX_RECURRING = 5
"""How many objections the pattern review names."""


def recurring(records: Iterable[tuple[str, Mapping[str, Any]]]) -> tuple[Recurring, ...]:
    """The objections of a review, most frequent first, from `(where, record)` pairs: where is
    "now" (in the period), "before" (the period before) or "" (older, or a drill: it only adds
    answers). The book is built from all of them, so an answer prepared earlier still counts."""
    pairs = list(records)
    book, entry_of = _grouped(record for _, record in pairs)
    counts: dict[int, list[int]] = {}
    for where, record in pairs:
        entry = entry_of.get(id(record))
        if where and entry is not None and record.get("playbook") != PRACTICE:
            counts.setdefault(id(entry), [0, 0])[0 if where == "now" else 1] += 1
    rows = []
    for entry in book:
        now, before = counts.get(id(entry), [0, 0])
        if now:
            best = next(iter(_ranked(entry)), None)
            rows.append(Recurring(entry.name, now, before, best.text if best else None,
                                  best is not None and best.helped is True))
    rows.sort(key=lambda row: -row.count)
    return tuple(rows[:MAX_RECURRING])
