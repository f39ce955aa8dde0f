"""Phrase matching: case, word boundaries, overlaps, line breaks, protected spans."""

from __future__ import annotations

import bisect
import itertools
import pickle
import sys
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.phrases import (
    _FOLD_KEEPS,
    Phrase,
    PhraseMatcher,
    fold,
    folded,
    outside,
    protected_spans,
    substitute,
)
from cleaner.ruleset import RuleSet, spin_matcher
from cleaner.tokens import ALNUM_RUNS, Words, casefold

RULES = [
    Phrase("White Home", "White House", "spin:white-home"),
    Phrase("commerce deficit", "trade deficit", "spin:commerce-deficit"),
    Phrase("commerce", "trade", "spin:commerce"),
    Phrase("US commerce deficit", "US trade deficit", "spin:us-commerce-deficit"),
    Phrase("america", "the United States", "spin:america", exact=True),
    Phrase("U.S. Metal", "U.S. Steel", "spin:u-s-metal"),
    Phrase("ten%", "10%", "spin:ten"),
]
MATCHER = PhraseMatcher(RULES)


def fix(text: str, protected: list[tuple[int, int]] | None = None) -> str:
    matches = outside(list(MATCHER.finditer(text)), protected or [])
    return substitute(text, matches)


def test_case_follows_the_text() -> None:
    assert fix("the commerce deficit") == "the trade deficit"
    assert fix("Commerce deficit grew") == "Trade deficit grew"
    assert fix("COMMERCE DEFICIT") == "TRADE DEFICIT"
    assert fix("Commerce Deficit Widens") == "Trade Deficit Widens"
    assert fix("WHITE HOME") == "WHITE HOUSE"


def test_capitalised_targets_do_not_match_lower_case() -> None:
    assert fix("a white home with a red door") == "a white home with a red door"
    assert fix("cOMMERCE deficit") == "cOMMERCE deficit"


def test_exact_rules_match_only_as_written() -> None:
    assert fix("with america") == "with the United States"
    assert fix("in America") == "in America"


def test_whole_words_only() -> None:
    assert fix("e-commerce deficits and commerces") == "e-commerce deficits and commerces"
    assert fix("White Homes") == "White Homes"


def test_longest_rule_wins_where_rules_overlap() -> None:
    matches = list(MATCHER.finditer("the US commerce deficit"))
    assert [m.phrase.rule_id for m in matches] == ["spin:us-commerce-deficit"]


def test_spaces_and_one_line_break_between_words() -> None:
    assert fix("the White\nHome said") == "the White House said"
    assert fix("the White   Home") == "the White House"
    assert fix("the White\n\nHome") == "the White\n\nHome"


def test_punctuation_inside_targets() -> None:
    assert fix("bid for U.S. Metal.") == "bid for U.S. Steel."
    assert fix("a ten% tariff") == "a 10% tariff"
    assert fix("bid for US Metal") == "bid for US Metal"


def test_urls_and_protected_names_are_left_alone() -> None:
    names = PhraseMatcher([Phrase("White Home Furnishings", "", "protected")])
    text = "See https://example.com/White Home and White Home Furnishings, near the White Home."
    assert fix(text, protected_spans(text, names)) == (
        "See https://example.com/White Home and White Home Furnishings, near the White House."
    )


def test_cost_does_not_depend_on_rule_count() -> None:
    many = PhraseMatcher(Phrase(f"zz{i} phrase", "x", f"r{i}") for i in range(10_000))
    assert many.size == 10_000
    assert list(many.finditer("zz9999 phrase and zz5 phrase")) != []


def test_a_phrase_is_found_in_its_possessive_and_before_a_clitic() -> None:
    assert fix("the White Home’s press office") == "the White House’s press office"
    assert fix("THE WHITE HOME'S STAFF") == "THE WHITE HOUSE'S STAFF"
    assert fix("U.S. Metal's shares") == "U.S. Steel's shares"
    assert fix("commerce's share") == "trade's share"
    # Only a final "'s" stands apart: other clitics and inner apostrophes stay in the word.
    assert fix("commerce'd and commerce'll and commerce'sy") == (
        "commerce'd and commerce'll and commerce'sy"
    )
    that = PhraseMatcher([Phrase("careworn that", "stressed that", "spin:careworn-that")])
    text = "She careworn that’s wrong."
    assert substitute(text, that.finditer(text)) == "She stressed that’s wrong."


