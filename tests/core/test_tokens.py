"""Tokenizer.findall gives what its regular expression gives, on any text; Words gives each
line's words of the casefolded text, held or found again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import tokens
from cleaner.document import Document
from cleaner.stages import language
from cleaner.tokens import ALNUM_RUNS, Tokenizer, Words, casefold, lower

TOKENIZERS = {"ALNUM_RUNS": ALNUM_RUNS, "language": language._WORDS, "word": Tokenizer(r"\w")}
# Words, every kind of joiner and space, letters from other scripts, digits that are not
# decimal, lone and paired surrogates, control characters.
PIECES = st.sampled_from(
    [
        "andcontributing",
        "Africa.The",
        "don't",
        "don’t",
        "U.S.",
        "AT&T",
        "well-known",
        "-x-",
        "a..b",
        "café",
        "x_y",
        "—",
        "\u3000",
        "\xa0",
        "\x1c",
        "x²",
        "½",
        "٣",
        "\ud800",
        "\ud83d\ude00",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=12), PIECES), max_size=20).map("".join)


@pytest.mark.parametrize("name", sorted(TOKENIZERS))
@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_findall_is_the_pattern_findall(name: str, text: str) -> None:
    tokenizer = TOKENIZERS[name]
    assert tokenizer.findall(text) == tokenizer.pattern.findall(text)


@pytest.mark.parametrize("name", sorted(TOKENIZERS))
def test_each_latin1_character_is_decided_as_the_pattern_does(name: str) -> None:
    tokenizer = TOKENIZERS[name]
    for code in range(256):
        text = f"a{chr(code)}b £5 x{chr(code)}\n{chr(code)}é"
        assert tokenizer.findall(text) == tokenizer.pattern.findall(text), hex(code)
        expected = [tokenizer.pattern.findall(line) for line in text.split("\n")]
        assert list(tokenizer.lines(text)) == expected, hex(code)


@pytest.mark.parametrize("name", sorted(TOKENIZERS))
@settings(max_examples=300, deadline=None)
@given(text=st.text(st.characters(max_codepoint=0xFF)))
def test_latin1_text_is_found_as_the_pattern_does(name: str, text: str) -> None:
    tokenizer = TOKENIZERS[name]
    assert tokenizer.findall(text) == tokenizer.pattern.findall(text)
    expected = [tokenizer.pattern.findall(line) for line in text.split("\n")]
    assert list(tokenizer.lines(text)) == expected


@pytest.mark.parametrize("name", sorted(TOKENIZERS))
@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.one_of(TEXT, st.just("\n")), max_size=6).map("".join))
def test_lines_are_each_line_s_findall(name: str, text: str) -> None:
    tokenizer = TOKENIZERS[name]
    expected = [tokenizer.pattern.findall(line) for line in text.split("\n")]
    assert list(tokenizer.lines(text)) == expected


@pytest.mark.parametrize("name", sorted(TOKENIZERS))
@settings(max_examples=400, deadline=None)
@given(
    text=st.lists(
        st.one_of(TEXT, st.text(st.characters(max_codepoint=0xFF)), st.sampled_from("\nµßİ")),
        max_size=6,
    ).map("".join)
)
def test_folded_lines_are_the_casefolded_texts_lines(name: str, text: str) -> None:
    """Folding and finding in one table gives what casefolding, then finding, gives: in
    ASCII and Latin-1 text, and in text it leaves to casefold ("µ", "ß", beyond Latin-1)."""
    tokenizer = TOKENIZERS[name]
    expected = [tokenizer.pattern.findall(line) for line in text.casefold().split("\n")]
    assert tokenizer.folded_lines(text) == expected


@pytest.mark.parametrize("name", sorted(TOKENIZERS))
def test_each_latin1_character_is_folded_and_decided_as_casefold_and_the_pattern_do(
    name: str,
) -> None:
    tokenizer = TOKENIZERS[name]
    for code in range(256):
        text = f"A{chr(code)}b £5 X{chr(code)}\n{chr(code)}É"
        expected = [tokenizer.pattern.findall(line) for line in text.casefold().split("\n")]
        assert tokenizer.folded_lines(text) == expected, hex(code)


def test_lines_of_a_long_text_cross_blocks() -> None:
    text = "\n".join(f"line {i} don’t x_y" for i in range(30_000))  # several blocks
    assert len(text) > 3 * tokens.BLOCK
    expected = [ALNUM_RUNS.pattern.findall(line) for line in text.split("\n")]
    assert list(ALNUM_RUNS.lines(text)) == expected
    assert list(ALNUM_RUNS.lines(text + "\n"))[-1] == []


def test_patterns_are_the_documented_ones() -> None:
    assert ALNUM_RUNS.pattern.pattern == r"[^\W_]+"
    assert language._WORDS.pattern.pattern == r"[^\W\d_]+"


def test_corpus_words(bbc_texts: list[str]) -> None:
    for tokenizer in TOKENIZERS.values():
        for text in bbc_texts:
            assert tokenizer.findall(text) == tokenizer.pattern.findall(text)


@pytest.mark.parametrize("held", [True, False])
@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.one_of(TEXT, st.just("\n")), max_size=6).map("".join))
def test_words_are_the_casefolded_lines_words(held: bool, text: str) -> None:
    expected = [ALNUM_RUNS.pattern.findall(line) for line in text.casefold().split("\n")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tokens, "HELD_CHARS", len(text) if held else len(text) - 1)
        words = Words(text)
    assert list(words.lines()) == expected
    assert [words.line(i) for i in range(len(expected))] == expected
    flat = [word for line in expected for word in line]
    assert words.joined() == " ".join(flat)
    assert words.distinct() == set(flat)
    assert words.count() == len(flat)
    assert Words(text).count() == len(flat)  # counted before the set is asked for


def test_a_long_texts_first_reading_to_the_end_notes_its_distinct_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tokens, "HELD_CHARS", 0)
    text = "One two.\nTwo THREE.\n\nthree"
    readings = []  # the text's, not those of its casefolded blocks (Tokenizer.lines)

    def counted(read: str) -> Iterator[str]:
        readings.append(read is text)
        return blocks(read)

    blocks = tokens.blocks
    monkeypatch.setattr(tokens, "blocks", counted)
    words = Words(text)
    lines = iter(words.lines())
    assert next(lines) == ["one", "two"]
    del lines  # a reading that stops early has not seen every word
    assert words.distinct() == {"one", "two", "three"}
    assert words.count() == 5
    assert readings.count(True) == 2
    assert list(words.lines())[-1] == ["three"]
    assert words.distinct() == {"one", "two", "three"}
    assert readings.count(True) == 3  # the lines are read again, the set is not

    text = "A b\nb C"
    words = Words(text)
    assert list(words.lines()) == [["a", "b"], ["b", "c"]]
    assert (words.distinct(), words.count()) == ({"a", "b", "c"}, 4)
    assert readings.count(True) == 4


@settings(max_examples=300, deadline=None)
@given(
    before=st.lists(st.one_of(TEXT, st.just("\n")), max_size=6).map("".join),
    edits=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 4), TEXT), max_size=4),
)
def test_words_of_an_edited_text_are_its_own(
    before: str, edits: list[tuple[int, int, str]]
) -> None:
    """Words made from the Words of the text before an edit are the edited text's words."""
    after = before
    for at, length, new in edits:
        after = after[:at] + new + after[at + length :]
    expected = list(Words(after).lines())
    assert list(Words(after, Words(before)).lines()) == expected
    assert list(Words(after, Words(after)).lines()) == expected


