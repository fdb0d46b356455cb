"""The team review: three reps' real data folders, exported with `coach export --team`, read
back by `coach team report`, against figures worked out by hand from the records below."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import coach_at_fixed_time
from sample_records import ZONE, effort, reflection
from test_report_html import BROWSER_REQUIRED, CHROMIUM, tags_of

from coach.store.store import Store

pytest.importorskip("duckdb")

SECRET = "ACME secret plan"
BEN_WORDS = "Ben's own words: call in spring"
NOTE = "Call ACME back Tuesday"


def at(day: str, hour: int) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00").replace(tzinfo=ZONE)


coach = coach_at_fixed_time


def fill_ana(home: Path) -> None:
    """Three weeks: 100, 100 and 50 dials; three debriefs, two of them tough."""
    store = Store(home)
    for day, dials, talks, meetings in (("2026-11-03", 100, 10, 3), ("2026-11-10", 100, 10, 2),
                                        ("2026-11-17", 50, 5, 0)):
        store.add_effort(effort("dials", dials, at(day, 9), note=NOTE))
        store.add_effort(effort("conversations", talks, at(day, 9)))
        if meetings:
            store.add_effort(effort("meetings", meetings, at(day, 9)))
    store.add_reflection(reflection(at("2026-11-03", 10), sting_before=8, sting_after=4,
                                    cause="timing", thinking_trap="mind_reading", answer=SECRET))
    store.add_reflection(reflection(at("2026-11-10", 14), sting_before=6, sting_after=3,
                                    cause="budget", small_win="none", lesson=SECRET))
    store.add_reflection(reflection(at("2026-11-17", 11), sting_before=9, sting_after=5,
                                    cause="timing", small_win="Booked a demo", answer=SECRET))


def fill_ben(home: Path) -> None:
    """Two weeks: 60 and 80 dials; one debrief, shared with its text."""
    store = Store(home)
    store.add_effort(effort("dials", 60, at("2026-11-11", 9)))
    store.add_effort(effort("conversations", 6, at("2026-11-11", 9)))
    store.add_effort(effort("dials", 80, at("2026-11-18", 9)))
    store.add_effort(effort("conversations", 8, at("2026-11-18", 9)))
    store.add_effort(effort("meetings", 1, at("2026-11-18", 9)))
    store.add_reflection(reflection(at("2026-11-18", 9) + timedelta(minutes=30), sting_before=5,
                                    sting_after=2, cause="fit", small_win="Kept my tone",
                                    answer=BEN_WORDS))


def fill_cai(home: Path) -> None:
    """One week of 30 dials, no reflections."""
    Store(home).add_effort(effort("dials", 30, at("2026-11-19", 9)))


Fill = Callable[[Path], None]


def export_team(root: Path, reps: Iterable[tuple[str, Fill, tuple[str, ...]]]
                ) -> tuple[Path, dict[str, str]]:
    """Each rep's data folder under `root` filled, then exported with `coach export --team`
    (and the rep's extra options) into root/shared; that folder, and what each export said."""
    shared = root / "shared"
    shared.mkdir()
    said = {}
    for name, fill, extra in reps:
        fill(root / name)
        code, out, err = coach(root / name, "export", "--team", "--as", name, "-o",
                               str(shared / f"{name}.jsonl"), *extra)
        assert code == 0, err
        said[name] = out
    return shared, said


THREE_REPS = (("ana", fill_ana, ()), ("ben", fill_ben, ("--with-text",)), ("cai", fill_cai, ()))


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("team")
    shared, said = export_team(root, THREE_REPS)
    code, out, err = coach(root / "lead", "team", "report", str(shared))
    assert code == 0, err
    return {"root": root, "shared": shared, "said": said, "report": out}


def test_the_export_says_what_is_shared_before_writing(exports: dict[str, object]) -> None:
    said = exports["said"]
    assert isinstance(said, dict)
    assert said["ana"].splitlines()[0] == (
        "Sharing 3 reflection summaries and 8 effort entries as 'ana': causes, stings, thinking "
        "traps, small wins (yes or no), where calls died and which common objection, no answers "
        "or notes (add --with-text to include them).")
    assert said["ben"].splitlines()[0].startswith(
        "Sharing 1 reflection summary and 5 effort entries as 'ben': causes, stings")
    assert said["ben"].splitlines()[0].endswith(
        "with your answers and effort notes as you saw them.")


def test_a_team_export_holds_summaries_only_without_with_text(exports: dict[str, object]) -> None:
    shared = exports["shared"]
    assert isinstance(shared, Path)
    lines = [json.loads(line) for line in (shared / "ana.jsonl").read_text().splitlines()]
    assert lines[0]["format"] == "coach-team-export" and lines[0]["version"] == 1
    assert lines[0]["rep"] == "ana" and lines[0]["with_text"] is False
    first = next(line for line in lines if line.get("kind") == "reflection")
    assert first == {"kind": "reflection", "playbook": "debrief", "variant": "quick",
                     "finished": "2026-11-03T10:00:00+01:00", "cause": "timing",
                     "sting_before": 8, "sting_after": 4, "win": True,
                     "thinking_trap": "mind_reading", "stage": None, "objection": None,
                     "tags": ["debrief"]}
    text = (shared / "ana.jsonl").read_text()
    assert SECRET not in text and NOTE not in text and "Got the direct line" not in text
    assert BEN_WORDS in (shared / "ben.jsonl").read_text()


def test_the_report_matches_the_hand_worked_team(exports: dict[str, object]) -> None:
    report = exports["report"]
    assert isinstance(report, str)
    lines = [line.removeprefix("  - ") for line in report.splitlines()]
    expected = [
        "Team review: 3 reps, the week of 2 Nov 2026 to the week of 16 Nov 2026",
        # Rep-weeks with dials: 100, 100, 50 (ana), 60, 80 (ben), 30 (cai): the median is 70.
        # In the week of 16 Nov: 50, 80 and 30, a median of 50.
        "ana: 250 dials, 25 conversations and 5 meetings over 3 weeks; a typical week is 100 "
        "dials, above the team's median of 70. Latest, the week of 16 Nov 2026: 50 dials, about "
        "the team's median of 50 that week.",
        "ben: 140 dials, 14 conversations and 1 meeting over 2 weeks; a typical week is 70 dials, "
        "about the team's median of 70. Latest, the week of 16 Nov 2026: 80 dials, above the "
        "team's median of 50 that week.",
        "cai: 30 dials, 0 conversations and 0 meetings over 1 week; a typical week is 30 dials, "
        "below the team's median of 70. Latest, the week of 16 Nov 2026: 30 dials, below the "
        "team's median of 50 that week.",
        # The team's weeks: 100, 100 + 60 and 50 + 80 + 30 dials; the middle one is 160.
        "the team: 420 dials, 39 conversations and 6 meetings over 3 weeks; a typical week is "
        "160 dials. Latest, the week of 16 Nov 2026: 160 dials that week.",
        "ana: 1 in 10 dials leads to a conversation (from 250 dials and 25 conversations since "
        "2 Nov 2026).",
        "ana: 1 in 50 dials leads to a meeting (from 250 dials and 5 meetings since 2 Nov 2026). "
        "An early estimate.",
        "ben, dials per meeting: not enough data yet (from 140 dials and 1 meeting since 9 Nov "
        "2026); a rate means something from 3 meetings on.",
        # ana before her latest week: 200 dials, 5 meetings, 1 in 40. Then 0 in 50 dials:
        # 0.975 ** 50 = 0.282.
        "ana, the week of 16 Nov 2026: 0 meetings in 50 dials. At ana's own rate of 1 in 40, a "
        "week with this few meetings happens about 28% of the time (normal variance).",
        # 20 conversations in 200 dials before; 5 in 50 is exactly the 5.0 expected.
        "ana, the week of 16 Nov 2026: 5 conversations in 50 dials. At ana's own rate of 1 in 10, "
        "that is about what to expect (5.0): right on average.",
        "ana: timing 2 (67%), budget 1 (33%). Thinking traps caught: mind-reading (they thought "
        "I was bad) 1 (100%).",
        "ben: fit 1 (100%).",
        'cai: no cause of a "no" given.',
        # ana: (8 + 6 + 9) / 3 = 7.7 before, (4 + 3 + 5) / 3 = 4.0 after.
        "ana: the sting went from 7.7 to 4.0 on average (a drop of 3.7 points), over 3 rated "
        "reflections.",
        "the team: the sting went from 7.0 to 3.5 on average (a drop of 3.5 points), over 4 "
        "rated reflections.",
        "ana: 2 tough calls (sting 7 or more) out of 3 debriefs.",
        "ben: 0 tough calls (sting 7 or more) out of 1 debrief.",
        "ana: a small win named in 2 of 3 reflections (67%).",
        "the team: a small win named in 3 of 4 reflections (75%).",
        "cai: no reflections shared.",
    ]
    missing = [line for line in expected if line not in lines]
    assert not missing, "\n".join(missing) + "\n--- the report ---\n" + report


def test_free_text_appears_only_for_the_rep_who_shared_it(exports: dict[str, object]) -> None:
    report = exports["report"]
    assert isinstance(report, str)
    quoted = [line for line in report.splitlines() if BEN_WORDS in line]
    assert quoted and quoted[0].startswith("  - ben, 2026-11-18 09:30 (debrief):")
    assert SECRET not in report and NOTE not in report


def test_markdown_and_html(exports: dict[str, object], tmp_path: Path) -> None:
    shared, root = exports["shared"], exports["root"]
    assert isinstance(shared, Path) and isinstance(root, Path)
    code, out, err = coach(root / "lead", "team", "report", str(shared), "--md")
    assert code == 0, err
    assert out.startswith("# Team review: 3 reps")
    assert "## Effort per week" in out and "- ana: 1 in 10 dials leads to a conversation" in out
    page = tmp_path / "team.html"
    code, out, err = coach(root / "lead", "team", "report", str(shared), "--html", str(page))
    assert code == 0, err
    assert f"Wrote the team review of 3 reps to {page}" in out
    html = page.read_text(encoding="utf-8")
    assert "ana: the sting went from 7.7 to 4.0 on average" in html
    assert "Ben&#39;s own words" in html and SECRET not in html
    for tag, attributes in tags_of(html):
        assert tag not in ("script", "link", "iframe", "img"), tag
        assert "src" not in attributes and "href" not in attributes


def test_the_since_and_until_words_narrow_the_weeks(exports: dict[str, object]) -> None:
    shared, root = exports["shared"], exports["root"]
    assert isinstance(shared, Path) and isinstance(root, Path)
    code, out, err = coach(root / "lead", "team", "report", str(shared), "--since", "2026-11-16",
                           "--until", "2026-11-20")
    assert code == 0, err
    assert "ana: 50 dials, 5 conversations and 0 meetings over 1 week" in out
    assert "the team: 160 dials" in out


def _header(rep: str = "dana", **fields: object) -> dict[str, object]:
    return {"format": "coach-team-export", "version": 1, "rep": rep,
            "exported": "2026-11-20T10:30:00+01:00", "since": None, "with_text": False, **fields}


DIALS = {"kind": "effort", "type": "dials", "count": 5, "at": "2026-11-20T10:30:00+01:00"}
DEBRIEF = {"kind": "reflection", "playbook": "debrief", "variant": "quick",
           "finished": "2026-11-20T10:30:00+01:00", "cause": "timing", "sting_before": 6,
           "sting_after": 3, "win": True, "thinking_trap": None, "tags": ["debrief"]}


@pytest.mark.parametrize(("lines", "problem"), [
    ([DIALS], "line 1: it does not start with a coach-team-export header"),
    ([_header(version=2), DIALS], "line 1: its version is 2, and this Coach reads version 1"),
    ([_header(rep=""), DIALS], "line 1: its rep name cannot be used: the name is empty"),
    ([_header(rep="x" * 65)], "line 1: its rep name cannot be used: the name is 65 characters"),
    ([_header(rep="\x1b]52;c;aGk=\x07dana")], "line 1: its rep name cannot be used: the name "
     "holds a control"),
    ([_header(), DIALS, "{not json"], "line 3: not valid JSON"),
    ([_header(), {**DIALS, "count": "ten"}], "line 2: count: not a whole number from 1 to 1000"),
    ([_header(), DIALS, {**DIALS, "count": 5000}], "line 3: count: not a whole number"),
    ([_header(), {**DEBRIEF, "sting_before": 11}], "line 2: sting_before: not a whole number "
     "from 0 to 10"),
    ([_header(), {**DEBRIEF, "finished": "2026-11-20T10:30:00"}], "line 2: finished: not an ISO "
     "timestamp"),
    ([_header(), {**DIALS, "at": "2026-11-20T25:30:00+01:00"}], "line 2: at: not an ISO"),
    ([_header(), {**DIALS, "kind": "draft"}], "line 2: kind: neither reflection nor effort"),
    ([_header(), DIALS, _header()], "line 3: a second header"),
    ([_header(), {**DEBRIEF, "win": None}], "line 2: win: neither true nor false"),
    ([_header(), "x" * (1024 * 1024 + 10)], "line 2: longer than 1,048,576 bytes"),
    ([_header(left_out=["answers"]), DIALS], "line 1: left_out: not a list of sting and traps"),
    ([_header(), {**DEBRIEF, "objection": ["email"]}], "line 2: objection: too long or not text"),
    ([_header(), {**DEBRIEF, "stage": "x" * 65}], "line 2: stage: too long or not text"),
], ids=["no header", "version", "empty name", "long name", "control name", "bad json",
        "count text", "count big", "sting", "stamp zone", "stamp hour", "kind", "two headers",
        "win", "long line", "left out", "objection list", "stage long"])
def test_a_bad_export_is_one_clear_line(tmp_path: Path, lines: list[object], problem: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n"
                           for line in lines), encoding="utf-8")
    code, out, err = coach(tmp_path / "lead", "team", "report", str(bad))
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"coach: {bad}, {problem}"), err
    assert "\x1b" not in err and "\x07" not in err and "Traceback" not in err