def test_straight_and_curly_apostrophes_match_each_other() -> None:
    matcher = PhraseMatcher([Phrase("Nippon Metal’s", "Nippon Steel’s", "spin:nippon-metal-s")])
    assert substitute("Nippon Metal's bid", matcher.finditer("Nippon Metal's bid")) == (
        "Nippon Steel's bid"
    )
    assert substitute("Nippon Metal’s bid", matcher.finditer("Nippon Metal’s bid")) == (
        "Nippon Steel’s bid"
    )


# Pieces of the rules above in every form the matcher accepts, and near misses.
PIECES = st.sampled_from(
    [
        "White",
        "white",
        "WHITE",
        "Home",
        "home",
        "commerce",
        "Commerce",
        "deficit",
        "US",
        "U.S.",
        "U.S",
        "Metal",
        "america",
        "America",
        "ten%",
        "TEN%",
        "ten",
        "Ten",
        "%",
        "e-",
        "-",
        " ",
        "  ",
        "\n",
        "\n\n",
        ",",
        ".",
        "’",
        "'",
        "x",
    ]
)


@settings(max_examples=1000, deadline=None)
@given(text=st.lists(PIECES, max_size=12).map("".join))
def test_prefilter_never_hides_a_match(text: str) -> None:
    """could_match is only a shortcut: where it says no, matching finds nothing."""
    unfiltered = PhraseMatcher(RULES)
    unfiltered.could_match = lambda text, words=None: True  # type: ignore[method-assign]
    if list(unfiltered.finditer(text)):
        assert MATCHER.could_match(text), text
    # Given the words of the text, it answers the same as finding them itself.
    assert MATCHER.could_match(text, Words(text)) == MATCHER.could_match(text), text


def _could_match_plainly(phrases: list[Phrase], text: str) -> bool:
    """could_match as the prefilter's docstring says it, phrase by phrase: a phrase of one
    run needs that run and its literal; one of several, each pair of its adjacent runs
    side by side and the phrase in the text with its spacing folded."""
    runs = ALNUM_RUNS.findall(casefold(text))
    spaced = f" {' '.join(runs)} "
    folded_spacing = " ".join(fold(text).split())
    for phrase in phrases:
        own = ALNUM_RUNS.findall(" ".join(folded(phrase.target)))
        if len(own) == 1:
            literal = phrase.target if phrase.exact else fold(phrase.target)
            if own[0] in runs and literal in (text if phrase.exact else fold(text)):
                return True
        elif all(f" {a} {b} " in spaced for a, b in itertools.pairwise(own)) and (
            " ".join(fold(phrase.target).split()) in folded_spacing
        ):
            return True
    return False


LONGER = [
    *RULES,
    Phrase("the new White Home staff", "the new White House staff", "spin:staff"),
    Phrase("new home of the deficit", "new house of the deficit", "spin:new-home"),
    # A probe that folding makes (of the curly apostrophe): looked for in the text folded.
    Phrase("ten'", "10'", "spin:ten-feet"),
]


@settings(max_examples=1000, deadline=None)
@given(text=st.lists(st.sampled_from(["new", "the", "of", "staff", " ", "\n"]) | PIECES,
                     max_size=16).map("".join))  # fmt: skip
def test_prefilter_answers_as_it_is_defined(text: str) -> None:
    """The prefilter's screens (a phrase whose runs are not all in the text is passed over
    before any search) change no answer."""
    matcher = PhraseMatcher(LONGER)
    assert matcher.could_match(text) == _could_match_plainly(LONGER, text), text
    assert matcher.could_match(text, Words(text)) == _could_match_plainly(LONGER, text), text


