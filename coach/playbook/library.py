"""Finding and loading playbooks: the built-ins, the rep's own folder, and files named directly."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from coach.errors import CoachError, Diagnostic, PlaybookError
from coach.permissions import ensure_playbooks_trusted
from coach.playbook.checks import check_library
from coach.playbook.model import Playbook
from coach.playbook.reader import did_you_mean
from coach.playbook.schema import read_playbook
from coach.playbook.yamlsource import MAX_BYTES, parse_document

BUILT_IN = "built-in"
USER = "user"
FILE = "file"


def builtin_folder() -> Path:
    """Where the built-in playbooks are: inside the installed package, or the source checkout."""
    # The package's own folder, as importlib.resources.files("coach") gives it for an installed
    # package, without importing importlib.resources (and zipfile) at every start.
    packaged = Path(__file__).parent.parent / "playbooks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "playbooks"


@dataclass
class Library:
    """Every usable playbook by id, plus the problems of the files that could not be used."""

    playbooks: dict[str, Playbook] = field(default_factory=dict)
    problems: dict[str, list[Diagnostic]] = field(default_factory=dict)

    def get(self, playbook_id: str) -> Playbook:
        """The playbook with this id, or a CoachError that names the known ones."""
        if playbook_id in self.playbooks:
            return self.playbooks[playbook_id]
        broken = [path for path, found in self.problems.items() if Path(path).stem == playbook_id]
        if broken:
            raise PlaybookError(self.problems[broken[0]])
        known = sorted(self.playbooks)
        raise CoachError(
            f"No playbook '{playbook_id}'. {did_you_mean(playbook_id, known).capitalize()}"
            " (see `coach playbooks list`)."
        )


def _display(path: Path, origin: str) -> str:
    return f"<built-in>/{path.name}" if origin == BUILT_IN else str(path)


def read_file(path: Path, origin: str) -> tuple[Playbook | None, list[Diagnostic]]:
    """Read and check one playbook file on its own (no cross-playbook checks)."""
    shown = _display(path, origin)
    try:
        # Read one byte past the cap, never the whole file: a huge file is refused, not loaded.
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return None, [
                Diagnostic(
                    shown,
                    1,
                    1,
                    f"the file is larger than {MAX_BYTES // 1024} KiB",
                    "split it into smaller playbooks",
                )
            ]
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [
            Diagnostic(
                shown, 1, 1, f"the file is not UTF-8 text ({error.reason})", "save it as UTF-8"
            )
        ]
    except OSError as error:
        return None, [Diagnostic(shown, 1, 1, f"cannot read the file: {error.strerror}")]
    return read_text(text, shown, origin)


def read_text(text: str, shown: str, origin: str) -> tuple[Playbook | None, list[Diagnostic]]:
    """Read and check one playbook's YAML text on its own (no cross-playbook checks)."""
    try:
        root, problems = parse_document(text, shown)
    except PlaybookError as error:
        return None, error.diagnostics
    playbook, more = read_playbook(root, shown, origin)
    problems += more
    return playbook, problems


def playbook_from_text(
    text: str, path: str = "<text>", others: Mapping[str, Playbook] | None = None
) -> Playbook:
    """Load one playbook from YAML text, checked against `others` (the playbooks it may include).

    This is the whole loader in one call: it returns a playbook that is safe to run, or raises
    PlaybookError listing every problem found.
    """
    playbook, problems = read_text(text, path, FILE)
    if playbook is not None:
        library = {**(others or {}), playbook.id: playbook}
        problems += [p for p in check_library(library)[playbook.id] if p not in problems]
    if problems or playbook is None:
        raise PlaybookError(problems)
    return playbook


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_library(user_folder: Path | None = None, extra_files: Iterable[Path] = ()) -> Library:
    """Load the built-ins, then the rep's folder (overriding by id), then any files named.

    A file with problems is left out and its problems kept, so one broken playbook never stops
    the others from working.
    """
    library = Library()
    sources = [(path, BUILT_IN) for path in _files(builtin_folder())]
    if user_folder is not None:
        # The rep's playbooks decide what Coach asks and says: refused if others could edit them.
        ensure_playbooks_trusted(user_folder)
        sources += [(path, USER) for path in _files(user_folder)]
    sources += [(Path(path), FILE) for path in extra_files]
    broken: list[Playbook] = []
    replaced: dict[str, list[Playbook]] = {}
    for path, origin in sources:
        playbook, problems = read_file(path, origin)
        if problems:
            library.problems[_display(path, origin)] = problems
            if playbook is not None:
                broken.append(playbook)
            continue
        if playbook is None:
            continue
        earlier = library.playbooks.get(playbook.id)
        if earlier is not None and earlier.origin == origin:
            library.problems[playbook.path] = [
                Diagnostic(
                    playbook.path,
                    1,
                    1,
                    f"the id '{playbook.id}' is already used by {earlier.path}",
                    "give one of them another id",
                )
            ]
            continue
        if earlier is not None:
            playbook = replace(playbook, overrides=earlier.path)
            replaced.setdefault(playbook.id, []).append(earlier)
        library.playbooks[playbook.id] = playbook
    _drop_broken(library, replaced)
    # Files that already had problems are still checked against the good ones, so a single
    # run of `coach playbooks validate` reports everything wrong with them.
    for playbook in broken:
        found = check_library({**library.playbooks, playbook.id: playbook})[playbook.id]
        library.problems[playbook.path].extend(
            p for p in found if p not in library.problems[playbook.path]
        )
    return library


def _drop_broken(library: Library, replaced: dict[str, list[Playbook]]) -> None:
    """Run the cross-playbook checks, dropping failures until what is left is consistent.

    A broken override is dropped first, on its own, and the playbook it replaced comes back:
    the flows that include it may only look broken because of it, and must not be lost with it.
    """
    while True:
        found = check_library(library.playbooks)
        broken = {pid: problems for pid, problems in found.items() if problems}
        if not broken:
            return
        overrides = {pid: problems for pid, problems in broken.items() if replaced.get(pid)}
        for playbook_id, problems in (overrides or broken).items():
            playbook = library.playbooks.pop(playbook_id)
            # A file named on the command line that is also in the rep's folder is dropped
            # twice (as the override, then as the playbook it replaced): report it once.
            known = library.problems.setdefault(playbook.path, [])
            known.extend(problem for problem in problems if problem not in known)
            if replaced.get(playbook_id):
                library.playbooks[playbook_id] = replaced[playbook_id].pop()
