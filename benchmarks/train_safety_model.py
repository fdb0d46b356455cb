"""Train the safety check's word model on the project's own corpus and write it as plain JSON.

    python benchmarks/train_safety_model.py [--check]

Positives: crisis lines (tests/safety_corpus/tiers/dev*/crisis.txt and distress.txt); negatives:
ordinary talk and sales idioms (tiers/dev*/ordinary.txt, sales.txt), everyday debrief answers
(tests/answer_corpus/dev*.tsv), sales talk (for the crisis model only: the lines reps write for
the next time an objection comes, comebacks_dev.txt, and the objections they report,
tests/answer_corpus/objections_dev1.tsv) and support lines (tiers/dev*/support.txt, which deserve help, not
the crisis check). The blind parts (tiers/holdout6/,
comebacks_holdout.txt and the held_out_*.txt files) are never read here: they measure the model, they do not train it.

The model is naive Bayes over the presence of words and word pairs (`coach.conversation.
screening.features`), with add-one smoothing; its score only ever triggers the gentle check. Its
threshold is chosen by 5-fold cross-validation on the training lines: the lowest score at which
at most MAX_EXTRA_CHECKS of the other lines the rules let through would be asked about.
The support model (support lines against ordinary talk) is scored per feature, so a long paste
is not loud by its length alone; one scorer per kind (that kind's lines against the other
support lines) then picks the help. Features seen fewer than MIN_COUNT times, or with a
weight under MIN_WEIGHT, are dropped to keep the file small. --check writes nothing and exits 1
if the shipped file differs from what training gives now.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.conversation.safety import find_concern  # noqa: E402
from coach.conversation.screening import features, labelled_lines  # noqa: E402
from coach.playbook.safetyrules import SafetyRules, builtin_rules  # noqa: E402

CORPUS = ROOT / "tests" / "safety_corpus"
ANSWERS = ROOT / "tests" / "answer_corpus"
OUT = ROOT / "playbooks" / "rules" / "safety_model.json"
MAX_EXTRA_CHECKS = 0.01
MAX_EXTRA_SUPPORT = 0.03
KINDS = {"substances": "substances", "panic": "panic", "harassment": "harassment",
         "abuse": "abuse", "sleepfood": "body", "burnout": "burnout"}
"""The corpus's support headers, and the help each names (safetyrules.HELP_KINDS)."""
MIN_COUNT = 2
MIN_WEIGHT = 0.4
FOLDS = 5


def lines(path: Path) -> list[str]:
    return [text for _, text in kinds_of(path)]


def train(rows: list[tuple[set[str], int]]) -> tuple[dict[str, float], float]:
    counts = {0: Counter[str](), 1: Counter[str]()}
    totals = {0: 0, 1: 0}
    for found, label in rows:
        totals[label] += 1
        counts[label].update(found)
    weights = {}
    for feature in set(counts[0]) | set(counts[1]):
        if counts[0][feature] + counts[1][feature] < MIN_COUNT:
            continue
        weight = math.log(((counts[1][feature] + 1) / (totals[1] + 2))
                          / ((counts[0][feature] + 1) / (totals[0] + 2)))
        if abs(weight) >= MIN_WEIGHT:
            weights[feature] = round(weight, 3)
    return weights, round(math.log(totals[1] / totals[0]), 3)


def kinds_of(path: Path) -> list[tuple[str, str]]:
    return labelled_lines(path.read_text(encoding="utf-8"))


