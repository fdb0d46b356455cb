"""Checks on what a playbook says back: replies with too few variants to rotate.

A reply that fires after every debrief must not read word for word like the last one, and the
engine can only avoid that when a reply has at least MIN_VARIANTS lines to rotate through.
"""

from __future__ import annotations

from coach.errors import Diagnostic
from coach.playbook.model import Playbook

MIN_VARIANTS = 3
"""With three lines, a reply said once per conversation never repeats the conversation before."""


def replies_with_few_variants(
    playbook: Playbook, minimum: int = MIN_VARIANTS
) -> list[Diagnostic]:
    """Every response of `playbook` with fewer than `minimum` `say` variants, at its line."""
    found = []
    for step in playbook.steps:
        for response in step.responses:
            if len(response.say) < minimum:
                count = len(response.say)
                found.append(
                    Diagnostic(
                        playbook.path,
                        response.line,
                        1,
                        f"step '{step.id}': a reply has {count} "
                        f"variant{'s' if count != 1 else ''}",
                        f"give it at least {minimum} `say` lines so it can rotate",
                    )
                )
    return found
