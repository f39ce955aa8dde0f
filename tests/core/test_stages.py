"""Each stage alone, on the cases it exists for and the ones it must leave alone."""

from __future__ import annotations

import zlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import placing
from cleaner.articles import article_for
from cleaner.document import Document
from cleaner.errors import SkipFile
from cleaner.metadata import Metadata
from cleaner.options import options_for
from cleaner.pipeline import Pipeline, stage_class
from cleaner.ruleset import RuleSet
from cleaner.stages.dedupe import BUCKET, LONG


def run(rules: RuleSet, name: str, text: str, **settings: Any) -> Document:
    doc = Document(text=text, path="t.txt", metadata=Metadata(language="en"))
    stage_class(name)(rules, options_for(name, settings)).run(doc)
    return doc


def decode(rules: RuleSet, data: bytes) -> Document:
    doc = Document(text="", raw=data)
    stage_class("decode")(rules).run(doc)
    return doc


# decode


def test_decode_utf8_bom_and_newlines(rules: RuleSet) -> None:
    doc = decode(rules, b"\xef\xbb\xbfone\r\ntwo\rthree\n")
    assert doc.text == "one\ntwo\nthree\n"
    assert {c.rule for c in doc.changes} == {"decode:utf-8-sig", "decode:newlines"}


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Caf\u00e9 \u201cquoted\u201d \u00a3".encode("cp1252"), "cp1252"),
        ("Caf\u00e9 \u00a3 \x81".encode("latin-1"), "latin-1"),
        ("\ufeffCaf\u00e9 \u00a3".encode("utf-16-le"), "utf-16"),
        ("\ufeffCaf\u00e9 \u00a3".encode("utf-16-be"), "utf-16"),
    ],
)
def test_decode_other_encodings(rules: RuleSet, data: bytes, encoding: str) -> None:
    doc = decode(rules, data)
    assert doc.metadata.encoding == encoding
    assert doc.text.startswith("Caf\u00e9")


def test_decode_refuses_binary(rules: RuleSet) -> None:
    with pytest.raises(SkipFile, match="binary"):
        decode(rules, b"\x89PNG\r\n\x1a\n\x00\x00")


# html


def test_html_is_sniffed_without_a_suffix(rules: RuleSet) -> None:
    doc = Document(text="<!doctype html><p>One.</p><script>x()</script><p>Two.</p>", path="a.txt")
    stage_class("html")(rules).run(doc)
    assert doc.text == "One.\n\nTwo.\n"
    assert [c.rule for c in doc.changes] == ["html:drop-script", "html:to-text"]
    assert (doc.changes[-1].before, doc.changes[-1].after) == (
        "1 line(s) of HTML",
        "2 paragraph(s) (trafilatura)",
    )


@pytest.mark.parametrize("text", ["Use <b> for bold.\n", "<html spring and the building\n"])
def test_plain_text_with_tags_is_not_html(rules: RuleSet, text: str) -> None:
    assert run(rules, "html", text).text == text


# unicode


def test_unicode_repairs_mojibake_and_keeps_curly_quotes(rules: RuleSet) -> None:
    doc = run(rules, "unicode", "Japan\u00e2\u20ac\u2122s \u201cbest\u201d year\n")
    assert doc.text == "Japan\u2019s \u201cbest\u201d year\n"
    assert doc.changes[0].rule == "unicode:mojibake"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # The quote's third byte, undefined in Windows-1252, was dropped: before a space
        # ftfy alone makes a dagger of it, before a full stop it leaves it.
        ("\u00e2\u20ac\u0153Yes,\u00e2\u20ac she said.", "\u201cYes,\u201d she said."),
        ("He said: \u201cWe will.\u00e2\u20ac", "He said: \u201cWe will.\u201d"),
    ],
)
def test_unicode_restores_a_right_quote_that_lost_a_byte(
    rules: RuleSet, before: str, after: str
) -> None:
    doc = run(rules, "unicode", before)
    assert doc.text == after
    assert [change.rule for change in doc.changes] == ["unicode:mojibake"]


def test_unicode_restores_no_quote_where_none_opened(rules: RuleSet) -> None:
    doc = run(rules, "unicode", "Smith\u00e2\u20ac and Jones\n")
    assert "\u201d" not in doc.text


