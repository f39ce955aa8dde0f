"""A later round of spin over a long text not recognised as spun, settled by what the run
before it left (spin._Unspun), gives what a full run gives."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import placing
from cleaner.document import Document
from cleaner.metadata import SpinVerdict
from cleaner.phrases import Phrase, PhraseMatcher
from cleaner.ruleset import load_rules
from cleaner.stages import spin

STAGE = spin.Spin(load_rules())
# Paragraphs a clean article holds, and ones that hold an always-tier phrase: whole, its
# words split by a line break (which a phrase may hold) or by a blank line (which none
# may), next to a figure ("eight%"), or in a paragraph of clean sentences.
CLEAN = [
    "The minister said the plan would cost more than expected.",
    "Shares rose 8% in early trading, and the pound fell.",
    "Cold weather kept shoppers at home last week.",
    "The court heard the case on Monday.",
]
SPUN = [
    "The inflation charge rose again.",
    "Both sides fought a cold\nstruggle for years.",
    "It was a cold\n\nstruggle.",
    "Prices rose eight% last year.",
    "He spoke at the Courtroom of Attraction on Monday.",
    "They met final evening.",
]
_BLANKS = st.sampled_from(["\n\n", "\n \n", "\n\n\n"])


def _text(paragraphs: list[str], blanks: list[str]) -> str:
    text = paragraphs[0]
    for paragraph, blank in zip(paragraphs[1:], blanks, strict=False):
        text += blank + paragraph
    return text + "\n"


def _rounds(first: str, second: str) -> tuple[Document, Document]:
    """A document spin ran over as `first` and then as `second`, and one run over
    `second` with the first run's verdict but nothing it left."""
    settled = Document(text=first)
    STAGE.run(settled)
    settled.text = second
    full = Document(text=second)
    full.metadata.spin = settled.metadata.spin
    STAGE.run(settled)
    STAGE.run(full)
    return settled, full


@pytest.fixture(autouse=True)
def _short_texts_settle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(placing, "MARK_CHARS", 0)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(CLEAN), min_size=1, max_size=6),
    st.lists(_BLANKS, max_size=6),
    st.lists(st.sampled_from([*CLEAN, *SPUN]), min_size=1, max_size=6),
    st.lists(_BLANKS, max_size=6),
)
@example([CLEAN[0]], [], [CLEAN[0], SPUN[0]], ["\n\n"])
@example([CLEAN[0], CLEAN[1]], ["\n\n"], [CLEAN[0], SPUN[2]], ["\n\n"])
def test_a_later_round_settled_is_a_full_run(
    first: list[str], first_blanks: list[str], second: list[str], second_blanks: list[str]
) -> None:
    settled, full = _rounds(_text(first, first_blanks), _text(second, second_blanks))
    assert settled.text == full.text
    assert settled.changes == full.changes
    assert settled.metadata == full.metadata


def test_a_clean_long_text_leaves_its_paragraphs_and_a_new_phrase_is_repaired() -> None:
    doc = Document(text=_text(CLEAN, ["\n\n"] * 3))
    STAGE.run(doc)
    assert isinstance(doc.memos["spin"], spin._Unspun)
    doc.text = _text([*CLEAN, SPUN[0]], ["\n\n"] * 4)
    STAGE.run(doc)
    assert "inflation rate" in doc.text
    assert "spin" not in doc.memos  # a text the run changed leaves nothing


def test_a_phrase_split_by_a_blank_line_is_none_and_a_text_with_one_leaves_nothing() -> None:
    doc = Document(text=_text([CLEAN[0], SPUN[2]], ["\n\n"]))
    STAGE.run(doc)
    assert doc.memos.get("spin") is not None
    doc = Document(text=_text([CLEAN[0], SPUN[0]], ["\n\n"]))
    STAGE.run(doc)
    assert "spin" not in doc.memos


def test_punctuation_with_a_space_beside_a_phrase_makes_its_matches_not_local() -> None:
    assert PhraseMatcher([Phrase("cold struggle", "cold war", "t:1")]).local
    assert not PhraseMatcher([Phrase("cold struggle ;", "cold war ;", "t:1")]).local


def test_a_stage_whose_phrases_are_not_local_leaves_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(STAGE.always, "local", False)
    doc = Document(text=_text(CLEAN, ["\n\n"] * 3))
    STAGE.run(doc)
    assert "spin" not in doc.memos


def test_a_recognised_text_leaves_nothing() -> None:
    # A recognised text's repairs weigh evidence from the whole text (the same swap passing
    # elsewhere, what earlier repairs wrote): its paragraphs alone cannot settle a round.
    doc = Document(text=_text(CLEAN, ["\n\n"] * 3))
    doc.metadata.spin = SpinVerdict(score=30.0, swaps=3, kinds=3, recognised=True)
    STAGE.run(doc)
    assert "spin" not in doc.memos