def cross_validate(rows: list[tuple[set[str], int, str]], negatives: int, share: float,
                   rules: SafetyRules, normalised: bool = False) -> tuple[float, int, int]:
    """The threshold that keeps extra picks of negatives the rules let through within `share`,
    and how many positives the rules miss that it then finds (of how many), by k-fold. With
    `normalised`, scores are divided by the number of features (the support model's score)."""
    random.Random(7).shuffle(rows)
    held: list[tuple[float, int, str]] = []
    for fold in range(FOLDS):
        weights, bias = train([(f, y) for n, (f, y, _) in enumerate(rows) if n % FOLDS != fold])
        for number, (found, label, text) in enumerate(rows):
            if number % FOLDS == fold:
                total = bias + sum(weights.get(x, 0.0) for x in found)
                held.append((total / max(len(found), 1) if normalised else total, label, text))
    unflagged = sorted((s for s, y, t in held if y == 0 and find_concern(t, rules) is None),
                       reverse=True)
    allowed = int(share * negatives)
    threshold = round(unflagged[allowed] + 0.001, 3) if len(unflagged) > allowed else 0.0
    missed = [(s, t) for s, y, t in held if y == 1 and find_concern(t, rules) is None]
    return threshold, sum(1 for s, _ in missed if s >= threshold), len(missed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the shipped file")
    options = parser.parse_args()
    rules = builtin_rules()
    if not rules.path.endswith("safety.yaml"):
        print("the rules file does not load (run `coach playbooks validate`-style checks on "
              "playbooks/rules/safety.yaml first); not training against the last-resort list")
        return 2
    spellings = dict(rules.spellings)
    names = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7")
    parts = [CORPUS / "tiers" / name for name in names]
    crisis = [text for part in parts for _, text in kinds_of(part / "crisis.txt")]
    crisis += lines(CORPUS / "distress.txt")
    helps = [(KINDS[kind], text) for part in parts for kind, text in kinds_of(part / "support.txt")]
    support = [text for _, text in helps]
    ordinary = [text for part in parts for _, text in kinds_of(part / "ordinary.txt")]
    ordinary += lines(CORPUS / "sales.txt")
    # The lines reps write for the next time an objection comes (comebacks_dev; comebacks_holdout
    # only measures), and the objections they report, in their words (objections_dev1): talk
    # the crisis model must not check. The support model keeps to the lines above, which set
    # where its help begins.
    rows = (ANSWERS / "objections_dev1.tsv").read_text(encoding="utf-8").splitlines()[1:]
    sales_talk = lines(CORPUS / "comebacks_dev.txt") + [
        row.split("\t")[1] for row in rows if row.strip()]
    # Everyday debrief answers (tests/answer_corpus, its development parts): what reps type most.
    for name in ("dev.tsv", "dev2.tsv", "dev3.tsv"):
        rows = (ANSWERS / name).read_text(encoding="utf-8").splitlines()[1:]
        ordinary += [row.split("\t")[1] for row in rows if row.strip() and not row.startswith("#")]

    def featured(texts: list[str], label: int) -> list[tuple[set[str], int, str]]:
        return [(features(text, spellings), label, text) for text in texts]

    other = ordinary + sales_talk + support
    threshold, added, missed = cross_validate(featured(crisis, 1) + featured(other, 0),
                                              len(other), MAX_EXTRA_CHECKS, rules)
    weights, bias = train([(f, y) for f, y, _ in featured(crisis, 1) + featured(other, 0)])
    model: dict[str, object] = {"version": 1, "bias": bias, "threshold": threshold,
                                "weights": dict(sorted(weights.items()))}
    report = [f"{len(crisis)} crisis, {len(support)} support, {len(ordinary)} ordinary lines and "
              f"{len(sales_talk)} of sales talk.",
              f"crisis: {len(weights)} features, threshold {threshold}; in cross-validation it "
              f"asks about {added} of the {missed} crisis lines the rules miss."]
    # Support: distress that is not a crisis, against ordinary talk; its score per feature.
    threshold, added, missed = cross_validate(featured(support, 1) + featured(ordinary, 0),
                                              len(ordinary), MAX_EXTRA_SUPPORT, rules, True)
    weights, bias = train([(f, y) for f, y, _ in featured(support, 1) + featured(ordinary, 0)])
    kinds = {}
    for kind in sorted(set(KINDS.values())):
        mine = [text for each, text in helps if each == kind]
        rest = [text for each, text in helps if each != kind]
        kind_weights, kind_bias = train([(f, y) for f, y, _ in featured(mine, 1) + featured(rest, 0)])
        kinds[kind] = {"bias": kind_bias, "weights": dict(sorted(kind_weights.items()))}
    model["support"] = {"bias": bias, "threshold": threshold,
                        "weights": dict(sorted(weights.items())), "kinds": kinds}
    report.append(f"support: {len(weights)} features, threshold {threshold} per feature; in "
                  f"cross-validation it notices {added} of the {missed} support lines the rules "
                  f"miss, and at most {MAX_EXTRA_SUPPORT:.0%} of the ordinary lines.")
    text = json.dumps(model, separators=(",", ":")) + "\n"
    print("\n".join(report))
    if options.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("the shipped model is up to date" if same else "the shipped model is out of date")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
