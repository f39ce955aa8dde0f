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

import bisect
import functools
import heapq
import itertools
import operator
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator

from cleaner.document import Document, remove_lines
from cleaner.options import DedupeOptions
from cleaner.pipeline import Stage
from cleaner.placing import remembers
from cleaner.ruleset import RuleSet
from cleaner.structure import code_lines, is_prose, may_hold_code
from cleaner.tokens import Words, casefold, line_starts, words_of

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
# Paragraphs a full bucket refused that a memo notes, at most (see Memo.refused).
REFUSED = 8


def _shingles(words: list[str]) -> set[tuple[str, str, str]]:
    return set(zip(words, words[1:], words[2:], strict=False))


def _bottom(words: Iterable[str]) -> set[int]:
    return set(sorted(set(map(zlib.crc32, map(str.encode, words))))[:SKETCH])


def _sketch(words: list[str]) -> set[int]:
    """The SKETCH smallest hashes of the long words of a paragraph (a bottom-k min-hash).

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
        sketch |= _bottom(words)
    return sketch


def _shingle_count(words: list[str], size: int) -> tuple[int, int]:
    """Bounds on the number of distinct shingles of `words`, of which `size` are distinct:
    at least one begins at the first use of each distinct word but the last two
    positions', at most one per position."""
    return size - 2, len(words) - 2


def _line_sets(
    lines: Iterable[list[str]], sizes: array[int]
) -> Iterator[tuple[list[str], set[str] | None]]:
    """The words of each line, `lines`, and their set for a line of MIN_WORDS words or more
    (None for a shorter one); each line's number of distinct words goes to `sizes` (0 for
    a shorter one)."""
    # A generator function, not a generator expression, which a compiled build would
    # make a list: every line's set at once.
    for words in lines:
        distinct = set(words) if len(words) >= MIN_WORDS else None
        sizes.append(0 if distinct is None else len(distinct))
        yield words, distinct


def _sets(lines: Iterable[tuple[list[str], set[str] | None]]) -> Iterator[set[str]]:
    """The sets of `lines` (see _line_sets) that are not None."""
    # A generator function: a compiled build would make a generator expression a list.
    for _words, distinct in lines:
        if distinct is not None:
            yield distinct


def _word_counts(lines: Iterable[tuple[list[str], set[str] | None]]) -> Counter[str]:
    """How many of the sets of `lines` (see _line_sets) hold each word."""
    # Counted in C, one look-up a word, where two set operations a line (their union and
    # what each shares with it) looked each word up two or three times: for a long text,
    # whose memo needs the counts, and whose sets are many.
    return Counter(itertools.chain.from_iterable(_sets(lines)))


def _shared_among(sets: Iterable[set[str]]) -> tuple[set[str], set[str]]:
    """The words in two or more of `sets` (_shared of their counts: see _word_counts), and
    those in any, for a text whose run needs no counts (a short one, which leaves no memo).
    Its few sets, each met twice in C, cost less than counting every word into a dict of
    counts and reading every count again."""
    seen: set[str] = set()
    shared: set[str] = set()
    for distinct in sets:
        shared |= seen & distinct
        seen |= distinct
    return shared, seen


def _shared(counts: Counter[str]) -> set[str]:
    """The words `counts` (see _word_counts) has in two or more sets."""
    return {word for word, n in counts.items() if n > 1}


def _once(counts: Counter[str], shared: set[str]) -> set[str] | None:
    """The words `counts` (see _word_counts) has in one set only, where they are fewer than
    those it has in two or more, `shared` (see _missing); else None."""
    if 2 * len(shared) <= len(counts):
        return None
    return {word for word, n in counts.items() if n == 1}