def test_strain_clusters_rising_weeks_and_quarter_ends(tmp_path: Path) -> None:
    debriefs = [("2026-12-14T10:00", 8), ("2026-12-15T15:00", 3), ("2026-12-21T10:00", 8),
                ("2026-12-22T15:00", 5), ("2026-12-28T10:00", 9)]
    lines = [_header()] + [{**DEBRIEF, "finished": f"{when}:00+01:00", "sting_before": sting}
                           for when, sting in debriefs]
    export = tmp_path / "dana.jsonl"
    export.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code, out, err = coach(tmp_path / "lead", "team", "report", str(export), "--until", "2026-12-31")
    assert code == 0, err
    # Three tough calls, all on Mondays at 10:00. The weeks average 5.5, then 6.5 (a rise of a
    # point), then 9 (one debrief: too few to compare). 18-31 Dec is the quarter's end: 2 of the
    # 3 debriefs there were tough, against 1 of the 2 before.
    assert ("  - dana: 3 tough calls (sting 7 or more) out of 5 debriefs; they cluster on Mondays "
            "(3 of 3 debriefs); they cluster in the 09:00-11:00 window (3 of 3 debriefs); the "
            "sting rose by a point or more in 1 week (latest from 21 Dec 2026); in the last 14 "
            "days of a quarter 67% of debriefs were tough, against 50% at other times.") in out, out


