"""Time zones never reorder history: stamps are ordered by their moment, shown with the rules of
the rep's zone at that instant, and filed under the local day of that instant.

Records saved under different offsets (travel, a daylight-saving change) are written through the
Store; the real `coach` runs with TZ set in its environment, and in-process checks of the system
zone set TZ and call time.tzset(), restored afterwards.
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import run_coach
from sample_records import draft, effort, reflection

from coach.cli import main
from coach.commands.app import App
from coach.review.patterns import review
from coach.review.periods import DayFinder, Period
from coach.review.stats import compute_stats
from coach.store.stamps import LOCAL, local_day, parse_stamp, stamp_order
from coach.store.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
# 2026-03-29: Berlin's clocks go from 02:00 (+01:00) to 03:00 (+02:00).
EARLIER = "2026-03-29T09:00:00+02:00"  # 07:00 UTC
LATER = "2026-03-29T08:30:00+01:00"  # 07:30 UTC, though its text sorts first

needs_tzset = pytest.mark.skipif(not hasattr(time, "tzset"), reason="time.tzset is POSIX-only")


@pytest.fixture
def system_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Set this process's local zone (TZ + tzset); the original is restored afterwards."""
    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


def at(stamp: str, **fields: object) -> dict[str, object]:
    """A reflection finished at `stamp` that started two minutes before it."""
    finished = datetime.fromisoformat(stamp)
    return reflection(finished, **fields)


def ids_in(output: str) -> list[str]:
    return [line.split()[0] for line in output.splitlines() if line.strip()]


# -- reading and ordering stamps ----------------------------------------------------------------


def test_stamps_are_ordered_by_their_moment_not_their_text() -> None:
    assert sorted([EARLIER, LATER]) == [LATER, EARLIER]  # what text order got wrong
    assert sorted([EARLIER, LATER], key=stamp_order) == [EARLIER, LATER]
    assert parse_stamp(LATER) > parse_stamp(EARLIER)  # type: ignore[operator]


def test_bad_and_naive_stamps_never_break_sorting() -> None:
    stamps: list[object] = [LATER, None, "not a time", 7, "2026-13-45T99:00:00+01:00", EARLIER]
    ordered = sorted(stamps, key=stamp_order)
    assert ordered[-2:] == [EARLIER, LATER]  # the unreadable ones sort oldest
    assert parse_stamp("garbage") is None and parse_stamp(None) is None
    naive = parse_stamp("2026-03-29T09:00:00")
    assert naive is not None and naive.utcoffset() is not None  # read as local time
    assert naive == datetime(2026, 3, 29, 9).astimezone()


def test_the_store_returns_newest_first_by_moment(home: Path) -> None:
    store = Store(home)
    store.add_reflection(at(EARLIER, record_id="a" * 32))
    store.add_reflection(at(LATER, record_id="b" * 32))
    store.add_reflection(at("2026-03-29T07:45:00+00:00", record_id="c" * 32))  # the newest
    assert [record["id"][0] for record in store.reflections()] == ["c", "b", "a"]
    since = datetime(2026, 3, 29, 7, 20, tzinfo=timezone.utc)
    assert [record["id"][0] for record in store.reflections(since)] == ["c", "b"]
    store.add_effort(effort(at=datetime.fromisoformat(LATER), record_id="late"))
    store.add_effort(effort(at=datetime.fromisoformat(EARLIER), record_id="early"))
    assert [event["id"] for event in store.effort_events()] == ["early", "late"]
    store.save_draft(draft("old", datetime.fromisoformat(EARLIER)))
    store.save_draft(draft("new", datetime.fromisoformat(LATER)))
    assert [found["id"] for found in store.drafts()] == ["new", "old"]


# -- the system zone's rules --------------------------------------------------------------------


