"""Numbers a spinner writes against wire style: "the 2 leaders", "ten%".

Edited copy (Reuters, AP, the BBC) spells out one to nine where they count things ("the
two leaders") and writes a percentage in figures ("10%"). A spinner swaps numbers the
other way ("two countries" -> "2 international locations", "10%" -> "ten%"), so either
form is a candidate rule on its own. The bigram list holds no figures at all, so the
evidence is the style rule, not counts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from cleaner.suggest.scoring import STRONG_SCORE
from cleaner.suggest.suggestion import Suggestion

_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"]
_TEENS += ["seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_VALUES = {word: n for n, word in enumerate(_UNITS + _TEENS, start=1)}
_VALUES.update({word: 10 * n for n, word in enumerate(_TENS, start=2)})
# The figures wire style spells out, and how: a spinner writes the figure for the word.
SPELLED = {str(n): word for n, word in enumerate(_UNITS, start=1)}

# Ranked with the strongest suggestions (cleaner/suggest/scoring.py). Where wire style
# spells out one to nine after a counting word, edited copy (the BBC corpus) almost never
# writes the figure, and never a percentage in words, while a spinner writes figures often:
# even one that did so rarely would leave nearly all such figures of its own making. It
# does not by itself show a text spun (cleaner/suggest/mine.py): copy in another style
# writes figures throughout.
STYLE_SCORE = STRONG_SCORE

_NUMBER = "|".join(sorted(_VALUES, key=len, reverse=True))
_PERCENT = re.compile(rf"\b((?:{_NUMBER})(?:-(?:{_NUMBER}))?)%", re.IGNORECASE)
# A figure one to nine between a word that counts ("the", "its") and the thing counted.
_COUNTERS = "the|these|those|its|their|his|her|our|all|first|last|next|past|only|least"
_FIGURE = re.compile(rf"\b((?i:{_COUNTERS})) ([1-9]) ([a-z]+)\b")
# Measures and magnitudes take figures in wire copy too ("2 million", "5 km").
_MEASURES = frozenset(
    "million billion trillion percent per cent am pm km kg mph miles metres meters feet "
    "inches degrees".split()
)


def numeral_swaps(text: str) -> Iterator[Suggestion]:
    """A candidate rule for each number in `text` written against wire style."""
    for m in _PERCENT.finditer(text):
        value = _value(m.group(1).lower())
        if value is not None:
            yield _style(m.group(), f"{value}%", "a percentage is written in figures")
    for m in _FIGURE.finditer(text):
        counter, figure, counted = m.groups()
        if counted not in _MEASURES:
            word = SPELLED[figure]
            yield _style(m.group(), f"{counter} {word} {counted}", "one to nine are spelled out")


def _value(words: str) -> int | None:
    """The value of "ten" or "twenty-five"; None for a pair that is no number ("five-ten")."""
    tens, _, unit = words.partition("-")
    if not unit:
        return _VALUES[tens]
    if _VALUES[tens] % 10 or _VALUES[tens] < 20 or _VALUES[unit] > 9:
        return None
    return _VALUES[tens] + _VALUES[unit]


def _style(target: str, replacement: str, why: str) -> Suggestion:
    return Suggestion(
        target=target,
        replacement=replacement,
        score=STYLE_SCORE,
        evidence=f"wire style: {why}",
        forms=Counter({target: 1}),
        by_style=True,
    )
