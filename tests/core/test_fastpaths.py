"""The fast paths give what the plain library calls give."""

from __future__ import annotations

import functools
import gc
import itertools
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import batch
from cleaner.api import Cleaner
from cleaner.batch import execute
from cleaner.document import Document
from cleaner.pipeline import Pipeline, stage_class
from cleaner.ruleset import RuleSet
from cleaner.stages.unicode import MOJIBAKE_GATE, SUSPECT_CHARACTERS, needs_ftfy
from cleaner.tokens import Words


def _branches_need_gate_characters() -> list[str]:
    """Patterns of ftfy's badness test that could match text the gate lets through."""
    import re._constants as c  # type: ignore[import-not-found]
    import re._parser as p  # type: ignore[import-not-found]

    from ftfy.badness import BADNESS_RE

    def chars(item: tuple[object, object]) -> set[int]:
        op, av = item
        if op is c.LITERAL:
            return {av}  # type: ignore[set-item]
        if op is c.IN:
            out: set[int] = set()
            for o, a in av:  # type: ignore[attr-defined]
                if o is c.LITERAL:
                    out.add(a)
                elif o is c.RANGE:
                    out.update(range(a[0], a[1] + 1))
                else:
                    out.add(-1)  # a category such as \w: may be ASCII
            return out
        return {-1}

    ((op, av),) = list(p.parse(BADNESS_RE.pattern, BADNESS_RE.flags))
    assert op is c.BRANCH
    escaping = []
    for branch in av[1]:
        items = list(branch)
        non_ascii = [i for i, item in enumerate(items) if min(chars(item)) > 127]
        if any(b - a == 1 for a, b in itertools.pairwise(non_ascii)):
            continue  # needs two non-ASCII characters in a row
        needed = {chr(x) for i in non_ascii for x in chars(items[i])}
        if not needed or not all(MOJIBAKE_GATE.search(ch) for ch in needed):
            escaping.append(str(items[:3]))
    return escaping


def test_gate_covers_every_badness_pattern() -> None:
    assert _branches_need_gate_characters() == []


def test_gate_is_its_plain_expression() -> None:
    import re

    plain = re.compile(r"[\x80-\x9fÂÃŒœ]|[^\x00-\x7f]{2}")
    alphabet = "aÂÃŒœ\x80\x9f\x7f\xa0é’€ \n\U0001f600"
    rng = random.Random(5)
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        assert bool(MOJIBAKE_GATE.search(text)) == bool(plain.search(text)), repr(text)


@settings(max_examples=2000, deadline=None)
@given(st.text(st.sampled_from("aÂÃ \nbé£\xa0\xff×ÿ")))
def test_latin1_gate_is_the_gate(text: str) -> None:
    from cleaner.stages.unicode import _may_be_mojibake

    found = MOJIBAKE_GATE.search(text) is not None
    assert _may_be_mojibake(text, text.encode("latin-1")) == found


def test_suspect_characters_are_ftfy_s_own() -> None:
    from ftfy.chardata import CONTROL_CHARS, LIGATURES

    codes = set(CONTROL_CHARS) | set(LIGATURES) | {0x0D, 0x85, 0x2028, 0x2029}
    codes |= set(range(0x80, 0xA0)) | set(range(0xD800, 0xE000))  # C1 controls, surrogates
    found = {c for c in range(0x110000) if SUSPECT_CHARACTERS.match(chr(c))}
    assert found == codes


def test_byte_tables_are_the_character_classes() -> None:
    from cleaner.stages.unicode import _ASCII_CONTROLS, _LATIN1_SUSPECTS

    assert set(_LATIN1_SUSPECTS) == {c for c in range(256) if SUSPECT_CHARACTERS.match(chr(c))}
    controls = {c for c in range(128) if not chr(c).isprintable()} - {ord("\t"), ord("\n")}
    assert set(_ASCII_CONTROLS) == controls


def test_needs_ftfy_false_means_ftfy_changes_nothing() -> None:
    import ftfy

    config = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)
    alphabet = [*"abcXYZ ,.-'\"&;#", *map(chr, range(0x80, 0x250)), *"€™œ–—’“”…•ﬁ\u2028\ufeff"]
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
        if not needs_ftfy(text):
            assert ftfy.fix_text(text, config) == text, repr(text)


