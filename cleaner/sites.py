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

import functools
import hashlib
import itertools
import math
import sys
from collections.abc import Sequence
from typing import Any, NamedTuple

from cleaner import trigrams as trigrams_module
from cleaner.numbers import said
from cleaner.ruleset import SpinRule, derived, module_source
from cleaner.tokens import Words, words_of
from cleaner.trigrams import CACHED, END, START, Trigrams, model_path

# A swap is weighed for recognition when its first written word is rarer in English than
# this (nats, the model's log probability of the word alone): about 1 in 5,000 words.
# Lightly spun copies carry few rare swaps, and a stricter bar leaves them unrecognised
# (bench/spin_pairs.py); clean text gains no strong places from the words it lets in, which
# the margin weighs in their context. A looser one lets in words as common as "however",
# whose places cost more to weigh than the few more copies they find.
RARE = -8.5
_ENDINGS = ("ing", "ed", "es", "er", "est", "s", "e")


class Swap(NamedTuple):
    """A swap weighed for recognition, with what its margin needs besides its context."""

    runs: list[str]  # the words written
    # The words of each original the lexicon gives them, with the part of its margin that
    # no context changes: the log odds of its word pairs against those of the words
    # written (0 for a swap of one word for one word).
    originals: list[tuple[list[str], float]]
    rule: SpinRule
    kind: str  # the swap, its words' endings cut: one kind for "employ" and "employing"


# A swap's place: the swap, the word before it and the word after it (START and END at the
# line's ends). Its margin needs no more, and a plain tuple costs a fraction of a class's.
Site = tuple[Swap, str, str]
# A Lexicon as plain data (see Lexicon.state): for each first word, its swaps' written
# words, originals, rule (by its position in the rules) and kind.
LexiconState = list[tuple[str, list[tuple[list[str], list[tuple[list[str], float]], int, str]]]]


def index(rules: Sequence[SpinRule], rare: float = RARE, floor: float = -math.inf) -> Lexicon:
    """The Lexicon of `rules` (see Lexicon), kept with the rules they are of (see
    ruleset.derived): made, it asks the model thousands of questions, about a fifteenth of
    cleaning one file; restored, it asks none, so a text with no place to weigh never reads
    the model. Made again for another model's file, or another version of this module or
    of cleaner.trigrams."""
    trigrams = Trigrams.load()
    kind = f"lexicon {rare!r}" if floor == -math.inf else f"lexicon {rare!r} from {floor!r}"
    try:
        path = model_path()
        found = path.stat()
        model = f"{path}:{found.st_size}:{found.st_mtime_ns}"
        code = hashlib.sha256(
            module_source(sys.modules[__name__]) + module_source(trigrams_module)
        ).hexdigest()
    except OSError:  # no model, or no source to digest: made, never kept
        return Lexicon(rules, trigrams, rare, floor)
    return derived(
        rules,
        kind,
        lambda: Lexicon(rules, trigrams, rare, floor),
        Lexicon.state,
        lambda state: Lexicon.restored(rules, trigrams, state, rare),
        f"{model} {code}",
    )


