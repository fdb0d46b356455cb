"""The first question, painted on the terminal while prompt-toolkit is still loading.

Loading prompt-toolkit takes about a tenth of a second, as long as everything else before the
first question together. So in a terminal the question is drawn straight away, from the same
fragments the face draws (drawing.py), and prompt-toolkit's first screen lands exactly on top
of it a moment later: the rep reads the question while the prompt gets ready.

Nothing typed in between is lost. While the painted question waits, the terminal neither echoes
keys, nor waits for Enter, nor turns Ctrl-C into a signal, so what the rep types stays queued,
unshown, and the prompt reads it as soon as it runs: Ctrl-C included, which then stops the
conversation exactly as it does at the prompt. (A signal then could land while prompt-toolkit
sets up its event loop, where asyncio takes it as a cancellation and the prompt never ends.)
The terminal's settings are put back exactly as they were before the prompt starts, and also
when anything fails or the process is told to end, so a shell is never left without echo.

Only a POSIX terminal with room below the question is painted; anything else (a pipe, a dumb
terminal, a screen too small, a terminal whose settings cannot be read) just waits the tenth
of a second. Every text passes through `safe`, as everything the face shows does.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from typing import Any

from coach.faces.terminal import endings
from coach.safetext import safe

RESERVED_ROWS = 8
"""Rows kept free below the prompt, as prompt-toolkit keeps them for its completion menu: made
room for now, the screen does not scroll under the question when the prompt takes over."""

_ATTRIBUTES = {"bold": "1", "italic": "3", "underline": "4", "reverse": "7", "noreverse": "27"}
_COLORS = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
_FOREGROUND = {
    **{f"ansi{name}": str(30 + number) for number, name in enumerate(_COLORS)},
    **{f"ansibright{name}": str(90 + number) for number, name in enumerate(_COLORS)},
    "ansigray": "37", "ansidarkgray": "90",
}
HIDE_CURSOR, SHOW_CURSOR, ERASE_BELOW, RESET = "\x1b[?25l", "\x1b[?25h", "\x1b[J", "\x1b[0m"


def known_word(word: str) -> bool:
    """Whether a style word of the face's rules can be painted (the tests hold every rule to it)."""
    return word in _ATTRIBUTES or word in _FOREGROUND


def sgr(style: str, rules: Mapping[str, str], colors: bool) -> str:
    """The escape sequence that starts text in `style` ("class:option.current" and the like).

    As in prompt-toolkit, a dotted class also takes the rules of the classes it extends
    ("option.current" those of "option" first)."""
    words: list[str] = []
    for part in style.split():
        if not part.startswith("class:"):
            continue
        name = ""
        for piece in part[len("class:"):].split("."):
            name = f"{name}.{piece}" if name else piece
            words += rules.get(name, "").split()
    codes = [_ATTRIBUTES.get(word) or (_FOREGROUND.get(word) if colors else None) for word in words]
    return "\x1b[" + ";".join(["0", *(code for code in codes if code)]) + "m"


def ansi(fragments: Iterable[tuple[str, str]], rules: Mapping[str, str], colors: bool) -> str:
    """Styled fragments as terminal text: each fragment's text made safe, lines ending in CR LF."""
    painted = []
    for style, text in fragments:
        lines = safe(text).split("\n")
        painted.append(sgr(style, rules, colors) + (RESET + "\r\n" + sgr(style, rules, colors)).join(lines))
    return "".join(painted) + RESET


def colors_wanted(environment: Mapping[str, str]) -> bool:
    """Colours unless the rep turned them off (a non-empty NO_COLOR, as no-color.org defines
    it and prompt-toolkit reads it, or prompt-toolkit's one-bit depth)."""
    return not environment.get("NO_COLOR") and environment.get(
        "PROMPT_TOOLKIT_COLOR_DEPTH") != "DEPTH_1_BIT"


class FirstPaint:
    """A question painted on a terminal (see the module docstring); `settle` ends it."""

    def __init__(self, keys: int, screen: int, saved: list[Any]) -> None:
        self._keys, self._screen, self._saved = keys, screen, saved
        self._settled = False
        self._previous: dict[int, Any] = {}

    @classmethod
    def paint(cls, fragments: list[tuple[str, str]], rules: Mapping[str, str],
              keys: int, screen: int, environment: Mapping[str, str]) -> FirstPaint | None:
        """Paint `fragments` on the terminal `screen` (reading keys from `keys`), with the cursor
        left where they start and hidden; None if this terminal is not painted on."""
        if os.name != "posix" or environment.get("TERM", "dumb") in ("", "dumb"):
            return None
        try:
            import termios

            size = os.get_terminal_size(screen)
            saved = termios.tcgetattr(keys)
        except (ImportError, OSError, ValueError):
            return None
        text = "".join(text for _, text in fragments)
        rows = text.count("\n")
        if rows + RESERVED_ROWS + 1 >= size.lines or "\r" in text:
            return None
        quiet = list(saved)
        quiet[0] = saved[0] & ~termios.ICRNL  # Enter stays a carriage return, as in the prompt
        # No echo, no waiting for Enter, Ctrl-C a key like any other (see the module docstring).
        quiet[3] = saved[3] & ~(termios.ECHO | termios.ICANON | termios.ISIG)
        quiet[6] = list(saved[6])
        quiet[6][termios.VMIN], quiet[6][termios.VTIME] = 1, 0
        try:
            termios.tcsetattr(keys, termios.TCSANOW, quiet)
        except (OSError, termios.error):
            return None
        painted = cls(keys, screen, saved)
        painted._catch_endings()
        # The rows below are made now, then the cursor goes back to where the question starts:
        # prompt-toolkit draws from there, over the same text.
        below = "\r\n" * RESERVED_ROWS + f"\r\x1b[{rows + RESERVED_ROWS}A"
        try:
            painted._draw(HIDE_CURSOR, fragments, rules, colors_wanted(environment), below)
        except OSError:
            painted.settle(handed_over=False)
            return None
        return painted

    def _draw(self, before: str, fragments: list[tuple[str, str]], rules: Mapping[str, str],
              colors: bool, after: str) -> None:
        """The one place the paint writes: fragments made safe by `ansi`, between two runs of
        this module's own control sequences."""
        data = (before + ansi(fragments, rules, colors) + after).encode("utf-8", "replace")
        while data:
            data = data[os.write(self._screen, data):]

    def _catch_endings(self) -> None:
        """Until settled, SIGTERM and SIGHUP put the terminal back before the process ends."""

        def end(signum: int, frame: Any) -> None:
            self.settle(handed_over=False)
            raise SystemExit(128 + signum)

        self._previous = endings.catch(end)

    def settle(self, handed_over: bool) -> None:
        """Put the terminal's settings back as they were. `handed_over`: the prompt draws over
        the question now (and shows the cursor); otherwise the question is cleared away and the
        cursor shown again, and whatever comes next starts where the question did."""
        if self._settled:
            return
        self._settled = True
        import termios

        with contextlib.suppress(OSError, termios.error):
            termios.tcsetattr(self._keys, termios.TCSANOW, self._saved)
        endings.release(self._previous)
        if not handed_over:
            with contextlib.suppress(OSError):
                self._draw(ERASE_BELOW + SHOW_CURSOR, [], {}, False, "")
