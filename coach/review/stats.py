"""The rep's numbers that playbook rules and prompts can read (pure functions over records)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from coach.language.wins import is_meant
from coach.review.averages import (
    MIN_OUTCOMES,
    OUTCOMES,
    binomial_at_most,
    how_often,
    judge_day,
    one_in,
    rate_of,
)
from coach.review.days import Days, DayTally
from coach.review.periods import DayFinder
from coach.review.predictions import PredictionBook, prediction_stats
from coach.review.weekly import WEEK_STATS, WeekTally
from coach.store.fields import EFFORT_KINDS
from coach.store.stamps import as_utc, parse_stamp

TOUGH_STING = 7
"""A debrief whose sting starts at this level or above counts as a tough call."""

STATS_WINDOW = timedelta(days=365)
"""How far back the stats look: rates and streaks are about the rep's recent year."""

MAX_QUOTE = 120
"""Longer text quoted back from a record (yesterday's intention) is cut to this many characters."""

MAX_NEXT_ACTIONS = 3
"""How many of yesterday's next-call lines the check-in shows, newest first."""

_ONE = {"conversations": "conversation", "meetings": "meeting"}

def _outcome_stats(outcome: str) -> dict[str, str]:
    one = _ONE[outcome]
    return {
        f"{one}_rate_words": f"the rate as words, '1 in 19' dials leads to a {one} (none until "
                             f"{MIN_OUTCOMES})",
        f"{outcome}_sample": f"{outcome} logged over the last year before today (what the rate counts)",
        f"{outcome}_chance_today": f"the chance of at most today's {outcome} in today's dials at the "
                                   "rep's rate, 0 to 1 (none without a rate or dials today)",
        f"{outcome}_chance_words": "that chance in words: 'about a quarter of the time' (or none)",
        f"{outcome}_verdict": f"today's {outcome} at the rep's rate: 'normal', 'unusual' or 'rare' "
                              "when low, 'typical', 'good' (or none)",
    }


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
    "dials_per_meeting": "dials per meeting booked over the last year before today "
                         f"(none until {MIN_OUTCOMES} meetings)",
    "dials_per_conversation": "dials per conversation over the last year before today "
                              f"(none until {MIN_OUTCOMES})",
    **{key: text for outcome in OUTCOMES for key, text in _outcome_stats(outcome).items()},
    "streak_days": "days in a row, ending today or yesterday, with a small win or an effort goal met",
    "goals_met_today": "whether today's check-in set effort goals and all of them are reached",
    "goal_dials": "today's dial goal from the morning check-in (none if not set)",
    "goal_conversations": "today's conversation goal from the check-in (none if not set)",
    "goal_follow_ups": "today's follow-up goal from the check-in (none if not set)",
    "goal_insights": "today's insight goal from a check-in that asks for one (none if not set)",
    "checked_in_today": "whether the rep did a check-in today",
    "effort_vs_goals": "'met', 'close' or 'short' against today's check-in goals (none without)",
    "intention_today": "the intention from today's check-in (none if there is none)",
    "predicted_bad_calls": "how many calls today's check-in expected to go badly (none if "
                           "skipped or no check-in)",
    "worst_sting_today": "the highest starting sting of today's debriefs (none without one)",
    "predictions_week": "this week's (Monday on) predictions against their debriefs, a mapping: "
                        "days (with calls), better (fewer tough calls than predicted), came_true",
    "predictions_all": "the same over every day the stats read (the last year)",
    "yesterday_intention": "the intention from yesterday's check-in (none if there is none)",
    "yesterday_next_actions": f"yesterday's debrief next-call lines, newest first, at most "
                              f"{MAX_NEXT_ACTIONS} (a list, empty if there are none)",
    "yesterday_carry": "what yesterday's wrap-up said to carry into today (none if no wrap-up)",
    "yesterday_goals_met": "whether yesterday's check-in goals were met (none without a check-in)",
    "yesterday_goal_dials": "yesterday's dial goal from the check-in (none if not set)",
    "yesterday_goal_conversations": "yesterday's conversation goal (none if not set)",
    "yesterday_goal_follow_ups": "yesterday's follow-up goal (none if not set)",
    "dials_since_break": "dials logged since the last breather today",
    "objection_book": "the rep's earlier answers to an objection, newest first, looked up by its "
                      "key or the rep's words: stats.objection_book[objection] (empty at first)",
    "objection_card": "one frequent objection to rehearse, a different one each day, with the "
                      "rep's best line: stats.objection_card.objection and .answer (empty "
                      "until an objection has an answer)",
    "hour": "the hour of the day, 0 to 23",
    **WEEK_STATS,
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
    day_of = DayFinder(now.tzinfo)
    zoned_now, now = now, as_utc(now)  # instants compare in UTC: cheap, and never by wall clock
    stats: dict[str, Any] = dict.fromkeys(KNOWN_STATS)
    tally = DayTally()
    book = PredictionBook(TOUGH_STING)  # the morning's guess and the day's stings
    week = WeekTally(today)
    dials_today: list[tuple[datetime, int]] = []
    last_break: datetime | None = None
    for event in effort_events:
        kind, moment = event.get("type"), parse_stamp(event.get("at"))
        # Stats are as of now: a record dated later (the clock was set back) has not happened.
        if moment is None or moment > now:
            continue
        day = day_of.day(event.get("at")) or today
        if kind == "breather" and day == today:
            last_break = moment if last_break is None else max(last_break, moment)
        if tally.add_effort(event, day) and kind == "dials" and day == today:
            dials_today.append((moment, int(event["count"])))
    # The command fills these two from the summaries, read lazily (review/objections.py).
    stats["objection_book"] = {}
    stats["objection_card"] = {}
    stats["dials_since_break"] = sum(
        count for moment, count in dials_today if last_break is None or moment > last_break
    )

    debriefs_today = tough_today = tough_hour = 0
    last_finished: datetime | None = None
    # The latest text of each kind per day (the intention, what to carry), and yesterday's
    # next-call lines, newest first once sorted.
    latest: dict[tuple[date, str], tuple[datetime, str]] = {}
    next_actions: list[tuple[datetime, str]] = []
    for record in reflections:
        finished = parse_stamp(record.get("finished"))
        if finished is None or finished > now:
            continue
        day = day_of.day(record.get("finished")) or today
        tally.add_reflection(record, day)
        book.add(record, day)
        week.add(record, day, finished)
        _remember_text(record, day, finished, (today, yesterday), latest, next_actions)
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
        hour=zoned_now.hour,
    )
    if last_finished is not None:
        stats["minutes_since_last_debrief"] = max(
            0, int((now - last_finished).total_seconds() // 60)
        )
    stats.update(_rate_stats(days, today))
    for kind in ("dials", "conversations", "follow_ups", "insights"):
        stats[f"goal_{kind}"] = days.goals.get(today, {}).get(kind)
    for kind in ("dials", "conversations", "follow_ups"):
        stats[f"yesterday_goal_{kind}"] = days.goals.get(yesterday, {}).get(kind)
    stats["goals_met_today"] = days.goals_met(today)
    stats["streak_days"] = days.current_streak(today)
    stats["checked_in_today"] = today in days.goals
    stats["effort_vs_goals"] = days.effort_against_goals(today)
    stats.update(prediction_stats(book, today, days))
    stats["yesterday_goals_met"] = days.goals_met(yesterday) if yesterday in days.goals else None
    stats["intention_today"] = latest.get((today, "intention"), (None, None))[1]
    stats["yesterday_intention"] = latest.get((yesterday, "intention"), (None, None))[1]
    stats["yesterday_carry"] = latest.get((yesterday, "carry"), (None, None))[1]
    stats.update(week.stats(days))
    stats["yesterday_next_actions"] = [
        text for _, text in sorted(next_actions, reverse=True)[:MAX_NEXT_ACTIONS]]
    return stats


RECENT_DAYS = 14
"""Stats first read only this many days of reflections (see `recent_first`)."""


def recent_first(reflections_since: Callable[[datetime], Iterable[Mapping[str, Any]]],
                 effort_events: Sequence[Mapping[str, Any]], now: datetime) -> dict[str, Any]:
    """`compute_stats` over the reflections of the last year, read from the last RECENT_DAYS
    days first: nearly every stat is about today, yesterday or the last hour, and the rest
    are settled there too unless the streak runs back to the first day read or no debrief was
    found (then the whole year is read). Either way the stats are those of the whole year.
    `effort_events` cover the year (they are added up per day, and cheap)."""
    year = now - STATS_WINDOW
    first_day = now.date() - timedelta(days=RECENT_DAYS)
    recent = datetime.combine(first_day, time(0), tzinfo=now.tzinfo)
    if recent > year:
        found = compute_stats(reflections_since(recent), effort_events, now)
        # Every day from first_day on was read whole, so a streak that ends on a later day
        # than first_day is known to end there; one that could reach further is read again.
        if found["minutes_since_last_debrief"] is not None and found["streak_days"] < RECENT_DAYS - 1:
            return found
    return compute_stats(reflections_since(year), effort_events, now)


def quote(value: object) -> str | None:
    """Text from a record, fit to quote back: on one line, at most MAX_QUOTE characters."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if len(text) > MAX_QUOTE:
        text = text[:MAX_QUOTE - 1].rstrip() + "\u2026"
    return text or None


# Which answer of which playbook each remembered text comes from.
_TEXTS = {("checkin", "intention"): "intention", ("wrapup", "carry"): "carry"}


def _remember_text(record: Mapping[str, Any], day: date, finished: datetime,
                   days: tuple[date, date], latest: dict[tuple[date, str], tuple[datetime, str]],
                   next_actions: list[tuple[datetime, str]]) -> None:
    """Keep the intention and the line to carry of today and yesterday, and yesterday's next calls."""
    if day not in days:
        return
    values = record.get("values")
    values = values if isinstance(values, Mapping) else {}
    for (playbook, key), name in _TEXTS.items():
        text = quote(values.get(key)) if record.get("playbook") == playbook else None
        if text and is_meant(text) and ((day, name) not in latest or finished > latest[(day, name)][0]):
            latest[(day, name)] = (finished, text)
    if record.get("playbook") == "debrief" and day == days[1]:
        text = quote(record.get("next_action"))
        if text and is_meant(text):  # "no idea" was never a plan (older records have some)
            next_actions.append((finished, text))


def _rate_stats(days: Days, today: date) -> dict[str, Any]:
    """The rep's rates over the days before today, and today held against them.

    The same rate and the same exact binomial as `coach patterns` (review/averages.py), so the
    debrief, the wrap-up and the pattern review cannot disagree about what a day means.
    """
    before = [done for day, done in days.effort.items() if day < today]
    dials = sum(done.get("dials", 0) for done in before)
    done_today = days.effort_on(today)
    stats: dict[str, Any] = {}
    for outcome in OUTCOMES:
        one = _ONE[outcome]
        outcomes = sum(done.get(outcome, 0) for done in before)
        rate = rate_of(outcome, dials, outcomes)
        stats[f"{outcome}_sample"] = outcomes
        per = rate.dials_per_outcome
        stats[f"dials_per_{one}"] = None if per is None else round(per, 1)
        stats[f"{one}_rate_words"] = None if per is None else one_in(per)
        check = judge_day(today, outcome, done_today.get("dials", 0), done_today.get(outcome, 0), rate)
        if check is None or rate.chance is None:
            continue
        chance = binomial_at_most(check.dials, check.outcomes, rate.chance)
        stats[f"{outcome}_chance_today"] = round(chance, 3)
        stats[f"{outcome}_chance_words"] = how_often(chance)
        stats[f"{outcome}_verdict"] = (check.verdict if check.direction == "low" else
                                       "good" if check.direction == "high" else "typical")
    return stats
