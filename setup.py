"""Builds cleaner's hot modules to C with mypyc when it can; they run as plain Python if not.

`pip install .` compiles them (about 35 s here; it needs a C compiler and Python's headers)
and is about 1.2x faster. Set CLEANER_COMPILE=0 to skip it. An editable install (`pip
install -e .`) is never compiled: a compiled module is imported instead of its source, so
edits to the source would silently do nothing. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

# Each stage and what it runs on: where the time of a corpus run goes. Every stage module
# is compiled: a stage class left interpreted could not derive from the compiled Stage.
COMPILED = [
    "cleaner/document.py",
    "cleaner/wordlist.py",
    "cleaner/phrases.py",
    "cleaner/pipeline.py",
    "cleaner/tokens.py",
    *sorted(str(path) for path in Path("cleaner/stages").glob("[!_]*.py")),
]


class OptionalBuildExt(build_ext):
    """A failed compilation leaves the plain Python modules, with a warning, not a failed
    install."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # a missing compiler or header fails in many ways
            for output in self.get_outputs():
                if os.path.exists(output):
                    os.remove(output)
            warnings.warn(f"cleaner: not compiled, runs as plain Python ({exc})", stacklevel=1)


def extensions() -> list[Any]:
    # The wheel of `pip install .` is made by bdist_wheel; metadata, sdist and editable
    # builds run setup.py with other commands and need no compiling.
    if os.environ.get("CLEANER_COMPILE", "1") == "0" or "bdist_wheel" not in sys.argv:
        return []
    # pyproject.toml's strict mypy settings need the dependencies' types, which are not
    # installed yet where pip builds (a fresh pre-commit environment): mypyc compiles
    # by the annotations alone, so it reads no config file and takes unknown modules as
    # untyped. mypy itself checks the code strictly in CI.
    options = ["--config-file=", "--ignore-missing-imports"]
    try:
        from mypyc.build import mypycify

        return list(mypycify([*options, *COMPILED], opt_level="3", group_name="cleaner"))
    except (Exception, SystemExit) as exc:  # mypy reports type errors by exiting
        warnings.warn(f"cleaner: not compiled, runs as plain Python ({exc!r})", stacklevel=1)
        return []


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
