"""A spinner's thesaurus, learned from spin rules: which words it writes for which.

A spinner applies the same thesaurus to every article it touches, so the rules written for
other articles ("Oval Workplace -> Oval Office", "metal imports -> steel imports") name
swaps it will make again elsewhere ("workplace" for "office", "metal" for "steel"). Each
rule's target and replacement are aligned word by word (difflib); every stretch that
differs is one swap, read backwards: the words the spinner wrote -> the words it replaced.
A stretch that the spinner only added or only dropped ("Chinese language President" ->
"Chinese President") keeps a word of context, so that both sides have words.

Rules that fire on the texts being mined are left out: they already repair those texts,
and a suggestion that only repeats them is no discovery (nor is it honest evidence when
the method is measured on a text the rules were written from).

A swap of unequal lengths is one stretch to difflib, so a rule that makes two swaps side by
side ("3 international locations" -> "three countries") would teach only their pair. Where
one end of it is a word swap known on its own ("3" -> "three", from numbers' wire style or
another rule), the rest is a swap too ("international locations" -> "countries"), one that
recurs beside other words. Held out (bench/suggest_heldout.py) these undid 3 more edits for
none more wrong on 20 articles, 4 more for 1 more wrong on 40 others.
"""

from __future__ import annotations

import difflib
import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cleaner.phrases import folded, word_grams
from cleaner.ruleset import SpinRule
from cleaner.suggest.bigrams import FUNCTION_ZIPF, zipf
from cleaner.suggest.numerals import SPELLED
from cleaner.suggest.thesaurus import Inflector

Words = tuple[str, ...]
MAX_SWAP = 3  # words on either side of a learned swap; longer stretches are not one swap
# Words a site's house style adds where its source has a symbol or nothing (see insertions).
HOUSE_STYLE = frozenset({"cent", "mr", "mrs", "ms", "percent", "rs"})


def firing(rules: Iterable[SpinRule], texts: Iterable[str]) -> set[SpinRule]:
    """Rules whose target's words occur in any text, whatever the case or tier.

    Wider than what the spin stage applies (it honours case forms and the gate), so that
    nothing a rule would repair in these texts can leak into the evidence.
    """
    rules = list(rules)
    longest = max((len(folded(r.target)) for r in rules), default=0)
    seen: set[Words] = set()
    for text in texts:
        seen.update(word_grams(text, range(1, longest + 1)))
    return {r for r in rules if folded(r.target) in seen}


