"""Wrapping the coach's lines to a terminal's width at word boundaries, with a hanging indent.

Pure and stdlib-only, so the terminal face and tests share one rule. Widths are counted in
terminal cells: wide East Asian characters and most emoji take two, combining marks none.
Spacing inside a line is kept as written (option lists align with runs of spaces); a line only
breaks at a space, and a word is cut only when it alone is longer than the line.
"""

from __future__ import annotations

import re
import unicodedata

DEFAULT_WIDTH = 80
MIN_TEXT_CELLS = 12
"""A hanging indent is dropped when it would leave fewer cells than this for the words."""

_TOKENS = re.compile(r"\S+|\s+")


def char_cells(char: str) -> int:
    """How many terminal cells one character takes (0, 1 or 2).

    >>> char_cells("a"), char_cells("漢"), char_cells("\\u0301")
    (1, 2, 0)
    """
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1


def cells(text: str) -> int:
    """The width of `text` on a terminal, in cells."""
    if text.isascii():
        return len(text)
    return sum(char_cells(char) for char in text)


def _cut(word: str, room: int) -> tuple[str, str]:
    """The longest start of `word` that fits in `room` cells (at least one character), and the rest."""
    used = 0
    for index, char in enumerate(word):
        width = char_cells(char)
        if used + width > room and index > 0:
            return word[:index], word[index:]
        used += width
    return word, ""


def wrap_line(line: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    """One line of text (no newlines) broken into lines of at most `width` cells.

    The first output line starts with `first`; the others with `rest`, which defaults to spaces
    as wide as `first` plus the line's own leading spaces, so continuation lines hang under the
    text. A line that fits is returned as it is.

    >>> wrap_line("she didn't call back", 14, "> ")
    ["> she didn't", '  call back']
    """
    line = line.expandtabs(4)
    if rest is None:
        leading = line[: len(line) - len(line.lstrip(" "))]
        rest = " " * (cells(first) + cells(leading))
    if cells(first) + cells(line) <= width:
        return [first + line]
    if width - cells(rest) < MIN_TEXT_CELLS:
        rest = ""
    lines: list[str] = []
    current, used = first, cells(first)
    at_start = True  # nothing but the prefix (and the line's own indent) on the current line yet
    for token in _TOKENS.findall(line):
        size = cells(token)
        if token.isspace():
            if at_start and not lines:
                current, used = current + token, used + size  # the line's own indent
            elif used + size < width:
                current, used, at_start = current + token, used + size, False
            else:
                lines.append(current.rstrip())
                current, used, at_start = rest, cells(rest), True
            continue
        if used + size > width and not at_start:
            lines.append(current.rstrip())
            current, used = rest, cells(rest)
        while used + size > width:  # a single word longer than the line: cut it
            head, token = _cut(token, max(1, width - used))
            lines.append(current + head)
            current, used = rest, cells(rest)
            size = cells(token)
        current, used, at_start = current + token, used + size, False
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def wrap(text: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    """Text of one or more lines wrapped to `width` cells; see `wrap_line`.

    Each line of the text is wrapped on its own; `first` starts the first line of the text and
    `rest` (default: spaces as wide as `first`) every later line, so a reply that runs over
    several lines stays in one column under its prefix.

    >>> wrap("so next time you will ask", 24, "  coach > ")
    ['  coach > so next time', '          you will ask']
    """
    width = max(1, width or DEFAULT_WIDTH)
    rest_prefix = " " * cells(first) if rest is None else rest
    lines: list[str] = []
    for number, line in enumerate(text.split("\n")):
        prefix = first if number == 0 else rest_prefix
        lines += wrap_line(line, width, prefix, None if rest is None else rest)
    return lines
