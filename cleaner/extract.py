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
_DECLARATION = re.compile(rb"<!(?!--|doctype|\[CDATA\[)", re.I)
# What trafilatura repairs before parsing (see _markup).
_SELF_CLOSED_DOCTYPE = re.compile(rb"< ?! ?DOCTYPE[^>]*/[^<>]*>", re.I)
_SELF_CLOSED_HTML = re.compile(rb"(<html.*?)\s*/>", re.I)
# A language tag's first part ("pt" of "pt-BR", "en" of "en_GB, fr").
_LANGUAGE_CODE = re.compile(r"\s*([a-z]{2,3})(?![a-z])", re.I)
_CONTROLS = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])  # all but \t \n \r
SAMPLE = 200  # characters of the dropped text a change shows
# Blocks trafilatura deletes, but looks into first (see _hold_furniture); scripts and
# styles are taken out before (see _take_scripts).
_LOOKED_INTO = frozenset({"figure", "form", "head", "math", "script", "style"})


@dataclass
class Extracted:
    """A page's article as paragraphs (a list or a table is one paragraph of lines),
    what the page held beside it (per kind of block, the texts left out), and the
    language the page says it is in, if it does (a code: "pt" for "pt-BR")."""

    paragraphs: list[str]
    dropped: dict[str, list[str]] = field(default_factory=dict)
    language: str | None = None


def extract(page: str) -> Extracted | None:
    """The article of `page`, or None when there is no page or trafilatura finds none."""
    from trafilatura.core import bare_extraction

    options = _options()
    tree = _parse(page)
    if tree is None:
        return None
    language = _declared_language(tree)
    scripts = _take_scripts(tree)
    _keep_tails(tree)
    _pre_as_code(tree)
    held = _hold_furniture(tree)
    found: Any = bare_extraction(tree, options=options)  # a Document, its body a tree
    if found is None or found.body is None:
        return None
    paragraphs = _paragraphs(found.body)
    if not paragraphs:
        return None
    _restore(held)  # the page whole again, for what it left out
    dropped = _dropped(tree, "\n".join(paragraphs))
    if scripts:
        dropped = {"script": scripts + dropped.pop("script", []), **dropped}
    return Extracted(paragraphs, dropped, language)


def _declared_language(tree: Any) -> str | None:
    """The language `tree` says it is in: its `<html lang>`, else its Content-Language,
    else its og:locale, as a code of two or three letters ("pt" for "pt-BR" or "pt_BR");
    None when it says none."""
    said = [tree.get("lang")]
    head = tree.find("head")
    if head is not None:
        metas = list(head.iter("meta"))
        for key, name in (("http-equiv", "content-language"), ("property", "og:locale")):
            said += [m.get("content") for m in metas if (m.get(key) or "").lower() == name]
    for value in said:
        found = _LANGUAGE_CODE.match(value or "")
        if found:
            return found[1].lower()
    return None


def _take_scripts(tree: Any) -> list[str]:
    """Take the scripts and styles out of `tree` (their tails stay), and give their texts.

    trafilatura deletes them as its first step, but only after copying the page's tree
    (and it copies it again for each extractor it compares): on news pages they are half
    the markup. Data a page gives about itself (JSON-LD) stays: trafilatura reads it.
    """
    texts = []
    for element in list(tree.iter("script", "style")):
        if element.get("type") != "application/ld+json":
            texts.append((element.text or "").strip())
            element.drop_tree()
    return texts


def _keep_tails(tree: Any) -> None:
    """Take out the empty elements that trafilatura, favouring precision, deletes with the
    text after them, keeping that text: "Mayor Jane Smith<span></span> said..." would
    lose all but the name, and a code block whose first line follows an empty `<span>`
    (as Pygments writes them) the whole block."""
    from trafilatura.settings import CUT_EMPTY_ELEMS

    for element in list(tree.iter(*CUT_EMPTY_ELEMS)):
        if element.text is None and not len(element):
            tail = element.tail
            if tail and not tail.isspace():
                element.drop_tree()


