"""decode: bytes to text, and every newline convention to `\n`.

UTF-8 is tried first (a BOM is dropped); a UTF-32 or UTF-16 BOM selects that encoding;
anything else that is not valid UTF-8 is read as cp1252, whose printable range is a
superset of Latin-1, with Latin-1 for the five bytes cp1252 leaves undefined. NUL bytes
mean the file is binary (it is skipped, never written), unless they fall as UTF-32 or
UTF-16 without a BOM puts them: text in the first 256 code points (most text in a Latin
script) has a NUL in every unit's high bytes, and never one elsewhere.
"""

from __future__ import annotations

import codecs

from cleaner.document import Document
from cleaner.errors import SkipFile
from cleaner.pipeline import Stage

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16's: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Each encoding whose units hold NUL bytes in text, with the offsets in a unit where text
# can put one (the high bytes), and one offset that text puts a NUL in at least the given
# share of its units: in UTF-16, a character under U+0100 (Latin letters, and in every
# script spaces, digits, punctuation and line ends); in UTF-32, one in the Basic
# Multilingual Plane. Text in one byte with a stray NUL falls far short; so does UTF-16
# text read in the other order two units at a time, which can be valid UTF-32 ("a\nb\n"
# as U+A0061, U+A0062). Text mostly outside U+0100 in UTF-16 (Chinese, say) has too few
# NULs to tell from binary, and is skipped as that.
_WIDE = (
    ("utf-32-le", 4, (1, 2, 3), 2, 0.5),
    ("utf-32-be", 4, (0, 1, 2), 1, 0.5),
    ("utf-16-le", 2, (1,), 1, 0.125),
    ("utf-16-be", 2, (0,), 0, 0.125),
)
# Control characters, other than whitespace, that text does not hold: where a wide reading
# gives any, the bytes were not that encoding.
_CONTROLS = frozenset(chr(c) for c in range(32)) - set("\t\n\v\f\r")


def _wide_text(data: bytes) -> tuple[str, str] | None:
    """`data` read as UTF-32 or UTF-16 without a BOM, if its NULs fall as they would there
    and it reads as text."""
    for encoding, unit, high, common, share in _WIDE:
        if len(data) % unit or any(data[i::unit].count(0) for i in range(unit) if i not in high):
            continue
        if data[common::unit].count(0) < share * (len(data) // unit):
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROLS.intersection(text):
            return text, encoding
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """The text of `data` and the name of the encoding it was read as."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise SkipFile(
                    f"starts with a {encoding} byte-order mark but {exc.reason}"
                ) from None
    if b"\0" in data:
        wide = _wide_text(data)
        if wide is None:
            raise SkipFile("binary file (contains NUL bytes)")
        return wide
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def decode_text(data: bytes) -> str:
    """The text of `data` as this stage hands it on: decoded as above, every newline `\n`.
    What reads files beside a run (the reference corpus of `rules check`, `suggest`) reads
    them with this, so it sees the text cleaning sees."""
    return _unix_newlines(decode_bytes(data)[0])


def _unix_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Decode(Stage):
    name = "decode"

    def run(self, doc: Document) -> None:
        if doc.raw is not None:
            text, encoding = decode_bytes(doc.raw)
            doc.metadata.encoding = encoding
            if encoding not in ("utf-8",):
                doc.record(self.name, f"decode:{encoding}", encoding, "utf-8")
            doc.raw = None
        else:
            text = doc.text
        if "\r" in text:
            crlf, cr = text.count("\r\n"), text.replace("\r\n", "").count("\r")
            text = _unix_newlines(text)
            doc.record(self.name, "decode:newlines", f"{crlf} CRLF, {cr} CR", "LF")
        # Kept after newline repair, so a line diff against it shows edits, not line ends.
        doc.text = doc.original = text


STAGE = Decode
