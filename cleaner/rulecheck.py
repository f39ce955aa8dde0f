"""Self-checks of loaded rules beyond what loading enforces (`cleaner rules check`).

Loading already refuses malformed lines, duplicates and cycles. Here: every file sorted;
against a folder of clean reference text, no `always` spin target occurring in it, and no
`gated` target so common in it that in a spun document it would often be the writer's own
word, not the spinner's.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from cleaner.errors import SkipFile
from cleaner.phrases import PhraseMatcher, folded, word_grams
from cleaner.rulefile import read_lines
from cleaner.ruleset import RuleSet
from cleaner.stages.decode import decode_text

# A gated rule is right where the spinner wrote its target, wrong where the writer did. In
# a spun document the spinner is taken to have swapped half the replacement's uses (seed
# 004's swapped nearly every "said" and "trade"; half allows for one that swaps less, and
# errs strict); the writer's own uses come at the rate clean text shows.
# A rule whose target is the spinner's 4 times in 5 mends four places for each it breaks;
# under MIN_WRITTEN uses in clean text the count says too little to refuse it.
SPUN_SHARE = 0.5
GATED_PRECISION = 0.8
MIN_WRITTEN = 3


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


Reference = Sequence[tuple[Path, str]]  # each file of clean text and what it holds


def reference_text(folder: Path) -> list[tuple[Path, str]]:
    """Each .txt file under `folder` and its text as cleaning decodes it; a file that is not
    text (see SkipFile) holds no reference text."""
    found = []
    for path in sorted(folder.rglob("*.txt")):
        with contextlib.suppress(SkipFile):
            found.append((path, decode_text(path.read_bytes())))
    return found


def always_hits(rules: RuleSet, reference: Reference) -> list[str]:
    matcher = PhraseMatcher(r.phrase() for r in rules.spin if r.tier == "always")
    problems = []
    for path, text in reference:
        for match in matcher.finditer(text):
            origin = getattr(match.phrase.data, "origin", "?")
            problems.append(
                f"{origin}: always-tier target {match.text!r} occurs in clean text {path}"
            )
    return problems


def gated_misses(rules: RuleSet, reference: Reference) -> list[str]:
    """Gated rules whose target clean text writes so often, beside its replacement, that
    in a spun document under GATED_PRECISION of its occurrences would be the spinner's
    ("try and" for "attempt to": a rugby report's "scored a try and").

    A target is counted where the rule would apply (its case forms, longest first); a
    replacement wherever its words stand, in any case.
    """
    gated = [r for r in rules.spin if r.tier == "gated"]
    texts = [text for _, text in reference]
    matcher = PhraseMatcher(r.phrase() for r in gated)
    written = Counter(match.phrase.data for text in texts for match in matcher.finditer(text))
    seen = counts((r.replacement for r in gated), texts)
    problems = []
    for r in gated:
        own, original = written[r], seen[folded(r.replacement)]
        spun = SPUN_SHARE * original
        if own >= MIN_WRITTEN and spun < GATED_PRECISION * (spun + own):
            problems.append(
                f"{r.origin}: gated target {r.target!r} is written {own} times in clean "
                f"text beside {original} of {r.replacement!r}: in a spun document only "
                f"{spun / (spun + own):.0%} of it would be the spinner's"
            )
    return problems


def counts(phrases: Iterable[str], texts: Iterable[str]) -> Counter[tuple[str, ...]]:
    """How often each phrase's words stand in a row, each phrase counted on its own (a
    phrase inside a longer one counts too, where a matcher takes the longer)."""
    wanted = {folded(phrase) for phrase in phrases}
    lengths = sorted({len(w) for w in wanted})
    found: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        found.update(gram for gram in word_grams(text, lengths) if gram in wanted)
    return found


def check(rules: RuleSet, corpus: Path | None = None) -> list[str]:
    problems = [p for f in rules.files for p in unsorted(Path(f))]
    if corpus is not None:
        reference = reference_text(corpus)  # read once for both checks
        problems.extend(always_hits(rules, reference))
        problems.extend(gated_misses(rules, reference))
    return problems