def _hold_furniture(tree: Any) -> list[tuple[Any, list[Any]]]:
    """Take out of `tree` what is inside the blocks trafilatura deletes whole before its
    extractor reads a page (menus, sidebars, footers, icons, embeds: its MANUALLY_CLEANED
    tags), and the head's elements but its scripts (the page's data, which it reads); give
    each block so emptied with what it held (see _restore).

    trafilatura's passes over a page test every element with XPath expressions whose
    regular expressions call into Python, element by element; on news pages these blocks
    hold a third of the elements or more. Only its readability fallback looked inside
    them, to choose the page's main block, which it then cleans of them. A block stays,
    with its attributes and text, so that the page keeps its shape. Left whole are the
    blocks trafilatura looks into first: forms (one that holds most of the page's text is
    its article), figures (one may hold a table) and formulas (salvaged).
    """
    from trafilatura.settings import MANUALLY_CLEANED

    tags = [tag for tag in MANUALLY_CLEANED if tag not in _LOOKED_INTO]
    held = []
    # Innermost first: a block inside another is emptied before it, and goes out with it.
    for element in reversed(list(tree.iter("head", *tags))):
        if len(element):
            children = list(element)
            del element[:]
            if element.tag == "head":
                element.extend(child for child in children if child.tag == "script")
            held.append((element, children))
    return held


def _restore(held: list[tuple[Any, list[Any]]]) -> None:
    """Put back what _hold_furniture took out, each element where it stood."""
    for element, children in reversed(held):
        del element[:]
        element.extend(children)


def _pre_as_code(tree: Any) -> None:
    """Make each `<pre>` a block trafilatura takes for code, which keeps its spacing: it
    takes a `<pre>` for a quotation, whose spacing is folded, unless it holds one `<span>`
    or text that looks like code to it. Preformatted text is written as it stands."""
    for pre in tree.iter("pre"):
        if len(pre) == 1 and pre[0].tag in ("code", "span") and not (pre.text or "").strip():
            continue  # a code block as trafilatura knows one
        span = pre.makeelement("span")
        span.text, pre.text = pre.text, None
        span.extend(list(pre))
        pre.append(span)


def _parse(page: str) -> Any:
    """`page` parsed as trafilatura parses it (its `utils.load_html`), but with our parser
    (see _parser); None when there is no tree, or the parser gave up part of the page:
    libxml2 stops at 256 levels of nesting (unclosed `<div>`s), where the basic extractor
    reads on."""
    from lxml import etree, html

    beginning = page[:50].lower()
    parser = _parser()
    try:
        tree = html.fromstring(_markup(page), parser=parser)
    except (etree.LxmlError, ValueError):  # no document at all
        return None
    if "html" not in beginning and len(tree) < 2:
        return None  # a fragment, not a page
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        return None
    return tree


def _markup(page: str) -> bytes:
    """`page` as UTF-8 for libxml2: a stray `<!` escaped (see _DECLARATION), and repaired
    as trafilatura repairs a page before parsing it: a self-closed doctype or `<html/>` at
    the top (libxml2 would read no further) undone, and the characters XML forbids (C0
    controls but tab and line breaks, U+FFFE, U+FFFF) removed.

    All on the bytes: a byte is scanned faster than a character (which takes two or four
    bytes in a page with one character beyond Latin-1), and no byte of a longer UTF-8
    sequence is below 0x80, so bytes.translate, at memory speed, removes the controls,
    where trafilatura's regex over the text takes a third of the time of parsing it.
    """
    data = _DECLARATION.sub(b"&lt;!", page.encode("utf-8", "surrogatepass"))
    end = data.find(b"\n")
    found = _SELF_CLOSED_DOCTYPE.match(data, 0, len(data) if end < 0 else end)
    if found:
        data = data[found.end() :]
    for line in data[:4096].splitlines()[:4]:
        if b"<html" in line and line.endswith(b"/>"):
            data = _SELF_CLOSED_HTML.sub(rb"\1>", data, count=1)
            break
    data = data.translate(None, _CONTROLS)
    return data.replace(b"\xef\xbf\xbe", b"").replace(b"\xef\xbf\xbf", b"")


_PARSERS: list[Any] = []


def _parser() -> Any:
    """trafilatura's HTML parser, made once, but for one thing: it finds every element
    lxml hands to Python (and trafilatura's passes over a page hand it each element many
    times) the class lxml.html would, by calling Python for each; ours gives every
    element the one class trafilatura needs, looked up in C. The trees are the same."""
    if not _PARSERS:
        from lxml import etree, html

        parser = html.HTMLParser(
            collect_ids=False,
            default_doctype=False,
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
        )
        parser.set_element_class_lookup(
            etree.ElementDefaultClassLookup(
                element=html.HtmlElement,
                comment=html.HtmlComment,
                pi=html.HtmlProcessingInstruction,
                entity=html.HtmlEntity,
            )
        )
        _PARSERS.append(parser)
    return _PARSERS[0]


