"""Which common objection a rep's own words name (coach/language/objectionwords.py), measured
on labelled corpora a helper wrote without reading the rules.

- objections_dev1.tsv: blind when written; the rules were then tuned on it (development data).
- objections_holdout2.tsv: blind, measured once after tuning (79.8%); not tuned on since (a fix
  for cues counted twice, "right now" and "now", found by a unit test, moved it to 80.1%).

Run with -s to see the figures: `python -m pytest tests/test_objection_words.py -s`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from coach.language.objectionwords import KEYS, objection_key
from coach.review.objections import OBJECTIONS

CORPUS = Path(__file__).parent / "answer_corpus"
FLOORS = {"objections_dev1.tsv": 0.88, "objections_holdout2.tsv": 0.78}
"""Each corpus's share read right must not fall below this (a little under what was measured)."""


def _rows(name: str) -> list[tuple[str, str]]:
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()[1:]
    return [(label, words) for label, words in (line.split("\t") for line in lines)]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_objections_in_the_reps_words_are_read_right(name: str) -> None:
    right: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for label, words in _rows(name):
        seen[label] += 1
        right[label] += (objection_key(words) or "other") == label
    share = sum(right.values()) / sum(seen.values())
    print(f"\n{name}: {sum(right.values())} of {sum(seen.values())} ({share:.1%}); "
          + ", ".join(f"{label} {right[label]}/{seen[label]}" for label in seen))
    assert share >= FLOORS[name]
    # No objection is left behind: each is read right in most of its lines.
    assert all(right[label] / seen[label] >= 0.6 for label in seen), (right, seen)


@pytest.mark.parametrize(("words", "key"), [
    ("pls just email it over", "email"),
    ("money isn't the problem, we're locked in with another agency", "incumbent"),
    ("not interested right now, try me next quarter", "later"),
    ("we've got the budget but your price is way too high", "price"),
    ("don't email me, talk to my boss", "not_decider"),
    ("the business is doing fine thanks, we don't need it", "not_interested"),
    ("we're being acquired", None),
    ("", None),
])
def test_clear_cases(words: str, key: str | None) -> None:
    assert objection_key(words) == key


def test_the_keys_are_the_books() -> None:
    assert tuple(OBJECTIONS) == KEYS
