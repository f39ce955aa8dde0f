"""Self-checks of loaded rules beyond what loading enforces (`cleaner rules check`).

Loading already refuses malformed lines, duplicates and cycles. Here: every file sorted,
and no `always` spin target occurring in a folder of clean reference text.
"""

from __future__ import annotations

from pathlib import Path

from cleaner.phrases import PhraseMatcher
from cleaner.rulefile import read_lines
from cleaner.rules import RuleSet


def sort_key(line: str) -> str:
    """Rules sort case-insensitively by their target (the part before ' -> ')."""
    return line.partition(" -> ")[0].casefold()


def unsorted(path: Path) -> list[str]:
    problems = []
    previous = ""
    for line in read_lines(path, directives=frozenset({"tier"})):
        if line.directive:
            continue
        key = sort_key(line.text)
        if key < previous:
            problems.append(f"{line.origin}: not sorted: {line.text!r} belongs earlier")
        previous = key
    return problems


def reference_text(folder: Path) -> list[tuple[Path, str]]:
    return [(path, decode(path.read_bytes())) for path in sorted(folder.rglob("*.txt"))]


def decode(data: bytes) -> str:
    """UTF-8, else cp1252 (the corpus holds one Latin-1 file)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def always_hits(rules: RuleSet, folder: Path) -> list[str]:
    matcher = PhraseMatcher(r.phrase() for r in rules.spin if r.tier == "always")
    problems = []
    for path, text in reference_text(folder):
        for match in matcher.finditer(text):
            origin = getattr(match.phrase.data, "origin", "?")
            problems.append(
                f"{origin}: always-tier target {match.text!r} occurs in clean text {path}"
            )
    return problems


def check(rules: RuleSet, corpus: Path | None = None) -> list[str]:
    problems = [p for f in rules.files for p in unsorted(Path(f))]
    if corpus is not None:
        problems.extend(always_hits(rules, corpus))
    return problems
