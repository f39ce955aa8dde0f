"""dedupe: remove paragraphs repeated inside one document; the first one stays.

A paragraph is a non-blank line. Repeats are found exactly (after folding case, spacing and
punctuation) and nearly (the share of shared word trigrams, Jaccard, at or above
`similarity`). Only an accidental copy goes, a paragraph of prose pasted twice (a lede, a
block repeated whole): short lines, questions, list items, table rows and lines of figures
recur as structure in good articles (the question put to each interviewee, a recipe line
in each meal plan, a chorus), and code is never touched. A line that is the title said
twice or more (the usual trace of an image's alt text) is a repeat of the title.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator

from cleaner.document import Document, remove_lines
from cleaner.options import DedupeOptions
from cleaner.pipeline import Stage
from cleaner.ruleset import RuleSet
from cleaner.structure import code_lines, is_prose
from cleaner.tokens import Words

LONG = 7  # letters: a word this long is rare enough to tell paragraphs apart
MIN_WORDS = 8
PROSE_WORDS = 15  # a paragraph this long, of sentences, is not repeated by design
SKETCH = 4
# A value filed under this many paragraphs is as common as a stopword: it finds nothing but
# work (every paragraph of a long, plain-vocabulary file would meet every other one).
BUCKET = 16


def _shingles(words: list[str]) -> set[tuple[str, str, str]]:
    return set(zip(words, words[1:], words[2:], strict=False))


def _bottom(words: Iterable[str]) -> set[int]:
    return set(sorted(set(map(zlib.crc32, map(str.encode, words))))[:SKETCH])


def _sketch(distinct: set[str]) -> set[int]:
    """The SKETCH smallest hashes of the long words of a paragraph, given as its set of
    words (a bottom-k min-hash).

    Paragraphs sharing most of their words share one of these values, so only paragraphs
    with a common value are compared: linear time, not quadratic. Short words are left
    out because nearly every paragraph has them; a paragraph with few long words is also
    filed under its smallest hashes over all its words, so it can still meet its repeat.
    crc32, unlike hash(), is the same in every process, which keeps the output
    deterministic.
    """
    long_words = {word for word in distinct if len(word) >= LONG}
    sketch = _bottom(long_words)
    if len(long_words) < SKETCH:
        sketch |= _bottom(distinct)
    return sketch


def _shingle_count(words: list[str], distinct: set[str]) -> tuple[int, int]:
    """Bounds on the number of distinct shingles of `words`: at least one begins at the
    first use of each distinct word but the last two positions', at most one per position."""
    return len(distinct) - 2, len(words) - 2


def _line_sets(doc_words: Words) -> Iterator[set[str] | None]:
    """The distinct words of each line of MIN_WORDS words or more; None for shorter lines."""
    return (set(words) if len(words) >= MIN_WORDS else None for words in doc_words.lines())


def _shared_words(sets: Iterable[set[str] | None]) -> set[str]:
    """The words that stand in two or more of `sets`."""
    once: set[str] = set()
    twice: set[str] = set()
    for distinct in sets:
        if distinct is not None:
            twice |= distinct & once
            once |= distinct
    return twice