@pytest.mark.parametrize("copies", [1, 70_000], ids=["line", "line-over-ftfy-segment"])
def test_unicode_fixes_and_names_like_fix_text(rules: RuleSet, copies: int) -> None:
    """A line longer than ftfy's segment (1M characters) is fixed as fix_text fixes it."""
    import ftfy

    line = "caf\u00e9 &amp; bar " * copies
    doc = run(rules, "unicode", line)
    config = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)
    assert doc.text == ftfy.fix_text(line, config) == "café & bar " * copies
    assert [change.rule for change in doc.changes] == ["unicode:unescape-html"]


def test_unicode_keeps_full_width_japanese(rules: RuleSet) -> None:
    text = "東京（ロイター）－日本の首相は１０日、\n"
    assert run(rules, "unicode", text).text == text


# language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "The minister said that the plan would be put to a vote in the house next week " * 3,
            "en",
        ),
        (
            "Le gouvernement a annoncé mardi une nouvelle réforme des retraites qui sera "
            "présentée au Parlement la semaine prochaine, selon le ministre.",
            "fr",
        ),
        ("日本政府は十日、新しい経済対策を発表した。首相は記者会見で説明した。", "ja"),
    ],
)
def test_language(rules: RuleSet, text: str, language: str) -> None:
    doc = Document(text=text)
    stage_class("language")(rules).run(doc)
    assert doc.metadata.language == language


def test_english_only_stages_skip_other_languages(rules: RuleSet) -> None:
    text = (
        "La Maison Blanche a dit que le White Home et andcontributing sont ici, "
        "selon le ministre des affaires.\n"
    )
    doc = Pipeline(rules).clean_text(text)
    assert doc.text == text
    assert doc.metadata.language == "fr"
    assert {"spin", "spelling"} <= set(doc.metadata.skipped_stages)


def test_language_reads_past_spacing(rules: RuleSet) -> None:
    """Tidying a text (folding its spacing) never changes the language it is told to be."""
    text = "Ferry service resumes after a strike by the crew, the council said on Friday. " * 20
    spaced = " " * 5000 + "\n\n".join(text.split(". "))
    doc, tidied = Document(text=spaced), Document(text=text)
    for d in (doc, tidied):
        stage_class("language")(rules).run(d)
    assert doc.metadata == tidied.metadata
    assert doc.metadata.language == "en"


PORTUGUESE = (
    "O governo anunciou na terça-feira que vai apresentar ao Congresso uma nova proposta de "
    "reforma da previdência, segundo o ministro, que disse que o texto deve ser votado até o "
    "fim do ano e que os estados também serão incluídos na mudança."
)
FRENCH = (
    "Le gouvernement a annoncé mardi une nouvelle réforme des retraites qui sera présentée "
    "au Parlement la semaine prochaine, selon le ministre, qui a dit que le texte sera voté "
    "avant la fin de l'année."
)


@pytest.mark.parametrize(
    ("text", "declared", "told"),
    [
        (PORTUGUESE, "pt", ("pt", "declared")),  # said, and its function words agree
        (PORTUGUESE, "de", ("pt", "langdetect")),  # said, but not so
        (PORTUGUESE, "en", ("pt", "langdetect")),  # a template's default, not the text's
        (FRENCH, "ja", ("fr", "langdetect")),  # no stop-list to agree with
        (FRENCH, None, ("fr", "langdetect")),
        ("The council said the vote would go ahead on Friday as planned. " * 3, "pt",
         ("en", "function-words")),
    ],
)  # fmt: skip
def test_a_page_s_own_word_for_its_language_is_taken_when_its_text_agrees(
    rules: RuleSet, text: str, declared: str | None, told: tuple[str, str]
) -> None:
    doc = Document(text=text, metadata=Metadata(declared_language=declared))
    stage_class("language")(rules).run(doc)
    assert (doc.metadata.language, doc.metadata.language_method) == told


def test_too_little_text_to_tell_is_cleaned_as_english(rules: RuleSet) -> None:
    doc = Pipeline(rules).clean_text("€™ ¢ 12 andcontributing\n")
    assert doc.metadata.language == "unknown"
    assert doc.text == "€™ ¢ 12 and contributing\n"


# boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "Top Stories Today",
        "**Advertisement**",
        "[Back to Japan-Kenya Relations](https://example.com/relations)",
        "![a photo](https://example.com/a.jpg)",
        "Leaders at the summit (Photo: Cabinet Public Affairs Office)",
        "Photo: Reuters",
        "Top Stories Today" + " " * 300,  # padding that tidy would remove later
        "## " + "#" * 300 + " Top Stories Today",
        "Read more: Tencent profit falls as Alibaba threat and economic woes weigh",
        "READ MORE: China plague outbreak confirmed: Two diagnosed with disease in Beijing",
        "Related: The 15 Weirdest Galaxies in Our Universe",
        "Also on rt.com Journalists threatened with sedition arrests as Bolivia purges",
        "Like this story? Share it with a friend!",
        '[button link="https://example.com/review" type="big"] Send us your review[/button]',
        "Tags: budget, council, library",
        "Filed under: Politics |",
        "*Photo: President William Ruto at Olkaria. (Reuters)*",
        "Image: Firefighters at the scene on Sunday (AP Photo/Evan Vucci, File)",
        "[Facebook](https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.com)"
        " | [Twitter](https://twitter.com/intent/tweet?url=https%3A%2F%2Fexample.com)",
        "- [Email](mailto:?subject=Kenya%20signs%20deal)",
        "Image source, Getty Images",
        "Listen to this article",
        "3 min read",
        "Reading time: 5 minutes",
        "Story continues below advertisement",
        "Loading...",
        "All rights reserved.",
    ],
)
def test_boilerplate_lines(rules: RuleSet, line: str) -> None:
    doc = run(rules, "boilerplate", f"Real text here.\n{line}\nMore real text.")
    assert doc.text == "Real text here.\nMore real text."
    assert doc.changes[0].before == line and doc.changes[0].after is None


@pytest.mark.parametrize(
    "line",
    [
        "Back to the drawing board for the council, which will meet again.",
        "Back to back wins for the champions.",
        "The photo (taken in 2004) was widely shared.",
        "Related talks will continue next week.",
        "Related: the two cases were heard together, the court said.",
        "More: the council will publish its full plans in the spring.",
        "More information: G. Petit et al. Hibernation and Torpor (2018)",
        "See more photos:",
        "We liked this story? The editor did not, and said so.",
        "Tagged as a suspect, he spent a night in the cells.",
        "Image: a 3D scan of the skull, which scientists say is 300,000 years old",
        "Photographs: 12 exhibits were entered into evidence by the prosecution on Tuesday",
        "Readers [shared it](https://www.facebook.com/sharer/sharer.php?u=x) a million times.",
        "10 minutes",
        "Image caption, President Ruto at the summit in Yokohama",
        "© 2019 Associated Press. All Rights Reserved. This material may not be published.",
        "Loading the ships took three days.",
    ],
)
def test_boilerplate_leaves_article_lines(rules: RuleSet, line: str) -> None:
    assert run(rules, "boilerplate", line).changes == []


def test_unknown_link_list_header_is_found_by_the_heuristic(rules: RuleSet) -> None:
    text = (
        "The story ends here.\nElsewhere On The Site\n"
        "- Farmers protest new water charges in the valley\n"
        "- Court rules on disputed election result in the capital\n"
        "- Central bank holds interest rates for a third month\n"
        "A closing paragraph that is part of the story."
    )
    doc = run(rules, "boilerplate", text)
    assert doc.text == "The story ends here.\nA closing paragraph that is part of the story."
    assert {c.rule for c in doc.changes} == {"boilerplate:link-list"}


# dedupe


def test_dedupe_keeps_short_repeated_lines(rules: RuleSet) -> None:
    text = "Yes\nNo\nYes\nNo"
    assert run(rules, "dedupe", text).text == text


def test_dedupe_similarity_is_configurable(rules: RuleSet) -> None:
    a = "One two three four five six seven eight nine ten eleven twelve thirteen fourteen sixteen."
    b = "One two three four five six seven eight nine ten eleven twelve thirteen fifteen sixteen."
    assert run(rules, "dedupe", f"{a}\n{b}", similarity=0.95).text == f"{a}\n{b}"
    assert run(rules, "dedupe", f"{a}\n{b}", similarity=0.7).text == a


