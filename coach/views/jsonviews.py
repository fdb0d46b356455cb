"""JSON for scripts: `coach patterns`, `callbacks`, `log` and `config` with `--format json`.

Each view is a plain dict of the numbers the text shows (never its sentences), with a `format`
name and a `version` a script can check. The keys, their types and meaning are documented in
docs/records.md ("JSON output of commands"); a key may be added in a later version, and one is
never renamed or removed without raising `version`. Dates are ISO 8601 (`YYYY-MM-DD`), shares
and chances are fractions from 0 to 1, and text is given as stored.

`json_text` turns a view into indented JSON that is safe to print: the characters the terminal
must not get are written as \\u escapes, as in every other JSON output (coach/safetext.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from coach.review.averages import Averages
from coach.review.callbacks import OpenCallback
from coach.review.patterns import Callback, Causes, Review, StingChange
from coach.review.periods import Period
from coach.review.phrases import Phrase
from coach.review.stats import TOUGH_STING
from coach.review.strain import Slot, Strain
from coach.review.streaks import Goals, Wins
from coach.safetext import escape_unsafe
from coach.store import jsoncodec
from coach.store.config import KEYS
from coach.store.fields import EFFORT_KINDS

VERSION = 1
"""The version of every view below; raised when a key changes meaning or goes away."""

PATTERNS = "coach-patterns"
CALLBACKS = "coach-callbacks"
LOG = "coach-log"
CONFIG = "coach-config"

View = dict[str, Any]


def json_text(view: Mapping[str, Any]) -> str:
    """A view as indented JSON text ending in a newline, safe to send to a terminal."""
    return escape_unsafe(jsoncodec.encode(dict(view), indent=True).decode("utf-8")) + "\n"


def _header(name: str) -> View:
    return {"format": name, "version": VERSION}


def _day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _period(period: Period) -> View:
    return {"start": _day(period.start), "end": _day(period.end), "days": period.days}


# -- coach patterns -------------------------------------------------------------------------------

def _per_day(period: Period, values: Sequence[int], name: str) -> list[View]:
    return [{"day": day.isoformat(), name: value}
            for day, value in zip(period.each_day(), values, strict=True)]


def _causes(causes: Causes) -> View:
    return {
        "total": causes.total,
        "previous_total": causes.previous_total,
        "rows": [{"cause": row.cause, "count": row.count, "share": row.share,
                  "previous_count": row.previous_count, "previous_share": row.previous_share,
                  "change": row.share - row.previous_share if causes.previous_total else None}
                 for row in causes.rows],
    }


def _sting(sting: StingChange, period: Period) -> View:
    start = period.start or date.min
    weeks = [{"start": (start + timedelta(days=7 * number)).isoformat(), "before": before,
              "after": after}
             for number, (before, after) in enumerate(
                 zip(sting.weekly_before, sting.weekly_after, strict=True))]
    rated = sting.rated > 0
    return {
        "rated": sting.rated,
        "average_before": sting.average_before if rated else None,
        "average_after": sting.average_after if rated else None,
        "average_drop": sting.average_drop if rated else None,
        "lowered": sting.lowered,
        "unchanged": sting.unchanged,
        "raised": sting.raised,
        "weekly": weeks,
    }


def _wins(wins: Wins, period: Period) -> View:
    return {
        "total": wins.total,
        "good_days": wins.good_days,
        "goal_days": wins.goal_days,
        "current_streak": wins.current_streak,
        "longest_streak": wins.longest_streak,
        "per_day": _per_day(period, wins.per_day, "wins"),
    }


def _averages(averages: Averages) -> View:
    return {
        "day": _day(averages.day),
        "rates": [{"outcome": rate.outcome, "dials": rate.dials, "outcomes": rate.outcomes,
                   "since": _day(rate.since), "dials_per_outcome": rate.dials_per_outcome,
                   "chance": rate.chance, "confidence": rate.confidence}
                  for rate in averages.rates],
        "checks": [{"day": check.day.isoformat(), "outcome": check.outcome,
                    "dials": check.dials, "outcomes": check.outcomes,
                    "expected": check.expected, "direction": check.direction,
                    "probability": check.probability, "verdict": check.verdict}
                   for check in averages.checks],
    }


def _goals(goals: Goals) -> View:
    return {
        "checkin_days": goals.checkin_days,
        "all_met_days": goals.all_met_days,
        "rows": [{"kind": row.kind, "days_set": row.days_set, "days_met": row.days_met,
                  "done": row.done, "goal": row.goal} for row in goals.rows],
    }


def _slot(slot: Slot | None) -> View | None:
    if slot is None:
        return None
    return {"label": slot.label, "tough": slot.tough, "debriefs": slot.debriefs}


def _strain(strain: Strain) -> View:
    quarter = strain.quarter_end
    return {
        "tough_sting": TOUGH_STING,
        "debriefs": strain.debriefs,
        "tough": strain.tough,
        "by_hour": list(strain.by_hour),
        "by_weekday": list(strain.by_weekday),
        "hour_cluster": _slot(strain.hour_cluster),
        "weekday_cluster": _slot(strain.weekday_cluster),
        "bursts": strain.bursts,
        "largest_burst": strain.largest_burst,
        "weeks": [{"start": week.start.isoformat(), "debriefs": week.debriefs,
                   "average": week.average} for week in strain.weeks],
        "rising_weeks": [start.isoformat() for start in strain.rising_weeks],
        "quarter_end": {"end_debriefs": quarter.end_debriefs, "end_tough": quarter.end_tough,
                        "other_debriefs": quarter.other_debriefs,
                        "other_tough": quarter.other_tough,
                        "days_to_next": quarter.days_to_next},
    }


def _phrases(phrases: Iterable[Phrase]) -> list[View]:
    return [{"text": phrase.text, "count": phrase.count} for phrase in phrases]


def _callbacks(callbacks: Iterable[Callback]) -> list[View]:
    return [{"id": callback.record_id, "day": callback.day.isoformat(),
             "prospect": callback.prospect or None} for callback in callbacks]


def patterns_view(review: Review) -> View:
    """The pattern review's numbers (docs/records.md, `coach patterns --format json`)."""
    return {
        **_header(PATTERNS),
        "today": review.today.isoformat(),
        "period": _period(review.period),
        "previous": _period(review.previous),
        "horizon": review.horizon.isoformat(),
        "reflections": review.reflections,
        "debriefs": review.debriefs,
        "effort": {kind: review.effort.get(kind, 0) for kind in EFFORT_KINDS},
        "dials_per_day": _per_day(review.period, review.dials_per_day, "dials"),
        "causes": _causes(review.causes),
        "sting": _sting(review.sting, review.period),
        "wins": _wins(review.wins, review.period),
        "averages": _averages(review.averages),
        "goals": _goals(review.goals),
        "strain": _strain(review.strain),
        "themes": {"lessons": _phrases(review.lessons),
                   "next_actions": _phrases(review.next_actions),
                   "traps": [{"trap": trap, "count": count} for trap, count in review.traps]},
        "objections": [{"objection": row.name, "count": row.count,
                        "previous_count": row.previous_count, "best_answer": row.best_answer,
                        "helped": row.helped} for row in review.objections],
        "callbacks": {"due": _callbacks(review.callbacks_due),
                      "upcoming": _callbacks(review.callbacks_upcoming)},
    }


