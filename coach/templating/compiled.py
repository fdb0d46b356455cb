"""Checked templates and expressions: compiled on first use, rendered or evaluated safely.

Nothing here loads Jinja2 at import: the sandbox is imported the first time a text needs it.
Plain template text (no Jinja2 syntax, see plain.py) never needs it, and an analysis an earlier
run remembered (playbook/cache.py) needs no parse, so a conversation can reach its first
question without Jinja2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from coach.templating.limits import MAX_TEXT, TemplateRenderError, describe
from coach.templating.plain import is_plain, plain_analysis, plain_render
from coach.templating.results import Analysis


@dataclass(frozen=True)
class _Checked:
    """Checked playbook text (a template or a condition), compiled to Python on first use.

    Turning checked text into Python code is the slow part of loading a playbook, and most texts
    are never shown in a given run, so it happens the first time the text is needed.
    """

    source: str
    analysis: Analysis = field(default_factory=Analysis, repr=False, compare=False)
    line: int = field(default=1, compare=False)
    column: int = field(default=1, compare=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def _compiled(self, build: Callable[[str], Any]) -> Any:
        if "compiled" not in self._cache:
            self._cache["compiled"] = build(self.source)
        return self._cache["compiled"]


@dataclass(frozen=True)
class Template(_Checked):
    """A checked prompt or response text, ready to render against a namespace."""

    names: tuple[str, ...] = ()

    def render(self, namespace: Mapping[str, Any]) -> str:
        """Render the text; raises TemplateRenderError on any failure or limit."""
        if is_plain(self.source):
            text = plain_render(self.source)
        else:
            text = self._render_in_sandbox(namespace)
        if len(text) > MAX_TEXT:
            raise TemplateRenderError(f"the text would be longer than {MAX_TEXT} characters")
        return text

    def _render_in_sandbox(self, namespace: Mapping[str, Any]) -> str:
        from coach.templating.sandbox import template_code

        try:
            text: str = self._compiled(template_code).render(dict(namespace))
        except TemplateRenderError:
            raise
        except Exception as error:
            raise TemplateRenderError(describe(error)) from None
        return text


@dataclass(frozen=True)
class Expression(_Checked):
    """A checked condition or value expression over answers and stats."""

    def value(self, namespace: Mapping[str, Any]) -> Any:
        """The expression's value, or None when it cannot be computed (e.g. a missing answer)."""
        from coach.templating.sandbox import expression_code, is_undefined

        try:
            value = self._compiled(expression_code)(**namespace)
        except Exception:
            return None
        # An undefined result (a stat missing from the namespace) is "cannot be computed" too;
        # left undefined, it would raise later, outside this guard, when tested for truth.
        return None if is_undefined(value) else value

    def holds(self, namespace: Mapping[str, Any]) -> bool:
        """Whether the condition is true; one that cannot be computed counts as false."""
        return bool(self.value(namespace))


AnalysisKey = tuple[str, str]
"""("template" or "expression", the text)."""


@dataclass
class Remembered:
    """Analyses of texts that passed the checks in an earlier run, and those used in this one.

    The playbook cache fills `earlier` from disk, so the slow parse-and-check of unchanged text
    is skipped at load. That is safe because the sandbox checks the whitelist again whenever
    it compiles text to run (see sandbox.py): a forged entry can only make a loader miss a
    name, which then fails to render like any missing answer.
    """

    earlier: dict[AnalysisKey, Analysis] = field(default_factory=dict)
    used: dict[AnalysisKey, Analysis] = field(default_factory=dict)


_REMEMBERED: ContextVar[Remembered | None] = ContextVar("remembered_analyses", default=None)


@contextmanager
def remembering(remembered: Remembered) -> Iterator[Remembered]:
    """Within the block, compiling text reuses and records analyses in `remembered`."""
    token = _REMEMBERED.set(remembered)
    try:
        yield remembered
    finally:
        _REMEMBERED.reset(token)


def _analysed(kind: str, source: str, analyse: Callable[[str], Analysis]) -> Analysis:
    remembered = _REMEMBERED.get()
    if remembered is None:
        return analyse(source)
    key = (kind, source)
    found = remembered.earlier.get(key)
    if found is None:
        found = analyse(source)  # raises TemplateProblem, and nothing is remembered
    remembered.used[key] = found
    return found


def _analyse_template(source: str) -> Analysis:
    if is_plain(source):
        return plain_analysis(source)
    from coach.templating.analysis import analyse_template

    return analyse_template(source)


def _analyse_condition(source: str) -> Analysis:
    from coach.templating.analysis import analyse_condition

    return analyse_condition(source)


def compile_template(source: str) -> Template:
    """Check and compile a template (raises TemplateProblem)."""
    analysis = _analysed("template", source, _analyse_template)
    names = tuple(dict.fromkeys(reference.name for reference in analysis.references))
    return Template(source, analysis, names=names)


def compile_expression(source: str) -> Expression:
    """Check and compile a condition or value expression (raises TemplateProblem)."""
    return Expression(source, _analysed("expression", source, _analyse_condition))
