"""What the playbook tests leave untried: steps, branches, replies and options no case reaches.

The cases are played through the real engine (`coach.playtesting.playtest`), which records what
each walk went through (`coach.conversation.engine.Visit`). Anything of a playbook that no walk
visited is listed at its line, so an author sees which paths no test has ever taken.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coach.conversation.engine import Visit
from coach.playbook.model import Playbook, Response, Step


@dataclass(frozen=True)
class Gap:
    """One thing no test reached, with the line it is written on."""

    line: int
    text: str


@dataclass(frozen=True)
class Coverage:
    """How much of one playbook the tests reached: (reached, total) per kind, and the gaps."""

    playbook: Playbook
    steps: tuple[int, int]
    branches: tuple[int, int]
    replies: tuple[int, int]
    options: tuple[int, int]
    gaps: tuple[Gap, ...]

    @property
    def complete(self) -> bool:
        return not self.gaps


def _reply_name(number: int, response: Response) -> str:
    if response.fallback:
        return f"reply {number + 1} (the fallback)"
    if response.keywords:
        return f"reply {number + 1} (on {', '.join(repr(k) for k in response.keywords[:3])})"
    if response.when is not None:
        return f"reply {number + 1} (when {response.when.source})"
    return f"reply {number + 1}"


def _tally(counts: dict[str, list[int]], kind: str, hit: bool) -> bool:
    counts[kind][0] += hit
    counts[kind][1] += 1
    return hit


def coverage(playbook: Playbook, visits: Iterable[Visit]) -> Coverage:
    """What of `playbook` the walks in `visits` went through, and what they never did."""
    seen = {visit for visit in visits if visit.playbook == playbook.id}
    counts = {kind: [0, 0] for kind in ("steps", "branches", "replies", "options")}
    gaps: list[Gap] = []
    for step in playbook.steps:
        reached = _tally(counts, "steps", Visit("step", playbook.id, step.id) in seen)
        if not reached:
            gaps.append(Gap(step.line, f"step '{step.id}' is never reached"))
        for gap in _inside(playbook, step, seen, counts):
            # What lies inside a step no test reaches is counted, but listing it would only
            # repeat that the step itself is never reached.
            if reached:
                gaps.append(gap)
    def pair(kind: str) -> tuple[int, int]:
        return counts[kind][0], counts[kind][1]

    return Coverage(
        playbook, pair("steps"), pair("branches"), pair("replies"), pair("options"), tuple(gaps)
    )


def _inside(
    playbook: Playbook, step: Step, seen: set[Visit], counts: dict[str, list[int]]
) -> list[Gap]:
    gaps = []
    for number, jump in enumerate(step.next):
        if jump.when is None:
            continue  # an unconditional jump is taken whenever its step is: nothing to branch
        if not _tally(counts, "branches", Visit("jump", playbook.id, step.id, str(number)) in seen):
            gaps.append(
                Gap(
                    jump.line,
                    f"step '{step.id}': the branch to '{jump.goto}' "
                    f"(if {jump.when.source}) is never taken",
                )
            )
    for number, response in enumerate(step.responses):
        if not _tally(counts, "replies", Visit("reply", playbook.id, step.id, str(number)) in seen):
            name = _reply_name(number, response)
            gaps.append(Gap(response.line, f"step '{step.id}': {name} is never said"))
    for choice in step.choices:
        if not _tally(counts, "options", Visit("pick", playbook.id, step.id, choice.key) in seen):
            text = f"step '{step.id}': option '{choice.key}' is never picked"
            gaps.append(Gap(choice.line or step.line, text))
    return gaps


def summary(report: Coverage) -> str:
    """One line: how much of the playbook the tests reached."""
    parts = []
    for name, (reached, total) in (
        ("steps", report.steps),
        ("branches", report.branches),
        ("replies", report.replies),
        ("options", report.options),
    ):
        if total:
            parts.append(f"{reached} of {total} {name}")
    return f"{report.playbook.path}: " + ", ".join(parts)
