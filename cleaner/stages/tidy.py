"""tidy: whitespace. Lines lose trailing spaces, runs of blank lines become one, the text
starts with its first line and ends with exactly one newline. Indentation is kept: it
carries the structure of numbered and bulleted lists.
"""

from __future__ import annotations

from cleaner.document import Document
from cleaner.pipeline import Stage


class Tidy(Stage):
    name = "tidy"

    def run(self, doc: Document) -> None:
        lines = doc.text.split("\n")
        terminated = lines[-1] == ""
        if terminated:
            lines.pop()
        out: list[str] = []
        blank_at = 0  # line number of the blank line kept last, until text follows it
        for number, line in enumerate(lines, start=1):
            stripped = line.rstrip()
            if stripped != line:
                doc.record(self.name, "tidy:trailing-space", number, line, stripped)
            if stripped:
                out.append(stripped)
                blank_at = 0
            elif out and out[-1]:
                out.append("")
                blank_at = number
            else:
                doc.record(self.name, "tidy:blank-line", number, line, None)
        if out and not out[-1]:
            out.pop()
            doc.record(self.name, "tidy:blank-line", blank_at, "", None)
        if out and not terminated:
            doc.record(self.name, "tidy:final-newline", len(lines), out[-1], out[-1] + "\n")
        text = "\n".join(out) + "\n" if out else ""
        if text != doc.text:  # else the text stays the very object decoded: sent once by --jobs
            doc.text = text


STAGE = Tidy
