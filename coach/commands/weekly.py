"""`coach weekly`: the weekly review, run over the whole year of records.

The other conversations read the stats from the last two weeks of reflections first
(`review/stats.recent_first`); the weekly review reads the year at once, since its milestones
(the 100th small win) count every reflection the stats window holds, and it runs once a week.
"""

from __future__ import annotations

import argparse

from coach.commands.app import App
from coach.commands.converse import choose_draft, report, resume
from coach.conversation.session import ConversationRunner, Face
from coach.review.stats import STATS_WINDOW, compute_stats
from coach.review.weekly import WEEKLY


def run_weekly(app: App, face: Face | None = None) -> int:
    """Run the weekly review (or resume its draft); 0 when done or paused."""
    face = face or app.face()
    if app.is_interactive():
        draft = choose_draft(app, face, WEEKLY)
        if draft is not None:
            return resume(app, face, draft)
    library = app.library
    playbook = library.get(WEEKLY)
    now = app.clock()
    year = now - STATS_WINDOW
    stats = compute_stats(app.store.summaries(year), app.store.effort_counts(year, now), now)
    runner = ConversationRunner(
        app.store, face, app.clock, confirm_quit=app.is_interactive(), country=app.country()
    )
    return report(app, face, runner.start(playbook, library.playbooks, stats, False), stats)


def weekly(app: App, args: argparse.Namespace) -> int:
    return run_weekly(app)
