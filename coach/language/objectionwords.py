"""Which common objection a rep's own words name ("email it over pls" -> email), or none.

A rep who types what the prospect said instead of picking one of the common objections still
gets the book's grouping, the earlier answers and the team's counts. The words are read by stems
(so "emailing", "emailed" and "email" meet), a clause at a time:

- each objection has cue phrases, some stronger than others (`CUES`);
- a clause that says a cue is not the problem ("price isn't the issue", "we have the budget",
  "don't email me") counts that clause's cues against their objection, not for it;
- when two objections are named, the later clause counts a little more: reps tell the call in
  order, and the one that ended it usually comes last ("not interested right now, try me next
  quarter" is a "call me later").

Pure and small: text in, a key of `KEYS` or None out. Tuned on tests/answer_corpus/
objections_dev1.tsv and measured blind on the holdouts beside it (tests/test_objection_words.py).
"""

from __future__ import annotations

import re
from functools import cache

from coach.language.words import Word, words

KEYS = ("email", "not_interested", "later", "incumbent", "budget", "price", "not_decider")

_MONTHS = ("january february march april may june july august september october november "
           "december jan feb mar apr jun jul aug sep sept oct nov dec")
_DAYS = "monday tuesday wednesday thursday friday saturday sunday tomorrow tonight"

# Cue phrases per objection: a strong cue (2) names it alone, a weak one (1) leans towards it.
CUES: dict[str, dict[str, int]] = {
    "email": {
        **dict.fromkeys(("email", "e mail", "mail me", "mail it", "mail the", "in writing",
                         "brochure", "deck", "literature", "catalogue", "catalog", "pdf",
                         "one pager", "inbox", "drop me a line", "message me", "send me",
                         "send it", "send over", "send the", "send some", "send a", "send your",
                         "send stuff", "send info", "send him", "send her", "send them",
                         "send us", "leaflet", "flyer", "written", "link"), 2),
        **dict.fromkeys(("info", "information", "details", "read", "summary", "website",
                         "linkedin", "material", "post"), 1),
    },
    "not_interested": {
        **dict.fromkeys(("not interested", "not intrested", "no interested", "not for us",
                         "no thank", "no thx", "not need", "dont need", "do not need",
                         "no need", "we are good", "we are fine", "we are ok", "we are all good",
                         "all good", "we will pass", "pass", "not something", "not relevant",
                         "not our thing", "not really our", "flat out no", "take me off",
                         "remove me", "dont want", "do not want", "not want", "didnt want",
                         "not look", "doesnt see", "no use for", "answer is no",
                         "not ever", "no we are", "thank but no"), 2),
        **dict.fromkeys(("no", "nope", "nah", "fine thank", "good thank", "ok thank", "said no",
                         "no and"), 1),
    },
    "later": {
        **dict.fromkeys(("later", "call back", "call me back", "call him back", "ring back",
                         "ring me", "try again", "try me", "try him", "try her", "try us",
                         "call again", "call him", "call me in", "call me on", "call me when",
                         "call in", "next week", "next month", "next quarter", "next year",
                         "new year", "in a meeting", "into a meeting", "busy", "slammed", "bad time",
                         "not a good time", "good time", "not now", "not today",
                         "another time", "another day", "after the", "holiday", "in an hour",
                         "come back", "revisit", "catch me", "driving", "on leave", "away",
                         "this week", "end of month", "end of the month", "few month",
                         "in a month", "q1", "q2", "q3", "q4", "autumn",
                         "fall", "spring", "summer", "winter", "mid", "middle", "year end", *_DAYS.split(),
                         *_MONTHS.split()), 2),
        **dict.fromkeys(("now", "today", "time", "call", "ring", "try", "right now",
                         "at the moment", "rn", "atm", "month", "week"), 1),
    },
    "incumbent": {
        **dict.fromkeys(("already use", "already have", "already work", "already sort",
                         "already got", "already", "use someone", "someone else",
                         "someone for that", "got someone", "got a guy", "provider", "supplier",
                         "vendor", "agency", "in house", "inhous", "own team", "our own",
                         "their own", "there own", "contract", "lock in", "locked in",
                         "tie in", "tied in", "tied into", "signed with", "sign with", "sorted",
                         "happy with", "current", "competitor", "partner", "outsource",
                         "built our own", "deal with someone", "switch", "existing", "been with",
                         "stay with", "staying with", "use an other", "use anoth",
                         "use whoever", "it guy", "devs", "team of", "through our",
                         "free through", "brother in law", "we are with", "with bt",
                         "leave their", "has a deal"), 2),
        **dict.fromkeys(("use", "have", "got", "guy", "team"), 1),
    },
    "budget": {
        **dict.fromkeys(("budget", "no money", "money", "fund", "afford", "freeze", "frozen",
                         "skint", "broke", "cash", "spend", "cost cut", "tight", "penny",
                         "cupboard", "layoff", "on hold", "justify", "well", "run dry",
                         "no cash", "tight year"), 2),
        **dict.fromkeys(("finance", "cut"), 1),
    },
    "price": {
        **dict.fromkeys(("expensive", "price", "pricey", "cost", "too much", "cheaper", "cheap",
                         "fee", "rate", "quote", "overpriced", "dear", "steep", "pay that",
                         "worth the money", "worth that", "not worth", "robbery", "5k", "half",
                         "a month", "per month", "charge", "lot of money", "that much",
                         "pay more", "less"), 2),
        **dict.fromkeys(("pay", "worth"), 1),
    },
    "not_decider": {
        **dict.fromkeys(("decision", "decide", "my boss", "the boss", "my manager", "head office",
                         "hq", "procurement", "purchase", "buy", "ceo", "md", "owner", "director",
                         "board", "pay grade", "up to me", "my call", "not my", "sign off",
                         "signs off", "wrong person", "speak to", "talk to", "receptionist",
                         "temp", "junior", "parent company", "central", "choose", "my husband",
                         "my wife", "franchise", "committee", "above me", "run it by",
                         "ask my", "ask the", "manager", "it depart", "go through", "not the one",
                         "get a say", "whoever", "regional", "just work here",
                         "doesnt matter"), 2),
        **dict.fromkeys(("boss", "ask", "office"), 1),
    },
}

