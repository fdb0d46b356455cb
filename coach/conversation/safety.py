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

from coach.conversation.screening import leans_to_crisis, support_kind, worrying_part
from coach.language.hearing import only_stock_words
from coach.language.tokens import normalise
from coach.playbook.safetyrules import Phrase, Rule, SafetyRules, Slot, builtin_rules

MAX_CHECKED_CHARS = 20_000
"""How much of an answer is read (about four thousand words); the rest is not checked."""


@dataclass(frozen=True)
class Concern:
    """What was noticed: the rule, its tier, the words of the answer that matched, and for a
    support rule which help fits."""

    rule: str
    tier: str
    quote: str
    help: str = ""


_TIER_ORDER = {"crisis": 0, "possible": 1, "support": 2}
_MAX_TRAILING = 4
"""A clause end (`$`) still holds when at most this many trailing words follow ("for good",
"this weekend", "tonight honestly"): a plan with a day on it is the same plan."""


def _ends(words: list[str], at: int, trailing: frozenset[str]) -> bool:
    for offset in range(_MAX_TRAILING + 1):
        if at + offset >= len(words) or not words[at + offset]:
            return True
        if words[at + offset] not in trailing:
            return False
    return False


def _matches(slots: tuple[Slot, ...], words: list[str], at: int, gap: int,
             trailing: frozenset[str] = frozenset()) -> int:
    """The index after the phrase if `slots` match from `at`, else -1 (bounded backtracking)."""
    if not slots:
        return at
    slot, rest = slots[0], slots[1:]
    if slot.kind == "end":
        return at if _ends(words, at, trailing) else -1
    if slot.kind == "gap":
        for skip in range(gap + 1):
            if at + skip > len(words) or (skip and not words[at + skip - 1]):
                break
            found = _matches(rest, words, at + skip, gap, trailing)
            if found >= 0:
                return found
        return -1
    if at < len(words) and slot.fits(words[at]):
        found = _matches(rest, words, at + 1, gap, trailing)
        if found >= 0:
            return found
    return _matches(rest, words, at, gap, trailing) if slot.optional else -1


_Indexed = tuple[dict[str, list[tuple[Phrase, Rule]]], list[tuple[Phrase, Rule]]]


@lru_cache(maxsize=8)
def _index(rules: SafetyRules) -> tuple[_Indexed, _Indexed]:
    """The phrases (and each rule's idioms) keyed by their first word; prefix-first ones apart."""

    def build(pairs: list[tuple[Phrase, Rule]]) -> _Indexed:
        by_word: dict[str, list[tuple[Phrase, Rule]]] = {}
        prefixed: list[tuple[Phrase, Rule]] = []
        for phrase, rule in pairs:
            first = phrase.slots[0]
            for word in first.words:
                by_word.setdefault(word, []).append((phrase, rule))
            if first.prefixes:
                prefixed.append((phrase, rule))
        return by_word, prefixed

    triggers = [(phrase, rule) for rule in rules.rules for phrase in rule.phrases]
    excused = [(phrase, rule) for rule in rules.rules for phrase in rule.unless]
    return build(triggers), build(excused)


def _spans(index: _Indexed, words: list[str], gap: int,
           trailing: frozenset[str]) -> list[tuple[int, int, Phrase, Rule]]:
    by_word, prefixed = index
    found: list[tuple[int, int, Phrase, Rule]] = []
    for at, word in enumerate(words):
        if not word:
            continue
        candidates = by_word.get(word, [])
        if prefixed:
            extra = [pair for pair in prefixed if word.startswith(pair[0].slots[0].prefixes)]
            candidates = candidates + [pair for pair in extra if pair not in candidates]
        for phrase, rule in candidates:
            end = _matches(phrase.slots, words, at, gap, trailing)
            if end > at:
                found.append((at, end, phrase, rule))
    return found


def find_concern(text: str, rules: SafetyRules) -> Concern | None:
    """The most serious concern in `text` (crisis, then possible, then support), else None.

    A match is let through when its own rule's `unless` idiom overlaps it; an idiom elsewhere
    in the answer never hides distress written next to it, and never excuses another rule.
    A crisis word inside a longer support phrase is read as that phrase: "not suicidal, just
    not coping" is the rep ruling the crisis out in their own words.
    """
    head = text[:MAX_CHECKED_CHARS]
    tokens = normalise(head, dict(rules.spellings))
    words = [word for word, _, _ in tokens]
    triggers, exceptions = _index(rules)
    excused = _spans(exceptions, words, rules.gap, rules.trailing)
    best: Concern | None = None
    found = _spans(triggers, words, rules.gap, rules.trailing)
    ruled_out = [(s, e) for s, e, _, r in found if r.tier == "support"]
    for start, end, _, rule in found:
        if any(s < end and start < e and r is rule for s, e, _, r in excused):
            continue
        if rule.tier != "support" and any(
                s <= start and end <= e and (s, e) != (start, end) for s, e in ruled_out):
            continue
        quote = head[tokens[start][1] : tokens[end - 1][2]]
        if best is None or _TIER_ORDER[rule.tier] < _TIER_ORDER[best.tier]:
            best = Concern(rule.id, rule.tier, quote, rule.help)
            if rule.tier == "crisis":
                break
    return best


def distress_in(text: str, rules: SafetyRules) -> Concern | None:
    """What the safety check notices in a typed line: the rules' concern, else (for the
    built-in rules) the word models', unless the line is only stock refusals and non-answers
    (the models hear "want to" and "not" in "don't want to talk about it", and answering a
    refusal with alarm is wrong): the crisis model only ever asks the gentle question, the
    support model picks the help that fits, asking the question first when the crisis model
    leans that way or asks anyway (a no then brings that help)."""
    found = find_concern(text, rules)
    if found is not None or rules is not builtin_rules():
        return found
    head, spellings = text[:MAX_CHECKED_CHARS], dict(rules.spellings)
    if only_stock_words(head):
        return None  # "don't want to talk about it": a refusal, not a wish; the rules read it
    part = worrying_part(head, spellings)
    kind = support_kind(head, spellings)
    if part:
        # The gentle question; when the support model also hears which help fits, a no
        # brings that help rather than nothing.
        return Concern("word_model", "possible", part, kind or "")
    if not kind:
        return None
    tier = "possible" if leans_to_crisis(head, spellings) else "support"
    return Concern("word_model", tier, one_line(head), kind)


def one_line(text: str) -> str:
    """Words the rep typed, as the coach quotes them back: one line, at most 80 characters."""
    return " ".join(text.split())[:80]


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

THANKS = "Thanks for telling me."
NOT_MEANT = f"{THANKS} If it ever does feel that heavy, type /help-now at any question."
"""After a no to the check; a check that came with support help shows THANKS and that help."""


def checking_line(concern: Concern) -> str:
    """What the coach says before asking whether an ambiguous phrase was meant."""
    quote = one_line(concern.quote)
    return f'You wrote "{quote}". I want to be sure I read that right.'

