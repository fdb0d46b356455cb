"""Wrapping the coach's lines to the terminal's width: the pure rule and the terminal face."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXED_NOW
from prompt_toolkit.data_structures import Size
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.layout.processors import TransformationInput
from prompt_toolkit.output.plain_text import PlainTextOutput

from coach.conversation.engine import Conversation, Say
from coach.conversation.session import ConversationRunner
from coach.faces.terminal.drawing import drawing_of, toolbar
from coach.faces.terminal.face import TerminalFace
from coach.faces.terminal.wordwrap import WordWrap
from coach.playbook.library import load_library
from coach.store.store import Store
from coach.views.wrap import cells, wrap, wrap_line

QUOTED = (
    "So when you said \"I told her about the pilot programme twice and she didn't want to hear "
    'any of it before the end of the quarter", that sounds like timing, not like you at all.'
)


class SizedOutput(PlainTextOutput):
    """A plain-text output of a fixed width that keeps what was printed."""

    def __init__(self, columns: int) -> None:
        self.printed = io.StringIO()
        super().__init__(self.printed)
        self.columns = columns

    def get_size(self) -> Size:
        return Size(rows=40, columns=self.columns)

    def lines(self) -> list[str]:
        return self.printed.getvalue().splitlines()


def words(text: str) -> list[str]:
    return text.split()


# -- the pure rule ------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [100, 60, 40, 24])
def test_a_long_reply_breaks_only_between_words(width: int) -> None:
    lines = wrap(QUOTED, width, "  coach › ")
    assert len(lines) > 1
    assert all(cells(line) <= width for line in lines)
    assert words(" ".join(lines))[2:] == words(QUOTED)  # no word split, none lost
    assert all(line.startswith(" " * 10) and line[10] != " " for line in lines[1:])


def test_the_reported_break_no_longer_happens_at_100_columns() -> None:
    reply = "You said the prospect " + "was " * 14 + "sure she didn't have budget this year."
    lines = wrap(reply, 100, "  coach › ")
    assert not any(line.endswith("she d") for line in lines)
    assert any("didn't" in line.split() for line in lines)


def test_a_line_that_fits_is_left_exactly_as_written() -> None:
    assert wrap("  1.  Alpha    (aligned)", 80) == ["  1.  Alpha    (aligned)"]
    assert wrap("", 80) == [""]


def test_each_line_of_the_text_is_wrapped_on_its_own() -> None:
    lines = wrap("First line.\nSecond line is a bit longer than the rest", 20, "  ")
    assert lines == ["  First line.", "  Second line is a", "  bit longer than", "  the rest"]


def test_an_indented_line_hangs_under_its_own_indent() -> None:
    assert wrap_line("    indented words run on and on", 16) == [
        "    indented",
        "    words run on",
        "    and on",
    ]


def test_only_a_word_longer_than_the_line_is_cut() -> None:
    lines = wrap("see https://example.com/a/very/long/path/that/goes/on ok", 20, "> ")
    assert all(cells(line) <= 20 for line in lines)
    assert lines[0] == "> see"
    assert "".join(line[2:] for line in lines[1:-1]) + lines[-1][2:].split()[0] == (
        "https://example.com/a/very/long/path/that/goes/on"
    )
    assert lines[-1].endswith(" ok")


def test_wide_characters_count_two_cells() -> None:
    text = "漢字漢字 かなかな 漢字漢字 😀😀"
    lines = wrap(text, 10)
    assert lines == ["漢字漢字", "かなかな", "漢字漢字", "😀😀"]
    assert all(cells(line) <= 10 for line in lines)


def test_a_hanging_indent_is_dropped_when_it_leaves_no_room() -> None:
    lines = wrap("one two three four five six", 16, "  coach › ")
    assert lines[0] == "  coach › one"
    assert all(cells(line) <= 16 for line in lines)
    assert words(" ".join(lines))[2:] == words("one two three four five six")


# -- the terminal face -------------------------------------------------------------------------


@pytest.mark.parametrize("width", [100, 40])
def test_the_face_wraps_replies_to_the_output_width(width: int) -> None:
    output = SizedOutput(width)
    TerminalFace(output=output).show(Say(QUOTED, "response"))
    lines = output.lines()
    assert len(lines) > 1 and all(cells(line) <= width for line in lines)
    assert lines[0].startswith("  coach › So when")
    assert all(line.startswith(" " * 10) for line in lines[1:])
    assert words(" ".join(lines))[2:] == words(QUOTED)


def test_the_face_follows_a_change_of_width_between_lines() -> None:
    output = SizedOutput(100)
    face = TerminalFace(output=output)
    face.show(Say(QUOTED, "say"))
    wide = len(output.lines())
    output.columns = 40
    face.show(Say(QUOTED, "say"))
    assert len(output.lines()) - wide > wide


def test_notices_and_summaries_wrap_and_stay_terminal_safe() -> None:
    output = SizedOutput(40)
    face = TerminalFace(output=output)
    face.notice("Saved as a draft.\x1b[31m Run `coach` later to pick it up again where you were.")
    face.show(Say("Small win: got the name of the person who actually signs contracts", "summary"))
    text = output.printed.getvalue()
    assert "\x1b" not in text
    assert all(cells(line) <= 40 for line in output.lines())
    assert output.lines()[1].startswith("  ")  # a notice's continuation keeps its indent
    assert "contracts" in output.lines()[-1]


LONG_SAY = """\
id: long_say
title: Long lines
steps:
  - id: intro
    type: say
    say: "{intro}"
  - id: line
    ask: "One line?"
    respond:
      - fallback: true
        say: "You wrote {{{{ answer }}}}, and that is worth keeping in mind for the next dial."
