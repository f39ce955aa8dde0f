"""pyspellchecker's English word list, as the spelling stage asks of it, loaded fast.

The list ships as 160,000 words with counts in gzipped JSON, which takes about 0.25 s to
parse: most of a pre-commit hook's start-up, and again in every worker of a batch. Spelling
only asks whether a word of lower-case letters is listed, and whether it is common, so the
two sets of such words are kept in a plain-text cache (one word a line) that loads in a
third of the time. The cache is named by a digest of the list it was made from: a new
pyspellchecker makes a new one. Without a writable cache folder the list is parsed each run.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from functools import cache, lru_cache
from pathlib import Path

from cleaner.cachefiles import cache_dir, save

# A word counted this often in pyspellchecker's corpus is common enough to be half of a
# fused pair ("andcontributing").
COMMON_COUNT = 100
_LOWER = re.compile(r"[a-z]+")
_CODE = re.compile(r"[a-z]{2}")  # a language, as a list's file is named


class Lexicon:
    """The words as keys of dicts, which answer `in` and `set.difference` as fast as sets,
    and are read-only here. Not frozensets: a set is tracked by the cycle collector, and
    each full collection, three at least at exit, would visit every one of the 128,000
    words; a dict of strings alone is not tracked."""

    def __init__(self, words: dict[str, None], common: int) -> None:
        self.words = words  # every listed word of lower-case letters a-z, the common first
        self._common_count = common
        self._common: dict[str, None] | None = None

    @property
    def common(self) -> dict[str, None]:
        """The words counted at least COMMON_COUNT times: made when first asked, as most
        texts hold no unknown word that spelling would split."""
        if self._common is None:
            self._common = dict.fromkeys(itertools.islice(self.words, self._common_count))
        return self._common

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Lexicon)
            and self.words == other.words
            and self._common_count == other._common_count
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
    cache = cache_dir() / f"words-{hashlib.sha256(data).hexdigest()[:16]}.txt"
    try:
        return _read(cache.read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError, ValueError):  # absent, unreadable or damaged
        text = _parse(data)
        save(cache, text.encode("ascii"))
        return _read(text)


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


def _read(text: str) -> Lexicon:
    """The cache's text: a line "C W", then the W words a line each, the C common first."""
    header, _, body = text.partition("\n")
    common, total = map(int, header.split())
    words = body.split()
    if len(words) != total:
        raise ValueError("damaged word list cache")
    return Lexicon(dict.fromkeys(words), common)


def _parse(data: bytes) -> str:
    """The cache's text (see _read) for a list as packaged()."""
    listed = counts(data)
    words = [word for word in listed if _LOWER.fullmatch(word)]
    words.sort(key=lambda word: (listed[word] < COMMON_COUNT, word))
    common = sum(1 for word in words if listed[word] >= COMMON_COUNT)
    return f"{common} {len(words)}\n" + "\n".join(words) + "\n"
