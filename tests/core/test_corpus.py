"""Do no harm, measured on clean professional text (the BBC corpus, when present)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import bench_script

from cleaner.pipeline import Pipeline
from cleaner.ruleset import RuleSet
from cleaner.stages.spin import Spin

# One count of changed words, the benchmark's (bench/pages.py).
_PAGES = bench_script("pages", "pages.py")
WORD, changed_words = _PAGES.WORD, _PAGES.changed_words


@pytest.fixture(scope="module")
def cleaned(bbc: Path, pipeline: Pipeline) -> list[tuple[Path, str, str]]:
    out = []
    for path in sorted(bbc.rglob("[0-9]*.txt")):
        data = path.read_bytes()
        doc = pipeline.clean_bytes(data, str(path))
        out.append((path, data.decode(doc.metadata.encoding), doc.text))
    return out


def test_fewer_than_one_word_in_5000_changes(cleaned: list[tuple[Path, str, str]]) -> None:
    words = sum(len(WORD.findall(before)) for _p, before, _a in cleaned)
    changed = sum(changed_words(before, after) for _p, before, after in cleaned)
    assert len(cleaned) == 2225
    assert changed / words < 1 / 5000, (changed, words)


def test_cleaning_the_corpus_twice_changes_nothing(
    cleaned: list[tuple[Path, str, str]], pipeline: Pipeline
) -> None:
    for path, _before, after in cleaned:
        again = pipeline.clean_text(after, str(path))
        assert again.changes == [], (path, again.changes[:3])


def test_no_document_has_an_always_tier_hit(
    cleaned: list[tuple[Path, str, str]], rules: RuleSet
) -> None:
    spin = Spin(rules)
    for path, before, _after in cleaned:
        assert spin.matches(spin.always, before, None) == [], path
