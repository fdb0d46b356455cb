"""Caches are never trusted: no code runs, nothing unbounded is decoded, a bad cache is rebuilt.

Planted files sit where this version keeps its caches and where the previous version kept
them (a pickle, marshal copies); each is refused or removed unread, and the command works.
"""

from __future__ import annotations

import ast
import hashlib
import pickle
import stat
import sys
from pathlib import Path

import pytest
from conftest import run_coach, run_real_coach
from sample_records import reflection

from coach.playbook.cache import CACHE_FILE, cached_library
from coach.playbook.library import load_library
from coach.store.jsoncodec import decode, encode
from coach.store.store import Store
from coach.templating.limits import TemplateRenderError

PACKAGE = Path(__file__).resolve().parent.parent / "coach"
CODE_RUNNING_FORMATS = {"pickle", "marshal", "shelve", "_pickle", "dill", "cloudpickle"}


class Planted:
    """Unpickling this creates the file `marker`: proof that a pickle was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return open, (str(self.marker), "w")


def planted_pickle(marker: Path) -> bytes:
    return pickle.dumps(("signature", Planted(marker)), pickle.HIGHEST_PROTOCOL)


def forge(path: Path, content: object, kind: str = "playbooks") -> None:
    """Write a cache with a correct header and checksum, as only a careful forger would."""
    body = encode(content)
    digest = hashlib.sha256(body).hexdigest()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_bytes(f"coach-cache 1 {kind} {len(body)} {digest}\n".encode() + body)
    path.chmod(0o600)


def built_cache(home: Path) -> bytes:
    """The playbook cache a clean run writes for `home`."""
    result = run_coach(home, "playbooks", "list")
    assert result.returncode == 0, result.stderr
    return (home / "cache" / CACHE_FILE).read_bytes()


def test_no_module_imports_a_code_running_format() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                called = ast.unparse(node.func)
                if called.endswith(("import_module", "__import__")):
                    names = [str(node.args[0].value)]
            found += [f"{path.relative_to(PACKAGE)}:{node.lineno} {name}" for name in names
                      if name.split(".")[0] in CODE_RUNNING_FORMATS]
    assert not found, found


@pytest.mark.parametrize("where", ["old", "new"])
def test_a_planted_pickle_runs_nothing_and_the_cache_is_rebuilt(tmp_path: Path, where: str) -> None:
    home = tmp_path / "home"
    good = built_cache(home)
    marker = tmp_path / "ran"
    planted = home / "playbooks.cache" if where == "old" else home / "cache" / CACHE_FILE
    planted.write_bytes(planted_pickle(marker))
    planted.chmod(0o600)

    result = run_coach(home, "debrief", stdin="")
    assert "what happened on the call?" in result.stdout.lower(), result.stderr
    assert not marker.exists()
    assert (home / "cache" / CACHE_FILE).read_bytes() == good
    if where == "old":
        assert not planted.exists()


def test_marshal_copies_from_the_old_version_are_removed_unread(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home).add_reflection(reflection(small_win="Reached the buyer's assistant"))
    week = next((home / "reflections").glob("*.json")).name
    old = home / "cache" / "reflections" / f"{week}.marshal"
    old.parent.mkdir(parents=True)
    # A tuple claiming two billion items: marshal would try to build it before any check.
    old.write_bytes(b"(\xff\xff\xff\x7f")
    torn = old.with_name(f".{old.name}.x1y2.tmp")
    torn.write_bytes(b"(\xff\xff\xff\x7f")
    mine = home / "cache" / "notes.txt"
    mine.write_text("not Coach's")

    result = run_coach(home, "history")
    assert result.returncode == 0, result.stderr
    assert "Reached the buyer's assistant" in result.stdout
    assert not old.exists() and not torn.exists() and not old.parent.exists()
    assert mine.read_text() == "not Coach's"  # only the old version's files are removed


@pytest.mark.parametrize("shape", ["huge claim", "far too big", "wrong kind", "no header"])
def test_an_oversized_or_foreign_cache_is_replaced(tmp_path: Path, shape: str) -> None:
    home = tmp_path / "home"
    good = built_cache(home)
    cache = home / "cache" / CACHE_FILE
    if shape == "huge claim":
        cache.write_bytes(b"coach-cache 1 playbooks 999999999999 " + b"0" * 64 + b"\n{}")
    elif shape == "far too big":
        forge(cache, {"code": "x", "analyses": [], "padding": "a" * 8_000_000})
    elif shape == "wrong kind":
        forge(cache, decode(good.split(b"\n", 1)[1]), kind="records")
    else:
        cache.write_bytes(good.split(b"\n", 1)[1])

    result = run_coach(home, "playbooks", "list")
    assert result.returncode == 0, result.stderr
    assert "debrief" in result.stdout
    assert cache.read_bytes() == good


def test_a_cache_whose_checksum_fails_is_not_trusted(tmp_path: Path) -> None:
    home = tmp_path / "home"
    good = built_cache(home)
    cache = home / "cache" / CACHE_FILE
    # One changed text, the same size, nothing else fixed: the checksum no longer matches.
    assert b"How much does it sting right now?" in good
    cache.write_bytes(good.replace(b"How much does it sting right now?",
                                   b"How much does it sting right NOW?"))

    assert "cannot be used: its checksum does not match" in run_coach(home, "doctor").stdout
    result = run_coach(home, "debrief", stdin="a hard call\n")
    assert "How much does it sting right now?" in result.stdout, result.stderr
    assert cache.read_bytes() == good


@pytest.mark.parametrize("content", [
    [1, 2, 3],
    {"code": "same", "analyses": [["template", "Hello?", [["name", None, "one"]], []]]},
    {"code": "same", "analyses": [["python", "Hello?", [], []]]},
    {"code": "same", "analyses": [["template", "Hello?", [], [[["a", None, 1], [{"x": 1}]]]]]},
])
def test_a_cache_of_the_wrong_shape_is_rebuilt(tmp_path: Path, content: object) -> None:
    user, folder = tmp_path / "playbooks", tmp_path / "cache"
    cached_library(user, folder)
    good = (folder / CACHE_FILE).read_bytes()
    code = decode(good.split(b"\n", 1)[1])["code"]
    if isinstance(content, dict):
        content = {**content, "code": code}
    forge(folder / CACHE_FILE, content)
    assert "debrief" in cached_library(user, folder).playbooks
    assert (folder / CACHE_FILE).read_bytes() == good


def test_a_forged_entry_cannot_make_unchecked_text_run(tmp_path: Path) -> None:
    user, folder = tmp_path / "playbooks", tmp_path / "cache"
    user.mkdir()
    hostile = "{{ ''.__class__.__mro__ }}"
    (user / "mine.yaml").write_text(f'id: mine\ntitle: Mine\nsteps:\n  - id: one\n    ask: "{hostile}"\n')
    assert "mine" not in cached_library(user, folder).playbooks
    content = decode((folder / CACHE_FILE).read_bytes().split(b"\n", 1)[1])
    content["analyses"].append(["template", hostile, [], []])
    forge(folder / CACHE_FILE, content)

    # The forger's claim gets the playbook past the loader, but the sandbox checks the text
    # again before it runs anything, and `coach playbooks validate` never uses the cache.
    step = cached_library(user, folder).get("mine").steps[0].ask
    assert step is not None
    with pytest.raises(TemplateRenderError):
        step.render({})
    home = tmp_path / "home"
    (home / "playbooks").mkdir(parents=True)
    (home / "playbooks" / "mine.yaml").write_bytes((user / "mine.yaml").read_bytes())
    forge(home / "cache" / CACHE_FILE, content)
    result = run_coach(home, "playbooks", "validate")
    assert result.returncode != 0
    assert "mine.yaml" in result.stdout


MINE = 'id: mine\ntitle: Mine\nsteps:\n  - id: one\n    ask: "{question}"\n    required: false\n'


def cache_content(folder: Path) -> dict[str, object]:
    content = decode((folder / CACHE_FILE).read_bytes().split(b"\n", 1)[1])
    assert isinstance(content, dict)
    return content


def test_a_kept_tree_gives_the_same_playbooks_and_an_edited_file_is_read_afresh(
    tmp_path: Path,
) -> None:
    user, folder = tmp_path / "playbooks", tmp_path / "cache"
    user.mkdir()
    (user / "mine.yaml").write_text(MINE.format(question="How was it?"))
    first = cached_library(user, folder)
    digest = hashlib.sha256((user / "mine.yaml").read_bytes()).hexdigest()
    documents = cache_content(folder)["documents"]
    assert isinstance(documents, dict) and digest in documents

    again = cached_library(user, folder)
    assert again.playbooks == first.playbooks == load_library(user).playbooks
    assert again.get("mine").steps[0].ask is not None

    (user / "mine.yaml").write_text(MINE.format(question="How did it go?"))
    edited = cached_library(user, folder).get("mine").steps[0].ask
    assert edited is not None and edited.render({}) == "How did it go?"


@pytest.mark.parametrize("tree", [
    ["x", 1, 1],
    ["s", 0, 1, "id", False, False],
    ["v", 1, 1, "7", False, False, "timestamp", 7],
    ["m", 1, 1, [[["q", 1, 1, []], ["s", 1, 5, "mine", False, False]]]],
    ["q", 1, 1, "not a list"],
])
def test_a_damaged_tree_is_not_used_and_the_cache_is_rebuilt(tmp_path: Path, tree: object) -> None:
    user, folder = tmp_path / "playbooks", tmp_path / "cache"
    user.mkdir()
    (user / "mine.yaml").write_text(MINE.format(question="How was it?"))
    cached_library(user, folder)
    good = (folder / CACHE_FILE).read_bytes()
    content = cache_content(folder)
    documents = content["documents"]
    assert isinstance(documents, dict)
    documents[hashlib.sha256((user / "mine.yaml").read_bytes()).hexdigest()] = tree
    forge(folder / CACHE_FILE, content)

    ask = cached_library(user, folder).get("mine").steps[0].ask
    assert ask is not None and ask.render({}) == "How was it?"
    assert (folder / CACHE_FILE).read_bytes() == good


def test_doctor_reports_bad_and_old_caches_and_changes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    built_cache(home)
    marker = tmp_path / "ran"
    (home / "playbooks.cache").write_bytes(planted_pickle(marker))
    (home / "playbooks.cache").chmod(0o600)
    stray = home / "cache" / "playbooks.cache"
    stray.write_bytes(planted_pickle(marker))
    stray.chmod(0o600)
    before = {path: path.read_bytes() for path in home.rglob("*") if path.is_file()}

    result = run_coach(home, "doctor")
    assert result.returncode == 0, result.stdout  # caches are notes: they rebuild themselves
    assert f"The cache {stray} cannot be used: it has no valid header" in result.stdout
    assert f"rm {stray}" in result.stdout
    assert "1 cache file(s) from an older Coach" in result.stdout
    assert not marker.exists()
    assert {path: path.read_bytes() for path in home.rglob("*") if path.is_file()} == before


def test_a_clean_cache_folder_is_reported_fine(tmp_path: Path) -> None:
    home = tmp_path / "home"
    built_cache(home)
    assert f"caches: every file in {home / 'cache'} passes its checks" in run_coach(home, "doctor").stdout


@pytest.mark.skipif(sys.platform != "linux", reason="platformdirs follows XDG_* on Linux only")
def test_the_default_data_folder_keeps_its_caches_in_the_platform_cache_folder(tmp_path: Path) -> None:
    environment = {"COACH_HOME": "", "XDG_DATA_HOME": str(tmp_path / "data"),
                   "XDG_CACHE_HOME": str(tmp_path / "caches")}
    home = tmp_path / "data" / "coach"
    marker = tmp_path / "ran"
    old = home / "cache" / "effort" / "2026-W47.json.marshal"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"(\xff\xff\xff\x7f")
    (home / "playbooks.cache").write_bytes(planted_pickle(marker))

    result = run_real_coach(tmp_path / "unused", "playbooks", "list", env=environment)
    assert result.returncode == 0, result.stderr
    cache = tmp_path / "caches" / "coach" / CACHE_FILE
    assert cache.read_bytes().startswith(b"coach-cache 1 playbooks ")
    assert stat.S_IMODE(cache.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert not marker.exists()
    assert not (home / "playbooks.cache").exists() and not (home / "cache").exists()
    assert not (tmp_path / "unused").exists()
