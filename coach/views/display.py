"""The progress mark of a question, in figures and in words, shared by the faces.

Terminal-safe text is coach/safetext.py. The module stays free of the engine and Jinja2."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.conversation.engine import Ask

def progress(ask: Ask) -> str:
    """'3/12': where the rep is in the conversation (the total is an estimate)."""
    return f"{ask.number}/{max(ask.total, ask.number)}" if ask.total else ""


def steps_of_about(ask: Ask) -> str:
    """'3 of about 12': the same, in words for the terminal's toolbar."""
    return f"{ask.number} of about {max(ask.total, ask.number)}" if ask.total else ""
