"""`coach man`: the man page, built from the parser, renders and names every command; every
command's --help ends with an example a rep could type."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_coach

from coach.commands.arguments import EXAMPLES
from coach.commands.manpage import code, commands, manual, text
from coach.commands.parser import build_parser

ALL = [("coach", build_parser(), ""), *commands(build_parser())]
"""`coach` itself and every command under it: (words, parser, help)."""


def _page(home: Path) -> str:
    result = run_coach(home, "man")
    assert result.returncode == 0, result.stderr
    return result.stdout


def _rendered(page: str, tmp_path: Path) -> str:
    """The page as man shows it (man -l, else groff), plain text; skipped if neither exists."""
    source = tmp_path / "coach.1"
    source.write_text(page, encoding="utf-8")
    environment = {**os.environ, "MANWIDTH": "100", "MAN_KEEP_FORMATTING": ""}
    if shutil.which("man"):
        command = ["man", "-l", "-P", "cat", str(source)]
    elif shutil.which("groff"):
        command = ["groff", "-man", "-Tutf8", str(source)]
    else:
        pytest.skip("neither man nor groff is installed")
    result = subprocess.run(command, capture_output=True, text=True, env=environment,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return re.sub(r".\x08", "", result.stdout)  # overstrikes, in case man kept them


def test_the_page_renders_with_every_command_and_example(home: Path, tmp_path: Path) -> None:
    shown = _rendered(_page(home), tmp_path)
    assert shown.startswith("COACH(1)") and "NAME" in shown and "SYNOPSIS" in shown
    for words, _, _ in ALL[1:]:
        assert words in shown, words
    for examples in EXAMPLES.values():
        for example in examples:
            assert example in shown, example
    assert "--since WHEN" in shown and "COACH_HOME" in shown


def test_groff_finds_nothing_to_warn_about(home: Path, tmp_path: Path) -> None:
    if shutil.which("groff") is None:
        pytest.skip("groff is not installed")
    source = tmp_path / "coach.1"
    source.write_text(_page(home), encoding="utf-8")
    result = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", str(source)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_the_roff_has_a_section_per_command() -> None:
    page = manual(build_parser(), "9.9")
    assert page.startswith('.TH COACH 1 "" "coach 9.9"')
    headings = re.findall(r'^\.SS "(.*)"$', page, re.MULTILINE)
    assert headings == [code(words) for words, _, _ in ALL[1:]]
    assert "coach playbooks new" in [heading.replace("\\-", "-") for heading in headings]
    assert "coach man" in [heading for heading in headings]


@pytest.mark.parametrize("line", [".TH injected", "'br", "back\\slash"])
def test_text_never_becomes_a_roff_request(line: str) -> None:
    written = text(line)
    assert not written.startswith((".", "'"))
    assert "\\" not in line or "\\e" in written


@pytest.mark.parametrize("words", [words for words, _, _ in ALL])
def test_every_help_ends_with_an_example(words: str) -> None:
    parser = dict((w, p) for w, p, _ in ALL)[words]
    shown = parser.format_help()
    examples = shown.split("examples:\n", 1)
    assert len(examples) == 2, f"{words} --help has no examples"
    lines = examples[1].splitlines()
    assert lines and all(line.startswith("  coach ") for line in lines)
    # Each example is a real command: its words up to the first option name this command.
    for line in lines:
        assert line.strip().startswith(words), line


def test_every_example_belongs_to_a_command() -> None:
    known = {words.removeprefix("coach").strip() for words, _, _ in ALL}
    assert set(EXAMPLES) == known


def test_examples_parse(home: Path) -> None:
    """Every example is accepted by the parser (shell redirections and pipes left out)."""
    import shlex

    parser = build_parser()
    for examples in EXAMPLES.values():
        for example in examples:
            words = shlex.split(example.split(" > ")[0].split(" | ")[0])[1:]
            assert isinstance(parser.parse_args(words), argparse.Namespace), example


def test_help_is_still_readable(home: Path) -> None:
    result = run_coach(home, "team", "report", "--help")
    assert result.returncode == 0
    assert "examples:\n  coach team report exports/ --since 30d\n" in result.stdout
    # The one-line descriptions are still wrapped to the terminal.
    assert all(len(line) <= 100 for line in result.stdout.splitlines())
