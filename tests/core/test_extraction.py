"""The html stage on small pages written for these tests: the article is found wherever a
page keeps it, and what goes is said per kind of block."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.errors import ConfigError

BODY = (
    "The city council voted on Tuesday to build a new central library, ending a decade of "
    "debate over where it should stand and how it should be paid for.",
    "Work is due to start next spring and the building should open in 2028, the council "
    "said, once the old bus depot on the site has been cleared.",
    "The library will hold 200,000 books, a makerspace for young people and a cafe, and it "
    "will stay open until ten o'clock on weekday evenings.",
    "Opponents said the money would be better spent on the branch libraries that were closed "
    "three years ago, and promised to keep campaigning.",
)
FURNITURE = """
<nav class="menu"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a>
 <a href="/weather">Weather</a></nav>
<div id="cookie-consent">We use cookies to improve your experience. Accept all cookies</div>
"""
AFTER = """
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
<section class="comments"><h3>Comments</h3><p>Great news for the town, finally!</p>
 <p>What a waste of money, as usual.</p></section>
<aside class="related"><h3>Related stories</h3><ul>
 <li><a href="/a">Mayor unveils plan for riverside park and cycle lanes</a></li>
 <li><a href="/b">Schools brace for budget cuts as funding formula changes</a></li>
 <li><a href="/c">Local bus routes to be redrawn after public consultation</a></li></ul></aside>
