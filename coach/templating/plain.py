"""Template text with no Jinja2 syntax at all: checked and rendered without loading Jinja2.

Most prompts ("How much does it sting right now?") are plain sentences. Jinja2 reads such text
as one piece of data, so its analysis is empty and rendering gives the text back with Jinja2's
two adjustments: newlines normalised to "\\n" and one trailing newline dropped (the sandbox
keeps `keep_trailing_newline=False`). Doing that here keeps the sandbox, and Jinja2 itself, out
of a conversation's start-up; text with any delimiter goes through the sandbox as before.
"""

from __future__ import annotations

import re

from coach.errors import TemplateProblem
from coach.templating.limits import MAX_SOURCE
from coach.templating.results import Analysis

_DELIMITERS = ("{{", "{%", "{#")
"""Jinja2's default block, variable and comment starts; line statements are not enabled."""
_NEWLINE = re.compile(r"\r\n|\r|\n")


def is_plain(source: str) -> bool:
    """Whether Jinja2 would read `source` as nothing but literal text."""
    return not any(delimiter in source for delimiter in _DELIMITERS)


def plain_analysis(source: str) -> Analysis:
    """The analysis of plain text: it reads no names (raises TemplateProblem when too long)."""
    if len(source) > MAX_SOURCE:
        raise TemplateProblem(
            f"the text is longer than {MAX_SOURCE} characters", hint="split it into several steps"
        )
    return Analysis()


def plain_render(source: str) -> str:
    """What the sandbox renders plain text as: newlines normalised, one trailing one dropped."""
    lines = _NEWLINE.split(source)
    if lines[-1] == "":
        del lines[-1]
    return "\n".join(lines)
