"""How much likelier a sentence is with a spinner's swap undone than as written.

The margin of a swap at a place is the trigram model's log odds (cleaner/trigrams.py), in
nats, of the words from the swap to two words after it, with the original in place against
the words as written, given the two words before: "the White House said" is far likelier
than "the White Home said". The context stops at the sentence's end and at a word the model
does not know; a place whose own words it does not know has no margin (None). A number in
the context is read aloud, as the model knows numbers (cleaner/numbers.py).
"""

from __future__ import annotations

import re

from cleaner.numbers import NUMBER, read
from cleaner.phrases import Match, folded
from cleaner.trigrams import END, START, Trigrams

CONTEXT = 2  # words either side: the model sees two words back
# Where a sentence (or a line, a clause set off by a colon or semicolon) ends.
# A decimal point is none.
_BOUNDARY = re.compile(r"\.(?!\d)|[!?;:\n]")
_LOOK = 48  # characters looked at either side for the context words
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def margin(text: str, match: Match, trigrams: Trigrams) -> float | None:
    """The margin of `match`'s replacement over its words as written (see above)."""
    written, original = folded(match.text), folded(match.replacement)
    known = trigrams.known
    if not all(map(known, written)) or not all(map(known, original)):
        return None
    left = _side(text[max(0, match.start - _LOOK) : match.start], before=True)
    right = _side(text[match.end : match.end + _LOOK], before=False)
    lo = len(left)
    while lo > 0 and len(left) - lo < CONTEXT and known(left[lo - 1]):
        lo -= 1
    context_left = left[lo:]
    if lo == 0 and len(left) < CONTEXT:
        context_left = [START, *context_left] if _ends_sentence(text, match.start) else context_left
    hi = 0
    while hi < len(right) and hi < CONTEXT and known(right[hi]):
        hi += 1
    context_right = right[:hi]
    if hi == len(right) and hi < CONTEXT and _starts_boundary(text, match.end):
        context_right = [*context_right, END]
    n = len(context_left)
    undone = trigrams.logprob([*context_left, *original, *context_right], n)
    as_written = trigrams.logprob([*context_left, *written, *context_right], n)
    return undone - as_written


def _side(chunk: str, before: bool) -> list[str]:
    """The words of `chunk` on the match's side of the nearest sentence boundary, folded
    as the model spells them."""
    chunk = NUMBER.sub(read, chunk)
    if before:
        found = list(_BOUNDARY.finditer(chunk))
        if found:
            chunk = chunk[found[-1].end() :]
    else:
        first = _BOUNDARY.search(chunk)
        if first:
            chunk = chunk[: first.start()]
    return _WORD.findall(chunk.lower().replace("’", "'"))


def _ends_sentence(text: str, start: int) -> bool:
    """Whether the words before `start`, back to a boundary or the text's start, are all
    there is of the sentence (so the model may be told it starts here)."""
    chunk = text[max(0, start - _LOOK) : start]
    return start <= _LOOK or _BOUNDARY.search(chunk) is not None


def _starts_boundary(text: str, end: int) -> bool:
    """Whether a boundary (or the text's end) comes within reach after `end`."""
    chunk = text[end : end + _LOOK]
    return end + _LOOK >= len(text) or _BOUNDARY.search(chunk) is not None
