"""`coach objections`: the rep's own objection book, and `coach objections practice`, a short
drill on one objection that shows the rep's earlier answers after they type a new one."""

from __future__ import annotations

import argparse
from datetime import date, datetime

from coach.commands.app import App
from coach.conversation.engine import Ask
from coach.conversation.session import PartialAnswer
from coach.errors import InputEnded
from coach.language.wins import is_meant
from coach.playbook.model import Step
from coach.review.objections import OBJECTIONS, BookEntry, build_book, common_key, find_entry
from coach.review.objections import PRACTICE as PRACTICE_PLAYBOOK
from coach.store.records import SCHEMA, ReflectionRecord, new_id, timestamp
from coach.views.objections import answer_line, book_lines, book_markdown, book_view

PRACTICE_QUESTION = "What do you say back? (Enter to skip)"
QUIT_WORDS = frozenset({"q", "quit", "/q", "/quit", "/pause", "/skip", "/back"})
"""Typed at the drill's one question, these leave it (the footer offers q), never saved."""


def _book(app: App) -> list[BookEntry]:
    return build_book(app.store.each_reflection())


def objections(app: App, args: argparse.Namespace) -> int:
    """`coach objections`: every objection, most frequent first, with the rep's answers."""
    entries = _book(app)
    chosen = getattr(args, "format", "text")
    if chosen == "json":
        from coach.views.jsonviews import json_text

        app.write(json_text(book_view(entries)))
        return 0
    now = app.clock()
    if chosen == "md":
        app.write(book_markdown(entries, now.date(), now.tzinfo))
        return 0
    for line in book_lines(entries, now.date(), now.tzinfo):
        app.print(line)
    return 0


def _pick(entries: list[BookEntry], wanted: str, day: date
          ) -> tuple[str, str, BookEntry | None]:
    """The objection to practise: (what the book stores, the words shown, its entry or None)."""
    if wanted:
        key = common_key(wanted)
        stored = key or wanted
        shown = OBJECTIONS[key] if key else wanted
        return stored, shown, find_entry(entries, wanted)
    if entries:
        # The most frequent objection still without a line; else the frequent ones take turns.
        waiting = [found for found in entries if not found.answers]
        top = waiting[0] if waiting else entries[:3][day.toordinal() % len(entries[:3])]
        return top.key or top.words, top.name, top
    return "email", OBJECTIONS["email"], None


def practice(app: App, args: argparse.Namespace) -> int:
    """`coach objections practice [OBJECTION]`: the objection, the rep's answer, their earlier
    ones; a typed answer that says something is saved as a new entry of the book."""
    entries = _book(app)
    stored, shown, entry = _pick(entries, " ".join(getattr(args, "objection", None) or []),
                                 app.clock().date())
    face = app.face()
    face.notice(f"They say: \u201c{shown[:1].upper() + shown[1:]}.\u201d")
    step = Step("answer", "text", required=False)
    started = app.clock()
    try:
        typed = face.ask(Ask("answer", step, None, PRACTICE_QUESTION, 1, 1, flow="Practice"),
                         lambda text: None, "", "")
    except InputEnded:
        typed = ""
    except PartialAnswer:
        face.notice("Stopped. Nothing was saved.")  # Ctrl-C: a drill keeps no draft
        return 130
    if typed.strip().lower() in QUIT_WORDS:
        face.notice("Stopped. Nothing was saved.")
        return 0
    earlier = entry.answers if entry is not None else []
    if earlier:
        face.notice("What you had before, newest first:")
        for answer in earlier:
            face.notice(f"  - {answer_line(answer)}")
    else:
        face.notice("Nothing in your book for this one yet.")
    if is_meant(typed):
        app.store.add_reflection(_practice_record(stored, typed.strip(), started, app.clock()))
        face.notice("Saved to your book. `coach objections` shows it.")
    else:
        face.notice("Nothing saved. Try it again whenever a line comes to you.")
    return 0


def _practice_record(objection: str, answer: str, started: datetime,
                     finished: datetime) -> ReflectionRecord:
    return {
        "schema": SCHEMA, "kind": "reflection", "id": new_id(), "playbook": PRACTICE_PLAYBOOK,
        "title": "Objection practice", "variant": "full", "started": timestamp(started),
        "finished": timestamp(finished),
        "answers": {"answer": {"question": PRACTICE_QUESTION, "answer": answer, "type": "text",
                               "shown": answer}},
        "responses": [], "tags": ["objections"], "sting_before": None, "sting_after": None,
        "cause": None, "small_win": None, "next_action": None, "callback": None,
        "lesson": None, "thinking_trap": None, "stage": None, "objection": objection,
        "objection_answer": answer, "objection_helped": None,
        "values": {"objection": objection, "objection_answer": answer},
    }
