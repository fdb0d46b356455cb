"""Hostile playbook benchmark: the worst playbook `validate` accepts, against a long answer.

A shared playbook must never make the coach hang. This script writes the most expensive
playbook the checks let through (the file size limit, the most keywords and patterns a step may
have, each pattern shaped to cost the most per word, conditions and replies that read the whole
answer), loads it the way `coach run` does, and times the coach's reply to answers that make
those patterns work hardest: 5,000 characters of one repeated word, the same with a clause
break before each word, and a long everyday answer. It exits with code 1 when the playbook is
refused (the benchmark would measure nothing) or when any reply takes longer than the budget.

    python benchmarks/bench_hostile.py [--budget 1.0] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

from coach.conversation.engine import Conversation
from coach.language.matching import MAX_CAPTURE_WORDS, MAX_WILDCARDS
from coach.playbook.library import load_library
from coach.playbook.schema import MAX_PHRASES_PER_STEP
from coach.review.stats import compute_stats

ANSWERS = {
    "one word, 5,000 characters": ("a " * 2_500).strip(),
    "one word per clause": ("a, " * 1_667).strip(),
    "everyday, 5,000 characters": (
        "She said the budget is frozen until next quarter and I pushed too hard on price, "
        "but I did get the name of the person who signs off. "
    ) * 36,
}


def hostile_playbook() -> str:
    """One text step whose replies hold as many costly patterns as a step may have."""
    # "a * a * a * b": the first word is found at every position of a one-word answer, each
    # wildcard then scans its full width, and the last literal never comes.
    shape = " * ".join(["a"] * MAX_WILDCARDS + ["b"])
    per_response = 10
    responses = []
    for number in range(MAX_PHRASES_PER_STEP // per_response):
        patterns = ", ".join(f'"{shape} w{number}x{index}"' for index in range(per_response))
        responses.append(
            f"      - patterns: [{patterns}]\n"
            f"        when: \"answer | length > {number}\"\n"
            f"        say: [\"{{{{ answer | reflect }}}} {number}\", \"{{{{ match }}}}\","
            f" \"{{{{ answer | replace('a', 'b') | truncate(200) }}}}\"]\n"
        )
    return (
        "id: hostile\ntitle: Hostile\nsteps:\n  - id: what\n    ask: \"What happened?\"\n"
        "    respond:\n" + "".join(responses)
        + "      - fallback: true\n        say: [\"Heard.\", \"Got it.\", \"Thanks.\"]\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=1.0, help="seconds a reply may take")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hostile.yaml"
        path.write_text(hostile_playbook(), encoding="utf-8")
        started = time.perf_counter()
        library = load_library(Path(folder))
        loaded = time.perf_counter() - started
    if library.problems or "hostile" not in library.playbooks:
        print("The hostile playbook was refused, so this measures nothing:", file=sys.stderr)
        for problem in library.problems[:5]:
            print(f"  {problem}", file=sys.stderr)
        return 1
    phrases = sum(len(r.matchers) for r in library.playbooks["hostile"].steps[0].responses)
    print(f"hostile playbook: {len(hostile_playbook().encode())}"
          f" bytes, {phrases} patterns of {MAX_WILDCARDS} wildcards "
          f"(up to {MAX_CAPTURE_WORDS} words each); loaded and checked in {loaded:.2f} s")
    stats = compute_stats([], [], datetime.now(timezone.utc))
    missed = False
    for name, answer in ANSWERS.items():
        timings = []
        for _ in range(options.runs):
            conversation = Conversation(library.playbooks["hostile"], library.playbooks, stats,
                                        date.today())
            started = time.perf_counter()
            replied = conversation.answer(answer)
            timings.append(time.perf_counter() - started)
        median = statistics.median(timings)
        verdict = "ok" if median <= options.budget else "OVER BUDGET"
        missed |= median > options.budget
        reply = next((say.text for say in replied.pending), "")[:40]
        print(f"{name:28} reply in {median:.3f} s (budget {options.budget:.1f})  {verdict}"
              f"  [{reply!r}]")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
