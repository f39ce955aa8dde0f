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

import functools
import itertools
import operator
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator

from cleaner.document import Document, remove_lines
from cleaner.options import DedupeOptions
from cleaner.pipeline import Stage
from cleaner.ruleset import RuleSet
from cleaner.structure import code_lines, is_prose, may_hold_code
from cleaner.tokens import Words

LONG = 7  # letters: a word this long is rare enough to tell paragraphs apart
MIN_WORDS = 8
PROSE_WORDS = 15  # a paragraph this long, of sentences, is not repeated by design
SKETCH = 4
# A value filed under this many paragraphs is as common as a stopword: it finds nothing but
# work (every paragraph of a long, plain-vocabulary file would meet every other one).
BUCKET = 16
MASK_BITS = 512  # bits of a paragraph's mask of words (see _mask): many more than its words
# Shingle sets of kept paragraphs held for comparisons to come, at most.
HELD_SHINGLES = 1024
# A paragraph filed for comparisons (see Dedupe._filed): its line; the least and most
# shingles it can have, and the least times the threshold; the bits of its words shared
# with other paragraphs (see _mask) and the number of its other words; how many of its
# words a paragraph alike to it may lack.
Filed = tuple[int, int, int, float, int, int, float]


def _shingles(words: list[str]) -> set[tuple[str, str, str]]:
    return set(zip(words, words[1:], words[2:], strict=False))


def _bottom(words: Iterable[str]) -> set[int]:
    return set(sorted(set(map(zlib.crc32, map(str.encode, words))))[:SKETCH])


def _sketch(words: list[str], distinct: set[str]) -> set[int]:
    """The SKETCH smallest hashes of the long words of a paragraph, given as its words and
    their set (a bottom-k min-hash).

    Paragraphs sharing most of their words share one of these values, so only paragraphs
    with a common value are compared: linear time, not quadratic. Short words are left
    out because nearly every paragraph has them; a paragraph with few long words is also
    filed under its smallest hashes over all its words, so it can still meet its repeat.
    crc32, unlike hash(), is the same in every process, which keeps the output
    deterministic. The long words are picked from the list, not the set: a list's words lie
    in memory in the order they were made, the set's in the order of their hashes, and
    reading each word's length misses the processor's cache less in that order.
    """
    long_words = {word for word in words if len(word) >= LONG}
    sketch = _bottom(long_words)
    if len(long_words) < SKETCH:
        sketch |= _bottom(distinct)
    return sketch


def _shingle_count(words: list[str], distinct: set[str]) -> tuple[int, int]:
    """Bounds on the number of distinct shingles of `words`: at least one begins at the
    first use of each distinct word but the last two positions', at most one per position."""
    return len(distinct) - 2, len(words) - 2


def _line_sets(doc_words: Words) -> Iterator[tuple[list[str], set[str] | None]]:
    """The words of each line, and their set for a line of MIN_WORDS words or more (None
    for a shorter one)."""
    # A generator function, not a generator expression, which a compiled build would
    # make a list: every line's set at once.
    for words in doc_words.lines():
        yield words, set(words) if len(words) >= MIN_WORDS else None


def _sets(lines: Iterable[tuple[list[str], set[str] | None]]) -> Iterator[set[str]]:
    """The sets of `lines` (see _line_sets) that are not None."""
    # A generator function: a compiled build would make a generator expression a list.
    for _words, distinct in lines:
        if distinct is not None:
            yield distinct


def _shared_words(lines: Iterable[tuple[list[str], set[str] | None]]) -> set[str]:
    """The words that stand in two or more of the sets of `lines` (see _line_sets)."""
    # Counted in C, one look-up a word, where two set operations a line (their union and
    # what each shares with it) looked each word up two or three times.
    counts = Counter(itertools.chain.from_iterable(_sets(lines)))
    return {word for word, n in counts.items() if n > 1}


