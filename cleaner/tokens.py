"""Word lists at the speed of bytes.translate and str.split.

A regular expression that finds words tries every character in turn, about 30 ns each.
Mapping every byte that cannot be part of a word to a space (one table lookup per byte, in
C) and splitting on spaces gives the same words three to four times faster. A table decides
every character of ASCII and Latin-1 text, one byte each; in other text only the runs
holding characters outside ASCII are left to the expression, and in news text they are few.
The same tables lower and casefold Latin-1 text.
"""

from __future__ import annotations

import itertools
import operator
import re
from array import array
from collections.abc import Iterable, Iterator

BLOCK = 1 << 16  # characters translated at a time by Tokenizer.lines
# A text up to this long keeps its words for the stages that read them (see Words).
HELD_CHARS = 1 << 18


# Case mapping of Latin-1 text (every character below U+0100, as in most English news that
# is not pure ASCII: "£", "é") by one bytes.translate, at memory speed, where str.lower and
# str.casefold look each character up in Unicode's tables: 4.5 times faster on a BBC
# article with a "£". casefold takes "µ" and "ß" out of Latin-1, so text holding them is
# left to str.casefold.
_LOWER = bytes(ord(chr(b).lower()) for b in range(256))
_FOLD = bytes(ord(chr(b).casefold()) if b not in (0xB5, 0xDF) else b for b in range(256))


def lower(text: str) -> str:
    """`text.lower()`."""
    data = latin1(text)
    return text.lower() if data is None else data.translate(_LOWER).decode("latin-1")


def casefold(text: str) -> str:
    """`text.casefold()`."""
    data = _foldable(latin1(text))
    if data is None:
        return text.casefold()
    return data.translate(_FOLD).decode("latin-1")


def _foldable(data: bytes | None) -> bytes | None:
    """`data`, a text's Latin-1, where _FOLD casefolds it: None where it holds "µ" or "ß"
    (or is None)."""
    if data is None or b"\xb5" in data or b"\xdf" in data:
        return None
    return data


def latin1(text: str) -> bytes | None:
    """`text` in Latin-1; None when it is ASCII (str maps that fast itself) or not Latin-1."""
    if text.isascii():
        return None
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return None


class Tokenizer:
    """Finds the words `letter+`, where `letter` is a one-character class.

    A word never holds whitespace or an ASCII character that is not a letter, and the
    pattern has no look-around, so each word lies inside one run of the characters the table
    keeps, and the pattern finds the same words in the run alone as in the whole text. In
    ASCII and Latin-1 text the table decides every character, and the runs are the words.
    """

    def __init__(self, letter: str) -> None:
        self.pattern = re.compile(f"{letter}+")
        one = re.compile(letter)
        # For UTF-8: bytes from 128 up are parts of characters outside ASCII, kept and
        # decided per run. For Latin-1, one byte a character, every character is decided.
        self.table = bytes(b if b >= 128 or one.fullmatch(chr(b)) else 32 for b in range(256))
        self.latin1_table = bytes(b if one.fullmatch(chr(b)) else 32 for b in range(256))
        self.line_tables = (_keep_newline(self.table), _keep_newline(self.latin1_table))
        # Latin-1 casefolded, then its line table: the two in one pass (see folded_lines).
        self.folded_table = bytes(self.line_tables[1][b] for b in _FOLD)

    def findall(self, text: str) -> list[str]:
        """`self.pattern.findall(text)`."""
        mapped, decided = self._mapped(text, (self.table, self.latin1_table))
        runs = mapped.split()
        return runs if decided else self._words(runs)

    def lines(self, text: str) -> Iterator[list[str]]:
        """`self.pattern.findall(line)` for each line of `text.split("\n")`.

        One translation serves many lines, a block of text at a time, so that a text of
        many megabytes is never held as words all at once.
        """
        for block in blocks(text):
            mapped, decided = self._mapped(block, self.line_tables)
            for line in mapped.split("\n"):
                runs = line.split()
                yield runs if decided else self._words(runs)

    def folded_lines(self, text: str) -> list[list[str]]:
        """`list(self.lines(casefold(text)))`. Latin-1 text (most text, ASCII too) is
        casefolded and its words found by one table, and each line split in C."""
        data = _foldable(text.encode("ascii") if text.isascii() else latin1(text))
        if data is None:
            return list(self.lines(casefold(text)))
        return list(map(str.split, data.translate(self.folded_table).decode("latin-1").split("\n")))

    def _mapped(self, text: str, tables: tuple[bytes, bytes]) -> tuple[str, bool]:
        """`text` with what cannot be part of a word made a space by `tables` (for UTF-8 and
        Latin-1), and whether that decided every character: it did unless the text holds
        characters outside Latin-1, which are kept for the pattern to decide."""
        data = latin1(text)
        if data is not None:
            return data.translate(tables[1]).decode("latin-1"), True
        data = text.encode("utf-8", "surrogatepass").translate(tables[0])
        return data.decode("utf-8", "surrogatepass"), data.isascii()

    def _words(self, runs: list[str]) -> list[str]:
        """The words in `runs`: the ASCII ones, most, are whole words, found with maps in C."""
        words: list[str] = []
        last = 0
        for i in itertools.compress(itertools.count(), map(operator.not_, map(str.isascii, runs))):
            words += runs[last:i]
            words += self.pattern.findall(runs[i])
            last = i + 1
        words += runs[last:]
        return words


