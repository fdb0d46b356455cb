"""The say step: a line the coach says, waiting for no answer."""

from __future__ import annotations

from coach.playbook.steps.base import StepType


class SayStep(StepType):
    name = "say"
    keys = ("say",)
    text_key = "say"
    asks = False
    says = True
    implied_by = "say"
