"""Mine candidate spin rules from texts: rare word pairs whose swapped-back variant fits.

A spinner swaps a word for a thesaurus neighbour and so leaves a word pair that edited
English almost never writes ("White Home", cleaner/suggest/bigrams.py) where swapping the word back
gives words that fit their context ("the White House said"). Two sources propose what a
word may have replaced, each with its prior (cleaner/suggest/scoring.py):

- the swaps the spinner is known to make, learned from the rule base less every rule that
  fires on the texts (cleaner/suggest/lexicon.py), and
- every thesaurus neighbour of the word (cleaner/suggest/thesaurus.py), which starts far lower.

The evidence is the fit: how much likelier a trigram model of English finds the words
around the swap with it undone (cleaner/suggest/fit.py). Numbers written against wire style ("the
2 leaders", "ten%") are candidates of their own (cleaner/suggest/numerals.py). A swap made in
several places becomes one rule for the swapped words alone, and suggestions that overlap
in the texts are put together as one rule file needs them (cleaner/suggest/together.py). Those
from a text where none scores STRONG_SCORE (a number aside) are not backed by any strong
evidence of spin, as in clean copy, and come last (cleaner/suggest/scoring.py); the command lists
only those backed that score LISTED_SCORE or more (cleaner/suggest/suggestion.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from cleaner.phrases import fold
from cleaner.suggest.bigrams import FUNCTION_ZIPF, Bigrams, Token, pairs, runs, zipf
from cleaner.suggest.fit import Fit, Window
from cleaner.suggest.lexicon import SpinLexicon
from cleaner.suggest.numerals import numeral_swaps
from cleaner.suggest.scoring import LEARNED_PRIOR, STRONG_SCORE, THESAURUS_PRIOR, group
from cleaner.suggest.suggestion import Suggestion
from cleaner.suggest.thesaurus import Synonyms
from cleaner.suggest.together import together
from cleaner.trigrams import Trigrams

__all__ = ["Bigrams", "Suggestion", "format_suggestion", "suggest"]

MIN_ZIPF = 3.0  # a word a news writer used: once per million words or more


def suggest(
    texts: Iterable[str],
    bigrams: Bigrams,
    synonyms: Synonyms | None = None,
    lexicon: SpinLexicon | None = None,
    trigrams: Trigrams | None = None,
) -> list[Suggestion]:
    """Candidate rules for the spin in `texts`, best first.

    `lexicon` holds the swaps the spinner is known to make (learned from rules that do
    not fire on `texts`); without it only the thesaurus proposes swaps.
    """
    texts = list(texts)
    if trigrams is None:
        trigrams = Trigrams.load()
    text_runs = [list(runs(text)) for text in texts]
    all_runs = [run for in_text in text_runs for run in in_text]
    if synonyms is None:
        synonyms = Synonyms.for_words(_vocabulary(all_runs))
    if lexicon is None:
        lexicon = SpinLexicon()
    lexicon = lexicon.inflected({t.word for run in all_runs for t in run}, synonyms.inflector)
    found: dict[tuple[str, str], Suggestion] = {}
    names = _names(all_runs)
    sources = _Sources(bigrams, trigrams, synonyms, lexicon)
    for text, in_text in zip(texts, text_runs, strict=True):
        candidates = [
            *(c for run in in_text for c in _candidates(run, sources, names)),
            *numeral_swaps(text),
        ]
        strong = any(c.score >= STRONG_SCORE and not c.by_style for c in candidates)
        for candidate in candidates:
            candidate.backed = strong
            key = (fold(candidate.target), fold(candidate.replacement))
            if key in found:
                _merge(found[key], candidate)
            else:
                found[key] = candidate
    ranked = _admissible(_ordered(group(found.values())))
    return _admissible(together(ranked, texts, text_runs, trigrams))


def _vocabulary(all_runs: Iterable[Sequence[Token]]) -> set[str]:
    words: set[str] = set()
    for run in all_runs:
        words.update(t.word for t in run)
        words.update(" ".join(pair) for pair in pairs(run))
    return words


def _names(all_runs: Iterable[Sequence[Token]]) -> frozenset[str]:
    """Words written as names somewhere: capitalised inside a run, between lower-case words.

    "Trump" and "Japanese" are not spun however rare their pairs ("Trump meets"); "Home"
    in "White Home" stands among capitals, as a spun title does.
    """
    found = set()
    for run in all_runs:
        for i in range(1, len(run)):
            text = run[i].text
            if text[:1].isupper() and not text.isupper() and _lower(run, i - 1, i + 1):
                found.add(run[i].word)
    return frozenset(found)


def _lower(run: Sequence[Token], *at: int) -> bool:
    return all(i >= len(run) or run[i].text[:1].islower() for i in at)


@dataclass(frozen=True)
class _Sources:
    """What a candidate draws on: pair counts, the context model, the swaps to try."""

    bigrams: Bigrams
    trigrams: Trigrams
    synonyms: Synonyms
    lexicon: SpinLexicon


def _candidates(
    run: Sequence[Token], sources: _Sources, names: frozenset[str]
) -> Iterator[Suggestion]:
    """The best-supported swap of each stretch of words in a run; a name is kept."""
    longest = max(3, sources.lexicon.longest)
    for start in range(len(run)):
        for end in range(start + 1, min(start + longest, len(run)) + 1):
            words = tuple(t.word for t in run[start:end])
            span = " ".join(words)
            window = Window(run, start, end)
            if not any(w.isalpha() for w in words) or zipf(span) >= FUNCTION_ZIPF:
                continue
            # Where edited English writes every pair ("was decided to"), only the words
            # around can speak: a learned swap starts as much lower as a thesaurus
            # neighbour always does, and a neighbour, with no rule behind it, is not tried
            # unless the words are a thesaurus phrase of three. A spinner writes those
            # for one word ("going by means of a" for "going through a"), and their
            # pairs are all common. Held out, they undid 5 edits more for none more
            # wrong on 20 articles, 4 more for 2 more wrong on 40 others.
            spun = _spun(window, sources.bigrams)
            prior = 0.0 if spun else THESAURUS_PRIOR
            kept = names.intersection(words)
            tries = [
                (variant, prior + _prior(n), f"learned from {n} rule(s)")
                for variant, n in sources.lexicon.of(words).items()
                if kept <= set(variant)  # "Chinese language" -> "Chinese" keeps the name
            ]
            # Where the rules show what the spinner writes these words for, that is the
            # spinner's thesaurus: Moby's many other neighbours would only add noise.
            phrase = len(words) > 2
            if (
                not tries
                and not kept
                and (spun or phrase)
                and _in_thesaurus(words, sources.synonyms)
            ):
                tries = [
                    (tuple(v.split()), THESAURUS_PRIOR, "thesaurus")
                    for v in sorted(sources.synonyms.of(span))
                    if zipf(v) >= MIN_ZIPF
                ]
            if not tries:
                continue
            fit = Fit(window, sources.trigrams)
            options = (fit.suggestion(*tried) for tried in tries)
            best = max((s for s in options if s is not None), key=lambda s: s.score, default=None)
            if best is not None:
                yield best


def _prior(count: int) -> float:
    return LEARNED_PRIOR + math.log(count) / 2


def _spun(window: Window, bigrams: Bigrams) -> bool:
    """Whether the words, with a word of context either side, make a pair English does not."""
    around = window.run[max(0, window.start - 1) : window.end + 1]
    return any(bigrams.rare(pair) for pair in pairs(around))


def _in_thesaurus(words: Sequence[str], synonyms: Synonyms) -> bool:
    """A word, or a thesaurus phrase of two or three ("economic system", "by means of")."""
    if not all(w.isalpha() for w in words):
        return False
    return len(words) == 1 or (len(words) <= 3 and synonyms.is_phrase(" ".join(words)))


def _merge(kept: Suggestion, other: Suggestion) -> None:
    kept.occurrences += other.occurrences
    kept.backed = kept.backed or other.backed
    kept.forms.update(other.forms)
    if other.score > kept.score:
        kept.score, kept.evidence = other.score, other.evidence


def _ordered(found: Iterable[Suggestion]) -> list[Suggestion]:
    """Best first, those from texts with no strong evidence last; each written as its rule
    will be."""
    ordered = sorted(found, key=lambda s: (not s.backed, -_weight(s), s.target.casefold()))
    for s in ordered:
        s.target, s.replacement = _written(s)
    return ordered


def _admissible(ordered: Iterable[Suggestion]) -> list[Suggestion]:
    """One replacement per target, and no replacement holds a target, the better ranked
    kept: the rules must load together, and `cleaner rules check` refuses a replacement
    that another rule would rewrite again ("also measure -> additionally measure" beside
    "additionally -> also").
    """
    chosen: list[Suggestion] = []
    targets: list[str] = []
    replacements: list[str] = []
    for s in ordered:
        target, replacement = f" {fold(s.target)} ", f" {fold(s.replacement)} "
        if (
            target in targets
            or any(t in replacement for t in [*targets, target])
            or any(target in r for r in replacements)
        ):
            continue
        targets.append(target)
        replacements.append(replacement)
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
    weak = "" if s.backed else " (no strong evidence of spin in its text)"
    return f"# score {s.score:.1f}{seen}{weak}: {s.evidence}\n{s.rule}"