def _room_made_text() -> tuple[str, str]:
    """A text whose repeats, once removed, make room in dedupe's full buckets, and the
    paragraph that room lets a second run remove.

    Every paragraph's sketch is the same four long words (those of the least crc32), so
    the first BUCKET paragraphs filed fill every bucket it names. The first two hold eight
    words each that only their exact copies, at the end, share: removed, those copies
    leave the two with words no other paragraph has, which a second run no longer files.
    The room they leave takes the paragraph after the fillers, and its near copy after it
    meets it there: a first run compared neither, every bucket being full.
    """
    long_words = sorted(
        (f"{a}{b}{a}ment" for a in "bcdfghjklmnprstvwz" for b in "aeiou"),
        key=lambda word: zlib.crc32(word.encode()),
    )
    assert len(long_words[0]) >= LONG
    sketch, own = long_words[:4], long_words[4:]
    short = [a + b + c for a in "bdgkmpt" for b in "aeiou" for c in "lnrs"]
    pool = short[:40]

    def paragraph(words: list[str]) -> str:
        return " ".join(words).capitalize() + "."

    first, second = (
        paragraph(sketch + pool[k : k + 8] + [word + "x" for word in short[100 + 8 * k :][:8]])
        for k in (0, 1)
    )
    fillers = [
        paragraph(
            [*sketch, *(pool[(7 * k + 3 * j) % len(pool)] for j in range(18)), *own[2 * k :][:2]]
        )
        for k in range(BUCKET - 2)
    ]
    words = sketch + [pool[(5 * j * j + j) % len(pool)] for j in range(36)]
    kept, near = paragraph(words), paragraph([*words[:-1], short[60]])
    text = "\n".join(["A title line", first, second, *fillers, kept, near, first, second])
    return text + "\n", near


def test_dedupe_a_second_run_removes_what_the_first_made_room_for(
    rules: RuleSet, pipeline: Pipeline
) -> None:
    """Dedupe is not idempotent: why a later round runs it over the whole text again, and
    what any scheme for later rounds that redo only what changed must keep finding."""
    text, near = _room_made_text()
    once = run(rules, "dedupe", text)
    assert [c.rule for c in once.changes] == ["dedupe:exact", "dedupe:exact"]
    twice = run(rules, "dedupe", once.text)
    assert [c.rule for c in twice.changes] == ["dedupe:near"]
    assert twice.changes[0].before == near
    cleaned = pipeline.clean_text(text)
    assert near not in cleaned.text
    assert [c.rule for c in cleaned.changes] == ["dedupe:exact", "dedupe:exact", "dedupe:near"]
    # Left a memo (as a long text's run is), the first run sends the second round to a run.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(placing, "MARK_CHARS", 0)
        remembered = pipeline.clean_text(text)
    assert remembered.text == cleaned.text and remembered.changes == cleaned.changes


