"""`coach completion`: the values it completes, fixed (kinds, causes, settings) and called back
(open callback ids, playbooks with their titles), in bash, zsh and fish."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import run_coach
from sample_records import MONDAY, reflection

from coach.commands.completion import config_values, playbook_titles
from coach.review.patterns import CAUSES
from coach.store.config import KEYS
from coach.store.fields import EFFORT_KINDS
from coach.store.store import Store

BIN = Path(sys.executable).parent
OPEN, DONE, MOVED = ("aaaaaaaa" + "0" * 24, "bbbbbbbb" + "0" * 24, "cccccccc" + "0" * 24)
NONE = "dddddddd" + "0" * 24


def _script(home: Path, shell: str) -> str:
    result = run_coach(home, "completion", shell)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _environment(home: Path) -> dict[str, str]:
    return {**os.environ, "COACH_HOME": str(home),
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def _needs(shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    if shutil.which("coach", path=str(BIN)) is None:
        pytest.skip("the coach command is not installed next to this Python")


def _with_callbacks(home: Path) -> None:
    """Four reflections: a callback open, one done, one moved (still open), and none."""
    Store(home).add_records([
        reflection(MONDAY, record_id=OPEN, values={"prospect": "Dana at ACME"}),
        reflection(MONDAY + timedelta(hours=1), record_id=DONE),
        reflection(MONDAY + timedelta(hours=2), record_id=MOVED),
        reflection(MONDAY + timedelta(hours=3), record_id=NONE, callback=None),
    ])
    assert run_coach(home, "callbacks", "done", DONE[:8]).returncode == 0
    assert run_coach(home, "callbacks", "move", MOVED[:8], "2026-12-09").returncode == 0


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_script_holds_kinds_causes_and_settings(home: Path, shell: str) -> None:
    script = _script(home, shell)
    for kind in EFFORT_KINDS:
        assert kind in script and kind.replace("_", "-") in script
    for cause in CAUSES:
        assert cause in script
    for key in KEYS:
        assert key in script
    for values in config_values().values():
        assert all(value in script for value in values)
    assert "Europe/Berlin" in script and re.search(r"[ '(]AU[ ':]", script)
    assert "_coach_callback_ids" in script  # `callbacks done|move` complete open ones


def test_every_setting_with_a_fixed_set_of_values_lists_them() -> None:
    values = config_values()
    assert set(values) <= set(KEYS)
    assert values["pager"] == ["true", "false"] and values["passphrase_keyring"] == ["yes", "no"]
    assert "US" in values["country"] and "America/Chicago" in values["timezone"]
    assert "passphrase_command" not in values  # a command cannot be listed


def test_listing_callbacks_gives_only_the_open_ones(home: Path) -> None:
    _with_callbacks(home)
    result = run_coach(home, "completion", "--list", "callbacks")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == [OPEN[:8], MOVED[:8]]  # soonest first
    assert lines[0] == f"{OPEN[:8]}\tDana at ACME, 2026-12-01"
    assert lines[1].endswith("2026-12-09")
    reflections = run_coach(home, "completion", "--list", "reflections").stdout
    assert NONE[:8] in reflections and DONE[:8] in reflections  # every reflection is there


def test_listing_callbacks_without_a_data_folder_creates_none(home: Path) -> None:
    result = run_coach(home, "completion", "--list", "callbacks")
    assert result.returncode == 0 and result.stdout == ""
    assert not home.exists()


def test_playbook_titles_come_from_the_top_level_title_line(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text('id: one\ntitle: "First: one"\nsteps:\n  - title: no\n',
                                     encoding="utf-8")
    (tmp_path / "b.yaml").write_text("title: Second one  # a comment\nid: two\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("id: three\n", encoding="utf-8")
    (tmp_path / "d.yaml").write_text("id: four\ntitle: " + "x" * 100 + "\n", encoding="utf-8")
    titles = playbook_titles([tmp_path])
    assert titles["one"] == "First: one" and titles["two"] == "Second one"
    assert titles["three"] == "" and len(titles["four"]) == 60


def test_listing_playbooks_gives_each_title(home: Path) -> None:
    lines = run_coach(home, "completion", "--list", "playbooks").stdout.splitlines()
    assert "small_win\tFind the small win" in lines
    assert "debrief\tDebrief a tough call" in lines


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_show_each_playbook_title(home: Path, shell: str) -> None:
    script = _script(home, shell)
    if shell == "fish":  # fish shows what follows the tab of each line the call back prints
        assert "function _coach_playbook_ids\n  coach completion --list playbooks" in script
    else:  # zsh shows each id with its title: 'small_win  -- Find the small win'
        assert "compadd -d shown -l -a ids" in script and '  -- ${line#*' in script
    assert ":the playbook id:_coach_playbook_ids" in script or "(_coach_playbook_ids)" in script


def _bash(home: Path, *words: str) -> list[str]:
    """What bash offers for the last of `words`."""
    _needs("bash")
    line = " ".join(("coach", *words))
    array = " ".join(f"'{word}'" for word in ("coach", *words))
    program = (f"source <(coach completion bash)\nCOMP_WORDS=({array}); "
               f"COMP_CWORD={len(words)}; COMP_LINE='{line}'; COMP_POINT={len(line)}; "
               f"_shtab_coach coach '{words[-1]}' '{words[-2]}'; "
               'printf "%s\\n" "${COMPREPLY[@]}"')
    result = subprocess.run(["bash", "-c", program], capture_output=True, text=True,
                            env=_environment(home), timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_bash_completes_the_values(home: Path, tmp_path: Path) -> None:
    assert _bash(home, "history", "--cause", "") == list(CAUSES)
    assert _bash(home, "log", "fol") == ["follow_ups", "follow-ups"]
    assert _bash(home, "config", "set", "pa") == ["pager", "passphrase_command",
                                                  "passphrase_keyring"]
    assert _bash(home, "config", "set", "pager", "") == ["true", "false"]
    assert _bash(home, "config", "set", "timezone", "Europe/Ber") == ["Europe/Berlin"]
    assert _bash(home, "config", "unset", "time") == ["timezone"]
    assert _bash(home, "playbooks", "new", "") == []  # a new id: nothing to offer


def test_bash_completes_open_callbacks_only(home: Path) -> None:
    _with_callbacks(home)
    assert _bash(home, "callbacks", "done", "") == [OPEN[:8], MOVED[:8]]
    assert _bash(home, "callbacks", "move", "b") == []
    assert _bash(home, "show", "b") == [DONE[:8]]  # show takes any reflection


def test_bash_completes_folders_for_a_team_report(home: Path, tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    (tmp_path / "export.jsonl").write_text("", encoding="utf-8")
    _needs("bash")
    program = ("source <(coach completion bash)\nCOMP_WORDS=(coach team report ''); "
               "COMP_CWORD=3; COMP_LINE='coach team report '; COMP_POINT=18; "
               "_shtab_coach coach '' report; printf '%s\\n' \"${COMPREPLY[@]}\"")
    result = subprocess.run(["bash", "-c", program], capture_output=True, text=True,
                            env=_environment(home), timeout=60, check=False, cwd=tmp_path)
    assert result.stdout.split() == ["exports"], result.stderr


def _fish(home: Path, tmp_path: Path, *lines: str) -> list[list[str]]:
    """What fish offers for each command line, as (candidate, description) rows."""
    _needs("fish")
    script = tmp_path / "coach.fish"
    script.write_text(_script(home, "fish"), encoding="utf-8")
    asked = "; echo ==; ".join(f"complete -C {line!r}" for line in lines)
    result = subprocess.run(["fish", "--no-config", "-c", f"source {script}; {asked}"],
                            capture_output=True, text=True, env=_environment(home), timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    return [[row for row in part.strip("\n").splitlines() if row]
            for part in result.stdout.split("==\n")]


def test_fish_completes_values_with_descriptions(home: Path, tmp_path: Path) -> None:
    _with_callbacks(home)
    runs, causes, kinds, pager, done = _fish(
        home, tmp_path, "coach run sma", "coach history --cause gate", "coach log meet",
        "coach config set pager ", "coach callbacks done ")
    assert runs == ["small_win\tFind the small win"]
    assert causes == ["gatekeeper\tgatekeeper only"]
    assert kinds == ["meetings\tmeetings booked"]
    assert [row.split("\t")[0] for row in pager] == ["true", "false"]
    assert done == [f"{OPEN[:8]}\tDana at ACME, 2026-12-01", f"{MOVED[:8]}\t2026-12-09"]


def test_zsh_completes_values_by_the_setting_before_them(home: Path, tmp_path: Path) -> None:
    """The setting's values come from the word before them; checked in zsh with a stand-in for
    _describe (which only runs inside a real completion)."""
    _needs("zsh")
    script = tmp_path / "_coach"
    script.write_text(_script(home, "zsh"), encoding="utf-8")
    program = (f"autoload -Uz compinit && compinit -u -D\nsource {script}\n"
               '_describe() { print -rl -- "${(@P)${@[-1]}}" }\n'
               "words=(coach config set pager ''); CURRENT=5; _coach_values\n"
               "words=(coach config set passphrase_keyring ''); CURRENT=5; _coach_values\n"
               "_coach_causes\n")
    result = subprocess.run(["zsh", "-f", "-c", program], capture_output=True, text=True,
                            env=_environment(home), timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == ["true:pager", "false:pager", "yes:passphrase_keyring",
                         "no:passphrase_keyring"]
    assert "gatekeeper:gatekeeper only" in lines and "unknown:can't tell" in lines


@pytest.mark.parametrize("listed_kind", ["callbacks", "reflections"])
def test_listing_ids_never_asks_for_the_passphrase(home: Path, tmp_path: Path,
                                                   listed_kind: str) -> None:
    pytest.importorskip("cryptography")
    _with_callbacks(home)
    ran = tmp_path / "ran"
    command = tmp_path / "pw.py"
    command.write_text(f"open({str(ran)!r}, 'a').write('x')\nprint('correct horse battery')\n",
                       encoding="utf-8")
    environment = {"COACH_PASSPHRASE_COMMAND": f"{sys.executable} {command}"}
    assert run_coach(home, "encrypt", env=environment).returncode == 0
    ran.unlink()
    listed = run_coach(home, "completion", "--list", listed_kind, env=environment)
    assert listed.returncode == 0 and listed.stdout == "", listed.stderr
    assert not ran.exists()
