"""`coach completion`: scripts for bash, zsh and fish, and the ids they complete."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import run_coach
from sample_records import MONDAY, reflection

from coach.commands.completion import playbook_ids
from coach.store.store import Store

BIN = Path(sys.executable).parent


def _bash(home: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Run `script` in bash after loading Coach's completion, with this `coach` on PATH."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    if shutil.which("coach", path=str(BIN)) is None:
        pytest.skip("the coach command is not installed next to this Python")
    environment = {**os.environ, "COACH_HOME": str(home),
                   "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(["bash", "-c", "source <(coach completion bash)\n" + script],
                          capture_output=True, text=True, env=environment, timeout=60,
                          check=False)


def _completions(home: Path, *words: str) -> list[str]:
    """What bash offers for the last of `words` (the line typed so far)."""
    line = " ".join(("coach", *words))
    array = " ".join(f"'{word}'" for word in ("coach", *words))
    script = (f"COMP_WORDS=({array}); COMP_CWORD={len(words)}; COMP_LINE='{line}'; "
              f"COMP_POINT={len(line)}; _shtab_coach coach '{words[-1]}' '{words[-2] if len(words) > 1 else 'coach'}'; "
              'printf "%s\\n" "${COMPREPLY[@]}"')
    result = _bash(home, script)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_bash_script_registers_a_completion_for_coach(home: Path) -> None:
    result = _bash(home, "complete -p coach")
    assert result.returncode == 0, result.stderr
    assert "-F _shtab_coach coach" in result.stdout


def test_bash_completes_commands_and_options(home: Path) -> None:
    assert _completions(home, "pat") == ["patterns"]
    assert "--no-pager" in _completions(home, "history", "--no")
    assert _completions(home, "import", "--dat") == ["--date-format"]


def test_bash_completes_playbook_ids(home: Path) -> None:
    assert _completions(home, "run", "small") == ["small_win"]
    assert _completions(home, "playbooks", "show", "check") == ["checkin"]


def test_bash_completes_the_reps_own_playbooks(home: Path) -> None:
    (home / "playbooks").mkdir(parents=True)
    (home / "playbooks" / "gratitude.yaml").write_text(
        "# my own\nid: gratitude\ntitle: One good thing\nsteps: []\n", encoding="utf-8")
    assert _completions(home, "run", "grat") == ["gratitude"]


def test_bash_completes_reflection_ids(home: Path) -> None:
    record = reflection(MONDAY, record_id="abcdef0123456789abcdef0123456789")
    Store(home).add_records([record, reflection(MONDAY + timedelta(hours=1))])
    assert _completions(home, "show", "abc") == ["abcdef01"]


def test_listing_ids_without_a_data_folder_creates_none(home: Path) -> None:
    result = run_coach(home, "completion", "--list", "reflections")
    assert result.returncode == 0 and result.stdout == ""
    assert not home.exists()


def test_playbook_ids_come_from_the_top_level_id_line_only(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text("id: first_one\nsteps:\n  - id: not_me\n", encoding="utf-8")
    (tmp_path / "two.yml").write_text('title: x\nid: "second"  # quoted\n', encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("id: \x1b[31mred\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("id: not_a_playbook\n", encoding="utf-8")
    assert playbook_ids([tmp_path, tmp_path / "missing"]) == ["first_one", "second"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_are_generated(home: Path, shell: str) -> None:
    result = run_coach(home, "completion", shell)
    assert result.returncode == 0, result.stderr
    script = result.stdout
    assert "coach completion --list" in script and "_coach_playbook_ids" in script
    assert "patterns" in script and "no-pager" in script  # fish names options without dashes
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed, so the script's syntax is not checked")
    check = ["zsh", "-n"] if shell == "zsh" else ["fish", "--no-execute"]
    checked = subprocess.run([*check], input=script, capture_output=True, text=True,
                             timeout=60, check=False)
    assert checked.returncode == 0, checked.stderr


def test_fish_completes_commands_and_playbook_ids(home: Path, tmp_path: Path) -> None:
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed")
    script = tmp_path / "coach.fish"
    script.write_text(run_coach(home, "completion", "fish").stdout, encoding="utf-8")
    environment = {**os.environ, "COACH_HOME": str(home),
                   "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        ["fish", "--no-config", "-c", f"source {script}; complete -C 'coach pat'; "
         "complete -C 'coach run sma'"],
        capture_output=True, text=True, env=environment, timeout=60, check=False)
    offered = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert offered == ["patterns", "small_win"], result.stderr


def test_completion_without_a_shell_says_which(home: Path) -> None:
    result = run_coach(home, "completion")
    assert result.returncode != 0
    assert "coach completion bash" in result.stderr and "Traceback" not in result.stderr
