"""Commands that look back: history."""

from __future__ import annotations

import argparse
import json
from typing import Any

from coach.commands.app import App
from coach.display import safe


def history_line(record: dict[str, Any]) -> str:
    """One reflection on one line: when, which playbook, cause, sting, small win."""
    when = str(record.get("finished", ""))[:16].replace("T", " ")
    parts = [when, f"{record.get('playbook', '?'):<16}"]
    before, after = record.get("sting_before"), record.get("sting_after")
    if before is not None:
        parts.append(f"sting {before}->{after if after is not None else '?'}")
    if record.get("cause"):
        parts.append(f"cause: {record['cause']}")
    if record.get("small_win"):
        parts.append(f"win: {record['small_win']}")
    parts.append(f"[{str(record.get('id', ''))[:8]}]")
    return safe("  ".join(parts))


def history(app: App, args: argparse.Namespace) -> int:
    records = app.store.reflections()
    if args.format == "json":
        app.print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    if not records:
        app.print("No reflections yet. Start one with `coach debrief`.")
        return 0
    for record in records:
        app.print(history_line(record))
    return 0
