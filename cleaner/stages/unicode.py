"""unicode: repair mojibake, HTML entities and control characters with ftfy; NFC.

Typographic quotes and dashes are kept (`uncurl_quotes=False`), as datatrove and NeMo
Curator do: this stage fixes encodings, not style. Full-width forms are kept too
(`fix_character_width=False`) because they are correct in Japanese and Chinese text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from cleaner.document import Document
from cleaner.pipeline import Stage
from cleaner.tokens import latin1

# What ftfy can change in text that is otherwise pure ASCII: entities and control characters
# (all but tab and line feed).
_ENTITY = re.compile(r"&[#\w]+;")
_ASCII_CONTROLS = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])
# ftfy's badness test, a large and slow expression, cannot fire on text without a C1
# control, one of ÂÃŒœ, or two non-ASCII characters in a row: every one of its patterns
# needs one of these (tests/core/test_fastpaths.py checks this against ftfy's own patterns).
# Written as "a non-ASCII character that is one of those or has another after it", which
# starts with one character class and so is scanned for fast, rather than as the plain
# `[\x80-\x9fÂÃŒœ]|[^\x00-\x7f]{2}` (the test checks the two agree).
MOJIBAKE_GATE = re.compile(r"[^\x00-\x7f](?:(?<=[\x80-\x9fÂÃŒœ])|[^\x00-\x7f])")

# A right double quote (UTF-8 E2 80 9D) decoded as Windows-1252 is "â€" and an undefined
# byte, which scrapers drop. ftfy then leaves "â€" as it is or, before a space, takes the
# space for a lost no-break space and makes a dagger (E2 80 A0). Where a quote closes, after
# an opening one on its line and before a space, punctuation or the line's end, the byte
# is put back for ftfy to decode: news quotes far more than it footnotes.
_LOST_QUOTE = re.compile(r"(?<=\S)â€(?=[\s.,;:!?)\]]|\Z)")
_OPENING_QUOTE = re.compile("“|â€œ")

# ftfy steps that undo text decoded with the wrong encoding, all reported as one rule.
_MOJIBAKE_STEPS = {"decode_inconsistent_utf8", "replace_lossy_sequences", "restore_byte_a0"}

# ftfy's HTML_ENTITY_RE: what it takes for an entity, as it decodes them (see _unescaped).
_HTML_ENTITY = re.compile(r"&#?[0-9A-Za-z]{1,24};")
# ftfy's default max_decode_length: a longer line it fixes a segment at a time.
MAX_DECODE_LENGTH = 1_000_000


def needs_ftfy(text: str) -> bool:
    """False when ftfy (as configured here) cannot change `text`.

    ftfy's encoding repair does nothing unless its badness test finds mojibake; its other
    fixers act only on entities, certain control, ligature, line-break and surrogate
    characters; and NFC leaves normalised text alone. Checking those with a few scans (of
    bytes for ASCII and Latin-1 text) is much cheaper than running ftfy on text that is
    fine, which most is.
    """
    if text.isascii():
        return _ENTITY.search(text) is not None or _holds_any(text.encode(), _ASCII_CONTROLS)
    data = latin1(text)
    if data is not None:
        suspect = _holds_any(data, _LATIN1_SUSPECTS)
    else:
        suspect = SUSPECT_CHARACTERS.search(text) is not None
    if suspect or _ENTITY.search(text) is not None or not unicodedata.is_normalized("NFC", text):
        return True
    if not _may_be_mojibake(text, data):
        return False
    from ftfy.badness import is_bad

    return bool(is_bad(text))


# The characters ftfy's other fixers act on: its CONTROL_CHARS and LIGATURES, carriage
# return, NEL, the Unicode line and paragraph separators, C1 controls and surrogates. Written
# out so that text without them never imports ftfy (tests/core/test_fastpaths.py derives this
# class from ftfy's own tables and compares). Surrogates are escapes for the expression to
# read: a compiled module (setup.py) cannot hold them as characters.
SUSPECT_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f\u0132\u0133\u0149\u01c4-\u01cc\u01f1-\u01f3"
    "\u2028\u2029\u206a-\u206f\\ud800-\\udfff\ufb00-\ufb06\ufeff\ufff9-\ufffc]"
)

# SUSPECT_CHARACTERS below U+0100, for Latin-1 text.
_LATIN1_SUSPECTS = bytes([*range(0x09), 0x0B, *range(0x0D, 0x20), *range(0x7F, 0xA0)])


# Latin-1 with every non-ASCII byte made one: two in a row show as b"\x80\x80".
_NON_ASCII_AS_ONE = bytes(min(b, 0x80) for b in range(256))


def _may_be_mojibake(text: str, data: bytes | None) -> bool:
    """Whether MOJIBAKE_GATE finds something in `text`, which holds no C1 control; `data`
    is `text` in Latin-1, if it can be. Latin-1 holds neither Œ nor œ, so there it is found
    by two substring searches and a scan of the bytes with each non-ASCII one made one."""
    if data is None:
        return MOJIBAKE_GATE.search(text) is not None
    return b"\xc2" in data or b"\xc3" in data or b"\x80\x80" in data.translate(_NON_ASCII_AS_ONE)


def _holds_any(data: bytes, chars: bytes) -> bool:
    """Whether `data` holds any of the bytes `chars`. Deleting them is one pass in C: 2.0 us
    on a BBC article, where an expression's scan for a class of characters takes 11.7."""
    return len(data.translate(None, chars)) != len(data)