def test_hostile_shared_text_reaches_neither_terminal_nor_page(tmp_path: Path) -> None:
    hostile = "\x1b]52;c;aGk=\x07\x1b[2J<script>alert(1)</script>\u202eevil"
    line = {**DEBRIEF, "answers": [{"question": "What happened?", "answer": hostile}],
            "cause": hostile[:60], "playbook": "<b>debrief</b>"}
    export = tmp_path / "dana.jsonl"
    export.write_text(json.dumps(_header(with_text=True)) + "\n" + json.dumps(line) + "\n",
                      encoding="utf-8")
    for extra in ([], ["--md"]):
        code, out, err = coach(tmp_path / "lead", "team", "report", str(export), *extra)
        assert code == 0, err
        assert "alert(1)" in out  # the words arrive, as text
        assert not any(mark in out for mark in ("\x1b", "\x07", "\u202e")), repr(out)
    page = tmp_path / "team.html"
    assert coach(tmp_path / "lead", "team", "report", str(export), "--html", str(page))[0] == 0
    html = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "\x1b" not in html
    assert "script" not in [tag for tag, _ in tags_of(html)] and "b" not in [
        tag for tag, _ in tags_of(html)]


def test_the_same_rep_in_two_files_is_refused(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / f"{name}.jsonl").write_text(json.dumps(_header("dana")) + "\n"
                                                + json.dumps(DIALS) + "\n", encoding="utf-8")
    code, _, err = coach(tmp_path / "lead", "team", "report", str(tmp_path))
    assert code == 1
    assert "'dana' is in two files" in err and "one.jsonl" in err and "two.jsonl" in err