def test_fast_paths_match_plain_calls_on_the_corpus(bbc: Path) -> None:
    """unicode skips only lines ftfy leaves alone; language settles only what langdetect
    would call English."""
    import ftfy

    from cleaner.stages.language import detect, english_share

    config = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)
    for path in sorted(bbc.rglob("[0-9]*.txt")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        for line in text.split("\n"):
            if not needs_ftfy(line):
                assert ftfy.fix_text(line, config) == line, (path, line)
        share, words = english_share(text)
        if words >= 20 and share >= 0.15:
            assert detect(text) == "en", path


@pytest.mark.parametrize("text", ["Japanâ€™s", "cafÃ©", "ﬁne", "a\u2028b", "&amp;", "e\u0301"])
def test_needs_ftfy_sees_what_ftfy_fixes(text: str) -> None:
    assert needs_ftfy(text)


_ENTITY_PIECES = [
    *"&#;<x é\x00\u0301Ã\x9d",
    *("&amp;", "&amp;amp;", "&#233;", "&#xe9;", "&#39;", "&lt;", "&gt;", "&quot;", "&#0;"),
    *("&#13;", "&#27;[1m", "&#128;", "&#x110000;", "&#65", "&NTILDE;", "&nTILDE;", "&AMP;"),
    *("&Atilde;&copy;", "&#195;&#169;", "&eacute;", "e&#769;", "&#8217;", "&notin;", "&ampx;"),
]


@given(st.lists(st.sampled_from(_ENTITY_PIECES), max_size=10).map("".join))
@example("Caf&#233; &amp; bar, &lt;3 &#191;Qu&#233;?")
@example("&Atilde;&copy;")  # decoded, then mojibake: left to ftfy
def test_entities_decoded_without_ftfy_are_as_ftfy_decodes_them(line: str) -> None:
    from unittest import mock

    from cleaner.stages import unicode

    fixed = unicode._unescaped(line)
    if fixed is None:
        return
    with mock.patch.object(unicode, "_unescaped", lambda line: None):
        assert unicode._ftfy(line) == (fixed, "unescape-html")


def test_entities_are_decoded_without_ftfy_where_they_are_all_it_fixes() -> None:
    import ftfy

    from cleaner.stages.unicode import MAX_DECODE_LENGTH, _unescaped

    assert ftfy.TextFixerConfig().max_decode_length == MAX_DECODE_LENGTH
    assert _unescaped("Caf&#233; &amp; bar, &lt;3 &#191;Qu&#233;?") == "Café & bar, <3 ¿Qué?"
    # Markup, a name only ftfy knows, what decodes into mojibake or a control: to ftfy.
    for line in ["<b>&amp;</b>", "P&EACUTE;REZ", "&Atilde;&copy;", "a&#13;b", "&#65"]:
        assert _unescaped(line) is None


def test_dedupe_sketch_finds_every_near_repeat_on_the_corpus(bbc: Path, rules: RuleSet) -> None:
    """Each corpus paragraph followed by a copy with one word changed: dedupe removes the
    same copies that comparing every pair of paragraphs would."""
    from cleaner.stages.dedupe import MIN_WORDS, _may_be_copy, _shingles
    from cleaner.tokens import ALNUM_RUNS

    dedupe = stage_class("dedupe")(rules)
    threshold = dedupe.options.similarity
    rng = random.Random(11)
    found = 0
    for path in sorted(bbc.rglob("[0-9]*.txt"))[::5]:
        paragraphs = [
            line
            for line in path.read_bytes().decode("utf-8", errors="replace").split("\n")
            if len(ALNUM_RUNS.pattern.findall(line)) >= MIN_WORDS
        ]
        lines: list[str] = []
        for paragraph in paragraphs:
            words = paragraph.split()
            words[rng.randrange(len(words))] = "changed"
            lines += [paragraph, " ".join(words)]
        expected: list[str] = []
        kept: list[set[tuple[str, str, str]]] = []
        for line in dict.fromkeys(lines):
            words = ALNUM_RUNS.pattern.findall(line.casefold())
            mine = _shingles(words)
            similar = any(len(mine & other) / len(mine | other) >= threshold for other in kept)
            if similar and _may_be_copy(line, words):  # a line of structure stays, filed
                expected.append(line)
            else:
                kept.append(mine)
        doc = Document("\n".join(lines))
        dedupe.run(doc)
        removed = [change.before for change in doc.changes if change.rule == "dedupe:near"]
        assert removed == expected, path
        found += len(removed)
    assert found > 1000  # most one-word edits of a long paragraph stay above the threshold


PARAGRAPH = st.lists(st.sampled_from("a b c d e f g h".split()), min_size=8, max_size=24)


@settings(max_examples=3000, deadline=None)
@given(a=PARAGRAPH, b=PARAGRAPH, threshold=st.sampled_from([0.0, 0.3, 0.5, 0.8, 0.9, 1.0]))
def test_dedupe_never_passes_over_a_near_repeat(
    rules: RuleSet, a: list[str], b: list[str], threshold: float
) -> None:
    """Paragraphs whose shingles are similar enough both keep enough shared words to be
    looked at (Dedupe._may_be_repeated)."""
    from cleaner.options import DedupeOptions
    from cleaner.stages.dedupe import _shingles

    dedupe = stage_class("dedupe")(rules, DedupeOptions(similarity=threshold))
    x, y = _shingles(a), _shingles(b)
    if len(x & y) / len(x | y) >= threshold:
        shared = set(a) & set(b)
        assert dedupe._may_be_repeated(a, len(set(a) - shared))  # type: ignore[attr-defined]
        assert dedupe._may_be_repeated(b, len(set(b) - shared))  # type: ignore[attr-defined]


def test_missing_space_prefilter_is_the_plain_expression(bbc_texts: list[str]) -> None:
    import re

    from cleaner.stages.spelling import _MAYBE_MISSING_SPACE

    plain = re.compile(r"[a-z]\.[A-Z]")
    texts = list(bbc_texts)
    rng = random.Random(3)
    texts += ["".join(rng.choice("aZ.. x\n") for _ in range(12)) for _ in range(20_000)]
    for text in texts:
        assert bool(_MAYBE_MISSING_SPACE.search(text)) == bool(plain.search(text)), text


@settings(max_examples=2000, deadline=None)
@given(
    line=st.lists(
        st.sampled_from(
            [
                "Top Stories Today",
                "word",
                " ",
                "\t",
                "\xa0",
                "#",
                "*",
                "_",
                ">",
                "|",
                ":",
                "-",
                "é",
                "x" * 40,
                "\u3000",
                "\x0b",
                "\x1c",
                "\x85",
                "£",
                "’",
                "ß",
            ]
        ),
        max_size=40,
    ).map("".join)
)
@example("#" * 100 + " More To Read")
@example("*" * 50 + "Top Stories Today" + ":" * 50)
@example("\xa0" * 200 + "Top Stories Today")
@example("x" * 200)
def test_boilerplate_key_is_skipped_only_when_too_long(line: str) -> None:
    """key() measures long lines cheaply first; it must agree with normalising them."""
    from cleaner.stages.boilerplate import normalise

    stage = _boilerplate()
    key = stage.key(line)
    full = normalise(line)
    assert key == (full if len(full) <= stage.short else None)


@settings(max_examples=2000, deadline=None)
@given(
    line=st.lists(
        st.sampled_from([" ", "\t", "\n", "\xa0", "\u3000", "#", "*", "_", ">", "|", ":", "a"]),
        max_size=12,
    ).map("".join)
)
@example("## Top Stories ##")
@example("> :")
def test_boilerplate_normalise_is_the_two_expressions(line: str) -> None:
    """normalise() finds the edges' decoration from each end; the expressions it stands for
    remove it in one substitution, then fold the spacing."""
    import re

    from cleaner.stages.boilerplate import normalise

    decor = re.compile(r"^[\s#*_>|]+|[\s#*_:|]+$")
    assert normalise(line) == re.sub(r"\s+", " ", decor.sub("", line)).casefold()


# Regex rules of every kind _joined must tell apart: anchored or not, with flags a group can
# take or not, numbered or named groups (two with one name cannot be joined).
_PATTERNS = [
    "^a|b",
    "(?m)^b",
    "(?i)^ab",
    "(?s)^a.b",
    "(?i)(?s)^ba",
    "(?i)(?i)^ab",
    "^(a)\\1",
    "^(?P<x>ba)",
    "^(?P<x>ab)",
    "\\Ab\\n?a",
    "a$",
    "^\\s*A:",
]


@settings(max_examples=2000, deadline=None)
@given(
    line=st.lists(st.sampled_from(["a", "A", "b", "\n", " ", ":"]), max_size=8).map("".join),
    patterns=st.lists(st.sampled_from(_PATTERNS), min_size=1, max_size=6, unique=True),
)
def test_boilerplate_regex_rules_joined_match_a_line_where_one_does(
    line: str, patterns: list[str]
) -> None:
    """The joined regex rules, with those kept apart, match a line where one rule alone does."""
    import re

    from cleaner.stages.boilerplate import _joined

    joined, apart = _joined(patterns)
    found = (joined is not None and joined.match(line) is not None) or any(
        regex.search(line) for regex in apart
    )
    assert found == any(re.search(pattern, line) for pattern in patterns)


@settings(max_examples=2000, deadline=None)
@given(text=st.lists(st.sampled_from(["`", "~", " ", "\t", "\n", "a"]), max_size=10).map("".join))
@example(text="a\n    b")  # an indented line after the first, which the draws seldom make
@example(text="a\n   b\n \n    ")
@example(text="a\n\tb")
def test_may_hold_code_is_whether_a_mark_stands_in_the_text(text: str) -> None:
    from cleaner.structure import code_lines, may_hold_code

    head = f"\n{text[:4]}"
    marks = ("```", "~~~", "\n    ", "\n\t")
    assert may_hold_code(text) == any(mark in text or mark in head for mark in marks)
    assert may_hold_code(text) or not code_lines(text.split("\n"))


def test_boilerplate_finds_the_same_regex_rule_before_and_after_joining_them() -> None:
    from cleaner.stages.boilerplate import JOIN_AFTER

    stage = stage_class("boilerplate")(_boilerplate().rules)  # its own count of lines
    lines = [
        "Image source, Getty Images",
        "Photo: John Smith (Reuters)",
        "(AP Photo/Jane Doe)",
        "[caption id=1]A harbour[/caption]",
        "READING TIME: 5 min",
        "Did you enjoy this story?",
        "The bank said rates would stay at 5% (its highest since 2008).",
    ]
    for i in range(2 * JOIN_AFTER):
        line = lines[i % len(lines)]
        plain = next((rule for regex, rule in stage.regexes if regex.search(line)), None)
        assert stage._regex_rule(line) is plain
    assert stage._joined is not None


def test_anchored_patterns_are_those_that_match_only_at_the_start() -> None:
    from cleaner.regexguard import anchored

    assert anchored("^a") and anchored("(?i)^a") and anchored("\\Aa") and anchored("^(a|b)")
    assert not anchored("^a|b") and not anchored("(?m)^a") and not anchored("a^")


@functools.cache
def _boilerplate() -> Any:
    from cleaner.ruleset import load_rules

    return stage_class("boilerplate")(load_rules())


def test_a_batch_collects_less_while_it_runs_and_then_as_before(
    tmp_path: Path, rules: RuleSet
) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Storm hits coast.\n\nRoads closed.\n", encoding="utf-8")
    jobs = batch.discover([tmp_path], tmp_path / "out")
    before = gc.get_threshold()
    during = [gc.get_threshold() for _ in batch.run(jobs, Cleaner(rules=rules))]
    assert during == [(execute.GC_THRESHOLD, *before[1:])] * 2
    assert gc.get_threshold() == before


def test_a_batch_ends_without_a_collection_over_its_results_in_the_commands_process(
    tmp_path: Path, rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The threshold restored, the objects made while it was raised would be walked at once;
    # the command's own process freezes them first (they last to its exit), a library
    # caller's is left as it was.
    from cleaner import cachefiles

    (tmp_path / "a.txt").write_text("Storm hits coast.\n\nRoads closed.\n", encoding="utf-8")
    jobs = batch.discover([tmp_path], tmp_path / "out")
    frozen: list[tuple[int, int, int]] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(gc.get_threshold()))
    cleaner = Cleaner(rules=rules)
    list(batch.run(jobs, cleaner))
    assert frozen == []
    monkeypatch.setattr(cachefiles, "_freeze", True)
    before = gc.get_threshold()
    list(batch.run(jobs, cleaner))
    assert frozen == [(execute.GC_THRESHOLD, *before[1:])]  # frozen before it was restored
    assert gc.get_threshold() == before


def test_a_clean_text_stays_the_object_decoded_so_a_worker_sends_it_once(
    pipeline: Pipeline,
) -> None:
    # A result carries its text and its original; pickle sends one object once.
    doc = pipeline.clean_bytes(b"Storm hits coast.\n\nRoads closed on Monday.\n")
    assert not doc.changes
    assert doc.text is doc.original


# Text built from the pieces each fast path below turns on: joiners, URL marks, full stops
# between words, runs of lower-case letters, characters casefolding changes.
FAST_PIECES = st.sampled_from(
    ["a", "B", "1", "_", ".", "'", "’", "-", "&", "@", "/", "://", "www.", "](", ")", " ",
     "\n", "\n\n", "é", "ß", "İ", "ﬁ", "\u0345", "Σ", "\ud800", "aaaaaa", "andcontributing",
     "Africa.The", "don't", "U.S.", "x@y.z", "http://a.b/c"]
)  # fmt: skip
FAST_TEXT = st.lists(FAST_PIECES, max_size=30).map("".join)


@settings(max_examples=3000, deadline=None)
@given(text=FAST_TEXT)
def test_word_count_is_the_number_of_words(text: str) -> None:
    from cleaner.phrases import WORD, word_count

    assert word_count(text) == len(WORD.findall(text))


@settings(max_examples=3000, deadline=None)
@given(text=FAST_TEXT, start=st.integers(0, 3))
def test_folded_tokens_are_each_token_folded(text: str, start: int) -> None:
    from cleaner.phrases import _PHRASE_WORD, _folded_tokens, fold

    tokens = [(m.start(), m.end(), m.group()) for m in _PHRASE_WORD.finditer(text, start)]
    assert _folded_tokens(text[start:], start, tokens) == [fold(t[2]) for t in tokens]


@settings(max_examples=3000, deadline=None)
@given(text=FAST_TEXT)
def test_url_spans_are_the_expression_s(text: str) -> None:
    from cleaner.phrases import URL, url_spans

    assert url_spans(text) == [m.span() for m in URL.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(FAST_PIECES, max_size=400).map("".join))
def test_matching_a_section_at_a_time_finds_what_matching_at_once_does(text: str) -> None:
    from cleaner import phrases

    matcher = _spin_matcher()
    text = text.replace("a", " White Home commerce deficit ").replace("B", "U.S. Metal ten%")
    whole = list(matcher.finditer(text, Words(text)))  # one section
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(phrases, "SECTION", 16)
        assert list(matcher.finditer(text)) == whole


@functools.cache
def _spin_matcher() -> Any:
    from cleaner.ruleset import load_rules, spin_matcher

    return spin_matcher(load_rules().spin)


@settings(max_examples=3000, deadline=None)
@given(text=FAST_TEXT)
def test_spelling_finds_candidates_as_a_search_for_each_word_does(text: str) -> None:
    from cleaner.stages import spelling

    def searched(word: str) -> list[int]:  # as spelling searched for each word alone
        found, start = [], text.find(word)
        while start != -1:
            m = spelling._CANDIDATE.match(text, start)
            if m is not None and m.end() == start + len(word):
                found.append(start)
            start = text.find(word, start + len(word))
        return found

    words = set(spelling._LOWER_RUN.findall(text)) | {"aaaaaa", "andcontributing"}
    expected = sorted((start, word) for word in words for start in searched(word))
    assert sorted(spelling._occurrences(text, words)) == expected  # a search for each
    many = words | {f"unused{i}" for i in range(spelling.FEW)}
    assert sorted(spelling._occurrences(text, many)) == expected  # one pass
    plain = [m.span() for m in spelling._MISSING_SPACE.finditer(text)]
    assert [m.span() for m in spelling._missing_spaces(text)] == plain


@settings(max_examples=3000, deadline=None)
@given(text=FAST_TEXT)
def test_inside_is_any_span_holding_it(text: str) -> None:
    from cleaner.phrases import url_spans
    from cleaner.stages.spelling import _inside

    spans = url_spans(text)
    for start in range(len(text)):
        for end in range(start + 1, min(len(text), start + 6) + 1):
            held = any(s <= start and end <= e for s, e in spans)
            assert _inside((start, end), spans) == held


@settings(max_examples=3000, deadline=None)
@given(a=PARAGRAPH, b=PARAGRAPH, threshold=st.sampled_from([0.0, 0.3, 0.5, 0.8, 0.9, 1.0]))
def test_dedupe_masks_never_pass_over_a_near_repeat(
    a: list[str], b: list[str], threshold: float
) -> None:
    """Paragraphs whose shingles are similar enough are compared (dedupe's _may_be_alike),
    with any words shared by other paragraphs and whatever the masks' bits."""
    from cleaner.options import DedupeOptions
    from cleaner.stages.dedupe import _may_be_alike, _shingles, _word_bits

    dedupe = stage_class("dedupe")(_rules(), DedupeOptions(similarity=threshold))
    x, y = _shingles(a), _shingles(b)
    if len(x & y) / len(x | y) < threshold:
        return
    shared = set(a) & set(b)
    for bits in (_word_bits(shared), dict.fromkeys(shared, 1)):  # every word on one bit
        filed = [
            dedupe._filed(i, p, len(set(p)), len(set(p) - shared), bits)  # type: ignore[attr-defined]
            for i, p in enumerate((a, b))
        ]
        assert _may_be_alike(filed[0], filed[1])
        assert _may_be_alike(filed[1], filed[0])


# Paragraphs of a long text: a small vocabulary, so words recur across lines, with long
# words (dedupe's LONG letters or more) among the short.
_VOCABULARY = "a be cat dogs geese heron ibises jackdaws kingfishers lapwings moorhens".split()
LINE = st.lists(st.sampled_from(_VOCABULARY), max_size=14)


@settings(max_examples=500, deadline=None)
@given(lines=st.lists(LINE, max_size=30))
def test_dedupe_shared_words_counted_are_those_of_two_sets(lines: list[list[str]]) -> None:
    """dedupe counts each word's sets at once: the words that stand in two or more of the
    sets of lines of MIN_WORDS words or more, as two set operations a line found them, and
    those in one alone; and it finds how many of a line's distinct words stand in no other
    line's set, and how many it has, without making its set again."""
    from array import array

    from cleaner.stages.dedupe import (
        MIN_WORDS,
        _line_sets,
        _missing,
        _once,
        _shared,
        _shared_among,
        _word_counts,
    )

    sets = [set(words) if len(words) >= MIN_WORDS else None for words in lines]
    seen: set[str] = set()
    twice: set[str] = set()
    for distinct in sets:
        if distinct is not None:
            twice |= distinct & seen
            seen |= distinct
    sizes: array[int] = array("i")
    counts = _word_counts(_line_sets(iter(lines), sizes))
    assert _shared(counts) == twice
    held = [distinct for distinct in sets if distinct is not None]
    shared, union = _shared_among(held)
    assert shared == twice == {w for w in seen if sum(w in d for d in held) > 1}
    assert union == seen
    once = _once(counts, twice)
    assert once is None if 2 * len(twice) <= len(seen) else once == seen - twice
    assert list(sizes) == [0 if distinct is None else len(distinct) for distinct in sets]
    for words, size, distinct in zip(lines, sizes, sets, strict=True):
        if distinct is not None:
            expected = len(distinct - twice)
            assert _missing(words, size, distinct, twice, once) == expected  # a short text's
            for held_once in (once, seen - twice, None):  # a long one's: as chosen, either way
                assert _missing(words, size, None, twice, held_once) == expected


@settings(max_examples=500, deadline=None)
@given(words=LINE, shared=st.sets(st.sampled_from(_VOCABULARY)))
def test_dedupe_mask_and_sketch_read_from_the_list_as_from_the_set(
    words: list[str], shared: set[str]
) -> None:
    """A paragraph's mask and sketch read from its list of words (in the order they lie in
    memory) are those of its set of words."""
    import operator
    import zlib

    from cleaner.stages.dedupe import LONG, SKETCH, _mask, _sketch, _word_bits

    distinct = set(words)
    bits = _word_bits(shared)
    assert _mask(words, bits) == functools.reduce(
        operator.or_, (bits[word] for word in distinct & shared), 0
    )

    def bottom(chosen: set[str]) -> set[int]:
        return set(sorted({zlib.crc32(word.encode()) for word in chosen})[:SKETCH])

    long_words = {word for word in distinct if len(word) >= LONG}
    expected = bottom(long_words) | (bottom(distinct) if len(long_words) < SKETCH else set())
    assert _sketch(words) == expected


# Whitespace and digits of many scripts, with letters and marks between them.
_FIGURE_TEXT = st.text(
    alphabet=st.sampled_from(
        list(" \t\n\x1c\xa0\u2003\u3000" + "09\u0663\u07c0\uff11" + "ab£:.,-")
    ),
    max_size=40,
)


@settings(max_examples=3000, deadline=None)
@given(text=st.one_of(_FIGURE_TEXT, st.text(max_size=40)))
@example(text="2025 £3bn 10:30 a1b2 ab cd3")
def test_figures_are_counted_from_a_digit_as_from_the_letters_before_it(text: str) -> None:
    """is_prose's count of words holding a figure, searched for from each digit, is what
    the pattern that began at the letters before a digit counted."""
    import re

    from cleaner.structure import _FIGURE

    assert len(_FIGURE.findall(text)) == len(re.findall(r"[^\s\d]*\d\S*", text))


@functools.cache
def _rules() -> RuleSet:
    from cleaner.ruleset import load_rules

    return load_rules()


def test_exact_repeats_are_told_apart_when_their_hashes_meet() -> None:
    """dedupe keeps one line per hash of its words; a key whose hash another took first
    is still found again, and never taken for that other."""
    from cleaner.stages.dedupe import _seen_before

    lines = ["one two three four", "five six seven eight", "five six seven eight"]
    doc_words = Words("\n".join(lines))
    words = [doc_words.line(i) for i in range(3)]
    seen = {hash(" ".join(words[1])): 0}  # as if line 0's key had line 1's hash
    spilled: set[str] = set()
    assert not _seen_before(1, words[1], seen, spilled, doc_words)  # not line 0's words
    assert _seen_before(2, words[2], seen, spilled, doc_words)  # but line 1's, again
    assert not _seen_before(3, ["nine"], seen, spilled, doc_words)
    assert _seen_before(4, words[0], {hash(" ".join(words[0])): 0}, set(), doc_words)


def _scanned(edits: list[tuple[int, int, int]], at: int, inside_end: bool, after: bool) -> int:
    """placing._point as a scan of every edit in turn: what the binary search must give."""
    shift = 0
    for start, end, length in edits:
        if end < at or (start < end == at) or (start == end == at and after):
            shift += length - (end - start)
        elif start < at:
            return start + shift + (length if inside_end else 0)
        else:
            break
    return at + shift


@settings(max_examples=2000, deadline=None)
@given(
    cuts=st.lists(st.integers(0, 40), max_size=12),
    lengths=st.lists(st.integers(0, 5), min_size=6, max_size=6),
    at=st.integers(0, 45),
    inside_end=st.booleans(),
    after=st.booleans(),
)
def test_a_point_is_carried_through_edits_as_a_scan_of_them_carries_it(
    cuts: list[int], lengths: list[int], at: int, inside_end: bool, after: bool
) -> None:
    """Edits as a step makes them (sorted, none overlapping, some empty: text put in, some
    at the same place) carry a point where a scan of each in turn carries it."""
    from cleaner.placing import _point, _Shifts

    bounds = sorted(cuts)
    edits = [
        (start, end, lengths[n % len(lengths)])
        for n, (start, end) in enumerate(zip(bounds[::2], bounds[1::2], strict=False))
    ]
    assert _point(_Shifts(edits), at, inside_end, after) == _scanned(edits, at, inside_end, after)


def test_placing_many_changes_takes_linear_time() -> None:
    """Two stage runs each removing thousands of lines (as dedupe and tidy do in one long
    file full of repeats): each change is carried through the other run's edits by a
    binary search. A scan of the edits for each change would take minutes."""
    import time

    from cleaner.document import Document, remove_lines
    from cleaner.placing import number_lines, place, step

    lines = [f"line {i}" for i in range(80_000)]
    text = "\n".join(lines)
    doc = Document(text=text, original=text)
    remove_lines(doc, "dedupe", lines, {i: "dedupe:exact" for i in range(1, len(lines), 2)})
    number_lines(text, doc.changes, 0)
    steps = [step(text, doc.text, doc.changes, 0)]
    kept, first = doc.text.split("\n"), len(doc.changes)
    remove_lines(doc, "tidy", kept, {i: "tidy:blank-line" for i in range(0, len(kept), 2)})
    number_lines("\n".join(kept), doc.changes, first)
    steps.append(step("\n".join(kept), doc.text, doc.changes[first:], first))
    start = time.perf_counter()
    place(doc, steps)
    assert time.perf_counter() - start < 10
    assert doc.changes[-1].input_span is not None and doc.changes[0].output_span is not None
    assert [c.line for c in doc.changes[:2]] == [2, 4]
