"""Formatted text made terminal-safe: the one gate between Coach's text and prompt-toolkit.

prompt-toolkit turns a stray ESC into "?" but passes BEL, backspace, C1 controls and bidi
overrides through, and writes a fragment styled `[ZeroWidthEscape]` raw. Everything the face
draws (printed lines, the prompt, the toolbar, the history browser) goes through `clean`.
"""

from __future__ import annotations

from prompt_toolkit.formatted_text import (
    AnyFormattedText,
    FormattedText,
    StyleAndTextTuples,
    to_formatted_text,
)

from coach.safetext import safe

_RAW = "[ZeroWidthEscape]"


def clean(text: AnyFormattedText) -> FormattedText:
    """`text` as fragments with every control character removed and no raw-escape style."""
    cleaned: StyleAndTextTuples = []
    for fragment in to_formatted_text(text):
        style, part = fragment[0].replace(_RAW, ""), safe(fragment[1])
        # A third item is a mouse handler: kept, it only reacts to clicks.
        cleaned.append((style, part, fragment[2]) if len(fragment) == 3 else (style, part))
    return FormattedText(cleaned)
