"""`coach team report`: a sales lead's review of the team, from the reps' own team exports.

It never opens a data folder: a lead may not be a rep. The files are untrusted, so every
header is checked here first (coach/team/inputs.py), how deeply every line nests on its bytes
(coach/team/depth.py), every line by the SQL that loads it, and a bad line is named with its
file, line number and field. DuckDB is an optional extra, imported only by
coach/team/engine.py when the report runs.
"""

from __future__ import annotations

import argparse
import shutil
from datetime import date
from typing import TYPE_CHECKING

from coach.commands.app import App
from coach.commands.outputs import output_file
from coach.errors import CoachError, UsageError
from coach.review.periods import parse_day

if TYPE_CHECKING:
    from coach.review.teamreview import TeamReview
    from coach.team.engine import Results
    from coach.team.inputs import Export

INSTALL_HINT = ('The team report needs DuckDB, which is not installed: '
                'pip install "coach[team]"')
REFUSED = ("Nothing was reported: ask that rep for a fresh `coach export --team`, or leave "
           "the file out.")
"""What follows a bad line's problem: nothing is counted from a file that breaks a rule."""
TEXTS_PER_REP = 3
"""How many of a rep's newest reflections the report quotes, when the rep shared text."""


def report(app: App, args: argparse.Namespace) -> int:
    """`coach team report PATH...`: the team review, as text, Markdown or an HTML page."""
    from coach.team import engine, inputs

    if not engine.available():
        raise CoachError(INSTALL_HINT)
    today = app.clock().date()
    since = parse_day(args.since, today) if args.since else date(1970, 1, 1)
    until = parse_day(args.until, today) if args.until else today
    if since > until:
        raise UsageError(f"--since ({since}) is after --until ({until}): swap them.")
    if args.html is not None and args.md:
        raise UsageError("Pick one of --md and --html.")
    target = (output_file(args.html, args.force, "team.html")
              if args.html is not None else None)
    exports = [inputs.read_header(path) for path in inputs.find_exports(args.paths)]
    inputs.check_reps(exports)
    results = _run(exports, since, until)
    review = _review(exports, results)
    from coach.views import team as view

    if target is not None:
        from coach.store.storage import write_atomically

        write_atomically(target, view.html_report(review, app.clock().strftime("%a %d %b %Y %H:%M")))
        app.print(f"Wrote the team review of {len(exports)} reps to {target}. It holds what the "
                  "reps shared: keep it among the people they shared it with.")
        return 0
    if args.md:
        app.write(view.markdown_report(review))
        return 0
    width = shutil.get_terminal_size((80, 24)).columns if app.stdout.isatty() else 0
    for line in view.text_report(review, width):
        app.print(line)
    return 0


def _run(exports: list[Export], since: date, until: date) -> Results:
    """The SQL's results; a bad line anywhere stops the report, naming the file and the line."""
    from coach.review import stats, strain
    from coach.team import depth, engine, inputs

    for export in exports:
        # Before any parser: a line nested thousands deep would exhaust DuckDB's or orjson's.
        found = depth.first_too_deep(export.path)
        if found:
            raise CoachError(f"{found} {REFUSED}")
    files = [str(export.path) for export in exports]
    try:
        results = engine.run(files, since, until, tough=stats.TOUGH_STING,
                             quarter_end_days=strain.QUARTER_END_DAYS, texts=TEXTS_PER_REP)
    except engine.EngineError as error:
        # DuckDB could not even read a line (bad JSON, a wrong type): find which one ourselves.
        for export in exports:
            found = inputs.first_problem(export.path)
            if found:
                raise CoachError(f"{found} {REFUSED}") from None
        raise CoachError(f"A team export could not be read: {error.message[:300]}") from None
    for problem in results.problems:
        export = exports[int(problem["rep_id"])]
        found = inputs.first_problem(export.path) or (
            f"{export.path}: {problem['bad']} lines break the team export rules, and "
            f"{problem['headers']} lines are headers.")
        raise CoachError(f"{found} {REFUSED}")
    return results


def _review(exports: list[Export], results: Results) -> TeamReview:
    from coach.review import teamshare
    from coach.review.teamreview import Rep, SharedText, team_review
    from coach.store import jsoncodec

    extra = results.extra or {}
    texts = []
    for row in extra.get("texts", ()):
        answers = jsoncodec.decode(row["answers"])
        pairs = tuple((str(item.get("question") or "")[:teamshare.MAX_TEXT_CHARS],
                       str(item.get("answer") or "")[:teamshare.MAX_TEXT_CHARS])
                      for item in answers if isinstance(item, dict))
        texts.append((int(row["rep_id"]), SharedText(str(row["stamp"]), str(row["playbook"]), pairs)))
    reps = [Rep(export.rep, export.exported, export.with_text, export.left_out)
            for export in exports]
    return team_review(reps, results.weeks, results.norms, extra, extra.get("slots", ()), texts)
