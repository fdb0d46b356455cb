"""The render limits, the error raised when text goes over one, and failures put into words."""

from __future__ import annotations

from typing import Any

from coach.errors import TemplateProblem

MAX_TEXT = 4_000
"""The longest text a template or a single operation may produce."""

MAX_INT_BITS = 256
"""Integers beyond this size are refused: nothing a coach says needs them."""

MAX_SOURCE = 10_000
"""The longest template or condition accepted; its output could never fit in MAX_TEXT anyway."""

MAX_NESTING = 50
"""How deeply a template's syntax may nest. Jinja2's parser and compiler recurse once per level,
so a pathological text (`1+1+1+...`, thousands of brackets) must be refused before they run."""

TOO_DEEP = f"the text is nested more than {MAX_NESTING} levels deep"


class TemplateRenderError(Exception):
    """Rendering went over a limit or failed; the message says which."""


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would go over a limit, before it is computed."""
    if operator == "**":
        if isinstance(right, (int, float)) and abs(right) > 64:
            raise TemplateRenderError("the power is too large (at most 64)")
        if isinstance(left, int) and left.bit_length() * max(int(abs(right)), 1) > MAX_INT_BITS:
            raise TemplateRenderError("the number would be too large")
    if operator == "%" and isinstance(left, str):
        raise TemplateRenderError("'%' formatting of text is not allowed")
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            sized = isinstance(seq, (str, list, tuple)) and isinstance(count, int)
            if sized and len(seq) * count > MAX_TEXT:
                raise TemplateRenderError(f"the text would be longer than {MAX_TEXT} characters")


def check_size(value: Any) -> Any:
    """The value itself, unless it is text or a number over the limits."""
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_TEXT:
        raise TemplateRenderError(f"the text would be longer than {MAX_TEXT} characters")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise TemplateRenderError("the number would be too large")
    return value


def describe(error: Exception) -> str:
    """A user-facing reason for a failure, in words rather than Python's exception names."""
    if isinstance(error, TemplateProblem):  # the environment refused text that skipped the checks
        return error.message
    # Imported here: plain text renders without Jinja2 (see plain.py), and only a failure that
    # came out of the sandbox, which has loaded Jinja2 already, can be one of its errors.
    import jinja2

    if isinstance(error, jinja2.UndefinedError):
        return f"unknown name ({error.message})"
    if isinstance(error, jinja2.exceptions.SecurityError):
        return "blocked by the sandbox"
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"does not parse: {error.message}"
    if isinstance(error, ZeroDivisionError):
        return "division by zero"
    if isinstance(error, OverflowError):
        return "the number would be too large"
    if isinstance(error, TypeError):
        return "these values cannot be combined that way"
    if isinstance(error, RecursionError):
        return TOO_DEEP
    return "the text cannot be worked out"
