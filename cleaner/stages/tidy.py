"""tidy: whitespace. Lines lose trailing spaces, runs of blank lines become one, the text
starts with its first line and ends with exactly one newline. Indentation is kept: it
carries the structure of numbered and bulleted lists.
"""

from __future__ import annotations

from cleaner.document import Document, removal_spans
from cleaner.pipeline import Stage


class Tidy(Stage):
    name = "tidy"

    def run(self, doc: Document) -> None:
        lines = doc.text.split("\n")
        # A final line break is the break before an empty last line, which stays.
        terminated = lines[-1] == ""
        real = len(lines) - 1 if terminated else len(lines)
        kept: list[str] = []
        removed: list[int] = []
        blank_at = -1  # the blank line kept last, until text follows it
        for index in range(real):
            stripped = lines[index].rstrip()
            if stripped:
                kept.append(stripped)
                blank_at = -1
            elif kept and kept[-1]:
                kept.append("")
                blank_at = index
            else:
                removed.append(index)
        if blank_at >= 0:
            kept.pop()
            removed.append(blank_at)
        text = "\n".join(kept) + "\n" if kept else ""
        if text == doc.text:  # else the text stays the very object decoded: sent once by --jobs
            return
        spans = removal_spans(lines, removed)
        start = 0
        for index in range(real):
            line = lines[index]
            if index in spans:
                doc.record(self.name, "tidy:blank-line", line, None, spans[index])
            elif line.rstrip() != line:
                span = (start, start + len(line))
                doc.record(self.name, "tidy:trailing-space", line, line.rstrip(), span)
            start += len(line) + 1
        if not terminated and kept:
            # Shown as the last line with its break put in; an edit of the break alone
            # would read as nothing.
            last, end = lines[-1], len(doc.text)
            if real - 1 in spans or last.rstrip() != last:
                last = ""  # an edit of its own has that line: the break goes after it
            span = (end - len(last), end)
            doc.record(self.name, "tidy:final-newline", last, last + "\n", span)
        doc.text = text


STAGE = Tidy
