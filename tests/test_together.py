"""Suggestions that overlap in a text, put together as one rule file would need them."""

from __future__ import annotations

from collections import Counter

import pytest

from cleaner.suggestion import Suggestion
from cleaner.together import together
from cleaner.trigrams import Trigrams


@pytest.fixture(scope="module")
def trigrams() -> Trigrams:
    return Trigrams.load()


def rules(text: str, trigrams: Trigrams, *ranked: tuple[str, str, float]) -> list[str]:
    found = [Suggestion(t, r, score, "", forms=Counter({t: 1})) for t, r, score in ranked]
    return [s.rule for s in together(found, [text], trigrams)]


def test_suggestions_that_overlap_become_one_rule(trigrams: Trigrams) -> None:
    text = "Aides at the White Home said so. A White Home go to is planned for May."
    assert rules(
        text,
        trigrams,
        ("White Home", "White House", 12.6),
        ("Home go to", "Home visit", 7.1),
        ("White Home go", "White House visit", 6.0),  # disagrees with the first: not made
    ) == ["White Home -> White House", "White Home go to -> White House visit"]


def test_a_new_rule_takes_the_place_of_one_it_replaces_wholly(trigrams: Trigrams) -> None:
    text = "A White Home go to is planned for May."
    assert rules(
        text, trigrams, ("White Home", "White House", 12.6), ("Home go to", "Home visit", 7.1)
    ) == ["White Home go to -> White House visit"]


def test_a_suggestion_left_no_place_of_its_own_is_dropped(trigrams: Trigrams) -> None:
    text = "A judge heard the pending authorized motion today."
    assert rules(
        text,
        trigrams,
        ("pending authorized motion", "pending legal action", 11.7),
        ("pending authorized", "pending legal", 8.7),
    ) == ["pending authorized motion -> pending legal action"]


def test_suggestions_apart_that_make_the_edits_stay_as_they_are(trigrams: Trigrams) -> None:
    text = "Two officers informed Reuters on Friday. He informed us. The officers left."
    assert rules(
        text,
        trigrams,
        ("informed", "told", 15.8),
        ("officers informed Reuters", "officials told Reuters", 15.2),
        ("officers", "officials", 6.5),
    ) == ["informed -> told", "officers -> officials"]


def test_an_edit_weak_beside_a_better_ones_is_not_made(trigrams: Trigrams) -> None:
    text = "the Downing Road media chief said"
    weak = ("Road media", "Road rules", 2.5)
    strong = ("Road media", "Road rules", 9.0)
    first = ("Downing Road", "Downing Street", 11.5)
    assert rules(text, trigrams, first, weak) == ["Downing Road -> Downing Street"]
    assert rules(text, trigrams, first, strong) == ["Downing Road media -> Downing Street rules"]


def test_suggestions_apart_are_left_alone(trigrams: Trigrams) -> None:
    text = "The commerce deficit grew, the nationwide safety team said."
    ranked = [("commerce", "trade", 18.5), ("nationwide safety", "national security", 8.5)]
    assert rules(text, trigrams, *ranked) == [
        "commerce -> trade",
        "nationwide safety -> national security",
    ]
