"""How deeply each line of a team export nests, read from its raw bytes before any JSON parser
sees it (neither DuckDB's nor orjson's): a line nested thousands of levels deep is refused here,
with its number, instead of exhausting a parser's depth limit or its stack.

The check is made a few megabytes at a time with bytes methods and regular expressions (C
speed), never a Python loop per character, so scanning years of exports stays fast:

1. escapes are removed (`\\\\`, then `\\"`), so every `"` left opens or closes a string;
2. everything but quotes, brackets and line ends is dropped, then every string (which can
   hold brackets that mean nothing): the many with no bracket left by a plain replace;
3. a line with more than twice as many brackets left as levels allowed (most have a few)
   loses its innermost pairs (`[]`, `{}`) once per allowed level: a pair left after that was
   nested deeper than allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

from coach.review import teamshare

BLOCK_BYTES = 16 * 1024 * 1024
"""How much of a file is scanned at once (plus the rest of the line the block ends in)."""

_SHAPE = bytes(byte for byte in range(256) if byte not in b'"[]{}\n')
"""The bytes dropped before the strings are: everything but quotes, brackets and line ends."""
_STRING = re.compile(rb'"[^"\n]*"')
_PAIR = re.compile(rb"\[\]|\{\}")


def _shape(lines: bytes) -> bytes:
    """Only the brackets outside strings, and the line ends."""
    if b"\\" in lines:
        lines = lines.replace(b"\\\\", b"").replace(b'\\"', b"")
    plain = lines.translate(None, _SHAPE)
    # Most strings hold no bracket: dropping two neighbouring quotes keeps every other quote
    # opening or closing what it did, so only strings with brackets are left to the expression.
    return _STRING.sub(b"", plain.replace(b'""', b""))


def too_deep(lines: bytes, most: int = teamshare.MAX_LINE_DEPTH) -> int:
    """The index (from 0) of the first of `lines` nested deeper than `most` levels, or -1.

    >>> too_deep(b'{"a": [1]}\\n{"a": "[[[[["}\\n[[[[]]]]\\n', most=3)
    2
    """
    shape = _shape(lines)
    # A line nested deeper than `most` has more than 2 * `most` brackets outside its strings.
    if not re.search(rb"[^\n]{%d}" % (2 * most + 2), shape):
        return -1
    rest = shape
    for _ in range(most):
        rest = _PAIR.sub(b"", rest)
    # A pair still there was nested deeper than `most` (what else is left does not match up,
    # which the parsers refuse as not JSON).
    found = _PAIR.search(rest)
    return -1 if found is None else rest.count(b"\n", 0, found.start())


def problem(path: Path, number: int) -> str:
    """What is wrong with line `number` of `path` when it nests too deeply."""
    return (f"{path}, line {number}: nested deeper than {teamshare.MAX_LINE_DEPTH} levels, "
            "which no team export is.")


def first_too_deep(path: Path) -> str:
    """The first line of `path` nested too deeply, in words naming the file and the line, or ""
    (a line too long is left to the readers, which name it)."""
    number = 0  # lines before `carry`
    carry = b""
    with path.open("rb") as handle:
        while True:
            block = handle.read(BLOCK_BYTES)
            data = carry + block
            if not data:
                return ""
            end = len(data) if not block else data.rfind(b"\n") + 1
            if end == 0:
                if len(data) > teamshare.MAX_LINE_BYTES:
                    return ""  # one line longer than a line may be: the readers name it
                carry = data
                continue
            lines, carry = data[:end], data[end:]
            found = too_deep(lines)
            if found >= 0:
                return problem(path, number + found + 1)
            if not block:
                return ""
            number += lines.count(b"\n")
