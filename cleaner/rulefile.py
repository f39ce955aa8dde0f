"""Reading the plain-text rule format shared by every file under `rules/`.

The format is documented in rules/README.md: `#` comment lines, blank lines, `@name value`
directives and one rule a line. This module finds the rule files in a rules folder and
digests them, and splits a file into numbered directives and rule lines; what a rule line
means belongs to the module that loads that kind of rule (cleaner.ruleset).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from cleaner.errors import RuleError
from cleaner.tokens import ALNUM_RUNS, casefold

KINDS = ("boilerplate", "protected", "words")  # the rule files beside spin/NAME.txt


def shipped_rules_dir() -> Path:
    """The rules that come with cleaner: the source tree's, else the installed package's."""
    source_tree = Path(__file__).resolve().parent.parent / "rules"
    if (source_tree / "boilerplate.txt").is_file():
        return source_tree
    return Path(__file__).resolve().parent / "rules"


def rule_files(extra: Sequence[Path] = (), shipped: bool = True) -> list[tuple[str, Path]]:
    """(kind, path) of each rule file of the shipped rules (if `shipped`) and of the
    folders `extra`, in the order they are read."""
    dirs = ([shipped_rules_dir()] if shipped else []) + [Path(d) for d in extra]
    for d in dirs:
        if not d.is_dir():
            raise RuleError(str(d), 0, "rules folder not found")
    return [kf for d in dirs for kf in _rule_files(d)]


def _rule_files(directory: Path) -> list[tuple[str, Path]]:
    """(kind, path) for each rule file in `directory`, in a fixed order."""
    for path in sorted(directory.glob("*.txt")):
        if path.stem not in KINDS:  # a rule file misnamed would otherwise be ignored
            raise RuleError(
                str(path),
                0,
                "not a rule file name: boilerplate.txt, protected.txt, words.txt or spin/NAME.txt",
            )
    files = [(k, directory / f"{k}.txt") for k in KINDS if (directory / f"{k}.txt").is_file()]
    files.extend(("spin", f) for f in sorted((directory / "spin").glob("*.txt")))
    return files


def files_digest(files: Sequence[tuple[str, Path]]) -> str:
    """The digest of rule files (as rule_files lists them), names and bytes: what a batch
    run compares to know whether its copies are stale, without reading a rule."""
    digest = hashlib.sha256()
    for _kind, path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Line:
    """One rule line of a file: where it is, its text, and its directive if any."""

    path: str
    number: int
    text: str
    directive: str | None = None  # the directive's name, when the line is `@name value`

    @property
    def origin(self) -> str:
        return f"{self.path}:{self.number}"

    def error(self, message: str) -> RuleError:
        return RuleError(self.path, self.number, message)


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RuleError(str(path), line, "not valid UTF-8 (rule files must be UTF-8)") from None


def read_lines(path: Path, directives: frozenset[str] = frozenset()) -> Iterator[Line]:
    """Yield the directive and rule lines of `path`, stripped, with their line numbers."""
    text = read_text(path).removeprefix("\ufeff")
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("@"):
            name, _, value = stripped[1:].partition(" ")
            line = Line(str(path), number, value.strip(), name)
            if name not in directives:
                known = ", ".join(f"@{d}" for d in sorted(directives)) or "none"
                raise line.error(f"unknown directive @{name} (known here: {known})")
            yield line
        else:
            yield Line(str(path), number, stripped)


def slug(text: str) -> str:
    """A stable rule id fragment: lower case, words (runs of letters and digits, as
    str.isalnum tells them) joined by hyphens."""
    return "-".join(ALNUM_RUNS.findall(casefold(text)))
