"""Where the spinner's lexicon stands among a document's words, weighed for recognition.

Recognition (cleaner/stages/spin.py) runs on every English document, and most are clean,
so it must cost little beside the rest of cleaning:

- It reads the words the document already holds (tokens.Words: runs of letters and
  digits, casefolded, a list per line), not the text: a line's words meet the set of the
  lexicon's first words in C, and the places that pass are looked at one by one only
  until it is plain whether the document can be recognised.
- It weighs only swaps whose first written word is not among the commonest of English
  (`RARE`): "can" for "will" or "will" for "would" say little about a document, since
  clean text writes them everywhere, and they would be most of the places to weigh; and
  the count of the words weighed (in C) then bounds the places closely. A document this
  first look leaves unsettled is weighed on every swap (Lexicon's `rare`; see
  Spin.verdict).
- A place's margin is a word either side of it, by the model's word pairs (bigrams),
  which recur from one document to the next and are looked up once: it judges a
  document as well as the fuller context, which each repair is still weighed in
  (cleaner/margins.py). A line is taken to start and end a sentence. Where the lexicon
  gives the words several originals, the one that fits best there is weighed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from cleaner.ruleset import SpinRule
from cleaner.tokens import ALNUM_RUNS, Words, casefold
from cleaner.trigrams import END, START, Trigrams

# A swap is weighed for recognition when its first written word is rarer in English than
# this (nats, the model's log probability of the word alone): about 1 in 5,000 words.
# Lightly spun copies carry few rare swaps, and a stricter bar leaves them unrecognised
# (bench/spin_pairs.py); clean text gains no strong places from the words it lets in, which
# the margin weighs in their context. A looser one lets in words as common as "however",
# whose places cost more to weigh than the few more copies they find.
RARE = -8.5
_ENDINGS = ("ing", "ed", "es", "er", "est", "s", "e")


class Site(NamedTuple):
    """A lexicon swap's place: words[start:end] of `line`, and the words of each original
    the lexicon gives them."""

    line: list[str]
    start: int
    end: int
    originals: list[list[str]]
    rule: SpinRule
    kind: str  # the swap, its words' endings cut: one kind for "employ" and "employing"


class Lexicon:
    """The lexicon's swaps that start with a word rarer than `rare` (see RARE), by their
    written words."""

    def __init__(self, rules: Sequence[SpinRule], trigrams: Trigrams, rare: float = RARE) -> None:
        self._by_first: dict[str, list[tuple[list[str], list[list[str]], SpinRule, str]]] = {}
        seen: dict[tuple[str, ...], list[list[str]]] = {}
        for rule in rules:
            runs = ALNUM_RUNS.findall(casefold(rule.target))
            original = ALNUM_RUNS.findall(casefold(rule.replacement))
            if not all(map(trigrams.known, (*runs, *original))):
                continue  # no margin could be had
            if trigrams.logprob(runs[:1]) >= rare:
                continue
            if tuple(runs) in seen:
                seen[tuple(runs)].append(original)
                continue
            seen[tuple(runs)] = originals = [original]
            kind = " ".join(map(_stem, runs))
            self._by_first.setdefault(runs[0], []).append((runs, originals, rule, kind))
        for entries in self._by_first.values():
            entries.sort(key=lambda entry: -len(entry[0]))  # longest first

    def most(self, words: Words) -> int:
        """How many sites `words` can hold at most (their words that start a swap), found
        in C: a bound that spares looking at the places once it says enough."""
        return sum(map(self._by_first.__contains__, itertools.chain.from_iterable(words.lines())))

    def sites(self, words: Words) -> Iterator[Site]:
        """Each place a swap's words stand, left to right, none overlapping."""
        first = self._by_first.__contains__
        for line in words.lines():
            after = 0
            for i in itertools.compress(itertools.count(), map(first, line)):
                if i < after:
                    continue
                for runs, originals, rule, kind in self._by_first[line[i]]:
                    if line[i : i + len(runs)] == runs:
                        yield Site(line, i, i + len(runs), originals, rule, kind)
                        after = i + len(runs)
                        break


def _stem(word: str) -> str:
    """`word` less an inflection's ending, roughly: enough to tell one swap from another."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def margin(site: Site, trigrams: Trigrams) -> float:
    """The site's margin: the original that fits best against the words written, in nats,
    with a word either side (a known one, else the line's start or end; an unknown one is
    left out)."""
    line, known = site.line, trigrams.known
    left = line[site.start - 1] if site.start else START
    right = line[site.end] if site.end < len(line) else END
    context = (left if known(left) else None, right if known(right) else None)
    best = max(_fit(original, context, trigrams) for original in site.originals)
    return best - _fit(line[site.start : site.end], context, trigrams)


def _fit(words: Sequence[str], context: tuple[str | None, str | None], trigrams: Trigrams) -> float:
    """log P of `words` between the context's words (None: not there), by word pairs."""
    gram = trigrams.gram
    left, right = context
    total = gram((left, words[0])) if left else gram((words[0],))
    for pair in itertools.pairwise(words):
        total += gram(pair)
    return total + gram((words[-1], right)) if right else total
