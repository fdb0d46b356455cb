"""The record schema's constants: the kinds of effort, the limits every writer and check applies,
and the names a check-in's goals are stored under.

The store is the bottom of the domain, so these live here and everything above (the review,
`coach log`, the call-log import, team shares) reads them from this one place. docs/records.md
describes the records they shape.
"""

from __future__ import annotations

EFFORT_KINDS = ("dials", "conversations", "meetings", "follow_ups", "objections")
"""The kinds of effort a rep logs; the same names are used in stats and records."""

MAX_COUNT = 1000
"""A bigger count in one go is almost certainly a typo (a phone number, an extra zero)."""

MAX_NOTE = 500
"""The longest note an effort event keeps, in characters."""

GOAL_PREFIX = "goal_"
"""A check-in value whose name starts with this is a goal: goal_dials..."""
