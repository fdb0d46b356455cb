"""What start-up imports: heavy modules stay out until a command needs them (no timing here).

`coach --version` and `--help` load no store and no playbooks, and a debrief reaches its first
question without yaml (once the playbook cache holds the files' trees), without the template
analyser, without filelock and without the stemmer. Each check runs a fresh interpreter and
reads its `sys.modules`, so it is exact on any machine; benchmarks/bench_startup.py has the
timings. When one of these fails, import the module where it is used (see CONTRIBUTING.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY_FOR_VERSION = [
    "coach.store.store", "coach.playbook", "coach.conversation", "coach.templating",
    "coach.commands.history", "coach.commands.patterns", "coach.review.query",
    "tinydb", "filelock", "platformdirs", "yaml", "jinja2", "snowballstemmer", "prompt_toolkit",
]
NOT_BEFORE_THE_FIRST_QUESTION = [
    "yaml", "coach.templating.analysis", "filelock", "snowballstemmer", "prompt_toolkit",
    "coach.commands.history", "coach.exchange.export",
]
# What the first question does need, so the test cannot pass by never getting there.
NEEDED_FOR_THE_FIRST_QUESTION = ["tinydb", "coach.store.store", "coach.playbook.schema"]
QUESTION = "what happened on the call?"

def imported_before(home: Path, marker: str, *args: str) -> list[str]:
    """The modules `coach ARGS` imported before it printed a line containing `marker`.

    `-X importtime` reports each import on stderr as it happens; with stdout on the same pipe
    (the line face flushes each question), everything above the marker came first.
    """
    environment = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "coach", *args], stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment,
        timeout=60, check=False,
    )
    lines = result.stdout.splitlines()
    shown = [number for number, line in enumerate(lines) if marker in line]
    assert shown, result.stdout[-2000:]
    return [line.rsplit("|", 1)[1].strip() for line in lines[: shown[0]]
            if line.startswith("import time:") and line.count("|") == 2]


def present(modules: list[str], names: list[str]) -> list[str]:
    return [name for name in names if name in modules]


@pytest.mark.parametrize(("args", "marker"), [
    (("--version",), "coach "), (("--help",), "usage: coach"), (("debrief", "--help"), "usage:"),
])
def test_version_and_help_load_no_store_and_no_playbooks(
    tmp_path: Path, args: tuple[str, ...], marker: str,
) -> None:
    modules = imported_before(tmp_path / "home", marker, *args)
    assert "coach.cli" in modules
    assert present(modules, HEAVY_FOR_VERSION) == []
    assert not (tmp_path / "home").exists()


def test_the_first_question_needs_no_yaml_analyser_lock_or_stemmer_once_cached(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    # Nothing is cached yet, so the playbook files are parsed.
    assert "yaml" in imported_before(home, QUESTION, "debrief")
    modules = imported_before(home, QUESTION, "debrief")
    assert present(modules, NOT_BEFORE_THE_FIRST_QUESTION) == []
    assert present(modules, NEEDED_FOR_THE_FIRST_QUESTION) == NEEDED_FOR_THE_FIRST_QUESTION


def test_a_new_or_edited_playbook_is_parsed_and_plain_text_needs_no_jinja(tmp_path: Path) -> None:
    home = tmp_path / "home"
    imported_before(home, QUESTION, "debrief")
    (home / "playbooks").mkdir(mode=0o700)
    mine = home / "playbooks" / "mine.yaml"
    mine.write_text('id: mine\ntitle: Mine\nsteps:\n  - id: one\n    ask: "Plain question?"\n')
    assert "yaml" in imported_before(home, "Plain question?", "run", "mine")
    modules = imported_before(home, "Plain question?", "run", "mine")
    assert present(modules, ["yaml", "coach.templating.analysis", "jinja2"]) == []

    mine.write_text(mine.read_text().replace("Plain question?", "Another plain question?"))
    assert "yaml" in imported_before(home, "Another plain question?", "run", "mine")
