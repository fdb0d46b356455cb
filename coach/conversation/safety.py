"""Noticing distress in a free-text answer, so the coach can step out of coaching (pure, no I/O).

The coach is not a crisis service. When an answer suggests self-harm or deep hopelessness, it
stops the exercise, says so kindly, and points to people who can help. The phrases are data
(playbooks/rules/safety.yaml, read by coach/playbook/safetyrules.py); this module normalises an
answer into words and matches them. Sales talk is full of violent idioms ("this deal is dead",
"I'm killing it"), so the rules are about the person, and idioms are let through explicitly.

Matching is linear in the length of the answer: each word is looked up once in an index of the
phrases' first words, and a phrase has a bounded number of parts and gaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from coach.language.tokens import normalise
from coach.playbook.safetyrules import Phrase, Rule, SafetyRules, Slot

MAX_CHECKED_CHARS = 20_000
"""How much of an answer is read (about four thousand words); the rest is not checked."""


@dataclass(frozen=True)
class Concern:
    """What was noticed: the rule, its tier, and the words of the answer that matched."""

    rule: str
    tier: str
    quote: str


def _matches(slots: tuple[Slot, ...], words: list[str], at: int, gap: int) -> int:
    """The index after the phrase if `slots` match from `at`, else -1 (bounded backtracking)."""
    if not slots:
        return at
    slot, rest = slots[0], slots[1:]
    if slot.kind == "end":
        return at if at >= len(words) or not words[at] else -1
    if slot.kind == "gap":
        for skip in range(gap + 1):
            if at + skip > len(words) or (skip and not words[at + skip - 1]):
                break
            found = _matches(rest, words, at + skip, gap)
            if found >= 0:
                return found
        return -1
    if at < len(words) and slot.fits(words[at]):
        found = _matches(rest, words, at + 1, gap)
        if found >= 0:
            return found
    return _matches(rest, words, at, gap) if slot.optional else -1


_Indexed = tuple[dict[str, list[tuple[Phrase, Rule | None]]], list[tuple[Phrase, Rule | None]]]


@lru_cache(maxsize=8)
def _index(rules: SafetyRules) -> tuple[_Indexed, _Indexed]:
    """The phrases (and exceptions) keyed by their first word; prefix-first ones apart."""

    def build(pairs: list[tuple[Phrase, Rule | None]]) -> _Indexed:
        by_word: dict[str, list[tuple[Phrase, Rule | None]]] = {}
        prefixed: list[tuple[Phrase, Rule | None]] = []
        for phrase, rule in pairs:
            first = phrase.slots[0]
            for word in first.words:
                by_word.setdefault(word, []).append((phrase, rule))
            if first.prefixes:
                prefixed.append((phrase, rule))
        return by_word, prefixed

    triggers: list[tuple[Phrase, Rule | None]] = [
        (phrase, rule) for rule in rules.rules for phrase in rule.phrases
    ]
    excused: list[tuple[Phrase, Rule | None]] = [(phrase, None) for phrase in rules.exceptions]
    excused += [(phrase, rule) for rule in rules.rules for phrase in rule.unless]
    return build(triggers), build(excused)


def _spans(index: _Indexed, words: list[str], gap: int) -> list[tuple[int, int, Phrase, Rule | None]]:
    by_word, prefixed = index
    found: list[tuple[int, int, Phrase, Rule | None]] = []
    for at, word in enumerate(words):
        if not word:
            continue
        candidates = by_word.get(word, [])
        if prefixed:
            extra = [pair for pair in prefixed if word.startswith(pair[0].slots[0].prefixes)]
            candidates = candidates + [pair for pair in extra if pair not in candidates]
        for phrase, rule in candidates:
            end = _matches(phrase.slots, words, at, gap)
            if end > at:
                found.append((at, end, phrase, rule))
    return found


def find_concern(text: str, rules: SafetyRules) -> Concern | None:
    """The first clear concern in `text`, else the first ambiguous one, else None.

    A match is let through when an exception (or the rule's own `unless`) overlaps it; an idiom
    elsewhere in the answer never hides distress written next to it.
    """
    head = text[:MAX_CHECKED_CHARS]
    tokens = normalise(head, dict(rules.spellings))
    words = [word for word, _, _ in tokens]
    triggers, exceptions = _index(rules)
    excused = _spans(exceptions, words, rules.gap)
    best: Concern | None = None
    for start, end, _, rule in _spans(triggers, words, rules.gap):
        assert rule is not None
        if any(s < end and start < e and (r is None or r is rule) for s, e, _, r in excused):
            continue
        quote = head[tokens[start][1] : tokens[end - 1][2]]
        if rule.tier == "clear":
            return Concern(rule.id, rule.tier, quote)
        best = best or Concern(rule.id, rule.tier, quote)
    return best


def acknowledgement(concern: Concern) -> str:
    """The first thing the coach says: what the rep wrote, and that it matters more."""
    quote = " ".join(concern.quote.split())
    if len(quote) > 80:
        quote = quote[:79] + "…"
    return (
        f'You wrote "{quote}".\n'
        "That matters more than any debrief, so let's put the coaching down for a moment."
    )


CHECK_QUESTION = "Did you mean more than this call: that you might not want to be here?"
"""The gentle question after an ambiguous phrase; yes brings the same help as a clear one."""

NOT_MEANT = (
    "Thanks for telling me. If it ever does feel that heavy, type /help-now at any question."
)


def checking_line(concern: Concern) -> str:
    """What the coach says before asking whether an ambiguous phrase was meant."""
    quote = " ".join(concern.quote.split())[:80]
    return f'You wrote "{quote}". I want to be sure I read that right.'
