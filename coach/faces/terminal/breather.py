"""The breather on screen: a prompt-toolkit progress bar that paces the breath, ends on q or Enter."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from prompt_toolkit.formatted_text import HTML
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.output import Output
from prompt_toolkit.shortcuts import ProgressBar

from coach.conversation.breathing import length_words, phase_left

TICK_SECONDS = 0.1


def run_breather(
    total_seconds: float,
    input: Input | None = None,
    output: Output | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> float:
    """Pace the breath for `total_seconds`; returns how many seconds it actually ran."""
    stop = threading.Event()
    bindings = KeyBindings()

    @bindings.add("q")
    @bindings.add("enter")
    @bindings.add("c-c")
    @bindings.add("escape")
    def _stop(event: KeyPressEvent) -> None:
        stop.set()

    ticks = max(1, round(total_seconds / TICK_SECONDS))
    started = clock()
    title = HTML("<b>Breather</b>, {}: follow the words; <i>q</i> or <i>Enter</i> ends it early"
                 ).format(length_words(total_seconds))
    first, left = phase_left(0, total_seconds)
    with ProgressBar(title=title, key_bindings=bindings, input=input, output=output) as bar:
        counter = bar(range(ticks), label=f"{first:<12}{left}", total=ticks)
        for _ in counter:
            elapsed = clock() - started
            if stop.is_set() or elapsed >= total_seconds:
                break
            name, left = phase_left(elapsed, total_seconds)
            counter.label = f"{name:<12}{left}"
            sleep(TICK_SECONDS)
    return min(total_seconds, clock() - started)
