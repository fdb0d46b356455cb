"""Text that is safe to send to a terminal: the one list of characters kept off it.

`safe` removes C0 and C1 controls (but newlines and tabs), DEL, and the bidi marks, embeddings,
overrides and isolates that can make text read differently from what it holds. The one output
function of each face applies it to everything it writes (`App.write`, `LineFace`,
`TerminalFace`), the HTML report applies it to every value, and JSON output uses
`escape_unsafe` instead. It sits at the bottom of the package, importing nothing, so any layer
can clean what it is about to show."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text with terminal control characters removed, so stored or templated text cannot send
    escape sequences to the terminal (newlines and tabs are kept). Each character is judged on
    its own, so the result is the same whether text is cleaned whole or in pieces, and cleaning
    twice changes nothing.

    >>> safe("ok\\x1b[31mred")
    'ok[31mred'
    """
    return _CONTROL.sub("", text)


def escape_unsafe(text: str) -> str:
    """JSON text with every terminal control character written as a \\u escape instead, so it
    decodes to the same values but cannot drive the terminal it is printed on. JSON encoders
    already escape the C0 controls inside strings; this catches DEL, C1 and bidi overrides, and
    leaves the newlines between lines alone.

    >>> escape_unsafe('"a\\x7fb"')
    '"a\\\\u007fb"'
    """
    return _CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