def test_probes_looked_for_unfolded_are_folded_alone() -> None:
    """A probe the prefilter looks for in the text as written is in the text folded where,
    and only where, it is in the text: no character folds to it but itself."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char not in _FOLD_KEEPS:
            assert _FOLD_KEEPS.isdisjoint(fold(char)), hex(code)
    assert all(fold(probe) == probe for probe in _FOLD_KEEPS)


def test_prefilter_answers_as_it_is_defined_on_the_seeds(rules: RuleSet) -> None:
    phrases = [rule.phrase() for rule in rules.spin]
    matcher = PhraseMatcher(phrases)
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for text in path.read_text(encoding="utf-8").split("\n\n"):
            assert matcher.could_match(text, Words(text)) == _could_match_plainly(phrases, text)


def test_prefilter_never_hides_a_shipped_rule(rules: RuleSet) -> None:
    """Each shipped spin target, as written, in capitals and across a line break."""
    matcher = spin_matcher(rules.spin)
    unfiltered = PhraseMatcher(rule.phrase() for rule in rules.spin)
    unfiltered.could_match = lambda text, words=None: True  # type: ignore[method-assign]
    for rule in rules.spin:
        for target in {rule.target, rule.target.upper(), rule.target.replace(" ", "\n")}:
            text = f"Before {target} after."
            if list(unfiltered.finditer(text)):
                assert matcher.could_match(text), text
            else:
                assert target != rule.target, rule


def test_outside_keeps_the_matches_no_span_touches() -> None:
    text = "commerce deficit, then the commerce deficit, then a commerce deficit"
    matches = list(MATCHER.finditer(text))
    starts = [m.start for m in matches]
    # A span over the first, one ending where the second starts, one inside the third.
    spans = [(starts[2] + 3, starts[2] + 5), (0, 5), (starts[1] - 4, starts[1])]
    assert [m.start for m in outside(matches, spans)] == [starts[1]]
    assert outside(matches, []) == matches


def test_a_restored_matcher_is_the_one_built(rules: RuleSet) -> None:
    """What the rules cache keeps of a matcher (cleaner.ruleset) finds what building finds."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    for tiers in (("always",), ("always", "gated"), ("model",)):
        phrases = [r.phrase() for r in rules.spin if r.tier in tiers]
        built = PhraseMatcher(phrases)
        state = pickle.loads(pickle.dumps(built.state()))
        restored = PhraseMatcher.restored(phrases, state)
        assert restored.state() == built.state() and restored.size == built.size
        assert _trie(restored._root) == _trie(built._root) == _inserted(phrases)
        for text in texts:
            assert list(restored.finditer(text)) == list(built.finditer(text))
            assert restored.could_match(text) == built.could_match(text)
    with pytest.raises(ValueError, match="other phrases"):
        PhraseMatcher.restored(phrases[1:], state)


def _trie(node: Any) -> tuple[list[tuple[str, Any]], list[str]]:
    """A matcher's trie as plain data: each node's words and children, in order, and the
    phrases ending there, in the order they are tried."""
    children = [(word, _trie(child)) for word, child in node.children.items()]
    return children, [c.phrase.rule_id + "|" + c.phrase.target for c in node.ends]


def _inserted(phrases: list[Phrase]) -> tuple[list[tuple[str, Any]], list[str]]:
    """_trie of a trie made a phrase at a time, each put among the phrases ending at its
    node after the longer ones and those as long given before it."""
    root: dict[str, Any] = {}
    for phrase in phrases:
        node = root
        for word in folded(phrase.target):
            node = node.setdefault(word, {})
        ends = node.setdefault("", [])
        bisect.insort(ends, phrase, key=lambda p: -len(p.target))

    def plain(node: dict[str, Any]) -> tuple[list[tuple[str, Any]], list[str]]:
        children = [(word, plain(child)) for word, child in node.items() if word]
        return children, [p.rule_id + "|" + p.target for p in node.get("", [])]

    return plain(root)


def test_matchers_restored_with_the_same_phrases_share_their_compiled_forms(
    rules: RuleSet,
) -> None:
    phrases = [r.phrase() for r in rules.spin if r.tier == "always"]
    state = PhraseMatcher(phrases).state()
    compiled, singles, pairs = state
    known: dict[int, Any] = {}
    with pytest.raises(TypeError):  # a state that does not fit: nothing of it is kept
        PhraseMatcher.restored(phrases, ([*compiled[:-1], compiled[-1][:2]], singles, pairs), known)
    assert not known
    first = PhraseMatcher.restored(phrases, state, known)
    assert len(known) == len(phrases)
    again = PhraseMatcher.restored(phrases[:10], PhraseMatcher(phrases[:10]).state(), known)
    assert all(a is b for a, b in zip(again._compiled, first._compiled, strict=False))
    assert len(known) == len(phrases) and len(again._compiled) == 10
