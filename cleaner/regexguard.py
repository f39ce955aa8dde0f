"""Refuse regular expressions that can backtrack catastrophically.

Python's `re` has no time limit, so a rule such as `(a+)+$` could hang a run on one bad
line. Rather than time-limit every match, patterns whose shape allows exponential
backtracking are rejected when the rule file is loaded: a repetition inside a repetition,
or a repeated alternation (`(a|ab)*`). Alternations of single characters are compiled to a
character set by the parser and are accepted.
"""

from __future__ import annotations

import re
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as p  # type: ignore[attr-defined]
from typing import Any

_REPEATS = {c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)}


def unsafe_reason(pattern: str) -> str | None:
    """Why `pattern` is refused, or None when it is safe (and valid)."""
    try:
        re.compile(pattern)
        tree = p.parse(pattern)
    except re.error as exc:
        return f"invalid regular expression: {exc}"
    return _walk(list(tree), inside_repeat=False)


def _walk(items: list[Any], inside_repeat: bool) -> str | None:
    for op, av in items:
        if op in _REPEATS:
            _low, high, sub = av
            repeats = high > 1
            if repeats and inside_repeat:
                return "nested repetition can backtrack catastrophically"
            reason = _walk(list(sub), inside_repeat or repeats)
            if reason:
                return reason
        elif op is c.BRANCH:
            if inside_repeat:
                return "repeated alternation can backtrack catastrophically"
            for branch in av[1]:
                reason = _walk(list(branch), inside_repeat)
                if reason:
                    return reason
        elif op is c.SUBPATTERN:
            reason = _walk(list(av[-1]), inside_repeat)
            if reason:
                return reason
        elif op in (c.ASSERT, c.ASSERT_NOT):
            reason = _walk(list(av[1]), inside_repeat)
            if reason:
                return reason
    return None


def anchored(pattern: str) -> bool:
    """Whether every match of `pattern` (a valid one) starts where the string it searches
    starts: it begins with `^` or `\\A`, outside any alternation, and `^` is not MULTILINE.
    Such a pattern's `search` is its `match`."""
    tree = p.parse(pattern)
    items = list(tree)
    return (
        not tree.state.flags & re.MULTILINE
        and bool(items)
        and items[0][0] is c.AT
        and items[0][1] in (c.AT_BEGINNING, c.AT_BEGINNING_STRING)
    )