@needs_tzset
@pytest.mark.parametrize("name", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe"])
def test_the_local_zone_follows_the_rules_of_each_instant(
    system_zone: Callable[[str], None], name: str
) -> None:
    system_zone(name)
    rules = ZoneInfo(name)
    picked = random.Random(name)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for _ in range(3000):
        moment = start + timedelta(minutes=15 * picked.randrange(4 * 24 * 730))
        mine, theirs = moment.astimezone(LOCAL), moment.astimezone(rules)
        assert (mine.replace(tzinfo=None), mine.fold) == (theirs.replace(tzinfo=None), theirs.fold)
        assert mine.utcoffset() == theirs.utcoffset()
        assert mine.timestamp() == moment.timestamp()


@needs_tzset
def test_the_commands_clock_carries_the_zone_rules_not_todays_offset(
    system_zone: Callable[[str], None], home: Path
) -> None:
    system_zone("Europe/Berlin")
    now = App(home=home).clock()
    winter = datetime(2026, 1, 15, 9, tzinfo=timezone.utc).astimezone(now.tzinfo)
    summer = datetime(2026, 7, 15, 9, tzinfo=timezone.utc).astimezone(now.tzinfo)
    assert (winter.hour, summer.hour) == (10, 11)


# -- the real command, across a daylight-saving change -------------------------------------------


def test_history_orders_and_shows_times_across_dst_and_zones(home: Path) -> None:
    store = Store(home)
    store.add_reflection(at(EARLIER, record_id="aaaaaaaa" + "0" * 24))
    store.add_reflection(at(LATER, record_id="bbbbbbbb" + "0" * 24))
    store.add_reflection(at("2026-01-15T10:00:00+01:00", record_id="cccccccc" + "0" * 24))
    store.add_reflection(at("2026-07-15T04:00:00-04:00", record_id="dddddddd" + "0" * 24))

    berlin = run_coach(home, "history", env={"TZ": "Europe/Berlin"})
    assert berlin.returncode == 0, berlin.stderr
    lines = berlin.stdout.splitlines()
    assert ids_in(berlin.stdout) == ["dddddddd", "bbbbbbbb", "aaaaaaaa", "cccccccc"]
    # Each time on the Berlin clock of its own day: summer +02:00, winter +01:00.
    assert "2026-07-15 10:00" in lines[0]
    assert "2026-03-29 09:30" in lines[1] and "2026-03-29 09:00" in lines[2]
    assert "2026-01-15 10:00" in lines[3]

    new_york = run_coach(home, "history", "-n", "4", env={"TZ": "America/New_York"})
    assert ids_in(new_york.stdout) == ["dddddddd", "bbbbbbbb", "aaaaaaaa", "cccccccc"]
    assert "2026-07-15 04:00" in new_york.stdout  # EDT, -04:00
    assert "2026-01-15 04:00" in new_york.stdout  # EST, -05:00
    assert "2026-03-29 03:30" in new_york.stdout  # New York was already on summer time


def test_show_prints_local_times_and_durations_across_the_change(home: Path) -> None:
    record = at("2026-03-29T03:01:00+02:00", record_id="eeeeeeee" + "0" * 24)
    record["started"] = "2026-03-29T01:59:00+01:00"  # two minutes earlier, before the change
    Store(home).add_reflection(record)
    shown = run_coach(home, "show", "eeee", env={"TZ": "Europe/Berlin"})
    assert shown.returncode == 0, shown.stderr
    assert "Finished Sun 29 Mar 2026 03:01, took 2 minutes." in shown.stdout
    in_london = run_coach(home, "show", "eeee", env={"TZ": "Europe/London"})
    assert "Finished Sun 29 Mar 2026 02:01, took 2 minutes." in in_london.stdout


def test_the_timezone_setting_wins_over_the_computers_zone(home: Path) -> None:
    Store(home).add_reflection(at("2026-01-15T10:00:00+01:00", record_id="cccccccc" + "0" * 24))
    Store(home).add_reflection(at("2026-07-15T10:00:00+02:00", record_id="dddddddd" + "0" * 24))
    setting = run_coach(home, "config", "set", "timezone", "America/New_York",
                        env={"TZ": "Europe/Berlin"})
    assert setting.returncode == 0, setting.stderr
    listed = run_coach(home, "history", env={"TZ": "Europe/Berlin"})
    assert "2026-07-15 04:00" in listed.stdout and "2026-01-15 04:00" in listed.stdout
    shown = run_coach(home, "config", env={"TZ": "Europe/Berlin"})
    assert "America/New_York" in shown.stdout


@pytest.mark.parametrize("name, hint", [
    ("europe/berlin", "Did you mean 'Europe/Berlin'?"),
    ("Mars/Olympus_Mons", "tz database name such as Europe/Berlin"),
    ("../../etc/passwd", "tz database name"),
])
def test_a_bad_timezone_is_one_line_with_a_fix_and_changes_nothing(
    home: Path, name: str, hint: str
) -> None:
    result = run_coach(home, "config", "set", "timezone", name)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "is not a time zone Coach knows" in result.stderr and hint in result.stderr
    assert "Traceback" not in result.stderr
    assert not (home / "config.toml").exists()


def test_a_bad_timezone_in_the_file_warns_and_uses_the_computers_zone(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('timezone = "Nowhere/Special"\n', encoding="utf-8")
    Store(home).add_reflection(at("2026-07-15T10:00:00+02:00", record_id="dddddddd" + "0" * 24))
    listed = run_coach(home, "history", env={"TZ": "Europe/Berlin"})
    assert listed.returncode == 0
    assert "2026-07-15 10:00" in listed.stdout
    assert "timezone" in listed.stderr and "own time zone" in listed.stderr
    # The fix the message offers works, though the file cannot be read as it is.
    unset = run_coach(home, "config", "unset", "timezone")
    assert unset.returncode == 0, unset.stderr
    assert "Nowhere" not in (home / "config.toml").read_text(encoding="utf-8")
    assert run_coach(home, "history", env={"TZ": "Europe/Berlin"}).stderr == ""


# -- coach log: undo, and the future ------------------------------------------------------------


def coach_at(home: Path, now: datetime, *args: str) -> str:
    app = App(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
              clock=lambda: now, home=home, interactive=False)
    code = main(list(args), app)
    assert code == 0, app.stderr.getvalue()  # type: ignore[attr-defined]
    return app.stdout.getvalue()  # type: ignore[attr-defined]


def test_undo_takes_back_the_latest_entry_by_time_across_zones(home: Path) -> None:
    now = datetime(2026, 6, 10, 15, 0, tzinfo=BERLIN)
    store = Store(home)
    # The meetings were logged last (14:50 Berlin), but from a laptop on New York time, so
    # their text sorts before the dials logged at 14:20 Berlin on a laptop in Singapore.
    store.add_effort(effort("dials", 12, datetime(2026, 6, 10, 14, 20, tzinfo=BERLIN)
                            .astimezone(timezone(timedelta(hours=8))), record_id="dials"))
    store.add_effort(effort("meetings", 2, datetime(2026, 6, 10, 14, 50, tzinfo=BERLIN)
                            .astimezone(NEW_YORK), record_id="meetings"))
    said = coach_at(home, now, "log", "--undo")
    assert "Took back 2 meetings booked logged at 14:50." in said
    assert "Today: 12 dials." in said
    assert [event["id"] for event in store.effort_events()] == ["dials"]


def test_entries_dated_in_the_future_are_not_todays(home: Path) -> None:
    now = datetime(2026, 6, 10, 9, 0, tzinfo=BERLIN)  # the clock was set back an hour
    store = Store(home)
    store.add_effort(effort("dials", 30, now + timedelta(minutes=40), record_id="ahead"))
    store.add_effort(effort("dials", 5, now - timedelta(minutes=5), record_id="before"))
    assert "Today: 5 dials, 1 conversation." in coach_at(home, now, "log", "conversation")
    said = coach_at(home, now, "log", "--undo")
    assert "Took back 1 conversation logged at 09:00." in said
    assert "Took back 1 conversation" in said and "Today: 5 dials." in said
    assert {event["id"] for event in store.effort_events()} == {"ahead", "before"}

    ahead = reflection(now + timedelta(minutes=30), small_win="Booked the demo", sting_before=9)
    stats = compute_stats([ahead], store.effort_events(), now)
    assert stats["dials_today"] == 5
    assert stats["debriefs_today"] == 0 and stats["wins_today"] == 0
    assert stats["tough_calls_last_hour"] == 0 and stats["minutes_since_last_debrief"] is None
    looked = review([ahead], store.effort_events(), now, Period(date(2026, 6, 4), now.date()))
    assert looked.effort["dials"] == 5 and looked.reflections == 0


# -- day boundaries: one rule for every day -------------------------------------------------------


def test_streaks_near_midnight_across_the_change_use_each_instants_day() -> None:
    now = datetime(2026, 3, 30, 12, 0, tzinfo=BERLIN)
    wins = [
        reflection(datetime.fromisoformat("2026-03-27T23:40:00+01:00"), small_win="Got past the gatekeeper"),
        reflection(datetime.fromisoformat("2026-03-28T22:45:00+00:00"), small_win="Held my pace"),
        reflection(datetime.fromisoformat("2026-03-29T23:30:00+02:00"), small_win="Asked for the meeting"),
        reflection(datetime.fromisoformat("2026-03-30T00:15:00+02:00"), small_win="Kept it short"),
    ]
    # 22:45 UTC on the 28th is 23:45 in Berlin that night (+01:00), not 00:45 on the 29th.
    assert compute_stats(wins, [], now)["streak_days"] == 4
    # Across the Atlantic the same moments fall on other evenings: the 27th, the 28th twice
    # and the 29th, with the 30th not begun yet when it is 06:00 there.
    there = now.astimezone(NEW_YORK)
    assert compute_stats(wins, [], there)["streak_days"] == 3


def test_the_fast_day_finder_keeps_to_the_one_rule() -> None:
    picked = random.Random(29)
    offsets = [timezone(timedelta(hours=hours)) for hours in (-5, -4, 0, 1, 2, 5.5, 10)]
    start = datetime(2026, 3, 27, tzinfo=timezone.utc)
    for zone in (BERLIN, NEW_YORK, timezone(timedelta(hours=1)), None):
        finder = DayFinder(zone)
        for _ in range(2000):
            moment = start + timedelta(minutes=picked.randrange(60 * 24 * 240))
            stamp = moment.astimezone(picked.choice([*offsets, BERLIN])).isoformat(timespec="seconds")
            assert finder.day(stamp) == local_day(moment, zone), (stamp, zone)


def test_stopped_conversations_are_listed_on_the_reps_clock(home: Path) -> None:
    stopped = {**draft("f" * 32, datetime.fromisoformat(LATER)), "stopped": True}
    Store(home).save_draft(stopped)
    listed = run_coach(home, "forget", env={"TZ": "Europe/Berlin"})
    assert listed.returncode == 0, listed.stderr
    assert "ffffffff  debrief  stopped 2026-03-29 09:30" in listed.stdout
