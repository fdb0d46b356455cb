"""Small charts drawn with characters: bars and sparklines that read without any colour.

The shape is carried by the characters themselves, never by colour, so the charts survive
NO_COLOR, copy-paste into a chat and a plain-text email. When the output cannot encode block
characters (an ASCII-only terminal), the same charts are drawn with ASCII.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Charset:
    """The characters a chart is drawn with."""

    full: str
    empty: str
    levels: str
    zero: str
    missing: str = " "


UNICODE = Charset(full="█", empty="░", levels="▁▂▃▄▅▆▇█", zero="·")
ASCII = Charset(full="#", empty=".", levels="_.-=+*#@", zero=",")


def charset_for(encoding: str | None) -> Charset:
    """UNICODE when text in `encoding` can hold block characters, else ASCII."""
    if not encoding:
        return UNICODE
    try:
        (UNICODE.full + UNICODE.empty + UNICODE.levels + UNICODE.zero).encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return ASCII
    return UNICODE


def bar(value: float, most: float, width: int = 20, charset: Charset = UNICODE) -> str:
    """A horizontal bar `width` characters long, filled in proportion to value / most.

    >>> bar(3, 4, 8, ASCII)
    '######..'
    """
    filled = 0 if most <= 0 or value <= 0 else max(1, round(width * min(value, most) / most))
    return charset.full * filled + charset.empty * (width - filled)


def sparkline(values: Sequence[float | None], charset: Charset = UNICODE,
              top: float | None = None) -> str:
    """One character per value: higher blocks for higher values, a dot for zero, a space for
    no data. `top` fixes the scale (e.g. 10 for a sting), else the largest value is the top.

    >>> sparkline([0, 1, 2, 4, None], ASCII)
    ',-+@ '
    """
    present = [value for value in values if value is not None]
    scale = top if top is not None else max(present, default=0)
    characters = []
    for value in values:
        if value is None:
            characters.append(charset.missing)
        elif value <= 0 or scale <= 0:
            characters.append(charset.zero)
        else:
            step = round((len(charset.levels) - 1) * min(value, scale) / scale)
            characters.append(charset.levels[step])
    return "".join(characters)


def squeeze(values: Sequence[float | None], width: int, *,
            average: bool = False) -> tuple[list[float | None], int]:
    """At most `width` values, by adding up (or averaging) runs of neighbours of equal length;
    also that run length, so a label can say "per 7 days". Long periods stay one line.

    >>> squeeze([1, 2, 3, 4, 5], 2)
    ([6, 9], 3)
    """
    size = max(1, -(-len(values) // max(1, width)))
    if size == 1:
        return list(values), 1
    squeezed: list[float | None] = []
    for start in range(0, len(values), size):
        group = [value for value in values[start:start + size] if value is not None]
        if not group:
            squeezed.append(None)
        else:
            squeezed.append(sum(group) / len(group) if average else sum(group))
    return squeezed, size