# -- coach callbacks ------------------------------------------------------------------------------

def callbacks_view(found: Iterable[OpenCallback], today: date) -> View:
    """The open callbacks, soonest first (docs/records.md, `coach callbacks --format json`)."""
    rows = [{"id": callback.record_id, "prospect": callback.prospect.strip() or None,
             "day": callback.day.isoformat(),
             "status": "due" if callback.day <= today else "upcoming",
             "days_overdue": (today - callback.day).days, "moved": callback.moved,
             "said": callback.said or None}
            for callback in found]
    due = sum(1 for row in rows if row["status"] == "due")
    return {**_header(CALLBACKS), "today": today.isoformat(),
            "counts": {"due": due, "upcoming": len(rows) - due}, "callbacks": rows}


# -- coach log ------------------------------------------------------------------------------------

def _entry(event: Mapping[str, Any] | None) -> View | None:
    if event is None:
        return None
    return {key: event.get(key) for key in ("id", "type", "count", "at", "note")}


def log_view(action: str, event: Mapping[str, Any] | None, today: date,
             totals: Mapping[str, int] | None) -> View:
    """What `coach log --format json` did (`logged`, `undone` or `none`), the entry it logged
    or took back, and the day's totals after it (null when the folder is locked: the entry was
    sealed without reading the rest)."""
    return {**_header(LOG), "action": action, "entry": _entry(event), "today": today.isoformat(),
            "locked": totals is None,
            "totals": None if totals is None else {kind: totals.get(kind, 0)
                                                   for kind in EFFORT_KINDS}}


# -- coach config ---------------------------------------------------------------------------------

def config_view(path: Path, settings: Mapping[str, str]) -> View:
    """Every setting with its value (null when unset) and meaning, in `coach config`'s order."""
    return {**_header(CONFIG), "path": str(path),
            "settings": {key: {"value": settings.get(key) or None, "meaning": about.meaning}
                         for key, about in KEYS.items()}}
