"""How sure a swap is before its context speaks, and grouping a swap made in many places.

A swap the spinner is known to make (cleaner/suggest/lexicon.py, learned from rules that do not
fire on the texts) starts from a prior; a thesaurus neighbour starts below nothing, since
Moby offers dozens of them for every word and nearly all are wrong. Each is then scored by
how it fits its context (cleaner/suggest/fit.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from cleaner.case import form_of, recase
from cleaner.phrases import fold
from cleaner.suggest.suggestion import Suggestion

# Log odds a swap starts from: a learned swap as if its context made it 7 times likelier,
# a thesaurus neighbour as if its context had to make it 50 times likelier to break even.
LEARNED_PRIOR = 2.0
THESAURUS_PRIOR = -4.0
# A suggestion must come out 7 times likelier than the words as written. On BBC articles
# spun with the rules' swaps (bench/suggest_heldout.py), a lower bar let through many more
# wrong edits and undid fewer of the spinner's.
MIN_SCORE = 2.0
# However sure the prior, the words around must favour the swap undone: by this much log
# odds (1.6 times). A learned swap passed MIN_SCORE on its prior alone ("coach eddie jones"
# -> "train eddie jones", +0.1); held out (bench/suggest_heldout.py) this bar takes away
# about an eighth of the wrong edits for hardly any right one.
MIN_GAIN = 0.5
# A text is taken to be spun once a suggestion in it scores this much (a number against
# wire style aside: cleaner/suggest/numerals.py); in one that shows no such suggestion the weaker
# ones are listed last, and only on request. With `--learn`, most held-out spun articles
# hold one and most clean BBC articles do not; those that do not give most of the (wrong)
# suggestions made on clean text.
STRONG_SCORE = 8.0


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
                replacement=recase(original, form_of(forms.most_common(1)[0][0])),
                score=best.score,
                evidence=f"{len(members)} contexts; best: {best.evidence}",
                occurrences=sum(s.occurrences for s in members),
                forms=forms,
                swap=best.swap,
                backed=any(s.backed for s in members),
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
