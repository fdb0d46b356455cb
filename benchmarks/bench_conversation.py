"""Conversation budget benchmark: how long each built-in flow takes a rep, on its main paths.

A scripted rep with short, realistic answers drives the real `coach` command through a pipe.
It reads each question as the coach prints it and answers it the way a rep on that path would
(a heavy call whose no was about the prospect's timing, a light one about the rep's own delivery,
a check-in with and without yesterday's numbers, a wrap-up with and without the morning's goals).
For every path it reports the questions asked, the words the coach showed, the characters the
rep typed (Enter included) and the estimated time:

    seconds = words / 250 * 60 + characters / 200 * 60 + 1 per question

(reading 250 words a minute, typing 200 characters a minute, a second to decide each question).
It exits with code 1 when a path misses its budget, or when the step counter a rep sees ("3/8")
grows along the way (it may shrink as branches fall away).

Two reps answer the way people do after a bad call, not the way the playbook hopes: one types
non-answers ("idk", "honestly nothing.", "no idea"), the other sarcasm ("great, another no").
For them the benchmark also counts the coach's lines right after such an answer that praise or
file it ("keep doing that", "that counts", "that's the plan"...): any at all is a failure.

    python benchmarks/bench_conversation.py [--only debrief] [--show]

--show prints each path's transcript, to read what a rep reads.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import select
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_data import checkin_record, debrief_record

from coach.store.records import effort_record, new_id
from coach.store.store import Store

WORDS_PER_MINUTE = 250
CHARACTERS_PER_MINUTE = 200
SECONDS_PER_QUESTION = 1.0
# The time a question's option lines may take to follow its first line. The coach prints a whole
# question at once, so this only decides that a question without options (a text one) is complete.
QUIET = 0.3
COUNTER = re.compile(r"^\[(\d+)/(\d+)\] ")


@dataclass(frozen=True)
class Question:
    text: str
    options: tuple[str, ...]  # option labels, for choices and yes/no
    hint: str  # what it accepts, e.g. "(a number from 0 to 10)"; empty for text
    number: int
    total: int


# A rule: a pattern the question must contain, and the answer. For a choice the answer is a
# pattern that picks the first option whose label it matches; otherwise it is typed as it is,
# unless the rule gives a third item, typed instead when the question has no options.
Rule = tuple[str, ...]


@dataclass(frozen=True)
class Rep:
    """How one rep on one path answers: the first matching rule wins."""

    rules: tuple[Rule, ...]
    sting: tuple[int, int] = (5, 4)  # before and after

    def answer(self, question: Question, stings_asked: int) -> str:
        if question.hint.startswith("(a number from 0 to 10") and "sting" in question.text:
            return str(self.sting[min(stings_asked, 1)])
        for pattern, answer, *typed in self.rules + GENERAL:
            if re.search(pattern, question.text, re.IGNORECASE):
                if question.options and question.hint != "(y or n)":
                    picked = _pick(question, answer) if answer else None
                    # A choice that takes own words gets the typed text when no label fits.
                    return picked or (typed[0] if typed else "1")
                return typed[0] if typed and not question.options else answer
        if question.options:
            return "1"
        return "Not sure yet" if not question.hint else "3"


def _pick(question: Question, pattern: str) -> str | None:
    picked = [str(number) for number, label in enumerate(question.options, 1)
              if re.search(pattern, label, re.IGNORECASE)]
    return picked[0] if picked else None


# What any rep answers when the path says nothing more specific.
GENERAL: tuple[Rule, ...] = (
    (r"who was the call|callback with", "Northwind"),
    (r"where did the call die", r"first objection"),
    (r"what did they say\? pick", r"send me an email"),
    (r"next time you hear that", "Happy to, what should it cover?"),
    (r"did that answer help", r"helped"),
    (r"what happened", "Said no and hung up"),
    (r"feeling", "gutted"),
    (r"teammate", "One call, not you"),
    (r"set this call down|ready to", "y"),
    (r"reset", r"breath"),
    (r"went well|worked", "Got past the gatekeeper"),
    (r"what did they say|points that way|signal", ""),
    (r"worth (another|a) call", "y"),
    (r"when should you try|try again", "friday"),
    (r"told you sooner", ""),
    (r"thoughts? running|thinking", r"none"),
    (r"left you|leave you|give you|win|tally", r"conversation", "Five minutes with the buyer"),
    (r"energy", "4"),
    (r"sounds most like you|mindset", r"steady"),
    (r"dials", "60"),
    (r"conversations", "8"),
    (r"follow-ups", "3"),
    (r"learn", "2"),
    (r"intention|show up", "Stay curious"),
    (r"effort compare|compare", r"about"),
    (r"got in the way", "Meetings"),
    (r"small wins", "Booked one demo"),
    (r"lesson", "Ask about timing first"),
    (r"carry|tomorrow", "Start with warm leads"),
    (r"adjust|change", r"sharper|questions"),
    (r"next call|next time|differently|take from|next action", "Ask about their timeline"),
)

HEAVY = Rep(sting=(8, 6), rules=(
    (r"what happened", "No budget till spring"),
    (r"instinct|their situation", r"their situation"),
    (r"drove the no|cause|why", r"moment|timing|quarter"),
))
LIGHT = Rep(sting=(3, 2), rules=(
    (r"what happened", "I rushed the pitch"),
    (r"where did the call die", r"pitch"),
    (r"what did they say\? pick", r"not interested"),
    (r"next time you hear that", "Ask one question first"),
    (r"instinct|their situation", r"how I ran"),
    (r"drove the no|cause|why", r"how I ran|delivery"),
    (r"adjust|change", r"slow down"),
    (r"differently|next call|next time|differently|take from|next action", "Pause after my opener"),
))
# A heavy call where a thinking trap shows, so the thought record runs.
TRAPPED = Rep(sting=(8, 5), rules=(
    *HEAVY.rules,
    (r"thoughts? running", r"idiot"),
    (r"believe the first thought", "40"),
    (r"believe it", "80"),
    (r"feel true", "I stumbled on the price"),
    (r"fact from the call|doesn't fit", "She asked one question"),
    (r"fairer version", "One flat call, I can warm up"),
))
# Reps who just lost a call and answer like it: non-answers, then sarcasm.
SAYS_NOTHING = Rep(sting=(7, 7), rules=(
    (r"what happened", "idk"),
    (r"where did the call die", r"opener"),
    (r"what did they say\? pick", r"nothing"),
    (r"drove the no|cause|why", r"can't tell"),
    (r"hint at why|signal", "no idea"),
    (r"thoughts? running", r"none"),
    (r"did you do well|went well|worked", "honestly nothing."),
    (r"left you|leave you|give you|win|tally", "", "nothing, he hung up in like 5 seconds"),
    (r"adjust|change", r"their call"),
    (r"next call|next time|differently|take from|next action", "no idea"),
    (r"feeling", r"fine"),
    (r"teammate", "dunno"),
))
SARCASTIC = Rep(sting=(6, 6), rules=(
    (r"what happened", "oh just the usual, another hang up"),
    (r"where did the call die", r"opener"),
    (r"what did they say\? pick", r"not interested"),
    (r"next time you hear that", "oh sure, just sell more"),
    (r"drove the no|cause|why", r"timing"),
    (r"worth (another|a) call|when", ""),
    (r"thoughts? running", "", "yeah right, like it matters"),
    (r"did you do well|went well|worked", "great, another no"),
    (r"left you|leave you|give you|win|tally", "", "fantastic. not."),
    (r"adjust|change", r"nothing"),
    (r"next call|next time|differently|take from|next action", "oh sure, just sell more"),
))
PRAISE = ("keep doing that", "that counts", "that's the plan", "well done", "worth keeping",
          "banked:", "good find", "small wins add up", "a plan for the very next dial", "good.")
"""Lines that praise or file an answer: never right after a non-answer or sarcasm."""
DOWN_ANSWERS = {"idk", "honestly nothing.", "nothing, he hung up in like 5 seconds", "no idea",
                "dunno", "great, another no", "fantastic. not.", "oh sure, just sell more",
                "yeah right, like it matters", "oh just the usual, another hang up"}
MORNING = Rep(rules=())
EVENING_SHORT = Rep(rules=((r"effort compare|compare", r"bit short"),))


@dataclass
class Path_:
    name: str
    command: tuple[str, ...]
    rep: Rep
    budget: float
    seed: Callable[[Path, datetime], None] = lambda home, now: None
    transcript: list[str] = field(default_factory=list)


def _coach(home: Path, *arguments: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "coach", *arguments], input=stdin, text=True,
                          capture_output=True, env=environment, check=False, timeout=60)


def seed_yesterday(home: Path, now: datetime) -> None:
    """Yesterday's check-in with its intention, logged effort and one debrief with a small win and
    a next-call line, for the check-in to report and ask about."""
    yesterday = (now - timedelta(days=1)).replace(hour=11, minute=0, second=0, microsecond=0)
    store = Store(home)
    morning = checkin_record(yesterday - timedelta(hours=2), new_id(), dials=40, conversations=8,
                             follow_ups=2)
    morning["values"]["intention"] = "Stay curious, even when they push back"
    store.add_reflection(morning)
    for kind, count in (("dials", 42), ("conversations", 6), ("follow_ups", 2)):
        store.add_effort(effort_record(kind, count, yesterday))
    store.add_reflection(debrief_record(
        yesterday, record_id=new_id(), sting=6, after=3, cause="timing",
        lesson="Ask about timing first", win="Got the direct line", action="Call back Tuesday"))


def seed_objection(home: Path, now: datetime) -> None:
    """Yesterday's debrief that died on "not interested", with the answer the rep prepared: the
    debrief quotes it back and asks whether it helped; the check-in shows it as the card."""
    yesterday = (now - timedelta(days=1)).replace(hour=15, minute=0, second=0, microsecond=0)
    record = debrief_record(yesterday, record_id=new_id(), sting=4, after=2, cause="delivery",
                            lesson="Ask one question first", win="Got a name")
    record.update(stage="pitch", objection="not_interested",
                  objection_answer="Ask one question first", objection_helped=None)
    Store(home).add_reflection(record)


def seed_rate(home: Path, now: datetime) -> None:
    """Ten earlier days of effort (a rate of 1 meeting in 17 dials) and 25 dials today without a
    meeting, so the debrief and the wrap-up hold the day against the rep's own rate."""
    store = Store(home)
    for days_ago in range(2, 12):
        day = (now - timedelta(days=days_ago)).replace(hour=11, minute=0, second=0, microsecond=0)
        for kind, count in (("dials", 51), ("conversations", 7), ("meetings", 3)):
            store.add_effort(effort_record(kind, count, day))
    store.add_effort(effort_record("dials", 25, now - timedelta(minutes=5)))


