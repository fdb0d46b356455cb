"""The feeling in an answer and whom it judges: tone, sarcasm, target and self-labels.

Words are looked up in `lexicon` as typed, by their stem ("idiots" meets "idiot") and, for
longer words, with one letter missing or extra ("stressd", "intrested"), since reps type fast.
A negator turns the next few words round ("not bad", "didn't completely choke") until a linking
word ends its reach. Quoted words are someone else's, so they set neither tone nor target.
Everything is linear in the answer's length; `hearing` puts the parts together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from coach.language import lexicon as lex
from coach.language.stemming import stem

Clause = Sequence[str]
_TYPO_MIN = 6  # shorter words have too many neighbours one letter away
_LONGEST = 8
_LOVE = frozenset({"love", "loved", "loves", "loving", "enjoy", "enjoyed", "enjoys", "enjoying",
                   "adore", "adored", "adores"})
_UNCONDITIONAL = frozenset({
    ("yeah", "right"), ("oh", "sure"), ("as", "if"), ("said", "no", "one", "ever"),
    ("said", "nobody", "ever"), ("love", "that", "for", "me"), ("living", "the", "dream"),
    ("another", "day", "in", "paradise"), ("thanks", "for", "nothing"), ("sure", "jan"),
    ("living", "my", "best", "life"), ("ray", "of", "sunshine"), ("just", "peachy"),
    ("sure", "she", "will"), ("sure", "he", "will"), ("sure", "they", "will"),
    ("never", "better"), ("so", "educational"), ("pure", "gold"), ("so", "there", "is", "that"),
    ("love", "mondays"), ("can", "not", "wait", "to", "do", "this"),
    ("straight", "into", "the", "bin"), ("does", "that", "count"), ("since", "it", "went", "so"),
    ("cool", "cool", "cool"), ("everything", "is", "fine"), ("productive", "use", "of", "my"),
})
_OPINION_VERBS = frozenset({"think", "believe", "reckon", "feel"})
_TURNS = frozenset({"but", "though", "although", "however", "yet"})
"""Words that turn an answer from one side to the other ("friendly but vague")."""
_WINKS = (("obviously",), ("clearly",), ("truly",), ("can", "u", "tell"), ("can", "you", "tell"),
          ("does", "that", "count"), ("so", "accurate"), ("they", "love", "it"))
"""Tails that turn plain praise into irony (with `IRONIC_TAILS` for the stronger words)."""
_CONTRASTS = frozenset({"but", "though", "although", "however", "yet", "least", "still",
                        "while", "until", "till"})
_SELF_LABEL_PHRASES = (
    "i suck", "i am not cut out", "i am just not cut out", "i am not good enough",
    "i am the worst", "i am terrible at", "i am bad at", "i am rubbish at", "i am crap at",
    "i am awful at", "i am useless at", "i am hopeless at", "i am a waste of", "not cut out for",
)
_TAGS = {
    "negative": lex.NEGATIVE, "positive": lex.POSITIVE, "weak": lex.WEAK, "insult": lex.INSULTS,
    "feeling": lex.FEELINGS, "label": lex.LABELS, "interjection": lex.INTERJECTIONS,
    "performance": lex.PERFORMANCE,
}


@cache
def _index() -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """Tags by word and by stem, and each long word's one-letter-short spellings."""
    tags: dict[str, set[str]] = {}
    for tag, words in _TAGS.items():
        for word in words:
            tags.setdefault(word, set()).add(tag)
            tags.setdefault(stem(word), set()).add(tag)
    short: dict[str, str] = {}
    for word in lex.NEGATIVE | lex.POSITIVE | lex.FEELINGS:
        if len(word) >= _TYPO_MIN:
            for at in range(len(word)):
                short.setdefault(word[:at] + word[at + 1:], word)
    return {word: frozenset(found) for word, found in tags.items()}, short


@lru_cache(maxsize=8192)
def tags(word: str) -> frozenset[str]:
    """What the lexicon says of one word: "negative", "insult", "feeling"... (empty if nothing)."""
    index, short = _index()
    found = (index.get(word) or frozenset()) | (index.get(stem(word)) or frozenset()) or None
    if found is None and len(word) >= _TYPO_MIN and word.isalpha():
        typo = short.get(word)  # a letter missing: "stressd"
        if typo is None and len(word) > _TYPO_MIN:  # a letter too many: "stresssed"
            typo = next((word[:at] + word[at + 1:] for at in range(len(word))
                         if word[:at] + word[at + 1:] in index), None)
        found = index.get(typo) if typo is not None else None
    return found or frozenset()


def phrase_at(clause: Clause, at: int, phrases: frozenset[tuple[str, ...]]) -> int:
    """The length of the longest phrase of `phrases` starting at `at`, or 0."""
    for size in range(min(_LONGEST, len(clause) - at), 0, -1):
        if tuple(clause[at:at + size]) in phrases:
            return size
    return 0


def has(clause: Clause, phrases: Iterable[tuple[str, ...]] | Iterable[str]) -> bool:
    joined = f" {' '.join(clause)} "
    return any(f" {phrase if isinstance(phrase, str) else ' '.join(phrase)} " in joined
               for phrase in phrases)


