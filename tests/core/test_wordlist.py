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
    cache.mkdir()
    (cache / "words-0123456789abcdef.txt").write_text("1 1\nan\n", encoding="ascii")  # of old
    first = wordlist.lexicon()
    (written,) = cache.glob("words-*")
    wordlist.lexicon.cache_clear()
    second = wordlist.lexicon()  # read back from the cache
    assert first == second
    lower = {
        word: n
        for word, n in wordlist.counts(wordlist.packaged()).items()
        if word.isascii() and word.isalpha()
    }
    lower = {word: n for word, n in lower.items() if word.islower()}
    assert second.words.words() == set(lower)
    assert second.common.words() == {
        word for word, n in lower.items() if n >= wordlist.COMMON_COUNT
    }
    assert "contributing" in second.common and "andcontributing" not in second.words
    assert written.stat().st_size > 1_000_000


def test_words_are_found_in_their_buckets_as_in_a_set(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A few words asked are looked for in their buckets of the cache's text; many, in a set
    # made of it once: both answer alike, at each bucket's first and last word too.
    monkeypatch.setattr(wordlist, "ASKS", 10**9)
    lexicon = wordlist.lexicon()
    listed = lexicon.words.words()
    near = {w + "q" for w in listed} | {w[:-1] for w in listed} | {"", "café", "a b", "\n"}
    near.add("\n".join(lexicon.words._text.split()[:2]))  # two words side by side
    for words in (lexicon.words, lexicon.common):
        asked = listed | near
        by_bucket = words.unlisted(asked)
        assert all((word in words) == (word not in by_bucket) for word in asked)
        monkeypatch.setattr(wordlist, "ASKS", 0)
        assert words.unlisted(asked) == by_bucket == asked - words.words()
        assert all((word in words) == (word not in by_bucket) for word in asked)
        monkeypatch.setattr(wordlist, "ASKS", 10**9)
    assert "contributing" in lexicon.common and "andcontributing" not in lexicon.words


@pytest.mark.parametrize("damage", ["cut", "flipped", "short", "other form"])
def test_damaged_cache_is_made_again(cache: Path, damage: str) -> None:
    from cleaner.cachefiles import sealed

    good = wordlist.lexicon()
    (written,) = cache.glob("words-*.bin")
    data = written.read_bytes()
    # Cut short, or a letter of a word changed: the copy's seal tells either; sealed, a
    # copy too short for its header, or of another number of buckets, is of another form.
    written.write_bytes(
        {
            "cut": data[:5000],
            "flipped": data[:-9] + b"x" + data[-8:],
            "short": sealed(b"\0\0"),
            "other form": sealed(b"\1\0\0\0" + data[36:]),
        }[damage]
    )
    wordlist.lexicon.cache_clear()
    assert wordlist.lexicon() == good
    wordlist.lexicon.cache_clear()
    assert wordlist.lexicon() == good  # and the cache was mended
    assert written.read_bytes() == data


def test_no_writable_cache_folder(cache: Path) -> None:
    cache.write_text("a file where the cache folder would be", encoding="utf-8")
    assert "contributing" in wordlist.lexicon().common
    assert cache.is_file()


def test_the_packaged_list_is_the_one_pyspellchecker_ships() -> None:
    from importlib import resources

    shipped = resources.files("spellchecker").joinpath("resources/en.json.gz").read_bytes()
    assert wordlist.packaged() == shipped
