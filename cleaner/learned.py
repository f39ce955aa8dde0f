"""Scoring the swaps a spinner is known to make, and grouping a swap made in many places.

The swaps come from cleaner/spinlex.py (learned from rules that do not fire on the texts).
Such a swap needs less evidence than a thesaurus neighbour, so it starts from a prior, and
the words around it speak: how much likelier a bigram model of English finds the stretch
with the swap undone than as the spinner left it.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cleaner.bigrams import FUNCTION_ZIPF, Bigrams, Pair, Token, frequency, zipf
from cleaner.phrases import fold
from cleaner.spinlex import SpinLexicon, Words
from cleaner.suggestion import Suggestion, recase

# A learned swap's head start over a thesaurus neighbour: a 7-fold gain in pair counts.
LEARNED_PRIOR = 2.0
MIN_SCORE = math.log(2.0)


@dataclass(frozen=True)
class Window:
    """run[start:end], the words a swap would replace, in their run."""

    run: Sequence[Token]
    start: int
    end: int


def learned_swap(
    window: Window, variant: Sequence[str], count: int, bigrams: Bigrams, lexicon: SpinLexicon
) -> Suggestion | None:
    """Score a swap the spinner is known to make: its prior, plus how the words fit.

    The fit is the log odds, under a bigram model (Bigrams.follows), of the words with the
    swap undone against the words as written: the swapped words' own pairs ("chinese
    language" -> "chinese") and the pair with a word of context either side. The model
    weighs each pair by what its first word predicts, so a common pair such as "in
    response" or "as an" no longer speaks against a swap merely for being common ("in
    response to" -> "according to", "known as" -> "called"). A context word may itself
    be spun ("overseas funding" for "foreign investment"), so a pair the swap makes with it
    counts at its best with that word swapped back as well.
    """
    run, start, end = window.run, window.start, window.end
    spun = [t.word for t in run[start:end]]
    sides: list[_Side] = []
    if start > 0:
        context = run[start - 1].word
        old = (context, spun[0])
        new = [(context, variant[0])] + [(o[0], variant[0]) for o in _single(lexicon, context)]
        sides.append(_Side(old, new, start - 1, start - 1, end, bigrams))
    if end < len(run):
        context = run[end].word
        old = (spun[-1], context)
        new = [(variant[-1], context)] + [(variant[-1], o[0]) for o in _single(lexicon, context)]
        sides.append(_Side(old, new, end, start, end + 1, bigrams))
    old_pairs = [*itertools.pairwise(spun), *(side.old for side in sides)]
    made = [*itertools.pairwise(variant), *(side.new for side in sides)]
    gain = sum(map(bigrams.follows, made)) - sum(map(bigrams.follows, old_pairs))
    if start == 0:  # no word before: the first word's own frequency is the model's odds
        gain += math.log(frequency(variant[0]) / frequency(spun[0]))
    score = LEARNED_PRIOR + math.log(count) / 2 + gain
    if not any(bigrams.rare(p) for p in old_pairs):
        score -= LEARNED_PRIOR  # edited English writes every pair here: only the prior speaks
    # A rare pair that no variant makes common either (the list is short) leaves the
    # prior to speak: the spinner is known to make this swap.
    if not sides or gain < 0 or score < MIN_SCORE:
        return None
    # The target takes a word of context: where a rare pair gains most, a content word first
    # (a swap of several words may stand alone).
    best = max(sides, key=lambda side: (bigrams.rare(side.old), side.content, side.gain))
    lo, hi = (best.lo, best.hi) if best.content or end - start == 1 else (start, end)
    written = {start: recase(" ".join(variant), run[start].text)}
    swapped = (" ".join(spun), " ".join(variant))
    if (lo, hi) == (best.lo, best.hi) and best.back is not None:
        # The context word is spun too: one rule repairs both ("pure assets").
        written[best.at] = recase(best.back, run[best.at].text)
        both = [written.get(i, run[i].word) for i in range(lo, hi) if not start < i < end]
        swapped = (" ".join(t.word for t in run[lo:hi]), fold(" ".join(both)))
    target = " ".join(t.text for t in run[lo:hi])
    replacement = [written.get(i, run[i].text) for i in range(lo, hi) if not start < i < end]
    rarest = min(old_pairs, key=bigrams.count)
    return Suggestion(
        target=target,
        replacement=" ".join(replacement),
        score=score,
        evidence=f"learned from {count} rule(s); "
        f"{bigrams.evidence(rarest)} -> {bigrams.evidence(max(made, key=bigrams.count))}",
        forms=Counter({target: 1}),
        swap=swapped,
    )


class _Side:
    """The pair a swap makes with a word of context (run[at]), and what it is worth."""

    def __init__(
        self, old: Pair, new: Sequence[Pair], at: int, lo: int, hi: int, bigrams: Bigrams
    ) -> None:
        self.old, self.at, self.lo, self.hi = old, at, lo, hi
        self.new = max(new, key=bigrams.association)
        self.gain = bigrams.association(self.new) - bigrams.association(old)
        i = 0 if at == lo else 1  # the context word's place in the pair
        self.content = zipf(old[i]) < FUNCTION_ZIPF
        # The context word swapped back, where the best pair needs that.
        self.back = self.new[i] if self.new[i] != old[i] else None


def _single(lexicon: SpinLexicon, word: str) -> list[Words]:
    return [o for o in lexicon.of((word,)) if len(o) == 1]


def group(found: Iterable[Suggestion]) -> list[Suggestion]:
    """One bare rule for a swap made in several contexts: the spinner's habit, not chance."""
    by_swap: dict[tuple[str, str], list[Suggestion]] = {}
    for s in found:
        by_swap.setdefault(s.swap or (fold(s.target), fold(s.replacement)), []).append(s)
    grouped = []
    for (spun, original), members in by_swap.items():
        if len(members) < 2 or not spun:
            grouped.extend(members)
            continue
        best = max(members, key=lambda s: s.score)
        forms: Counter[str] = Counter()
        for s in members:
            forms.update(_span_form(s, spun))
        grouped.append(
            Suggestion(
                target=forms.most_common(1)[0][0],
                replacement=recase(original, forms.most_common(1)[0][0]),
                score=best.score,
                evidence=f"{len(members)} contexts; best: {best.evidence}",
                occurrences=sum(s.occurrences for s in members),
                forms=forms,
                swap=best.swap,
            )
        )
    return grouped


def _span_form(s: Suggestion, spun: str) -> Counter[str]:
    """The swapped words as written in each form of the target."""
    n = len(spun.split())
    found: Counter[str] = Counter()
    for form, times in s.forms.items():
        words = form.split()
        for i in range(len(words) - n + 1):
            if " ".join(fold(w) for w in words[i : i + n]) == spun:
                found[" ".join(words[i : i + n])] += times
                break
    return found