"""


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def test_a_conversation_on_a_narrow_terminal_never_breaks_a_word(
    tmp_path: Path, store: Store, pipe: PipeInput
) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    intro = "Take a moment before we start: the next few questions are about the call you just had."
    (folder / "long_say.yaml").write_text(
        textwrap.dedent(LONG_SAY.format(intro=intro)), encoding="utf-8"
    )
    library = load_library(folder)
    answer = "she didn't want to talk about the budget at all"
    pipe.send_text(answer + "\r")
    output = SizedOutput(40)
    runner = ConversationRunner(store, TerminalFace(input=pipe, output=output), lambda: FIXED_NOW)
    outcome = runner.start(library.get("long_say"), library.playbooks, {}, quick=False)
    assert outcome.status == "finished"
    printed = output.lines()
    first = printed.index(next(line for line in printed if line.startswith("Take a moment")))
    assert " ".join(printed[first : first + 3]).split() == intro.split()
    reply = next(index for index, line in enumerate(printed) if line.startswith("  coach ›"))
    said = " ".join(printed[reply : reply + 4]).split()
    assert "didn't" in said and "budget" in said
    assert all(cells(line) <= 40 for line in printed[reply : reply + 4])


# --- what the rep types, and the bottom line --------------------------------------------------


def _rows(text: str, width: int) -> list[str]:
    """How the face draws a typed line in `width` cells after the 2-cell prompt: the padded
    text cut into rows, as prompt-toolkit cuts it."""

    fragments = [("", text)]
    ti = TransformationInput(None, Document(text), 0, lambda i: i, fragments, width, 5)  # type: ignore[arg-type]
    shown = "".join(piece for _, piece, *_ in WordWrap(prefix=2).apply_transformation(ti).fragments)
    room = width - 2
    return [shown[start:start + room] for start in range(0, len(shown), room)]


@pytest.mark.parametrize("width", [30, 44, 80])
def test_typed_text_wraps_between_words(width: int) -> None:
    typed = ("he said they renewed with the incumbent last quarter and that procurement would "
             "not look at anything new before the autumn budget round")
    rows = _rows(typed, width)
    words = set(typed.split())
    for row in rows:
        assert all(word in words for word in row.split()), rows  # no word was cut in two
    assert " ".join(" ".join(rows).split()) == typed


def test_the_cursor_maps_through_the_padding_both_ways() -> None:

    text = "aaaa bbbbbbbbb cc"
    ti = TransformationInput(None, Document(text), 0, lambda i: i, [("", text)], 14, 5)  # type: ignore[arg-type]
    done = WordWrap(prefix=2).apply_transformation(ti)
    for position in range(len(text) + 1):
        assert done.display_to_source(done.source_to_display(position)) == position


def test_the_bottom_line_fits_80_columns_without_cutting_a_word() -> None:

    library = load_library()
    talk = Conversation(library.get("debrief"), library.playbooks, {}, FIXED_NOW.date())
    talk = talk.answer("x").answer(6).answer("delivery")
    assert talk.current is not None and talk.current.path == "reframe.trap"
    for width in (60, 80, 100, 120):
        ((_, text),) = toolbar(talk.current, drawing_of(talk.current), width)
        assert cells(text) <= width
        assert "type your own" in text and "Enter accept" in text
    wide = toolbar(talk.current, drawing_of(talk.current), 160)[0][1]
    assert "Debrief a tough call" in wide and "step" in wide
