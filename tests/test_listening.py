"""Listening without a language model: stems, negation, clause captures, reflect, rotation."""

from __future__ import annotations

import itertools
import textwrap
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from conftest import library_with

from coach.conversation.engine import Conversation
from coach.errors import PlaybookError
from coach.language.matching import MAX_CAPTURE_WORDS, MAX_MATCH_STEPS, Budget, compile_phrase
from coach.language.reflect import reflect
from coach.playbook.library import Library, playbook_from_text
from coach.playbook.replies import replies_with_few_variants
from coach.playbook.schema import MAX_PHRASES_PER_STEP
from coach.templating import compile_template

TODAY = date(2026, 11, 20)

TALK = """\
id: talk
title: Talk
steps:
  - id: what
    ask: "What happened?"
    respond:
      - patterns: ["should have *", "shouldn't have *"]
        say: "Next time: {{ match }}."
      - keywords: [rush]
        say: "Pace."
      - keywords: ["didn't listen"]
        say: "Listen next time."
      - keywords: [listened]
        say: "Good listening."
      - keywords: [embarrassed]
        say: "Embarrassment fades."
      - keywords: [flat]
        say: "Tired is a signal."
      - fallback: true
        say: "Thanks."
"""


def where(text: str, fragment: str) -> tuple[int, int]:
    """The 1-based line and column where `fragment` starts in `text`."""
    offset = text.index(fragment)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)



def conversation(library: Library, answers: list[object], playbook: str = "talk",
                 rotation: dict[str, int] | None = None) -> Conversation:
    talk = Conversation(library.get(playbook), library.playbooks, {}, TODAY,
                        rotation=rotation or {})
    for value in answers:
        talk = talk.answer(value)
    return talk


def replies(library: Library, answer: str) -> list[str]:
    return [say.text for say in conversation(library, [answer]).pending]


@pytest.fixture
def talk(tmp_path: Path) -> Library:
    return library_with(tmp_path, TALK)


# --- stems, negation, clauses ------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["I rushed it", "kept rushing", "always a rush", "RUSHES me"])
def test_every_form_of_a_word_meets_one_keyword(talk: Library, answer: str) -> None:
    assert replies(talk, answer) == ["Pace."]


def test_a_negated_keyword_does_not_fire(talk: Library) -> None:
    assert replies(talk, "Honestly I never listened") == ["Thanks."]
    assert replies(talk, "I listened well") == ["Good listening."]


@pytest.mark.parametrize("answer", ["I didn't listen", "I didn’t listen at all", "I did not listen"])
def test_a_keyword_that_says_the_negation_fires_on_it(talk: Library, answer: str) -> None:
    assert replies(talk, answer) == ["Listen next time."]


def test_a_negation_in_another_clause_leaves_the_keyword_alone(talk: Library) -> None:
    assert replies(talk, "Not a great call, but I listened") == ["Good listening."]
    assert replies(talk, "I didn't listen at first, then I listened") == ["Listen next time."]


def test_a_negation_reaches_three_words_back(talk: Library) -> None:
    assert replies(talk, "I did not really properly listen") == ["Thanks."]
    assert replies(talk, "No clue what to say so I just listened") == ["Good listening."]


def test_a_reply_can_reflect_the_capture(tmp_path: Path) -> None:
    library = library_with(tmp_path, """\
        id: mirror
        title: Mirror
        steps:
          - id: what
            ask: "What would you change?"
            respond:
              - patterns: ["should have *"]
                say: "So next time {{ match | reflect }}."
        """)
    said = conversation(library, ["I should have asked my questions, then pitched"], "mirror")
    assert [say.text for say in said.pending] == ["So next time asked your questions."]


def test_a_capture_ends_at_its_clause(talk: Library) -> None:
    said = replies(talk, "I should have asked about budget, but she hung up")
    assert said == ["Next time: asked about budget."]
    assert replies(talk, "I should have asked about budget but she hung up") == said


def test_typographic_apostrophes_match_straight_ones(talk: Library) -> None:
    assert replies(talk, "I shouldn’t have Pitched so early!") == ["Next time: Pitched so early."]


def test_a_capture_is_bounded() -> None:
    long_clause = "I should have " + " ".join(f"w{n}" for n in range(40))
    found = compile_phrase("should have *").search(long_clause)
    assert found is not None
    assert found.capture.split() == [f"w{n}" for n in range(MAX_CAPTURE_WORDS)]


