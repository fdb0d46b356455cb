"""Sandboxed Jinja2 for prompts, conditions and the HTML report; the only package importing jinja2.

The modules, from the bottom up: `limits` (sizes and the render error), `results` (what an
analysis finds), `plain` (text with no Jinja2 syntax), `whitelist` (the syntax playbook text may
use), `sandbox` (the environment that parses and runs it), `analysis` (which names a text
reads), `compiled` (Template and Expression) and `html` (the report renderer).

Importing this package does not import Jinja2: only `whitelist`, `sandbox`, `analysis` and
`html` do, and they are imported where they are used (tests/test_startup_imports.py checks it).
"""

from __future__ import annotations

from coach.templating.compiled import Expression, Template, compile_expression, compile_template
from coach.templating.limits import MAX_TEXT, TemplateRenderError
from coach.templating.results import Analysis, Comparison, Reference

__all__ = [
    "MAX_TEXT",
    "Analysis",
    "Comparison",
    "Expression",
    "Reference",
    "Template",
    "TemplateRenderError",
    "compile_expression",
    "compile_template",
]
