"""Playbooks and their test files are read by one node reader: same positions, same words.

Also: every module that decides what a checked playbook is counts in the cache's signature,
including each module of the templating package.
"""

from __future__ import annotations

import pkgutil
from pathlib import Path

import pytest

import coach.templating
from coach.errors import PlaybookError
from coach.playbook import cache as playbook_cache
from coach.playbook.library import playbook_from_text
from coach.playtesting.playtest import read_cases


def playtest_problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "cases.yaml"
    path.write_text(text)
    with pytest.raises(PlaybookError) as raised:
        read_cases(path, shown="cases.yaml")
    return [str(diagnostic) for diagnostic in raised.value.diagnostics]


def playbook_problems(text: str) -> list[str]:
    with pytest.raises(PlaybookError) as raised:
        playbook_from_text(text, path="book.yaml")
    return [str(diagnostic) for diagnostic in raised.value.diagnostics]


def test_a_case_that_is_not_a_mapping_is_reported_like_a_playbook_value(tmp_path: Path) -> None:
    cases = playtest_problems(tmp_path, "playbook: debrief\ncases:\n  - [a, b]\n")
    book = playbook_problems(
        "id: book\ntitle: Book\nset:\n  - [a, b]\nsteps:\n  - id: a\n    ask: A?\n"
    )
    assert cases == ["cases.yaml:3:5: case 1: expected a mapping (key: value), found a list"]
    assert book == ["book.yaml:4:3: set: expected a mapping (key: value), found a list"]


def test_a_quoted_no_is_refused_with_the_playbooks_wording(tmp_path: Path) -> None:
    cases = playtest_problems(
        tmp_path, "playbook: debrief\ncases:\n  - answers: [x]\n    quick: 'no'\n"
    )
    book = playbook_problems(
        "id: book\ntitle: Book\nsteps:\n  - id: a\n    ask: A?\n    required: 'no'\n"
    )
    assert cases == ["cases.yaml:4:12: case 1: quick: expected true or false, found the text 'no'"]
    assert book == ["book.yaml:6:15: step 'a': required: expected true or false, found the text 'no'"]


def test_an_unknown_key_gets_the_same_hint_in_both(tmp_path: Path) -> None:
    cases = playtest_problems(tmp_path, "playbok: debrief\ncases: []\n")
    book = playbook_problems("id: book\ntitel: Book\nsteps:\n  - id: a\n    ask: A?\n")
    assert "cases.yaml:1:1: unknown key 'playbok' (did you mean 'playbook'?)" in cases
    assert "book.yaml:2:1: unknown key 'titel' (did you mean 'title'?)" in book


def test_every_templating_module_counts_in_the_cache_signature() -> None:
    counted = {path.resolve() for path in playbook_cache._loader_files()}
    folder = Path(coach.templating.__file__).parent
    modules = [info.name for info in pkgutil.iter_modules([str(folder)])]
    assert {"whitelist", "limits", "sandbox", "analysis", "compiled"} <= set(modules)
    for name in [*modules, "__init__"]:
        assert (folder / f"{name}.py").resolve() in counted, name
    assert Path(playbook_cache.__file__).with_name("reader.py").resolve() in counted
