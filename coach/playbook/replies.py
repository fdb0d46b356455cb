"""Checks on what a playbook says back: replies with too few variants, praise with no guard.

A reply that fires after every debrief must not read word for word like the last one, and the
engine can only avoid that when a reply has at least MIN_VARIANTS lines to rotate through.
A fallback that praises or files the answer ("keep doing that", "that counts") would also praise
"idk" and "great, another no": `praise_without_guard` finds those, for `coach playbooks
validate` to warn about.
"""

from __future__ import annotations

from coach.errors import Diagnostic
from coach.playbook.model import Playbook, Response
from coach.playbook.steps import kind_of

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


PRAISE = ("keep doing", "that counts", "the plan", "well done", "worth keeping", "good",
          "great", "nice", "banked", "brilliant", "you did that", "proud", "nailed", "love that")
"""Words in a reply that praise, agree or file the answer as progress."""

GUARDS = ("nonanswer", ".down", "tone", "sarcastic", "is_win")
"""What a condition reads to tell a real answer from "idk" or sarcasm (see language/hearing)."""


def _guarded(response: Response) -> bool:
    return response.when is not None and any(word in response.when.source for word in GUARDS)


def praise_without_guard(playbook: Playbook) -> list[Diagnostic]:
    """Fallback replies to typed words that praise, with no earlier reply for a non-answer,
    sarcasm or a negative answer: they would praise "idk" too."""
    found = []
    for step in playbook.steps:
        if not kind_of(step).free_text:
            continue
        guarded = False
        for response in step.responses:
            guarded = guarded or _guarded(response)
            if not response.fallback or guarded:
                continue
            text = " ".join(variant.source.lower() for variant in response.say)
            word = next((word for word in PRAISE if word in text), None)
            if word is not None:
                found.append(Diagnostic(
                    playbook.path, response.line, 1,
                    f"warning: step '{step.id}': the fallback reply praises ('{word}') any answer,"
                    " \"idk\" and \"great, another no\" too",
                    "add a reply before it `when: \"answer.down\"` (a non-answer, sarcasm or a "
                    "negative answer), or guard it with `when: \"not answer.down\"`"))
    return found