def blocks(text: str) -> Iterator[str]:
    """`text` in pieces of about BLOCK characters that end where a line does: their lines
    are the text's lines."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start + BLOCK)
        end = len(text) if end == -1 else end
        yield text[start:end]
        start = end + 1


def _keep_newline(table: bytes) -> bytes:
    return table[:10] + b"\n" + table[11:]


# Runs of letters and digits: the words dedupe compares, and what the phrase prefilter sees.
ALNUM_RUNS = Tokenizer(r"[^\W_]")


class Words:
    """The runs of letters and digits in each line of a text, casefolded: dedupe, spin and
    spelling all read them, so a document's are found once while its text stays the same
    (see Document.words). Making a word object costs more than finding it; a word made
    once also hashes once, for every set that holds it.

    A long text's words are found again, a block at a time, each time they are read: held
    they would take 17 bytes a character. Nor is its casefolded copy held: each block is
    casefolded as it is read, which costs little beside finding its words. What the first
    reading that goes to the end sees is kept, though: the set of distinct words and how
    many words there are, which a later reader (spin, spelling) would otherwise read the
    text again for. A short text's words are held, and a text made by editing it (a stage's
    edits) takes those of the lines it kept as they were, which costs far less than finding
    them.
    """

    def __init__(self, text: str, before: Words | None = None) -> None:
        """The words of `text`; those of its lines that are lines of the text `before` was
        made from are taken from it, not found again (the lists are shared: never change
        one)."""
        self.text = text
        self._lines: list[list[str]] | None
        if len(text) > HELD_CHARS:
            self._lines = None
        elif before is not None and before._lines is not None:
            known = dict(zip(before.text.split("\n"), before._lines, strict=True))
            self._lines = [
                known[line] if line in known else words_of(line) for line in text.split("\n")
            ]
        else:
            self._lines = ALNUM_RUNS.folded_lines(text)
        self._starts: array[int] | None = None  # where each line of a long text starts
        self._distinct: set[str] | None = None
        self._count = -1  # how many words; -1 until counted

    @property
    def held(self) -> bool:
        """Whether the words are kept (the text is short enough), not found again when asked."""
        return self._lines is not None

    def lines(self) -> Iterable[list[str]]:
        """The words of each line, in order."""
        return self._lines if self._lines is not None else self._found_lines()

    def _found_lines(self) -> Iterator[list[str]]:
        # casefold never adds or removes a line break: a block's lines fold alone.
        if self._distinct is not None:
            for block in blocks(self.text):
                yield from ALNUM_RUNS.lines(casefold(block))
            return
        # The first reading notes the distinct words and their count, kept only if it is
        # read to the end (a reader that stops early has not seen them all).
        distinct: set[str] = set()
        count = 0
        for block in blocks(self.text):
            for line in ALNUM_RUNS.lines(casefold(block)):
                distinct.update(line)
                count += len(line)
                yield line
        self._distinct = distinct
        self._count = count

    def line(self, index: int) -> list[str]:
        """The words of line `index`."""
        if self._lines is not None:
            return self._lines[index]
        if self._starts is None:
            self._starts = array("q", line_starts(self.text))
        start = self._starts[index]
        end = self._starts[index + 1] - 1 if index + 1 < len(self._starts) else len(self.text)
        return words_of(self.text[start:end])

    def joined(self) -> str:
        """Every word in order, one space apart."""
        # Joined a line at a time: the lines are lists already, where one join over all
        # the words would first copy them into one list.
        return " ".join([" ".join(line) for line in self.lines() if line])

    def distinct(self) -> set[str]:
        """Every word, once."""
        if self._distinct is None and self._lines is not None:
            self._distinct = set(itertools.chain.from_iterable(self._lines))
        return self._distinct if self._distinct is not None else self._read_through()

    def found_distinct(self, distinct: set[str]) -> None:
        """Keep `distinct`, every word of the text once, as a reader that had the lines'
        sets of words found them (dedupe): distinct() then need not read every word again.
        It is the reader's to keep unchanged."""
        self._distinct = distinct

    def count(self) -> int:
        """How many words there are."""
        if self._count < 0:
            if self._lines is not None:
                self._count = sum(map(len, self._lines))
            else:
                self._read_through()
        return self._count

    def _read_through(self) -> set[str]:
        """The distinct words of a long text, noted with their count by reading it once."""
        for _line in self._found_lines():
            pass
        assert self._distinct is not None
        return self._distinct


def words_of(line: str) -> list[str]:
    """The words of one line, as Words finds them."""
    return ALNUM_RUNS.findall(casefold(line))


def line_starts(text: str) -> Iterator[int]:
    """Where each line of `text` begins."""
    start = 0
    while start != -1:
        yield start
        start = text.find("\n", start)
        start = start if start == -1 else start + 1
