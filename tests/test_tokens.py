"""tokens.findall gives what the regular expression gives, on any text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import tokens
from cleaner.phrases import WORD
from cleaner.stages.dedupe import _WORD
from cleaner.stages.spelling import _LOWER_WORD, _lower_words

PATTERNS = [WORD, _WORD]
# Words, every kind of joiner and space, and letters from other scripts.
PIECES = st.sampled_from(
    [
        "andcontributing",
        "Africa.The",
        "don't",
        "U.S.",
        "AT&T",
        "well-known",
        "café",
        "x_y",
        "—",
        "\u3000",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=12), PIECES), max_size=20).map(" ".join)


@pytest.mark.parametrize("pattern", PATTERNS, ids=["phrases.WORD", "dedupe._WORD"])
@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_findall_is_the_pattern_findall(pattern: re.Pattern[str], text: str) -> None:
    assert tokens.findall(pattern, text) == pattern.findall(text)


@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_spelling_lower_words_are_the_pattern_findall(text: str) -> None:
    assert _lower_words(text) == set(_LOWER_WORD.findall(text))
