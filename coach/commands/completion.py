"""`coach completion bash|zsh|fish`: a shell completion script generated from the parser.

The script completes commands and options from the parser in `coach/commands/parser.py`
(through shtab, imported only here), and the values of their arguments:

- fixed lists, written into the script itself: the kinds of effort `coach log` takes (as
  stored and dashed), the causes `history --cause` filters on, and the settings of
  `coach config set|unset` with the values each one accepts;
- the rep's own ids, by calling back `coach completion --list KIND` (playbooks, reflections,
  open callbacks), which answers without loading a playbook or writing to the data folder: it
  reads each playbook file's top-level `id:` and `title:` lines, and the newest summaries.
  Each line is an id, then a tab and what it is (a playbook's title), which zsh and fish show
  beside it. The call back happens only when Tab is pressed on such an argument, once (never
  when the shell starts: zsh gets functions, not command substitutions), and it never asks for
  a passphrase or runs the passphrase command: an encrypted folder completes no reflection or
  callback ids.
"""

from __future__ import annotations

import argparse
import re
import shlex
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.errors import UsageError

if TYPE_CHECKING:
    from coach.commands.app import App

RECENT_REFLECTIONS = 30
MAX_CALLBACKS = 100
_ID_LINE = re.compile(rb"^id:[ \t]*[\"']?([A-Za-z0-9_-]{1,64})[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)
_TITLE_LINE = re.compile(rb"^title:[ \t]*(\S[^\r\n]*)$", re.MULTILINE)
_HEAD_BYTES = 16 * 1024
_MAX_FILES = 500
_TITLE_WIDTH = 60
_WORD = re.compile(r"[A-Za-z0-9_+/.-]+")
"""A value the scripts may hold unquoted: no shell would expand anything in it."""

Items = list[tuple[str, str]]
"""Values to complete, each with what it means ('' for nothing to show)."""


def _builtin_folder() -> Path:
    # The same places as coach.playbook.library.builtin_folder, without importing the playbook
    # machinery (YAML, Jinja2), which would make every Tab press slow.
    from importlib import resources

    packaged = Path(str(resources.files("coach"))) / "playbooks"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "playbooks"


def _title(head: bytes) -> str:
    """A playbook's title from its top-level `title:` line: unquoted, one short line."""
    match = _TITLE_LINE.search(head)
    if match is None:
        return ""
    text = match.group(1).decode("utf-8", "replace").strip()
    if text[:1] in "\"'" and text.rfind(text[0]) > 0:
        text = text[1:text.rfind(text[0])]
    elif " #" in text:
        text = text.split(" #", 1)[0]
    text = " ".join(text.split())
    return text if len(text) <= _TITLE_WIDTH else text[: _TITLE_WIDTH - 3].rstrip() + "..."


def playbook_titles(folders: list[Path]) -> dict[str, str]:
    """The ids the playbook files in `folders` declare (their top-level `id:` line), each with
    its title ('' if none); a later folder's file wins, as the rep's own playbook does."""
    found: dict[str, str] = {}
    for folder in folders:
        try:
            files = sorted(path for path in folder.iterdir() if path.suffix in (".yaml", ".yml"))
        except OSError:
            continue
        for path in files[:_MAX_FILES]:
            try:
                with path.open("rb") as file:
                    head = file.read(_HEAD_BYTES)
            except OSError:
                continue
            if match := _ID_LINE.search(head):
                found[match.group(1).decode("ascii")] = _title(head)
    return dict(sorted(found.items()))


def playbook_ids(folders: list[Path]) -> list[str]:
    """The ids the playbook files in `folders` declare, read from their top-level `id:` line."""
    return list(playbook_titles(folders))


def _readable_home(app: App) -> Path | None:
    """The data folder, if there is one and it is not encrypted (so nothing asks for a
    passphrase); None otherwise. Completing never creates the folder."""
    from coach.store.encryption import folder_state

    home = app.home or _data_home()
    if not home.is_dir() or folder_state(home) is not None:
        return None
    return home


def _short(record_id: object) -> str:
    text = str(record_id or "")
    return text[:8] if re.fullmatch(r"[0-9a-f]{8,}", text) else ""


def _reflection_ids(app: App) -> Iterator[tuple[str, str]]:
    if _readable_home(app) is None:
        return
    for record in islice(app.store.each_summary(), RECENT_REFLECTIONS):
        if short := _short(record.get("id")):
            what = f"{record.get('playbook', '')} {str(record.get('finished', ''))[:10]}"
            yield short, " ".join(what.split())


def _callback_ids(app: App) -> Iterator[tuple[str, str]]:
    """The open callbacks (not done), soonest first: what `callbacks done|move` act on."""
    if _readable_home(app) is None:
        return
    from coach.review.callbacks import callback_day, prospect_of, states_of

    states = states_of(app.store.callback_states())
    found = []
    for record in app.store.each_summary():
        day = callback_day(record, states)
        if day is not None and (short := _short(record.get("id"))):
            found.append((day, short, " ".join(prospect_of(record).split())[:_TITLE_WIDTH]))
    for day, short, who in sorted(found)[:MAX_CALLBACKS]:
        yield short, f"{who}, {day.isoformat()}" if who else day.isoformat()


def _lists() -> dict[str, Items]:
    """The fixed lists the script holds: effort kinds, causes, settings and their values."""
    from coach.review.effort import NAMES
    from coach.store.config import KEYS
    from coach.store.fields import EFFORT_KINDS
    from coach.views.labels import CAUSE_NAMES

    kinds = [(kind, NAMES.get(kind, (kind,))[-1]) for kind in EFFORT_KINDS]
    kinds += [(kind.replace("_", "-"), meaning) for kind, meaning in kinds if "_" in kind]
    lists = {"kinds": kinds, "causes": list(CAUSE_NAMES.items()),
             "keys": [(key, _gist(setting.meaning)) for key, setting in KEYS.items()]}
    lists.update({f"value:{key}": [(value, key) for value in values]
                  for key, values in config_values().items()})
    return lists


def _gist(meaning: str) -> str:
    """A setting's meaning cut to its first clause, for a shell to show beside it."""
    text = re.split(r";|\(| e\.g\.", meaning)[0].strip().rstrip(",")
    return text if len(text) <= _TITLE_WIDTH else text[: _TITLE_WIDTH - 3].rstrip() + "..."


def config_values() -> dict[str, list[str]]:
    """The values each setting accepts, where they can be listed (a command cannot)."""
    from coach.store.config import KEYS
    from coach.store.countries import ISO_CODES

    values = {"country": sorted(ISO_CODES), "pager": ["true", "false"], "timezone": _zones(),
              "passphrase_keyring": ["yes", "no"]}
    return {key: listed for key, listed in values.items() if key in KEYS}


def _zones() -> list[str]:
    import zoneinfo

    try:
        zones = zoneinfo.available_timezones()
    except OSError:
        return []
    return sorted(zone for zone in zones if not zone.startswith(("posix/", "right/")))


def _words(items: Items) -> str:
    return " ".join(value for value, _ in items if _WORD.fullmatch(value))


def _quoted(items: Items, join: str = ":") -> str:
    """Each value with its meaning, quoted for zsh's _describe ('value:meaning')."""
    return " ".join(shlex.quote(f"{value}{join}{meaning}" if meaning else value)
                    for value, meaning in items if _WORD.fullmatch(value))


FIXED = ("kinds", "causes", "keys")
BASH_IDS = r'''_coach_ids() {  # $1: the list, $2: the word typed so far
  local id rest
  while IFS=$'\t' read -r id rest; do
    [[ $id == "$2"* ]] && printf '%s\n' "$id"
  done < <(coach completion --list "$1" 2>/dev/null)
}'''
ZSH_IDS = r'''_coach_ids() {  # $1: the list; each id is shown with what it is, if anything
  local -a ids shown
  local line width=0
  ids=(${(f)"$(coach completion --list $1 2>/dev/null)"})
  for line in $ids; do
    (( ${#line%%$'\t'*} > width )) && width=${#line%%$'\t'*}
  done
  for line in $ids; do
    if [[ $line == *$'\t'* ]]; then
      shown+=("${(r:width:)${line%%$'\t'*}}  -- ${line#*$'\t'}")
    else
      shown+=("$line")
    fi
  done
  ids=(${ids%%$'\t'*})
  compadd -d shown -l -a ids
}'''
LAZY = {"playbooks": "_coach_playbook_ids", "reflections": "_coach_reflection_ids",
        "callbacks": "_coach_callback_ids"}


def _bash(lists: dict[str, Items]) -> str:
    lines = ["# Coach's own lists: fixed ones here, ids by calling coach back on Tab only."]
    lines += [f'_coach_{name}() {{ compgen -W "{_words(lists[name])}" -- "$1"; }}'
              for name in FIXED]
    cases = [f'    {key[6:]}) compgen -W "{_words(items)}" -- "$1" ;;'
             for key, items in lists.items() if key.startswith("value:")]
    lines += ["_coach_values() {", '  case "${COMP_WORDS[COMP_CWORD-1]}" in', *cases,
              "  esac", "}",
              BASH_IDS]
    lines += [f'{function}() {{ _coach_ids {kind} "$1"; }}' for kind, function in LAZY.items()]
    return "\n".join(lines) + "\n"


def _zsh(lists: dict[str, Items]) -> str:
    lines = ["# Coach's own lists: fixed ones here; ids by running coach once, when Tab is",
             "# pressed on one (never when the shell starts)."]
    for name in FIXED:
        lines += [f"_coach_{name}() {{", "  local -a items",
                  f"  items=({_quoted(lists[name])})", f"  _describe -t {name} {name} items",
                  "}"]
    cases = [f"    {key[6:]}) items=({_quoted(items)}) ;;"
             for key, items in lists.items() if key.startswith("value:")]
    lines += ["_coach_values() {", "  local -a items", "  case $words[CURRENT-1] in", *cases,
              "  esac", "  _describe -t values value items", "}",
              ZSH_IDS]
    lines += [f"{function}() {{ _coach_ids {kind} }}" for kind, function in LAZY.items()]
    return "\n".join(lines) + "\n"


def _fish(lists: dict[str, Items]) -> str:
    lines = ["# Coach's own lists: fixed ones here, ids by calling coach back on Tab only."]
    for name in FIXED:
        pairs = " ".join(f"{value} {shlex.quote(meaning or value)}"
                         for value, meaning in lists[name] if _WORD.fullmatch(value))
        lines += [f"function _coach_{name}", f"  printf '%s\\t%s\\n' {pairs}", "end"]
    cases = [f"    case {key[6:]}\n      printf '%s\\t{key[6:]}\\n' {_words(items)}"
             for key, items in lists.items() if key.startswith("value:") and items]
    lines += ["function _coach_values", "  set -l typed (commandline -opc)",
              "  switch $typed[-1]", *cases, "  end", "end"]
    lines += [f"function {function}\n  coach completion --list {kind} 2>/dev/null\nend"
              for kind, function in LAZY.items()]
    return "\n".join(lines) + "\n"


def _function(name: str) -> dict[str, Any]:
    """A completer calling one of the script's own functions, in every shell."""
    return {"bash": name, "zsh": name, "fish": f"({name})"}


def _completers() -> dict[tuple[str, ...], dict[str, Any] | None]:
    """What completes each argument: keyed by (dest) or (command..., dest), the longer key
    winning; None completes nothing (`playbooks new` takes a new id)."""
    import shtab

    playbooks, reflections = _function(LAZY["playbooks"]), _function(LAZY["reflections"])
    completers: dict[tuple[str, ...], dict[str, Any] | None] = {
        ("playbook_id",): playbooks, ("playbook",): playbooks, ("record_id",): reflections,
        ("file",): shtab.FILE, ("output",): shtab.FILE, ("html",): shtab.FILE,
        ("paths",): shtab.FILE, ("ics",): shtab.FILE,
        ("playbooks", "new", "playbook_id"): None,
        ("playbooks", "new", "to"): shtab.DIRECTORY,
        ("team", "report", "paths"): shtab.DIRECTORY,
        ("callbacks", "done", "record_id"): _function(LAZY["callbacks"]),
        ("callbacks", "move", "record_id"): _function(LAZY["callbacks"]),
        ("history", "cause"): _function("_coach_causes"),
        ("log", "words"): _function("_coach_kinds"),
        ("config", "set", "key"): _function("_coach_keys"),
        ("config", "unset", "key"): _function("_coach_keys"),
        ("config", "set", "value"): _function("_coach_values"),
    }
    return completers


def _with_completers(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The parser, with each argument's values completed (see `_completers`)."""
    completers = _completers()
    stack: list[tuple[tuple[str, ...], argparse.ArgumentParser]] = [((), parser)]
    while stack:
        path, current = stack.pop()
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                stack.extend(((*path, name), sub) for name, sub in action.choices.items())
                continue
            key = (*path, action.dest)
            if key not in completers:
                key = (action.dest,)
            if completers.get(key) is not None:
                action.complete = completers[key]  # type: ignore[attr-defined]
    return parser


def script(shell: str) -> str:
    """The completion script for `shell`: bash, zsh or fish."""
    import shtab

    from coach.commands.parser import build_parser

    preamble = {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](_lists())
    text: str = shtab.complete(_with_completers(build_parser()), shell=shell, preamble=preamble)
    return text


def completion(app: App, args: argparse.Namespace) -> int:
    """Print a completion script, or (for the script itself) the ids it completes."""
    if args.list is not None:
        listed: Iterator[tuple[str, str]]
        if args.list == "playbooks":
            folders = [_builtin_folder(), (app.home or _data_home()) / "playbooks"]
            listed = iter(playbook_titles(folders).items())
        else:
            listed = _reflection_ids(app) if args.list == "reflections" else _callback_ids(app)
        for value, meaning in listed:
            app.print(f"{value}\t{meaning}" if meaning else value)
        return 0
    if args.shell is None:
        raise UsageError("Name your shell: `coach completion bash`, `coach completion zsh` or "
                         "`coach completion fish` (the README says where to put it).")
    app.write(script(args.shell))
    return 0


def _data_home() -> Path:
    from coach.store.paths import data_home

    return data_home()
