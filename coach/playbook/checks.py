"""Checks that need the whole set of playbooks: names read, includes, jumps and reachability.

The include graph itself (cycles, nesting depth, expanded size) is measured in `includes`.
"""

from __future__ import annotations

from collections.abc import Mapping

from coach.errors import Diagnostic
from coach.language.hearing import FIELDS, TARGETS, TONES
from coach.playbook.includes import include_cycles, include_problems
from coach.playbook.model import END, Playbook, Step
from coach.playbook.reader import did_you_mean
from coach.playbook.steps import kind_of
from coach.review.stats import KNOWN_STATS
from coach.templating import Analysis, Expression, Template

GLOBAL_NAMES = ("stats", "today")
RESPONSE_NAMES = ("answer", "match", "shown")
"""Extra names a response's text may read: the answer just given, the keyword match, and the
answer as it is read back (a choice's label, a date in full: "Thu 1 Apr 2027")."""
RESPONSE_CONDITION_NAMES = ("answer",)
"""A response's `when` is tested before any keyword has matched, so only `answer` is there."""


def names_of(playbook: Playbook) -> list[str]:
    """The names a playbook's own conditions and templates may read (besides stats and today)."""
    names = [step.id for step in playbook.steps if step.asks or kind_of(step).includes]
    names += [value.name for value in playbook.values]
    names += [name for name, _ in playbook.inputs]
    return names


