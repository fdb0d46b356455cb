"""Sandboxed Jinja2 for prompts, conditions and the HTML report; the only package importing jinja2.

The modules, from the bottom up: `limits` (sizes and the render error), `whitelist` (the syntax
playbook text may use), `sandbox` (the environment that parses and runs it), `analysis` (which
names a text reads), `compiled` (Template and Expression) and `html` (the report renderer).
"""

from __future__ import annotations

from coach.templating.analysis import (
    Analysis,
    Comparison,
    Reference,
    analyse_condition,
    analyse_template,
)
from coach.templating.compiled import Expression, Template, compile_expression, compile_template
from coach.templating.html import render_html
from coach.templating.limits import MAX_TEXT, TemplateRenderError
from coach.templating.whitelist import ALLOWED_FILTERS, ALLOWED_TESTS

__all__ = [
    "ALLOWED_FILTERS",
    "ALLOWED_TESTS",
    "MAX_TEXT",
    "Analysis",
    "Comparison",
    "Expression",
    "Reference",
    "Template",
    "TemplateRenderError",
    "analyse_condition",
    "analyse_template",
    "compile_expression",
    "compile_template",
    "render_html",
]
