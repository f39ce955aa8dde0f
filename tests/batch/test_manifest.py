"""The manifest: what makes an input fresh, and a file that is deterministic and atomic."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.batch import manifest
from cleaner.batch.manifest import Manifest, file_hash, producer_digest, sha256

PRODUCER = producer_digest("rules", (), {})


def recorded(output: Path, text: str = "clean\n") -> tuple[Manifest, Path, Path]:
    """A manifest recording `output`/a.txt as the clean copy of `output`/in/a.txt."""
    (output / "in").mkdir(parents=True, exist_ok=True)
    source, target = output / "in" / "a.txt", output / "a.txt"
    source.write_bytes(b"input")
    target.write_text(text, encoding="utf-8")
    book = Manifest.load(output)
    book.record("a.txt", sha256(b"input"), sha256(text.encode()), PRODUCER)
    return book, source, target


def test_an_unchanged_input_with_its_copy_is_fresh(tmp_path: Path) -> None:
    book, source, target = recorded(tmp_path)
    assert book.fresh("a.txt", source, target, PRODUCER)


@pytest.mark.parametrize(
    "what", ["input", "input deleted", "producer", "copy edited", "copy deleted", "key"]
)
def test_any_difference_makes_it_stale(tmp_path: Path, what: str) -> None:
    book, source, target = recorded(tmp_path)
    producer, key = PRODUCER, "a.txt"
    if what == "input":
        source.write_bytes(b"input, edited")
    elif what == "input deleted":
        source.unlink()
    elif what == "producer":
        producer = producer_digest("other rules", (), {})
    elif what == "copy edited":
        target.write_text("clean, edited by hand\n", encoding="utf-8")
    elif what == "copy deleted":
        target.unlink()
    else:
        key = "b.txt"
    assert not book.fresh(key, source, target, producer)


def test_producer_covers_rules_config_and_version(monkeypatch: pytest.MonkeyPatch) -> None:
    base = producer_digest("r", ("spelling",), {"spin": {"gate": 3.0}})
    assert producer_digest("r", ("spelling", "spelling"), {"spin": {"gate": 3.0}}) == base
    variants = [
        producer_digest("r2", ("spelling",), {"spin": {"gate": 3.0}}),
        producer_digest("r", (), {"spin": {"gate": 3.0}}),
        producer_digest("r", ("spelling",), {"spin": {"gate": 4.0}}),
    ]
    monkeypatch.setattr(manifest, "__version__", "99.0")
    variants.append(producer_digest("r", ("spelling",), {"spin": {"gate": 3.0}}))
    assert len({base, *variants}) == 5


def test_save_load_round_trip_is_deterministic(tmp_path: Path) -> None:
    first, second = Manifest(tmp_path / "one" / manifest.NAME), Manifest(tmp_path / "two" / "m")
    for key in ("b.txt", "a.txt", "sub/c.txt"):
        first.record(key, sha256(key.encode()), sha256(b"copy"), PRODUCER)
    for key in ("sub/c.txt", "a.txt", "b.txt"):
        second.record(key, sha256(key.encode()), sha256(b"copy"), PRODUCER)
    first.save()
    second.save()
    assert first.path.read_bytes() == second.path.read_bytes()
    assert Manifest.load(tmp_path / "one").entries == first.entries
    assert list(tmp_path.joinpath("one").iterdir()) == [first.path]  # no temporary left


def test_save_writes_only_what_changed(tmp_path: Path) -> None:
    book = Manifest.load(tmp_path)
    book.save()
    assert not book.path.exists()
    book, _source, _target = recorded(tmp_path)
    book.save()
    stamp = book.path.stat().st_mtime_ns
    again = Manifest.load(tmp_path)
    again.record("a.txt", sha256(b"input"), sha256(b"clean\n"), PRODUCER)
    assert not again.changed
    again.keep({"a.txt"})
    assert not again.changed
    again.save()
    assert book.path.stat().st_mtime_ns == stamp
    again.keep(set())
    assert again.changed and again.entries == {}


@pytest.mark.parametrize(
    "content", ["not json", '{"format": 0, "files": {}}', '{"format": 1, "files": {"a": 1}}', "[]"]
)
def test_an_unreadable_manifest_is_empty(tmp_path: Path, content: str) -> None:
    (tmp_path / manifest.NAME).write_text(content, encoding="utf-8")
    assert Manifest.load(tmp_path).entries == {}


def test_file_hash_of_a_missing_file_is_none(tmp_path: Path) -> None:
    assert file_hash(tmp_path / "gone.txt") is None
    (tmp_path / "here.txt").write_bytes(b"x")
    assert file_hash(tmp_path / "here.txt") == sha256(b"x")


@pytest.mark.parametrize(
    "name", [*manifest.LIBRARIES, "pytest", "Beautifulsoup4", "lxml-html-clean", "no-such-dist"]
)
def test_library_version_is_importlib_metadata_s(name: str) -> None:
    from importlib import metadata

    try:
        expected: str | None = metadata.version(name)
    except metadata.PackageNotFoundError:
        expected = None
    assert manifest.library_version(name) == expected


def test_library_version_reads_the_first_distribution_on_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Folders named as pip names them, in any case; METADATA is read before PKG-INFO, and
    # only its headers (a "Version:" in the description below them is not one).
    first, second = tmp_path / "a", tmp_path / "b"
    (first / "Some_Lib-2.0.dist-info").mkdir(parents=True)
    (first / "Some_Lib-2.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: Some-Lib\nversion: 2.0\n\nVersion: 9\n", "utf-8"
    )
    (second / "some.lib-1.0.egg-info").mkdir(parents=True)
    (second / "some.lib-1.0.egg-info" / "PKG-INFO").write_text("Version: 1.0\n", "utf-8")
    monkeypatch.setattr("sys.path", [str(tmp_path / "absent"), str(second), str(first)])
    assert manifest.library_version("some-lib") == "1.0"
    monkeypatch.setattr("sys.path", [str(first), str(second)])
    assert manifest.library_version("SOME.LIB") == "2.0"


def test_python_version_is_platform_s() -> None:
    import platform

    assert manifest.python_version() == platform.python_version()