def _missing(
    words: list[str],
    size: int,
    distinct: set[str] | None,
    shared: set[str],
    once: set[str] | None,
) -> int:
    """How many of the `size` distinct `words` of a line are in no other line, given their
    set `distinct` where it is held (else None), the words `shared` by two or more lines
    and, where they are fewer, those `once` in one (see _once)."""
    if distinct is not None:
        # A set's entries hold their words' hashes: a word not shared is never read.
        return len(distinct - shared)
    # A long text's second reading makes no set of a line's words: each is looked up among
    # the fewer, and a set made of the few found.
    if once is not None:
        return len(once.intersection(words))
    return size - len(shared.intersection(words))


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


class Memo:
    """What a run over a long text leaves for the next round, whose run over the text as
    the stages after it changed it can be told to remove nothing without reading it all
    again (see Dedupe._settled). Lines are those of the text the run left, `text`.

    A run reads the paragraphs in order. Whether it goes on to the buckets with one
    depends on the paragraph's words, on which words two or more paragraphs share and on
    whether an earlier paragraph had its words; which buckets it asks for, on its words
    alone. A bucket takes the first BUCKET paragraphs that ask for it and are not removed,
    and a paragraph is compared with those a bucket took before it (when it takes it too):
    so a run over the paragraphs this run kept compares what this run compared, and
    removes nothing, unless what they share, or the words of some, changed. The memo
    keeps what tells that: how many kept paragraphs hold each word, the keys of the
    paragraphs and of those repeated, and each bucket's paragraphs with the first it
    refused.
    """

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.text = ""
        # False where a paragraph kept as a repeat (too short to be a copy) lost the first
        # copy: a run again finds it first, and files it.
        self.settled = True
        self.title_at = -1
        self.title: list[str] = []
        # How many kept paragraphs' sets hold each word, and the words shared by two in
        # the run that a removed paragraph left to one or none; the sets of those removed
        # while the run reads.
        self.counts: Counter[str] = Counter()
        self.orphans: set[str] = set()
        self.lost: Counter[str] = Counter()
        # The hash of the key (see _seen_before) of every paragraph that went as far as the
        # test for exact repeats. Each other one held a word no other paragraph held: one
        # changed to have its words shares that word now (see Dedupe._shares_kept).
        self.keys = array("q")
        self.twice: set[int] = set()  # hashes of the keys of kept repeats
        self.filed = array("q")  # the line of each paragraph filed, in order
        self.by_sketch: dict[int, list[int]] = {}  # each bucket's paragraphs, as in filed
        # The first paragraphs kept (at most REFUSED) that each full bucket refused, and
        # the buckets that refused as many.
        self.refused: dict[int, list[int]] = {}
        self.noted: set[int] = set()
        self._folded: tuple[str, list[int]] | None = None

    def lose(self, words: list[str]) -> None:
        """Count out the words of a paragraph removed, `words` (see keep)."""
        if len(words) >= MIN_WORDS:
            self.lost.update(set(words))

    def kept_repeat(self, key: int, first: int, removed: dict[int, str]) -> None:
        """Note a paragraph kept though the earlier one at line `first` had its words,
        whose key hashes to `key`."""
        if first in removed:
            self.settled = False
        self.twice.add(key)

    def refuse(self, index: int, sketch: set[int], by_sketch: dict[int, list[int]]) -> None:
        """Note the paragraph at line `index`, kept, refused by the full buckets among
        those of its `sketch`."""
        noted = self.noted
        if noted.issuperset(sketch):
            return  # the most common case in a long text: asked first, in C
        for value in sketch:
            bucket = by_sketch.get(value)
            if value in noted or bucket is None or len(bucket) < BUCKET:
                continue
            refused = self.refused.get(value)
            if refused is None:
                self.refused[value] = [index]
            else:
                refused.append(index)
                if len(refused) == REFUSED:
                    noted.add(value)

    def keep(
        self,
        text: str,
        title_at: int,
        title: list[str],
        seen: dict[int, int],
        filed: list[Filed],
        by_sketch: dict[int, list[int]],
        removed: dict[int, str],
    ) -> None:
        """Keep what the run that left `text` found, at the lines of `text`."""
        gone = sorted(removed)

        def line(index: int) -> int:
            return index - bisect.bisect_left(gone, index)

        counts, lost = self.counts, self.lost
        counts.subtract(lost)
        self.orphans = {word for word, n in lost.items() if counts[word] <= 1 < counts[word] + n}
        self.lost = Counter()
        self.text = text
        self.title_at, self.title = line(title_at), title
        self.keys = array("q", sorted(seen))
        self.filed = array("q", [line(mine[0]) for mine in filed])
        self.by_sketch = by_sketch
        self.refused = {value: [line(i) for i in lines] for value, lines in self.refused.items()}
        self.noted = set()
        self._folded = None

    def folded(self) -> tuple[str, list[int]]:
        """`text` casefolded, and where each of its lines begins (casefold keeps every line
        break, though not every line's length); made once, when first asked for."""
        if self._folded is None:
            folded = casefold(self.text)
            self._folded = folded, list(line_starts(folded))
        return self._folded

    def unshared_then(self, distinct: set[str]) -> int:
        """How many of a paragraph's words `distinct` the run found in no other paragraph."""
        return sum(1 for word in distinct if not self.shared_then(word))

    def unshared_now(self, distinct: set[str], delta: Counter[str]) -> int:
        """How many of a paragraph's words `distinct` no other paragraph kept holds now
        (see shared_now)."""
        return sum(1 for word in distinct if not self.shared_now(word, delta))

    def shared_then(self, word: str) -> bool:
        """Whether the run found `word` in two or more paragraphs."""
        return self.counts[word] > 1 or word in self.orphans

    def shared_now(self, word: str, delta: Counter[str]) -> bool:
        """Whether `word` is in two or more paragraphs kept, once the sets of paragraphs
        changed since are counted in and out (`delta`)."""
        return self.counts[word] + delta[word] > 1

    def read(self, key: int) -> bool:
        """Whether the run tested a paragraph whose key hashes to `key` (see keys)."""
        at = bisect.bisect_left(self.keys, key)
        return at < len(self.keys) and self.keys[at] == key


