"""The week digests behind search, lists and reviews (coach/store/digest.py).

A digest only saves time: every answer here is checked against a full read of the week files,
and against digests that are stale, missing, damaged or planted.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.store import digest, digestfiles, validation
from coach.store import store as store_module
from coach.store.cachefile import cache_folder, write_cache_bytes
from coach.store.store import Store
from tests.sample_records import MONDAY, reflection

WORDS = ["Globex", "budget", "call", "back", "ÉTÉ", "straße", "rushed", "pitch", "Q3", "o'clock",
         "naïve", "re-send", "42", "gatekeeper", "CFO"]


def _answers(rng: random.Random) -> str:
    picked = [rng.choice(WORDS) for _ in range(rng.randint(1, 6))]
    return rng.choice([" ", ", ", "-", "! "]).join(picked)


def _fill(store: Store, count: int, seed: int = 3) -> list[dict[str, object]]:
    rng = random.Random(seed)
    records = []
    for index in range(count):
        zone = timezone(timedelta(hours=rng.choice([-12, -5, 0, 1, 5.5, 14])))
        finished = (MONDAY + timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23))
                    ).astimezone(zone)
        record = reflection(finished, record_id=f"r{index:04d}", answer=_answers(rng))
        store.add_reflection(record)
        records.append(record)
    return records


def _by_full_read(store: Store, text: str) -> list[str]:
    needle = text.strip().casefold()
    return [str(record["id"]) for record in store.reflections()
            if needle in digest.answer_text(record)]


def _rows_files(store: Store) -> list[Path]:
    return sorted((cache_folder(store.home) / digestfiles.FOLDER).glob("*" + digestfiles.ROWS_SUFFIX))


def _index_files(store: Store) -> list[Path]:
    return sorted((cache_folder(store.home) / digestfiles.FOLDER).glob("*.json"))


SEARCHES = ["globex", "GLOBEX", "lobe", "été", "STRASSE", "straße", "call back", "re-send",
            "o'clock", "q", "42", "!", "  budget  ", "ï", "nothing like it", "x-y"]


@pytest.mark.parametrize("batch", [1, 7, None])
def test_search_finds_exactly_what_a_full_read_finds(store: Store, batch: int | None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    if batch is not None:  # the found rows decoded a few weeks at a time, in the same order
        monkeypatch.setattr(store_module, "FOUND_BATCH", batch)
    _fill(store, 120)
    for text in SEARCHES:
        found = [str(record["id"]) for record in store.search(text)]
        assert found == _by_full_read(store, text), text
        assert [str(record["id"]) for record in store.search(text, full=True)] == found


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcdeéßß -',!Q3"), min_size=1, max_size=8))
def test_any_search_text_agrees_with_a_full_read(tmp_path_factory: pytest.TempPathFactory,
                                                 text: str) -> None:
    home = tmp_path_factory.getbasetemp() / "digest-hypothesis"
    store = Store(home)
    if not store.summaries():
        _fill(store, 40, seed=11)
    assert [str(record["id"]) for record in store.search(text)] == _by_full_read(store, text)


def test_summaries_are_the_reflections_without_their_answers(store: Store) -> None:
    _fill(store, 30)
    full = store.reflections()
    summaries = store.summaries()
    assert [row["id"] for row in summaries] == [record["id"] for record in full]
    assert summaries == [digest.summary_of(record) for record in full]
    assert all("what_happened" not in str(row) for row in summaries)
    assert list(store.each_summary()) == summaries


def test_streamed_reads_keep_the_exact_order_across_zones_and_weeks(store: Store) -> None:
    # Around a week boundary in zones 26 hours apart, text order and file order both differ
    # from time order.
    boundary = datetime(2026, 11, 23, 0, 30, tzinfo=timezone.utc)
    for index, (hours, zone) in enumerate([(-13, 14), (-11, -12), (-1, 0), (1, 14), (13, -12),
                                           (25, 5.5), (-30, 1), (40, -5)]):
        moment = (boundary + timedelta(hours=hours)).astimezone(timezone(timedelta(hours=zone)))
        store.add_reflection(reflection(moment, record_id=f"z{index}"))
    newest_first = [record["id"] for record in store.reflections()]
    assert [record["id"] for record in store.each_reflection()] == newest_first
    assert [record["id"] for record in store.each_reflection(newest_first=False)] == newest_first[::-1]
    assert [record["id"] for record in store.each_summary()] == newest_first
    since = boundary - timedelta(hours=2)
    assert [record["id"] for record in store.each_reflection(since)] == [
        record["id"] for record in store.reflections(since)]


def test_every_save_keeps_the_digest_current_so_nothing_is_rebuilt(store: Store) -> None:
    store.add_reflection(reflection(record_id="first", answer="They loved the Globex demo"))
    week_file = next((store.home / "reflections").glob("*.json"))
    _, rebuilt = digestfiles.Digests(store.home).current(week_file)
    assert not rebuilt
    store.add_reflection(reflection(MONDAY + timedelta(hours=1), record_id="second",
                                    answer="Globex again"))
    found, rebuilt = digestfiles.Digests(store.home).current(week_file)
    assert not rebuilt and found.ids == ["first", "second"]
    assert [record["id"] for record in store.search("globex")] == ["second", "first"]


def test_a_week_file_changed_behind_coachs_back_is_digested_again(store: Store) -> None:
    store.add_reflection(reflection(record_id="first", answer="budget talk"))
    week_file = next((store.home / "reflections").glob("*.json"))
    older = week_file.read_bytes()
    store.add_reflection(reflection(MONDAY + timedelta(hours=1), record_id="second",
                                    answer="Globex"))
    assert [record["id"] for record in store.search("globex")] == ["second"]
    # Restoring the older copy (as from a backup) keeps the digest of the newer one on disk.
    week_file.write_bytes(older)
    assert store.search("globex") == []
    assert [record["id"] for record in store.summaries()] == ["first"]


@pytest.mark.parametrize("damage", [
    "flip a byte of the index", "truncate the index", "empty index", "flip a byte of a row",
    "rows of another week", "no rows file", "bad bits", "planted rows"])
def test_a_damaged_or_planted_digest_is_never_believed(store: Store, damage: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "FOUND_BATCH", 2)  # a damaged week amid other batches
    _fill(store, 40)
    expected = _by_full_read(store, "globex")
    summaries = store.summaries()
    rows = _rows_files(store)[0]
    index = rows.with_name(rows.name.split("-")[0] + ".json")
    raw, rows_raw = index.read_bytes(), rows.read_bytes()
    if damage == "flip a byte of the index":
        index.write_bytes(raw[:-5] + bytes([raw[-5] ^ 1]) + raw[-4:])
    elif damage == "truncate the index":
        index.write_bytes(raw[: len(raw) // 2])
    elif damage == "empty index":
        index.write_bytes(b"")
    elif damage == "flip a byte of a row":
        # The same size, so only the row's own check can tell.
        rows.write_bytes(rows_raw.replace(b'"sting_before":6', b'"sting_before":9', 1))
    elif damage == "rows of another week":
        rows.write_bytes(_rows_files(store)[-1].read_bytes())
    elif damage == "no rows file":
        rows.unlink()
    else:
        # An index that passes its checksum, as if planted by someone who can write there.
        payload = raw[raw.index(b"\n") + 1:]
        if damage == "bad bits":
            payload = payload.replace(b'"words":{"', b'"words":{"zz":"not hex","', 1)
        else:
            rows.write_bytes(rows_raw.replace(b'"sting_before":6', b'"sting_before":9', 1))
            payload = payload.replace(b'"checks":[', b'"checks":[1,', 1).replace(
                b'"ids":[', b'"ids":["planted",', 1)
        write_cache_bytes(index, digestfiles.KIND, payload)
        assert index.read_bytes() != raw
    fresh = Store(store.home)
    assert [str(record["id"]) for record in fresh.search("globex")] == expected
    assert [str(record["id"]) for record in fresh.search("zz")] == _by_full_read(fresh, "zz")
    assert fresh.summaries() == summaries


PLANTED_ROWS = {  # the newest summary of the first week, made into one that is not usable
    "a stamp without a zone": lambda row: {**row, "finished": "2026-11-16T09:00:00"},
    "a year Python cannot count with": lambda row: {**row, "finished": "9999-12-31T23:30:00+00:00"},
    "a stamp that is no time": lambda row: {**row, "finished": "2026-02-30T09:00:00+00:00"},
    "no stamp": lambda row: {key: value for key, value in row.items() if key != "finished"},
    "a stamp that is a number": lambda row: {**row, "finished": 1_763_283_600},
    "an unusable start": lambda row: {**row, "started": "yesterday"},
    "a start before year 1970": lambda row: {**row, "started": "1969-12-31T23:00:00+00:00"},
    "another kind": lambda row: {**row, "kind": "draft"},
    "another id": lambda row: {**row, "id": "planted"},
    "an empty id": lambda row: {**row, "id": ""},
    "an id that is a number": lambda row: {**row, "id": 7},
    "not an object": lambda row: [row],
}


# Mostly usable stamps, so that whole lists of records often pass.
STAMPS = st.one_of(st.none(), st.integers(), st.sampled_from(["2026-11-16T09:00:00+01:00"] * 6 + [
    "2026-11-16T09:00:00", "2026-11-16T09:00:00Z", "2026-11-16",
    "9999-12-31T23:30:00+00:00", "0001-01-01T00:00:00+00:00", "1969-12-31T23:59:59-01:00",
    "2026-02-30T09:00:00+00:00", "20261116T090000+0100", "2026-11-16 09:00+14:00", "", "never"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "kind": st.sampled_from(["reflection", "reflection", "effort", "draft"]),
    "id": st.sampled_from(["r1", "r2", "x" * 200, "", 7, None]),
    "finished": STAMPS, "at": STAMPS}, optional={"started": STAMPS}), min_size=1, max_size=3),
    st.sampled_from(["reflection", "effort"]))
def test_the_quick_check_of_a_read_keeps_nothing_sort_out_would_not(
        records: list[dict[str, object]], kind: str) -> None:
    # Digests skip sort_out for rows that all pass the quick check, so it must never pass a
    # record sort_out would leave out.
    if validation.all_pass(records, kind):
        assert validation.sort_out(records, kind) == (records, [])
    if not validation.sort_out(records, kind)[1] and all(record.get("kind") == kind for record in records):
        assert validation.all_pass(records, kind)


@pytest.mark.parametrize("plant", sorted(PLANTED_ROWS))
def test_a_planted_row_whose_checks_match_is_still_never_believed(store: Store,
                                                                  plant: str) -> None:
    # Someone who can write the cache folder can write a row and an index that vouches for it
    # (its CRC-32, place and size, and a checksum that matches): every row read is still
    # checked to be a usable summary, and the week is digested again from its file.
    _fill(store, 40)
    summaries = store.summaries()
    rows = _rows_files(store)[0]
    index = rows.with_name(rows.name.split("-")[0] + ".json")
    raw = index.read_bytes()
    value = json.loads(raw[raw.index(b"\n") + 1:])
    entry = value["weeks"][rows.stem]
    whole = rows.read_bytes()
    ends = [start - 1 for start in entry["starts"][1:]] + [entry["size"]]
    texts = [whole[start:end] for start, end in zip(entry["starts"], ends, strict=True)]
    planted = PLANTED_ROWS[plant](json.loads(texts[-1]))
    texts[-1] = json.dumps(planted, separators=(",", ":")).encode()
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + 1
    rows.write_bytes(b",".join(texts))
    os.chmod(rows, 0o600)
    entry.update(starts=starts, checks=[zlib.crc32(text) for text in texts],
                 size=len(b",".join(texts)))
    write_cache_bytes(index, digestfiles.KIND, json.dumps(value).encode())
    week_file = store.home / "reflections" / f"{rows.stem}.json"
    assert digestfiles.Digests(store.home).current(week_file)[1] is False  # the index is used
    fresh = Store(store.home)
    assert fresh.summaries() == summaries
    assert list(fresh.each_summary()) == summaries


def test_the_digests_can_all_be_deleted(store: Store) -> None:
    _fill(store, 30)
    expected = [record["id"] for record in store.search("budget")]
    shutil.rmtree(cache_folder(store.home) / digestfiles.FOLDER)
    fresh = Store(store.home)
    assert [record["id"] for record in fresh.search("budget")] == expected
    assert len(_rows_files(fresh)) == len(list((store.home / "reflections").glob("*.json")))
    assert _index_files(fresh)


def test_damaged_records_are_left_out_of_summaries_and_told_once(home: Path) -> None:
    told: list[str] = []
    store = Store(home, on_damaged=told.append)
    store.add_reflection(reflection(record_id="good", answer="Globex"))
    week_file = next((home / "reflections").glob("*.json"))
    text = week_file.read_text().replace('"finished":', '"finished":"never","was":', 1)
    week_file.write_text(text)
    os.chmod(week_file, 0o600)
    store.add_reflection(reflection(MONDAY + timedelta(hours=1), record_id="later",
                                    answer="Globex too"))
    assert [record["id"] for record in store.summaries()] == ["later"]
    assert [record["id"] for record in store.search("globex")] == ["later"]
    assert [record["id"] for record in store.reflections()] == ["later"]
    assert len(told) == 1 and "1 damaged reflection" in told[0]



@pytest.mark.parametrize("zone_name", ["Asia/Kathmandu", "America/St_Johns", "Pacific/Kiritimati",
                                       "Europe/Berlin"])
def test_effort_totals_count_the_same_days_as_the_events(store: Store, zone_name: str) -> None:
    from zoneinfo import ZoneInfo

    from coach.review.days import tally_days
    from coach.review.periods import DayFinder
    from tests.sample_records import effort

    rng = random.Random(5)
    start = datetime(2026, 3, 1, tzinfo=timezone.utc)  # across a daylight-saving change
    zone = ZoneInfo(zone_name)
    store = Store(store.home, zone=zone)  # counts each week per day as it saves it
    for _ in range(400):
        moment = start + timedelta(minutes=rng.randint(0, 60 * 24 * 50))
        store.add_effort(effort(rng.choice(["dials", "conversations", "meetings", "breather"]),
                                rng.randint(1, 3), moment.astimezone(
                                    timezone(timedelta(minutes=rng.choice([-210, 0, 345, 840]))))))
    now = datetime(2026, 4, 18, 12, tzinfo=zone)
    since = datetime(2026, 3, 5, tzinfo=zone)
    day_of = DayFinder(zone).day
    expected = tally_days([], store.effort_events(since), day_of).effort
    assert tally_days([], store.effort_counts(since, now), day_of).effort == expected
    assert len(store.effort_counts(since, now)) < len(store.effort_events(since))
    # Missing totals, or totals of another zone, are made again: the same answer.
    shutil.rmtree(cache_folder(store.home) / digestfiles.FOLDER)
    assert tally_days([], Store(store.home).effort_counts(since, now), day_of).effort == expected
    elsewhere = ZoneInfo("Pacific/Honolulu")
    there = DayFinder(elsewhere).day
    assert tally_days([], store.effort_counts(since, now.astimezone(elsewhere)), there).effort == (
        tally_days([], store.effort_events(since), there).effort)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_rebuild_shows_how_far_it_got_on_a_terminal(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coach.commands.app import App
    from coach.store import store as store_module

    _fill(Store(home), 60)
    weeks = len(list((home / "reflections").glob("*.json")))
    shutil.rmtree(cache_folder(home) / digestfiles.FOLDER)
    monkeypatch.setattr(store_module, "PROGRESS_AFTER", -1.0)  # as if each week took a while
    shown = _Terminal()
    app = App(stdin=io.StringIO(), stdout=io.StringIO(), stderr=shown, home=home,
              interactive=False)
    assert len(app.store.summaries()) == 60
    assert shown.getvalue() == (f"Bringing the summaries of {weeks} weeks up to date: "
                                "25%... 50%... 75%... done.\n")
    app.store.summaries()  # nothing left to rebuild, nothing more said
    assert shown.getvalue().count("done.") == 1


@pytest.mark.parametrize("text", ["budget", "BUDGET", "b", "call back", "q3?", "?!", "nowhere"])
def test_the_ids_a_search_finds_are_those_of_the_full_search(tmp_path: Path, text: str) -> None:
    store = Store(tmp_path / "home")
    store.add_records([
        reflection(answer="No budget until Q3?"), reflection(answer="Call back in spring"),
        reflection(answer="?! they hung up"), reflection(answer="Budgeting season, busy")])
    assert store.search_ids(text) == {record["id"] for record in store.search(text)}
