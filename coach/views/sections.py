"""The sections of the pattern review, in one table: each one's title and sentences, in order.

The terminal (`text.py`), the Markdown week for a huddle (`markdown.py`) and the HTML report
(`html.py` and report.html.j2) all read this table, so a title cannot drift between them. Each
view draws its own chart for a section, by its key. Adding a section is a row here (and, if it
has one, a chart in the views that draw it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.views import words

if TYPE_CHECKING:
    from coach.review.patterns import Review

GLANCE = "At a glance"
"""The title of the highlights every view leads with."""

NO_CALLBACKS = "No callback is due in the last two weeks or the coming week."


@dataclass(frozen=True)
class Section:
    """One section: its key (the views' charts are keyed by it), title and sentences."""

    key: str
    title: str
    sentences: Callable[[Review], list[str]]
    huddle: Callable[[Review], list[str]] | None = None
    """Its sentences in the Markdown week for a huddle; None leaves it out of the huddle."""


def _callbacks(review: Review) -> list[str]:
    found = [words.callback_line(item.day, item.prospect, item.record_id, review.today)
             for item in (*review.callbacks_due, *review.callbacks_upcoming)]
    return found or [NO_CALLBACKS]


def _causes(review: Review) -> list[str]:
    return words.cause_lines(review.causes)


def _sting(review: Review) -> list[str]:
    return words.sting_lines(review.sting)


def _wins(review: Review) -> list[str]:
    return words.win_lines(review.wins, review.period.days)


def _strain(review: Review) -> list[str]:
    return words.strain_lines(review.strain, review)


def _averages_for_a_huddle(review: Review) -> list[str]:
    return words.averages_lines(review)[:-1]  # without the rep's own reminder to keep dialling


SECTIONS = (
    Section("causes", 'Why the "no"s happened', _causes, _causes),
    Section("sting", "Does debriefing help?", _sting, _sting),
    Section("wins", "Small wins and streaks", _wins, _wins),
    Section("averages", "Trust your averages", words.averages_lines, _averages_for_a_huddle),
    Section("goals", "Effort against the check-in goals", words.goal_lines, words.goal_lines),
    Section("strain", "Strain", _strain, _strain),
    Section("themes", "What keeps coming back", words.theme_lines, words.theme_lines),
    Section("objections", "Objections that keep coming back", words.objection_lines,
            words.objection_lines),
    Section("callbacks", "Callbacks", _callbacks),
)
