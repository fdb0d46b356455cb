"""The layers of coach/, read from the source: who may import what, and where I/O may happen.

Every module is parsed (nothing is imported), and every import is collected: at the top, inside
functions, under TYPE_CHECKING, and the lazy "module:function" handler names of the parser
(coach/commands/parser.py).
A failure names the module, the line and the import that broke the rule.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sample_records import reflection
from scripts import TOUGH_DEBRIEF, piped

from coach.store.store import Store

PACKAGE = Path(__file__).resolve().parent.parent / "coach"

# Where each third-party library may be imported: one module, or one subpackage (a path ending
# in "/") for the two libraries that need several modules.
THIRD_PARTY_HOME = {
    "yaml": "playbook/yamlsource.py",
    "jinja2": "templating/",
    "markupsafe": "templating/",
    "prompt_toolkit": "faces/terminal/",
    "tinydb": "store/store.py",
    "orjson": "store/jsoncodec.py",
    "filelock": "store/locking.py",
    "platformdirs": "store/paths.py",
    "snowballstemmer": "language/stemming.py",
    "tomli": "store/config.py",
    "shtab": "commands/completion.py",
    "dateparser": "language/dateparsing.py",
    "icalendar": "views/calendar.py",
    "cryptography": "store/sealing.py",
    "keyring": "commands/passphrase.py",
    "duckdb": "team/engine.py",
}

# The pure parts: answers in, answers out. They import no third-party library and touch no file,
# process, socket or terminal.
PURE = [
    "conversation/engine.py",
    "conversation/answers.py",
    "conversation/breathing.py",
    "conversation/safety.py",
    "language/matching.py",
    "language/reflect.py",
    "language/words.py",
    "language/dates.py",
    "playbook/steps/",
    "review/",
]
IO_MODULES = {"os", "pathlib", "subprocess", "socket", "shutil", "io", "tempfile", "sys",
              "glob", "fcntl", "select", "signal", "urllib", "http", "sqlite3"}
IO_CALLS = {"open", "print", "input", "exec", "eval", "__import__"}

LOWER_LAYERS = ["playbook/", "templating/", "conversation/", "store/", "review/", "views/", "team/"]

PARSER = "commands/parser.py"

RANKS = [
    # The base: the version, the message texts, the errors, file permissions, terminal-safe text.
    "__init__", "messages", "errors", "permissions", "safetext",
    # The domain, from the bottom: words, templates, the store (which owns the record schema),
    # looking back, playbooks, the conversation, and scripted playbook tests above it.
    "language", "templating", "store", "review", "playbook", "conversation", "playtesting",
    # Rendering, records in and out, the team review, the faces, the commands, the entry points.
    "views", "exchange", "team", "faces", "commands", "cli", "__main__",
]
"""Every module of coach/ belongs to one of these (its subpackage, or itself at the top), and may
import only from its own and those before it. CONTRIBUTING.md explains the order."""


@dataclass(frozen=True)
class Import:
    """One import in one module: `name` is the full dotted module it names."""

    module: str  # the importing file, relative to coach/
    line: int
    name: str

    def __str__(self) -> str:
        return f"coach/{self.module}:{self.line} imports {self.name}"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _package_of(relative: str) -> list[str]:
    parts = ["coach", *relative.removesuffix(".py").split("/")]
    return parts[:-1]  # a module's package; __init__ is its own package's module


def _imports_of(path: Path) -> Iterator[Import]:
    relative = _relative(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(relative, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # a relative import, made absolute
                base = _package_of(relative)[: len(_package_of(relative)) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            yield Import(relative, node.lineno, name)
            # `from coach import commands` names the subpackage itself.
            for alias in node.names:
                yield Import(relative, node.lineno, f"{name}.{alias.name}")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield Import(relative, node.lineno, node.args[0].value)
    if relative == PARSER:
        yield from _lazy_handlers(tree)


def _lazy_handlers(tree: ast.Module) -> Iterator[Import]:
    """The "module:function" strings the parser resolves under coach.commands when a command
    runs."""
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and node.value.count(":") == 1):
            module, function = node.value.split(":")
            if module.isidentifier() and function.isidentifier():
                yield Import(PARSER, node.lineno, f"coach.commands.{module}")


IMPORTS = [found for path in _modules() for found in _imports_of(path)]


def _top(name: str) -> str:
    return name.split(".")[0]


# Standard library in a newer supported Python, imported behind a version guard (tomli is its
# backport on 3.10), so it is not third-party whichever Python runs the suite.
NEWER_STDLIB = {"tomllib"}


def _third_party(found: Import) -> bool:
    top = _top(found.name)
    return (bool(top) and top not in sys.stdlib_module_names | NEWER_STDLIB
            and top not in {"coach", "__future__"})


def _under(module: str, places: list[str]) -> bool:
    return any(module == place or (place.endswith("/") and module.startswith(place))
               for place in places)


def test_the_scan_finds_the_imports_it_is_meant_to_judge() -> None:
    # Guards the test itself: if parsing silently found nothing, every rule below would pass.
    names = {(found.module, found.name) for found in IMPORTS}
    assert ("playbook/yamlsource.py", "yaml") in names
    assert (PARSER, "coach.commands.converse") in names  # a lazy handler string
    assert any(module.startswith("faces/terminal/") and name.startswith("prompt_toolkit")
               for module, name in names)


def test_each_third_party_library_is_imported_in_its_one_place() -> None:
    unknown = sorted({_top(found.name) for found in IMPORTS if _third_party(found)}
                     - set(THIRD_PARTY_HOME))
    assert not unknown, (f"a new third-party library {unknown}: give it one home module and "
                         "add it to THIRD_PARTY_HOME")
    misplaced = [str(found) for found in IMPORTS if _third_party(found)
                 and not _under(found.module, [THIRD_PARTY_HOME[_top(found.name)]])]
    assert not misplaced, "imported outside its one home:\n" + "\n".join(misplaced)


def test_the_pure_modules_import_no_library_and_do_no_io() -> None:
    offending = [str(found) for found in IMPORTS if _under(found.module, PURE)
                 and (_third_party(found) or _top(found.name) in IO_MODULES)]
    for path in _modules():
        if _under(_relative(path), PURE):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in IO_CALLS):
                    offending.append(f"coach/{_relative(path)}:{node.lineno} calls {node.func.id}()")
    assert not offending, "a pure module reaches outside itself:\n" + "\n".join(offending)


def _unit(module: str) -> str:
    """The rank a file (relative to coach/) or a dotted coach module belongs to."""
    parts = module.removesuffix(".py").split("/") if "/" in module or module.endswith(".py") \
        else module.split(".")[1:2]
    return parts[0] if parts and parts[0] in RANKS else "__init__"


def test_every_module_belongs_to_a_rank() -> None:
    units = {_unit(_relative(path)) for path in _modules()}
    names = {path.name.removesuffix(".py") for path in PACKAGE.iterdir()
             if (path / "__init__.py").exists() or path.suffix == ".py"}
    assert names <= set(RANKS), f"not ranked in RANKS: {sorted(names - set(RANKS))}"
    assert units <= set(RANKS)


def test_every_import_goes_down_the_rank_order() -> None:
    offending = []
    for found in IMPORTS:
        if _top(found.name) != "coach":
            continue
        importer, imported = _unit(found.module), _unit(found.name)
        if RANKS.index(imported) > RANKS.index(importer):
            offending.append(f"{found} ({importer} is below {imported})")
    assert not offending, "an import goes up the rank order:\n" + "\n".join(offending)


def test_no_two_subpackages_import_each_other() -> None:
    # Implied by the order; kept as its own check because it is the promise CONTRIBUTING makes.
    pairs = {(_unit(found.module), _unit(found.name)) for found in IMPORTS
             if _top(found.name) == "coach"}
    both = sorted({tuple(sorted(pair)) for pair in pairs
                   if pair[0] != pair[1] and pair[::-1] in pairs})
    assert not both, f"import each other: {both}"


def test_only_the_command_line_imports_the_commands() -> None:
    offending = [str(found) for found in IMPORTS
                 if _top(found.name) == "coach" and found.name.startswith("coach.commands")
                 and not _under(found.module, ["commands/", "cli.py"])]
    assert not offending, "only cli.py and coach/commands/ may import a command:\n" + "\n".join(
        offending)


def test_the_lower_layers_never_import_a_face() -> None:
    offending = [str(found) for found in IMPORTS
                 if found.name.startswith("coach.faces") and _under(found.module, LOWER_LAYERS)]
    assert not offending, "a lower layer imports a face:\n" + "\n".join(offending)


def test_the_package_is_cut_into_layers() -> None:
    top_level = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top_level) <= 8, f"coach/ has {len(top_level)} top-level modules: {top_level}"
    packages = {path.parent for path in PACKAGE.rglob("__init__.py") if path.parent != PACKAGE}
    layered = sorted(_relative(package / "x")[:-2] for package in packages
                     if len([m for m in package.glob("*.py") if m.name != "__init__.py"]) >= 2)
    assert len(layered) >= 5, f"only {layered} have two or more modules"


# What `coach history` loads: the store and the history view, never the conversation machinery.
LOADED_MODULES = """
import sys
from coach.cli import main
code = main(sys.argv[1:])
print(" ".join(sorted(sys.modules)))
sys.exit(code)
"""


@pytest.mark.parametrize("with_a_record", [False, True], ids=["empty", "one record"])
def test_coach_history_loads_neither_jinja2_nor_prompt_toolkit(
    home: Path, with_a_record: bool
) -> None:
    if with_a_record:
        Store(home).add_reflection(reflection())
    environment = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1"}
    ran = subprocess.run([sys.executable, "-c", LOADED_MODULES, "history"], capture_output=True,
                         text=True, env=environment, timeout=60, check=False)
    assert ran.returncode == 0, ran.stderr
    *printed, loaded_line = ran.stdout.splitlines()
    if with_a_record:
        assert len(printed) == 1, printed  # the one reflection's line
    loaded = set(loaded_line.split())
    assert "coach.commands.history" in loaded  # the scan below would mean nothing otherwise
    heavy = sorted(name for name in loaded
                   if _top(name) in {"jinja2", "prompt_toolkit", "yaml", "markupsafe"})
    assert not heavy, f"`coach history` loaded {heavy}"


def _modules_of_a_debrief_with_callback(home: Path, callback: str) -> set[str]:
    """The modules a piped debrief loaded when the callback date was typed as `callback`."""
    answers = [*TOUGH_DEBRIEF]
    answers[TOUGH_DEBRIEF.index("2026-12-01")] = callback
    environment = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1"}
    ran = subprocess.run([sys.executable, "-c", LOADED_MODULES, "debrief"], input=piped(answers),
                         capture_output=True, text=True, env=environment, timeout=60, check=False)
    assert ran.returncode == 0, ran.stderr
    return set(ran.stdout.splitlines()[-1].split())


def test_a_plain_debrief_with_a_callback_date_never_loads_the_date_parser(home: Path) -> None:
    # "in 3 weeks" is one of Coach's own date forms: the fallback parser (slow to load) stays out.
    loaded = _modules_of_a_debrief_with_callback(home, "in 3 weeks")
    assert "coach.language.dates" in loaded  # the callback date was read
    assert Store(home).reflections()[0]["callback"] is not None
    heavy = sorted(name for name in loaded if _top(name) in {"dateparser", "icalendar"})
    assert not heavy, heavy


def test_a_date_the_quick_forms_cannot_read_loads_the_date_parser(home: Path) -> None:
    # The other side of the test above, so that it cannot pass by never loading anything.
    assert "dateparser" in _modules_of_a_debrief_with_callback(home, "the 15th")
    assert Store(home).reflections()[0]["callback"].endswith("-15")
