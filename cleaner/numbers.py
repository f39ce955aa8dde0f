"""Numbers written in digits, read as the trigram model spells them: in words.

The model (cleaner/trigrams.py) was built from text written as it is spoken, so its
vocabulary holds "eleven", "point", "percent" and "thousand" but no string of digits. A
number beside a spinner's swap ("rose 11.79 factors") would leave the swap without
context, and markets and business copy is full of figures; read aloud ("rose eleven point
seven nine points") the number is context the model knows.
"""

from __future__ import annotations

import re

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_GROUPS = ("", "thousand", "million", "billion", "trillion")
# A number as written: digits, thousands set off by commas, a decimal part, a percent sign.
# One joined to letters ("5bn", "1990s", "3rd") is left as written.
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%?)(?![^\W_]|[.,]\d)")


def spoken(digits: str) -> list[str]:
    """The words a run of digits is read as: a whole number ("2,500" as "two
    thousand five hundred"), a year ("1990" as "nineteen ninety"), and digits after a
    leading zero one by one ("05" as "oh five", as a decimal part or a code is read)."""
    if len(digits) > 1 and digits[0] == "0":
        return ["oh" if d == "0" else _ONES[int(d)] for d in digits]
    if len(digits) == 4 and 1100 <= int(digits) < 2100 and not 2000 <= int(digits) < 2010:
        high, low = divmod(int(digits), 100)
        return [*_below_100(high), *(["hundred"] if low == 0 else _below_100(low))]
    if len(digits) > 3 * len(_GROUPS):
        return [_ONES[int(d)] for d in digits]
    return _whole(int(digits))


def said(run: str, last: bool) -> str:
    """The word nearest a swap of a run of digits among a line's words (tokens.Words, where
    "1,000" and "11.79" are two runs each): its last word read aloud if it stands before
    the swap, else its first. Three digits after a comma are a thousands group ("000" is
    "thousand"), as they are far more often than a code."""
    if len(run) == 3 and run[0] == "0":
        words = _below_1000(int(run)) or ["thousand"]
    else:
        words = spoken(run)
    return words[-1] if last else words[0]


def read(match: re.Match[str]) -> str:
    """A NUMBER match read aloud, as words set apart by spaces."""
    whole, decimals, percent = match.groups()
    words = spoken(whole.replace(",", ""))
    if decimals:
        words += ["point", *("oh" if d == "0" else _ONES[int(d)] for d in decimals)]
    if percent:
        words.append("percent")
    return " ".join(words)


def _whole(n: int) -> list[str]:
    if n == 0:
        return ["zero"]
    words: list[str] = []
    for i in range(len(_GROUPS) - 1, -1, -1):
        group, n = divmod(n, 1000**i)
        if group:
            words += _below_1000(group)
            if i:
                words.append(_GROUPS[i])
    return words


def _below_1000(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    return [
        *([_ONES[hundreds], "hundred"] if hundreds else []),
        *(_below_100(rest) if rest else []),
    ]


def _below_100(n: int) -> list[str]:
    if n < 20:
        return [_ONES[n]]
    tens, ones = divmod(n, 10)
    return [_TENS[tens], *([_ONES[ones]] if ones else [])]
