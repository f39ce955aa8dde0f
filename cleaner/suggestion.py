"""A candidate spin rule and the evidence for it: what `cleaner suggest` prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


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

    @property
    def rule(self) -> str:
        return f"{self.target} -> {self.replacement}"


def recase(word: str, like: str) -> str:
    """The replacement in the case of the word it replaces."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
