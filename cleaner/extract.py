"""Main-content extraction: the article of a web page, with trafilatura.

trafilatura scores a page's blocks by text and link density and keeps the article body:
headings, paragraphs, lists, tables, quotations and code. It is set to favour precision and
to leave comments out, as an article's reader would. Its result is written out here as our
text: a block a paragraph, list items and table rows a line each, line breaks and the
spacing of code kept. What the page held and the article leaves out is summarised per kind
of block (navigation, comments, share bars, ...), so the change log says what went.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# Blocks of trafilatura's output, and those whose text is kept as written.
_BLOCKS = frozenset("head p quote code list item table row cell graphic".split())
_GROUPS = frozenset({"list", "table"})  # blocks written as one paragraph of lines
# What a dropped block is, by its tag, else by the words of its class ("" for text that is
# not shown: the head, comments).
_KIND_BY_TAG = {
    "aside": "aside",
    "button": "form",
    "figcaption": "caption",
    "figure": "caption",
    "footer": "footer",
    "form": "form",
    "head": "",
    "header": "header",
    "iframe": "embed",
    "nav": "nav",
    "noscript": "script",
    "script": "script",
    "select": "form",
    "style": "script",
    "svg": "embed",
    "template": "script",
}
_KIND_BY_NAME = [
    ("comments", r"comment|disqus|respond|replies"),
    ("cookie-banner", r"cookie|consent|gdpr|privacy-?banner"),
    ("share", r"share|sharing|social|sociable"),
    ("related", r"related|recommend|more-?stories|read-?more|trending|popular|outbrain|taboola"),
    ("newsletter", r"newsletter|subscri|sign-?up"),
    ("ads", r"advert|sponsor|promo|(?<![a-z])ads?(?![a-z])|dfp|banner"),
    ("nav", r"nav|menu|breadcrumb|masthead"),
    ("aside", r"sidebar|widget|aside|rail"),
    ("footer", r"footer"),
    ("header", r"header"),
    ("caption", r"caption|credit"),
]
_NAME = re.compile("|".join(f"(?P<{k.replace('-', '_')}>{p})" for k, p in _KIND_BY_NAME))
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"[^\S\n]+")
# A stray `<!` that opens no comment, doctype or CDATA: browsers show it as text, libxml2
# would swallow what follows.
_DECLARATION = re.compile(r"<!(?!--|doctype|\[CDATA\[)", re.I)
SAMPLE = 200  # characters of the dropped text a change shows


@dataclass
class Extracted:
    """A page's article as paragraphs (a list or a table is one paragraph of lines),
    and what the page held beside it: per kind of block, the texts left out."""

    paragraphs: list[str]
    dropped: dict[str, list[str]] = field(default_factory=dict)


def extract(page: str) -> Extracted | None:
    """The article of `page`, or None when there is no page or trafilatura finds none."""
    from trafilatura import utils
    from trafilatura.core import bare_extraction

    options = _options()
    tree = utils.load_html(_DECLARATION.sub("&lt;!", page))
    if tree is None or _truncated(getattr(utils, "HTML_PARSER", None)):
        return None
    found: Any = bare_extraction(tree, options=options)  # a Document: options say "python"
    if found is None or found.body is None:
        return None
    paragraphs = _paragraphs(found.body)
    if not paragraphs:
        return None
    return Extracted(paragraphs, _dropped(tree, "\n".join(paragraphs)))


def _truncated(parser: Any) -> bool:
    """Whether the parser gave up part of the page: libxml2 stops at 256 levels of nesting
    (unclosed `<div>`s), where the basic extractor reads on."""
    log = getattr(parser, "error_log", ())
    return any(error.type_name == "ERR_RESOURCE_LIMIT" for error in log)


_OPTIONS: list[Any] = []


def _options() -> Any:
    """trafilatura's settings, made once: precision first, no comments, tables kept."""
    if not _OPTIONS:
        import logging  # here, with trafilatura: a run over plain text needs neither

        from trafilatura.settings import Extractor

        # It logs a warning for every page it finds no article in, which Python would print
        # when nothing else handles it; the fallback and the change log say so instead.
        logging.getLogger("trafilatura").addHandler(logging.NullHandler())

        _OPTIONS.append(
            Extractor(
                output_format="python",
                precision=True,
                comments=False,
                tables=True,
                images=False,
                links=False,
                formatting=False,
            )
        )
    return _OPTIONS[0]