class Unicode(Stage):
    name = "unicode"

    def run(self, doc: Document) -> None:
        # ftfy fixes a text line by line itself, so fixing only the lines that could change
        # gives the same result as fixing the whole text, at a fraction of the cost.
        if not needs_ftfy(doc.text):
            return
        lines = doc.text.split("\n")
        changed = False
        start = 0
        for number, line in enumerate(lines):
            if needs_ftfy(line):
                fixed, rule = _fix(line)  # ftfy also normalises to NFC
                if "\n" in fixed:
                    # ftfy made line breaks of a "\r" or U+2028: fixed line by line, as a
                    # second run would fix them ("&ap;\r<": an entity beside markup).
                    fixed = "\n".join(_fix(part)[0] for part in fixed.split("\n"))
                if fixed != line:
                    span = (start, start + len(line))
                    doc.record(self.name, f"unicode:{rule}", line, fixed, span)
                    lines[number] = fixed
                    changed = True
            start += len(line) + 1
        if changed:
            doc.text = "\n".join(lines)


@lru_cache(maxsize=1)
def _config() -> Any:
    """ftfy's settings here (see the module docstring), made once."""
    import ftfy

    return ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)


def _fix(line: str) -> tuple[str, str]:
    """`line` fixed (see _ftfy), a right double quote's lost byte put back first (see
    _LOST_QUOTE) unless ftfy would not take it back."""
    restored = _restore_lost_quotes(line)
    fixed, rule = _ftfy(restored)
    if restored != line and "\x9d" in fixed:  # a control character left in: as it was
        return _ftfy(line)
    return fixed, rule


def _ftfy(line: str) -> tuple[str, str]:
    """`line` as ftfy.fix_text fixes it, and the name of ftfy's first repair, for the rule id.

    fix_text fixes a line of up to `max_decode_length` characters with one call of
    fix_and_explain, so for such a line (all but freak ones) one call gives both.
    """
    unescaped = _unescaped(line)
    if unescaped is not None:
        return unescaped, "unescape-html"
    import ftfy

    config = _config()
    if len(line) <= config.max_decode_length:
        explained = ftfy.fix_and_explain(line, config=config)
        fixed = explained.text
    else:  # fixed a segment at a time; explained (slowly) only when something changed
        fixed = ftfy.fix_text(line, config._replace(explain=False))
        if fixed == line:
            return fixed, "ftfy"
        explained = ftfy.fix_and_explain(line, config=config)
    for action, detail in explained.explanation or []:
        if action in ("encode", "decode", "transcode"):
            return fixed, "mojibake"
        if action == "apply":
            name = "mojibake" if detail in _MOJIBAKE_STEPS else str(detail).replace("_", "-")
            return fixed, name
        if action == "normalize":
            return fixed, "normalize"
    return fixed, "ftfy"


def _unescaped(line: str) -> str | None:
    """`line` as ftfy fixes it where decoding its entities is the whole of that (None where
    it may not be): importing ftfy costs about as much as cleaning a hundred articles, and
    an entity in scraped news ("&#233;", "&lt;") is the commonest reason to need it.

    ftfy decodes the entities first (not in a line holding "<", which may be markup),
    each as its table does: a reference by number as html.unescape does, unless that
    leaves its semicolon; a name of HTML5's as HTML5 has it (a name not there may be one
    it decodes in capitals: left to ftfy). Where that decodes something and ftfy can
    change nothing in what it gives (see needs_ftfy), ftfy's other steps, and its second
    round, leave it as it is."""
    if "<" in line or len(line) > MAX_DECODE_LENGTH:
        return None
    import html
    from html.entities import html5

    parts: list[str] = []
    last = 0
    for match in _HTML_ENTITY.finditer(line):
        entity = match.group()
        if entity.startswith("&#"):
            character = html.unescape(entity)
            parts += (line[last : match.start()], entity if ";" in character else character)
        elif entity[1:] in html5:
            parts += (line[last : match.start()], html5[entity[1:]])
        else:
            return None
        last = match.end()
    fixed = "".join(parts) + line[last:]
    return None if fixed == line or needs_ftfy(fixed) else fixed


def _restore_lost_quotes(line: str) -> str:
    """`line` with the byte a right double quote lost put back (see _LOST_QUOTE)."""
    opening = _OPENING_QUOTE.search(line)
    if opening is None or "â€" not in line[opening.end() :]:
        return line
    start = opening.end()
    return line[:start] + _LOST_QUOTE.sub("â€\x9d", line[start:])


STAGE = Unicode
