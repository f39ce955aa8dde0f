"""Golden cases (tests/golden/NAME.in.* -> NAME.out.txt) and no-op cases (tests/noop/*)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from cleaner.pipeline import Pipeline

HERE = ROOT / "tests"
GOLDEN = sorted(p for p in (HERE / "golden").iterdir() if ".in." in p.name)
NOOP = sorted((HERE / "noop").iterdir())


@pytest.mark.parametrize("source", GOLDEN, ids=lambda p: p.name)
def test_golden(pipeline: Pipeline, source: Path) -> None:
    expected = source.with_name(source.name.split(".in.")[0] + ".out.txt")
    doc = pipeline.clean_bytes(source.read_bytes(), str(source))
    assert doc.text == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("source", GOLDEN, ids=lambda p: p.name)
def test_golden_is_idempotent(pipeline: Pipeline, source: Path) -> None:
    once = pipeline.clean_bytes(source.read_bytes(), str(source)).text
    twice = pipeline.clean_text(once, "again.txt")
    assert twice.text == once
    assert twice.changes == []


@pytest.mark.parametrize("source", NOOP, ids=lambda p: p.name)
def test_clean_text_passes_unchanged(pipeline: Pipeline, source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    doc = pipeline.clean_text(text, str(source))
    assert doc.changes == []
    assert doc.text == text
