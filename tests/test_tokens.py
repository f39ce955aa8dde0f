"""tokens.findall gives what the regular expression gives, on any text."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import tokens
from cleaner.phrases import WORD
from cleaner.stages.language import _WORD as LETTERS

PATTERNS = [(WORD, str.isalnum), (LETTERS, str.isalpha)]
# Words, every kind of joiner and space, letters from other scripts, digits that are not
# decimal.
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
        "x²",
        "½",
        "٣",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=12), PIECES), max_size=20).map(" ".join)


@pytest.mark.parametrize(("pattern", "whole"), PATTERNS, ids=["phrases.WORD", "language._WORD"])
@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_findall_is_the_pattern_findall(
    pattern: re.Pattern[str], whole: Callable[[str], bool], text: str
) -> None:
    assert tokens.findall(pattern, text, whole) == pattern.findall(text)