_OPTIONS: list[Any] = []


def _options() -> Any:
    """trafilatura's settings, made once: precision first, no comments, tables kept."""
    if not _OPTIONS:
        import logging  # here, with trafilatura: a run over plain text needs neither

        from trafilatura.settings import Extractor

        # It logs a warning for every page it finds no article in, which Python would print
        # when nothing else handles it; the fallback and the change log say so instead.
        logging.getLogger("trafilatura").addHandler(logging.NullHandler())

        # Any format but "python" spares bare_extraction writing its text, which we do not
        # read: _paragraphs writes ours from the tree it returns.
        _OPTIONS.append(
            Extractor(
                output_format="txt",
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
        if state["code"] and text.strip():
            text = _fenced(text)
        if text.strip("- "):
            (lines if state["group"] else out).append(text)

    inline: list[bool] = []  # whether each open code element is code in a line of text
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
            elif tag == "code" and _in_text(state, inline):
                inline.append(True)  # "Call <code>read_csv()</code> to load it"
            elif tag in _BLOCKS:
                if tag == "code":
                    inline.append(False)
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
            elif tag == "code" and inline.pop():
                pass
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


def _in_text(state: Counter[str], inline: list[bool]) -> bool:
    """Whether a block of text is being written (see _paragraphs): code met there is code
    in a line of text, not a block of its own."""
    return any(state[tag] for tag in ("p", "head", "item", "quote")) or bool(inline)


def _fenced(code: str) -> str:
    """`code` as a Markdown fenced block, which the text stages leave as it is; its fence
    is longer than any run of backticks in it."""
    longest = max(map(len, re.findall("`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{code}\n{fence}"


def _dropped(tree: Any, kept: str) -> dict[str, list[str]]:
    """Per kind of block, the texts of the page that `kept` (the article) leaves out.

    A text of the page is the article's when it stands in the article's text as written
    (its spacing folded); a text of one word (inline markup splits text into such pieces),
    when the article has that word. A text left out is of the kind of the innermost block
    around it that says what it is (see _kind), "text" when none does. An element's text
    is read with the element, and its tail straight after.
    """
    folded = " ".join(kept.split())
    # A text that stands in the article has each word but its first and last there whole:
    # one that lacks one is not looked for (which would read the whole article).
    whole = set(folded.split(" "))
    words: set[str] | None = None  # the article's words, for texts of one word
    found = []  # (text, element, whether it is the element's tail)
    for element in tree.iter():
        text = element.text
        if text and not text.isspace():
            found.append((text, element, False))
        text = element.tail
        if text and not text.isspace():
            found.append((text, element, True))
    kinds: dict[Any, str] = {}
    dropped: dict[str, list[str]] = {}
    for text, element, tail in found:
        text = text.strip()
        if "  " in text or "\n" in text or "\t" in text:
            text = " ".join(text.split())
        if " " in text:
            inner = text.split(" ")[1:-1]
            if whole.issuperset(inner) and text in folded:
                continue
        else:
            if words is None:
                words = set(_WORD.findall(kept))
            if words.issuperset(_WORD.findall(text)):
                continue
        if tail:
            element = element.getparent()
            if element is None:
                continue
        kind = kinds.get(element)
        if kind is None:
            kind = _kind(element, kinds)
        if kind == "script" or (kind and any(map(str.isalnum, text))):
            dropped.setdefault(kind, []).append(text)
    return dropped


def _kind(element: Any, kinds: dict[Any, str]) -> str:
    """The kind of block `element` is: its own, by its tag, else by the words of its class,
    else that of its parent ("text" at the top; "" in the head, whose text is not shown).
    Noted in `kinds` for it and each ancestor it asked, so that a page's texts ask each
    element once."""
    path = []
    kind: str | None = None
    while kind is None:
        path.append(element)
        element = element.getparent()
        kind = "text" if element is None else kinds.get(element)
    for element in reversed(path):
        own = _KIND_BY_TAG.get(element.tag)
        if own is None:
            name = element.get("class")
            own = (name and _kind_by_name(name)) or kind
        kinds[element] = kind = own
    return kind


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