def _paragraphs(body: Any) -> list[str]:
    """trafilatura's output tree as our text (see the module docstring)."""
    from lxml import etree

    out: list[str] = []
    lines: list[str] = []  # the lines of the list or table being written
    cells: list[str] = []  # the cells of the row being written
    pieces: list[str] = []  # the text of the block or line being written
    state = Counter[str]()  # open blocks by tag; "group": lists and tables; "inner": in a cell

    def take() -> str:
        text = "".join(pieces)
        pieces.clear()
        if state["code"]:
            return text.strip("\n")
        return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()

    def flush() -> None:
        text = take()
        if text.strip("- "):
            (lines if state["group"] else out).append(text)

    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if event == "start":
            if tag == "lb":
                pieces.append("\n")
            elif state["cell"] and tag in _BLOCKS:
                pieces.append(" ")  # a block inside a cell is text of the cell
                state["inner"] += 1
            elif tag in _BLOCKS:
                if tag == "cell":
                    pieces.clear()
                elif tag != "p" or "".join(pieces).strip("- "):
                    flush()  # a paragraph in a list item goes on after the item's bullet
                if tag in _GROUPS:
                    state["group"] += 1
                elif tag == "item":
                    pieces.append("  " * (state["list"] - 1) + "- ")
                state[tag] += 1
            if element.text and tag != "graphic":
                pieces.append(element.text)
        else:
            if tag in _BLOCKS and state["inner"]:
                state["inner"] -= 1
            elif tag in _BLOCKS:
                if tag == "cell":
                    cells.append(take().replace("\n", " "))
                elif tag == "row":
                    pieces.clear()
                    if any(cells):
                        lines.append("| " + " | ".join(cells) + " |")
                    cells.clear()
                else:
                    flush()
                state[tag] -= 1
                if tag in _GROUPS:
                    state["group"] -= 1
                    if not state["group"] and lines:
                        out.append("\n".join(lines))
                        lines.clear()
            if element is not body and element.tail:
                pieces.append(element.tail)
    flush()
    return out


def _dropped(tree: Any, kept: str) -> dict[str, list[str]]:
    """Per kind of block, the texts of the page that `kept` (the article) leaves out.

    A text of the page is the article's when it stands in the article's text as written
    (its spacing folded); a text of one word (inline markup splits text into such pieces),
    when the article has that word. Scripts and styles are counted, not read: their text
    is no one's to read.
    """
    single = set(_WORD.findall(kept))
    kept = " ".join(kept.split())
    dropped: dict[str, list[str]] = {}
    for kind, text in _texts(tree):
        text = text.strip()
        if kind == "script":
            dropped.setdefault(kind, []).append(text)
            continue
        if not text:
            continue
        if "  " in text or "\n" in text or "\t" in text:
            text = " ".join(text.split())
        if (text in kept) if " " in text else set(_WORD.findall(text)) <= single:
            continue
        if any(map(str.isalnum, text)):
            dropped.setdefault(kind, []).append(text)
    return dropped


def _texts(tree: Any) -> Iterator[tuple[str, str]]:
    """Each text of the page with the kind of block it stands in ("text" when nothing
    marks it; the innermost marked block decides); a script's text is its own."""
    from lxml import etree

    kinds = ["text"]
    by_tag = _KIND_BY_TAG.get
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            # A comment's text, and the head's, is no one's to read either.
            kind = by_tag(element.tag) if element.tag.__class__ is str else ""
            if kind is None:
                name = element.get("class")
                kind = (name and _kind_by_name(name)) or kinds[-1]
            kinds.append(kind)
            if kind == "script":
                if kinds[-2] != "script":
                    yield kind, element.text or ""
            elif kind and element.text:
                yield kind, element.text
        else:
            kinds.pop()
            if kinds[-1] and element.tail:
                yield kinds[-1], element.tail


_NAMES: dict[str, str | None] = {}  # class and id -> kind: pages repeat their class names


def _kind_by_name(name: str) -> str | None:
    kind = _NAMES.get(name, "")
    if kind == "":
        m = _NAME.search(name.lower())
        kind = None if m is None or m.lastgroup is None else m.lastgroup.replace("_", "-")
        if len(_NAMES) > 100_000:
            _NAMES.clear()
        _NAMES[name] = kind
    return kind


def summary(kind: str, texts: list[str]) -> str:
    """What a change says a kind of block lost: how much, and how it began."""
    sample = " ".join(" | ".join(text[: 2 * SAMPLE] for text in texts[:20]).split())
    if len(sample) > SAMPLE:
        sample = sample[:SAMPLE].rsplit(" ", 1)[0] + " …"
    if kind == "script":  # code, not words
        return f"{len(texts)} block(s), {sum(map(len, texts))} character(s): {sample}"
    words = sum(len(text.split()) for text in texts)
    return f"{len(texts)} block(s), {words} word(s): {sample}"
