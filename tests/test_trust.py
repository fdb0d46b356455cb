"""The data folder's trust boundary: Coach refuses folders and files that others own or can write.

Like ssh with ~/.ssh. The refusal is one line naming the path, what is wrong and the command
that fixes it; `coach doctor` lists the same problems without being refused, and `coach
help-now` always works.
"""

from __future__ import annotations

import grp
import os
import pwd
import shlex
import stat
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import make_app, run_coach
from sample_records import MONDAY, reflection
from scripts import QUICK_DEBRIEF, piped

from coach.cli import main
from coach.errors import UntrustedPath
from coach.store.store import Store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX owners and modes only")

ROOT = os.geteuid() == 0
NOBODY = 65534
PLAYBOOK = """\
id: mine
title: Mine
steps:
  - id: how
    ask: How did it go?
"""


@pytest.fixture
def used(tmp_path: Path) -> Store:
    """A data folder with a space in its name (so the fix must be quoted) and one reflection."""
    store = Store(tmp_path / "my coach")
    store.add_reflection(reflection(finished=MONDAY, record_id="first"))
    return store


def loosen(path: Path, bits: int) -> None:
    path.chmod(stat.S_IMODE(path.stat().st_mode) | bits)


def shared_group() -> int:
    """A group that holds other users too (so its write permission is a real risk)."""
    for group in grp.getgrall():
        primary = [user for user in pwd.getpwall() if user.pw_gid == group.gr_gid]
        if len(primary) + len(group.gr_mem) > 1 and (ROOT or group.gr_gid in os.getgroups()):
            return group.gr_gid
    pytest.skip("no group with several members that this user may give a file to")


