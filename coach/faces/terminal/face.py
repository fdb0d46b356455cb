"""The prompt-toolkit face of a conversation: one question at a time, fast, calm and forgiving.

Choices take one keystroke (a number) or the arrow keys, yes/no takes y or n, scales are drawn
with their end labels, validation happens at the prompt, and a bottom toolbar says where the
rep is and which keys work. Ctrl-C keeps a half-typed answer in the draft; Ctrl-D pauses.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.application import get_app, get_app_or_none, get_app_session
from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style
from prompt_toolkit.validation import ValidationError, Validator

from coach.conversation.engine import Ask, Say
from coach.conversation.session import COMMANDS, PartialAnswer
from coach.faces.terminal import endings
from coach.faces.terminal.breather import run_breather
from coach.faces.terminal.clean import clean
from coach.faces.terminal.drawing import (
    STYLE_RULES,
    Cursor,
    drawing_of,
    message,
    starting_cursor,
    toolbar,
    wrapped,
)
from coach.faces.terminal.wordwrap import WordWrap
from coach.playbook.steps import Drawing, kind_of
from coach.safetext import safe
from coach.views.wrap import DEFAULT_WIDTH

STYLE = Style.from_dict(STYLE_RULES)
ENTER_AFTER_ONE_KEY = 0.6
"""Seconds after a question appears in which an Enter, following a one-key answer to the
question before, is taken for habit and dropped: no one reads a question that fast."""


class CommandCompleter(Completer):
    """Completes the in-conversation /commands, and nothing else."""

    def get_completions(self, document: Document, complete_event: Any) -> Iterator[Completion]:
        text = document.text_before_cursor
        if not text.startswith("/") or " " in text:
            return
        for command, meaning in COMMANDS.items():
            if command.startswith(text.lower()):
                yield Completion(command, start_position=-len(text), display_meta=meaning)


class TerminalFace:
    """Asks questions in a real terminal (or a prompt-toolkit pipe input, in tests)."""

    def __init__(
        self,
        input: Input | None = None,
        output: Output | None = None,
        past_answers: Callable[[str], Iterable[str]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.input = input
        self.output = output
        self.past_answers = past_answers
        self.clock = clock  # the breather's pace; tests give a clock that runs fast
        self.sleep = sleep
        self._after_one_key = False
        """Whether the last question was answered by one key (a digit, y or n), so that the Enter
        the fingers add out of habit is not taken for an answer to the next one."""

    def _session(self) -> PromptSession[str]:
        """A fresh prompt session on this face's input and output."""
        return PromptSession(input=self.input, output=self.output, style=STYLE)

    # -- output ---------------------------------------------------------------------------------

    def _print(self, fragments: list[tuple[str, str]]) -> None:
        # The one place this face prints: no control character reaches the terminal.
        print_formatted_text(clean(FormattedText(fragments)), style=STYLE, output=self.output)

    def width(self) -> int:
        """The terminal's width now (it can change between lines), 80 when it cannot be told."""
        output = self.output or get_app_session().output
        try:
            columns = output.get_size().columns
        except (OSError, ValueError):
            return DEFAULT_WIDTH
        return columns if columns > 0 else DEFAULT_WIDTH

    def _wrapped(self, text: str, first: str = "", rest: str | None = None) -> str:
        return wrapped(text, self.width(), first, rest)

    def _say(self, style: str, text: str, first: str = "") -> None:
        self._print([(style, self._wrapped(text, first))])

    def show(self, say: Say) -> None:
        if say.kind == "response":
            self._say("class:response", say.text, "  coach › ")
        elif say.kind in ("safety", "support"):
            self._print([("", "")])
            self._say("class:safety", say.text)
        elif say.kind == "summary":
            self._say("", say.text)
        else:
            self._say("class:say", say.text)

    def notice(self, text: str) -> None:
        self._say("class:notice", text, "  ")

    def breathe(self, seconds: float) -> float:
        try:
            return run_breather(seconds, self.input, self.output, self.clock, self.sleep)
        except KeyboardInterrupt:  # Ctrl-C between two ticks: the breather ends, nothing lost
            return 0.0

    def confirm(self, question: str, default: bool) -> bool:
        bindings = KeyBindings()
        pre_run = self._swallow_habitual_enter(bindings)

        @bindings.add("y")
        @bindings.add("Y")
        def _yes(event: KeyPressEvent) -> None:
            self._after_one_key = True
            event.app.exit(result="y")

        @bindings.add("n")
        @bindings.add("N")
        def _no(event: KeyPressEvent) -> None:
            self._after_one_key = True
            event.app.exit(result="n")

        suffix = " [Y/n] " if default else " [y/N] "
        try:
            answer = self._session().prompt(
                clean([("class:question", self._wrapped(question + suffix.rstrip()) + " ")]),
                key_bindings=bindings,
                default="",
                validator=None,
                bottom_toolbar=None,
                completer=None,
                multiline=False,
                pre_run=pre_run,
            )
        except EOFError:
            return default
        answer = answer.strip().lower()
        return default if not answer else answer.startswith("y")

    # -- questions ------------------------------------------------------------------------------

    def ask(self, ask: Ask, check: Callable[[str], str | None], prefill: str, partial: str) -> str:
        drawing = drawing_of(ask)
        cursor, prefill = starting_cursor(ask, drawing, prefill)
        bindings = self._bindings(ask, drawing, cursor)
        pre_run = self._swallow_habitual_enter(bindings)
        if self.past_answers is not None and drawing.recall:
            past = self.past_answers
            self._bind_recall(bindings, lambda: list(past(ask.path)), cursor)

        with self._signals_keep_partial():
            try:
                session = self._session()
                text = session.prompt(
                    lambda: clean(self._message(ask, drawing, cursor)),
                    default=safe(partial or prefill),
                    key_bindings=bindings,
                    validator=_Check(lambda text: check(self._resolve(ask, cursor, text))),
                    validate_while_typing=False,
                    bottom_toolbar=lambda: clean(FormattedText(toolbar(ask, drawing, self.width()))),
                    completer=CommandCompleter(),
                    complete_while_typing=True,
                    multiline=drawing.multiline,
                    prompt_continuation="  ",
                    input_processors=[WordWrap(prefix=2)],
                    pre_run=pre_run,
                )
            except EOFError:
                return "/pause"
        return self._resolve(ask, cursor, text)

    @staticmethod
    def _resolve(ask: Ask, cursor: Cursor, text: str) -> str:
        """The answer text: what was typed, or the option the arrow keys point at."""
        step = ask.step
        widget = drawing_of(ask).widget
        if text.strip():
            return text
        if widget == "options" and step.multiple and cursor.chosen:
            return _picked(ask, sorted(cursor.chosen))
        if widget == "options" and not step.multiple and 0 <= cursor.index < len(step.choices):
            return _picked(ask, [cursor.index])
        if widget == "scale" and cursor.index >= 0:
            return str(int(step.minimum or 0) + cursor.index)
        return text

    @contextlib.contextmanager
    def _signals_keep_partial(self) -> Iterator[None]:
        """While a prompt is open, SIGTERM and SIGHUP end it the way Ctrl-C does."""

        def stop(signum: int, frame: Any) -> None:
            app = get_app_or_none()
            if app is not None and app.is_running:
                text = app.current_buffer.text
                app.exit(exception=PartialAnswer(text, SystemExit(128 + signum)))
            else:
                raise SystemExit(128 + signum)

        previous = endings.catch(stop)
        try:
            yield
        finally:
            endings.release(previous)

    def _bindings(self, ask: Ask, drawing: Drawing, cursor: Cursor) -> KeyBindings:
        step = ask.step
        bindings = KeyBindings()
        empty = Condition(lambda: not _buffer_text())

        @bindings.add("c-c")
        def _interrupt(event: KeyPressEvent) -> None:
            text = event.app.current_buffer.text
            event.app.exit(exception=PartialAnswer(text, KeyboardInterrupt()))

        @bindings.add("c-d", filter=empty)
        def _pause(event: KeyPressEvent) -> None:
            event.app.exit(result="/pause")

        if drawing.quits:

            @bindings.add("q", filter=empty)
            def _quit(event: KeyPressEvent) -> None:
                event.app.exit(result="q")

        if drawing.widget == "options":
            count = len(step.choices)

            @bindings.add("up", filter=empty)
            def _up(event: KeyPressEvent) -> None:
                cursor.index = (cursor.index - 1) % count

            @bindings.add("down", filter=empty)
            def _down(event: KeyPressEvent) -> None:
                cursor.index = (cursor.index + 1) % count

            if drawing.multiple:

                @bindings.add("space", filter=empty)
                def _toggle(event: KeyPressEvent) -> None:
                    cursor.chosen ^= {cursor.index}

            # With ten or more options a digit may start a longer number, so it is typed.
            for number in range(1, count + 1 if count <= 9 else 1):
                shown = _picked(ask, [number - 1])
                self._bind_number(bindings, number, drawing.multiple, cursor, empty, shown)
        elif drawing.widget == "yesno":
            for key, answer in (("y", "yes"), ("Y", "yes"), ("n", "no"), ("N", "no")):
                self._bind_answer(bindings, key, answer, empty)
        elif drawing.widget == "scale":
            width = int((step.maximum or 10) - (step.minimum or 0))

            @bindings.add("left", filter=empty)
            def _left(event: KeyPressEvent) -> None:
                cursor.index = max(0, cursor.index - 1) if cursor.index >= 0 else width // 2

            @bindings.add("right", filter=empty)
            def _right(event: KeyPressEvent) -> None:
                cursor.index = min(width, cursor.index + 1) if cursor.index >= 0 else width // 2

        if drawing.multiline:
            command = Condition(lambda: _buffer_text().strip().lower() in COMMANDS)

            @bindings.add("enter", filter=command)
            def _command(event: KeyPressEvent) -> None:
                # In a multi-line answer Enter starts a new line, except after a /command.
                event.current_buffer.validate_and_handle()

        if drawing.widget in ("options", "scale"):

            @bindings.add("enter", filter=empty)
            def _accept_pointed(event: KeyPressEvent) -> None:
                # Put what the arrows point at into the line, so the screen keeps a record
                # of the answer, then accept it as if it had been typed.
                buffer = event.current_buffer
                buffer.text = self._resolve(ask, cursor, "")
                buffer.validate_and_handle()

        return bindings

    @staticmethod
    def _bind_recall(bindings: KeyBindings, past: Callable[[], list[str]], cursor: Cursor) -> None:
        """Up and down walk through the rep's earlier answers to this question, newest first.

        They are read on the first key press, not before the question shows (it can mean
        reading years of reflections), and then synchronously: prompt-toolkit's own history
        loads in the background and misses keys typed very fast.
        """
        loaded: list[list[str]] = []

        def answers() -> list[str]:
            if not loaded:
                loaded.append(list(dict.fromkeys(reversed(past()))))
            return loaded[0]

        def show(event: KeyPressEvent, index: int) -> None:
            newest_first = answers()
            cursor.recalled = index
            text = safe(newest_first[index]) if index >= 0 else ""
            event.app.current_buffer.document = Document(text, len(text))

        @bindings.add("up")
        def _older(event: KeyPressEvent) -> None:
            if cursor.recalled + 1 < len(answers()):
                show(event, cursor.recalled + 1)

        @bindings.add("down")
        def _newer(event: KeyPressEvent) -> None:
            if cursor.recalled >= 0:
                show(event, cursor.recalled - 1)

    def _swallow_habitual_enter(self, bindings: KeyBindings) -> Callable[[], None]:
        """After a one-key answer, an Enter that is the first key of this question and comes
        within ENTER_AFTER_ONE_KEY of it appearing (typed ahead with that key, or a beat after
        it) is dropped: the rep pressed "4, Enter" out of habit and has not read this question
        yet. It is timed from the question's start, so keys typed ahead are dropped however long
        saving took. Returns the prompt's `pre_run`, which counts the keys of this question."""
        after_one_key, self._after_one_key = self._after_one_key, False
        started = time.monotonic()
        keys: list[int] = [0]

        def count(_: object) -> None:
            keys[0] += 1

        def pre_run() -> None:
            get_app().key_processor.before_key_press += count

        def habitual() -> bool:
            return (after_one_key and keys[0] == 1 and not _buffer_text()
                    and time.monotonic() - started < ENTER_AFTER_ONE_KEY)

        @bindings.add("enter", filter=Condition(habitual), eager=True)
        def _drop(event: KeyPressEvent) -> None:
            """Habit, not an answer: nothing happens."""

        return pre_run

    def _bind_number(
        self,
        bindings: KeyBindings,
        number: int,
        multiple: bool,
        cursor: Cursor,
        empty: Condition,
        shown: str,
    ) -> None:
        @bindings.add(str(number), filter=empty)
        def _pick(event: KeyPressEvent) -> None:
            if multiple:
                cursor.index = number - 1
                cursor.chosen ^= {number - 1}
            else:
                event.current_buffer.text = shown  # stays on screen as the answer given
                self._after_one_key = True
                event.app.exit(result=str(number))

    def _bind_answer(self, bindings: KeyBindings, key: str, answer: str, empty: Condition
                     ) -> None:
        @bindings.add(key, filter=empty)
        def _answer(event: KeyPressEvent) -> None:
            event.current_buffer.text = answer
            self._after_one_key = True
            event.app.exit(result=answer)

    def _message(self, ask: Ask, drawing: Drawing, cursor: Cursor) -> FormattedText:
        return FormattedText(message(ask, drawing, cursor, self.width()))


def _picked(ask: Ask, indexes: list[int]) -> str:
    """Picked options as they stay on screen as the answer given: their words, never their keys;
    their numbers when a label holds anything the terminal must not see (it would be cleaned
    away, and the cleaned words would no longer name the option)."""
    step = ask.step
    keys = [step.choices[index].key for index in indexes]
    words = kind_of(step).typed(step, keys if step.multiple else keys[0])
    return words if safe(words) == words else ", ".join(str(index + 1) for index in indexes)


def _buffer_text() -> str:
    app = get_app_or_none()
    return app.current_buffer.text if app is not None else ""


class _Check(Validator):
    """Shows why an answer is not accepted, right at the prompt."""

    def __init__(self, check: Callable[[str], str | None]) -> None:
        self.check = check

    def validate(self, document: Document) -> None:
        problem = self.check(document.text)
        if problem:
            raise ValidationError(message=safe(problem), cursor_position=len(document.text))

