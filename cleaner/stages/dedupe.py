"""dedupe: remove paragraphs repeated inside one document; the first one stays.

A paragraph is a non-blank line. Repeats are found exactly (after folding case, spacing and
punctuation) and nearly (the share of shared word trigrams, Jaccard, at or above
`similarity`). Short lines are left alone: list markers, datelines and subheads repeat in
good articles. A line that is the title said twice or more (the usual trace of an image's
alt text) is a repeat of the title.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections import defaultdict

from cleaner.document import Document
from cleaner.pipeline import Stage

_WORD = re.compile(r"[^\W_]+")
MIN_WORDS = 8
SKETCH = 4


def _shingles(words: list[str]) -> set[tuple[str, str, str]]:
    return set(zip(words, words[1:], words[2:], strict=False))


def _sketch(words: list[str]) -> list[int]:
    """The SKETCH smallest hashes of the paragraph's word pairs (a bottom-k min-hash).

    Paragraphs sharing most of their word pairs share one of these values, so only
    paragraphs with a common value are compared: linear time, not quadratic. crc32, unlike
    hash(), is the same in every process, which keeps the output deterministic.
    """
    pairs = map(" ".join, itertools.pairwise(words))
    return sorted(set(map(zlib.crc32, map(str.encode, pairs))))[:SKETCH]


def _is_title_repeated(words: list[str], title: list[str]) -> bool:
    """`words` is `title` said two or more times over."""
    n = len(title)
    return (
        n > 0 and len(words) >= 2 * n and len(words) % n == 0 and words == title * (len(words) // n)
    )


class Dedupe(Stage):
    name = "dedupe"
    options = {"similarity": 0.8}

    def run(self, doc: Document) -> None:
        lines = doc.text.split("\n")
        # casefold never adds or removes a line break, so indexes match `lines`.
        words_of = [_WORD.findall(line) for line in doc.text.casefold().split("\n")]
        title = next((words for words in words_of if words), [])
        seen: set[tuple[str, ...]] = set()
        kept: list[list[str]] = []
        shingles: dict[int, set[tuple[str, str, str]]] = {}
        by_sketch: dict[int, list[int]] = defaultdict(list)
        removed: dict[int, str] = {}
        for index, words in enumerate(words_of):
            if index and _is_title_repeated(words, title):
                removed[index] = "dedupe:title-repeat"
                continue
            if len(words) < MIN_WORDS:
                continue
            key = tuple(words)
            if key in seen:
                removed[index] = "dedupe:exact"
                continue
            seen.add(key)
            sketch = _sketch(words)
            candidates = sorted({other for value in sketch for other in by_sketch.get(value, ())})
            if candidates:
                mine = _shingles(words)
                for other in candidates:
                    if other not in shingles:
                        shingles[other] = _shingles(kept[other])
                if any(self._similar(mine, shingles[other]) for other in candidates):
                    removed[index] = "dedupe:near"
                    continue
            for value in sketch:
                by_sketch[value].append(len(kept))
            kept.append(words)
        if not removed:
            return
        for index, rule_id in sorted(removed.items()):
            doc.record(self.name, rule_id, index + 1, lines[index], None)
        doc.text = "\n".join(line for i, line in enumerate(lines) if i not in removed)

    def _similar(self, a: set[tuple[str, str, str]], b: set[tuple[str, str, str]]) -> bool:
        """Jaccard similarity of two shingle sets at or above the threshold."""
        threshold: float = self.settings["similarity"]
        small, large = sorted((len(a), len(b)))
        if not large or small < threshold * large:  # cannot reach the threshold
            return False
        common = len(a & b)
        return common / (len(a) + len(b) - common) >= threshold


STAGE = Dedupe
