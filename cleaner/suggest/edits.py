"""A match as the words it changes, and text with such edits made: how `together` lays
suggestions that overlap side by side."""

from __future__ import annotations

import re

from cleaner.phrases import Match, fold

_NONSPACE = re.compile(r"\S+")

# Characters of a text (start, end) and what an edit puts there.
Edits = dict[tuple[int, int], str]


def match_edits(match: Match) -> Edits:
    """The words a match changes: word by word where it swaps as many as it finds."""
    found = list(_NONSPACE.finditer(match.text))
    put = match.replacement.split()
    p = 0
    while p < min(len(found), len(put)) and fold(found[p].group()) == fold(put[p]):
        p += 1
    q = 0
    while q < min(len(found), len(put)) - p and fold(found[-1 - q].group()) == fold(put[-1 - q]):
        q += 1
    old, new = found[p : len(found) - q], put[p : len(put) - q]
    at = match.start
    if len(old) == len(new):
        return {(at + w.start(), at + w.end()): n for w, n in zip(old, new, strict=True)}
    if not old:  # words put in between two kept ones
        where = at + (found[p - 1].end() if p else 0)
        return {(where, where): " " + " ".join(new)}
    return {(at + old[0].start(), at + old[-1].end()): " ".join(new)}


def apply_edits(text: str, lo: int, hi: int, edits: Edits) -> str:
    """text[lo:hi] with `edits` (all inside it) made."""
    out, last = [], lo
    for (start, end), new in sorted(edits.items()):
        out += [text[last:start], new]
        last = end
    out.append(text[last:hi])
    return "".join(out)