def seed_today(home: Path, now: datetime) -> None:
    """This morning's check-in (run through the real command), with a guess of 5 calls going
    badly, and effort logged since."""
    morning = "4\n1\n60\n8\n3\n5\nStay curious on every call\n"
    result = _coach(home, "checkin", stdin=morning)
    if result.returncode:
        raise SystemExit(f"seeding the check-in failed: {result.stdout[-300:]}{result.stderr}")
    for kind, count in (("dials", "35"), ("conversations", "5"), ("follow-ups", "1")):
        _coach(home, "log", kind, count)


class _Lines:
    """The child's output line by line, straight from the pipe (no buffer hides what is waiting)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""
        self.ended = False

    def next(self, timeout: float | None = None) -> str | None:
        """The next line; None at the end, or when nothing arrives within `timeout` seconds."""
        while b"\n" not in self.buffer:
            if self.ended:
                return None
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                self.ended = True
                if self.buffer:
                    self.buffer += b"\n"
                continue
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode("utf-8")


def _read_question(lines: _Lines, first: str) -> Question:
    """The rest of a question whose counter line is `first`: its options and its hint."""
    found = COUNTER.match(first)
    assert found is not None
    options: list[str] = []
    hint = ""
    while not hint:
        line = lines.next(QUIET)
        if line is None:
            break  # a text question: nothing follows its first line
        if not line.startswith("  "):
            raise SystemExit(f"unexpected line after a question: {line!r}")
        body = line.strip()
        option = re.match(r"(\d+)\. (.*)", body)
        if option:
            options.append(option.group(2))
        elif body.startswith("("):
            hint = body
    return Question(first[found.end():], tuple(options), hint, int(found.group(1)),
                    int(found.group(2)))


@dataclass
class Run:
    questions: int
    words: int
    characters: int
    totals: tuple[int, ...]
    answers: tuple[str, ...]
    output: str

    @property
    def praise_after_down(self) -> list[str]:
        """The coach's replies that praise a non-answer or sarcasm given just before."""
        found, answer_number, down = [], -1, False
        for line in self.output.splitlines():
            if COUNTER.match(line):
                answer_number += 1
                down = self.answers[answer_number] in DOWN_ANSWERS
            elif down and line.startswith("coach: ") and any(
                    word in line.lower() for word in PRAISE):
                found.append(line)
        return found

    @property
    def seconds(self) -> float:
        return (self.words / WORDS_PER_MINUTE * 60 + self.characters / CHARACTERS_PER_MINUTE * 60
                + self.questions * SECONDS_PER_QUESTION)


