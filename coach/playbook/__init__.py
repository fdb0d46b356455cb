"""The playbook language: the frozen model, reading YAML, checking, the library, its cache, tests."""

from coach.playbook.model import Playbook

__all__ = ["Playbook"]