def _word_bits(shared: set[str]) -> dict[str, int]:
    """A bit for each word of `shared`, one of MASK_BITS chosen by its hash (see _mask)."""
    return {word: 1 << (hash(word) & (MASK_BITS - 1)) for word in shared}


def _mask(words: list[str], bits: dict[str, int]) -> int:
    """The bits (see _word_bits) of those of `words` that have one: a paragraph whose
    mask lacks one of them does not hold the word that set it."""
    # Read from the list, not a set, as in _sketch.
    return functools.reduce(operator.or_, filter(None, map(bits.get, words)), 0)


def _seen_before(
    index: int, words: list[str], seen: dict[int, int], spilled: set[str], doc_words: Words
) -> bool:
    """Whether an earlier line had the words of line `index`, and note them if not.

    A line's words joined are its key, but a set of keys would hold a copy of the text:
    `seen` keeps the line each key's hash was first found on, whose words are found again
    to compare when another line's key has that hash. A key whose hash an unlike key took
    first is kept whole in `spilled`, so every key is still told apart.
    """
    key = " ".join(words)
    first = seen.setdefault(hash(key), index)
    if first == index:
        return False
    if doc_words.line(first) == words or key in spilled:
        return True
    spilled.add(key)
    return False


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


def _may_be_alike(mine: Filed, other: Filed) -> bool:
    """Whether paragraphs filed as `mine` and `other` (see Filed) can reach the threshold.

    Shingle sets of unlike sizes cannot (see Dedupe._similar). And a bit of one mask that
    the other lacks stands for a word missing from the other paragraph, as does each word
    that is not shared, and only so many can be missing (see Dedupe._may_be_repeated). This
    spares building and comparing the shingles of paragraphs of unlike lengths, and of
    most paragraphs of a long text, which meet many others through their sketches.
    """
    if mine[2] < other[3] or other[2] < mine[3]:
        return False
    return (mine[4] & ~other[4]).bit_count() + mine[5] <= mine[6] and (
        other[4] & ~mine[4]
    ).bit_count() + other[5] <= other[6]


