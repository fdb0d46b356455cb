"""Which saved drafts can be resumed here and now, and how to describe one to the rep."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Mapping
from datetime import tzinfo
from typing import Any

from coach.store.stamps import in_zone, parse_stamp


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it just belongs to someone else
    except OSError:
        return False
    return True


def host_name() -> str:
    """This machine's name, stored with a draft so only this machine judges whether it is in use."""
    return socket.gethostname()


def in_use(draft: Mapping[str, Any]) -> bool:
    """Whether another coach process on this machine is still running this draft.

    Two terminals each keep their own draft; a draft is only offered for resuming once the
    process that wrote it has ended (Ctrl-C, a closed window, a crash).
    """
    pid = draft.get("pid")
    if not isinstance(pid, int) or pid == os.getpid():
        return False
    if draft.get("host") not in (None, host_name()):
        return False
    return _alive(pid)


def resumable(
    drafts: Iterable[Mapping[str, Any]], playbook_id: str | None = None
) -> list[dict[str, Any]]:
    """The drafts no running process owns, most recent first, optionally of one playbook.

    A conversation stopped after the safety help (`stopped: "safety"`) is never among them:
    offering the rep their distress back as something to resume would be unkind.
    """
    return [
        dict(draft)
        for draft in drafts
        if not in_use(draft)
        and not draft.get("stopped")
        and (playbook_id is None or draft.get("playbook") == playbook_id)
    ]


def describe(draft: Mapping[str, Any], titles: Mapping[str, str], zone: tzinfo | None = None) -> str:
    """One line about a draft: what it is, when it was left (on the clock of `zone`, the
    system's own when None), and where it stopped."""
    title = titles.get(str(draft.get("playbook")), str(draft.get("playbook")))
    left = parse_stamp(draft.get("updated"))
    when = in_zone(left, zone).strftime("%a %H:%M") if left else ""
    answered = len(draft.get("answers") or [])
    where = str(draft.get("at_question") or "").strip()
    if len(where) > 50:
        where = where[:49] + "…"
    parts = [f"{title} ({'quick, ' if draft.get('variant') == 'quick' else ''}{answered} answered"]
    parts[0] += f", left {when})" if when else ")"
    if where:
        parts.append(f'stopped at "{where}"')
    if draft.get("partial"):
        parts.append("with a half-typed answer")
    return ", ".join(parts)