def drive(path: Path_) -> Run:
    """Run one path: the rep answers each question as it appears; then measure a clean replay."""
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        path.seed(home, datetime.now().astimezone())
        environment = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1"}
        process = subprocess.Popen([sys.executable, "-m", "coach", *path.command], text=True,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, env=environment)
        assert process.stdout is not None and process.stdin is not None
        lines = _Lines(process.stdout.fileno())
        answers: list[str] = []
        stings = 0
        while (line := lines.next()) is not None:
            if not COUNTER.match(line):
                continue
            question = _read_question(lines, line)
            answer = path.rep.answer(question, stings)
            if question.hint.startswith("(a number from 0 to 10") and "sting" in question.text:
                stings += 1
            answers.append(answer)
            process.stdin.write(answer + "\n")
            process.stdin.flush()
        process.stdin.close()
        process.wait(timeout=60)
    # The measured run: the same answers, all piped at once, into a freshly seeded folder.
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        path.seed(home, datetime.now().astimezone())
        result = _coach(home, *path.command, stdin="".join(a + "\n" for a in answers))
    if result.returncode:
        raise SystemExit(f"{path.name}: coach exited {result.returncode}: {result.stderr.strip()}")
    if "(type /help for help)" in result.stdout:
        raise SystemExit(f"{path.name}: the scripted rep gave an answer the coach refused:\n{result.stdout}")
    lines = result.stdout.splitlines()
    totals = tuple(int(found.group(2)) for line in lines if (found := COUNTER.match(line)))
    words = sum(len(COUNTER.sub("", line).split()) for line in lines)
    characters = sum(len(answer) + 1 for answer in answers)
    return Run(len(totals), words, characters, totals, tuple(answers), result.stdout)


