"""Word lists at the speed of bytes.translate and str.split.

A regular expression that finds words tries every character in turn, about 30 ns each.
Mapping every ASCII byte that cannot be part of a word to a space (one table lookup per
byte, in C) and splitting on spaces gives the same words three to four times faster. Only
the runs holding characters outside ASCII, which the table cannot decide, are left to the
expression; in news text they are few.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterator

BLOCK = 1 << 16  # characters translated at a time by Tokenizer.lines


class Tokenizer:
    """Finds the words `letter+`, where `letter` is a one-character class.

    A word never holds whitespace or an ASCII character that is not a letter, and the
    pattern has no look-around, so each word lies inside one run of the characters the table
    keeps, and the pattern finds the same words in the run alone as in the whole text.
    """

    def __init__(self, letter: str) -> None:
        self.pattern = re.compile(f"{letter}+")
        one = re.compile(letter)
        # Bytes from 128 up are parts of characters outside ASCII: kept, decided per run.
        self.table = bytes(b if b >= 128 or one.fullmatch(chr(b)) else 32 for b in range(256))
        self.line_table = self.table[:10] + b"\n" + self.table[11:]  # keeps line breaks

    def findall(self, text: str) -> list[str]:
        """`self.pattern.findall(text)`."""
        data = text.encode("utf-8", "surrogatepass").translate(self.table)
        runs = data.decode("utf-8", "surrogatepass").split()
        return runs if data.isascii() else self._words(runs)

    def lines(self, text: str) -> Iterator[list[str]]:
        """`self.pattern.findall(line)` for each line of `text.split("\n")`.

        One translation serves many lines, a block of text at a time, so that a text of
        many megabytes is never held as words all at once.
        """
        start = 0
        while start <= len(text):
            end = text.find("\n", start + BLOCK)
            end = len(text) if end == -1 else end
            data = text[start:end].encode("utf-8", "surrogatepass").translate(self.line_table)
            plain = data.isascii()
            for line in data.decode("utf-8", "surrogatepass").split("\n"):
                runs = line.split()
                yield runs if plain else self._words(runs)
            start = end + 1

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


# Runs of letters and digits: the words dedupe compares, and what the phrase prefilter sees.
ALNUM_RUNS = Tokenizer(r"[^\W_]")
