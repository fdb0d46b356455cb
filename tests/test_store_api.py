"""The Store's public methods: ordering, id prefixes, periods, deleting, merging, reading."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sample_records import MONDAY, draft, effort, reflection

from coach.errors import CoachError
from coach.store.store import Store


def test_reflections_are_newest_first_and_effort_oldest_first(store: Store) -> None:
    for days in (0, 9, 3):
        store.add_reflection(reflection(finished=MONDAY + timedelta(days=days), record_id=f"r{days}"))
        store.add_effort(effort(at=MONDAY + timedelta(days=days), record_id=f"e{days}"))
    assert [record["id"] for record in store.reflections()] == ["r9", "r3", "r0"]
    assert [event["id"] for event in store.effort_events()] == ["e0", "e3", "e9"]
    # One file per ISO week: days 0 and 3 share the week of 16 November.
    assert sorted(path.name for path in (store.home / "reflections").iterdir()) == [
        "2026-W47.json", "2026-W48.json"]


def test_saving_the_same_id_again_replaces_the_record(store: Store) -> None:
    store.add_reflection(reflection(record_id="same", lesson="first"))
    store.add_reflection(reflection(record_id="same") | {"lesson": "second"})
    assert [record["lesson"] for record in store.reflections()] == ["second"]


def test_since_keeps_only_records_from_that_moment_on(store: Store) -> None:
    for days in range(0, 40, 5):
        store.add_reflection(reflection(finished=MONDAY + timedelta(days=days), record_id=f"r{days}"))
        store.add_effort(effort(at=MONDAY + timedelta(days=days), record_id=f"e{days}"))
    since = MONDAY + timedelta(days=20)
    assert [record["id"] for record in store.reflections(since)] == ["r35", "r30", "r25", "r20"]
    assert [event["id"] for event in store.effort_events(since)] == ["e20", "e25", "e30", "e35"]


def test_find_reflection_by_any_unique_prefix(store: Store) -> None:
    store.add_reflection(reflection(record_id="abc123"))
    store.add_reflection(reflection(record_id="abd456"))
    assert store.find_reflection("abc")["id"] == "abc123"
    assert store.find_reflection(" ABD4 ")["id"] == "abd456"
    with pytest.raises(CoachError, match="'ab' matches 2 reflections"):
        store.find_reflection("ab")
    with pytest.raises(CoachError, match="No reflection has an id starting with 'zz'"):
        store.find_reflection("zz")
    with pytest.raises(CoachError, match="Give the id `coach history` shows"):
        store.find_reflection("  ")


def test_an_exact_id_wins_over_longer_ids_it_prefixes(store: Store) -> None:
    store.add_reflection(reflection(record_id="abc"))
    store.add_reflection(reflection(record_id="abcdef"))
    assert store.find_reflection("abc")["id"] == "abc"


def test_delete_effort_removes_only_that_event(store: Store) -> None:
    kept, removed = effort(record_id="keep"), effort(record_id="drop")
    store.add_effort(kept)
    store.add_effort(removed)
    assert store.delete_effort(removed) is True
    assert store.delete_effort(removed) is False
    assert store.delete_effort(effort(at=MONDAY + timedelta(days=300))) is False
    assert [event["id"] for event in store.effort_events()] == ["keep"]


def test_add_records_skips_ids_it_has_and_reports_differences(store: Store) -> None:
    store.add_reflection(reflection(record_id="r1"))
    store.add_effort(effort(record_id="e1"))
    incoming = [reflection(record_id="r1"), reflection(record_id="r2"),
                effort(record_id="e1", count=99), effort(record_id="e2"), effort(record_id="e2")]
    merged = store.add_records(incoming)
    assert [record["id"] for record in merged.added] == ["r2", "e2"]
    assert merged.already_stored == 3
    assert merged.differing == ("e1",)
    assert len(store.reflections()) == 2 and len(store.effort_events()) == 2
    assert [event["count"] for event in store.effort_events() if event["id"] == "e1"] == [1]


def test_drafts_are_newest_first_and_can_be_deleted(store: Store) -> None:
    store.save_draft(draft("old", MONDAY))
    store.save_draft(draft("new", MONDAY + timedelta(hours=1)))
    assert [item["id"] for item in store.drafts()] == ["new", "old"]
    store.delete_draft("old")
    store.delete_draft("never-there")
    assert [item["id"] for item in store.drafts()] == ["new"]


def test_response_counts_add_up(store: Store) -> None:
    assert store.response_counts() == {}
    store.count_responses(["a", "b"])
    store.count_responses(["a"])
    store.count_responses([])
    assert store.response_counts() == {"a": 2, "b": 1}


def test_every_read_follows_every_change_to_the_json(store: Store) -> None:
    store.add_reflection(reflection(record_id="first", lesson="aaaa"))
    assert [record["lesson"] for record in store.reflections()] == ["aaaa"]
    assert [record["lesson"] for record in store.summaries()] == ["aaaa"]

    # An edit by hand that keeps the size and sets the times back is still seen, by the full
    # records and by the week digests behind summaries and search (their inode change time
    # cannot be set back).
    partition = next((store.home / "reflections").glob("*.json"))
    status = partition.stat()
    edited = partition.read_bytes().replace(b'"aaaa"', b'"bbbb"')
    with partition.open("r+b") as file:
        file.write(edited)
    os.utime(partition, ns=(status.st_atime_ns, status.st_mtime_ns))
    again = Store(store.home)
    assert [record["lesson"] for record in again.reflections()] == ["bbbb"]
    assert [record["lesson"] for record in again.summaries()] == ["bbbb"]

    store.add_reflection(reflection(record_id="second"))
    assert {record["id"] for record in store.reflections()} == {"first", "second"}
    assert {record["id"] for record in store.summaries()} == {"first", "second"}
