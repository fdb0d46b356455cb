"""The playbook cache: what checking found is reused, every change is seen, nothing is trusted."""

from __future__ import annotations

import stat
import textwrap
from pathlib import Path

import pytest

from coach.errors import PlaybookError
from coach.playbook import cache as playbook_cache
from coach.playbook.cache import CACHE_FILE, cached_library
from coach.store.jsoncodec import decode

MINE = """\
id: mine
title: {title}
steps:
  - id: one
    ask: "{ask}"
"""


def write_playbook(folder: Path, title: str, ask: str = "Hello?") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mine.yaml"
    path.write_text(textwrap.dedent(MINE.format(title=title, ask=ask)), encoding="utf-8")
    return path


def payload(cache: Path) -> dict[str, object]:
    header, body = cache.read_bytes().split(b"\n", 1)
    assert header.startswith(b"coach-cache 1 playbooks ")
    content = decode(body)
    assert isinstance(content, dict)
    return content


def test_cache_is_written_privately_and_reused(tmp_path: Path) -> None:
    user, folder = tmp_path / "playbooks", tmp_path / "cache"
    write_playbook(user, "First")
    first = cached_library(user, folder)
    cache = folder / CACHE_FILE
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    written = cache.read_bytes()
    again = cached_library(user, folder)
    assert cache.read_bytes() == written  # nothing new was learnt, so nothing was written
    assert again.get("mine").title == "First"
    assert sorted(again.playbooks) == sorted(first.playbooks)
    conversation_text = again.get("debrief").steps[1].ask
    assert conversation_text is not None
    assert conversation_text.render({}) == "How much does it sting right now?"


def test_the_cache_holds_checked_text_as_plain_data(tmp_path: Path) -> None:
    user, folder = tmp_path / "playbooks", tmp_path / "cache"
    write_playbook(user, "First", ask="Hello {{ stats.dials_today }}?")
    cached_library(user, folder)
    entries = payload(folder / CACHE_FILE)["analyses"]
    assert isinstance(entries, list)
    assert ["template", "Hello {{ stats.dials_today }}?", [["stats", "dials_today", 1]], []] \
        in entries


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    user, folder = tmp_path / "playbooks", tmp_path / "cache"
    write_playbook(user, "First")
    cached_library(user, folder)
    write_playbook(user, "Second", ask="Hi there?")
    library = cached_library(user, folder)
    assert library.get("mine").title == "Second"
    step = library.get("mine").steps[0].ask
    assert step is not None and step.render({}) == "Hi there?"
    texts = [entry[1] for entry in payload(folder / CACHE_FILE)["analyses"]]  # type: ignore[attr-defined]
    assert "Hi there?" in texts and "Hello?" not in texts


def test_a_new_or_removed_file_is_noticed(tmp_path: Path) -> None:
    user, folder = tmp_path / "playbooks", tmp_path / "cache"
    assert "mine" not in cached_library(user, folder).playbooks
    path = write_playbook(user, "First")
    assert "mine" in cached_library(user, folder).playbooks
    path.unlink()
    assert "mine" not in cached_library(user, folder).playbooks


def test_a_text_that_breaks_the_rules_is_refused_with_a_cache_too(tmp_path: Path) -> None:
    user, folder = tmp_path / "playbooks", tmp_path / "cache"
    write_playbook(user, "First")
    cached_library(user, folder)
    write_playbook(user, "First", ask="{{ ''.__class__ }}")
    library = cached_library(user, folder)
    assert "mine" not in library.playbooks
    with pytest.raises(PlaybookError):
        library.get("mine")


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    user, folder = tmp_path / "playbooks", tmp_path / "cache"
    cached_library(user, folder)
    good = (folder / CACHE_FILE).read_bytes()
    (folder / CACHE_FILE).write_bytes(b"\x80\x05not a cache")
    assert "debrief" in cached_library(user, folder).playbooks
    assert (folder / CACHE_FILE).read_bytes() == good


def test_changed_checking_rules_invalidate_the_cache(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    user, folder = tmp_path / "playbooks", tmp_path / "cache"
    cached_library(user, folder)
    before = playbook_cache.code_signature()
    rules = tmp_path / "rules.py"
    rules.write_text("x = 1\n")
    monkeypatch.setattr(playbook_cache, "_loader_files", lambda: [rules])
    assert playbook_cache.code_signature() != before
    cached_library(user, folder)
    assert payload(folder / CACHE_FILE)["code"] == playbook_cache.code_signature()