class Lexicon:
    """The lexicon's swaps that start with a word rarer than `rare` (see RARE), and no
    rarer than `floor`, by their written words."""

    def __init__(
        self,
        rules: Sequence[SpinRule],
        trigrams: Trigrams,
        rare: float = RARE,
        floor: float = -math.inf,
    ) -> None:
        self._rules = rules
        self._rare = rare
        self._by_first: dict[str, list[Swap]] = {}
        seen: dict[tuple[str, ...], list[tuple[list[str], float]]] = {}
        for rule in rules:
            runs = words_of(rule.target)
            # First the rarity, which most swaps fail, then the words' every look-up.
            if not floor <= trigrams.logprob(runs[:1]) < rare:
                continue
            original = words_of(rule.replacement)
            if not all(map(trigrams.known, (*runs, *original))):
                continue  # no margin could be had
            inner = _pairs(original, trigrams) - _pairs(runs, trigrams)
            if tuple(runs) in seen:
                seen[tuple(runs)].append((original, inner))
                continue
            seen[tuple(runs)] = originals = [(original, inner)]
            kind = " ".join(map(_stem, runs))
            self._by_first.setdefault(runs[0], []).append(Swap(runs, originals, rule, kind))
        for entries in self._by_first.values():
            entries.sort(key=lambda entry: -len(entry.runs))  # longest first
        self._index()
        # A margin's two context terms, each a function of three words: the word before
        # (or after) and the swap's first (or last) words, original and written. Those
        # recur from one document to the next far more than whole places do; bounded as
        # the model's own answers are (trigrams.CACHED), so memory stays flat over a run.
        self._before = functools.lru_cache(maxsize=CACHED)(trigrams.odds)
        self._after = functools.lru_cache(maxsize=CACHED)(trigrams.odds_next)

    def widened(self, rare: float) -> Lexicon:
        """This one's rules' Lexicon of swaps rarer than `rare`, a higher bar than this
        one's: only the swaps between the two bars are made (see index: kept with the rules
        too), the rest are this one's (which side of a bar a swap falls on is its first
        word's, so a first word's swaps all fall on one side). The two share their look-ups
        of the model's odds."""
        made = index(self._rules, rare, floor=self._rare)
        made._by_first.update(self._by_first)
        made._index()
        made._before, made._after = self._before, self._after
        return made

    def state(self) -> LexiconState:
        """This index as plain data, which `restored` turns back into it."""
        rules = {id(rule): i for i, rule in enumerate(self._rules)}
        return [
            (first, [(s.runs, s.originals, rules[id(s.rule)], s.kind) for s in entries])
            for first, entries in self._by_first.items()
        ]

    @classmethod
    def restored(
        cls, rules: Sequence[SpinRule], trigrams: Trigrams, state: Any, rare: float = RARE
    ) -> Lexicon:
        """The index of `rules` whose `state` was taken from one made of them at `rare`."""
        made = cls((), trigrams, rare)
        made._rules = rules
        made._by_first = {
            first: [Swap(runs, originals, rules[i], kind) for runs, originals, i, kind in swaps]
            for first, swaps in state
        }
        made._index()
        return made

    def _index(self) -> None:
        """The first words of the swaps, as a set; and the swap of each that starts no
        swap of several words (written words that are the same are one swap, so such a
        word starts one: see sites)."""
        self._firsts = frozenset(self._by_first)
        self._single = {
            first: swaps[0] for first, swaps in self._by_first.items() if len(swaps[0].runs) == 1
        }

    def sites(self, words: Words, step: int = 1) -> tuple[list[Site], int]:
        """Each place a swap's words stand, left to right, none overlapping (every `step`th
        of them, from the first: a long text's sample, drawn on the pass, where the list of
        every place would hold hundreds of thousands); and how many words start a swap (a
        bound on the places, which a long text's sample is drawn by), counted on the same
        pass over the words."""
        found: list[Site] = []
        add = found.append
        if step > 1:
            places = itertools.count()

            def add(site: Site) -> None:
                if next(places) % step == 0:
                    found.append(site)

        by_first = self._by_first
        # A line without a swap's first word is passed over by one test in C; in the
        # others only the words that start a swap are looked at (picked out in C, by a
        # set, which answers faster than the dict).
        first = self._firsts.__contains__
        apart = self._firsts.isdisjoint
        single = self._single.get
        most = 0
        for line in words.lines():
            if apart(line):
                continue
            after = 0
            size = len(line)
            for i in itertools.compress(itertools.count(), map(first, line)):
                most += 1
                if i < after:
                    continue
                word = line[i]
                # Most words that start a swap start only one, of one word: its place is the
                # word, looked up once.
                one = single(word)
                if one is not None:
                    add((one, line[i - 1] if i else START, line[i + 1] if i + 1 < size else END))
                    continue
                for swap in by_first[word]:
                    end = i + len(swap.runs)
                    if end == i + 1 or line[i:end] == swap.runs:
                        add((swap, line[i - 1] if i else START, line[end] if end < size else END))
                        after = end
                        break
        return found, most

    def margin(self, site: Site) -> float:
        """The site's margin: the original that fits best against the words written, in
        nats, with a word either side (a known one, else the line's start or end; an
        unknown one is left out).

        Summed as the context's two terms and the swap's own, not as the two readings'
        likelihoods: the same sum in another order, which may differ in the last bits
        (1e-14 nats). A margin is a whole number of the model's units (trigrams.NAT), and
        the nearest to the default bar of 4 lies 3e-9 nats from it, so no place passes or
        fails by the order. A number beside the swap is read aloud (see numbers.said)."""
        swap, before, after = site
        if before.isdecimal():
            before = said(before, last=True)
        if after.isdecimal():
            after = said(after, last=False)
        first, last = swap.runs[0], swap.runs[-1]
        if len(swap.originals) == 1:  # most: the sum below, with no best to keep
            ((original, inner),) = swap.originals
            fit = self._before(before, original[0], first) + inner
            return fit + self._after(original[-1], last, after)
        best = -math.inf
        for original, inner in swap.originals:
            fit = self._before(before, original[0], first) + inner
            best = max(best, fit + self._after(original[-1], last, after))
        return best


def starts(lexicons: Sequence[Lexicon], words: Words) -> list[int]:
    """How many words start a swap of each of `lexicons`, as Lexicon.sites counts them, in
    one reading of the words (a long text's are found again at each reading)."""
    tests = [(lexicon._firsts.__contains__, lexicon._firsts.isdisjoint) for lexicon in lexicons]
    counts = [0] * len(tests)
    for line in words.lines():
        for k, (first, apart) in enumerate(tests):
            if not apart(line):
                counts[k] += sum(map(first, line))
    return counts


def _stem(word: str) -> str:
    """`word` less an inflection's ending, roughly: enough to tell one swap from another."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _pairs(words: Sequence[str], trigrams: Trigrams) -> float:
    """log P of `words` after their first, by word pairs."""
    # Started at 0.0: a compiled build holds a sum started at 0 as an int.
    return sum((trigrams.gram(pair) for pair in itertools.pairwise(words)), 0.0)