def test_several_wildcards_capture_in_order() -> None:
    found = compile_phrase("I * because *").search("Well, I hung up because she was rude. Then")
    assert found is not None
    assert found.captures == ("hung up", "she was rude")
    assert compile_phrase("* zzz").search("a b, c d zzz").captures == ("c d",)


def test_the_reply_to_what_the_rep_named_first_wins(talk: Library) -> None:
    assert replies(talk, "embarrassed, flat") == ["Embarrassment fades."]
    assert replies(talk, "flat, and a bit embarrassed") == ["Tired is a signal."]


# --- no backtracking ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [5_000, 20_000])
def test_a_pathological_pattern_costs_a_bounded_number_of_steps(size: int) -> None:
    answer = ("word " * size)[:size]
    matcher = compile_phrase("* * * * * zzz")
    assert matcher.search(answer) is None
    assert matcher.steps(answer) <= len(answer.split()) * (MAX_CAPTURE_WORDS + 2)
    repetitive = compile_phrase("a * a * a * b")
    answer = "a " * (size // 2)
    assert repetitive.search(answer) is None
    assert repetitive.steps(answer) <= len(answer.split()) * 4 * (MAX_CAPTURE_WORDS + 2)


def test_validate_flags_slow_and_meaningless_patterns(library: Library) -> None:
    text = textwrap.dedent("""\
        id: slow
        title: Slow
        steps:
          - id: a
            ask: "?"
            respond:
              - patterns: ["* * * * * zzz", "*"]
                say: "x"
              - keywords: ["!!"]
                say: "y"
        """)
    with pytest.raises(PlaybookError) as caught:
        playbook_from_text(text, "p.yaml", library.playbooks)
    found = [(d.line, d.column, d.message) for d in caught.value.diagnostics]
    slow, anything, empty = (where(text, '"* * * *'), where(text, '"*"'), where(text, '"!!"'))
    assert found == [
        (*slow, "step 'a': respond: patterns: '* * * * * zzz' has 5 wildcards"),
        (*slow, "step 'a': respond: patterns: '* * * * * zzz' has wildcards side by side"),
        (*anything, "step 'a': respond: patterns: '*' is only wildcards, so it would match any answer"),
        (*empty, "step 'a': respond: keywords: '!!' has no words to match"),
    ]


def test_the_phrases_of_a_step_share_one_budget_per_answer() -> None:
    """Past the budget a phrase does not match, whatever the answer says, so nothing hangs."""
    costly = compile_phrase("a * a * a * b")
    answer = ("a " * 2_500) + "zzz"
    found = compile_phrase("zzz")
    assert found.search(answer, Budget()) is not None  # on its own, it is heard
    budget = Budget()
    spent = [costly.search(answer, budget) for _ in range(20)]
    assert spent == [None] * 20 and budget.left == 0
    assert found.search(answer, budget) is None  # the budget is gone: not even tried
    assert costly.steps(answer) * 20 > MAX_MATCH_STEPS  # which is why it ran out


def test_a_step_with_too_many_phrases_is_a_playbook_problem(library: Library) -> None:
    keywords = ", ".join(f'"word{number}"' for number in range(MAX_PHRASES_PER_STEP + 1))
    text = textwrap.dedent(f"""\
        id: crowded
        title: Crowded
        steps:
          - id: a
            ask: "?"
            respond:
              - keywords: [{keywords}]
                say: ["x", "y", "z"]
        """)
    with pytest.raises(PlaybookError) as caught:
        playbook_from_text(text, "p.yaml", library.playbooks)
    (problem,) = caught.value.diagnostics
    assert problem.message == f"step 'a': respond has {MAX_PHRASES_PER_STEP + 1} keywords and patterns"
    # One fewer is fine.
    fewer = text.replace(f', "word{MAX_PHRASES_PER_STEP}"', "")
    assert playbook_from_text(fewer, "p.yaml", library.playbooks).id == "crowded"


# --- reflect -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "reflected"),
    [
        ("I rushed my pitch.", "you rushed your pitch"),
        ("I’m sure I was too pushy", "you’re sure you were too pushy"),
        ("I've learnt it myself, it's mine", "you've learnt it yourself, it's yours"),
        ("She told me I'd call back. I'll do it", "She told you you'd call back. You'll do it"),
        ("what am I doing wrong?", "what are you doing wrong?"),
        ("you never know with budget", "you never know with budget"),
        ("Imagine my SURPRISE", "Imagine your SURPRISE"),
        ("I AM DONE", "YOU ARE DONE"),
    ],
)
def test_reflect_turns_first_person_to_second(typed: str, reflected: str) -> None:
    assert reflect(typed) == reflected


