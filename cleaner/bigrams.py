"""Word-pair counts: how well edited English attests a pair of adjacent words.

Two sources, added on one scale:

- a shipped list of the 243,342 commonest English word pairs (symspellpy's, counts from a
  web-scale corpus, the rarest listed about 6.4 million), and
- optionally a folder of clean reference text (`--reference`), whose pair counts are put
  on the list's scale (the median ratio over pairs both hold) and added.

A pair counts as rare when the list does not hold it and the reference has it at most once.
"""

from __future__ import annotations

import functools
import itertools
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from cleaner.phrases import WORD, fold
from cleaner.rulecheck import reference_text
from cleaner.thesaurus import require

BIGRAMS = "frequency_bigramdictionary_en_243_342.txt"
# A pair absent from the list may still have up to this count: the list's smallest one.
LIST_FLOOR = 6_400_000
RARE_IN_REFERENCE = 1  # occurrences in the reference corpus a rare pair may still have
# Words at least this common ("the", "of", "with") are neither swapped nor taken as
# context: a function word pairs with almost anything, so its pairs tell nothing.
FUNCTION_ZIPF = 6.5

Pair = tuple[str, str]


@dataclass(frozen=True)
class Token:
    text: str  # as written
    word: str  # folded


@dataclass
class Bigrams:
    """Word-pair counts: the shipped list plus a reference corpus, on the list's scale."""

    listed: dict[Pair, int]
    reference: Counter[Pair] = field(default_factory=Counter)
    scale: float = 0.0

    @classmethod
    def load(cls, reference: Path | None = None) -> Bigrams:
        require("symspellpy")
        listed = {}
        text = resources.files("symspellpy").joinpath(BIGRAMS).read_text(encoding="utf-8")
        for line in text.splitlines():
            first, second, count = line.split(" ")
            listed[first, second] = int(count)
        bigrams = cls(listed)
        if reference is not None:
            bigrams.add_reference(text for _, text in reference_text(reference))
        return bigrams

    def add_reference(self, texts: Iterable[str]) -> None:
        for text in texts:
            for run in runs(text):
                self.reference.update(pairs(run))
        shared = [
            self.listed[pair] / count
            for pair, count in self.reference.items()
            if count >= 5 and pair in self.listed
        ]
        self.scale = statistics.median(shared) if shared else 0.0

    def count(self, pair: Pair) -> float:
        return self.listed.get(pair, 0) + self.scale * self.reference.get(pair, 0)

    def association(self, pair: Pair) -> float:
        """How much better attested `pair` is than a pair the list leaves out (0 for those)."""
        return math.log((self.count(pair) + LIST_FLOOR) / LIST_FLOOR)

    @functools.cached_property
    def tokens(self) -> float:
        """The size of the corpus the list counts, in words, for turning counts into odds.

        A function word pairs with nearly every word, so the listed pairs that start with
        one hold nearly all its occurrences: its listed total over its frequency is the
        corpus size (about 2e13; the median over function words, the best covered).
        """
        totals: Counter[str] = Counter()
        for (first, _), count in self.listed.items():
            totals[first] += count
        sizes = [n / frequency(w) for w, n in totals.items() if zipf(w) >= FUNCTION_ZIPF]
        # A list with no function word in it (a test's) is its own corpus, at the least.
        return statistics.median(sizes) if sizes else float(sum(self.listed.values()) or 1)

    def follows(self, pair: Pair) -> float:
        """log P(second | first), a bigram model backed off to word frequencies.

        A pair the list leaves out is rarer than its floor; where the two words are
        rare enough that chance alone would write them less often, chance is the estimate.
        """
        first, second = pair
        expected = self.tokens * frequency(first) * frequency(second)
        count = self.count(pair) or min(LIST_FLOOR / 2, expected)
        return math.log(count / (self.tokens * frequency(first)))

    def rare(self, pair: Pair) -> bool:
        return pair not in self.listed and self.reference.get(pair, 0) <= RARE_IN_REFERENCE

    def evidence(self, pair: Pair) -> str:
        listed = f"{self.listed[pair]:,}" if pair in self.listed else "unlisted"
        if not self.reference:
            return f"{' '.join(pair)!r} {listed}"
        return f"{' '.join(pair)!r} {listed}, reference {self.reference.get(pair, 0)}"


@functools.cache
def zipf(phrase: str) -> float:
    """How common a word is in English (wordfreq's Zipf scale: 7 for "the", 3 for rare)."""
    require("wordfreq")
    from wordfreq import zipf_frequency

    return float(zipf_frequency(phrase, "en"))


def frequency(word: str) -> float:
    """Occurrences per word of English (from the Zipf scale), never zero."""
    return 10 ** (max(zipf(word), 1.0) - 9)


def runs(text: str) -> Iterator[list[Token]]:
    """Runs of words with only spaces between them: pairs never cross punctuation."""
    run: list[Token] = []
    last = 0
    for m in WORD.finditer(text):
        gap = text[last : m.start()]
        if run and (gap.strip() or gap.count("\n") > 1):
            yield run
            run = []
        run.append(Token(m.group(), fold(m.group())))
        last = m.end()
    if run:
        yield run


def pairs(run: Sequence[Token]) -> Iterator[Pair]:
    for a, b in itertools.pairwise(run):
        yield a.word, b.word
