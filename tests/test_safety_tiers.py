"""The three tiers measured on the corpus written blind for them (tests/safety_corpus/tiers/).

Each part has crisis.txt (must be noticed: help at once, or the gentle check), support.txt
(must get fitting help, not the crisis lines) and ordinary.txt (sales idioms and frustration:
at most a gentle question, rarely even that). Run with -s for the figures and every miss.

- dev/ to dev6/: development data. dev2 to dev6 were each written as a blind part and measured
  once, as they came out, before anything was tuned on them:
    dev2 (rules only):                  crisis 62.9% noticed, support 20.2% fitting help,
                                        idioms 0.4% help and 2.4% any check;
    dev3 (rules + crisis model):        crisis 83.5%, support 44.7%, idioms 0.0% and 2.1%;
    dev4 (then called holdout2):        crisis 83.5%, support 35.2%, idioms 0.0% and 1.8%;
    dev5 (then holdout3; + support model): crisis 90.3%, support 70.6%, idioms 0.3% and 2.0%;
    dev6 (then holdout4):               crisis 92.5%, support 65.6%, idioms 0.0% and 1.8%.
  The rules and the word models were then widened on them.
- holdout5/: written after that, by someone who had read none of it. Its first run is kept as
  floors (docs/safety.md reports it); one change was made after seeing its figures (support the
  crisis model leans towards is asked about first), so its later figures are no longer blind.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from coach.conversation.safety import distress_in
from coach.conversation.screening import labelled_lines
from coach.playbook.safetyrules import builtin_rules

TIERS = Path(__file__).parent / "safety_corpus" / "tiers"


def _lines(path: Path) -> list[tuple[str, str]]:
    return labelled_lines(path.read_text(encoding="utf-8"))


def measure(*parts: str) -> dict[str, float]:
    """Crisis noticed, support met with its help, idioms given help or any check at all."""
    rules = builtin_rules()
    counts: Counter[str] = Counter()
    misses: list[str] = []
    for part in parts:
        for name in ("crisis", "support", "ordinary"):
            for kind, text in _lines(TIERS / part / f"{name}.txt"):
                found = distress_in(text, rules)
                tier = found.tier if found else "none"
                counts[name] += 1
                counts["noticed"] += name == "crisis" and tier in ("crisis", "possible")
                counts["helped"] += name == "support" and tier == "support"
                counts["checked"] += name == "ordinary" and tier != "none"
                counts["alarmed"] += name == "ordinary" and tier == "crisis"
                wrong = {"crisis": tier not in ("crisis", "possible"),
                         "support": tier != "support", "ordinary": tier != "none"}[name]
                if wrong:
                    misses.append(f"{name} [{kind}] {tier}: {text}")
    print(f"\n{'+'.join(parts)}: " + ", ".join(f"{key} {value}" for key, value in counts.items()))
    print("\n".join("  " + line for line in misses))
    return {"crisis": counts["noticed"] / counts["crisis"],
            "support": counts["helped"] / counts["support"],
            "idiom_help": counts["alarmed"] / counts["ordinary"],
            "idiom_checks": counts["checked"] / counts["ordinary"]}


def test_each_part_is_big_enough_and_labelled() -> None:
    for part in ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "holdout5"):
        crisis, support = _lines(TIERS / part / "crisis.txt"), _lines(TIERS / part / "support.txt")
        ordinary = _lines(TIERS / part / "ordinary.txt")
        assert len(crisis) >= 200 and len(support) >= 80 and len(ordinary) >= 240, part
        assert len({kind for kind, _ in crisis}) >= 10 and all(kind for kind, _ in crisis)


def test_the_development_parts_meet_the_targets() -> None:
    found = measure("dev", "dev2", "dev3", "dev4", "dev5", "dev6")
    assert found["crisis"] >= 0.95 and found["support"] >= 0.90, found
    assert found["idiom_help"] <= 0.01 and found["idiom_checks"] <= 0.05, found


HOLDOUT_FIRST_RUN = {"crisis": 0.860, "support": 0.805, "idiom_help": 0.0, "idiom_checks": 0.056}
"""holdout5 the first time it was run: crisis 190 of 221 noticed, support 161 of 200 met with
its help, no crisis help on the 302 ordinary lines and 17 checks (docs/safety.md reports it).
The idiom targets hold on these unseen lines; crisis (90%) and support (85%) did not. After it,
support the crisis model leans towards is asked about first: crisis 90.0%, support 75.0%."""


def test_the_holdout_keeps_what_it_first_measured() -> None:
    found = measure("holdout5")
    assert found["crisis"] >= 0.90 - 0.02, found
    assert found["support"] >= 0.75 - 0.02, found
    assert found["idiom_help"] <= HOLDOUT_FIRST_RUN["idiom_help"] + 0.01, found
    assert found["idiom_checks"] <= HOLDOUT_FIRST_RUN["idiom_checks"] + 0.02, found
    # The targets of issue 23 that it meets on unseen lines:
    assert found["idiom_help"] <= 0.02 and found["idiom_checks"] <= 0.08, found
