"""Word edits between two versions of a text, and how many of the edits wanted were made:
what the spin benches score repair by (bench/suggest_heldout.py, bench/spin.py)."""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable, Sequence

from cleaner.phrases import folded

# The words start:end of a text made into these words (none: removed).
Edit = tuple[int, int, tuple[str, ...]]


def word_edits(before: str, after: str) -> set[Edit]:
    """The words of `before` that `after` changes, as (start, end, new words)."""
    a, b = folded(before), folded(after)
    found: set[Edit] = set()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "replace" and i2 - i1 == j2 - j1:
            # Word for word, each its own edit: difflib joins neighbours ("Workplace
            # stated" -> "Office said"), and one of two right swaps would count as wrong.
            pairs = zip(range(i1, i2), b[j1:j2], strict=True)
            found.update((i, i + 1, (w,)) for i, w in pairs if a[i] != w)
        elif op != "equal":
            found.add((i1, i2, tuple(b[j1:j2])))
    return found


def edits_at(text: str, start: int, before: str, after: str) -> set[Edit]:
    """The edits of the words of `text` that make `before`, which stands at `start`, into
    `after`."""
    at = len(folded(text[:start]))
    return {(at + i, at + j, words) for i, j, words in word_edits(before, after)}


def word_errors(reference: Sequence[str], words: Sequence[str]) -> int:
    """Words of `reference` that `words` replace or remove, plus those it inserts."""
    matcher = difflib.SequenceMatcher(None, reference, words, autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def matched(
    words: Sequence[str], wanted: set[Edit], made: set[Edit]
) -> tuple[set[Edit], set[Edit]]:
    """The `wanted` edits of `words` that the `made` ones undo, and the made ones that are
    right.

    An edit made is right when it is wanted. The two sets may also cut one change
    differently: one edit "Home go to" -> "House visit" where the other has two, "Home" ->
    "House" and "go to" -> "visit". An edit that makes the words it covers into what the
    edits of the other set inside it make them counts, with those edits.
    """
    undone, right = wanted & made, wanted & made
    for edits, others, hits, their_hits in (
        (made, wanted, right, undone),
        (wanted, made, undone, right),
    ):
        for edit in edits - others:
            start, end, new = edit
            inside = {e for e in others if start <= e[0] and e[1] <= end}
            if inside and _applied(words, inside, start, end) == list(new):
                hits.add(edit)
                their_hits |= inside
    return undone, right


def _applied(words: Sequence[str], edits: set[Edit], start: int, end: int) -> list[str]:
    """words[start:end] with `edits` (which lie there, none overlapping) made."""
    out: list[str] = []
    at = start
    for i1, i2, new in sorted(edits):
        out += [*words[at:i1], *new]
        at = i2
    return out + list(words[at:end])


def effects(reference: Sequence[str], words: Sequence[str], edits: Iterable[Edit]) -> list[int]:
    """What each of `edits` of `words`, made alone, does to the word errors against
    `reference`: negative when it brings the words closer, positive when further away.

    Each is weighed between the nearest runs of two or more words that `words` and
    `reference` share either side of it: the whole texts' alignment shifts when one word
    changes, and an edit's effect would be lost in it (or, where a stretch is rewritten
    around it, credited wrongly, as `matched` does when an edit makes only part of a
    longer change: "local weather" -> "climate" inside "local weather pledges we're" ->
    "climate pledges we are")."""
    blocks = [
        b
        for b in difflib.SequenceMatcher(a=words, b=reference, autojunk=False).get_matching_blocks()
        if b.size >= 2
    ]
    ends = [b.a + b.size for b in blocks]
    starts = [b.a for b in blocks]
    found = []
    for start, end, new in edits:
        left = bisect.bisect_right(ends, start) - 1
        right = bisect.bisect_left(starts, end)
        a0, b0 = (ends[left], blocks[left].b + blocks[left].size) if left >= 0 else (0, 0)
        a1, b1 = (starts[right], blocks[right].b) if right < len(blocks) else (len(words), None)
        there = reference[b0:b1]
        after = [*words[a0:start], *new, *words[end:a1]]
        found.append(word_errors(there, after) - word_errors(there, words[a0:a1]))
    return found
