"""Mine candidate spin rules from texts: rare word pairs whose thesaurus variant is common.

A spinner swaps a word for a thesaurus neighbour and so leaves a word pair that edited
English almost never writes ("White Home") where swapping the word back gives a common one
("White House"). For every word of the input, each thesaurus neighbour (see
cleaner/thesaurus.py) is tried in its place; the evidence is how the pairs it forms with
the words either side change in frequency:

- a shipped list of the 243,342 commonest English word pairs (symspellpy's, counts from a
  web-scale corpus, the rarest listed about 6.4 million), and
- optionally a folder of clean reference text (`--reference`), whose pair counts are put
  on the list's scale (the median ratio over pairs both hold) and added.

A pair counts as rare when the list does not hold it and the reference has it at most once.
Only rare pairs can speak for a swap; a swap that breaks a common pair speaks against it.
Rule files are never read: the method must find spin nobody has written a rule for.
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
from cleaner.thesaurus import Synonyms, require

BIGRAMS = "frequency_bigramdictionary_en_243_342.txt"
# A pair absent from the list may still have up to this count: the list's smallest one.
LIST_FLOOR = 6_400_000
RARE_IN_REFERENCE = 1  # occurrences in the reference corpus a rare pair may still have
MIN_SCORE = math.log(2.0)  # the variant must be at least twice as well attested
MIN_ZIPF = 3.0  # a word a news writer used: once per million words or more
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


@dataclass
class Suggestion:
    """A candidate rule `target -> replacement`, with the pair counts that speak for it."""

    target: str
    replacement: str
    score: float
    evidence: str
    occurrences: int = 1
    forms: Counter[str] = field(default_factory=Counter)  # target as written, per occurrence

    @property
    def rule(self) -> str:
        return f"{self.target} -> {self.replacement}"


def suggest(
    texts: Iterable[str], bigrams: Bigrams, synonyms: Synonyms | None = None
) -> list[Suggestion]:
    """Candidate rules for the spin in `texts`, best first."""
    all_runs = [run for text in texts for run in runs(text)]
    if synonyms is None:
        synonyms = Synonyms.for_words(_vocabulary(all_runs))
    found: dict[tuple[str, str], Suggestion] = {}
    for run in all_runs:
        for candidate in _candidates(run, bigrams, synonyms):
            key = (fold(candidate.target), fold(candidate.replacement))
            if key in found:
                _merge(found[key], candidate)
            else:
                found[key] = candidate
    return _rank(found.values())


def _vocabulary(all_runs: Iterable[Sequence[Token]]) -> set[str]:
    words: set[str] = set()
    for run in all_runs:
        words.update(t.word for t in run)
        words.update(" ".join(pair) for pair in pairs(run))
    return words


def _candidates(run: Sequence[Token], bigrams: Bigrams, synonyms: Synonyms) -> Iterator[Suggestion]:
    """The best-supported swap of each word (or thesaurus phrase of two words) in a run."""
    for start in range(len(run)):
        for end in (start + 1, start + 2):
            if end > len(run) or not all(t.word.isalpha() for t in run[start:end]):
                continue
            span = " ".join(t.word for t in run[start:end])
            if zipf(span) >= FUNCTION_ZIPF:
                continue
            if end - start == 2 and not synonyms.is_phrase(span):
                continue
            best = max(
                (_swap(run, start, end, v, bigrams) for v in sorted(synonyms.of(span))),
                key=lambda s: s.score if s else -math.inf,
                default=None,
            )
            if best is not None:
                yield best


def _swap(
    run: Sequence[Token], start: int, end: int, variant: str, bigrams: Bigrams
) -> Suggestion | None:
    """Score putting `variant` for run[start:end] by the pairs it forms either side."""
    if not variant.isalpha() or not MIN_ZIPF <= zipf(variant) < FUNCTION_ZIPF:
        return None
    junctions = []  # (first, last token of the pair, the pair now, the pair after the swap)
    if start > 0:
        left = run[start - 1].word
        junctions.append((start - 1, end, left, (left, run[start].word), (left, variant)))
    if end < len(run):
        right = run[end].word
        junctions.append((start, end + 1, right, (run[end - 1].word, right), (variant, right)))
    score, best = 0.0, None
    for lo, hi, context, old_pair, new_pair in junctions:
        gain = math.log(
            (bigrams.count(new_pair) + LIST_FLOOR) / (bigrams.count(old_pair) + LIST_FLOOR)
        )
        if bigrams.rare(old_pair) and zipf(context) < FUNCTION_ZIPF:
            score += max(gain, 0.0)
            if best is None or gain > best[0]:
                best = (gain, lo, hi, old_pair, new_pair)
        elif gain < 0:
            score += gain  # the swap would break a pair edited English writes
    if best is None or score < MIN_SCORE:
        return None
    _, lo, hi, old_pair, new_pair = best
    target = " ".join(t.text for t in run[lo:hi])
    replacement = [
        *(t.text for t in run[lo:start]),
        _recase(variant, run[start].text),
        *(t.text for t in run[end:hi]),
    ]
    return Suggestion(
        target=target,
        replacement=" ".join(replacement),
        score=score,
        evidence=f"{bigrams.evidence(old_pair)} -> {bigrams.evidence(new_pair)}",
        forms=Counter({target: 1}),
    )


def _recase(word: str, like: str) -> str:
    """The replacement in the case of the word it replaces."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _merge(kept: Suggestion, other: Suggestion) -> None:
    kept.occurrences += other.occurrences
    kept.forms.update(other.forms)
    if other.score > kept.score:
        kept.score, kept.evidence = other.score, other.evidence


def _rank(found: Iterable[Suggestion]) -> list[Suggestion]:
    """Best first; one replacement per target, and no replacement that is a target."""
    ordered = sorted(found, key=lambda s: (-_weight(s), s.target.casefold()))
    chosen: list[Suggestion] = []
    targets: set[str] = set()
    replacements: set[str] = set()
    for s in ordered:
        s.target, s.replacement = _written(s)
        target, replacement = fold(s.target), fold(s.replacement)
        if target in targets | replacements or replacement in targets:
            continue
        targets.add(target)
        replacements.add(replacement)
        chosen.append(s)
    return chosen


def _weight(s: Suggestion) -> float:
    # A swap seen again elsewhere in the texts is more likely the spinner's habit.
    return s.score + 0.5 * math.log(s.occurrences)


def _written(s: Suggestion) -> tuple[str, str]:
    """Lower case when any occurrence is (the rule then matches every case form)."""
    if any(form == form.lower() for form in s.forms):
        return s.target.lower(), s.replacement.lower()
    return s.forms.most_common(1)[0][0], s.replacement


def format_suggestion(s: Suggestion) -> str:
    """A rule line ready to paste, under a comment with its evidence."""
    seen = f", seen {s.occurrences}x" if s.occurrences > 1 else ""
    return f"# score {s.score:.1f}{seen}: {s.evidence}\n{s.rule}"
