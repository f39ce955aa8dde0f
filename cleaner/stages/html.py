"""html: HTML input becomes plain paragraphs.

Only headings, paragraphs, list items, quotations and preformatted blocks are kept, one a
paragraph (text of a block that holds other blocks becomes its own paragraph, before theirs:
`<p>a<p>b` is two paragraphs, as a browser shows it); page furniture (script, style, nav,
header, footer, aside, forms, figures) is dropped and each dropped element is logged with
its text, so nothing disappears unseen.
"""

from __future__ import annotations

import re
from typing import Any

from cleaner.document import Document
from cleaner.pipeline import Stage

DROPPED = (
    "aside",
    "figure",
    "footer",
    "form",
    "header",
    "iframe",
    "nav",
    "noscript",
    "script",
    "style",
    "svg",
    "template",
)
BLOCKS = ("blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "li", "p", "pre")
# A document that opens with a doctype or an <html> tag, each closed by ">" (text that only
# starts "<html spring..." is not markup, and must not become it when cleaned again).
_SNIFF = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html\b|html(?=[\s>]))[^<>]*>", re.I | re.S
)
_SPACE = re.compile(r"\s+")
_DECLARATION = re.compile(r"<!(?!--|doctype)", re.I)


class Html(Stage):
    name = "html"

    def run(self, doc: Document) -> None:
        if doc.format in ("markdown", "text"):
            return
        if doc.format != "html" and not _SNIFF.match(doc.text[:4096]):
            return
        soup = _parse(doc.text)
        if soup is None:
            doc.metadata.html_error = "the HTML parser rejected this markup; text kept as is"
            return
        for element in soup.find_all(DROPPED):
            if element.decomposed:  # already gone with a dropped ancestor
                continue
            text = _SPACE.sub(" ", element.get_text(" ")).strip()
            doc.record(self.name, f"html:drop-{element.name}", text, None)
            element.decompose()
        kept = [p for p in _paragraphs(soup) if p]
        if not kept:  # not structured HTML: keep all of its text rather than nothing
            kept = [_SPACE.sub(" ", soup.get_text(" ")).strip()]
        doc.metadata.format = "html"
        # Text made of a page is HTML again only if it looks it, as it would to a run on its
        # clean copy (a .txt file).
        doc.format = "auto"
        text = "\n\n".join(p for p in kept if p) + "\n"
        if text == doc.text:
            return
        markup = doc.text.count("\n") + 1
        doc.record(
            self.name, "html:to-text", f"{markup} line(s) of HTML", f"{len(kept)} paragraph(s)"
        )
        doc.text = text


def _parse(text: str) -> Any:
    """The parsed page, or None when html.parser refuses it even with stray `<!` escaped.

    html.parser raises on a malformed declaration (`<![junk`); browsers show such text.
    """
    from bs4 import BeautifulSoup
    from bs4.exceptions import ParserRejectedMarkup

    for markup in (text, _DECLARATION.sub("&lt;!", text)):
        try:
            return BeautifulSoup(markup, "html.parser")
        except ParserRejectedMarkup:
            continue
    return None


def _paragraphs(soup: Any) -> list[str]:
    """The text of each block element, from the strings whose nearest block it is.

    One pass with an explicit stack: pages nest thousands of levels deep (unclosed `<p>`
    or `<div>`), and per-element searches or recursion would be quadratic or overflow.
    """
    from bs4.element import CData, NavigableString, Tag

    blocks: list[tuple[str, list[str]]] = []
    stack: list[tuple[Any, int]] = [(soup, -1)]
    while stack:
        node, block = stack.pop()
        if isinstance(node, Tag):
            if node.name in BLOCKS:
                blocks.append((node.name, []))
                block = len(blocks) - 1
            stack.extend((child, block) for child in reversed(node.contents))
        elif block >= 0 and type(node) in (NavigableString, CData):
            blocks[block][1].append(str(node))
    out = []
    for name, strings in blocks:
        text = _SPACE.sub(" ", " ".join(strings)).strip()
        out.append(f"- {text}" if text and name == "li" else text)
    return out


STAGE = Html
