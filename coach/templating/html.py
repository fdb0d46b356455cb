"""Rendering Coach's own HTML report templates, with every value cleaned and HTML-escaped."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

_HTML_ENVIRONMENT = ImmutableSandboxedEnvironment(
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    loader=None,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _finalizer(clean: Callable[[str], str]) -> Callable[[Any], Any]:
    def finalize(value: Any) -> Any:
        # Numbers are left as they are; text, and the markup a macro returns, lose the
        # characters `clean` drops before they are escaped into the page.
        if isinstance(value, Markup):
            return Markup(clean(str(value)))
        if isinstance(value, (int, float)):
            return value
        return clean(str(value))

    return finalize


def render_html(template_source: str, context: Mapping[str, Any], *,
                clean: Callable[[str], str]) -> str:
    """Render one of Coach's own HTML templates with every value cleaned and HTML-escaped.

    This is for Coach's shipped report templates, not for playbook text: loops are allowed, and
    autoescaping keeps anything the rep typed (even `<script>`) inert in the page. `clean` is
    applied to every value the template prints (the views pass `safe`, which drops control
    characters and bidi overrides that could make the page read differently from what it holds);
    it is required, so no template can be rendered without it.
    """
    environment = _HTML_ENVIRONMENT.overlay(finalize=_finalizer(clean))
    return environment.from_string(template_source).render(dict(context))
