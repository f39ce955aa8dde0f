"""Scoring the swaps a spinner is known to make, and grouping a swap made in many places.

The swaps come from cleaner/spinlex.py (learned from rules that do not fire on the texts).
Such a swap needs less evidence than a thesaurus neighbour, so it starts from a prior, and
every word pair around it speaks: those it breaks against it, those it makes for it.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cleaner.bigrams import Bigrams, Pair, Token
from cleaner.phrases import fold
from cleaner.spinlex import SpinLexicon
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

    def with_words(self, middle: Sequence[str]) -> list[str]:
        """The swapped words with a word of context either side, where the run has one."""
        lo, hi = max(self.start - 1, 0), min(self.end + 1, len(self.run))
        before = [t.word for t in self.run[lo : self.start]]
        after = [t.word for t in self.run[self.end : hi]]
        return [*before, *middle, *after]


def learned_swap(
    window: Window, variant: Sequence[str], count: int, bigrams: Bigrams, lexicon: SpinLexicon
) -> Suggestion | None:
    """Score a swap the spinner is known to make: its prior, plus how the pairs change.

    Every pair inside the window counts, the swapped words' own pairs too ("chinese
    language" -> "chinese"), each by how much more than a rare pair it is attested. A
    context word may itself be spun ("overseas funding" for "foreign investment"), so a
    pair the swap makes with it counts at its best with that word swapped back as well.
    """
    run, start, end = window.run, window.start, window.end
    old = window.with_words([t.word for t in run[start:end]])
    new = window.with_words(variant)
    old_pairs, new_pairs = list(itertools.pairwise(old)), list(itertools.pairwise(new))
    if not old_pairs:
        return None
    gains = [
        _attested(bigrams, lexicon, n, first=i == 0 and start > 0, last=i == len(new_pairs) - 1)
        - bigrams.association(o)
        for i, (o, n) in enumerate(zip(old_pairs, new_pairs, strict=False))
    ]
    gains.extend(-bigrams.association(o) for o in old_pairs[len(new_pairs) :])
    gains.extend(bigrams.association(n) for n in new_pairs[len(old_pairs) :])
    gain = sum(gains)
    score = LEARNED_PRIOR + math.log(count) / 2 + gain
    if not any(bigrams.rare(p) for p in old_pairs):
        score -= LEARNED_PRIOR  # edited English writes every pair here: only the prior speaks
    if gain <= 0 or score < MIN_SCORE:
        return None
    # The target takes the context word on the side where a rare pair gains most.
    sides = []
    if start > 0 and bigrams.rare(old_pairs[0]):
        sides.append((gains[0], start - 1, end))
    if end < len(run) and bigrams.rare(old_pairs[-1]):
        sides.append((gains[-1], start, end + 1))
    _, lo, hi = max(sides, default=(0.0, start, end))
    if hi - lo == 1 and end - start == 1:  # one word alone is no rule: take the better side
        lo, hi = (
            (start - 1, end)
            if start > 0 and (end == len(run) or gains[0] >= gains[-1])
            else (start, min(end + 1, len(run)))
        )
    rarest = min(old_pairs, key=bigrams.count)
    target = " ".join(t.text for t in run[lo:hi])
    written = recase(" ".join(variant), run[start].text) if variant else ""
    around = [*(t.text for t in run[lo:start]), written, *(t.text for t in run[end:hi])]
    return Suggestion(
        target=target,
        replacement=" ".join(" ".join(around).split()),
        score=score,
        evidence=f"learned from {count} rule(s); "
        f"{bigrams.evidence(rarest)} -> {bigrams.evidence(max(new_pairs, key=bigrams.count))}",
        forms=Counter({target: 1}),
        swap=(" ".join(t.word for t in run[start:end]), " ".join(variant)),
    )


def _attested(bigrams: Bigrams, lexicon: SpinLexicon, pair: Pair, first: bool, last: bool) -> float:
    """A new pair's association, its context word (if any) swapped back where that helps."""
    a, b = pair
    options = [pair]
    if first:
        options += [(o[0], b) for o in lexicon.of((a,)) if len(o) == 1]
    if last:
        options += [(a, o[0]) for o in lexicon.of((b,)) if len(o) == 1]
    return max(map(bigrams.association, options))


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