def test_a_folder_without_exports_and_a_missing_file(tmp_path: Path) -> None:
    code, _, err = coach(tmp_path / "lead", "team", "report", str(tmp_path))
    assert code == 1 and "No *.jsonl files in" in err
    code, _, err = coach(tmp_path / "lead", "team", "report", str(tmp_path / "nope.jsonl"))
    assert code == 1 and "does not exist" in err
    code, _, err = coach(tmp_path / "lead", "team", "report", str(tmp_path), "--html",
                         str(tmp_path / "nope" / "team.html"))
    assert code == 1 and "does not exist: create it" in err
    code, _, err = coach(tmp_path / "lead", "team", "report", str(tmp_path), "--since", "today",
                         "--until", "yesterday")
    assert code == 2 and "is after --until" in err


@pytest.mark.parametrize(("args", "problem"), [
    (["--as", "dana"], "--as, --with-text and --leave-out go with --team"),
    (["--leave-out", "sting"], "--as, --with-text and --leave-out go with --team"),
    (["--team", "--as", "dana", "--leave-out", "sting,wins"],
     "--leave-out: 'wins' is not something a team export shares; give sting or traps"),
    (["--team"], "--team needs the name your lead will see"),
    (["--team", "--as", "   "], "--as: the name is empty"),
    (["--team", "--as", "da\tna"], "--as: the name holds a control"),
    (["--team", "--as", "dana", "--format", "csv"], "--team writes its own JSON Lines format"),
])
def test_the_team_export_checks_its_options(tmp_path: Path, args: list[str], problem: str) -> None:
    code, _, err = coach(tmp_path / "home", "export", *args)
    assert code == 2 and problem in err, err


