"""The spelling stage's word list: its cache gives what parsing pyspellchecker's gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner import lexicon


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lexicon.lexicon.cache_clear()
    yield tmp_path / "cleaner"
    lexicon.lexicon.cache_clear()


def test_cached_list_is_pyspellchecker_s(cache: Path) -> None:
    first = lexicon.lexicon()
    (written,) = cache.glob("words-*.txt")
    lexicon.lexicon.cache_clear()
    second = lexicon.lexicon()  # read back from the cache
    assert first == second
    lower = {
        word: n
        for word, n in lexicon.counts(lexicon.packaged()).items()
        if word.isascii() and word.isalpha()
    }
    lower = {word: n for word, n in lower.items() if word.islower()}
    assert second.words == set(lower)
    assert second.common == {word for word, n in lower.items() if n >= lexicon.COMMON_COUNT}
    assert "contributing" in second.common and "andcontributing" not in second.words
    assert written.stat().st_size > 1_000_000


def test_damaged_cache_is_made_again(cache: Path) -> None:
    good = lexicon.lexicon()
    (written,) = cache.glob("words-*.txt")
    written.write_text(written.read_text(encoding="ascii")[:5000], encoding="ascii")
    lexicon.lexicon.cache_clear()
    assert lexicon.lexicon() == good
    lexicon.lexicon.cache_clear()
    assert lexicon.lexicon() == good  # and the cache was mended
    assert written.stat().st_size > 1_000_000


def test_no_writable_cache_folder(cache: Path) -> None:
    cache.write_text("a file where the cache folder would be", encoding="utf-8")
    assert "contributing" in lexicon.lexicon().common
    assert cache.is_file()