# A clause that says a cue is not the problem: its cues count against their objection.
_NOT_THE_PROBLEM = ("is not the problem", "is not the issue", "not the problem", "not the issue",
                    "is fine", "is ok", "not about", "doesnt matter", "does not matter",
                    "we have the", "we could afford", "could afford", "can talk about",
                    "we can talk", "no point", "or not")
# Said before a cue, these turn it down ("don't email me", "no need to send anything").
_DONT = ("dont", "do not", "no need to", "not to", "dont bother", "didnt even",
         "didnt")

_TURNED_DOWN = ("email", "later", "price")
"""The objections a "don't" before a cue turns down ("don't email", "don't call back")."""

_CLAUSE = re.compile(r"[,.;:!?()\[\]–—]+|\s-\s|\s+but\s+|\s+and anyway\s+|\s+anyway\s+",
                     re.IGNORECASE)
LONGER_CUE = 0.25
"""What each word of a cue beyond its first adds to its weight: the more specific cue wins."""
LATER_CLAUSE = 1.25
"""How much more each later clause counts than the one before it."""


@cache
def _stemmed(phrase: str) -> tuple[str, ...]:
    return tuple(word.stem for word in words(phrase))


def _positions(found: tuple[str, ...], run: tuple[str, ...]) -> list[int]:
    size = len(run)
    return [start for start in range(len(found) - size + 1) if found[start:start + size] == run]


@cache
def _longest_first(key: str) -> tuple[tuple[tuple[str, ...], int], ...]:
    """The objection's cues as runs of stems with their weights, the longest first."""
    runs = [(_stemmed(phrase), weight) for phrase, weight in CUES[key].items()]
    return tuple(sorted((item for item in runs if item[0]), key=lambda item: -len(item[0])))


@cache
def _not_the_problem() -> tuple[tuple[str, ...], ...]:
    return tuple(run for run in map(_stemmed, _NOT_THE_PROBLEM) if run)


def _stem(word: Word) -> str:
    # "business" and "busy" share the stem "busi"; only one of them is a "call me later".
    return "business" if word.text.lower().startswith("business") else word.stem


def _clause_scores(clause: str) -> dict[str, float]:
    """Each objection's evidence in one clause: its cues' weights added up (a longer cue counts
    a little more, so "cost cutting" is budget before "cost" is price), turned against it where
    the clause says it is not the problem, or a "don't" comes just before."""
    found = tuple(_stem(word) for word in words(clause))
    if not found:
        return {}
    present = set(found)  # a cue whose first stem is not here cannot match: skipped cheaply
    flipped = any(run[0] in present and _positions(found, run) for run in _not_the_problem())
    scores: dict[str, float] = {}
    for key in CUES:
        total = 0.0
        covered: set[int] = set()  # words a longer cue of this objection already counted
        for run, weight in _longest_first(key):
            if run[0] not in present:
                continue
            starts = [start for start in _positions(found, run)
                      if not covered.issuperset(range(start, start + len(run)))]
            if not starts:
                continue
            covered.update(range(starts[0], starts[0] + len(run)))
            before = " ".join(found[max(0, starts[0] - 3):starts[0]])
            turned = key in _TURNED_DOWN and any(f" {word} " in f" {before} " for word in _DONT)
            total += (-1 if turned else 1) * (weight + LONGER_CUE * (len(run) - 1))
        if total:
            scores[key] = -abs(total) if flipped and key != "not_decider" else total
    return scores


def objection_key(text: str) -> str | None:
    """The common objection `text` names (a key of KEYS), or None when it names none of them."""
    totals: dict[str, float] = {}
    clauses = [part for part in _CLAUSE.split(text) if part and part.strip()]
    for number, clause in enumerate(clauses):
        weight = LATER_CLAUSE ** number
        for key, score in _clause_scores(clause).items():
            totals[key] = totals.get(key, 0.0) + score * weight
    best = max(totals.items(), key=lambda item: (item[1], -KEYS.index(item[0])), default=None)
    return best[0] if best is not None and best[1] >= 2 else None
