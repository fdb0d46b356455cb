"""Rendering Coach's own HTML report templates, with every value HTML-escaped."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

_HTML_ENVIRONMENT = ImmutableSandboxedEnvironment(
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    loader=None,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(template_source: str, context: Mapping[str, Any]) -> str:
    """Render one of Coach's own HTML templates with every value HTML-escaped.

    This is for Coach's shipped report templates, not for playbook text: loops are allowed, and
    autoescaping keeps anything the rep typed (even `<script>`) inert in the page.
    """
    return _HTML_ENVIRONMENT.from_string(template_source).render(dict(context))
