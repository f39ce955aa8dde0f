"""What a text's lines are, for the stages that must not take structure for furniture:
code (fenced, or indented after a blank line, as Markdown writes it), list items, table
rows and prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INDENTED = re.compile(r"^(?: {4}|\t)")
BULLET = re.compile(r"^\s*(?:[-*+•·▪►»–]|\d{1,3}[.)]|[a-zA-Z][.)])\s+")
LINK = re.compile(r"\[[^\]]+\]\([^)\s]+\)")
# A line indented four spaces after a line break. The expression engine scans for the
# line break and reads on from there; `"\n    " in text` stops at each space (the last
# character of what it looks for) and steps on by one: 2.5 times slower on an article.
_INDENT_AFTER_BREAK = re.compile(r"\n    ")
# A line that ends a sentence: . ! or … with any closing quotes or brackets after it.
_SENTENCE_END = re.compile(r"[.!…][\"'”’)\]]*\s*$")


def code_lines(lines: Sequence[str]) -> set[int]:
    """The indexes of `lines` that are code: inside a ``` or ~~~ fence (the fences too), or
    indented four spaces or a tab under a blank line, and the indented lines after them."""
    code: set[int] = set()
    fence = ""
    indented = False
    for i, line in enumerate(lines):
        if fence:
            code.add(i)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        m = _FENCE.match(line)
        if m:
            fence = m.group(1)
            code.add(i)
            continue
        if _INDENTED.match(line) and line.strip():
            if indented or i == 0 or not lines[i - 1].strip():
                indented = True
                code.add(i)
                continue
        elif not line.strip() and indented:
            continue  # a blank line inside indented code
        indented = False
    return code


def may_hold_code(text: str) -> bool:
    """Whether `text` has a fence or an indented line: else no line of it is code."""
    # A mark's first character is looked for first, in one fast pass, where a search for
    # the whole mark costs as much as reading the text a character at a time.
    return (
        ("`" in text and "```" in text)
        or ("~" in text and "~~~" in text)
        or ("\t" in text and ("\n\t" in text or text.startswith("\t")))
        or _INDENT_AFTER_BREAK.search(text) is not None
        or text.startswith("    ")  # the first line may be indented code too
    )


def code_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the lines of `text` that are code (see code_lines), in order."""
    if not may_hold_code(text):
        return []  # most texts are spared splitting
    lines = text.split("\n")
    code = code_lines(lines)
    spans, at = [], 0
    for i, line in enumerate(lines):
        if i in code:
            spans.append((at, at + len(line)))
        at += len(line) + 1
    return spans


# A word that holds a figure ("2025", "£3bn", "10:30"), as str.split cuts words: one match
# a word, from its first digit to its end. Searched for from a digit: a pattern that began
# at the letters before one read each word without a digit again from every letter.
_FIGURE = re.compile(r"\d\S*")


def is_prose(line: str) -> bool:
    """A paragraph of sentences: it ends as a sentence does (not as a question), is no
    list item or table row, and is words rather than figures."""
    stripped = line.strip()
    words = stripped.split()
    if not _SENTENCE_END.search(stripped) or BULLET.match(stripped) or stripped[:1] == "|":
        return False
    return 5 * len(_FIGURE.findall(stripped)) < len(words)
