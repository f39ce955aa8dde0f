"""A trigram model of English: how likely a word is after the two before it.

A spinner's swap leaves words that fit their context worse than the words it replaced, and
often only a wider context shows it: "was decided to" and "cautious of possible" are made
of common pairs. The model is CMU Sphinx's generic US English language model (backed-off,
72,547 words, 2.1 million pairs, 1.7 million triples; BSD licence), which ships inside
the `pocketsphinx` wheel on PyPI and is read by the library in the same package.

The model is a dependency of every install: the spin stage scores its model repairs with it
(cleaner/stages/spin.py). It is read on its first question, so a run that never asks one
never reads it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

# Sphinx keeps log probabilities as integers in base 1.0001; one unit is this many nats.
NAT = math.log(1.0001)
# What the library returns for a word outside its vocabulary.
UNKNOWN = -536870912
START, END = "<s>", "</s>"
CACHED = 1 << 16  # answers kept of each kind: a few MB


def model_path() -> Path:
    """The model's file, read whole into memory when first used."""
    import pocketsphinx

    return Path(pocketsphinx.get_model_path()) / "en-us" / "en-us.lm.bin"


class _Model(Protocol):
    # The words as a tuple: the library reads any sequence, and a tuple costs less to make.
    def prob(self, words: Sequence[str]) -> int: ...


class _Unread:
    """Stands for the model until first asked, then reads it and puts it in its place, so
    that every later question goes straight to the library."""

    owner: Trigrams | None = None
    _read: _Model | None = None  # a caller may still hold this `prob` after the read

    def prob(self, words: Sequence[str]) -> int:
        if self._read is None:
            import pocketsphinx

            pocketsphinx.set_loglevel("FATAL")  # it reports every table it reads
            self._read = pocketsphinx.NGramModel.readfile(str(model_path()))
            if self.owner is not None:
                self.owner._model = self._read
        return self._read.prob(words)


class Trigrams:
    """Log probabilities, in nats, from a backed-off trigram model."""

    def __init__(self, model: _Model) -> None:
        self._model = model
        # Bounded: a long run meets ever more words and contexts, and memory must not
        # grow with the corpus.
        self.known = functools.lru_cache(maxsize=CACHED)(self._known)
        # log P(the last word | the words before it), for a tuple of one to three words.
        self.gram = functools.lru_cache(maxsize=CACHED)(self._uncached)

    @classmethod
    @functools.cache
    def load(cls) -> Trigrams:
        """The model, read from its file when first asked: pocketsphinx reads it whole
        (about 25 ms and 37 MB), which a text whose places weigh nothing never needs
        (cleaner/sites.py keeps what recognition asks of it with the rules)."""
        unread = _Unread()
        trigrams = cls(unread)
        unread.owner = trigrams
        return trigrams

    def read(self) -> None:
        """Read the model now if it is not yet (see load): a worker's warm-up does, so that
        no text it cleans, nor the time it takes, pays for it."""
        self._model.prob((START,))

    def _known(self, word: str) -> bool:
        return word in (START, END) or self._model.prob((word,)) != UNKNOWN

    def _uncached(self, gram: tuple[str, ...]) -> float:
        # The library takes the word first, then its history nearest first.
        return self._model.prob(gram[::-1]) * NAT

    def odds(self, before: str, word: str, other: str) -> float:
        """log P(word | before) - log P(other | before), both words known to the model.

        Not cached, and no `known` test: spin recognition caches the odds it asks for
        (cleaner/sites.py), and for a `before` the model does not know, the library cuts
        the history there, so the words alone are weighed, as `logprob` would weigh them
        (tests/core/test_spin_model.py holds it to that)."""
        prob = self._model.prob
        return (prob((word, before)) - prob((other, before))) * NAT

    def odds_next(self, word: str, other: str, after: str) -> float:
        """log P(after | word) - log P(after | other), both words known to the model; 0 for
        an `after` the model does not know, which it gives the same floor after either."""
        prob = self._model.prob
        return (prob((after, word)) - prob((after, other))) * NAT

    def logprob(self, words: Sequence[str], start: int = 0) -> float:
        """log P(words[start:] | what comes before each), every word known to the model."""
        return sum(self.gram(tuple(words[max(0, i - 2) : i + 1])) for i in range(start, len(words)))
