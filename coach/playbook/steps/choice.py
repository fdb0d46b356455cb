"""The choice step: one option (or several) from a list, by number, key or label, or own words."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from coach.playbook.steps.base import Drawing, InvalidAnswer, StepType, WrittenDefault, echo

if TYPE_CHECKING:
    from coach.playbook.model import Step

MAX_OWN_WORDS = 500
"""The longest text an `other: true` choice keeps as the rep's own words."""


def choice_key(step: Step, text: str) -> str:
    """The key of the one option `text` names (its number, key or label)."""
    token = text.strip().lower()
    if token.isdigit() and 1 <= int(token) <= len(step.choices):
        return step.choices[int(token) - 1].key
    for choice in step.choices:
        if token in (choice.key.lower(), choice.label.lower()):
            return choice.key
    # "brush off" for "Brush-off", "cant tell" for "Can't tell": the same letters in order.
    letters = _letters(token)
    for choice in step.choices:
        if letters and letters in (_letters(choice.key), _letters(choice.label)):
            return choice.key
    raise InvalidAnswer(f"{echo(text)} is not one of the options: type a number from 1 to "
                        f"{len(step.choices)}")


def _letters(text: str) -> str:
    return "".join(character for character in text.lower() if character.isalnum())


def _picks(step: Step, text: str) -> str | list[str]:
    if not step.multiple:
        return choice_key(step, text)
    parts = [part for part in re.split(r"[,;]|\s+", text) if part.strip()]
    if len(parts) > 1 and any(not part.isdigit() for part in parts):
        # Labels can contain spaces, so only split on spaces when every part is a number.
        parts = [part for part in re.split(r"[,;]", text) if part.strip()]
    return list(dict.fromkeys(choice_key(step, part) for part in parts))


UNSURE_LABELS = frozenset({"can not tell", "not sure", "do not know", "no idea", "unsure",
                           "hard to say", "dunno"})
"""Option labels that say the rep does not know, as language/tokens.py spells them out."""


def _unsure_option(step: Step, text: str) -> str | None:
    """The key of the one option that says "don't know" ("Can't tell", "Not sure"), when the
    rep typed a non-answer ("idk", "no idea"): they chose it in their own words, so the coach
    should not refuse it as "not one of the options". Options that answer with a no ("Not
    really", "Nothing said") are never taken for it."""
    from coach.language.hearing import hear
    from coach.language.tokens import normalise

    if not hear(text).nonanswer:
        return None
    unsure = [choice.key for choice in step.choices
              if " ".join(word for word, _, _ in normalise(choice.label, fold=str) if word)
              in UNSURE_LABELS]
    return unsure[0] if len(unsure) == 1 else None


class ChoiceStep(StepType):
    name = "choice"
    keys = ("choices", "multiple", "other")
    needs = "choices"
    has_choices = True
    implied_by = "choices"
    implied_rank = 1  # a step with choices and a say line is a choice

    def parse(self, step: Step, text: str, today: date) -> str | list[str]:
        try:
            return _picks(step, text)
        except InvalidAnswer:
            unsure = _unsure_option(step, text)
            if unsure is not None:
                return [unsure] if step.multiple else unsure
            # Only words count as the rep's own: a stray number is a mistyped pick.
            if not step.other or not re.search(r"[^\W\d_]", text):
                raise
        own = text.strip()
        if len(own) > MAX_OWN_WORDS:
            raise InvalidAnswer(f"keep it under {MAX_OWN_WORDS} characters, or pick an option")
        return own

    def read_default(self, step: Step, written: WrittenDefault) -> str | list[str] | None:
        text = written.text()
        if text is None:
            return None
        keys = list(step.choice_keys())
        if keys and text not in keys:
            written.problem(f"'{text}' is not a choice key", written.suggest(text, keys))
            return None
        return [text] if step.multiple else text

    def is_words(self, step: Step, value: Any) -> bool:
        return step.other and isinstance(value, str) and value not in step.choice_keys()

    def hint(self, step: Step) -> str:
        base = f"1-{len(step.choices)}"
        base += ", several with commas" if step.multiple else ""
        return base + (", or your own words" if step.other else "")

    def format(self, step: Step, value: Any) -> str:
        keys = value if isinstance(value, list) else [value]
        return ", ".join(step.choice_label(str(key)) for key in keys)

    def typed(self, step: Step, value: Any) -> str:
        # What the rep sees when editing an answer: the options' words, never their keys; a
        # label that a comma would split is given by its number instead.
        keys = value if isinstance(value, list) else [value]
        shown = []
        for key in keys:
            label = step.choice_label(str(key))
            numbers = [n for n, choice in enumerate(step.choices, 1) if choice.key == key]
            if numbers and (not label or re.search(r"[,;]", label) or label.strip().isdigit()):
                shown.append(str(numbers[0]))
            else:
                shown.append(label if numbers else str(key))
        return ", ".join(shown)

    def option_lines(self, step: Step) -> list[str]:
        return [f"  {number}. {choice.label}" for number, choice in enumerate(step.choices, 1)]

    def outline(self, step: Step) -> str:
        kind = "choose several" if step.multiple else "choice"
        return kind + (" or own words" if step.other else "")

    def likely(self, step: Step, today: date) -> Any:
        # Playbooks list their likely option first.
        if not step.choices:
            return None
        first = step.choices[0].key
        return [first] if step.multiple else first

    def drawing(self, step: Step) -> Drawing:
        own = "type your own · " if step.other else ""
        hint = "or type it in your own words" if step.other else ""
        if step.multiple:
            return Drawing(
                "options", f"1-9/space toggle · {own}Enter accept", hint=hint, multiple=True
            )
        return Drawing("options", f"↑↓ move · 1-9 pick · {own}Enter accept", hint=hint)