def negated(clause: Clause, at: int) -> bool:
    """Whether a negator before `at` turns it round: within NEGATION_REACH words, or anywhere
    before it in the clause after "don't think" ("I don't think I did anything wrong")."""
    for back in range(at - 1, -1, -1):
        word = clause[back]
        if word in lex.NEGATION_STOPS:
            return False
        if word in lex.NEGATORS:
            near = back >= at - lex.NEGATION_REACH
            return near or (back + 1 < len(clause) and clause[back + 1] in _OPINION_VERBS)
    return False


def clause_scores(clause: Clause) -> tuple[float, float]:
    """The good and the bad in one clause, with negation read; after "but" counts double."""
    good = bad = 0.0
    at, weight = 0, 1.0
    while at < len(clause):
        word, value = clause[at], 0.0
        if word in {"but", "though", "although", "however", "yet"}:
            weight = 1.5
        if size := phrase_at(clause, at, lex.NEUTRAL_PHRASES):
            pass
        elif size := phrase_at(clause, at, lex.PHRASES_NEGATIVE):
            value = -1.0
        elif size := phrase_at(clause, at, lex.PHRASES_POSITIVE):
            value = 1.0
        else:
            size, found = 1, tags(word)
            if "negative" in found and not (word in lex.NEGATORS and at + 1 < len(clause)):
                value = -1.0
            elif "positive" in found:
                value = 1.0
            if "weak" in found and not negated(clause, at):
                value /= 2  # "fine" is half a feeling; "not fine" is a whole one
        if value and word not in lex.NEGATORS and negated(clause, at):
            value = -value * 0.75
        if value > 0:
            good += value * weight
        else:
            bad -= value * weight
        at += size
    return good, bad


def tone_of(clauses: Sequence[Clause], bad: float = 0.0) -> str:
    """The tone of the clauses; `bad` is what the caller already found (a "not really" that
    opens an answer which then names something). Plain bad news ("he said no") is neutral on
    its own, and the bad half of an answer that sets it against something ("... although he
    still said no")."""
    good = 0.0
    contrasted = any(word in _CONTRASTS or word == "anyway" for clause in clauses
                     for word in clause) or has([w for c in clauses for w in c], (("even", "if"),))
    turned = any(word in _TURNS for clause in clauses for word in clause) or has(
        [w for c in clauses for w in c], (("even", "if"),))
    for clause in clauses:
        more, less = clause_scores(clause)
        good, bad = good + more, bad + less
        if contrasted and has(clause, lex.EVENTS):
            bad += 0.5
        if len(clause) > 1 and clause[-1] == "not" and clause[-2] in {"was", "is", "were", "did"}:
            bad += 0.5  # "the gatekeeper was lovely, the manager was not"
    if turned and (good >= 0.5) != (bad >= 0.5):
        return "mixed"  # a turn ("friendly but vague") with one side in words it knows
    if good >= 0.5 and bad >= 0.5:
        return "mixed"
    if bad >= 0.5:
        return "negative"
    return "positive" if good >= 0.5 else "neutral"


def _interjection_only(clause: Clause) -> bool:
    core = [word for word in clause if word not in lex.INTERJECTION_LEADS]
    return 1 <= len(core) <= 2 and (core[0] in lex.INTERJECTIONS or core[0] in lex.IRONY) and all(
        word in lex.INTERJECTIONS or word in lex.IRONY
        or word in {"stuff", "times", "day", "news", "start"} for word in core)


def _bad_news(clauses: Sequence[Clause]) -> bool:
    return any(clause_scores(clause)[1] >= 0.5 or has(clause, lex.EVENTS) for clause in clauses)


def sarcastic(clauses: Sequence[Clause]) -> bool:
    everything = [word for clause in clauses for word in clause]
    if has(everything, _UNCONDITIONAL):
        return True
    if clauses[-1] == ["not"] and len(clauses) > 1:
        return any(clause_scores(clause)[0] > 0 for clause in clauses[:-1])  # "fantastic. not."
    praised = [word for word in everything if word in lex.IRONY]
    phrased = has(everything, lex.IRONY_PHRASES)
    plain_praise = [at for at, word in enumerate(everything)
                    if "positive" in tags(word) and "weak" not in tags(word)]
    if plain_praise and not negated(everything, plain_praise[0]) and has(everything, _WINKS):
        return True  # "SO competitive, obviously", "he clearly adored me", "can u tell"
    if phrased or (praised and not negated(everything, everything.index(praised[0]))):
        if (has(everything, lex.IRONIC_TAILS) or len(praised) > len(set(praised))
                or everything[0] in lex.IRONIC_LEADS):
            return True  # "a triumph obviously", "thrilled. absolutely thrilled.", "sure, great"
        if _bad_news(clauses) and not any(word in _CONTRASTS for word in everything):
            return True  # "loved how he put me on hold and then hung up"
    if len(clauses) > 1 and all(_interjection_only(clause) for clause in clauses):
        return True  # "Fantastic. Absolutely thrilled."
    for number, clause in enumerate(clauses):
        rest = [c for n, c in enumerate(clauses) if n != number]
        if _interjection_only(clause) and _bad_news(rest):
            return True  # "great, another no"
        if has(clause, lex.SARCASM_MARKERS) and (_bad_news(rest) or _bad_news([
                [w for w in clause if "positive" not in tags(w)]])):
            return True
        for at, word in enumerate(clause):
            if word in _LOVE and not negated(clause, at):
                after = clause[at + 1:at + 6]
                if any("negative" in tags(w) and "weak" not in tags(w) for w in after) or has(
                        after, lex.EVENTS) or has(after, lex.PHRASES_NEGATIVE):
                    return True  # "love getting hung up on"
    return False


