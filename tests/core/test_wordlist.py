"""The spelling stage's word list: its cache gives what parsing pyspellchecker's gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner import wordlist


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    wordlist.lexicon.cache_clear()
    yield tmp_path / "cleaner"
    wordlist.lexicon.cache_clear()


def test_cached_list_is_pyspellchecker_s(cache: Path) -> None:
    first = wordlist.lexicon()
    (written,) = cache.glob("words-*.txt")
    wordlist.lexicon.cache_clear()
    second = wordlist.lexicon()  # read back from the cache
    assert first == second
    lower = {
        word: n
        for word, n in wordlist.counts(wordlist.packaged()).items()
        if word.isascii() and word.isalpha()
    }
    lower = {word: n for word, n in lower.items() if word.islower()}
    assert second.words.keys() == set(lower)
    assert second.common.keys() == {word for word, n in lower.items() if n >= wordlist.COMMON_COUNT}
    assert "contributing" in second.common and "andcontributing" not in second.words
    assert written.stat().st_size > 1_000_000


def test_lexicon_is_not_tracked_by_the_cycle_collector(cache: Path) -> None:
    """Every full collection would visit its 128,000 words (see wordlist.Lexicon)."""
    import gc

    lexicon = wordlist.lexicon()
    assert not gc.is_tracked(lexicon.words) and not gc.is_tracked(lexicon.common)


def test_damaged_cache_is_made_again(cache: Path) -> None:
    good = wordlist.lexicon()
    (written,) = cache.glob("words-*.txt")
    written.write_text(written.read_text(encoding="ascii")[:5000], encoding="ascii")
    wordlist.lexicon.cache_clear()
    assert wordlist.lexicon() == good
    wordlist.lexicon.cache_clear()
    assert wordlist.lexicon() == good  # and the cache was mended
    assert written.stat().st_size > 1_000_000


def test_no_writable_cache_folder(cache: Path) -> None:
    cache.write_text("a file where the cache folder would be", encoding="utf-8")
    assert "contributing" in wordlist.lexicon().common
    assert cache.is_file()


def test_the_packaged_list_is_the_one_pyspellchecker_ships() -> None:
    from importlib import resources

    shipped = resources.files("spellchecker").joinpath("resources/en.json.gz").read_bytes()
    assert wordlist.packaged() == shipped
