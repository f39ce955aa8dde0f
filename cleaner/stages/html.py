"""html: a web page becomes the text of its article.

Two extractors, chosen by `[tool.cleaner.html] extractor`:

- "trafilatura" (the default): main-content extraction (cleaner/extract.py). The article's
  headings, paragraphs, lists, tables and code are kept; menus, share bars, cookie banners,
  comments and related links are not.
- "basic": every block of the page, less its furniture (cleaner/pagetext.py). It is also
  the fallback when trafilatura finds no article (a fragment, a page of one paragraph), so
  nothing is lost.

What the page held and the text leaves out is logged per kind of block
(`html:drop-nav`, `html:drop-comments`, ...), with how much and how it began.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cleaner import pagetext
from cleaner.document import Document
from cleaner.options import HtmlOptions
from cleaner.pipeline import Stage
from cleaner.ruleset import RuleSet

if TYPE_CHECKING:
    from cleaner.extract import Extracted


class Html(Stage):
    name = "html"

    def __init__(self, rules: RuleSet, options: HtmlOptions | None = None) -> None:
        super().__init__(rules)
        self.options = options or HtmlOptions()

    def run(self, doc: Document) -> None:
        if doc.format in ("markdown", "text"):
            return
        if doc.format != "html" and not pagetext.SNIFF.match(doc.text[:4096]):
            return
        # Imported for a page: a run over text files is spared it and its expressions.
        from cleaner import extract

        found = None
        if self.options.extractor == "trafilatura":
            found = extract.extract(doc.text)
        extractor = "trafilatura" if found is not None else "basic"
        if found is None:
            found = _basic(doc.text)
        if found is None:
            doc.metadata.html_error = "the HTML parser rejected this markup; text kept as is"
            return
        doc.metadata.format = "html"
        doc.metadata.extractor = extractor
        doc.metadata.declared_language = found.language
        # Text made of a page is HTML again only if it looks it, as it would to a run on its
        # clean copy (a .txt file).
        doc.format = "auto"
        for kind, texts in found.dropped.items():
            doc.record(self.name, f"html:drop-{kind}", extract.summary(kind, texts), None)
        text = "\n\n".join(found.paragraphs) + "\n"
        if text == doc.text:
            return
        markup = doc.text.count("\n") + 1
        doc.record(
            self.name,
            "html:to-text",
            f"{markup} line(s) of HTML",
            f"{len(found.paragraphs)} paragraph(s) ({extractor})",
        )
        doc.text = text


def _basic(page: str) -> Extracted | None:
    """Every block of `page` less its furniture; None when the parser refuses it."""
    from cleaner import extract

    soup = pagetext.parse(page)
    if soup is None:
        return None
    dropped: dict[str, list[str]] = {}
    for kind, text in pagetext.drop_furniture(soup):
        dropped.setdefault(kind, []).append(text)
    kept = pagetext.paragraphs(soup) or [pagetext.all_text(soup)]
    return extract.Extracted(kept, dropped)


STAGE = Html