def _is_title_repeated(words: list[str], title: list[str]) -> bool:
    """`words` is `title` said two or more times over."""
    n = len(title)
    return (
        n > 0 and len(words) >= 2 * n and len(words) % n == 0 and words == title * (len(words) // n)
    )


def _may_be_copy(line: str, words: list[str]) -> bool:
    """Whether `line`, if it repeats another, is an accidental copy: prose of PROSE_WORDS
    or more. Shorter lines, questions, list items, table rows and lines of figures recur
    as structure: the question put to each interviewee, a recipe's line in each meal plan,
    a chorus."""
    return len(words) >= PROSE_WORDS and is_prose(line)


class Dedupe(Stage):
    name = "dedupe"

    def __init__(self, rules: RuleSet, options: DedupeOptions | None = None) -> None:
        super().__init__(rules)
        self.options = options or DedupeOptions()

    def run(self, doc: Document) -> None:
        doc_words = doc.words()
        title = next((words for words in doc_words.lines() if words), [])
        # Both passes read each line's set of words: kept for a short text, whose words are
        # held anyway, and made again for a long one, whose sets must never all be held.
        sets: Iterable[set[str] | None]
        if doc_words.held:
            sets = list(_line_sets(doc_words))
            shared = _shared_words(sets)
        else:
            shared = _shared_words(_line_sets(doc_words))
            sets = _line_sets(doc_words)
        seen: set[str] = set()
        kept: list[int] = []  # indexes of the paragraphs kept so far
        sizes: list[tuple[int, int]] = []  # and bounds on their numbers of shingles
        shingles: dict[int, set[tuple[str, str, str]]] = {}
        by_sketch: dict[int, list[int]] = defaultdict(list)
        removed: dict[int, str] = {}
        lines = doc.text.split("\n")
        code = code_lines(lines)
        for index, (words, distinct) in enumerate(zip(doc_words.lines(), sets, strict=True)):
            if index and _is_title_repeated(words, title):
                removed[index] = "dedupe:title-repeat"
                continue
            if distinct is None or index in code:
                continue
            copy = _may_be_copy(lines[index], words)
            key = " ".join(words)
            if key in seen:
                if copy:
                    removed[index] = "dedupe:exact"
                continue
            seen.add(key)
            if not self._may_be_repeated(words, distinct, shared):
                continue  # most paragraphs: no sketch to make, nothing to file
            sketch = _sketch(distinct)
            buckets = [by_sketch.get(value, []) for value in sketch]
            size = _shingle_count(words, distinct)
            candidates = [
                other
                for other in sorted({other for b in buckets if len(b) < BUCKET for other in b})
                if self._may_be_similar(size, sizes[other])
            ]
            if candidates:
                mine = _shingles(words)
                for other in candidates:
                    if other not in shingles:
                        shingles[other] = _shingles(doc_words.line(kept[other]))
                if copy and any(self._similar(mine, shingles[other]) for other in candidates):
                    removed[index] = "dedupe:near"
                    continue
            for value in sketch:
                if len(by_sketch[value]) < BUCKET:
                    by_sketch[value].append(len(kept))
            kept.append(index)
            sizes.append(size)
        if removed:
            # casefold never adds or removes a line break, so indexes match the lines.
            remove_lines(doc, self.name, doc.text.split("\n"), removed)

    def _may_be_repeated(self, words: list[str], distinct: set[str], shared: set[str]) -> bool:
        """Whether the paragraph `words` can be near another, given the words `shared` by
        two or more paragraphs.

        If paragraphs A (n words) and B share a share t of their shingles, at most
        (1 - t)(n - 2) + 2 distinct words of A are missing from B: each missing word
        begins a shingle of A that B lacks (at its first use, unless that is in the last
        two places), and at most (1 - t)(n - 2) of A's shingles may be lacking. A's other
        words are in B too, so they are shared.
        """
        threshold = self.options.similarity
        missing = len(distinct - shared)
        return missing <= (1 - threshold) * (len(words) - 2) + 2 + 1e-9  # a hair for rounding

    def _may_be_similar(self, a: tuple[int, int], b: tuple[int, int]) -> bool:
        """Whether shingle sets of sizes within bounds `a` and `b` can reach the threshold
        (see _similar): it spares building the sets of paragraphs of unlike lengths."""
        threshold = self.options.similarity
        return a[1] >= threshold * b[0] and b[1] >= threshold * a[0]

    def _similar(self, a: set[tuple[str, str, str]], b: set[tuple[str, str, str]]) -> bool:
        """Jaccard similarity of two shingle sets at or above the threshold."""
        threshold = self.options.similarity
        small, large = sorted((len(a), len(b)))
        if not large or small < threshold * large:  # cannot reach the threshold
            return False
        common = len(a & b)
        return common / (len(a) + len(b) - common) >= threshold


STAGE = Dedupe
