"""The package's rooms, as its imports draw them: no circle, and the cleaning core never
reaching into the suggest wing (an optional extra) or the command line above it."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "cleaner"
# Built on the core: the batch side, the reports, the command line and the suggest wing.
# Nothing in the core may import them.
ABOVE = ("cleaner.batch", "cleaner.cli", "cleaner.reports", "cleaner.suggest")


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports, at any depth of
    its code (an import inside a function counts: it runs when that function does)."""
    modules = {_module(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
                found.update(n if n in modules else node.module for n in names)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_the_core_never_imports_what_stands_on_it() -> None:
    graph = _imports()
    core = [m for m in graph if not m.startswith(ABOVE) and m != "cleaner.__main__"]
    reaching = {
        (module, wing)
        for module in core
        for wing in graph[module]
        if wing.startswith(ABOVE)
    }
    assert not reaching


def test_no_import_circle() -> None:
    graph = _imports()
    # A package's face (its __init__) hands names on; an import of the package itself
    # is an import of that face, which counts like any module.
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for other in sorted(graph[module]):
            if state.get(other) == 1:
                raise AssertionError(" -> ".join([*path[path.index(other) :], other]))
            if other not in state:
                visit(other)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
