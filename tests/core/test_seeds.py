"""The shipped seeds: seed 004 (the spun article) and the committed clean copies."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from cleaner.pipeline import Pipeline

SPUN = ROOT / "seeds" / "004_ba5458754ed9f4c7.txt"


@pytest.fixture(scope="module")
def spun(pipeline: Pipeline) -> str:
    return pipeline.clean_bytes(SPUN.read_bytes(), str(SPUN)).text


def test_spun_seed_loses_its_image_line(spun: str) -> None:
    assert "![" not in spun
    assert "firstpost.com" not in spun


@pytest.mark.parametrize(
    "repaired",
    [
        "White House",
        "Oval Office",
        "trade deficit",
        "think tank",
        "Nippon Steel",
        "national security",
        "artificial intelligence",
        "synthetic opioids",
        "Chinese President",
        "shook hands",
        "assassination attempt",
    ],
)
def test_spun_seed_phrases_are_repaired(spun: str, repaired: str) -> None:
    assert repaired in spun


@pytest.mark.parametrize(
    "spun_phrase",
    [
        "White Home",
        "Oval Workplace",
        "commerce deficit",
        "assume tank",
        "Nippon Metal",
        "nationwide safety",
        "synthetic intelligence",
        "artificial opioids",
        "Chinese language President",
        "shook arms",
        "assassination try",
    ],
)
def test_spun_seed_phrases_are_gone(spun: str, spun_phrase: str) -> None:
    assert spun_phrase not in spun


def test_spun_seed_is_recognised_and_says_said(pipeline: Pipeline) -> None:
    doc = pipeline.clean_bytes(SPUN.read_bytes(), str(SPUN))
    assert doc.metadata.spin.recognised
    assert not re.search(r"\bstated\b", doc.text)


def test_cleaned_folder_is_up_to_date(pipeline: Pipeline) -> None:
    """cleaned/ holds exactly what the tool makes of seeds/ (run `cleaner clean`)."""
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        clean = ROOT / "cleaned" / seed.name
        assert clean.is_file(), f"{clean} missing"
        expected = pipeline.clean_bytes(seed.read_bytes(), str(seed)).text
        assert clean.read_text(encoding="utf-8") == expected, f"{clean} is stale"
