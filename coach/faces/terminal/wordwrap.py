"""Typed answers wrap at spaces, not in the middle of a word.

prompt-toolkit wraps a long input line wherever the row ends ("I asked about their bud|get").
`WordWrap` is an input processor that pads the end of a row with spaces, so a word that would
cross the edge starts on the next row instead. Only what is drawn changes: the text the rep typed
is untouched, and the cursor and mouse map through the padding both ways.
"""

from __future__ import annotations

from bisect import bisect_right

from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.formatted_text.utils import fragment_list_to_text
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from prompt_toolkit.layout.utils import explode_text_fragments
from prompt_toolkit.utils import get_cwidth


def padding(text: str, width: int) -> list[tuple[int, int]]:
    """Where to pad `text` so no word crosses a row of `width` cells: (index, spaces) pairs.

    >>> padding("one two three", 8)   # "one two " fills the row; "three" starts the next
    []
    >>> padding("aaa bbbbb", 6)
    [(4, 2)]
    """
    inserts: list[tuple[int, int]] = []
    column, at = 0, 0
    while at < len(text):
        end = at
        while end < len(text) and text[end] != " ":
            end += 1
        if end == at:  # a space
            column = (column + get_cwidth(text[at])) % width
            at += 1
            continue
        cells = sum(get_cwidth(char) for char in text[at:end])
        if column and column + cells > width and cells <= width:
            inserts.append((at, width - column))
            column = 0
        column = (column + cells) % width
        at = end
    return inserts


class WordWrap(Processor):
    """Pads rows so words wrap whole; `prefix` is the width of the prompt before each row."""

    def __init__(self, prefix: int = 2) -> None:
        self.prefix = prefix

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        width = ti.width - self.prefix
        text = fragment_list_to_text(ti.fragments)
        if width < 12 or get_cwidth(text) <= width:
            return Transformation(ti.fragments)
        inserts = padding(text, width)
        if not inserts:
            return Transformation(ti.fragments)
        exploded = explode_text_fragments(ti.fragments)
        fragments: StyleAndTextTuples = []
        starts = [index for index, _ in inserts]
        pads = dict(inserts)
        for index, fragment in enumerate(exploded):
            if index in pads:
                fragments.append((fragment[0], " " * pads[index]))
            fragments.append(fragment)
        added = [0]
        for _, spaces in inserts:
            added.append(added[-1] + spaces)
        # Display positions where each insert's padding begins.
        shifted = [start + added[number] for number, start in enumerate(starts)]

        def to_display(position: int) -> int:
            return position + added[bisect_right(starts, position)]

        def to_source(position: int) -> int:
            number = bisect_right(shifted, position)
            if number and position < shifted[number - 1] + inserts[number - 1][1]:
                return starts[number - 1]  # inside the padding: the start of the next word
            return position - added[number]

        return Transformation(fragments, to_display, to_source)
