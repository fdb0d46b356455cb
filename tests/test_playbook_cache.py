"""The cache of checked playbooks: used when nothing changed, rebuilt when anything did."""

from __future__ import annotations

import os
import stat
import textwrap
from pathlib import Path

from coach.playbook.cache import CACHE_FILE, cached_library

MINE = """\
id: mine
title: {title}
steps:
  - id: one
    ask: "Hello?"
"""


def write_playbook(folder: Path, title: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mine.yaml"
    path.write_text(textwrap.dedent(MINE.format(title=title)), encoding="utf-8")
    return path


def test_cache_is_written_privately_and_reused(tmp_path: Path) -> None:
    user = tmp_path / "playbooks"
    write_playbook(user, "First")
    first = cached_library(user, tmp_path)
    cache = tmp_path / CACHE_FILE
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    again = cached_library(user, tmp_path)
    assert again.get("mine").title == "First"
    assert sorted(again.playbooks) == sorted(first.playbooks)
    conversation_text = again.get("debrief").steps[1].ask
    assert conversation_text is not None
    assert conversation_text.render({}) == "How much does it sting right now?"


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    user = tmp_path / "playbooks"
    path = write_playbook(user, "First")
    cached_library(user, tmp_path)
    write_playbook(user, "Second, longer title")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert cached_library(user, tmp_path).get("mine").title == "Second, longer title"


def test_a_new_or_removed_file_is_noticed(tmp_path: Path) -> None:
    user = tmp_path / "playbooks"
    assert "mine" not in cached_library(user, tmp_path).playbooks
    path = write_playbook(user, "First")
    assert "mine" in cached_library(user, tmp_path).playbooks
    path.unlink()
    assert "mine" not in cached_library(user, tmp_path).playbooks


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    user = tmp_path / "playbooks"
    cached_library(user, tmp_path)
    (tmp_path / CACHE_FILE).write_bytes(b"\x80\x05not a pickle")
    assert "debrief" in cached_library(user, tmp_path).playbooks
    assert (tmp_path / CACHE_FILE).read_bytes()[:2] != b"\x80\x05n"


def test_changed_checking_rules_invalidate_the_cache(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from coach.playbook import cache as playbook_cache

    user = tmp_path / "playbooks"
    before = playbook_cache.signature([user])
    rules = tmp_path / "rules.py"
    rules.write_text("x = 1\n")
    monkeypatch.setattr(playbook_cache, "_loader_files", lambda: [rules])
    assert playbook_cache.signature([user]) != before
