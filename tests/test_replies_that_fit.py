"""Replies that fit what reps really type, and nothing false stored (issue: the coach hears).

Through the engine for the replies, and through the real `coach` command for what is saved,
what is said at the end and what the next morning reads back.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXED_NOW, run_coach
from sample_records import reflection
from scripts import NOTHING_SAID, piped

from coach.conversation.engine import Conversation
from coach.playbook.library import Library
from coach.playbook.replies import praise_without_guard
from coach.review.patterns import review
from coach.review.periods import Period
from coach.review.stats import compute_stats
from coach.store.records import effort_record
from coach.store.store import Store

TODAY = FIXED_NOW.date()
PRAISE = ("keep doing that", "that counts", "that's the plan", "well done", "worth keeping",
          "banked:", "good find", "small wins add up", "a plan for the very next dial")


def walk(library: Library, playbook: str, answers: list[Any], stats: dict[str, object],
         quick: bool = False) -> dict[str, list[str]]:
    """What the coach said after each answer, by the step it answered."""
    talk = Conversation(library.get(playbook), library.playbooks, stats, TODAY, quick)
    said: dict[str, list[str]] = {}
    for value in answers:
        assert talk.current is not None, f"finished before {value!r}"
        path = talk.current.path
        talk = talk.answer(value)
        said[path] = [say.text for say in talk.pending]
    return said


def light(went_well: str = "I kept my tone calm", win: str = "got his direct line",
          plan: str = "open with the referral") -> list[Any]:
    """A light full debrief (sting 3: no trap question) of a call that died at the opener with
    nothing said, so the rep's own plan is asked for (not an objection's answer)."""
    return ["He said no budget", 3, "delivery", went_well, ["pace"], *NOTHING_SAID, win, plan, 2]


def praised(lines: list[str]) -> bool:
    return any(word in line.lower() for line in lines for word in PRAISE)


@pytest.mark.parametrize("answer", ["idk", "honestly nothing.", "nothing, he hung up",
                                    "n/a", "zero", "not a thing", "great, another no"])
def test_no_praise_after_a_non_answer_or_sarcasm(library: Library, empty_stats: dict[str, object],
                                                 answer: str) -> None:
    said = walk(library, "debrief", light(answer, answer, answer), empty_stats)
    for step in ("reframe.went_well", "win.win", "next_action"):
        assert said[step] and not praised(said[step]), (step, said[step])
    # Never the same consolation twice in one debrief.
    lines = [line for step in ("reframe.went_well", "win.win", "next_action") for line in said[step]]
    assert len(set(lines)) == len(lines)


def test_a_real_answer_is_still_met_warmly(library: Library, empty_stats: dict[str, object]) -> None:
    said = walk(library, "debrief", light(), empty_stats)
    assert praised(said["reframe.went_well"]) and praised(said["next_action"])


def test_mixed_and_negative_answers_are_acknowledged_not_praised(
        library: Library, empty_stats: dict[str, object]) -> None:
    said = walk(library, "debrief", light("not my best, but I didn't completely choke"), empty_stats)
    assert not praised(said["reframe.went_well"])
    assert any("both" in line.lower() or "part" in line.lower() for line in said["reframe.went_well"])


def test_anger_at_the_prospect_is_about_them(library: Library, empty_stats: dict[str, object]) -> None:
    said = walk(library, "debrief", ["the prospect was a total jerk to me"], empty_stats)
    (reply,) = said["what_happened"]
    assert "their" in reply.lower() or "they" in reply.lower()
    feeling = walk(library, "self_compassion", ["pissed off at that rude prospect"], empty_stats)
    assert "yourself" not in " ".join(feeling["feeling"]).lower()


@pytest.mark.parametrize("typed", ["he swore at me and told me to fuck off",
                                   "the prospect called me a useless idiot"])
def test_abuse_on_a_call_hears_that_it_is_not_ok(home: Path, typed: str) -> None:
    """Heard by the safety net's support help or by the playbook's own reply: either way it
    is named as not OK, with the manager to tell, and the debrief goes on."""
    out = run_coach(home, "debrief", stdin=f"{typed}\n").stdout
    heard = out[: out.index("How much does it sting")]  # the reply to "what happened"
    assert "not OK" in heard or "abuse" in heard or "Nobody should" in heard, out
    assert "manager" in heard, out


def test_a_thought_about_the_prospect_starts_no_thought_record(
        library: Library, empty_stats: dict[str, object]) -> None:
    answers = ["bad call", 7, "delivery", "what a jerk, people like that shouldn't pick up"]
    talk = Conversation(library.get("debrief"), library.playbooks, empty_stats, TODAY)
    for value in answers:
        assert talk.current is not None
        talk = talk.answer(value)
    assert talk.current is not None and talk.current.path == "reframe.went_well"
    assert any("them" in say.text or "their" in say.text for say in talk.pending)


def test_the_trap_is_named_after_the_belief_rating(library: Library,
                                                    empty_stats: dict[str, object]) -> None:
    said = walk(library, "debrief",
                ["bad call", 7, "delivery", ["personalising"], 80, "", "", "", 60], empty_stats)
    assert not any("personalising" in line.lower() for line in said["reframe.trap"])
    (named,) = said["reframe.belief"]
    assert "personalising" in named.lower() and named.endswith("?")
    # A skipped fact is never credited, nor answered with a reply built on it.
    assert not any("fact" in line and ":" in line.split("fact")[0][-3:]
                   for line in said["reframe.evidence"])
    assert not any("looking at the facts" in line for line in said["reframe.belief_after"])


def test_what_makes_it_feel_true_comes_before_the_fact_against(
        library: Library, empty_stats: dict[str, object]) -> None:
    talk = Conversation(library.get("debrief"), library.playbooks, empty_stats, TODAY)
    asked = []
    for value in ["bad call", 7, "delivery", ["labelling"], 80, "", "", "", 60, "", "", 5]:
        assert talk.current is not None
        asked.append(talk.current.path)
        talk = talk.answer(value)
    assert asked.index("reframe.for_it") + 1 == asked.index("reframe.evidence")
    assert "reframe.went_well" not in asked  # the thought record stands in for it


def test_a_sting_still_high_outranks_well_done_and_a_low_one_gets_no_comfort(
        library: Library, empty_stats: dict[str, object]) -> None:
    high = walk(library, "debrief", [9, "disappointed", "delivery", "x", "y", 8],
                empty_stats, quick=True)
    assert high["sting_after"] and not any("Well done" in line for line in high["sting_after"])
    low = walk(library, "debrief", ["x", 2, "delivery", "a", ["pace"], *NOTHING_SAID, "b", "c", 2],
               empty_stats)
    assert not any("not every call eases" in line.lower() for line in low["sting_after"])


def test_the_quick_debrief_asks_for_a_callback_day_after_a_timing_no(
        library: Library, empty_stats: dict[str, object]) -> None:
    talk = Conversation(library.get("debrief"), library.playbooks, empty_stats, TODAY, True)
    talk = talk.answer(5).answer("timing")
    assert talk.current is not None and talk.current.path == "timing_fit.callback"


def test_cant_tell_hears_it_may_not_be_about_them(library: Library,
                                                  empty_stats: dict[str, object]) -> None:
    said = walk(library, "timing_fit", ["unknown"], empty_stats)
    assert "about you" in " ".join(said["cause"])


def test_the_built_in_playbooks_never_praise_without_a_guard(library: Library) -> None:
    for playbook in library.playbooks.values():
        assert praise_without_guard(playbook) == [], playbook.id


def test_validate_warns_about_an_unguarded_praising_fallback(tmp_path: Path) -> None:
    folder = tmp_path / "home" / "playbooks"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(
        "id: mine\ntitle: Mine\nsteps:\n  - id: good\n    ask: \"What went well?\"\n"
        "    respond:\n      - fallback: true\n        say: \"Great, keep doing that.\"\n",
        encoding="utf-8")
    result = run_coach(tmp_path / "home", "playbooks", "validate", str(folder / "mine.yaml"))
    assert result.returncode == 0, result.stderr
    assert "warning: step 'good'" in result.stdout and "answer.down" in result.stdout


# --- what is stored, through the real command ------------------------------------------------


def _debrief(home: Path, went_well: str, win: str, plan: str) -> tuple[str, dict[str, Any]]:
    typed = piped(["He said no budget", "3", "5", went_well, "3", *NOTHING_SAID, win, plan, "2"])
    result = run_coach(home, "debrief", stdin=typed)
    assert result.returncode == 0, result.stderr
    exported = run_coach(home, "history", "--format", "json", "-n", "1")
    (record,) = json.loads(exported.stdout)
    return result.stdout, record


@pytest.mark.parametrize("answer", ["idk", "no idea", "dunno", "nothing, he hung up",
                                    "great, another no"])
def test_a_non_answer_is_kept_as_typed_but_never_a_win_plan_or_lesson(tmp_path: Path,
                                                                     answer: str) -> None:
    printed, record = _debrief(tmp_path / "home", answer, answer, answer)
    assert record["small_win"] is None and record["next_action"] is None
    assert record["lesson"] is None
    assert record["answers"]["next_action"]["answer"] == answer  # kept as typed
    assert "Next call:" not in printed and "That counts" not in printed


def test_a_real_plan_is_still_saved_and_read_back(tmp_path: Path) -> None:
    printed, record = _debrief(tmp_path / "home", "kept calm", "got the direct line",
                               "ask about timing first")
    assert record["small_win"] == "got the direct line"
    assert record["next_action"] == "ask about timing first"
    assert "Next call: ask about timing first" in printed


def _old(day: date, **fields: object) -> dict[str, object]:
    """A record saved before this rule, with the values as they were stored then."""
    moment = datetime.combine(day, datetime.min.time(), FIXED_NOW.tzinfo) + timedelta(hours=15)
    return {"schema": 1, "kind": "reflection", "id": f"{day}{len(fields)}", "playbook": "debrief",
            "finished": moment.isoformat(), "started": moment.isoformat(), "answers": {},
            "values": {}, "sting_before": 6, "sting_after": 4, "cause": "fit",
            "callback": None, "thinking_trap": None, **fields}


def test_records_already_stored_with_non_answers_no_longer_count() -> None:
    yesterday = TODAY - timedelta(days=1)
    records = [_old(yesterday, small_win="idk", next_action="no idea", lesson="dunno"),
               _old(yesterday, small_win="nada", next_action="dunno", lesson="no idea")]
    stats = compute_stats(records, [], FIXED_NOW)
    assert stats["wins_yesterday"] == 0 and stats["yesterday_next_actions"] == []
    found = review(records, [], FIXED_NOW, Period(TODAY - timedelta(days=7), TODAY))
    assert not found.lessons and not found.next_actions


STYLES = [
    # (what the rep typed about the call, words the reply must hold, words it must not)
    ('he said "call me when the renewal comes up"', ["Noted", "Got it", "Thanks"], ["call you"]),
    ("The prospect say you he have already supplier and is happy", ["Noted", "Got it", "Thanks"],
     ["supplier"]),
    ("what a jerk, he hung up on me mid sentence", ["they", "their"], ["yourself"]),
    ("I'm such an idiot, I forgot his name", ["verdict", "harsh", "judging"], ["idiot"]),
    ("i totaly blew it, stressd af and rushed evry word", ["yours", "change", "skill"], []),
    ("so I called at ten like the list said and the gatekeeper put me through and the director "
     "picked up and I started my opener but he cut me off and said they had just signed with "
     "someone else last week and that I should have called a month ago, which I did, twice, "
     "and nobody called me back", ["a lot", "writing it out", "a piece at a time"],
     ["signed with"]),
    ("not my best, but I didn't completely choke", ["Noted", "Got it", "Thanks", "rough",
                                                   "hard"], ["choke"]),
]


@pytest.mark.parametrize(("typed", "fits", "never"), STYLES)
def test_what_happened_is_heard_in_every_style_through_the_real_command(
        tmp_path: Path, typed: str, fits: list[str], never: list[str]) -> None:
    answers = [typed, "3", "5", "kept calm", "3", *NOTHING_SAID, "got his email",
               "open with the referral", "2"]
    result = run_coach(tmp_path / "home", "debrief", stdin=piped(answers))
    assert result.returncode == 0, result.stderr
    reply = next(line for line in result.stdout.splitlines() if line.startswith("coach: "))
    assert any(word.lower() in reply.lower() for word in fits), reply
    assert not any(word.lower() in reply.lower() for word in never), reply
    exported = run_coach(tmp_path / "home", "history", "--format", "json")
    (record,) = json.loads(exported.stdout)
    assert record["answers"]["what_happened"]["answer"] == typed  # kept exactly as typed


def test_an_old_record_with_non_answers_is_not_read_back_the_next_morning(tmp_path: Path) -> None:
    home = tmp_path / "home"
    yesterday = (datetime.now().astimezone() - timedelta(days=1)).replace(hour=15, minute=0)
    # As an older version saved it: the non-answers lifted into the summary fields.
    store = Store(home)
    store.add_reflection(reflection(yesterday, small_win="idk", next_action="no idea",
                                    lesson="no idea"))
    store.add_effort(effort_record("dials", 30, yesterday))
    result = run_coach(home, "checkin", stdin="4\n1\n60\n8\n3\n\nStay curious\n")
    assert result.returncode == 0, result.stderr
    yesterday_line = next(line for line in result.stdout.splitlines() if "Yesterday" in line)
    assert "no idea" not in yesterday_line and "0 small wins" in yesterday_line
