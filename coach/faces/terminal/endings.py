"""SIGTERM and SIGHUP while the terminal is in Coach's hands: handled, then handed back.

Both the painted first question (firstpaint.py) and an open prompt (face.py) must end cleanly
when the process is told to end, with the terminal's settings restored and the answer so far
kept. Nothing here needs prompt-toolkit.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable
from typing import Any

TERMINATING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def catch(handler: Callable[[int, Any], None]) -> dict[int, Any]:
    """Handle the terminating signals with `handler`; the handlers they had before (to give to
    `release`). Outside the main thread nothing can be set, and nothing is."""
    previous: dict[int, Any] = {}
    for number in TERMINATING_SIGNALS:
        with contextlib.suppress(ValueError):
            previous[number] = signal.signal(number, handler)
    return previous


def release(previous: dict[int, Any]) -> None:
    """Give the terminating signals back the handlers `catch` found."""
    for number, handler in previous.items():
        with contextlib.suppress(ValueError, TypeError):
            signal.signal(number, handler)
