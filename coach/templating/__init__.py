"""Sandboxed Jinja2 for prompts, conditions and the HTML report; the only package importing jinja2."""
