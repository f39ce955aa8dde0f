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

from cleaner.bigrams import FUNCTION_ZIPF, Token, zipf
from cleaner.suggestion import Suggestion, recase
from cleaner.trigrams import END, START, Trigrams

# The share of a swap's gain in commonness alone (no context) that is taken back.
COMMONNESS = 0.5


@dataclass(frozen=True)
class Window:
    """run[start:end], the words a swap would replace, in their run."""

    run: Sequence[Token]
    start: int
    end: int


def fitted(
    window: Window, variant: Sequence[str], prior: float, why: str, trigrams: Trigrams
) -> Suggestion | None:
    """`variant` for the window's words, scored by its prior plus its fit to the context.

    The target takes a word of context, so that the rule holds where the evidence was
    found: on the side where the swap gains most, a content word first (a swap of several
    words may stand alone).
    """
    run, start, end = window.run, window.start, window.end
    words = [START, *(t.word for t in run), END]
    first, last = start + 1, end + 1  # the window in `words`
    spun = words[first:last]
    if not all(map(trigrams.known, (*spun, *variant))):
        return None
    lo = first
    while lo > 0 and first - lo < 2 and trigrams.known(words[lo - 1]):
        lo -= 1
    hi = last
    while hi < len(words) and hi - last < 2 and trigrams.known(words[hi]):
        hi += 1
    left, right = words[lo:first], words[last:hi]
    gain = trigrams.logprob([*left, *variant, *right], len(left)) - trigrams.logprob(
        [*left, *spun, *right], len(left)
    )
    common = trigrams.logprob(variant) - trigrams.logprob(spun)
    score = prior + gain - COMMONNESS * common
    sides = [
        side
        for side in (_left(window, variant, trigrams), _right(window, variant, trigrams))
        if side is not None
    ]
    if not sides:
        return None
    _, lo_at, hi_at, content = max(sides, key=lambda side: (side[3], side[0]))
    if not content and end - start > 1:
        lo_at, hi_at = start, end
    target = " ".join(t.text for t in run[lo_at:hi_at])
    replacement = " ".join(
        [
            *(t.text for t in run[lo_at:start]),
            recase(" ".join(variant), run[start].text),
            *(t.text for t in run[end:hi_at]),
        ]
    )
    before, after = _shown(words[lo:hi]), _shown([*left, *variant, *right])
    return Suggestion(
        target=target,
        replacement=replacement,
        score=score,
        evidence=f"{why}; {before!r} -> {after!r}: {gain:+.1f} in context, "
        f"{common:+.1f} in commonness (log odds)",
        forms=Counter({target: 1}),
        swap=(" ".join(spun), " ".join(variant)),
    )


def _shown(words: Sequence[str]) -> str:
    return " ".join(w for w in words if w not in (START, END))


Side = tuple[float, int, int, bool]  # gain of the pair, the target's run[lo:hi], content?


def _left(window: Window, variant: Sequence[str], trigrams: Trigrams) -> Side | None:
    run, start, end = window.run, window.start, window.end
    if start == 0 or not trigrams.known(context := run[start - 1].word):
        return None
    gain = trigrams.logprob([context, variant[0]], 1) - trigrams.logprob(
        [context, run[start].word], 1
    )
    return gain, start - 1, end, zipf(context) < FUNCTION_ZIPF


def _right(window: Window, variant: Sequence[str], trigrams: Trigrams) -> Side | None:
    run, start, end = window.run, window.start, window.end
    if end == len(run) or not trigrams.known(context := run[end].word):
        return None
    gain = trigrams.logprob([variant[-1], context], 1) - trigrams.logprob(
        [run[end - 1].word, context], 1
    )
    return gain, start, end + 1, zipf(context) < FUNCTION_ZIPF
