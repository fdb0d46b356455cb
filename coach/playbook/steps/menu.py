"""The menu: a choice the coach itself offers (the home menu, a kind of effort), left with q.

It reads and shows answers exactly like a single choice, but it is never part of a playbook, and
on a terminal q on an empty line leaves it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.playbook.steps.base import Drawing
from coach.playbook.steps.choice import ChoiceStep

if TYPE_CHECKING:
    from coach.playbook.model import Step


class MenuStep(ChoiceStep):
    name = "menu"
    in_playbooks = False

    def outline(self, step: Step) -> str:
        return "menu"

    def drawing(self, step: Step) -> Drawing:
        return Drawing(
            "options", "↑↓ move · 1-9 pick · Enter accept", quits=True, help_key="q quit"
        )
