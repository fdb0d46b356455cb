"""The pure conversation engine, driven without any terminal or disk."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import library_with
from scripts import NOTHING_SAID

from coach.conversation.engine import Conversation
from coach.playbook.library import Library, load_library

TODAY = date(2026, 11, 20)



def walk(library: Library, playbook_id: str, answers: list[object], stats=None, **options):
    conversation = Conversation(library.get(playbook_id), library.playbooks, stats or {}, TODAY,
                                **options)
    for value in answers:
        assert conversation.current is not None, "the conversation ended too early"
        conversation = conversation.answer(value)
    return conversation


def paths(conversation: Conversation) -> list[str]:
    return [answer.path for answer in conversation.answers]


def test_high_sting_routes_to_self_compassion_first(library: Library, empty_stats) -> None:
    conversation = walk(library, "debrief", ["hung up", 9], empty_stats)
    assert conversation.current is not None
    assert conversation.current.path == "compassion_first.feeling"


def test_low_sting_skips_self_compassion(library: Library, empty_stats) -> None:
    conversation = walk(library, "debrief", ["hung up", 2], empty_stats)
    assert conversation.current is not None
    assert conversation.current.path == "timing_fit.cause"


def test_own_delivery_skips_timing_fit(library: Library, empty_stats) -> None:
    conversation = walk(library, "debrief", ["rushed", 2, "delivery"], empty_stats)
    assert conversation.current is not None
    assert conversation.current.path == "reframe.went_well"


def test_prospect_side_runs_timing_fit_and_callback(library: Library, empty_stats) -> None:
    conversation = walk(library, "debrief", ["busy", 2, "budget"], empty_stats)
    assert conversation.current is not None
    assert conversation.current.path == "timing_fit.callback"
    named = walk(library, "debrief", ["busy", 2, "budget", "2026-12-01"], empty_stats)
    assert named.current is not None and named.current.path == "prospect"


def test_strain_message_after_several_tough_calls(library: Library, empty_stats) -> None:
    stats = {**empty_stats, "tough_calls_last_hour": 2}
    answers = ["x", 2, "delivery", "ok", ["pace"], "opener", "none", "chat", "next", 1]
    finished = walk(library, "debrief", answers, stats)
    assert finished.finished
    # The weight is named; the breather itself is offered once, after saving (converse.report).
    assert any("paus" in say.text.lower() for say in finished.pending)
    calm = walk(library, "debrief", answers, empty_stats)
    assert not any("paus" in say.text.lower() for say in calm.pending)


def test_back_takes_the_last_answer_back(library: Library, empty_stats) -> None:
    conversation = walk(library, "debrief", ["hung up", 9], empty_stats).back()
    assert conversation.current is not None and conversation.current.path == "sting"
    assert paths(conversation) == ["what_happened"]


def test_changed_answer_drops_answers_that_no_longer_fit(library: Library, empty_stats) -> None:
    deep = walk(library, "debrief", ["hung up", 9, "angry"], empty_stats)
    replay = Conversation(deep.playbook, deep.library, empty_stats, TODAY,
                          answers=(deep.answers[0], deep.answers[1].__class__("sting", 2),
                                   deep.answers[2]))
    assert paths(replay) == ["what_happened", "sting"]
    assert replay.current is not None and replay.current.path == "timing_fit.cause"


def test_quick_variant_asks_fewer_questions(library: Library, empty_stats) -> None:
    full = Conversation(library.get("debrief"), library.playbooks, empty_stats, TODAY)
    quick = Conversation(library.get("debrief"), library.playbooks, empty_stats, TODAY, quick=True)
    assert full.current is not None and quick.current is not None
    assert quick.current.total < full.current.total
    assert quick.current.path == "sting"


LOOP = """\
id: loop
title: Loop
steps:
  - id: idea
    ask: "An idea?"
  - id: more
    type: yesno
    ask: "Another?"
    next:
      - when: "more"
        goto: idea
        limit: 2
  - id: done
    type: say
    say: "Ideas: {{ idea }}"
