"""The include step: runs another playbook in place, its answers kept under the step's id."""

from __future__ import annotations

from coach.playbook.steps.base import StepType


class IncludeStep(StepType):
    name = "include"
    keys = ("include",)
    needs = "include"
    text_key = ""
    asks = False
    includes = True
    implied_by = "include"
    implied_rank = 2  # an include takes the whole step, whatever else it has
