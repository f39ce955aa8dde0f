"""A candidate spin rule and the evidence for it: what `cleaner suggest` prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# The command lists a suggestion that scores this much; the weaker ones only on request.
# Held out, the share of right edits climbs with the score, and below this band most of a
# suggestion's edits are wrong: listing them would undo a little more spin for far more
# harm (bench/suggest_heldout.py: "by_score" and "all" in bench/results.json).
LISTED_SCORE = 4.0


@dataclass
class Suggestion:
    """A candidate rule `target -> replacement`, with the pair counts that speak for it."""

    target: str
    replacement: str
    score: float
    evidence: str
    occurrences: int = 1
    forms: Counter[str] = field(default_factory=Counter)  # target as written, per occurrence
    # A learned swap's words alone, folded (spun, original): one rule where it recurs.
    swap: tuple[str, str] | None = None
    # Found in a text where some suggestion scores STRONG_SCORE or more: a text with none
    # shows no strong evidence of spin, as clean copy does.
    backed: bool = True
    # Scored by wire style, not by how it fits its context (cleaner/suggest/numerals.py): a swap
    # undone beside it leaves its evidence as it was, and it backs no text by itself.
    by_style: bool = False

    @property
    def rule(self) -> str:
        return f"{self.target} -> {self.replacement}"


def listed(s: Suggestion) -> bool:
    """Whether the command lists `s` unasked: backed by strong evidence of spin in its text,
    and strong enough itself."""
    return s.backed and s.score >= LISTED_SCORE
