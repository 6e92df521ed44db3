"""The layout's promises: stages import in one direction (no cycles, none hidden in functions),
no function over 60 lines, each module says its job on its first line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import toponorm

PACKAGE = Path(toponorm.__file__).resolve().parent
MODULES = sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Modules of the package this file imports, anywhere in it (inside functions too)."""
    me = _name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            target = f"{base}.{node.module}" if node.level and node.module else (
                base if node.level else node.module or "")
            for alias in node.names:
                out.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in NAMES
                        else target)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m in NAMES and m != me}


NAMES = {_name(p) for p in MODULES}


def test_no_import_cycles():
    graph = {_name(p): _imports(p) for p in MODULES}
    # the package's own __init__ re-exports everything and may import any stage
    graph = {m: {d for d in deps if d != "toponorm"} for m, deps in graph.items()}
    done: set[str] = set()

    def visit(m: str, path: list[str]) -> None:
        if m in path:
            pytest.fail("import cycle: " + " -> ".join([*path[path.index(m):], m]))
        if m in done:
            return
        for d in sorted(graph.get(m, ())):
            visit(d, [*path, m])
        done.add(m)

    for m in sorted(graph):
        visit(m, [])


def test_the_stages_import_in_one_direction():
    # store knows no matching, matching knows no text, and nothing below the API knows it
    order = ["query", "store", "match", "text"]
    for path in MODULES:
        me = _name(path).split(".")
        if len(me) < 3 or me[1] not in order:
            continue
        for dep in _imports(path):
            parts = dep.split(".")
            assert parts[1] != "api", (path, dep)
            if len(parts) > 2 and parts[1] in order:
                assert order.index(parts[1]) <= order.index(me[1]) or (
                    me[1] == "query" and parts[1] == "store" and parts[2] == "schema"), \
                    (path, dep)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_functions_are_short_and_modules_say_their_job(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc and doc.strip(), f"{path.name} has no docstring"
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            assert length <= 60, f"{path.name}: {node.name} has {length} lines"


def test_importing_toponorm_leaves_the_text_stage_unloaded() -> None:
    # a caller that only resolves names should not pay for the text filter's start-up
    import subprocess
    import sys
    code = ("import sys, toponorm; toponorm.resolve('Kyiv');"
            "print('toponorm.text.filter' in sys.modules);"
            "print(toponorm.TextFilter.__module__, 'toponorm.text.filter' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "False"
    assert out[1] == "toponorm.text.filter True"


def test_unknown_attribute_of_the_package_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Textfilter'"):
        toponorm.Textfilter  # noqa: B018
