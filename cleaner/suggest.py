"""Mine candidate spin rules from texts: rare word pairs whose swapped-back variant is common.

A spinner swaps a word for a thesaurus neighbour and so leaves a word pair that edited
English almost never writes ("White Home") where swapping the word back gives a common one
("White House"). Two sources propose what a word may have replaced:

- the swaps the spinner is known to make, learned from the rule base less every rule that
  fires on the texts (cleaner/spinlex.py, scored in cleaner/learned.py), and
- every thesaurus neighbour of the word (cleaner/thesaurus.py), which needs stronger
  evidence: only rare pairs (cleaner/bigrams.py) can speak for it, and a swap that breaks
  a common pair speaks against it.

Numbers written against wire style ("the 2 leaders", "ten%") are candidates of their own
(cleaner/numerals.py).

The evidence is how the word pairs the swap forms with the words either side change in
frequency. A swap made in several places becomes one rule for the swapped words alone.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from cleaner.bigrams import FUNCTION_ZIPF, LIST_FLOOR, Bigrams, Token, pairs, runs, zipf
from cleaner.learned import MIN_SCORE, Window, group, learned_swap
from cleaner.numerals import numeral_swaps
from cleaner.phrases import fold
from cleaner.spinlex import SpinLexicon
from cleaner.suggestion import Suggestion, recase
from cleaner.thesaurus import Synonyms

__all__ = ["Bigrams", "Suggestion", "format_suggestion", "suggest"]

MIN_ZIPF = 3.0  # a word a news writer used: once per million words or more


def suggest(
    texts: Iterable[str],
    bigrams: Bigrams,
    synonyms: Synonyms | None = None,
    lexicon: SpinLexicon | None = None,
) -> list[Suggestion]:
    """Candidate rules for the spin in `texts`, best first.

    `lexicon` holds the swaps the spinner is known to make (learned from rules that do
    not fire on `texts`); without it only the thesaurus proposes swaps.
    """
    texts = list(texts)
    all_runs = [run for text in texts for run in runs(text)]
    if synonyms is None:
        synonyms = Synonyms.for_words(_vocabulary(all_runs))
    if lexicon is None:
        lexicon = SpinLexicon()
    lexicon = lexicon.inflected({t.word for run in all_runs for t in run}, synonyms.inflector)
    found: dict[tuple[str, str], Suggestion] = {}
    names = _names(all_runs)
    candidates = itertools.chain(
        (c for run in all_runs for c in _candidates(run, bigrams, synonyms, lexicon, names)),
        (c for text in texts for c in numeral_swaps(text)),
    )
    for candidate in candidates:
        key = (fold(candidate.target), fold(candidate.replacement))
        if key in found:
            _merge(found[key], candidate)
        else:
            found[key] = candidate
    return _rank(group(found.values()))


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


def _candidates(
    run: Sequence[Token],
    bigrams: Bigrams,
    synonyms: Synonyms,
    lexicon: SpinLexicon,
    names: frozenset[str],
) -> Iterator[Suggestion]:
    """The best-supported swap of each stretch of words in a run; a name is kept."""
    longest = max(2, lexicon.longest)
    for start in range(len(run)):
        for end in range(start + 1, min(start + longest, len(run)) + 1):
            words = tuple(t.word for t in run[start:end])
            span = " ".join(words)
            if not any(w.isalpha() for w in words) or zipf(span) >= FUNCTION_ZIPF:
                continue
            kept = names.intersection(words)
            options = [
                learned_swap(Window(run, start, end), variant, count, bigrams, lexicon)
                for variant, count in lexicon.of(words).items()
                if kept <= set(variant)  # "Chinese language" -> "Chinese" keeps the name
            ]
            # Where the rules show what the spinner writes these words for, that is the
            # spinner's thesaurus: Moby's many other neighbours would only add noise.
            if not options and not kept and _in_thesaurus(words, synonyms):
                options.extend(
                    _swap(run, start, end, v, bigrams) for v in sorted(synonyms.of(span))
                )
            best = max((s for s in options if s is not None), key=lambda s: s.score, default=None)
            if best is not None:
                yield best


def _in_thesaurus(words: Sequence[str], synonyms: Synonyms) -> bool:
    """A word, or a thesaurus phrase of two ("economic system")."""
    if not all(w.isalpha() for w in words):
        return False
    return len(words) == 1 or (len(words) == 2 and synonyms.is_phrase(" ".join(words)))


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
        recase(variant, run[start].text),
        *(t.text for t in run[end:hi]),
    ]
    return Suggestion(
        target=target,
        replacement=" ".join(replacement),
        score=score,
        evidence=f"{bigrams.evidence(old_pair)} -> {bigrams.evidence(new_pair)}",
        forms=Counter({target: 1}),
    )


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
