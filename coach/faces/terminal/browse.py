"""Browsing past reflections in a full-screen list: move through it, open one, filter it.

The list shows the same one-line summary as `coach history`; Enter opens the reflection in full.
`/` filters with the same words `coach history` understands (`cause:timing since:7d budget`),
live as they are typed. Only the visible rows are drawn, so years of history scroll smoothly.
Input and output can be passed in, so tests drive it with a pipe input and a dummy output.

The list holds summaries (the store's, without answers), and of those only the fields its lines
and the filter words read (LISTED_FIELDS), so years of history fit in memory: pass the store's
summaries as they stream in. What the list lacks comes through two callables: `whole(id)`, the
whole reflection, read when one is opened; and `matching(text)`, the ids of the reflections
whose answers hold the text, for the filter's free words. Both answers are kept for the rest
of the session, since the filter runs again on every keystroke.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style

from coach.errors import CoachError
from coach.faces.terminal.clean import clean
from coach.review.query import FILTERED_FIELDS, HistoryFilter, parse_filter_words, select
from coach.safetext import safe
from coach.views.listing import LINE_FIELDS, history_line, reflection_lines

Record = Mapping[str, Any]
Whole = Callable[[str], Record]
"""The whole reflection with this id; CoachError if it is gone (another coach deleted it)."""
Matching = Callable[[str], Collection[str]]
"""The ids of the reflections with this text in an answer, in any case (like `coach history
--search`)."""
LISTED_FIELDS = tuple(dict.fromkeys(("id", *LINE_FIELDS, *FILTERED_FIELDS)))
"""What the list keeps of each summary: what its lines and the filter's name:value words read."""

STYLE = Style.from_dict({
    "title": "bold",
    "current": "reverse",
    "hint": "ansibrightblack",
    "problem": "bold",
})

LIST_KEYS = "Up/Down move  Enter open  / filter  Esc clear filter  q back"
DETAIL_KEYS = "Up/Down scroll  n/p next/previous  q or Esc back to the list"
FILTER_KEYS = "Type words or cause:, playbook:, tag:, since:, until:  Enter keep  Esc cancel"
CHROME_ROWS = 3  # the title, the status line and the filter line
MATCHES_KEPT = 4
"""How many filter texts' search results a session keeps."""


