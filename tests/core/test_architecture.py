"""The package's rooms, as its imports draw them: no circle, and the cleaning core never
reaching into the suggest wing (an optional extra), the shards, the engines (adapters over
optional extras) or the command line above it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "cleaner"
# Built on the core: the batch side, the shards, the engines, the reports, the command line
# and the suggest wing. Nothing in the core may import them.
ABOVE = (
    "cleaner.batch",
    "cleaner.cli",
    "cleaner.engines",
    "cleaner.reports",
    "cleaner.shards",
    "cleaner.suggest",
)
# The extras' libraries, which the library face must never load.
HEAVY = ("pyarrow", "ray", "fastwarc", "pandas")


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
        # From outside a package, importing one of its modules runs the package's face
        # first (cleaner.batch.files runs cleaner/batch/__init__.py): that is imported too.
        faces = {m.rsplit(".", k)[0] for m in found for k in range(1, m.count("."))}
        found |= {face for face in faces if not f"{name}.".startswith(f"{face}.")}
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


def test_the_library_face_loads_no_extra() -> None:
    """`import cleaner` and cleaning a text load neither pyarrow nor Ray, nor fastwarc,
    whether or not they are installed; nor does the command's start, for a plain file."""
    probe = (
        "import sys, cleaner; cleaner.clean('A text.\\n');"
        "import cleaner.cli.main, cleaner.batch.runner, cleaner.shards;"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"


def test_the_command_cleaning_a_plain_file_loads_no_shard_format(tmp_path: Path) -> None:
    """The shard formats (their rows, stores, readers and writers) and shutil (with bz2 and
    lzma, which argparse would import to size its help) cost a one-file run's start and
    serve it nothing: cleaner.shards.names holds what the batch side asks. Run twice: a
    first run may write the caches, through tempfile, which imports shutil."""
    probe = (
        "import sys\n"
        "from cleaner.cli import main\n"
        f"code = main(['clean', 'seeds/000_c8d8a61c1fb48c9d.txt', '-o', {str(tmp_path)!r}])\n"
        "unused = ('cleaner.shards.formats', 'cleaner.shards.rows', 'cleaner.shards.store',"
        " 'cleaner.shards.pieces', 'shutil', 'bz2', 'lzma')\n"
        "print(code, [m for m in unused if m in sys.modules])\n"
    )
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
        )
    assert done.stdout == "0 []\n", done.stderr
    assert (tmp_path / "000_c8d8a61c1fb48c9d.txt").is_file()