<footer>Copyright 2025 The Daily Paper</footer>
"""


def page(article: str) -> str:
    return (
        "<!doctype html><html><head><title>Council approves new library | The Daily Paper"
        f"</title></head><body>{FURNITURE}{article}{AFTER}</body></html>"
    )


ARTICLES = {
    "article": "<article><h1>Council approves new library</h1>"
    + "".join(f"<p>{p}</p>" for p in BODY)
    + "</article>",
    "form": '<form action="/search"><div class="story"><h1>Council approves new library</h1>'
    + "".join(f"<p>{p}</p>" for p in BODY)
    + "</div></form>",
    "divs": '<div class="story-body">'
    + "".join(f'<div class="para">{p}</div>' for p in BODY)
    + "</div>",
    "br": '<div class="text">' + "<br><br>".join(BODY) + "</div>",
}


@pytest.mark.parametrize("kind", ARTICLES)
def test_the_article_is_found_and_the_furniture_is_not(kind: str) -> None:
    cleaned = cleaner.clean(page(ARTICLES[kind]), format="html")
    for paragraph in BODY:
        assert paragraph in cleaned.text, kind
    for furniture in ("Home", "cookies", "Share on", "waste of money", "Mayor unveils",
                      "Copyright"):  # fmt: skip
        assert furniture not in cleaned.text, (kind, furniture)
    dropped = {c.rule for c in cleaned.changes if c.rule.startswith("html:drop-")}
    assert {"html:drop-nav", "html:drop-share", "html:drop-footer"} <= dropped, kind
    assert cleaned.metadata.extractor == "trafilatura"


def test_dropped_text_is_summarised_per_kind_of_block() -> None:
    cleaned = cleaner.clean(page(ARTICLES["article"]), format="html")
    nav = next(c for c in cleaned.changes if c.rule == "html:drop-nav")
    assert nav.before == "4 block(s), 4 word(s): Home | News | Sport | Weather"
    assert nav.after is None and nav.span is None
    rules = [c.rule for c in cleaned.changes]
    assert len(rules) == len(set(rules))  # one change per kind, not per block


def test_the_headline_stays_in_the_text() -> None:
    # Headlines are content: the article's text starts with the one it opens with.
    cleaned = cleaner.clean(page(ARTICLES["article"]), format="html")
    assert cleaned.text.startswith("Council approves new library\n")
    assert BODY[0] in cleaned.text


def test_lists_tables_and_code_keep_their_shape() -> None:
    article = (
        "<article>" + "".join(f"<p>{p}</p>" for p in BODY[:2])
        + "<h2>Key points</h2><ul><li>The library opens in 2028</li>"
        "<li>It will hold 200,000 books</li></ul>"
        "<table><tr><th>Floor</th><th>Use</th></tr><tr><td>Ground</td><td>Cafe</td></tr></table>"
        + "".join(f"<p>{p}</p>" for p in BODY[2:])
        + "</article>"
    )  # fmt: skip
    text = cleaner.clean(page(article), format="html").text
    assert "Key points\n\n- The library opens in 2028\n- It will hold 200,000 books\n" in text
    assert "| Floor | Use |\n| Ground | Cafe |" in text


def test_basic_extractor_is_a_setting() -> None:
    worker = cleaner.Cleaner(settings={"html": {"extractor": "basic"}})
    cleaned = worker.clean(page(ARTICLES["article"]), format="html")
    assert cleaned.metadata.extractor == "basic"
    assert BODY[0] in cleaned.text
    with pytest.raises(ConfigError, match="extractor"):
        cleaner.Cleaner(settings={"html": {"extractor": "magic"}})


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hi <b>there</b>.</p>", "Hi there.\n"),
        ("<p>The <i>report</i>'s findings</p>", "The report's findings\n"),
        ("<pre>a  =  1\n    b</pre>", "a  =  1\n    b\n"),
        ("<p>one<br>two<br/>three</p>", "one\ntwo\nthree\n"),
        ("<p>before<div>inside</div>after</p>", "before\n\ninside\n\nafter\n"),
    ],
)
def test_the_basic_extractor_keeps_text_as_a_browser_shows_it(html: str, text: str) -> None:
    worker = cleaner.Cleaner(settings={"html": {"extractor": "basic"}}, disable=["tidy"])
    assert worker.clean(html, format="html").text == text


def test_a_page_without_an_article_falls_back_to_the_basic_extractor() -> None:
    cleaned = cleaner.clean("<html><body><script>x()</script></body></html>")
    assert cleaned.text == ""
    assert cleaned.metadata.extractor == "basic"
    assert [c.rule for c in cleaned.changes][:1] == ["html:drop-script"]


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><p>a\x00b\x0bc\x1fd\ufffee\uffff f</p><p>next</p></body></html>",
        "<!DOCTYPE html/>\n<html><body><p>x</p><p>y</p></body></html>",
        '<html lang="en" />\n<body><p>x</p><p>y</p></body>',
        '<?xml version="1.0" encoding="iso-8859-1"?><html><body><p>café “q”</p></body></html>',
        '<html><head><meta charset="windows-1252"></head><body><p>café 日本</p></body></html>',
        "<p>one</p><p>two</p>",
        "no markup at all",
        "",
    ],
)
def test_a_page_is_parsed_as_trafilatura_parses_it(page: str) -> None:
    # Our parser looks element classes up in C, and repairs the page on its bytes: the tree
    # must be the one trafilatura's own loader makes, repairs and all.
    from lxml import etree
    from trafilatura.utils import load_html

    from cleaner import extract

    ours, theirs = extract._parse(page), load_html(page)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert etree.tostring(ours) == etree.tostring(theirs)


def test_scripts_are_counted_and_leave_the_text_around_them_whole() -> None:
    footer = (
        "<footer>Copyright <script>document.write(new Date().getFullYear())</script>"
        " The Daily Paper</footer>"
    )
    cleaned = cleaner.clean(page(ARTICLES["article"]).replace(AFTER, footer), format="html")
    changes = {c.rule: c.before for c in cleaned.changes}
    assert changes["html:drop-footer"] == "1 block(s), 4 word(s): Copyright The Daily Paper"
    assert changes["html:drop-script"] == (
        "1 block(s), 40 character(s): document.write(new Date().getFullYear())"
    )
    assert all(paragraph in cleaned.text for paragraph in BODY)


def article_with(block: str) -> str:
    """A page whose article has `block` between its second and third paragraphs."""
    paragraphs = [f"<p>{p}</p>" for p in BODY]
    return page("<article><h1>Council approves new library</h1>" + "".join(
        [*paragraphs[:2], block, *paragraphs[2:]]) + "</article>")  # fmt: skip


@pytest.mark.parametrize(
    ("block", "code"),
    [
        # Pygments: an empty <span> before the first line, which trafilatura favouring
        # precision deletes with the text after it.
        (
            '<div class="highlight"><pre><span></span><span class="kn">import</span> os\n'
            "total = 1\n    total += 2</pre></div>",
            "import os\ntotal = 1\n    total += 2",
        ),
        (
            "<pre><code>frame = read(path)\n\nprint(frame)</code></pre>",
            "frame = read(path)\n\nprint(frame)",
        ),
        # A bare <pre>: trafilatura takes it for a quotation and folds its spacing.
        (
            "<pre>$ make test\n  ok   parser\n  ok   writer</pre>",
            "$ make test\n  ok   parser\n  ok   writer",
        ),
        ("<pre>a ``` in it</pre>", "a ``` in it"),
    ],
)
def test_code_is_kept_as_written_in_a_fenced_block(block: str, code: str) -> None:
    text = cleaner.clean(article_with(block), format="html").text
    fence = "````" if "```" in code else "```"
    assert f"\n\n{fence}\n{code}\n{fence}\n\n" in text
    assert all(paragraph in text for paragraph in BODY)
    assert cleaner.clean(text, format="text").text == text  # the text stages leave it


def test_code_in_a_sentence_stays_in_the_sentence() -> None:
    block = "<p>Call <code>read_csv()</code> to load the budget, then <code>groupby</code> it.</p>"
    text = cleaner.clean(article_with(block), format="html").text
    assert "\n\nCall read_csv() to load the budget, then groupby it.\n\n" in text


def test_text_after_an_empty_element_is_kept() -> None:
    block = (
        "<p>Mayor Jane Smith<span></span> said the vote was historic and thanked residents.</p>"
        '<p><i class="icon-clock"></i> Updated on Monday, the plan was approved in full.</p>'
    )
    text = cleaner.clean(article_with(block), format="html").text
    assert "Mayor Jane Smith said the vote was historic and thanked residents." in text
    assert "Updated on Monday, the plan was approved in full." in text


NESTED = (
    '<aside class="rail"><h3>Most read</h3><nav><a href="/a">Parks plan</a>'
    ' <a href="/b">Bus routes</a></nav> and more</aside>'
    '<footer class="site">About us <svg><title>Daily Paper logo</title><path d="M0"/></svg>'
    " <button>Back to top</button></footer>"
)


HEAD = (
    '<head><meta charset="utf-8"><title>Council approves new library</title>'
    '<script type="application/ld+json">{"@type": "NewsArticle"}</script>'
    '<noscript><img src="/pixel.gif"></noscript><link rel="canonical" href="/library"></head>'
)
HELD_PAGES = [page(a) for a in ARTICLES.values()] + [
    page(ARTICLES["article"] + NESTED),
    page(ARTICLES["article"]).replace("<head><title>", HEAD + "<title>", 1),
]


@pytest.mark.parametrize("html", HELD_PAGES)
def test_blocks_held_out_of_the_extractor_change_neither_text_nor_log(
    html: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a menu, sidebar, footer or the head holds is taken out before trafilatura runs
    # (which deletes it whole): the article and the summary of what went are as without it.
    from cleaner import extract

    held = extract.extract(html)
    monkeypatch.setattr(extract, "_hold_furniture", lambda tree: [])
    assert held == extract.extract(html)


@pytest.mark.parametrize("html", HELD_PAGES)
def test_held_blocks_go_back_where_they_stood(html: str) -> None:
    from lxml import etree

    from cleaner import extract

    tree = extract._parse(html)
    before = etree.tostring(tree)
    held = extract._hold_furniture(tree)
    assert {element.tag for element, _ in held} >= {"nav", "aside", "head"}
    assert tree.find(".//nav/a") is None
    extract._restore(held)
    assert etree.tostring(tree) == before


def test_the_head_keeps_its_data_while_held() -> None:
    # trafilatura reads the page's data (JSON-LD) in the head: it tells a forum by it.
    from cleaner import extract

    tree = extract._parse(HELD_PAGES[-1])
    extract._hold_furniture(tree)
    assert [child.tag for child in tree.find("head")] == ["script"]


def test_what_a_held_block_held_is_summarised_by_its_own_kind() -> None:
    # The menu inside the sidebar is navigation, the logo inside the footer an embed.
    cleaned = cleaner.clean(page(ARTICLES["article"] + NESTED), format="html")
    changes = {c.rule: c.before for c in cleaned.changes}
    assert changes["html:drop-nav"] == (
        "6 block(s), 8 word(s): Home | News | Sport | Weather | Parks plan | Bus routes"
    )
    assert changes["html:drop-aside"].startswith("6 block(s), 33 word(s): Most read | and more")
    assert changes["html:drop-footer"] == (
        "2 block(s), 7 word(s): About us | Copyright 2025 The Daily Paper"
    )
    assert changes["html:drop-embed"] == "1 block(s), 3 word(s): Daily Paper logo"
    assert changes["html:drop-form"] == "1 block(s), 3 word(s): Back to top"


@pytest.mark.parametrize(
    ("head", "language"),
    [
        ('<html lang="pt-BR"><head>', "pt"),
        ('<html><head><meta http-equiv="Content-Language" content="pt_BR, en">', "pt"),
        ('<html><head><meta property="og:locale" content="pt_BR">', "pt"),
        ('<html lang="en-US"><head><meta property="og:locale" content="pt_BR">', "en"),
        ("<html><head>", None),
        ('<html lang="x"><head>', None),
    ],
)
def test_the_language_a_page_declares_is_noted(head: str, language: str | None) -> None:
    html = page(ARTICLES["article"]).replace("<html><head>", head, 1)
    cleaned = cleaner.clean(html, format="html")
    assert cleaned.metadata.declared_language == language
    assert cleaned.metadata.language == "en"  # English text, whatever its page says


def test_a_page_in_the_language_it_declares_is_told_so_without_langdetect() -> None:
    from test_stages import PORTUGUESE

    html = page("<article>" + f"<p>{PORTUGUESE}</p>" * 3 + "</article>")
    cleaned = cleaner.clean(html.replace("<html>", '<html lang="pt-BR">', 1), format="html")
    assert (cleaned.metadata.language, cleaned.metadata.language_method) == ("pt", "declared")
