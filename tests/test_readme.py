"""The README's Python examples are run as doctests, so what it shows is what toponorm does."""

from __future__ import annotations

import doctest
import os
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_examples_are_true():
    if not README.exists():
        pytest.skip("README is not next to this test run")
    result = doctest.testfile(str(README), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 10
    assert result.failed == 0


def _console_examples() -> list[tuple[str, list[str]]]:
    """($ command, expected output lines) from the README's console blocks, pip left out."""
    if not README.exists():
        return []
    examples: list[tuple[str, list[str]]] = []
    in_console = False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_console = line.strip() == "```console"
            continue
        if not in_console:
            continue
        if line.startswith("$ "):
            examples.append((line[2:], []))
        elif examples:
            examples[-1][1].append(line)
    # the install step is the test run's own; what follows it is checked like the rest
    return [(cmd.removeprefix(_INSTALL), out) for cmd, out in examples
            if not cmd.startswith("pip ") or cmd.startswith(_INSTALL)]


_INSTALL = "pip install . && "


@pytest.mark.parametrize(("command", "expected"), _console_examples())
def test_readme_console_examples_print_what_the_readme_shows(command, expected, tmp_path):
    import shutil
    import subprocess

    # the command is installed beside the interpreter that runs the tests (a venv's bin/),
    # whether or not that is on PATH; missing, it is a broken install, not a reason to skip
    bindir = str(Path(sys.executable).parent)
    path = bindir + os.pathsep + os.environ.get("PATH", "")
    assert shutil.which("toponorm", path=path), f"no toponorm command in {bindir} or on PATH"
    command = command.replace("> cleaned.txt", f"> {tmp_path / 'cleaned.txt'}")
    run = subprocess.run(["bash", "-c", command], capture_output=True, text=True,
                         cwd=README.parent, check=True, env={**os.environ, "PATH": path})
    # a console shows both streams (--stats writes to stderr)
    out = (run.stdout + run.stderr).splitlines()
    if expected and expected[-1].strip() == "...":  # the README shows the first lines only
        expected = expected[:-1]
        out = out[:len(expected)]
    assert out == expected