def test_a_team_export_on_the_screen_keeps_stdout_clean(tmp_path: Path) -> None:
    fill_cai(tmp_path / "home")
    code, out, err = coach(tmp_path / "home", "export", "--team", "--as", "cai")
    assert code == 0
    assert err.startswith("Sharing 0 reflection summaries and 1 effort entry as 'cai'")
    assert [json.loads(line)["kind"] if "kind" in line else "header"
            for line in out.splitlines()] == ["header", "effort"]


BLOCKED = """
import sys
sys.modules["duckdb"] = None  # as if the team extra were not installed
from coach.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_without_duckdb_the_report_says_how_to_install_it(tmp_path: Path) -> None:
    export = tmp_path / "dana.jsonl"
    export.write_text(json.dumps(_header()) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", BLOCKED, "team", "report", str(export)],
                            capture_output=True, text=True, check=False, timeout=60,
                            env={**os.environ, "COACH_HOME": str(tmp_path / "home")})
    assert result.returncode == 1
    assert result.stderr == ('coach: The team report needs DuckDB, which is not installed: '
                             'pip install "coach[team]"\n')


def test_a_rep_start_up_never_loads_duckdb(tmp_path: Path) -> None:
    code = "import sys\nfrom coach.cli import main\nmain(['log', 'dials', '3'])\n" \
           "print('duckdb' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False, timeout=60,
                            env={**os.environ, "COACH_HOME": str(tmp_path / "home")})
    assert result.stdout.splitlines()[-1] == "False", result.stderr


@pytest.mark.skipif(
    CHROMIUM is None and not BROWSER_REQUIRED,
    reason="no Chromium on PATH (install the chromium package to run it; .ci/run does)",
)
def test_chromium_renders_the_team_page(exports: dict[str, object], tmp_path: Path) -> None:
    assert CHROMIUM is not None, "CI needs Chromium for this test: .ci/run should have installed it"
    shared, root = exports["shared"], exports["root"]
    assert isinstance(shared, Path) and isinstance(root, Path)
    page = tmp_path / "team.html"
    assert coach(root / "lead", "team", "report", str(shared), "--html", str(page))[0] == 0
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--user-data-dir=" + str(tmp_path / "profile")]
    dom = subprocess.run([str(CHROMIUM), *flags, "--dump-dom", page.as_uri()], capture_output=True,
                         text=True, check=False, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Sting before and after" in dom.stdout and BEN_WORDS in dom.stdout
    assert "script" not in [tag for tag, _ in tags_of(dom.stdout)]


def test_the_queries_ship_in_the_package() -> None:
    from coach.team import engine

    folder = Path(engine.__file__).parent / "sql"
    names = sorted(path.stem for path in folder.glob("*.sql"))
    assert {"load", "problems", "scope", "rep_weeks", "weeks", "norms", *engine.QUERIES} == set(names)
    # Read the way the report reads them: as package resources, which a wheel carries.
    assert all(engine.query(name).lstrip().startswith("--") for name in names)