class Browser:
    """The state of one browsing session: the filtered list, the cursor, and what is open.

    `summaries` come newest first; `whole` and `matching` are described at the top."""

    def __init__(self, summaries: Iterable[Record], now: datetime, *, whole: Whole,
                 matching: Matching) -> None:
        shared: dict[str, str] = {}
        self.records: list[Record] = [listed(summary, shared) for summary in summaries]
        self.now = now
        self._whole = whole
        self._matching = matching
        self._wholes: dict[str, Record] = {}
        self._matches: dict[str, frozenset[str]] = {}
        self.filter_text = ""
        self.problem = ""
        """Why the filter as typed does not apply (a bad date word)."""
        self.open_problem = ""
        """Why the reflection last asked for could not be opened; gone at the next move."""
        self.shown: list[Record] = self.records
        self.cursor = 0
        self.top = 0
        self.open: Record | None = None
        self.detail_top = 0
        self.filtering = False
        self.opened: list[str] = []
        """Ids of the reflections opened, in order (what the rep looked at)."""
        self.filter_buffer = Buffer(multiline=False, on_text_changed=self._typed)
        self._saved_filter = ""
        self.list_window = Window(FormattedTextControl(lambda: clean(self.body()), focusable=True),
                                  wrap_lines=False)

    # -- state changes --------------------------------------------------------------------------

    def apply_filter(self, text: str) -> None:
        """Show only the reflections the words pick; a bad date word keeps the old list."""
        try:
            wanted = parse_filter_words(text, self.now.date()) if text.strip() else HistoryFilter()
        except CoachError as error:
            self.problem = error.message
            return
        # The other words read fields every summary has; the free words read answers, which
        # only the store can search.
        shown = list(select(self.records, replace(wanted, search=None), self.now.tzinfo))
        needle = (wanted.search or "").strip()
        if needle and shown:
            try:
                ids = self.matching(needle)
            except CoachError as error:
                self.problem = one_line(error.message)
                return
            shown = [summary for summary in shown if summary.get("id") in ids]
        self.problem = self.open_problem = ""
        self.filter_text = text.strip()
        self.shown = shown
        self.cursor = self.top = 0

    def matching(self, needle: str) -> frozenset[str]:
        """The ids whose answers hold `needle`, asked of the store once per text a session."""
        key = needle.casefold()  # the search ignores case, so "Budget" reuses "budget"
        if key not in self._matches:
            # Only the latest texts are kept (backspacing over what was typed finds them):
            # an early letter can match most of the history.
            while len(self._matches) >= MATCHES_KEPT:
                del self._matches[next(iter(self._matches))]
            self._matches[key] = frozenset(self._matching(needle))
        return self._matches[key]

    def whole(self, record_id: str) -> Record:
        """The whole reflection, read once a session (CoachError if it is gone)."""
        if record_id not in self._wholes:
            self._wholes[record_id] = self._whole(record_id)
        return self._wholes[record_id]

    def move(self, steps: int) -> None:
        self.open_problem = ""
        if self.shown:
            self.cursor = max(0, min(len(self.shown) - 1, self.cursor + steps))

    def open_current(self) -> None:
        """Open the reflection at the cursor; if it is gone, say so and stay on the list."""
        if not self.shown:
            return
        record_id = str(self.shown[self.cursor].get("id", ""))
        try:
            record = self.whole(record_id)
        except CoachError as error:
            self.open = None
            self.open_problem = one_line(error.message)
            return
        self.open_problem = ""
        self.open = record
        self.detail_top = 0
        self.opened.append(record_id)

    def _typed(self, buffer: Buffer) -> None:
        self.apply_filter(buffer.text)

    # -- drawing --------------------------------------------------------------------------------

    def _rows(self) -> int:
        from prompt_toolkit.application import get_app

        return max(3, get_app().output.get_size().rows - CHROME_ROWS)

    def title(self) -> StyleAndTextTuples:
        if self.open is not None:
            return [("class:title", f" Reflection {self.cursor + 1} of {len(self.shown)}")]
        count = (f"{len(self.shown):,} of {len(self.records):,}" if self.filter_text
                 else f"{len(self.records):,}")
        text = f" Looking back: {count} reflection{'s' if len(self.records) != 1 else ''}"
        if self.filter_text:
            text += safe(f"  (filter: {self.filter_text})")
        return [("class:title", text)]

    def body(self) -> StyleAndTextTuples:
        rows = self._rows()
        zone = self.now.tzinfo
        if self.open is not None:
            lines = reflection_lines(self.open, zone)
            self.detail_top = max(0, min(self.detail_top, len(lines) - rows))
            return [("", "\n".join(lines[self.detail_top:self.detail_top + rows]))]
        if not self.records:
            return [("", "\n No reflections yet. After a debrief, it shows up here.")]
        if not self.shown:
            return [("", "\n Nothing matches that filter. Press / to change it, Esc to clear it.")]
        if self.cursor < self.top:
            self.top = self.cursor
        elif self.cursor >= self.top + rows:
            self.top = self.cursor - rows + 1
        fragments: StyleAndTextTuples = []
        for index in range(self.top, min(len(self.shown), self.top + rows)):
            current = index == self.cursor
            line = ("> " if current else "  ") + history_line(self.shown[index], zone)
            fragments.append(("class:current" if current else "", line))
            fragments.append(("", "\n"))
        return fragments

    def status(self) -> StyleAndTextTuples:
        problem = self.open_problem or self.problem
        if problem:
            return [("class:problem", " " + safe(problem))]
        keys = FILTER_KEYS if self.filtering else (DETAIL_KEYS if self.open is not None else LIST_KEYS)
        return [("class:hint", " " + keys)]

    # -- running --------------------------------------------------------------------------------

    def _bindings(self) -> KeyBindings:
        bindings = KeyBindings()
        listing = Condition(lambda: self.open is None and not self.filtering)
        detail = Condition(lambda: self.open is not None and not self.filtering)
        typing = Condition(lambda: self.filtering)

        @bindings.add("up", filter=listing)
        @bindings.add("k", filter=listing)
        def _up(event: KeyPressEvent) -> None:
            self.move(-1)

        @bindings.add("down", filter=listing)
        @bindings.add("j", filter=listing)
        def _down(event: KeyPressEvent) -> None:
            self.move(1)

        @bindings.add("pageup", filter=listing)
        def _page_up(event: KeyPressEvent) -> None:
            self.move(-self._rows())

        @bindings.add("pagedown", filter=listing)
        def _page_down(event: KeyPressEvent) -> None:
            self.move(self._rows())

        @bindings.add("home", filter=listing)
        @bindings.add("g", filter=listing)
        def _first(event: KeyPressEvent) -> None:
            self.move(-len(self.shown))

        @bindings.add("end", filter=listing)
        @bindings.add("G", filter=listing)
        def _last(event: KeyPressEvent) -> None:
            self.move(len(self.shown))

        @bindings.add("enter", filter=listing)
        @bindings.add("right", filter=listing)
        def _open(event: KeyPressEvent) -> None:
            self.open_current()

        @bindings.add("/", filter=listing)
        def _filter(event: KeyPressEvent) -> None:
            self.filtering = True
            self._saved_filter = self.filter_text
            self.filter_buffer.set_document(Document(self.filter_text, len(self.filter_text)))
            event.app.layout.focus(self.filter_buffer)

        @bindings.add("escape", filter=listing, eager=True)
        def _clear_or_leave(event: KeyPressEvent) -> None:
            if self.filter_text:
                self.apply_filter("")
            else:
                event.app.exit()

        @bindings.add("q", filter=listing)
        @bindings.add("c-c")
        @bindings.add("c-d")
        def _leave(event: KeyPressEvent) -> None:
            event.app.exit()

        @bindings.add("up", filter=detail)
        @bindings.add("k", filter=detail)
        def _scroll_up(event: KeyPressEvent) -> None:
            self.detail_top = max(0, self.detail_top - 1)

        @bindings.add("down", filter=detail)
        @bindings.add("j", filter=detail)
        @bindings.add("space", filter=detail)
        def _scroll_down(event: KeyPressEvent) -> None:
            self.detail_top += 1 if event.data != " " else self._rows()

        @bindings.add("pageup", filter=detail)
        def _scroll_page_up(event: KeyPressEvent) -> None:
            self.detail_top = max(0, self.detail_top - self._rows())

        @bindings.add("pagedown", filter=detail)
        def _scroll_page_down(event: KeyPressEvent) -> None:
            self.detail_top += self._rows()

        @bindings.add("n", filter=detail)
        def _next(event: KeyPressEvent) -> None:
            self.move(1)
            self.open_current()

        @bindings.add("p", filter=detail)
        def _previous(event: KeyPressEvent) -> None:
            self.move(-1)
            self.open_current()

        @bindings.add("q", filter=detail)
        @bindings.add("escape", filter=detail, eager=True)
        @bindings.add("left", filter=detail)
        @bindings.add("backspace", filter=detail)
        def _back(event: KeyPressEvent) -> None:
            self.open = None

        @bindings.add("enter", filter=typing)
        def _keep(event: KeyPressEvent) -> None:
            self.filtering = False
            event.app.layout.focus(self.list_window)

        @bindings.add("escape", filter=typing, eager=True)
        def _cancel(event: KeyPressEvent) -> None:
            self.filtering = False
            self.apply_filter(self._saved_filter)
            self.problem = ""
            event.app.layout.focus(self.list_window)

        return bindings

    def application(self, input: Input | None = None, output: Output | None = None) -> Application[None]:
        filter_line = ConditionalContainer(
            Window(BufferControl(self.filter_buffer), height=1, get_line_prefix=lambda *_: [("", " / ")]),
            filter=Condition(lambda: self.filtering),
        )
        layout = Layout(HSplit([
            Window(FormattedTextControl(lambda: clean(self.title())), height=1),
            self.list_window,
            filter_line,
            Window(FormattedTextControl(lambda: clean(self.status())), height=1),
        ]), focused_element=self.list_window)
        return Application(layout=layout, key_bindings=self._bindings(), style=STYLE,
                           full_screen=True, input=input, output=output)

    def run(self, input: Input | None = None, output: Output | None = None) -> None:
        self.application(input, output).run()


SHARED_FIELDS = ("playbook", "cause")
"""Fields whose few values recur on every row: each text is held once, not once per row."""


def listed(summary: Record, shared: dict[str, str]) -> dict[str, Any]:
    """What the list keeps of a summary (LISTED_FIELDS), with each playbook name, cause and tag
    that `shared` already holds taken from it: 100,000 rows hold a few copies, not 100,000."""
    row = {name: summary[name] for name in LISTED_FIELDS if name in summary}
    for name in SHARED_FIELDS:
        value = row.get(name)
        if isinstance(value, str):
            row[name] = shared.setdefault(value, value)
    tags = row.get("tags")
    if isinstance(tags, list):
        row["tags"] = [shared.setdefault(tag, tag) if isinstance(tag, str) else tag for tag in tags]
    return row


def one_line(message: str) -> str:
    """A problem's message on the one status line."""
    return " ".join(message.split())

