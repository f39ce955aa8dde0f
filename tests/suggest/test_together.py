"""Suggestions that overlap in a text, put together as one rule file would need them."""

from __future__ import annotations

from collections import Counter

import pytest

from cleaner.suggest.bigrams import runs
from cleaner.suggest.numerals import numeral_swaps
from cleaner.suggest.suggestion import Suggestion
from cleaner.suggest.together import together
from cleaner.trigrams import Trigrams


@pytest.fixture(scope="module")
def trigrams() -> Trigrams:
    return Trigrams.load()


Ranked = tuple[tuple[str, str, float], ...]  # target, replacement, score; best first


def rules(text: str, trigrams: Trigrams, ranked: Ranked) -> list[str]:
    found = [Suggestion(t, r, score, "", forms=Counter({t: 1})) for t, r, score in ranked]
    return [s.rule for s in together(found, [text], [list(runs(text))], trigrams)]


# text, suggestions ranked, the rules that come out
CASES: dict[str, tuple[str, Ranked, list[str]]] = {
    "overlapping suggestions become one rule": (
        "Aides at the White Home said so. A White Home go to is planned for May.",
        (
            ("White Home", "White House", 12.6),
            ("Home go to", "Home visit", 7.1),
            ("White Home go", "White House visit", 6.0),  # disagrees with the first
        ),
        ["White Home -> White House", "White Home go to -> White House visit"],
    ),
    "a new rule takes the place of one it replaces wholly": (
        "A White Home go to is planned for May.",
        (("White Home", "White House", 12.6), ("Home go to", "Home visit", 7.1)),
        ["White Home go to -> White House visit"],
    ),
    "a suggestion left no place of its own is dropped": (
        "A judge heard the pending authorized motion today.",
        (
            ("pending authorized motion", "pending legal action", 11.7),
            ("pending authorized", "pending legal", 8.7),
        ),
        ["pending authorized motion -> pending legal action"],
    ),
    "suggestions apart that make the edits stay as they are": (
        "Two officers informed Reuters on Friday. He informed us. The officers left.",
        (
            ("informed", "told", 15.8),
            ("officers informed Reuters", "officials told Reuters", 15.2),
            ("officers", "officials", 6.5),
        ),
        ["informed -> told", "officers -> officials"],
    ),
    "suggestions apart are left alone": (
        "The commerce deficit grew, the nationwide safety team said.",
        (("commerce", "trade", 18.5), ("nationwide safety", "national security", 8.5)),
        ["commerce -> trade", "nationwide safety -> national security"],
    ),
    "an edit weak beside a better one's is not made": (
        "the Downing Road media chief said",
        (("Downing Road", "Downing Street", 11.5), ("Road media", "Road rules", 2.5)),
        ["Downing Road -> Downing Street"],
    ),
    "an edit strong beside a better one's is made": (
        "the Downing Road media chief said",
        (("Downing Road", "Downing Street", 11.5), ("Road media", "Road rules", 9.0)),
        ["Downing Road media -> Downing Street rules"],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_suggestions_are_put_together(case: str, trigrams: Trigrams) -> None:
    text, ranked, expected = CASES[case]
    assert rules(text, trigrams, ranked) == expected


def test_a_number_against_wire_style_is_put_together_with_a_swap_beside_it(
    trigrams: Trigrams,
) -> None:
    # The model cannot judge "2" beside the swap, and need not: the style rule holds there.
    text = "Officials said the 2 international locations would talk."
    swap = Suggestion("international locations", "countries", 12.1, "")
    swap.forms = Counter({swap.target: 1})
    found = together([swap, *numeral_swaps(text)], [text], [list(runs(text))], trigrams)
    assert [s.rule for s in found] == ["the 2 international locations -> the two countries"]
