"""unicode: repair mojibake, HTML entities and control characters with ftfy; NFC.

Typographic quotes and dashes are kept (`uncurl_quotes=False`), as datatrove and NeMo
Curator do: this stage fixes encodings, not style. Full-width forms are kept too
(`fix_character_width=False`) because they are correct in Japanese and Chinese text.
"""

from __future__ import annotations

import re
from typing import Any

from cleaner.document import Document
from cleaner.pipeline import Stage

# What ftfy can change in text that is otherwise pure ASCII: entities and control characters.
_ASCII_SUSPECT = re.compile(r"&[#\w]+;|[\x00-\x08\x0b-\x1f\x7f]")

# ftfy steps that undo text decoded with the wrong encoding, all reported as one rule.
_MOJIBAKE_STEPS = {"decode_inconsistent_utf8", "replace_lossy_sequences", "restore_byte_a0"}


def needs_ftfy(text: str) -> bool:
    """False when ftfy cannot change `text`: it is pure, printable ASCII with no entities."""
    return not text.isascii() or _ASCII_SUSPECT.search(text) is not None


class Unicode(Stage):
    name = "unicode"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._config: Any = None

    def _fix(self, text: str) -> str:
        import ftfy

        if self._config is None:
            self._config = ftfy.TextFixerConfig(
                uncurl_quotes=False, fix_character_width=False, explain=False
            )
        return str(ftfy.fix_text(text, self._config))

    def run(self, doc: Document) -> None:
        # ftfy fixes a text line by line itself, so fixing only the lines that could change
        # gives the same result as fixing the whole text, at a fraction of the cost.
        if not needs_ftfy(doc.text):
            return
        lines = doc.text.split("\n")
        changed = False
        for number, line in enumerate(lines, start=1):
            if not needs_ftfy(line):
                continue
            fixed = self._fix(line)  # ftfy also normalises to NFC
            if fixed != line:
                doc.record(self.name, f"unicode:{_explain(line)}", number, line, fixed)
                lines[number - 1] = fixed
                changed = True
        if changed:
            doc.text = "\n".join(lines)


def _explain(line: str) -> str:
    """The name of ftfy's first repair on `line`, for the rule id."""
    import ftfy

    config = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)
    explanation = ftfy.fix_and_explain(line, config=config).explanation or []
    for action, detail in explanation:
        if action in ("encode", "decode", "transcode"):
            return "mojibake"
        if action == "apply":
            return "mojibake" if detail in _MOJIBAKE_STEPS else str(detail).replace("_", "-")
        if action == "normalize":
            return "normalize"
    return "ftfy"


STAGE = Unicode
