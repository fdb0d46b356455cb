"""Coverage of the safety rules, measured on a labelled corpus: recall on distress, false alarms
on sales talk. Run with -s to see the figures and every line the rules get wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.conversation.safety import find_concern
from coach.playbook.safetyrules import SafetyRules, builtin_rules

CORPUS = Path(__file__).parent / "safety_corpus"
MIN_RECALL = 0.95
MAX_FALSE_ALARMS = 0.03


def read_corpus(name: str) -> list[tuple[str, str]]:
    """(category, line) pairs of one corpus file: `[category]` headers, `#` comments."""
    category, lines = "", []
    for raw in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        if text.startswith("[") and text.endswith("]"):
            category = text[1:-1]
            continue
        lines.append((category, text))
    return lines


def measure(rules: SafetyRules, distress: str, sales: str) -> tuple[float, float, list[str]]:
    """Recall on `distress`, the false-alarm rate on `sales`, and the lines it got wrong."""
    missed = [f"missed [{c}] {t}" for c, t in read_corpus(distress) if find_concern(t, rules) is None]
    alarms = [f"false alarm [{c}] {t}" for c, t in read_corpus(sales) if find_concern(t, rules)]
    recall = 1 - len(missed) / len(read_corpus(distress))
    false_alarms = len(alarms) / len(read_corpus(sales))
    return recall, false_alarms, missed + alarms


@pytest.fixture(scope="module")
def rules() -> SafetyRules:
    return builtin_rules()


def test_the_corpus_is_large_enough_and_labelled() -> None:
    distress, sales = read_corpus("distress.txt"), read_corpus("sales.txt")
    assert len(distress) >= 150 and len(sales) >= 150
    assert all(category for category, _ in distress + sales)
    assert len({category for category, _ in distress}) >= 7


def test_the_built_in_rules_are_the_file_not_the_last_resort(rules: SafetyRules) -> None:
    assert rules.path.endswith("safety.yaml") and len(rules.rules) > 1


def _report(distress: str, sales: str, recall: float, false_alarms: float, wrong: list[str]) -> None:
    print(f"\n{distress}: recall {recall:.1%}; {sales}: false alarms {false_alarms:.1%}")
    for line in wrong:
        print("  " + line)


def test_recall_and_false_alarms_on_the_main_corpus(rules: SafetyRules) -> None:
    recall, false_alarms, wrong = measure(rules, "distress.txt", "sales.txt")
    _report("distress.txt", "sales.txt", recall, false_alarms, wrong)
    assert recall >= MIN_RECALL, "\n".join(wrong)
    assert false_alarms <= MAX_FALSE_ALARMS, "\n".join(wrong)


HELD_OUT_RECALL_AT_FREEZE = 0.60
"""The held-out recall when it was first measured. The rules were written with the main corpus
in view, so this is the honest estimate of how they do on phrasings nobody anticipated; it is a
floor against regressions, not a target to tune to (see docs/safety.md)."""

HELD_OUT_FALSE_ALARMS_AT_FREEZE = 0.05
"""The held-out false alarms when first measured (2 of 40: "shoot myself a reminder", "this call
list is suicide"), kept as a ceiling against regressions; the 3% limit binds the main corpus."""


def test_recall_and_false_alarms_on_the_held_out_slice(rules: SafetyRules) -> None:
    names = ("held_out_distress.txt", "held_out_sales.txt")
    recall, false_alarms, wrong = measure(rules, *names)
    _report(*names, recall, false_alarms, wrong)
    assert len(read_corpus(names[0])) >= 40 and len(read_corpus(names[1])) >= 40
    assert recall >= HELD_OUT_RECALL_AT_FREEZE, "\n".join(wrong)
    assert false_alarms <= HELD_OUT_FALSE_ALARMS_AT_FREEZE, "\n".join(wrong)