def test_a_document_finds_its_words_again_only_when_its_text_changes() -> None:
    doc = Document("One line.\nAnother line.")
    words = doc.words()
    assert doc.words() is words
    doc.text = doc.text.replace("Another", "A second")
    assert doc.words() is not words
    assert list(doc.words().lines()) == [["one", "line"], ["a", "second", "line"]]
    assert doc.words().line(0) is words.line(0)  # the line kept is not found again


def test_a_document_keeps_a_long_texts_distinct_words_while_its_text_stands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tokens, "HELD_CHARS", 0)
    doc = Document("One line.\nAnother line.")
    words = doc.words()
    assert not words.held
    distinct = words.distinct()
    assert doc.words() is words
    assert doc.words().distinct() is distinct
    doc.text = doc.text.replace("Another", "A second")
    assert doc.words().distinct() == {"one", "line", "a", "second"}
    assert doc.words().count() == 5


def test_case_mapping_of_each_character_alone_and_in_latin1_text() -> None:
    # Latin-1 is mapped by table; the characters after it, surrogates among them, are not.
    for char in map(chr, [*range(0x3000), *range(0xD800, 0xE000), 0x1E9E, 0xFB01, 0x10400]):
        for text in (char, f"£ É{char}", f"£ É{char}ß"):
            assert casefold(text) == text.casefold(), hex(ord(char))
            assert lower(text) == text.lower(), hex(ord(char))


@settings(max_examples=500, deadline=None)
@given(text=st.text(st.characters(max_codepoint=0x17F)) | st.text())
def test_case_mapping_is_strs(text: str) -> None:
    assert casefold(text) == text.casefold()
    assert lower(text) == text.lower()