@settings(max_examples=25, deadline=None)
@given(
    picks=st.lists(st.integers(0, 59), min_size=40, max_size=120),
    edits=st.lists(st.tuples(st.integers(0, 119), st.integers(0, 20)), max_size=12),
)
def test_dedupe_of_a_text_too_long_to_hold_its_words_as_of_a_held_one(
    rules: RuleSet, picks: list[int], edits: list[tuple[int, int]]
) -> None:
    """A long text's words are found again at each reading, a short one's held: dedupe
    removes the same lines either way, over articles that repeat paragraphs whole or with
    a word changed, with blank lines and captions between them."""
    from unittest.mock import patch

    from cleaner import tokens

    words = [a + b + c for a in "bdgkmpt" for b in "aeiou" for c in "lnrs"]
    paragraphs = [
        " ".join(words[(7 * k + 3 * j) % len(words)] for j in range(15 + k % 10)).capitalize()
        + "."
        for k in range(60)
    ]
    lines = [paragraphs[k] for k in picks]
    for at, word in edits:
        if at < len(lines):  # a near copy: one word of a repeated paragraph changed
            lines[at] = lines[at].replace(" ", f" {words[word]}x ", 1)
    text = "\n\n".join(
        line if k % 9 else f"Picture: a caption\n{line}" for k, line in enumerate(lines)
    )
    text = (text + "\n\n") * (tokens.HELD_CHARS // len(text) + 1)
    assert len(text) > tokens.HELD_CHARS
    long = run(rules, "dedupe", text)
    with patch.object(tokens, "HELD_CHARS", len(text)):
        held = run(rules, "dedupe", text)
    assert long.text == held.text
    assert [(c.rule, c.span) for c in long.changes] == [(c.rule, c.span) for c in held.changes]
    assert long.changes  # the copies after the first are found


# spin


def test_spin_gate_keeps_real_stated(rules: RuleSet) -> None:
    text = "The ministry stated that the talks were useful and informed reporters of the plan."
    doc = run(rules, "spin", text)
    assert doc.text == text
    assert doc.metadata.spin.recognised is False


def test_spin_always_rules_apply_without_the_gate(rules: RuleSet) -> None:
    doc = run(rules, "spin", "The talks took place at the White Home on Friday.")
    assert doc.text == "The talks took place at the White House on Friday."
    assert doc.metadata.spin.recognised is False
    assert doc.changes[0].rule == "spin:white-home"


# Spun reports written for these tests, on none of the seeds' topics (markets; sport and
# courts): the collocation rules (rules/spin/*-collocations.txt) repair them with the rest,
# and the always-tier hits among them open the gate. The lexicon takes "corporate" for the
# spinner's "company" too: real spun copies write it so and never keep it.
SPUN_REPORTS = [
    (
        "Shares fell after the Federal Reserve stated curiosity rates would stay high, and "
        "the London Inventory Exchange slipped. The chief working officer of the software "
        "large told an information conference that the corporate would cut jobs. "
        "Analysts on the Worldwide Monetary Fund stated the normal election may weigh on "
        "public providers, whereas the director normal of the Nationwide Audit Office "
        "warned native councils. The corporate, in bankruptcy safety since March, said its "
        "Windows working system would ship subsequent month.",
        "Shares fell after the Federal Reserve said interest rates would stay high, and "
        "the London Stock Exchange slipped. The chief operating officer of the software "
        "giant told a news conference that the company would cut jobs. "
        "Analysts on the International Monetary Fund said the general election may weigh on "
        "public services, while the director general of the National Audit Office "
        "warned local councils. The company, in bankruptcy protection since March, said its "
        "Windows operating system would ship next month.",
    ),
    (
        "The striker made his primary appearance for the side on Saturday, a month after he "
        "was discovered guilty of dangerous driving. His lawyer stated the authorized advice "
        "he was given had been clear. The side, owned by a US holding corporate, saw its "
        "shares hit a document high this week, and analysts stated the subsequent few months "
        "were extra important than ever for its document label and opera home.",
        "The striker made his first appearance for the side on Saturday, a month after he "
        "was found guilty of dangerous driving. His lawyer said the legal advice "
        "he was given had been clear. The side, owned by a US holding company, saw its "
        "shares hit a record high this week, and analysts said the next few months "
        "were more important than ever for its record label and opera house.",
    ),
]


@pytest.mark.parametrize(("spun", "edited"), SPUN_REPORTS, ids=["markets", "sport"])
def test_spin_repairs_a_report_no_rule_was_written_from(
    rules: RuleSet, spun: str, edited: str
) -> None:
    doc = run(rules, "spin", spun)
    assert doc.metadata.spin.recognised is True
    assert doc.text == edited


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("listed on an Inventory Exchange abroad", "listed on a Stock Exchange abroad"),
        ("An Inventory Exchange listing", "A Stock Exchange listing"),
        ("AN INVENTORY EXCHANGE LISTING", "A STOCK EXCHANGE LISTING"),
        ("a curiosity rate rise", "an interest rate rise"),
        ("it was an\nInventory Exchange listing", "it was a\nStock Exchange listing"),
        # an article already wrong for the spun words was not broken by the repair
        ("a Inventory Exchange listing", "a Stock Exchange listing"),
        # "a" inside a word is no article
        ("the Kenya Inventory Exchange", "the Kenya Stock Exchange"),
    ],
)
def test_spin_repairs_the_article_its_repair_breaks(
    rules: RuleSet, before: str, after: str
) -> None:
    doc = run(rules, "spin", before)
    assert doc.text == after
    (change,) = doc.changes
    assert before.replace(change.before, change.after, 1) == after
    assert run(rules, "spin", after).text == after


@pytest.mark.parametrize(
    ("word", "article"),
    [
        ("apple", "an"),
        ("news", "a"),
        ("union", None),
        ("unusual", "an"),
        ("European", "a"),
        ("one", "a"),
        ("one-off", "a"),
        ("onerous", "an"),
        ("hour", "an"),
        ("honest", "an"),
        ("FBI", None),
        ("10", None),
        ("’tis", None),
    ],
)
def test_article_for(word: str, article: str | None) -> None:
    assert article_for(word) == article