"""


def test_jump_back_is_bounded_by_its_limit(tmp_path: Path) -> None:
    library = library_with(tmp_path, LOOP)
    conversation = walk(library, "loop", ["a", True, "b", True, "c", True])
    # Two jumps back were allowed; the third 'yes' falls through to the end.
    assert conversation.finished
    assert paths(conversation) == ["idea", "more"] * 3
    assert conversation.pending[-1].text == "Ideas: c"


RESPONSES = """\
id: talk
title: Talk
steps:
  - id: feeling
    ask: "How was it?"
    respond:
      - keywords: [rushed, "too fast"]
        say: ["Slow down A", "Slow down B"]
      - patterns: ["should have *"]
        say: "Next time you will {{ match }}."
      - fallback: true
        say: "Thanks."
"""


def test_keyword_responses_rotate_and_fall_back(tmp_path: Path) -> None:
    library = library_with(tmp_path, RESPONSES)
    first = walk(library, "talk", ["I RUSHED it"])
    assert [s.text for s in first.pending] == ["Slow down A"]
    assert first.answers[0].response_keys == ("talk.feeling.0",)
    second = walk(library, "talk", ["went too fast"], rotation={"talk.feeling.0": 1})
    assert [s.text for s in second.pending] == ["Slow down B"]
    reflected = walk(library, "talk", ["I should have asked about budget"])
    assert [s.text for s in reflected.pending] == ["Next time you will asked about budget."]
    assert [s.text for s in walk(library, "talk", ["fine"]).pending] == ["Thanks."]
    assert [s.text for s in walk(library, "talk", ["unrushed"]).pending] == ["Thanks."]


def test_crisis_language_brings_a_safety_message(library: Library, empty_stats) -> None:
    conversation = walk(library, "debrief", ["honestly I want to die"], empty_stats)
    assert any(say.kind == "safety" for say in conversation.pending)
    ordinary = walk(library, "debrief", ["this deal is dead and I'm killing it"], empty_stats)
    assert not any(say.kind == "safety" for say in ordinary.pending)


def test_set_values_and_includes_reach_the_flow(library: Library, empty_stats) -> None:
    answers = ["x", 2, "budget", "2026-12-01", "ACME", "ok", ["pace"], *NOTHING_SAID, "direct line",
               "next", 1]
    finished = walk(library, "debrief", answers, empty_stats)
    assert finished.finished
    assert finished.values["cause"] == "budget"
    assert finished.values["callback"] == "2026-12-01"
    assert finished.values["small_win"] == "direct line"
    assert finished.values["lesson"] == "next"
    assert finished.values["next_action"] == "next"


def test_answer_after_the_end_is_refused(tmp_path: Path) -> None:
    library = library_with(tmp_path, RESPONSES)
    with pytest.raises(ValueError):
        walk(library, "talk", ["fine"]).answer("more")


def test_default_library_loads_cleanly() -> None:
    library = load_library()
    assert not library.problems
    assert {"debrief", "reframe_feedback", "small_win", "timing_fit", "self_compassion"} <= set(
        library.playbooks)


SILENT_END = """\
id: silent
title: Silent end
steps:
  - id: only
    ask: "Anything?"
"""


def test_a_playbook_can_end_on_an_answer_with_no_reply(tmp_path: Path) -> None:
    library = library_with(tmp_path, SILENT_END)
    finished = walk(library, "silent", ["nothing"])
    assert finished.finished and finished.pending == ()


def test_no_coaching_reply_after_a_safety_message(library: Library, empty_stats) -> None:
    # 'stupid' would normally get the harsh-verdict reply; after crisis words it must not.
    conversation = walk(library, "debrief", ["x", 9, "I feel stupid and want to die"],
                        empty_stats)
    assert [say.kind for say in conversation.pending if say.kind != "say"] == ["safety"]
