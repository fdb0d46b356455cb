"""Help and settings: `coach help-now`, `coach config`, and `coach forget` for stopped talks."""

from __future__ import annotations

import argparse

from coach.commands.app import App
from coach.conversation.helplines import help_lines
from coach.store.config import KEYS, config_path, read_config, set_value, unset_value
from coach.store.lookup import one_match
from coach.store.paths import data_home
from coach.store.stamps import in_zone, parse_stamp


def help_now(app: App, args: argparse.Namespace) -> int:
    """Where to find help right now. It never needs the records: only the country setting is
    read, and if even that cannot be read, the help that works anywhere is shown."""
    country, note = "", ""
    try:
        country = read_config(app.home or data_home()).get("country", "")
    except Exception:  # any problem with the data folder must not hide the help
        note = "(Your settings could not be read, so this is the help that works anywhere.)"
    for line in help_lines(country):
        app.print(line)
    if note:
        app.print(note)
    return 0


def config_show(app: App, args: argparse.Namespace) -> int:
    """Every setting: its value (or that it is unset) and what it means; JSON with --format
    json."""
    home = app.home or data_home()
    settings = read_config(home)
    if getattr(args, "format", "text") == "json":
        from coach.views.jsonviews import config_view, json_text

        app.write(json_text(config_view(config_path(home), settings)))
        return 0
    app.print(f"Settings in {config_path(home)}:")
    for key, about in KEYS.items():
        value = settings.get(key)
        app.print(f"  {key} = {value}" if value else f"  {key} (not set)")
        app.print(f"      {about.meaning}")
    app.print("Change one with `coach config set KEY VALUE`, remove it with `coach config unset KEY`.")
    return 0


def config_set(app: App, args: argparse.Namespace) -> int:
    value, note = set_value(app.home or data_home(), args.key, args.value)
    if note:
        app.print(note)
    app.print(f"{args.key} = {value}")
    return 0


def config_unset(app: App, args: argparse.Namespace) -> int:
    removed, note = unset_value(app.home or data_home(), args.key)
    if note:
        app.print(note)
    app.print(f"{args.key} is no longer set." if removed else f"{args.key} was not set.")
    return 0


def forget(app: App, args: argparse.Namespace) -> int:
    """Delete an unfinished or stopped conversation by id; alone, list the stopped ones."""
    drafts = app.store.drafts()
    if not args.draft_id:
        stopped = [draft for draft in drafts if draft.get("stopped")]
        if not stopped:
            app.print("No conversations were stopped for safety.")
            return 0
        app.print("Conversations stopped after the help was shown (kept aside, not resumable):")
        zone = app.clock().tzinfo
        for draft in stopped:
            moment = parse_stamp(draft.get("updated"))
            when = in_zone(moment, zone).strftime("%Y-%m-%d %H:%M") if moment else "at an unknown time"
            app.print(f"  {str(draft['id'])[:8]}  {draft.get('playbook')}  stopped {when}")
        app.print("Delete one with `coach forget ID`.")
        return 0
    _, draft_id = one_match(args.draft_id, ((draft, draft.get("id")) for draft in drafts),
                            "unfinished or stopped conversation", "conversations", "coach forget")
    app.store.delete_draft(draft_id)
    app.print("Deleted. Nothing of that conversation is kept.")
    return 0