# spelling


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("defense andcontributing together", "defense and contributing together"),
        ("government and academiaas well", "government and academia as well"),
        ("the two countriesincluding Kenya", "the two countries including Kenya"),
        ("The two leadersconfirmed that", "The two leaders confirmed that"),
        ("the deal was signedin Nairobi", "the deal was signed in Nairobi"),
        ("as first reportedby Reuters", "as first reported by Reuters"),
        ("for East Africa.The two leaders", "for East Africa. The two leaders"),
    ],
)
def test_spelling_repairs(rules: RuleSet, before: str, after: str) -> None:
    assert run(rules, "spelling", before).text == after


@pytest.mark.parametrize(
    "text",
    [
        "heavily in favour of Japan and the mobilisation of capital",
        "Ruto visited Olkaria with Ishiba",
        "offences, weblogs, onboard, inboxes and goalscoring",
        "ringtones are popular",
        "see www.example.com/andcontributing or mail bob@academiaas.org",
        "the Node.Js library and Mr.The",
        "Figures for 2004.The",
    ],
)
def test_spelling_leaves_alone(rules: RuleSet, text: str) -> None:
    assert run(rules, "spelling", text).text == text


ENGLISH = (
    "The minister spoke to reporters in Rome on Tuesday about the new rail link, which the "
    "government says will be finished by the end of next year. Officials said the "
    "countriesincluding France and Spain had agreed to share its costs."
)


@pytest.mark.parametrize(
    "quotation",
    [
        "«Dobbiamo andare avanti e portare a termine il lavoro, perché i cittadini hanno "
        "aspettato abbastanza», ha detto la ministra ai giornalisti.",
        "Os problemas que temos com as estradas não são novos, e as cartas que recebemos "
        "dos cidadãos mostram isso.",
        "El contrato con la empresa fue firmado por mi hermana, que es la directora.",
    ],
)
def test_spelling_leaves_a_paragraph_of_another_language_alone(
    rules: RuleSet, quotation: str
) -> None:
    # "portare" would be "port are", "problemas" "problem as", "contrato" "contra to":
    # words of the language their paragraph is in, not fused English.
    doc = run(rules, "spelling", f"{ENGLISH}\n\n{quotation}\n")
    assert (
        doc.text
        == f"{ENGLISH.replace('countriesincluding', 'countries including')}\n\n{quotation}\n"
    )


def test_spelling_leaves_code_alone(rules: RuleSet) -> None:
    code = "```\ntheresult = total(andcontributing)\nprint(os.The)\n```"
    text = f"The two countriesincluding Kenya.\n\n{code}\n\nThe two leadersconfirmed it.\n"
    doc = run(rules, "spelling", text)
    assert doc.text == text.replace("countriesincluding", "countries including").replace(
        "leadersconfirmed", "leaders confirmed"
    )


def test_spelling_reports_unknown_words(rules: RuleSet) -> None:
    doc = run(rules, "spelling", "a qwzxvbnm here")
    assert doc.metadata.unknown_words == ["qwzxvbnm"]
    assert doc.changes == []


def test_spelling_studies_only_lower_case_uses(rules: RuleSet) -> None:
    """It reads casefolded words: a name or a sentence's first word is never a suspect."""
    doc = run(rules, "spelling", "Qwzxvbnm said Andcontributing, and Qwzxvbnm_x left.")
    assert doc.changes == []
    assert doc.metadata.unknown_words == []
    doc = run(rules, "spelling", "Qwzxvbnm then qwzxvbnm andcontributing")
    assert doc.text == "Qwzxvbnm then qwzxvbnm and contributing"
    assert doc.metadata.unknown_words == ["qwzxvbnm"]


