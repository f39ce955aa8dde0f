"""A later round whose dedupe is told by the memo of the last run (dedupe.Memo) that it
would remove nothing gives what running it again gives: text, changes and metadata, on
generated articles with repeats across them, blank lines, captions and fused words."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.document import Document
from cleaner.metadata import Metadata
from cleaner.pipeline import Pipeline
from cleaner.ruleset import load_rules
from cleaner.stages import dedupe

RULES = load_rules()
WORDS = """council budget minister hospital railway election weather market energy prices
schools teachers housing planning transport airport football striker museum festival
village residents police inquiry report figures growth workers company shares profits
the and of to in a was said that for on with by as at from""".split()
EXTRAS = [
    "Top Stories Today",
    "More To Read",
    "- Kenya and Japan sign loan deal to boost development",
    "Image caption: The minister visited the hospital on Friday",
    "![alt](http://x/y.jpg)",
    "The White Home stated the commerce deficit grew.",
    "Residents said the railway andcontributing figures rose.",
    "",
    "   ",
]
# Words the spelling stage splits, in many paragraphs: a later stage changes the words, and
# so the sketches, of paragraphs dedupe filed, or refused where its buckets were full.
FUSED = ["andcontributing", "leadersconfirmed", "countriesincluding"]


def paragraph(rnd: random.Random, fused: float) -> str:
    words = rnd.choices(WORDS, k=rnd.randint(3, 30))
    if rnd.random() < fused:
        words[rnd.randrange(len(words))] = rnd.choice(FUSED)
    return " ".join(words).capitalize() + rnd.choice([".", ".", "?", ""])


def articles(seed: int, count: int) -> str:
    """`count` articles a blank line apart, some of whose paragraphs, or whole articles,
    come again, near or exact; with captions, furniture, fused words and blank lines."""
    rnd = random.Random(seed)
    fused, again = rnd.choice([0.0, 0.1, 0.5]), rnd.choice([0.0, 0.2])
    extras = rnd.choice([0.0, 0.1])
    made: list[list[str]] = []
    for _ in range(count):
        if made and rnd.random() < again:
            article = list(rnd.choice(made))  # a whole article again
        else:
            article = [paragraph(rnd, fused) for _ in range(rnd.randint(1, 8))]
        for i in range(len(article)):
            draw = rnd.random()
            if draw < again * 0.75 and made:
                article[i] = rnd.choice(rnd.choice(made))  # a paragraph of another
            elif draw < 0.25:
                words = article[i].split()
                if words:
                    words[rnd.randrange(len(words))] = rnd.choice(WORDS)  # a near repeat
                article[i] = " ".join(words)
            elif draw < 0.25 + extras:
                article.insert(i, rnd.choice(EXTRAS))
        made.append(article)
    return "\n\n".join("\n".join(article) for article in made) + rnd.choice(["\n", "", "\n\n"])


def cleaned(text: str, memos: bool) -> tuple[object, ...]:
    """What cleaning `text` gives, with every text leaving memos, or none."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dedupe, "MEMO_CHARS", 0 if memos else 1 << 62)
        doc = Pipeline(RULES).clean_text(text)
    assert not doc.memos  # dropped once the document is clean
    return doc.text, doc.changes, doc.metadata


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.sampled_from([1, 5, 40, 300]))
def test_later_rounds_with_memos_give_what_full_rounds_give(seed: int, count: int) -> None:
    text = articles(seed, count)
    assert cleaned(text, memos=True) == cleaned(text, memos=False)


def test_memos_spare_later_rounds_and_give_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Over many long generated texts a memo settles some later rounds and not others
    (else the test above would prove little), and each gives what full rounds give."""
    asked: list[bool] = []
    settled = dedupe.Dedupe._settled

    def counted(self: dedupe.Dedupe, doc: Document, memo: dedupe.Memo) -> bool:
        asked.append(settled(self, doc, memo))
        return asked[-1]

    monkeypatch.setattr(dedupe.Dedupe, "_settled", counted)
    for seed in range(12):
        text = articles(seed, 300)
        assert cleaned(text, memos=True) == cleaned(text, memos=False)
    assert any(asked) and not all(asked)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.data())
def test_a_memo_settles_only_a_text_a_run_leaves_as_it_is(seed: int, data: st.DataObject) -> None:
    """Any text, however it was made from the one a run left: the memo says "settled"
    only where a run over it removes nothing. Lines are repeated, dropped, joined, made
    copies or near copies of others, added blank or with spaces at their end, and words
    swapped for others, at random."""
    text = articles(seed, data.draw(st.sampled_from([5, 40, 200])))
    stage = dedupe.Dedupe(RULES)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dedupe, "MEMO_CHARS", 0)
        doc = Document(text=text, metadata=Metadata(language="en"))
        stage.run(doc)
        memo = doc.memos.get("dedupe")
        if memo is None:
            return
        assert isinstance(memo, dedupe.Memo)
        lines = doc.text.split("\n")
        rnd = random.Random(data.draw(st.integers(0, 10**6)))
        for _ in range(data.draw(st.integers(0, 6))):
            i = rnd.randrange(len(lines))
            kind = rnd.randrange(9)
            if kind == 0:
                lines[i] = " ".join(
                    rnd.choice(WORDS) if rnd.random() < 0.2 else w for w in lines[i].split()
                )
            elif kind == 1:
                lines.insert(i, lines[rnd.randrange(len(lines))])
            elif kind == 2 and len(lines) > 1:
                del lines[i]
            elif kind == 3:
                lines.insert(i, "")
            elif kind == 4 and i + 1 < len(lines):
                lines[i : i + 2] = [lines[i] + " " + lines[i + 1]]
            elif kind == 6:
                lines[i] = lines[rnd.randrange(len(lines))]  # a copy of another
            elif kind == 7:
                near = lines[rnd.randrange(len(lines))].split()  # a near copy of another
                if near:
                    near[rnd.randrange(len(near))] = rnd.choice(WORDS)
                lines[i] = " ".join(near)
            elif kind == 5 and lines[i].split():
                words = lines[i].split()
                words[rnd.randrange(len(words))] = rnd.choice(FUSED)
                lines[i] = " ".join(words)
            else:
                lines[i] = lines[i] + "  "
        later = Document(text="\n".join(lines), metadata=Metadata(language="en"))
        again = Document(text=later.text, metadata=Metadata(language="en"))
        stage.run(again)  # a run with no memo
        later.memos["dedupe"] = memo
        stage.run(later)
    assert later.text == again.text
    assert later.changes == again.changes
