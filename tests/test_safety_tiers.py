"""The three tiers measured on the corpus written blind for them (tests/safety_corpus/tiers/).

Each part has crisis.txt (must be noticed: help at once, or the gentle check), support.txt
(must get fitting help, not the crisis lines) and ordinary.txt (sales idioms and frustration:
at most a gentle question, rarely even that). Run with -s for the figures and every miss.

- dev/ to dev7/: development data. dev2 to dev7 were each written as a blind part and measured
  once, as they came out, before anything was tuned on them:
    dev2 (rules only):                  crisis 62.9% noticed, support 20.2% fitting help,
                                        idioms 0.4% help and 2.4% any check;
    dev3 (rules + crisis model):        crisis 83.5%, support 44.7%, idioms 0.0% and 2.1%;
    dev4 (then called holdout2):        crisis 83.5%, support 35.2%, idioms 0.0% and 1.8%;
    dev5 (then holdout3; + support model): crisis 90.3%, support 70.6%, idioms 0.3% and 2.0%;
    dev6 (then holdout4):               crisis 92.5%, support 65.6%, idioms 0.0% and 1.8%;
    dev7 (then holdout5):               crisis 86.0%, support 80.5%, idioms 0.0% and 5.6%.
  The rules and the word models were then widened on them.
- holdout6/: written after that, by someone who had read none of it, and measured once. Nothing
  was changed after seeing its figures; its first run is kept as floors (docs/safety.md reports
  it). The next round of work should make it a development part and have a new one written.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from coach.conversation.safety import distress_in
from coach.conversation.screening import labelled_lines
from coach.playbook.safetyrules import builtin_rules

TIERS = Path(__file__).parent / "safety_corpus" / "tiers"
DEVELOPMENT = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7")


def _lines(path: Path) -> list[tuple[str, str]]:
    return labelled_lines(path.read_text(encoding="utf-8"))


def measure(*parts: str) -> dict[str, float]:
    """Crisis noticed, support met with its help (at once, or after the check), idioms given help
    or any check at all."""
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
                # The gentle check first, the fitting help after the rep's no:
                counts["asked"] += name == "support" and tier == "possible" and bool(found.help)
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
            "support_after_check": (counts["helped"] + counts["asked"]) / counts["support"],
            "idiom_help": counts["alarmed"] / counts["ordinary"],
            "idiom_checks": counts["checked"] / counts["ordinary"]}


def test_each_part_is_big_enough_and_labelled() -> None:
    for part in (*DEVELOPMENT, "holdout6"):
        crisis, support = _lines(TIERS / part / "crisis.txt"), _lines(TIERS / part / "support.txt")
        ordinary = _lines(TIERS / part / "ordinary.txt")
        assert len(crisis) >= 200 and len(support) >= 80 and len(ordinary) >= 240, part
        assert len({kind for kind, _ in crisis}) >= 10 and all(kind for kind, _ in crisis)


def test_the_development_parts_meet_the_targets() -> None:
    found = measure(*DEVELOPMENT)
    assert found["crisis"] >= 0.95 and found["support"] >= 0.90, found
    assert found["idiom_help"] <= 0.01 and found["idiom_checks"] <= 0.05, found


HOLDOUT_FIRST_RUN = {"crisis": 0.917, "support": 0.848, "support_after_check": 0.902,
                     "idiom_help": 0.0, "idiom_checks": 0.050}
"""holdout6 the one time it was run before anything could be tuned on it: crisis 211 of 230
noticed, support 173 of 204 met with its help at once (184 of 204 counting the 11 asked about
first, whose help follows the rep's no), no crisis help on the 320 ordinary lines and 16 checks.
The targets of issue 23 hold on it except support at once (85%), short by one line."""


def test_the_holdout_keeps_what_it_first_measured() -> None:
    found = measure("holdout6")
    for name in ("crisis", "support", "support_after_check"):
        assert found[name] >= HOLDOUT_FIRST_RUN[name] - 0.02, found
    for name in ("idiom_help", "idiom_checks"):
        assert found[name] <= HOLDOUT_FIRST_RUN[name] + 0.01, found
    # The targets of issue 23 that it meets on unseen lines:
    assert found["crisis"] >= 0.90 and found["support_after_check"] >= 0.85, found
    assert found["idiom_help"] <= 0.02 and found["idiom_checks"] <= 0.08, found


COMEBACKS = {"comebacks_dev.txt": 0.02, "comebacks_holdout.txt": 0.05}
"""The lines reps write for the next time an objection comes ("what would make it worth
opening?"), which the word model is trained not to check (comebacks_dev) and measured on
(comebacks_holdout, blind). Before that training the holdout drew a check or help on 32 of its
250 lines (12.8%); after it, on 9 (3.6%). The share of lines checked must stay under these."""


@pytest.mark.parametrize("name", sorted(COMEBACKS))
def test_lines_for_the_next_objection_are_not_taken_for_distress(name: str) -> None:
    rules = builtin_rules()
    lines = [line.strip() for line in (TIERS.parent / name).read_text(encoding="utf-8").splitlines()
             if line.strip()]
    flagged = [line for line in lines if distress_in(line, rules) is not None]
    print(f"\n{name}: {len(flagged)} of {len(lines)} checked ({len(flagged) / len(lines):.1%})")
    assert len(flagged) / len(lines) <= COMEBACKS[name], flagged