def test_spelling_of_a_text_too_long_to_hold_its_words(rules: RuleSet) -> None:
    from cleaner import tokens

    paragraph = "The two leadersconfirmed that Qwzxvbnm and a qwzxvbnm came.\n"
    text = paragraph * (tokens.HELD_CHARS // len(paragraph) + 1)
    assert len(text) > tokens.HELD_CHARS
    doc = run(rules, "spelling", text)
    assert doc.text == text.replace("leadersconfirmed", "leaders confirmed")
    assert doc.metadata.unknown_words == ["qwzxvbnm"]


# tidy


def test_tidy(rules: RuleSet) -> None:
    doc = run(rules, "tidy", "\n\nTitle  \n\n\n\n  1. item\nend")
    assert doc.text == "Title\n\n  1. item\nend\n"


def test_link_list_behind_a_caption_goes_in_one_run(rules: RuleSet) -> None:
    # Found by tests/fuzz: the caption hid the list until a second run removed it.
    text = (
        "The story ends here.\nElsewhere On The Site\n"
        "Leaders at the summit (Photo: Cabinet Public Affairs Office)\n"
        "- Farmers protest new water charges in the valley\n"
        "- Court rules on disputed election result in the capital\n"
        "- Central bank holds interest rates for a third month\n"
    )
    once = run(rules, "boilerplate", text)
    assert once.text == "The story ends here.\n"
    assert run(rules, "boilerplate", once.text).changes == []


def test_spelling_leaves_a_markdown_link_target_whole(rules: RuleSet) -> None:
    # The link's text is article text; its target is an address, never words to split.
    text = "Read the [full story](leadersconfirmed) where leadersconfirmed the plan.\n"
    doc = Pipeline(rules).clean_text(text)
    assert doc.text == (
        "Read the [full story](leadersconfirmed) where leaders confirmed the plan.\n"
    )


# structure: what a first word or a repeat alone does not prove


@pytest.mark.parametrize(
    "text",
    [
        "Back to school: parents face rising costs\n\nUniforms cost more this year.",
        "Return to Office mandates spark protests\n\nStaff walked out on Monday.",
        "Key points\n- Council tax will rise by 4.9% from April\n"
        "- Two libraries that were due to close will stay open\n"
        "- Bus passes for people over 70 will remain free",
        "Qualified teams\n\nEngland (Group A): Tenth appearance\n"
        "Czech Republic (Group A): Seventh appearance\nUkraine (Group B): Third appearance",
        "## Recommended\n\n- Sony WH-1000XM5 Wireless Noise Cancelling Headphones\n"
        "- Bose QuietComfort Ultra Wireless Headphones\n\n## Avoid\n\nThe rest.",
        "```\nBack to the start\nTop Stories Today\n```",
        "Photographs: 12 exhibits were entered into evidence by the prosecution on Tuesday",
        "Image: a 3D scan of the skull, which scientists say is 300,000 years old",
    ],
)
def test_boilerplate_keeps_structure_a_first_word_does_not_make_furniture(
    rules: RuleSet, text: str
) -> None:
    assert run(rules, "boilerplate", text).changes == []


def test_navigation_goes_when_nothing_of_the_article_follows(rules: RuleSet) -> None:
    doc = run(rules, "boilerplate", "The story.\n\nBack to Japan-Kenya Relations\n")
    assert doc.text == "The story.\n\n"  # tidy takes the blank line
    doc = run(rules, "boilerplate", "The story.\nBack to Japan-Kenya Relations\nMore story.")
    assert doc.changes == []


def test_dedupe_removes_a_pasted_lede_but_not_a_repeated_question(rules: RuleSet) -> None:
    lede = "The council voted on Tuesday to build a new library, ending a decade of debate."
    question = "What do you cook at home when nobody is watching, and what will you not eat?"
    text = f"{lede}\n{lede}\n{question}\nEggs.\n{question}\nSoup, mostly."
    doc = run(rules, "dedupe", text)
    assert doc.text == f"{lede}\n{question}\nEggs.\n{question}\nSoup, mostly."
    assert [c.rule for c in doc.changes] == ["dedupe:exact"]


@pytest.mark.parametrize(
    "text",
    [
        "The plague is caused by Yersinia pestis, found in fleas.",
        "Those infected with Y. pestis often show swollen lymph nodes.",
        "The bacterium *pestis* spreads through fleas.",
        "Workers need upskilling, the minister said.",
        "She posted the speedup figures on linkedin and her blog.",
    ],
)
def test_spelling_leaves_other_languages_and_compounds(rules: RuleSet, text: str) -> None:
    assert run(rules, "spelling", text).changes == []


def test_markdown_keeps_its_structure(pipeline: Pipeline) -> None:
    text = (
        "# Title of the piece\n\n## A section\n\n- first item of the list here\n"
        "- second item of the list here\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```\ncode  stays\n```\n\nSome *emphasis* and a [link](https://example.com/x).\n"
    )
    doc = pipeline.clean_text(text, "a.md")
    assert doc.text == text and doc.changes == []
