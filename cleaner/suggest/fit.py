"""How much better a swapped-back word fits its context than the word the spinner left.

The measure is a trigram model's log odds (cleaner/trigrams.py) of the words around the
swap, two either side, with the swap undone against as written: "the White House said" is
far likelier than "the White Home said". A commoner word is likelier anywhere, so part of
the commonness the swap gains on its own is taken back: what counts is the fit to this
context, which is what a spinner's wrong-sense synonym breaks ("was decided to work",
"are cautious of possible", "the two international locations would").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from cleaner.case import form_of, recase
from cleaner.suggest.bigrams import FUNCTION_ZIPF, Token, zipf
from cleaner.suggest.scoring import MIN_GAIN, MIN_SCORE
from cleaner.suggest.suggestion import Suggestion
from cleaner.trigrams import END, START, Trigrams

# The share of a swap's gain in commonness alone (no context) that is taken back.
COMMONNESS = 0.5


@dataclass(frozen=True)
class Window:
    """run[start:end], the words a swap would replace, in their run."""

    run: Sequence[Token]
    start: int
    end: int


class Fit:
    """The words around a window and how likely they are as written: worked out once for
    all the variants tried there."""

    def __init__(self, window: Window, trigrams: Trigrams) -> None:
        self.window, self.trigrams = window, trigrams
        words = [START, *(t.word for t in window.run), END]
        first, last = window.start + 1, window.end + 1  # the window in `words`
        self.spun = words[first:last]
        self.known = all(map(trigrams.known, self.spun))
        lo = first
        while lo > 0 and first - lo < 2 and trigrams.known(words[lo - 1]):
            lo -= 1
        hi = last
        while hi < len(words) and hi - last < 2 and trigrams.known(words[hi]):
            hi += 1
        self.left, self.right = words[lo:first], words[last:hi]
        if self.known:
            self.as_written = self._around(self.spun)
            self.alone = trigrams.logprob(self.spun)

    def _around(self, middle: Sequence[str]) -> float:
        return self.trigrams.logprob([*self.left, *middle, *self.right], len(self.left))

    def odds(self, words: Sequence[str], against: Sequence[str]) -> float | None:
        """Log odds, in the window's context, of `words` in its place against `against`;
        None where the model does not know a word of them (the window's own may be unknown:
        "the 2 shook" read as "the two shook")."""
        if not all(map(self.trigrams.known, [*words, *against])):
            return None
        return self._around(words) - self._around(against)

    def suggestion(self, variant: Sequence[str], prior: float, why: str) -> Suggestion | None:
        """`variant` for the window's words, scored by its prior plus its fit to the
        context; None below MIN_SCORE, or where the context favours it less than MIN_GAIN.

        The target takes a word of context, so that the rule holds where the evidence was
        found: on the side where the swap gains most, a content word first (a swap of
        several words may stand alone).
        """
        if not self.known or not all(map(self.trigrams.known, variant)):
            return None
        gain = self._around(variant) - self.as_written
        if gain < MIN_GAIN:
            return None
        common = self.trigrams.logprob(variant) - self.alone
        score = prior + gain - COMMONNESS * common
        if score < MIN_SCORE:
            return None
        run, start, end = self.window.run, self.window.start, self.window.end
        sides = [
            side
            for side in (
                _left(self.window, variant, self.trigrams),
                _right(self.window, variant, self.trigrams),
            )
            if side is not None
        ]
        if not sides:
            return None
        best = max(sides, key=lambda side: (side.content, side.gain))
        lo_at, hi_at = (best.lo, best.hi) if best.content or end - start == 1 else (start, end)
        target = " ".join(t.text for t in run[lo_at:hi_at])
        replacement = " ".join(
            [
                *(t.text for t in run[lo_at:start]),
                recase(" ".join(variant), form_of(run[start].text)),
                *(t.text for t in run[end:hi_at]),
            ]
        )
        before = _shown([*self.left, *self.spun, *self.right])
        after = _shown([*self.left, *variant, *self.right])
        return Suggestion(
            target=target,
            replacement=replacement,
            score=score,
            evidence=f"{why}; {before!r} -> {after!r}: {gain:+.1f} in context, "
            f"{common:+.1f} in commonness (log odds)",
            forms=Counter({target: 1}),
            swap=(" ".join(self.spun), " ".join(variant)),
        )


def _shown(words: Sequence[str]) -> str:
    return " ".join(w for w in words if w not in (START, END))


class _Side(NamedTuple):
    """A word of context a target may take, and what the swap gains beside it."""

    gain: float
    lo: int  # the target would be run[lo:hi]
    hi: int
    content: bool


def _left(window: Window, variant: Sequence[str], trigrams: Trigrams) -> _Side | None:
    run, start, end = window.run, window.start, window.end
    if start == 0 or not trigrams.known(context := run[start - 1].word):
        return None
    gain = trigrams.logprob([context, variant[0]], 1) - trigrams.logprob(
        [context, run[start].word], 1
    )
    return _Side(gain, start - 1, end, zipf(context) < FUNCTION_ZIPF)


def _right(window: Window, variant: Sequence[str], trigrams: Trigrams) -> _Side | None:
    run, start, end = window.run, window.start, window.end
    if end == len(run) or not trigrams.known(context := run[end].word):
        return None
    gain = trigrams.logprob([variant[-1], context], 1) - trigrams.logprob(
        [run[end - 1].word, context], 1
    )
    return _Side(gain, start, end + 1, zipf(context) < FUNCTION_ZIPF)
