"""The playbook data model: frozen, validated descriptions of a guided reflection.

What differs between kinds of step (which exist, which ask the rep something) is the step
registry's to say, in `coach.playbook.steps`; the model only asks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coach.playbook.steps import playbook_types, step_type
from coach.templating import Expression, Template

if TYPE_CHECKING:
    from coach.language.matching import WordMatcher

STEP_TYPES = playbook_types()
"""Every kind of step a playbook may name, as the step registry lists them."""

END = "end"
"""The jump target that finishes the current playbook."""

MAX_INCLUDE_DEPTH = 20
"""How many playbooks may include each other in a row (a includes b includes c...)."""
MAX_EXPANDED_STEPS = 1000
"""How many steps a playbook may run to with its includes expanded (the engine expands them)."""


@dataclass(frozen=True)
class Choice:
    """One option of a choice step: the key stored, the label shown."""

    key: str
    label: str
    line: int = 0


@dataclass(frozen=True)
class Response:
    """Something the coach says back after a step is answered.

    It fires when its condition holds and, for keyword responses, when the answer contains one of
    the keywords or patterns. A fallback fires only when no keyword response of the step matched.
    Several `say` variants rotate so the rep does not read the same line every time.
    """

    say: tuple[Template, ...]
    when: Expression | None = None
    keywords: tuple[str, ...] = ()
    matchers: tuple[WordMatcher, ...] = ()
    fallback: bool = False
    line: int = 0


@dataclass(frozen=True)
class Jump:
    """A rule in `next`: go to `goto` when `when` holds.

    A jump back (to the same or an earlier step) is taken at most `limit` times per conversation,
    so a loop always ends; forward jumps have no limit.
    """

    goto: str
    when: Expression | None = None
    limit: int = 2
    line: int = 0
    column: int = 0
    limit_at: tuple[int, int] | None = None
    """Where `limit` is written, when the playbook gives one."""


@dataclass(frozen=True)
class Value:
    """A value the playbook derives from answers (`set`), usable like an answer by later rules."""

    name: str
    expression: Expression
    line: int = 0


@dataclass(frozen=True)
class Step:
    """One step of a playbook: a question, a line the coach says, or an included playbook."""

    id: str
    type: str
    ask: Template | None = None
    # A say step's other lines, said in turn across conversations (ask is the first).
    variants: tuple[Template, ...] = ()
    help: str = ""
    required: bool = True
    default: Any = None
    when: Expression | None = None
    next: tuple[Jump, ...] = ()
    responses: tuple[Response, ...] = ()
    choices: tuple[Choice, ...] = ()
    multiple: bool = False
    other: bool = False
    """A choice that also takes the rep's own words: typed text that names no option is kept."""
    minimum: float | None = None
    maximum: float | None = None
    min_label: str = ""
    max_label: str = ""
    multiline: bool = False
    include: str | None = None
    line: int = 0
    column: int = 0
    include_at: tuple[int, int] = (0, 0)

    @property
    def asks(self) -> bool:
        """Whether the step waits for an answer from the rep (as its type says, in the registry)."""
        return step_type(self.type).asks

    def choice_keys(self) -> tuple[str, ...]:
        """The keys of a choice step's options."""
        return tuple(choice.key for choice in self.choices)

    def choice_label(self, key: str) -> str:
        """The label shown for a stored choice key (the key itself if unknown)."""
        return next((choice.label for choice in self.choices if choice.key == key), key)


@dataclass(frozen=True)
class Playbook:
    """A validated playbook, as loaded from one YAML file."""

    id: str
    title: str
    summary: str
    steps: tuple[Step, ...]
    tags: tuple[str, ...] = ()
    quick: tuple[str, ...] | None = None
    values: tuple[Value, ...] = ()
    inputs: tuple[tuple[str, Any], ...] = ()
    path: str = ""
    origin: str = "built-in"
    overrides: str = ""
    _index: dict[str, Step] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update({step.id: step for step in self.steps})

    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError if there is none)."""
        return self._index[step_id]

    def has_step(self, step_id: str) -> bool:
        """Whether the playbook has a step with this id."""
        return step_id in self._index

    def steps_for(self, quick: bool) -> tuple[Step, ...]:
        """The steps of the full playbook, or of its quick variant when asked and available."""
        if quick and self.quick is not None:
            wanted = set(self.quick)
            return tuple(step for step in self.steps if step.id in wanted)
        return self.steps
