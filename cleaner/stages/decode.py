"""decode: bytes to text, and every newline convention to `\n`.

UTF-8 is tried first (a BOM is dropped); a UTF-16 BOM selects UTF-16; anything else that
is not valid UTF-8 is read as cp1252, whose printable range is a superset of Latin-1, with
Latin-1 for the five bytes cp1252 leaves undefined. NUL bytes outside UTF-16 mean the file
is binary: it is skipped, never written.
"""

from __future__ import annotations

import codecs

from cleaner.document import Document
from cleaner.errors import SkipFile
from cleaner.pipeline import Stage

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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
        raise SkipFile("binary file (contains NUL bytes)")
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
