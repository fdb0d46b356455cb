"""The rep's numbers that playbook rules and prompts can read (pure functions over records)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from coach.review.days import EFFORT_KINDS, DayTally
from coach.review.periods import parse_moment

TOUGH_STING = 7
"""A debrief whose sting starts at this level or above counts as a tough call."""

STATS_WINDOW = timedelta(days=365)
"""How far back the stats look: rates and streaks are about the rep's recent year."""

MIN_SAMPLE_MEETINGS = 3
"""Ratios such as dials per meeting stay unknown until there are this many meetings."""

KNOWN_STATS: dict[str, str] = {
    **{f"{kind}_today": f"{kind.replace('_', '-')} logged today" for kind in EFFORT_KINDS},
    **{f"{kind}_yesterday": f"{kind.replace('_', '-')} logged yesterday" for kind in EFFORT_KINDS},
    "wins_today": "small wins named in today's reflections",
    "wins_yesterday": "small wins named in yesterday's reflections",
    "debriefs_today": "debriefs finished today",
    "tough_calls_today": f"debriefs today that started at a sting of {TOUGH_STING} or more",
    "tough_calls_last_hour": f"debriefs in the last hour that started at a sting of {TOUGH_STING}+",
    "last_sting": "the sting at the start of the most recent debrief (none if there is none)",
    "minutes_since_last_debrief": "minutes since the last debrief finished (none if never)",
    "dials_per_meeting": "dials per meeting booked over the last year (none until 3 meetings)",
    "dials_per_conversation": "dials per conversation over the last year (none until 3)",
    "streak_days": "days in a row, ending today or yesterday, with a small win or an effort goal met",
    "goals_met_today": "whether today's check-in set effort goals and all of them are reached",
    "goal_dials": "today's dial goal from the morning check-in (none if not set)",
    "goal_conversations": "today's conversation goal from the check-in (none if not set)",
    "goal_follow_ups": "today's follow-up goal from the check-in (none if not set)",
    "goal_insights": "today's insight goal from the check-in (none if not set)",
    "dials_since_break": "dials logged since the last breather today",
    "hour": "the hour of the day, 0 to 23",
}


def compute_stats(
    reflections: Iterable[Mapping[str, Any]],
    effort_events: Iterable[Mapping[str, Any]],
    now: datetime,
) -> dict[str, Any]:
    """Compute every stat in KNOWN_STATS from stored records, as of `now` (an aware datetime).

    >>> from datetime import timezone
    >>> compute_stats([], [], datetime(2026, 1, 5, 9, tzinfo=timezone.utc))["dials_today"]
    0
    """
    today = now.date()
    yesterday = today - timedelta(days=1)
    stats: dict[str, Any] = dict.fromkeys(KNOWN_STATS)
    tally = DayTally()
    dials_today: list[tuple[datetime, int]] = []
    last_break: datetime | None = None
    for event in effort_events:
        kind, moment = event.get("type"), parse_moment(event.get("at"))
        if moment is None:
            continue
        day = moment.astimezone(now.tzinfo).date()
        if kind == "breather" and day == today:
            last_break = moment if last_break is None else max(last_break, moment)
        if tally.add_effort(event, day) and kind == "dials" and day == today:
            dials_today.append((moment, int(event["count"])))
    stats["dials_since_break"] = sum(
        count for moment, count in dials_today if last_break is None or moment > last_break
    )

    debriefs_today = tough_today = tough_hour = 0
    last_finished: datetime | None = None
    for record in reflections:
        finished = parse_moment(record.get("finished"))
        if finished is None:
            continue
        day = finished.astimezone(now.tzinfo).date()
        tally.add_reflection(record, day)
        sting = record.get("sting_before")
        if record.get("playbook") == "debrief":
            tough = isinstance(sting, (int, float)) and sting >= TOUGH_STING
            if day == today:
                debriefs_today += 1
                tough_today += tough
            if tough and timedelta(0) <= now - finished <= timedelta(hours=1):
                tough_hour += 1
            if last_finished is None or finished > last_finished:
                last_finished = finished
                stats["last_sting"] = sting
    days = tally.days()
    for kind in EFFORT_KINDS:
        stats[f"{kind}_today"] = days.effort_on(today).get(kind, 0)
        stats[f"{kind}_yesterday"] = days.effort_on(yesterday).get(kind, 0)
    stats.update(
        wins_today=days.wins.get(today, 0),
        wins_yesterday=days.wins.get(yesterday, 0),
        debriefs_today=debriefs_today,
        tough_calls_today=tough_today,
        tough_calls_last_hour=tough_hour,
        hour=now.hour,
    )
    if last_finished is not None:
        stats["minutes_since_last_debrief"] = max(
            0, int((now - last_finished).total_seconds() // 60)
        )
    totals = {kind: sum(done.get(kind, 0) for done in days.effort.values()) for kind in EFFORT_KINDS}
    if totals["meetings"] >= MIN_SAMPLE_MEETINGS:
        stats["dials_per_meeting"] = round(totals["dials"] / totals["meetings"], 1)
    if totals["conversations"] >= MIN_SAMPLE_MEETINGS:
        stats["dials_per_conversation"] = round(totals["dials"] / totals["conversations"], 1)
    for kind in ("dials", "conversations", "follow_ups", "insights"):
        stats[f"goal_{kind}"] = days.goals.get(today, {}).get(kind)
    stats["goals_met_today"] = days.goals_met(today)
    stats["streak_days"] = days.current_streak(today)
    return stats
