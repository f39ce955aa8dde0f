"""Reading the plain-text rule format shared by every file under `rules/`.

The format is documented in rules/README.md: `#` comment lines, blank lines, `@name value`
directives and one rule a line. This module only splits a file into numbered directives and
rule lines; what a rule line means belongs to the module that loads that kind of rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cleaner.errors import RuleError
from cleaner.tokens import ALNUM_RUNS, casefold


@dataclass(frozen=True)
class Line:
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
