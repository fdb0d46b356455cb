"""Commands that hold a conversation: debrief, checkin, wrapup, run, and resuming drafts."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from coach.commands.app import App
from coach.commands.breather import take_breather
from coach.commands.menu import pick
from coach.conversation.breathing import DEFAULT_MINUTES
from coach.conversation.drafts import describe, resumable
from coach.conversation.engine import Say
from coach.conversation.session import ConversationRunner, Face, Outcome
from coach.language.wins import is_meant
from coach.review.stats import TOUGH_STING
from coach.store.dropbox import SealedKeeping

STRAIN_CALLS_PER_HOUR = 2
"""This many tough calls within the last hour (counting the one just debriefed) is strain."""
DIALS_BEFORE_A_BREAK = 60
"""After this many dials without a breather, a pause is offered."""


def closing_lines(record: Mapping[str, Any]) -> list[str]:
    """What the coach says once a reflection is saved: one line, ending on the rep's own plan.

    The sting and the small win were just said back in the conversation; repeating them here
    would cost the rep seconds they do not have. So is the plan after a quick run, typed a few
    seconds before.
    """
    if is_meant(record.get("next_action")) and record.get("variant") != "quick":
        return ["", f"Saved. Next call: {record['next_action']}"]
    return ["", "Saved."]


def strained(record: Mapping[str, Any], stats: dict[str, Any]) -> bool:
    """Whether a finished debrief shows strain worth a breather."""
    before, after = record.get("sting_before"), record.get("sting_after")
    high = any(isinstance(v, int) and v >= TOUGH_STING for v in (before, after))
    recent = int(stats.get("tough_calls_last_hour") or 0) + (
        1 if isinstance(before, int) and before >= TOUGH_STING else 0
    )
    long_stretch = int(stats.get("dials_since_break") or 0) >= DIALS_BEFORE_A_BREAK
    return high or recent >= STRAIN_CALLS_PER_HOUR or long_stretch


def titles(app: App) -> dict[str, str]:
    return {playbook.id: playbook.title for playbook in app.library.playbooks.values()}


def choose_draft(app: App, face: Face, playbook_id: str | None = None) -> dict[str, Any] | None:
    """Offer the drafts waiting to be resumed; the one the rep picks, or None for a new start."""
    drafts = resumable(app.store.drafts(), playbook_id)
    if not drafts:
        return None
    names, zone = titles(app), app.clock().tzinfo
    if len(drafts) == 1:
        face.notice(f"You have an unfinished {describe(drafts[0], names, zone)}.")
        if face.confirm("Resume it?", True):
            return drafts[0]
        if face.confirm("Throw that draft away?", False):
            app.store.delete_draft(str(drafts[0]["id"]))
        return None
    options = [(f"d{number}", describe(d, names, zone)) for number, d in enumerate(drafts, 1)]
    options.append(("new", "None of these: start fresh"))
    key = pick(app, face, "Several unfinished conversations are waiting. Which one?", options)
    if key is None or key == "new":
        return None
    return drafts[int(key[1:]) - 1]


def resume(app: App, face: Face, draft: dict[str, Any]) -> int:
    """Carry on with a draft from where it stopped."""
    library = app.library
    playbook = library.get(str(draft.get("playbook")))
    stats = app.stats()
    app.drafting = "kept"
    runner = ConversationRunner(
        app.store, face, app.clock, confirm_quit=app.is_interactive(), country=app.country()
    )
    face.notice(f'Picking up "{playbook.title}" where you left it.')
    return report(app, face, runner.resume(draft, playbook, library.playbooks, stats), stats)


def run_playbook(
    app: App, playbook_id: str, quick: bool, face: Face | None = None, offer_drafts: bool = True
) -> int:
    """Run a playbook by id from start to finish (or resume its draft); 0 when done or paused."""
    # A debrief only adds: on an encrypted folder that is locked, with no passphrase command
    # or keyring to open it quietly, it runs without asking, on empty stats, its drafts and
    # record sealed (coach/store/dropbox.py). With one, it opens and has the rep's numbers.
    box = (app.drop_box() if playbook_id in RUN_LOCKED and not app.passphrase_at_hand()
           else None)
    face = face or app.face()
    library = app.library
    playbook = library.get(playbook_id)
    if offer_drafts and app.is_interactive() and box is None:
        draft = choose_draft(app, face, playbook_id)
        if draft is not None:
            return resume(app, face, draft)
    stats = app.stats() if box is None else locked_stats(app)
    app.drafting = "kept" if box is None else "sealed"
    runner = ConversationRunner(
        app.store if box is None else SealedKeeping(box), face, app.clock,
        confirm_quit=app.is_interactive(), country=app.country()
    )
    outcome = runner.start(playbook, library.playbooks, stats, quick)
    code = report(app, face, outcome, stats)
    if box is not None and outcome.status == "finished":
        face.show(Say(LOCKED_NOTE, "summary"))
    return code


RUN_LOCKED = ("debrief",)
"""The playbooks that run on a locked encrypted folder: they only add a reflection."""
LOCKED_NOTE = ("Sealed for your encrypted folder; it joins your records the next time you "
               "unlock it (`coach unlock`).")


def locked_stats(app: App) -> dict[str, Any]:
    """The stats of a folder that is not read: as if it were empty, the objection book too."""
    from coach.review.stats import compute_stats

    return compute_stats([], [], app.clock())


def report(app: App, face: Face, outcome: Outcome, stats: dict[str, Any]) -> int:
    """Print the end of a conversation, offer a breather after a hard one, give the exit code."""
    record = outcome.record
    if outcome.status != "finished" or record is None:
        return 0
    # The breather is offered once, and before the next dial is pushed: not after the
    # self-compassion reset already offered one.
    answers = record.get("answers") or {}
    offer = (record.get("playbook") == "debrief" and app.is_interactive()
             and strained(record, stats) and "compassion_first.reset" not in answers)
    if offer:
        face.show(Say("", "summary"))
        face.show(Say("Saved.", "summary"))
        if face.confirm("That was a heavy one. Take a two-minute breather before the next dial?",
                        True):
            take_breather(app, DEFAULT_MINUTES)
        if is_meant(record.get("next_action")):
            face.show(Say(f"Next call: {record['next_action']}", "summary"))
        return 0
    for line in closing_lines(record):
        face.show(Say(line, "summary"))  # through the face, so a terminal wraps it to its width
    return 0


def debrief(app: App, args: argparse.Namespace) -> int:
    return run_playbook(app, "debrief", args.quick)


def checkin(app: App, args: argparse.Namespace) -> int:
    return run_playbook(app, "checkin", args.quick)


def wrapup(app: App, args: argparse.Namespace) -> int:
    return run_playbook(app, "wrapup", args.quick)


def run(app: App, args: argparse.Namespace) -> int:
    return run_playbook(app, args.playbook_id, args.quick)