def labels_self(clause: Clause) -> bool:
    """Whether the rep calls themself a name in this clause ("I'm an idiot")."""
    for at, word in enumerate(clause):
        if "label" not in tags(word):
            continue
        before = clause[max(at - 5, 0):at]
        for size in range(len(before), 0, -1):
            lead = tuple(before[-size:])
            if lead in lex.LABEL_LEADS and not negated(clause, at - size):
                return not (lead[0] in {"such", "what"} and _names_someone_else(clause))
    return has(clause, _SELF_LABEL_PHRASES)


def _names_someone_else(clause: Clause) -> bool:
    return any(word in lex.PROSPECT_WORDS or word in lex.OTHER_WORDS for word in clause) and \
        not any(word in {"i", "me", "myself"} for word in clause)


def subject(clause: Clause) -> str:
    """Whom a clause is about: the first person or party it names ("none" if nobody)."""
    for at, word in enumerate(clause):
        following = clause[at + 1] if at + 1 < len(clause) else ""
        if word in {"their", "his", "her"} and following in lex.OTHER_WORDS:
            return "prospect"
        if word in {"my", "our", "the"} and following in lex.OTHER_WORDS:
            return "other"
        if word in {"my", "our"} and following in lex.PROSPECT_WORDS:
            return "prospect"  # "my prospect"
        if word in {"my", "myself", "i", "me", "stop"} or (word == "the" and
                                                            "performance" in tags(following)):
            return "self"  # "stop being such a pushover" is said to oneself
        if word in lex.PROSPECT_WORDS:
            return "prospect"
        if word in lex.OTHER_WORDS:
            return "other"
    return "none"


def _parts(clause: Clause) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    for word in clause:
        if word in {"but", "though", "although", "and", "then", "so"} and parts[-1]:
            parts.append([])
        else:
            parts[-1].append(word)
    return [part for part in parts if part]


def about(clauses: Sequence[Clause], labelled: bool) -> str:
    """Whom the judgement in an answer is aimed at: "self", "prospect", "other" or "none"."""
    weights = {"self": 2.0 if labelled else 0.0, "prospect": 0.0, "other": 0.0}
    order: list[str] = ["self"] if labelled else []
    for clause in clauses:
        for part in _parts(clause):
            for target, amount in _judgements(part):
                weights[target] += amount
                if target not in order:
                    order.append(target)
    top = max(weights.values())
    return "none" if top <= 0 else next(target for target in order if weights[target] == top)


def _judgements(part: Clause) -> list[tuple[str, float]]:
    """(target, weight) for each judging word of one part of a clause."""
    words = _without(part, lex.NOT_SUBJECTS)
    who = subject(words)
    if who == "self" and {"will", "going", "try", "gonna"} & set(words):
        who = "none"  # a plan ("I will ask first") judges nobody
    found: list[tuple[str, float]] = []
    if has(words, lex.SELF_BLAME):
        found.append(("self", 1.0))
    if has(words, lex.PROSPECT_BLAME):
        found.append(("prospect", 1.0))
    if who != "none" and has(words, lex.PHRASES_NEGATIVE):
        found.append((who, 1.0))  # "my manager keeps breathing down my neck"
    performance = any("performance" in tags(word) for word in words)
    for at, word in enumerate(words):
        kinds = tags(word)
        if "insult" in kinds and "weak" not in kinds:
            found.append((who if who != "none" else "prospect", 1.0))
        elif "feeling" in kinds:
            following = words[at + 1:at + 5]
            if {"at", "with", "in", "by"} & set(following[:2]):
                target = subject(following)
                if target != "none":
                    found.append((target, 1.0))
        elif "weak" in kinds or who == "none":
            continue
        elif who == "self" and ("negative" in kinds or "performance" in kinds
                                or ("positive" in kinds and performance)):
            found.append(("self", 1.0))
        elif who != "self" and ("negative" in kinds or word in lex.PRAISE_OF_PEOPLE):
            found.append((who, 1.0))
    return found


def _without(words: Clause, phrases: frozenset[tuple[str, ...]]) -> list[str]:
    kept: list[str] = []
    at = 0
    while at < len(words):
        size = phrase_at(words, at, phrases)
        if size:
            at += size
        else:
            kept.append(words[at])
            at += 1
    return kept