class _Checker:
    def __init__(self, playbook: Playbook, library: Mapping[str, Playbook]) -> None:
        self.playbook = playbook
        self.library = library
        self.problems: list[Diagnostic] = []
        self.names = names_of(playbook)

    def problem(self, line: int, column: int, message: str, hint: str = "") -> None:
        self.problems.append(Diagnostic(self.playbook.path, line, column, message, hint))

    def included(self, name: str) -> Playbook | None:
        if not self.playbook.has_step(name):
            return None
        step = self.playbook.step(name)
        return self.library.get(step.include) if step.include is not None else None

    def is_text(self, name: str) -> bool:
        """Whether `name` holds typed words: the answer being replied to, or a text step's."""
        if name in RESPONSE_NAMES:
            return name == "answer"
        if not self.playbook.has_step(name):
            return False
        step = self.playbook.step(name)
        kind = kind_of(step)
        return kind.free_text or (kind.has_choices and step.other)

    def choice_step(self, name: str, attribute: str | None) -> Step | None:
        owner: Playbook | None = self.playbook
        if attribute is not None:
            owner, name = self.included(name), attribute
        if owner is None or not owner.has_step(name):
            return None
        step = owner.step(name)
        return step if kind_of(step).has_choices else None

    def check_analysis(
        self, analysis: Analysis, line: int, column: int, where: str, extra: tuple[str, ...] = ()
    ) -> None:
        known = list(dict.fromkeys([*self.names, *GLOBAL_NAMES, *extra]))
        for reference in analysis.references:
            at = line + reference.line - 1
            name, attribute = reference.name, reference.attribute
            if name not in known:
                self.problem(at, column, f"{where}unknown name '{name}'", did_you_mean(name, known))
            elif attribute is not None and name == "stats" and attribute not in KNOWN_STATS:
                self.problem(
                    at,
                    column,
                    f"{where}unknown stat '{attribute}'",
                    did_you_mean(attribute, list(KNOWN_STATS)),
                )
            elif attribute is not None and self.is_text(name):
                if attribute not in FIELDS:
                    self.problem(at, column, f"{where}'{name}' has no attribute '{attribute}'",
                                 did_you_mean(attribute, list(FIELDS)))
            elif attribute is not None and name != "stats":
                inner = self.included(name)
                if inner is None:
                    if name in self.names:
                        self.problem(
                            at,
                            column,
                            f"{where}'{name}' has no attribute '{attribute}'",
                            "only stats and included playbooks have attributes",
                        )
                elif attribute not in names_of(inner):
                    self.problem(
                        at,
                        column,
                        f"{where}'{inner.id}' has no step or value '{attribute}'",
                        did_you_mean(attribute, names_of(inner)),
                    )
        for comparison in analysis.comparisons:
            ref = comparison.reference
            if ref.attribute in ("tone", "about") and self.is_text(ref.name):
                allowed = list(TONES if ref.attribute == "tone" else TARGETS)
                for value in comparison.values:
                    if value not in allowed:
                        self.problem(line + ref.line - 1, column,
                                     f"{where}{ref.attribute} is never {value!r}",
                                     f"it is one of {', '.join(allowed)}")
                continue
            step = self.choice_step(ref.name, ref.attribute)
            if step is None:
                continue
            keys = [choice.key for choice in step.choices]
            for value in comparison.values:
                if isinstance(value, str) and value not in keys:
                    self.problem(
                        line + ref.line - 1,
                        column,
                        f"{where}'{value}' is not a choice of step '{step.id}'",
                        did_you_mean(value, keys),
                    )

    def check_condition(
        self, expression: Expression, where: str, extra: tuple[str, ...] = ()
    ) -> None:
        # The analysis was made when the file was read; it is reused, not parsed again.
        self.check_analysis(expression.analysis, expression.line, expression.column, where, extra)

    def check_template(self, template: Template, where: str, extra: tuple[str, ...] = ()) -> None:
        self.check_analysis(template.analysis, template.line, template.column, where, extra)

    def run(self) -> list[Diagnostic]:
        ids = [step.id for step in self.playbook.steps]
        for step in self.playbook.steps:
            where = f"step '{step.id}': "
            if step.ask is not None:
                self.check_template(step.ask, where)
            for variant in step.variants:
                self.check_template(variant, where)
            if step.when is not None:
                self.check_condition(step.when, where + "when: ")
            for jump in step.next:
                if jump.goto != END and jump.goto not in ids:
                    self.problem(
                        jump.line,
                        jump.column,
                        f"{where}next: unknown step '{jump.goto}'",
                        did_you_mean(jump.goto, list(dict.fromkeys([*ids, END]))),
                    )
                if jump.when is not None:
                    self.check_condition(jump.when, where + "next: ")
            for response in step.responses:
                if response.when is not None:
                    self.check_condition(
                        response.when, where + "respond: ", RESPONSE_CONDITION_NAMES
                    )
                for say in response.say:
                    self.check_template(say, where + "respond: ", RESPONSE_NAMES)
            # An include step without a playbook id was reported when the file was read.
            missing = step.include is not None and step.include not in self.library
            if missing:
                self.problem(
                    *step.include_at,
                    f"{where}include: unknown playbook '{step.include}'",
                    did_you_mean(step.include or "", sorted(self.library)),
                )
        for value in self.playbook.values:
            self.check_condition(value.expression, f"set '{value.name}': ")
        self.check_reachable()
        return list(dict.fromkeys(self.problems))

    def check_reachable(self) -> None:
        """Every step must be reachable from the first by the default order or a jump."""
        steps = self.playbook.steps
        position = {step.id: index for index, step in enumerate(steps)}
        seen, todo = set(), [0]
        while todo:
            index = todo.pop()
            if index in seen or index >= len(steps):
                continue
            seen.add(index)
            step = steps[index]
            # A jump to an unknown step is reported on its own; counting it as a jump to the end
            # would also call every later step unreachable.
            jumps = [jump for jump in step.next if jump.goto == END or jump.goto in position]
            targets = [position.get(jump.goto, len(steps)) for jump in jumps]
            # The step falls through to the next one when it may be skipped, when no jump is
            # unconditional, or when its unconditional jump goes back (back jumps run out).
            always = [
                t for jump, t in zip(jumps, targets, strict=True) if jump.when is None and t > index
            ]
            if step.when is not None or not always:
                todo.append(index + 1)
            todo.extend(position[j.goto] for j in step.next if j.goto in position)
        for index, step in enumerate(steps):
            if index not in seen:
                self.problem(
                    step.line,
                    step.column,
                    f"step '{step.id}' can never be reached",
                    "an earlier 'next' always jumps past it; add a condition or a jump to it",
                )


def check_library(library: Mapping[str, Playbook]) -> dict[str, list[Diagnostic]]:
    """Check every playbook against the others; returns the problems per playbook id."""
    problems = {pid: _Checker(playbook, library).run() for pid, playbook in library.items()}
    # Each cycle is said from the reporting playbook's side: one -> two -> one in one.yaml.
    for playbook, step, cycle in include_cycles(library):
        problems[playbook.id].append(
            Diagnostic(
                playbook.path,
                step.line,
                step.column,
                f"step '{step.id}': include cycle {' -> '.join(cycle)}",
                "a playbook cannot include itself, directly or through others",
            )
        )
    for playbook_id, problem in include_problems(library):
        problems[playbook_id].append(problem)
    return problems
