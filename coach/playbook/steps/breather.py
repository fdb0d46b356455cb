"""The breather step: the coach says a line, then starts the paced-breathing reset right there."""

from __future__ import annotations

from coach.playbook.steps.base import StepType


class BreatherStep(StepType):
    """Like a say step, with an action: the session runs the breather after the line.

    The engine only marks the line with the action; the face carries it out (a real breather on
    a terminal, a one-line note in a pipe), so conversations stay testable without waiting.
    Gate it with `when:` on an answer, so it starts only when the rep chose it.
    """

    name = "breather"
    keys = ("say",)
    text_key = "say"
    asks = False
    says = True
    action = "breather"