def swaps(spun: Words, original: Words) -> Iterable[tuple[Words, Words]]:
    """The stretches where `spun` differs from `original`, each with its original words."""
    matcher = difflib.SequenceMatcher(a=spun, b=original, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if i1 == i2 or j1 == j2:  # only added or only dropped: borrow a word of context
            if i1 > 0 and j1 > 0:
                i1, j1 = i1 - 1, j1 - 1
            elif i2 < len(spun) and j2 < len(original):
                i2, j2 = i2 + 1, j2 + 1
            else:
                continue
        if i2 - i1 <= MAX_SWAP and j2 - j1 <= MAX_SWAP:
            yield spun[i1:i2], original[j1:j2]
        if op == "replace" and 1 < i2 - i1 == j2 - j1 and _content(spun[i1:i2] + original[j1:j2]):
            # Word for word ("pure assets" -> "natural resources"): each word is a swap too;
            # not so an idiom with a function word in it ("resulting from" -> "due to").
            yield from (((a,), (b,)) for a, b in zip(spun[i1:i2], original[j1:j2], strict=True))


def insertions(spun: Words, original: Words) -> Iterable[tuple[Words, Words]]:
    """The words `spun` adds to `original`, each addition read with the word it stands
    before, as the swap it makes: a spinner writes a longer phrase for a word ("gross
    sales" for "sales", "brand new" for "new"), which `swaps` reads with the word before
    ("declining gross" -> "declining"), a swap that recurs only beside that word. Additions
    of house style ("per cent" for "%", "Mr") are the site's, not the spinner's."""
    matcher = difflib.SequenceMatcher(a=spun, b=original, autojunk=False)
    for op, i1, i2, j1, _ in matcher.get_opcodes():
        if (
            op == "delete"
            and i2 - i1 < MAX_SWAP
            and i2 < len(spun)
            and j1 < len(original)
            and spun[i2] == original[j1]
            and not HOUSE_STYLE.intersection(spun[i1:i2])
        ):
            yield spun[i1 : i2 + 1], original[j1 : j1 + 1]


def kept(spun: Words, original: Words, phrases: set[Words]) -> Counter[Words]:
    """How often each of `phrases` stands in `spun` where `original` has the same words,
    aligned as `swaps` aligns them: the spinner's output words it did not write for
    another (the writer's own "acquired"), against which its swaps of them are weighed."""
    longest = max(map(len, phrases), default=0)
    found: Counter[Words] = Counter()
    matcher = difflib.SequenceMatcher(a=spun, b=original, autojunk=False)
    for block in matcher.get_matching_blocks():
        words = spun[block.a : block.a + block.size]
        for n in range(1, longest + 1):
            found.update(
                g for g in zip(*(words[i:] for i in range(n)), strict=False) if g in phrases
            )
    return found


def _content(words: Iterable[str]) -> bool:
    return all(zipf(word) < FUNCTION_ZIPF for word in words)


@dataclass
class SpinLexicon:
    """Learned swaps: the words a spinner wrote -> the words it replaced, with rule counts."""

    swaps: dict[Words, Counter[Words]] = field(default_factory=dict)

    @classmethod
    def learn(cls, rules: Iterable[SpinRule]) -> SpinLexicon:
        """Learned from written rules: the model tier's swaps (rules/spin/model.txt) are
        themselves learned, partly from seed 004, so they are no rules to learn from."""
        lexicon = cls()
        for rule in rules:
            if rule.tier == "model":
                continue
            for spun, original in swaps(folded(rule.target), folded(rule.replacement)):
                lexicon.swaps.setdefault(spun, Counter())[original] += 1
        for (spun, original), count in sorted(lexicon._peeled().items()):
            lexicon.swaps.setdefault(spun, Counter())[original] += count
        return lexicon

    def _peeled(self) -> Counter[tuple[Words, Words]]:
        """Swaps left when a known word swap is taken off either end of a swap of unequal
        lengths (see the module's docstring); only content words, as in `swaps`."""
        known: dict[Words, set[Words]] = {(f,): {(word,)} for f, word in SPELLED.items()}
        for spun, originals in self.swaps.items():
            if len(spun) == 1:
                known.setdefault(spun, set()).update(o for o in originals if len(o) == 1)
        ends = ((slice(1), slice(1, None)), (slice(-1, None), slice(-1)))  # (end, rest)
        found: Counter[tuple[Words, Words]] = Counter()
        for spun, originals in self.swaps.items():
            for original, count in originals.items():
                if len(spun) == len(original) or min(len(spun), len(original)) < 2:
                    continue
                for end, rest in ends:
                    if original[end] in known.get(spun[end], ()) and _content(
                        spun[rest] + original[rest]
                    ):
                        found[spun[rest], original[rest]] += count
        return found

    @classmethod
    def unseen(cls, rules: Iterable[SpinRule], texts: Sequence[str]) -> SpinLexicon:
        """Learned from the rules that do not fire on `texts`."""
        rules = list(rules)
        fired = firing(rules, texts)
        return cls.learn(r for r in rules if r not in fired)

    @property
    def longest(self) -> int:
        return max((len(spun) for spun in self.swaps), default=0)

    def of(self, spun: Sequence[str]) -> Counter[Words]:
        """The words the spinner may have replaced with `spun`, with their rule counts.

        Two words that no rule shows swapped together may each have been swapped ("pure
        assets" for "natural resources"); such a pair counts as its rarer swap.
        """
        found = self.swaps.get(tuple(spun))
        if found is not None or len(spun) != 2:
            return found or Counter()
        first, second = (self.swaps.get((word,), Counter()) for word in spun)
        return Counter(
            {
                (*a, *b): min(m, n)
                for (a, m), (b, n) in itertools.product(first.items(), second.items())
                if len(a) == len(b) == 1 and _content((*spun, *a, *b))
            }
        )

    def inflected(self, vocabulary: Iterable[str], inflector: Inflector) -> SpinLexicon:
        """This lexicon plus its one-word swaps in the other forms `vocabulary` holds.

        A rule shows "workplace" for "office"; the same spinner writes "workplaces" for
        "offices". Both words are reduced to lemmas of the same tag and the original is
        inflected to each form of the spun word found in the texts.
        """
        by_lemma: dict[str, Counter[str]] = {}
        for (spun, *more), originals in self.swaps.items():
            for (original, *longer), count in originals.items():
                if more or longer:
                    continue
                lemmas = {tag: lemma for lemma, tag in inflector.analyses(original)}
                for lemma, tag in inflector.analyses(spun):
                    if tag in lemmas:
                        by_lemma.setdefault(lemma, Counter())[lemmas[tag]] += count
        grown = SpinLexicon({spun: Counter(c) for spun, c in self.swaps.items()})
        for word in vocabulary:
            if (word,) in self.swaps:
                continue
            for lemma, tag in inflector.analyses(word):
                for original, count in by_lemma.get(lemma, Counter()).items():
                    for form in inflector.inflect(original, tag)[:1]:
                        if form != word:
                            grown.swaps.setdefault((word,), Counter())[(form,)] += count
        return grown
