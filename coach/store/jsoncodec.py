"""JSON text for every file Coach reads or writes: strict, UTF-8, and exact (through orjson).

orjson parses and writes several times faster than the standard library on large files, which
keeps reading years of history fast. It is strict where Coach wants strictness: it refuses NaN,
lone surrogates, invalid UTF-8 and trailing garbage. This is the only module that imports it.
"""

from __future__ import annotations

from typing import Any

import orjson


def encode(value: Any, *, indent: bool = False) -> bytes:
    """UTF-8 JSON for plain JSON data; ValueError if something in it is not JSON.

    Callers check values with `storage.check_json_safe` first, because orjson would quietly
    write NaN as null.

    >>> encode({"answer": "ça va 👍"}).decode("utf-8")
    '{"answer":"ça va 👍"}'
    """
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2 if indent else 0)
    except TypeError as error:
        raise ValueError(str(error)) from None


def decode(data: bytes | str) -> Any:
    """The value a JSON text holds; ValueError saying where it stops being valid JSON.

    >>> decode(b'{"sting": 7}')
    {'sting': 7}
    """
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as error:
        # orjson's messages end with "line L column C (char N)"; the first part is enough.
        reason = str(error).split(":", 1)[0]
        raise ValueError(f"{reason} at line {error.lineno}, column {error.colno}") from None
