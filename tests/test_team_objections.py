"""The team report's coaching view of the objection book: where the team's calls die, what on,
and each rep's share of conversations ending in a no against the team's anonymous range, from
real `coach export --team` files (one rep leaving the stings and traps out)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import coach_at_fixed_time
from sample_records import effort, reflection
from test_team import at, export_team

from coach.store.store import Store

pytest.importorskip("duckdb")

PRIVATE_WORDS = "We are being acquired by Globex"


# name: (conversations, meetings, [(stage, objection), ...])
TEAM = {
    "dana": (20, 2, [("opener", "email"), ("opener", "just email me the deck"),
                     ("first_objection", PRIVATE_WORDS)]),
    "eli": (40, 8, [("opener", "email"), ("gatekeeper", None)]),
    "fay": (10, 0, [("pitch", "price")]),
}


def _fill(talks: int, meetings: int, debriefs: list[tuple[str, str | None]]
          ) -> Callable[[Path], None]:
    def fill(home: Path) -> None:
        store = Store(home)
        store.add_effort(effort("dials", 100, at("2026-11-17", 9)))
        store.add_effort(effort("conversations", talks, at("2026-11-17", 9)))
        if meetings:
            store.add_effort(effort("meetings", meetings, at("2026-11-17", 9)))
        for hour, (stage, objection) in enumerate(debriefs, start=10):
            store.add_reflection(reflection(at("2026-11-18", hour), stage=stage,
                                            objection=objection, objection_answer="A good line",
                                            thinking_trap="labelling"))
    return fill


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("team")
    shared, said = export_team(root, [
        (name, _fill(*TEAM[name]), ("--leave-out", "sting,traps") if name == "dana" else ())
        for name in TEAM])
    code, out, err = coach_at_fixed_time(root / "lead", "team", "report", str(shared))
    assert code == 0, err
    return {"shared": shared, "said": said, "report": out}


def _lines(team: dict[str, object]) -> list[str]:
    report = team["report"]
    assert isinstance(report, str)
    return [line.removeprefix("  - ") for line in report.splitlines()]


def test_objection_names_and_stages_are_shared_never_the_reps_words(
        team: dict[str, object]) -> None:
    shared = team["shared"]
    assert isinstance(shared, Path)
    text = (shared / "dana.jsonl").read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines()]
    assert lines[0]["left_out"] == ["sting", "traps"]
    summaries = [line for line in lines if line.get("kind") == "reflection"]
    assert [(line["stage"], line["objection"]) for line in summaries] == [
        ("opener", "email"), ("opener", "email"), ("first_objection", "other")]
    assert all(line["sting_before"] is None and line["sting_after"] is None
               and line["thinking_trap"] is None for line in summaries)
    assert PRIVATE_WORDS not in text and "A good line" not in text and "deck" not in text
    said = team["said"]
    assert isinstance(said, dict)
    assert "(left out: sting, traps)" in said["dana"].splitlines()[0]
    assert "stings, thinking traps" in said["eli"].splitlines()[0]


def test_the_report_shows_where_calls_die_and_on_what(team: dict[str, object]) -> None:
    lines = _lines(team)
    assert ("The team's debriefed calls died at the opener 3 (50%), the first objection 1 (17%), "
            "the gatekeeper 1 (17%), the pitch 1 (17%).") in lines
    assert any(line.startswith("Most died at the opener: a team session on the opener")
               for line in lines)
    assert ('What the calls died on: "send me an email" 3 (60%), others, in the reps\' own words '
            '1 (20%), "too expensive" 1 (20%).') in lines


def test_each_reps_no_share_sits_in_the_teams_anonymous_range(team: dict[str, object]) -> None:
    lines = _lines(team)
    # dana 18 of 20 (90%), eli 32 of 40 (80%), fay 10 of 10 (100%).
    assert ("Across the team, 80% to 100% of conversations end without a meeting. A no is the "
            "usual end of a conversation, for everyone.") in lines
    start = lines.index("It's not just you")
    assert lines[start + 2: start + 5] == ["dana: 90% of 20 conversations.",
                                           "eli: 80% of 40 conversations.",
                                           "fay: 100% of 10 conversations."]


def test_what_a_rep_left_out_reads_as_not_shared(team: dict[str, object]) -> None:
    lines = _lines(team)
    assert "dana: chose not to share the sting ratings." in lines
    assert not any(line.startswith("dana:") and "Thinking traps caught" in line for line in lines)
    assert any(line.startswith("eli:") and "Thinking traps caught" in line for line in lines)