def _first_words(doc_words: Words) -> tuple[int, list[str]]:
    """The first line with words, and its words; -1 and none for a text without."""
    # A loop, not next() over a generator expression, which a compiled build may make a
    # list: every line's words at once.
    for index, words in enumerate(doc_words.lines()):
        if words:
            return index, words
    return -1, []


def _lines_holding(text: str, starts: list[int], word: str, first: int) -> Iterator[int]:
    """The lines of `text`, from line `first` on, that hold `word` (as a word or within
    one), in order, given where each line begins."""
    at = text.find(word, starts[first]) if first < len(starts) else -1
    while at >= 0:
        line = bisect.bisect_right(starts, at) - 1
        yield line
        at = text.find(word, starts[line + 1]) if line + 1 < len(starts) else -1


def _worded(lines: list[str]) -> list[int]:
    """The indexes of `lines` that hold more than whitespace."""
    return [i for i, line in enumerate(lines) if line and not line.isspace()]


class Dedupe(Stage):
    name = "dedupe"

    def __init__(self, rules: RuleSet, options: DedupeOptions | None = None) -> None:
        super().__init__(rules)
        self.options = options or DedupeOptions()
        # Read once: every comparison of a long text's paragraphs reads it.
        self.threshold = float(self.options.similarity)

    def run(self, doc: Document) -> None:
        memo = doc.memos.pop(self.name, None)
        if isinstance(memo, Memo) and self._settled(doc, memo):
            doc.memos[self.name] = memo  # it tells a later round as it told this one
            return
        doc_words = doc.words()
        title_at, title = _first_words(doc_words)
        # A long text's run leaves a memo for the next round (see Memo), which needs how
        # many paragraphs hold each word, not only whether two do.
        memo = Memo(self.threshold) if remembers(doc.text) else None
        # The first pass makes each long line's set of words, and notes its size: the sets
        # are kept for a short text, whose words are held anyway. A long text's must never
        # all be held, and its second pass makes none again (see _missing).
        sizes: array[int] = array("i")
        lines: Iterable[tuple[list[str], set[str] | None]]
        lines = _line_sets(doc_words.lines(), sizes)
        if doc_words.held:
            lines = list(lines)
        once: set[str] | None = None
        if doc_words.held and memo is None:
            shared, every = _shared_among(_sets(lines))  # what a short text's lines need
            # With the words of the lines too short for a set, every word of the text: the
            # later stages ask for them (Words.distinct), which would find them all again.
            every.update(*[words for words, distinct in lines if distinct is None])
            doc_words.found_distinct(every)
        else:
            counts = _word_counts(lines)
            shared = _shared(counts)
            once = _once(counts, shared)
            if memo is not None:
                memo.counts = counts
            del counts  # else held while the text is read again
            if not doc_words.held:
                lines = zip(doc_words.lines(), itertools.repeat(None))
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
        if code:
            memo = None
        # Where no memo is made, the first paragraph that goes on past the test of words
        # shared waits for a second: alone it repeats none and none repeats it, so it need
        # not be filed or sketched. Most short texts have no second.
        alone = memo is None
        waiting: tuple[int, list[str], int, int] | None = None
        for index, (words, distinct) in enumerate(lines):
            if index and _is_title_repeated(words, title):
                removed[index] = "dedupe:title-repeat"
                if memo is not None:
                    memo.lose(words)
                continue
            size = sizes[index]
            if not size or index in code:
                continue
            # Asked first: a paragraph this turns away has a word no other paragraph has, so
            # it repeats no line and no line repeats it; the exact test need not note it.
            missing = _missing(words, size, distinct, shared, once)
            if not self._may_be_repeated(words, missing):
                continue  # most paragraphs: no sketch to make, nothing to file
            if alone:
                if waiting is None:
                    waiting = (index, words, size, missing)
                    continue
                going = [waiting, (index, words, size, missing)]
                alone = False
            else:
                going = [(index, words, size, missing)]
            for index, words, size, missing in going:
                if _seen_before(index, words, seen, spilled, doc_words):
                    text_lines = text_lines or doc.text.split("\n")
                    if _may_be_copy(text_lines[index], words):
                        removed[index] = "dedupe:exact"
                        if memo is not None:
                            memo.lose(words)
                    elif memo is not None:
                        key = hash(" ".join(words))
                        memo.kept_repeat(key, seen[key], removed)
                    continue
                sketch = _sketch(words)
                buckets = [b for b in map(by_sketch.get, sketch) if b is None or len(b) < BUCKET]
                if not buckets:
                    if memo is not None:
                        memo.refuse(index, sketch, by_sketch)
                    continue  # every value of its sketch is full: none to meet, none to file under
                bits = _word_bits(shared) if bits is None else bits
                mine = self._filed(index, words, size, missing, bits)
                candidates = [
                    other
                    for other in {other for b in buckets if b is not None for other in b}
                    if _may_be_alike(mine, filed[other])
                ]
                if candidates and self._repeats(words, candidates, filed, shingles, doc_words):
                    text_lines = text_lines or doc.text.split("\n")
                    if _may_be_copy(text_lines[index], words):
                        removed[index] = "dedupe:near"
                        if memo is not None:
                            memo.lose(words)
                        continue
                if memo is not None and len(buckets) < len(sketch):
                    memo.refuse(index, sketch, by_sketch)
                for value in sketch:
                    bucket = by_sketch.setdefault(value, [])
                    if len(bucket) < BUCKET:
                        bucket.append(len(filed))
                filed.append(mine)
        if removed:
            # casefold never adds or removes a line break, so indexes match the lines.
            remove_lines(doc, self.name, text_lines or doc.text.split("\n"), removed)
        if memo is not None and memo.settled and not spilled and title_at >= 0:
            memo.keep(doc.text, title_at, title, seen, filed, by_sketch, removed)
            doc.memos[self.name] = memo

    def _settled(self, doc: Document, memo: Memo) -> bool:
        """Whether a run over `doc` would remove nothing, where the last run over it left
        `memo` (see Memo), with what changed since checked against it. Each check is exact
        or asks for a run (a key's hash met means a run, not a repeat):
        - a changed line at or above the title, or a repeat of the title, means a run;
        - a line whose words are the same is read as it was (if it may be a copy still);
        - a paragraph whose words changed must not have been a repeat, nor be one now of
          one tested for repeats (one that was not is found by the words it shares now);
        - each word that is shared now and was not, or the other way, must leave every
          paragraph unchanged that holds it as far from the buckets as it was;
        - each bucket a changed paragraph asked for, or asks for now, is taken again in
          order (_bucket_kept).
        Lines of whitespace hold no words and, with no code in the text, are read as
        nothing; any other line added or removed means a run.
        """
        text = doc.text
        if not memo.settled or memo.threshold != self.threshold or may_hold_code(text):
            return False
        then_lines, now_lines = memo.text.split("\n"), text.split("\n")
        then_at, now_at = _worded(then_lines), _worded(now_lines)
        if len(then_at) != len(now_at):
            return False
        # The words of each line changed, then and now, and the line now, by its line then.
        changed: dict[int, tuple[list[str], list[str], str]] = {}
        changed_now: set[int] = set()  # the lines now of those changed
        delta: Counter[str] = Counter()
        keys: set[int] = set()
        for i, j in zip(then_at, now_at, strict=True):
            old, new = then_lines[i], now_lines[j]
            if old == new:
                continue
            old_words, new_words = words_of(old), words_of(new)
            if i <= memo.title_at or _is_title_repeated(new_words, memo.title):
                return False
            if old_words == new_words:
                if len(new_words) >= MIN_WORDS and _may_be_copy(old, old_words) != _may_be_copy(
                    new, new_words
                ):
                    return False
                continue
            old_set = set(old_words) if len(old_words) >= MIN_WORDS else set()
            if old_set:
                if hash(" ".join(old_words)) in memo.twice:
                    return False
                delta.subtract(old_set)
            if len(new_words) >= MIN_WORDS:
                key = hash(" ".join(new_words))
                if memo.read(key) or key in keys:
                    return False
                keys.add(key)
                delta.update(set(new_words))
            changed[i] = (old_words, new_words, new)
            changed_now.add(j)
        # The buckets each changed paragraph asked for then and asks for now.
        values: set[int] = set()
        asking: dict[int, set[int]] = {}
        for i, (old_words, new_words, _line) in changed.items():
            if len(old_words) >= MIN_WORDS:
                values |= _sketch(old_words)
            asking[i] = set()
            if len(new_words) >= MIN_WORDS:
                distinct = set(new_words)
                missing = memo.unshared_now(distinct, delta)
                if self._may_be_repeated(new_words, missing):
                    asking[i] = _sketch(new_words)
                    values |= asking[i]
        # Asked last, as it reads the whole text.
        return all(
            self._bucket_kept(memo, value, asking, then_lines, changed) for value in sorted(values)
        ) and self._shares_kept(doc, memo, delta, changed_now)

    def _shares_kept(
        self, doc: Document, memo: Memo, delta: Counter[str], changed: set[int]
    ) -> bool:
        """Whether each paragraph of `doc` but the lines `changed` that holds a word shared
        now and not in the last run, or the other way (`delta` counting in and out the
        changed paragraphs' sets), is as far from the buckets as it was: it is not, where
        its words not shared are as many as it may lack one way and not the other."""
        moved = {
            word
            for word in itertools.chain(memo.orphans, delta)
            if memo.shared_then(word) != memo.shared_now(word, delta)
        }
        if not moved:
            return True
        for j, words in enumerate(doc.words().lines()):
            if len(words) < MIN_WORDS or moved.isdisjoint(words) or j in changed:
                continue
            distinct = set(words)
            then = memo.unshared_then(distinct)
            now = memo.unshared_now(distinct, delta)
            if self._may_be_repeated(words, then) != self._may_be_repeated(words, now):
                return False
        return True

    def _bucket_kept(
        self,
        memo: Memo,
        value: int,
        asking: dict[int, set[int]],
        then_lines: list[str],
        changed: dict[int, tuple[list[str], list[str], str]],
    ) -> bool:
        """Whether the bucket `value` takes, in a run now, no copy (see _may_be_copy) alike
        to a paragraph it took before it: its paragraphs then less the changed ones that no
        longer ask for it, with the changed ones that do, and those it refused that a place
        left lets in, the first BUCKET of them in order. Only pairs with a changed
        paragraph, or one new in the bucket, are compared: the others were compared in the
        run, and kept."""
        members = [memo.filed[p] for p in memo.by_sketch.get(value, [])]
        before = set(members)
        pool = [i for i in members if i not in changed]
        pool += [i for i in changed if value in asking[i]]
        if len(members) >= BUCKET:
            refused = memo.refused.get(value, [])
            pool += [i for i in refused if i not in changed]
            # Beyond the last refused paragraph noted, others may ask: found in the text.
            if len(refused) >= REFUSED and sum(1 for i in pool if i <= refused[-1]) < BUCKET:
                for i in self._askers(memo, value, refused[-1], then_lines):
                    if i < 0:
                        return False
                    if i not in changed:
                        pool.append(i)
                        if sum(1 for k in pool if k <= i) >= BUCKET:
                            break
        taken = sorted(pool)[:BUCKET]

        lines = [changed[i][2] if i in changed else then_lines[i] for i in taken]
        words = [changed[i][1] if i in changed else words_of(then_lines[i]) for i in taken]
        shingles = [_shingles(w) for w in words]
        return not any(
            self._similar(shingles[k], shingles[m]) and _may_be_copy(lines[k], words[k])
            for k, i in enumerate(taken)
            for m in range(k)
            if i in changed or taken[m] in changed or i not in before or taken[m] not in before
        )

    def _askers(self, memo: Memo, value: int, after: int, then_lines: list[str]) -> Iterator[int]:
        """The lines after line `after` of the text the last run left that it read as far as
        the bucket `value` (refused, as it was full), in order; -1, then none, where one may
        have been a kept repeat (whose first copy alone goes on: not told here).

        Such a line holds a word whose crc32 is `value` (see _sketch): every such word is
        counted in the memo, and the lines holding one are found in the text casefolded
        (see Memo.folded), then read as the run read them."""
        words = [word for word in memo.counts if zlib.crc32(word.encode()) == value]
        folded, starts = memo.folded()
        last = -1
        # In order and as asked for: the caller stops once the bucket is full again.
        for i in heapq.merge(*[_lines_holding(folded, starts, word, after + 1) for word in words]):
            if i == last:
                continue
            last = i
            line_words = words_of(then_lines[i])
            if len(line_words) < MIN_WORDS:
                continue
            distinct = set(line_words)
            missing = memo.unshared_then(distinct)
            if not self._may_be_repeated(line_words, missing) or value not in _sketch(line_words):
                continue
            if hash(" ".join(line_words)) in memo.twice:
                yield -1
                return
            yield i

    def _filed(
        self,
        index: int,
        words: list[str],
        size: int,
        missing: int,
        bits: dict[str, int],
    ) -> Filed:
        """Line `index`, whose words are `words`, `size` of them distinct, as filed for
        comparisons (see Filed, _shingle_count and _mask), given how many of its distinct
        words are `missing` from every other paragraph and the `bits` of the words shared
        by two or more."""
        threshold = self.threshold
        least, most = _shingle_count(words, size)
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
