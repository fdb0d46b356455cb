"""What the terminal face draws for a question, as plain (style, text) fragments.

The question, the rep's quoted words, the options or the scale with where the arrow keys
point, the hint and the prompt mark, and the bottom toolbar. Nothing here needs prompt-toolkit:
the face hands these fragments to it, and the first paint (firstpaint.py) draws the very same
fragments while prompt-toolkit is still loading.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from coach.conversation.engine import Ask
from coach.playbook.steps import Drawing, kind_of
from coach.safetext import safe
from coach.views.display import steps_of_about
from coach.views.wrap import cells, wrap

Fragments = list[tuple[str, str]]

STYLE_RULES = {
    "question": "bold",
    "quote": "italic ansibrightblack",
    "option": "",
    "option.current": "reverse",
    "option.number": "ansibrightblack",
    "scale.current": "reverse bold",
    "hint": "ansibrightblack",
    "say": "italic",
    "response": "ansicyan",
    "safety": "bold ansiyellow",
    "notice": "ansibrightblack",
    "bottom-toolbar": "noreverse ansibrightblack",
}
"""The face's style classes (a prompt-toolkit style dictionary)."""


@dataclass
class Cursor:
    """Where the arrow keys point in a list of options or on a scale."""

    index: int = 0
    chosen: set[int] = field(default_factory=set)
    recalled: int = -1


def drawing_of(ask: Ask) -> Drawing:
    """How the question is drawn: as its type says, and left with q when no playbook asks it."""
    drawing = kind_of(ask.step).drawing(ask.step)
    if ask.playbook is None and not drawing.quits:
        return replace(drawing, quits=True, help_key="q quit")
    return drawing


def starting_cursor(ask: Ask, drawing: Drawing, prefill: str) -> tuple[Cursor, str]:
    """Where the arrows point when the question opens, and what is left to put in the line.

    A draft's options come back as the pointed and chosen ones, and a scale's value as the
    pointed one; the rep's own words for an "other" answer stay in the line to edit."""
    step = ask.step
    cursor = Cursor()
    if drawing.widget == "options" and prefill:
        keys = [choice.key for choice in step.choices]
        picked = [keys.index(k.strip()) for k in prefill.split(",") if k.strip() in keys]
        cursor.index = picked[0] if picked else 0
        cursor.chosen = set(picked) if drawing.multiple else set()
        if picked or not step.other:
            prefill = ""
    if drawing.widget == "scale":
        low = int(step.minimum or 0)
        cursor.index = int(prefill) - low if prefill.lstrip("-").isdigit() else -1
        prefill = ""
    return cursor, prefill


def wrapped(text: str, width: int, first: str = "", rest: str | None = None) -> str:
    """Terminal-safe text broken at spaces to fit `width`, continuation lines hanging."""
    return "\n".join(wrap(safe(text), width, first, rest))


def message(ask: Ask, drawing: Drawing, cursor: Cursor, width: int) -> Fragments:
    """The question as it is drawn above the line the rep types in, ending with the prompt."""
    step = ask.step
    lines: Fragments = [("", "\n")]
    for quote in ask.quotes:
        said = wrapped(f'"{shorten(quote, 70)}"', width, "  you said: ")
        lines.append(("class:quote", said + "\n"))
    lines.append(("class:question", wrapped(ask.text, width) + "\n"))
    if drawing.widget == "options":
        for index, choice in enumerate(step.choices):
            mark = ""
            if drawing.multiple:
                mark = "[x] " if index in cursor.chosen else "[ ] "
            number = f"{index + 1}." if index < 9 else "  "
            lead = f"  {number:>3} "
            style = "class:option.current" if index == cursor.index else "class:option"
            first, *more = wrapped(mark + choice.label, width, lead).split("\n")
            lines.append(("class:option.number", lead))
            lines.append((style, first[len(lead) :]))
            for line in more:  # continuation lines hang under the label, not the number
                text = line.lstrip(" ")
                lines += [("", "\n" + line[: len(line) - len(text)]), (style, text)]
            lines.append(("", "\n"))
    elif drawing.widget == "scale":
        lines += scale_line(ask, cursor)
    if drawing.hint:
        lines.append(("class:hint", wrapped(drawing.hint, width, "  ") + "\n"))
    lines.append(("class:question", "› "))
    return lines


def scale_line(ask: Ask, cursor: Cursor) -> Fragments:
    step = ask.step
    low, high = int(step.minimum or 0), int(step.maximum or 10)
    fragments: Fragments = [("class:hint", f"  {safe(step.min_label)} ")]
    for value in range(low, high + 1):
        style = "class:scale.current" if value - low == cursor.index else ""
        fragments.append((style, f" {value} "))
    fragments.append(("class:hint", f" {safe(step.max_label)}\n"))
    return fragments


def toolbar(ask: Ask, drawing: Drawing, width: int = 80) -> Fragments:
    """Where the rep is and which keys work, for the bottom of the screen, in `width` cells.

    Nothing is cut mid-word: on a narrow screen the title goes first, then the long form of the
    step count, so the keys (and "type your own") always show whole.
    """
    keys, ending = f"{drawing.keys} · {drawing.help_key}", ""
    where = [f"step {steps_of_about(ask)}", f"{ask.number}/{max(ask.total, ask.number)}"] if ask.total else [""]
    candidates = [" · ".join(part for part in (safe(title(ask)), where[0], keys) if part),
                  *(" · ".join(part for part in (step, keys) if part) for step in where),
                  keys, drawing.keys]
    for text in candidates:
        if cells(text) + 2 <= width:
            ending = text
            break
    return [("class:bottom-toolbar", f" {ending or drawing.keys} ")]


def title(ask: Ask) -> str:
    if ask.playbook is None:
        return ask.flow
    if ask.flow and ask.flow != ask.playbook.title:
        return f"{ask.flow} › {ask.playbook.title}"
    return ask.playbook.title


def shorten(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
