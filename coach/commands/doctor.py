"""The `coach doctor` command: checks the data folder and says what is wrong and how to fix it."""

from __future__ import annotations

import argparse

from coach.commands.app import App
from coach.messages import DOCTOR_AGAIN, plural
from coach.store.doctor import examine
from coach.store.paths import data_home


def doctor(app: App, args: argparse.Namespace) -> int:
    """Print what is fine, then each problem and note with its fix; exit 1 if there is a problem.

    It never opens the Store, which would migrate or back up the folder: it only looks.
    """
    home = app.home or data_home()
    # An encrypted folder is unlocked first, so its sealed files are checked like plain ones.
    state = app.unlock(home) if home.is_dir() else None
    exam = examine(home)
    if state == "on":
        exam.fine.insert(0, "encryption: on (AES-256-GCM, key from your passphrase by scrypt)")
    elif state is not None:
        exam.add(f"Encryption is half-way: the folder is {state}; every file still opens.",
                 f"run `coach {'encrypt' if state == 'encrypting' else 'decrypt'}` again to "
                 "finish", problem=False)
    app.print(f"Checking {home}")
    for line in exam.fine:
        app.print(f"  ok       {line}")
    for finding in exam.findings:
        label = "PROBLEM" if finding.problem else "note"
        app.print(f"  {label:<8} {finding.message}")
        if finding.fix:
            app.print(f"           fix: {finding.fix}")
    problems = len(exam.problems)
    if problems:
        app.print(f"{plural(problems, 'problem')} found. {DOCTOR_AGAIN}")
        return 1
    app.print("No problems found.")
    return 0