class Dedupe(Stage):
    name = "dedupe"

    def __init__(self, rules: RuleSet, options: DedupeOptions | None = None) -> None:
        super().__init__(rules)
        self.options = options or DedupeOptions()
        # Read once: every comparison of a long text's paragraphs reads it.
        self.threshold = float(self.options.similarity)

    def run(self, doc: Document) -> None:
        doc_words = doc.words()
        title = next((words for words in doc_words.lines() if words), [])
        # Both passes read each line's words and set of words: kept for a short text, whose
        # words are held anyway, and found again for a long one, whose sets must never all
        # be held.
        lines: Iterable[tuple[list[str], set[str] | None]]
        if doc_words.held:
            lines = list(_line_sets(doc_words))
            shared = _shared_words(lines)
        else:
            shared = _shared_words(_line_sets(doc_words))
            lines = _line_sets(doc_words)
        # Each long line's words joined, by hash: the first line with that hash, and the few
        # keys whose hash another key has (see _seen_before).
        seen: dict[int, int] = {}
        spilled: set[str] = set()
        # The paragraphs filed under a sketch value, the only ones ever compared.
        filed: list[Filed] = []
        bits: dict[str, int] | None = None
        shingles: dict[int, set[tuple[str, str, str]]] = {}  # of some filed paragraphs
        by_sketch: dict[int, list[int]] = {}
        removed: dict[int, str] = {}
        # Split only for a text that holds a repeat; looked for code only if it may hold some.
        text_lines: list[str] = []
        code = code_lines(doc.text.split("\n")) if may_hold_code(doc.text) else set()
        for index, (words, distinct) in enumerate(lines):
            if index and _is_title_repeated(words, title):
                removed[index] = "dedupe:title-repeat"
                continue
            if distinct is None or index in code:
                continue
            # Asked first: a paragraph this turns away has a word no other paragraph has, so
            # it repeats no line and no line repeats it; the exact test need not note it.
            missing = len(distinct - shared)
            if not self._may_be_repeated(words, missing):
                continue  # most paragraphs: no sketch to make, nothing to file
            if _seen_before(index, words, seen, spilled, doc_words):
                text_lines = text_lines or doc.text.split("\n")
                if _may_be_copy(text_lines[index], words):
                    removed[index] = "dedupe:exact"
                continue
            sketch = _sketch(words, distinct)
            buckets = [b for b in map(by_sketch.get, sketch) if b is None or len(b) < BUCKET]
            if not buckets:
                continue  # every value of its sketch is full: none to meet, none to file under
            bits = _word_bits(shared) if bits is None else bits
            mine = self._filed(index, words, distinct, missing, bits)
            candidates = [
                other
                for other in {other for b in buckets if b is not None for other in b}
                if _may_be_alike(mine, filed[other])
            ]
            if candidates and self._repeats(words, candidates, filed, shingles, doc_words):
                text_lines = text_lines or doc.text.split("\n")
                if _may_be_copy(text_lines[index], words):
                    removed[index] = "dedupe:near"
                    continue
            for value in sketch:
                bucket = by_sketch.setdefault(value, [])
                if len(bucket) < BUCKET:
                    bucket.append(len(filed))
            filed.append(mine)
        if removed:
            # casefold never adds or removes a line break, so indexes match the lines.
            remove_lines(doc, self.name, text_lines or doc.text.split("\n"), removed)

    def _filed(
        self,
        index: int,
        words: list[str],
        distinct: set[str],
        missing: int,
        bits: dict[str, int],
    ) -> Filed:
        """Line `index`, whose words are `words`, as filed for comparisons (see Filed,
        _shingle_count and _mask), given how many of its distinct words are `missing` from
        every other paragraph and the `bits` of the words shared by two or more."""
        threshold = self.threshold
        least, most = _shingle_count(words, distinct)
        slack = 2 + 1e-9  # a hair for rounding, as in _may_be_repeated
        return (
            index,
            least,
            most,
            threshold * least,
            _mask(words, bits),
            missing,
            (1 - threshold) * most + slack,
        )

    def _repeats(
        self,
        words: list[str],
        candidates: list[int],
        filed: list[Filed],
        shingles: dict[int, set[tuple[str, str, str]]],
        doc_words: Words,
    ) -> bool:
        """Whether the paragraph `words` is similar to one of the paragraphs `candidates`
        (indexes into `filed`), whose shingle sets `shingles` may hold."""
        mine = _shingles(words)
        if len(shingles) > HELD_SHINGLES:
            shingles.clear()  # bounded: most of them are never asked for again
        for other in candidates:
            if other not in shingles:
                shingles[other] = _shingles(doc_words.line(filed[other][0]))
        return any(self._similar(mine, shingles[other]) for other in candidates)

    def _may_be_repeated(self, words: list[str], missing: int) -> bool:
        """Whether the paragraph `words` can be near another, given how many of its distinct
        words are `missing` from every other paragraph (not shared by two or more).

        If paragraphs A (n words) and B share a share t of their shingles, at most
        (1 - t)(n - 2) + 2 distinct words of A are missing from B: each missing word
        begins a shingle of A that B lacks (at its first use, unless that is in the last
        two places), and at most (1 - t)(n - 2) of A's shingles may be lacking. A's other
        words are in B too, so they are shared.
        """
        threshold = self.threshold
        return missing <= (1 - threshold) * (len(words) - 2) + 2 + 1e-9  # a hair for rounding

    def _similar(self, a: set[tuple[str, str, str]], b: set[tuple[str, str, str]]) -> bool:
        """Jaccard similarity of two shingle sets at or above the threshold."""
        threshold = self.threshold
        small, large = sorted((len(a), len(b)))
        if not large or small < threshold * large:  # cannot reach the threshold
            return False
        common = len(a & b)
        return common / (len(a) + len(b) - common) >= threshold


STAGE = Dedupe
