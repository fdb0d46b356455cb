"""The face a conversation gets in a terminal: the prompt-toolkit face, loaded when first used.

Until then nothing of prompt-toolkit is imported. When the first thing the conversation does
is ask a question, that question is painted at once (firstpaint.py) and prompt-toolkit loads
while the rep reads it; anything else (a line the coach says, a yes/no question) loads the
face first and goes to it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from coach.conversation.engine import Ask, Say
from coach.faces.terminal.drawing import STYLE_RULES, drawing_of, message, starting_cursor
from coach.faces.terminal.firstpaint import FirstPaint
from coach.views.wrap import cells

if TYPE_CHECKING:
    from coach.faces.terminal.face import TerminalFace


class StartingFace:
    """A TerminalFace on the process's own terminal, loaded on first use."""

    def __init__(self, past_answers: Callable[[str], Iterable[str]] | None = None,
                 environment: Mapping[str, str] | None = None) -> None:
        self._past_answers = past_answers
        self._environment = os.environ if environment is None else environment
        self._face: TerminalFace | None = None

    def _loaded(self) -> TerminalFace:
        if self._face is None:
            from coach.faces.terminal.face import TerminalFace

            self._face = TerminalFace(past_answers=self._past_answers)
        return self._face

    def show(self, say: Say) -> None:
        self._loaded().show(say)

    def notice(self, text: str) -> None:
        self._loaded().notice(text)

    def confirm(self, question: str, default: bool) -> bool:
        return self._loaded().confirm(question, default)

    def breathe(self, seconds: float) -> float:
        return self._loaded().breathe(seconds)

    def ask(self, ask: Ask, check: Callable[[str], str | None], prefill: str, partial: str) -> str:
        if self._face is None:
            painted = self._paint(ask, prefill, partial)
            handed_over = False
            try:
                self._loaded()
                handed_over = True
            finally:
                if painted is not None:
                    painted.settle(handed_over)
        return self._loaded().ask(ask, check, prefill, partial)

    def _paint(self, ask: Ask, prefill: str, partial: str) -> FirstPaint | None:
        """The question painted as the face will draw it, or None when it is not painted."""
        try:
            keys, screen = sys.stdin.fileno(), sys.stdout.fileno()
            width = os.get_terminal_size(screen).columns
        except (AttributeError, OSError, ValueError):
            return None
        drawing = drawing_of(ask)
        cursor, line = starting_cursor(ask, drawing, prefill)
        line = partial or line
        fragments = message(ask, drawing, cursor, width)
        if line:
            # What the line starts with is drawn too, if it fits; else the prompt shows it.
            if "\n" in line or cells(line) + 2 >= width:
                return None
            fragments.append(("", line))
        sys.stdout.flush()  # whatever was printed before comes first
        return FirstPaint.paint(fragments, STYLE_RULES, keys, screen, self._environment)