def refusal(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == UntrustedPath.exit_code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def run_fix(line: str) -> None:
    """Run the fix a refusal or the doctor gave, in a shell, the way the rep would."""
    fix = line.split("run: ", 1)[-1] if "run: " in line else line
    user = pwd.getpwuid(os.getuid()).pw_name
    subprocess.run(["sh", "-c", fix], check=True, env={**os.environ, "USER": user})


def test_a_world_writable_data_folder_is_refused_with_the_fix(used: Store) -> None:
    loosen(used.home, stat.S_IWOTH)
    line = refusal(run_coach(used.home, "history"))
    assert str(used.home) in line and "other users can write to it" in line
    assert line.endswith(f"run: chmod 700 {shlex.quote(str(used.home))}")
    run_fix(line)
    fixed = run_coach(used.home, "history")
    assert fixed.returncode == 0 and fixed.stdout.count("\n") == 1, fixed.stderr


@pytest.mark.parametrize("where", ["reflections", "effort", "backups"])
def test_a_loose_record_folder_is_refused(used: Store, where: str) -> None:
    folder = used.home / where
    folder.mkdir(exist_ok=True)
    loosen(folder, stat.S_IWOTH)
    line = refusal(run_coach(used.home, "history"))
    assert f"chmod 700 {shlex.quote(str(folder))}" in line


def test_a_world_writable_weekly_file_is_refused_when_it_is_read(used: Store) -> None:
    (partition,) = (used.home / "reflections").glob("*.json")
    loosen(partition, stat.S_IWOTH)
    line = refusal(run_coach(used.home, "history"))
    assert line.endswith(f"run: chmod go-w {shlex.quote(str(partition))}")
    run_fix(line)
    assert run_coach(used.home, "history").returncode == 0


def test_a_group_writable_data_file_is_refused_when_the_group_is_shared(used: Store) -> None:
    used.save_draft({"id": "d1", "playbook": "debrief", "answers": [], "updated": "2026-11-20"})
    drafts = used.home / "drafts.json"
    os.chown(drafts, -1, shared_group())
    loosen(drafts, stat.S_IWGRP)
    line = refusal(run_coach(used.home, "debrief", stdin=piped(QUICK_DEBRIEF)))
    assert str(drafts) in line and "chmod go-w" in line


def test_a_group_writable_file_of_the_owner_s_private_group_is_accepted(used: Store) -> None:
    # Debian and Ubuntu give each user a group of their own and a umask of 002.
    group = grp.getgrgid(os.getgid())
    others = [user for user in pwd.getpwall()
              if user.pw_gid == group.gr_gid and user.pw_uid != os.getuid()]
    if others or any(member != pwd.getpwuid(os.getuid()).pw_name for member in group.gr_mem):
        pytest.skip("this user's group is shared with others")
    (partition,) = (used.home / "reflections").glob("*.json")
    loosen(partition, stat.S_IWGRP)
    assert run_coach(used.home, "history").returncode == 0


def test_a_folder_owned_by_someone_else_is_refused(
    used: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In-process, the current user is pretended to be someone else; everything is then theirs.
    someone = os.getuid() + 1
    monkeypatch.setattr(os, "getuid", lambda: someone)
    app = make_app(used.home)
    assert main(["history"], app) == UntrustedPath.exit_code
    message = app.stderr.getvalue()  # type: ignore[attr-defined]
    assert "belongs to another user" in message
    assert f"chown $USER {shlex.quote(str(used.home))}" in message
    assert app.stdout.getvalue() == ""  # type: ignore[attr-defined]


@pytest.mark.skipif(not ROOT, reason="giving a file to another user needs root")
def test_a_data_file_owned_by_nobody_is_refused_by_the_real_command(used: Store) -> None:
    (partition,) = (used.home / "reflections").glob("*.json")
    os.chown(partition, NOBODY, -1)
    line = refusal(run_coach(used.home, "history"))
    assert line.endswith(f"run: chown $USER {shlex.quote(str(partition))}")
    run_fix(line)
    assert run_coach(used.home, "history").returncode == 0


def test_a_world_writable_playbook_is_refused_before_a_conversation(used: Store) -> None:
    folder = used.home / "playbooks"
    folder.mkdir()
    playbook = folder / "mine.yaml"
    playbook.write_text(PLAYBOOK, encoding="utf-8")
    assert run_coach(used.home, "run", "mine", stdin="Fine\n").returncode == 0
    loosen(playbook, stat.S_IWOTH)
    line = refusal(run_coach(used.home, "run", "mine", stdin="Fine\n"))
    assert line.endswith(f"run: chmod go-w {shlex.quote(str(playbook))}")
    # The cached copy of the checked playbooks is no way around it either.
    assert refusal(run_coach(used.home, "playbooks", "list")) == line


@pytest.mark.parametrize("loose", ["playbooks", "playbooks/rules", "playbooks/rules/safety.yaml"])
def test_a_loose_playbook_folder_or_rules_file_is_refused(used: Store, loose: str) -> None:
    (used.home / "playbooks" / "rules").mkdir(parents=True)
    (used.home / "playbooks" / "rules" / "safety.yaml").write_text("version: 1\n", "utf-8")
    loosen(used.home / loose, stat.S_IWOTH)
    line = refusal(run_coach(used.home, "debrief", stdin=piped(QUICK_DEBRIEF)))
    assert line.endswith(f"chmod go-w {shlex.quote(str(used.home / loose))}")


def test_a_world_writable_config_is_refused_but_help_now_still_helps(used: Store) -> None:
    assert run_coach(used.home, "config", "set", "country", "AU").returncode == 0
    config = used.home / "config.toml"
    loosen(config, stat.S_IWOTH)
    line = refusal(run_coach(used.home, "config"))
    assert str(config) in line
    helped = run_coach(used.home, "help-now")
    assert helped.returncode == 0 and "Lifeline" not in helped.stdout  # not the file's country
    assert "could not be read" in helped.stdout


def test_help_now_works_in_a_folder_coach_refuses(used: Store) -> None:
    loosen(used.home, stat.S_IWOTH)
    assert run_coach(used.home, "history").returncode == UntrustedPath.exit_code
    assert run_coach(used.home, "config", "set", "country", "AU").returncode == 77
    helped = run_coach(used.home, "help-now")
    assert helped.returncode == 0 and helped.stderr == ""
    assert len(helped.stdout.splitlines()) >= 2


def doctor_problems(home: Path) -> tuple[int, list[tuple[str, str]]]:
    result = run_coach(home, "doctor")
    lines = result.stdout.splitlines()
    found = [(line.strip(), lines[number + 1].strip().removeprefix("fix: "))
             for number, line in enumerate(lines) if line.strip().startswith("PROBLEM")]
    return result.returncode, found


def test_doctor_reports_each_refused_path_with_a_fix_that_works(used: Store) -> None:
    folder = used.home / "playbooks"
    folder.mkdir()
    (folder / "mine.yaml").write_text(PLAYBOOK, encoding="utf-8")
    (partition,) = (used.home / "reflections").glob("*.json")
    for path in (used.home, partition, folder / "mine.yaml"):
        loosen(path, stat.S_IWOTH)
    code, problems = doctor_problems(used.home)
    assert code == 1  # the doctor itself runs, and says what is wrong
    refused = [(message, fix) for message, fix in problems if "refuses to use it" in message]
    assert [fix for _, fix in refused] == [
        f"chmod 700 {shlex.quote(str(used.home))}",
        f"chmod go-w {shlex.quote(str(partition))}",
        f"chmod go-w {shlex.quote(str(folder / 'mine.yaml'))}",
    ]
    for _, fix in refused:
        run_fix(fix)
    code, problems = doctor_problems(used.home)
    assert not [message for message, _ in problems if "refuses to use it" in message]
    assert run_coach(used.home, "run", "mine", stdin="Fine\n").returncode == 0


def test_doctor_sums_up_many_refused_files_in_one_fix(used: Store) -> None:
    for weeks in range(1, 9):  # one reflection in each of eight more weekly files
        used.add_reflection(reflection(finished=MONDAY - timedelta(weeks=weeks),
                                       record_id=f"r{weeks}"))
    for partition in (used.home / "reflections").glob("*.json"):
        loosen(partition, stat.S_IWOTH)
    code, problems = doctor_problems(used.home)
    refused = [problem for problem in problems if "refuses to use it" in problem[0]]
    summary = [problem for problem in problems if "more item(s)" in problem[0]]
    assert code == 1 and len(refused) == 5 and len(summary) == 1
    run_fix(summary[0][1])
    assert run_coach(used.home, "history").returncode == 0


def test_doctor_says_when_the_folder_cannot_be_written(used: Store) -> None:
    if ROOT:
        pytest.skip("root writes through a read-only mode, so this case cannot be made here")
    used.home.chmod(0o500)
    try:
        code, problems = doctor_problems(used.home)
    finally:
        used.home.chmod(0o700)
    assert code == 1
    assert any(message.startswith("PROBLEM  Coach cannot save in") for message, _ in problems)
    assert f"chmod u+rwx {shlex.quote(str(used.home))}" in [fix for _, fix in problems]


def test_doctor_proves_a_healthy_folder_can_be_written_and_leaves_nothing(used: Store) -> None:
    before = sorted(path.name for path in used.home.iterdir())
    result = run_coach(used.home, "doctor")
    assert result.returncode == 0, result.stdout
    assert "ok       writing: a test file was saved and removed" in result.stdout
    assert sorted(path.name for path in used.home.iterdir()) == before
