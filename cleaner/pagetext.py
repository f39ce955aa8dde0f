"""The basic extractor: every block of a page as text, with beautifulsoup4.

Used when `[tool.cleaner.html] extractor = "basic"`, and when the main-content extractor
finds no article in a page (a fragment, a page of one paragraph). Headings, paragraphs,
list items, quotations and preformatted blocks are kept, in the order a browser shows them;
page furniture (script, style, nav, header, footer, aside, forms, figures) is dropped and
said so, per kind.
"""

from __future__ import annotations

import re
from typing import Any

# Kinds of dropped element, by tag: the label of the change that says they went.
DROPPED = {
    "aside": "aside",
    "figure": "caption",
    "footer": "footer",
    "form": "form",
    "header": "header",
    "iframe": "embed",
    "nav": "nav",
    "noscript": "script",
    "script": "script",
    "style": "script",
    "svg": "embed",
    "template": "script",
}
BLOCKS = frozenset(
    "address article blockquote dd div dl dt h1 h2 h3 h4 h5 h6 li main ol p pre section "
    "table td th tr ul".split()
)
# Blocks whose text is a paragraph of its own; the other blocks only separate what they hold.
PARAGRAPHS = frozenset("blockquote dd dt h1 h2 h3 h4 h5 h6 li p pre".split())
# A document that opens with a doctype or an <html> tag, each closed by ">" (text that only
# starts "<html spring..." is not markup, and must not become it when cleaned again).
SNIFF = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html\b|html(?=[\s>]))[^<>]*>", re.I | re.S
)
_SPACES = re.compile(r"[^\S\n]+")
_SPACE = re.compile(r"\s+")
_DECLARATION = re.compile(r"<!(?!--|doctype)", re.I)


def parse(text: str) -> Any:
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


def drop_furniture(soup: Any) -> list[tuple[str, str]]:
    """Remove page furniture from `soup`: (kind, text) for each element removed."""
    dropped = []
    for element in soup.find_all(list(DROPPED)):
        if element.decomposed:  # already gone with a dropped ancestor
            continue
        dropped.append((DROPPED[element.name], _SPACE.sub(" ", element.get_text(" ")).strip()))
        element.decompose()
    return dropped


def paragraphs(soup: Any) -> list[str]:
    """The text of the page's blocks, in document order.

    Text inside a block runs on across inline tags as written (`Hi <b>there</b>.` is
    "Hi there."); a nested block ends the text before it and starts a new paragraph after
    it, so nothing is reordered; `<br>` is a line break and `<pre>` keeps its spacing. One
    pass with an explicit stack: pages nest thousands of levels deep (unclosed `<p>` or
    `<div>`), and recursion would overflow.
    """
    from bs4.element import CData, NavigableString, Tag

    out: list[str] = []
    # The paragraph being written: its pieces, and the block it belongs to.
    pieces: list[str] = []
    where: list[str] = [""]  # innermost paragraph block (or "") around the text
    pre = [0]  # how many <pre> are open

    def flush() -> None:
        text = "".join(pieces)
        pieces.clear()
        if pre[0]:
            text = text.strip("\n")
        else:
            text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
            text = text.strip("\n")
        if text.strip():
            out.append(f"- {text}" if where[-1] == "li" else text)

    stack: list[tuple[Any, bool]] = [(soup, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            flush()
            where.pop()
            if node.name == "pre":
                pre[0] -= 1
            continue
        if isinstance(node, Tag):
            if node.name == "br":
                pieces.append("\n")
            elif node.name in BLOCKS:
                flush()
                where.append(node.name if node.name in PARAGRAPHS else where[-1])
                if node.name == "pre":
                    pre[0] += 1
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(node.contents))
            else:
                stack.extend((child, False) for child in reversed(node.contents))
        elif type(node) in (NavigableString, CData):
            pieces.append(str(node))
    flush()
    return out


def all_text(soup: Any) -> str:
    """Every string of the page on one line: for markup with no block at all."""
    return _SPACE.sub(" ", soup.get_text(" ")).strip()
