"""Word pairs edited English writes: a spinner's swap leaves a pair that it does not.

Two sources:

- a shipped list of the 243,342 commonest English word pairs (symspellpy's, counts from a
  web-scale corpus, the rarest listed about 6.4 million), and
- optionally a folder of clean reference text (`--reference`), whose pairs are counted.

A pair counts as rare when the list does not hold it and the reference has it at most once.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from cleaner.phrases import WORD, fold
from cleaner.rulecheck import reference_text
from cleaner.suggest.thesaurus import require

BIGRAMS = "frequency_bigramdictionary_en_243_342.txt"
RARE_IN_REFERENCE = 1  # occurrences in the reference corpus a rare pair may still have
# Words at least this common ("the", "of", "with") are neither swapped nor taken as
# context: a function word pairs with almost anything, so its pairs tell nothing.
FUNCTION_ZIPF = 6.5

Pair = tuple[str, str]


@dataclass(frozen=True)
class Token:
    text: str  # as written
    word: str  # folded
    start: int  # where it starts in its text

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Bigrams:
    """Word pairs: those the shipped list holds, and a reference corpus's, counted."""

    listed: frozenset[Pair]
    reference: Counter[Pair] = field(default_factory=Counter)

    @classmethod
    def load(cls, reference: Path | None = None) -> Bigrams:
        require("symspellpy")
        text = resources.files("symspellpy").joinpath(BIGRAMS).read_text(encoding="utf-8")
        # Each line is "first second count"; that a pair is listed is all that counts.
        lines = (line.split(" ") for line in text.splitlines())
        bigrams = cls(frozenset((first, second) for first, second, _ in lines))
        if reference is not None:
            bigrams.add_reference(text for _, text in reference_text(reference))
        return bigrams

    def add_reference(self, texts: Iterable[str]) -> None:
        for text in texts:
            for run in runs(text):
                self.reference.update(pairs(run))

    def rare(self, pair: Pair) -> bool:
        return pair not in self.listed and self.reference.get(pair, 0) <= RARE_IN_REFERENCE


@functools.cache
def zipf(phrase: str) -> float:
    """How common a word is in English (wordfreq's Zipf scale: 7 for "the", 3 for rare)."""
    require("wordfreq")
    from wordfreq import zipf_frequency

    return float(zipf_frequency(phrase, "en"))


def runs(text: str) -> Iterator[list[Token]]:
    """Runs of words with only spaces between them: pairs never cross punctuation."""
    run: list[Token] = []
    last = 0
    for m in WORD.finditer(text):
        gap = text[last : m.start()]
        if run and (gap.strip() or gap.count("\n") > 1):
            yield run
            run = []
        run.append(Token(m.group(), fold(m.group()), m.start()))
        last = m.end()
    if run:
        yield run


def pairs(run: Sequence[Token]) -> Iterator[Pair]:
    for a, b in itertools.pairwise(run):
        yield a.word, b.word
