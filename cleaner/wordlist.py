"""pyspellchecker's English word list, as the spelling stage asks of it, loaded fast.

The list ships as 160,000 words with counts in gzipped JSON, which takes about 0.25 s to
parse: most of a pre-commit hook's start-up, and again in every worker of a batch. Spelling
only asks whether a word of lower-case letters is listed, and whether it is common, so the
two sets of such words are kept in a cache file, each as text grouped in buckets by a
checksum of the word (see Listed): a run that asks of a few hundred words (one file) finds
each in its bucket, where making the 128,000 words a set would take a tenth of cleaning
the file. The cache is named by a digest of the list it was made from: a new
pyspellchecker makes a new one. Without a writable cache folder the list is parsed each run.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zlib
from array import array
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from cleaner.cachefiles import cache_dir, prune, save, sealed, unsealed

# A word counted this often in pyspellchecker's corpus is common enough to be half of a
# fused pair ("andcontributing").
COMMON_COUNT = 100
_LOWER = re.compile(r"[a-z]+")
_CODE = re.compile(r"[a-z]{2}")  # a language, as a list's file is named
# Buckets of each set: about 30 words, 250 characters, each.
BUCKETS = 4096
# Words asked of a list before it is made a set: a word found in its bucket costs about a
# microsecond, a 20th of that in a set, and making the set of 128,000 words about as
# much as 20,000 words found. Half that bounds what a long run loses by not making it
# first, while one file's words (hundreds) never pay for it.
ASKS = 10_000
_HEADER = struct.Struct("<II")  # buckets, then the text's length


class Listed:
    """A set of words of lower-case letters a-z, read-only: `in` and `unlisted`.

    Held as the cache's text, the words of each bucket (by their checksum) together, each
    after a newline, and where each bucket starts; a word is looked for in its bucket
    alone. After ASKS words asked, they are made a set once. Not a dict, which the cycle
    collector would not visit: spelling asks mostly of words that are not listed, and a
    dict reads each stored word it meets to compare their hashes, where a set keeps the
    hash beside the word (25-40 ms over the BBC corpus, in a pipeline whose other stages
    have taken the processor's caches). A run makes few full collections, and the
    program freezes its objects before it exits."""

    def __init__(self, text: str, starts: array[int]) -> None:
        self._text = text
        self._starts = starts  # of each bucket in `text`, then the end of the last
        self._asks = 0
        self._set: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        whole = self._whole(1)
        return self._find(word) if whole is None else word in whole

    def unlisted(self, words: set[str]) -> set[str]:
        """The words of `words` that are not listed."""
        whole = self._whole(len(words))
        if whole is None:
            return {word for word in words if not self._find(word)}
        return words.difference(whole)

    def words(self) -> set[str]:
        return set(self._text.split())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Listed) and self.words() == other.words()

    def _find(self, word: str) -> bool:
        if "\n" in word:  # no listed word holds one, and it would join two that are
            return False
        at = _bucket(word)
        starts = self._starts
        # The bucket's words each follow a newline; the next bucket's first newline, or
        # the text's last, ends its last.
        return self._text.find(f"\n{word}\n", starts[at], starts[at + 1] + 1) >= 0

    def _whole(self, asks: int) -> set[str] | None:
        """The set of the words, made once `asks` more words asked make them more than
        ASKS; None before."""
        if self._set is None:
            self._asks += asks
            if self._asks > ASKS:
                self._set = self.words()
        return self._set


class Lexicon:
    """The listed words (`words`), and those of them counted at least COMMON_COUNT times
    (`common`)."""

    def __init__(self, words: Listed, common: Listed) -> None:
        self.words = words
        self.common = common

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Lexicon) and self.words == other.words and self.common == other.common
        )


def packaged(language: str = "en") -> bytes:
    """pyspellchecker's list of `language` as it ships: word counts in gzipped JSON; empty
    when it ships none."""
    # Found beside the package, which is not imported, nor importlib.resources: the two
    # took a twentieth of a pre-commit hook's cleaning of one file.
    from importlib.util import find_spec

    spec = find_spec("spellchecker")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("No module named 'spellchecker'", name="spellchecker")
    path = Path(spec.origin).parent / "resources" / f"{language}.json.gz"
    return path.read_bytes() if _CODE.fullmatch(language) and path.is_file() else b""


def counts(data: bytes) -> dict[str, int]:
    """The word counts in `data`, a list as packaged()."""
    import gzip

    parsed: dict[str, int] = json.loads(gzip.decompress(data))
    return parsed


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = packaged()
    place = cache_dir() / f"words-{hashlib.sha256(data).hexdigest()[:16]}.bin"
    try:
        kept = unsealed(place.read_bytes())
        if kept is not None:
            return _read(kept)
    except (OSError, ValueError, struct.error):  # absent, unreadable or of another form
        pass
    made = _made(data)
    if save(place, sealed(made)):
        prune(place, "words-*", 1)  # another pyspellchecker's, or another form's
    return _read(made)


@cache
def words_of(language: str) -> frozenset[str]:
    """The words of lower-case letters a-z in pyspellchecker's list of another language
    than English (a code as langdetect gives it: "it", "pt"); none when it ships no list.
    Read when first asked, which is rare: spelling asks only of a word it would split in a
    paragraph of that language."""
    data = b"" if language == "en" else packaged(language)
    if not data:
        return frozenset()
    return frozenset(word for word in counts(data) if _LOWER.fullmatch(word))


def _read(data: bytes) -> Lexicon:
    """The cache's form (see _made): for each set, its buckets' count and its text's
    length, where each bucket starts, and its text."""
    sets = []
    at = 0
    for _ in range(2):
        buckets, length = _HEADER.unpack_from(data, at)
        at += _HEADER.size
        starts = array("I")
        starts.frombytes(data[at : at + 4 * (buckets + 1)])
        at += 4 * (buckets + 1)
        text = data[at : at + length].decode("ascii")
        at += length
        if buckets != BUCKETS or len(text) != length or starts[-1] != length - 1:
            raise ValueError("not a word list of this version")
        sets.append(Listed(text, starts))
    words, common = sets
    return Lexicon(words, common)


def _made(data: bytes) -> bytes:
    """The cache's form (see _read) of a list as packaged()."""
    listed = counts(data)
    words = [word for word in listed if _LOWER.fullmatch(word)]
    common = [word for word in words if listed[word] >= COMMON_COUNT]
    return _form(words) + _form(common)


def _form(words: Iterable[str]) -> bytes:
    buckets: list[list[str]] = [[] for _ in range(BUCKETS)]
    for word in sorted(words):
        buckets[_bucket(word)].append(word)
    starts = array("I")
    parts = []
    length = 0
    for bucket in buckets:
        starts.append(length)
        part = "".join(f"\n{word}" for word in bucket)
        parts.append(part)
        length += len(part)
    starts.append(length)
    text = "".join(parts) + "\n"
    return _HEADER.pack(BUCKETS, len(text)) + starts.tobytes() + text.encode("ascii")


def _bucket(word: str) -> int:
    """A checksum's bucket: the same in every run, as Python's own hash of a string is not."""
    return zlib.crc32(word.encode()) % BUCKETS