def test_reflect_keeps_a_reply_short() -> None:
    long = "I rushed the intro because I was nervous about the price and then she asked me twice"
    assert reflect(long) == (
        "you rushed the intro because you were nervous about the price and then she asked…"
    )
    two = "I froze on the price question completely. Then she asked about contracts and I lost it"
    assert reflect(two) == "you froze on the price question completely"


def test_reflect_is_a_template_filter() -> None:
    template = compile_template("You said {{ answer | reflect }}, and that is fixable.")
    assert template.render({"answer": "I rushed my pitch."}) == (
        "You said you rushed your pitch, and that is fixable."
    )


# --- rotation across conversations -------------------------------------------------------------

ROTATING = """\
id: rotating
title: Rotating
steps:
  - id: what
    ask: "What happened?"
    respond:
      - keywords: [rush]
        say: ["One.", "Two.", "Three."]
    next:
      - goto: what
        when: "what == 'rushed again'"
        limit: 1
"""


SAYING = """\
id: saying
title: Saying
steps:
  - id: what
    ask: "What happened?"
  - id: step_back
    type: say
    say: ["Step back.", "Look again.", "From outside, now."]
"""


def test_a_say_step_with_several_lines_says_the_next_one_each_conversation(
    tmp_path: Path,
) -> None:
    library = library_with(tmp_path, SAYING)
    counts: Counter[str] = Counter()
    said = []
    for _ in range(4):
        talk = conversation(library, ["x"], "saying", dict(counts))
        said.append([say.text for say in talk.pending])
        counts.update(key for answer in talk.answers for key in answer.response_keys)
    assert said == [["Step back."], ["Look again."], ["From outside, now."], ["Step back."]]


def said_over_conversations(library: Library, answers: list[str], count: int) -> list[list[str]]:
    """What the coach said in `count` conversations in a row, counting as the store does."""
    counts: Counter[str] = Counter()
    said = []
    for _ in range(count):
        talk = conversation(library, answers, "rotating", dict(counts))
        said.append([text for answer in talk.answers for text in answer.responses])
        counts.update(key for answer in talk.answers for key in answer.response_keys)
    return said


def test_a_reply_is_never_the_one_of_the_conversation_before(tmp_path: Path) -> None:
    library = library_with(tmp_path, ROTATING)
    said = said_over_conversations(library, ["I rushed"], 7)
    assert all(len(lines) == 1 for lines in said)
    assert all(now != before for before, now in itertools.pairwise(said))
    assert {line for lines in said for line in lines} == {"One.", "Two.", "Three."}


def test_a_reply_said_twice_in_one_conversation_starts_fresh_next_time(tmp_path: Path) -> None:
    library = library_with(tmp_path, ROTATING)
    said = said_over_conversations(library, ["rushed again", "rushed"], 4)
    for before, now in itertools.pairwise(said):
        assert len(set(now)) == 2  # two different lines within one conversation
        assert now[0] not in before  # and the first one is new after the conversation before


# --- replies with few variants -----------------------------------------------------------------


def test_replies_with_few_variants_names_each_at_its_line(talk: Library) -> None:
    few = replies_with_few_variants(talk.get("talk"))
    assert [(d.line, d.message) for d in few][:2] == [
        (7, "step 'what': a reply has 1 variant"),
        (9, "step 'what': a reply has 1 variant"),
    ]
    assert len(few) == 7
    assert replies_with_few_variants(talk.get("talk"), minimum=1) == []


def _debrief_playbooks(library: Library) -> list[str]:
    """The debrief and every playbook it includes, directly or through others."""
    found: list[str] = []
    waiting = ["debrief"]
    while waiting:
        name = waiting.pop()
        if name in found:
            continue
        found.append(name)
        waiting += [s.include for s in library.playbooks[name].steps if s.include]
    return found


@pytest.mark.parametrize(
    "playbook_id",
    ["debrief", "reframe_feedback", "self_compassion", "timing_fit", "small_win"],
)
def test_every_debrief_reply_has_three_variants(library: Library, playbook_id: str) -> None:
    assert playbook_id in _debrief_playbooks(library)
    few = [str(d) for d in replies_with_few_variants(library.playbooks[playbook_id])]
    assert few == []


def test_the_variant_check_covers_every_playbook_of_the_debrief(library: Library) -> None:
    assert sorted(_debrief_playbooks(library)) == sorted(
        ["debrief", "reframe_feedback", "self_compassion", "timing_fit", "small_win"]
    )