PATHS = [
    Path_("debrief --quick, heavy, their timing", ("debrief", "--quick"), HEAVY, 60),
    Path_("debrief --quick, light, my delivery", ("debrief", "--quick"), LIGHT, 60),
    Path_("debrief --quick, heavy, with a rate", ("debrief", "--quick"), HEAVY, 60, seed_rate),
    Path_("debrief, heavy, their timing", ("debrief",), HEAVY, 150),
    Path_("debrief, heavy, with a rate", ("debrief",), HEAVY, 150, seed_rate),
    Path_("debrief, heavy, a thinking trap", ("debrief",), TRAPPED, 150),
    Path_("debrief, light, my delivery", ("debrief",), LIGHT, 120),
    Path_("debrief, light, an objection met before", ("debrief",), LIGHT, 120, seed_objection),
    Path_("debrief, non-answers", ("debrief",), SAYS_NOTHING, 150),
    Path_("debrief --quick, non-answers", ("debrief", "--quick"), SAYS_NOTHING, 60),
    Path_("debrief, sarcasm", ("debrief",), SARCASTIC, 150),
    Path_("checkin, with yesterday", ("checkin",), MORNING, 60, seed_yesterday),
    Path_("checkin, fresh start", ("checkin",), MORNING, 60),
    Path_("checkin, with yesterday and a rate", ("checkin",), MORNING, 60,
          lambda home, now: (seed_rate(home, now), seed_yesterday(home, now))),
    Path_("checkin, with yesterday and a card", ("checkin",), MORNING, 60,
          lambda home, now: (seed_yesterday(home, now), seed_objection(home, now))),
    Path_("checkin --quick, with yesterday", ("checkin", "--quick"), MORNING, 60, seed_yesterday),
    Path_("checkin --quick, fresh start", ("checkin", "--quick"), MORNING, 60),
    Path_("wrapup, after a check-in, short", ("wrapup",), EVENING_SHORT, 60, seed_today),
    Path_("wrapup, after a check-in, with a rate", ("wrapup",), EVENING_SHORT, 60,
          lambda home, now: (seed_rate(home, now), seed_today(home, now))),
    Path_("wrapup, no check-in", ("wrapup",), MORNING, 60),
    Path_("wrapup --quick, after a check-in", ("wrapup", "--quick"), EVENING_SHORT, 60,
          seed_today),
    Path_("wrapup --quick, no check-in", ("wrapup", "--quick"), MORNING, 60),
    Path_("weekly, with a week of effort", ("weekly",),
          Rep(rules=((r"went better", "More talks past the gatekeeper"),
                     (r"what will you count", r"dials"), (r"whole week", "250"))), 90,
          lambda home, now: (seed_rate(home, now), seed_yesterday(home, now))),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the paths whose name contains this")
    parser.add_argument("--show", action="store_true", help="print each path's transcript")
    options = parser.parse_args()
    failed = praised = 0
    header = f"{'path':<40} {'questions':>9} {'words':>6} {'chars':>6} {'seconds':>8} {'budget':>7}"
    print(header, flush=True)
    for path in PATHS:
        if options.only and options.only not in path.name:
            continue
        run = drive(path)
        # The total may shrink as branches fall away; it must never grow.
        stable = all(later <= earlier for earlier, later in itertools.pairwise(run.totals))
        verdict = "" if run.seconds <= path.budget else "  OVER BUDGET"
        praise = run.praise_after_down
        if praise:
            verdict += f"  praised {len(praise)} non-answer(s): {praise[0]}"
        praised += len(praise)
        if not stable:
            verdict += f"  counter grew: {'/'.join(map(str, run.totals))}"
        failed += bool(verdict)
        print(f"{path.name:<40} {run.questions:>9} {run.words:>6} {run.characters:>6} "
              f"{run.seconds:>8.0f} {path.budget:>7.0f}{verdict}")
        if options.show:
            print("  answers: " + " | ".join(run.answers))
            print("  " + run.output.replace("\n", "\n  "))
    print(f"praise lines right after a non-answer or sarcasm: {praised}")
    print("all paths within budget" if not failed else f"{failed} path(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
