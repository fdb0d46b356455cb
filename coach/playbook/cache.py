"""A cache of the checked playbooks, so a conversation starts without re-reading every file.

Reading and checking every playbook is the slowest part of starting a debrief, yet the files
rarely change. The checked library is kept in the private data folder together with a signature
of every playbook file (name, size, modification time) and of Coach's version; any change to
either, or a cache that cannot be read, means the files are simply read again.

The cache is a pickle. That is safe here because it is only ever read from the rep's own data
folder, which nobody else can write to (mode 0700); it is never shipped or shared.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from collections.abc import Iterable
from pathlib import Path

from coach import __version__
from coach.errors import StoreError
from coach.playbook.library import Library, builtin_folder, load_library
from coach.store.storage import write_atomically

CACHE_FILE = "playbooks.cache"


def _loader_files() -> list[Path]:
    """The modules whose rules decide what a checked playbook is."""
    from coach import language, templating
    from coach.conversation import safety
    from coach.playbook import checks, library, reader, schema, steps, yamlsource
    from coach.playbook import model as playbook

    modules = (checks, library, playbook, reader, safety, schema, yamlsource)
    # Every module of the templating package counts: the whitelist, the limits and the analysis
    # all decide what a checked template is, and a module added later must not be missed.
    # The step registry says which keys each step type allows, and compiled keyword matchers hold
    # stems, so the step and language modules count the same way.
    packages = (templating, steps, language)
    package_files = [
        path
        for package in packages
        for path in sorted(Path(str(package.__file__)).parent.glob("*.py"))
    ]
    return [Path(str(module.__file__)) for module in modules] + package_files


def signature(folders: Iterable[Path]) -> str:
    """A fingerprint of every playbook file in `folders` and of the code that checks them.

    Coach's version and the loader's own files count too, so an upgrade, or an edit to the
    checking rules in a development checkout, never serves playbooks checked by older rules.
    """
    digest = hashlib.sha256(__version__.encode())
    for path in _loader_files():
        status = path.stat()
        digest.update(f"{path}\0{status.st_mtime_ns}\0{status.st_size}\0".encode())
    for folder in folders:
        digest.update(str(folder).encode() + b"\0")
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix in (".yaml", ".yml") and path.is_file():
                status = path.stat()
                digest.update(f"{path.name}\0{status.st_mtime_ns}\0{status.st_size}\0".encode())
    return digest.hexdigest()


def cached_library(user_folder: Path, cache_folder: Path) -> Library:
    """The built-in and user playbooks, from the cache when no file has changed since."""
    expected = signature([builtin_folder(), user_folder])
    cache = cache_folder / CACHE_FILE
    try:
        stored, library = pickle.loads(cache.read_bytes())
        if stored == expected and isinstance(library, Library):
            return library
    except Exception:
        pass  # a missing, old or damaged cache is rebuilt, never fatal
    library = load_library(user_folder)
    # Without a cache the next start is only slower, so failing to write one is not an error.
    with contextlib.suppress(OSError, StoreError, pickle.PicklingError):
        data = pickle.dumps((expected, library), pickle.HIGHEST_PROTOCOL)
        write_atomically(cache, data, sync=False)
    return library
