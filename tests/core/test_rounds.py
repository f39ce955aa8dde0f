"""A later round whose dedupe is told by the memo of the last run (dedupe.Memo) that it
would remove nothing gives what running it again gives: text, changes and metadata, on
generated articles with repeats across them, blank lines, captions and fused words."""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import placing
from cleaner.document import Document
from cleaner.metadata import Metadata
from cleaner.pipeline import Pipeline
from cleaner.ruleset import load_rules
from cleaner.stages import dedupe
from cleaner.tokens import words_of

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


def cleaned(text: str, settled: bool) -> tuple[object, ...]:
    """What cleaning `text` gives where every stage that can settle a later round by what
    its last run left does so (dedupe's memo, boilerplate's and spelling's marks, spin's
    paragraphs), whatever the text's length, or where none does."""
    least = 0 if settled else 1 << 62
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(placing, "MARK_CHARS", least)
        doc = Pipeline(RULES).clean_text(text)
    assert not doc.memos and not doc.steps  # dropped once the document is clean
    return doc.text, doc.changes, doc.metadata


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.sampled_from([1, 5, 40, 300]))
def test_later_rounds_with_memos_give_what_full_rounds_give(seed: int, count: int) -> None:
    text = articles(seed, count)
    assert cleaned(text, settled=True) == cleaned(text, settled=False)


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
        assert cleaned(text, settled=True) == cleaned(text, settled=False)
    assert any(asked) and not all(asked)


def changed(lines: list[str], rnd: random.Random, times: int, within: int) -> str:
    """`lines` changed `times` times at random among the first `within`: a line repeated,
    dropped, joined with the next, made a copy or near copy of another, added blank or with
    spaces at its end, or words swapped for others."""
    lines = list(lines)
    for _ in range(times):
        i = rnd.randrange(min(within, len(lines)))
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
    return "\n".join(lines)


def with_and_without_memo(
    text: str, refused: int, rnd: random.Random, times: int, within: int
) -> bool:
    """Whether a run over `text` changed (see changed) after a run left a memo, told by
    the memo (noting `refused` refused paragraphs a bucket), gives what a run with no memo
    gives; True where the first run left none."""
    stage = dedupe.Dedupe(RULES)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(placing, "MARK_CHARS", 0)
        patch.setattr(dedupe, "REFUSED", refused)
        doc = Document(text=text, metadata=Metadata(language="en"))
        stage.run(doc)
        memo = doc.memos.get("dedupe")
        if memo is None:
            return True
        assert isinstance(memo, dedupe.Memo)
        lines = doc.text.split("\n")
        later = Document(text=changed(lines, rnd, times, within), metadata=Metadata(language="en"))
        again = Document(text=later.text, metadata=Metadata(language="en"))
        stage.run(again)  # a run with no memo
        later.memos["dedupe"] = memo
        stage.run(later)
    return later.text == again.text and later.changes == again.changes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.data())
def test_a_memo_settles_only_a_text_a_run_leaves_as_it_is(seed: int, data: st.DataObject) -> None:
    """Any text, however it was made from the one a run left (see changed): the memo says
    "settled" only where a run over it removes nothing. With a memo noting two refused
    paragraph a bucket, or the usual REFUSED, so that the paragraphs a full bucket refused
    beyond those noted are often searched for in the text (Dedupe._askers), the more so
    where the changes are among the first lines, whose paragraphs the buckets took."""
    text = articles(seed, data.draw(st.sampled_from([5, 40, 200])))
    refused = data.draw(st.sampled_from([2, dedupe.REFUSED]))
    rnd = random.Random(data.draw(st.integers(0, 10**6)))
    times, within = data.draw(st.integers(0, 6)), data.draw(st.sampled_from([60, 10**9]))
    assert with_and_without_memo(text, refused, rnd, times, within)


def emptied(seed: int, lost: int, copies: int, odd: int, rnd: random.Random) -> tuple[bool, bool]:
    """Whether a run told by a memo gives what a run with no memo gives over a text whose
    full bucket, of a memo noting two refused paragraphs a bucket, lost `lost` paragraphs
    (their word that asks for it goes), and `copies` of the bucket's others made near copies
    of paragraphs after the last refused one noted that hold that word; and whether the memo
    settled the run having found paragraphs the bucket refused in the text. The run that
    left the memo read `odd` lines more after that refused one, that hold the word and do
    not go on to the buckets: words of their own, or repeats kept (no sentences)."""
    stage = dedupe.Dedupe(RULES)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(placing, "MARK_CHARS", 0)
        patch.setattr(dedupe, "REFUSED", 2)

        def first_run(text: str) -> tuple[Document, dedupe.Memo | None]:
            doc = Document(text=text, metadata=Metadata(language="en"))
            stage.run(doc)
            memo = doc.memos.get("dedupe")
            return doc, memo if isinstance(memo, dedupe.Memo) else None

        doc, memo = first_run(articles(seed, 200))
        if memo is None:
            return True, False
        full = [value for value, refused in memo.refused.items() if len(refused) == 2]
        if not full:
            return True, False
        value = rnd.choice(full)
        lines = doc.text.split("\n")
        after = memo.refused[value][-1] + 1
        members = [memo.filed[p] for p in memo.by_sketch[value]]
        for k in range(odd):
            line = lines[rnd.choice(members)]
            if rnd.random() < 0.5:
                line += " " + " ".join(f"{k}z{n}" for n in range(8))  # too short for a sketch
            lines.insert(after, line.rstrip(".?"))
        doc, memo = first_run("\n".join(lines))
        if memo is None or len(memo.refused.get(value, [])) != 2:
            return True, False
        lines = doc.text.split("\n")

        def holds(line: str) -> bool:
            return value in map(zlib.crc32, map(str.encode, words_of(line)))

        members = [memo.filed[p] for p in memo.by_sketch[value]]
        rnd.shuffle(members)
        for i in members[:lost]:
            lines[i] = " ".join(word for word in lines[i].split() if not holds(word))
        # Prose that asks for the bucket, found as the run finds it: some of the first a
        # run now lets in, and near copies of them would be removed.
        askers = [
            i
            for i in range(memo.refused[value][-1] + 1, len(lines))
            if len(words := words_of(lines[i])) >= 15
            and lines[i].endswith(".")
            and value in dedupe._sketch(words)
            and stage._may_be_repeated(words, sum(not memo.shared_then(w) for w in set(words)))
        ]
        for i in members[lost : lost + copies] if askers else []:
            near = lines[rnd.choice(askers[: max(1, lost - 1)])]
            lines[i] = near + " " + rnd.choice(WORDS)
        later = Document(text="\n".join(lines), metadata=Metadata(language="en"))
        again = Document(text=later.text, metadata=Metadata(language="en"))
        stage.run(again)  # a run with no memo
        later.memos["dedupe"] = memo
        found: list[int] = []
        find = dedupe.Dedupe._askers

        def counted(self: dedupe.Dedupe, *args: object) -> Iterator[int]:
            for i in find(self, *args):  # type: ignore[arg-type]
                found.append(i)
                yield i

        patch.setattr(dedupe.Dedupe, "_askers", counted)
        stage.run(later)
        settled = later.memos.get("dedupe") is memo and bool(found)
    return (later.text, later.changes) == (again.text, again.changes), settled


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, 10**6),
    st.integers(0, 8),
    st.integers(0, 2),
    st.integers(0, 3),
    st.integers(0, 10**6),
)
# Texts where only the search for the paragraphs a bucket refused tells that a run removes
# a near copy: where it stops early, lets in a paragraph whose sketch does not ask for the
# bucket, or one that does not go as far as the buckets, or a repeat kept after its first.
@example(seed=235994, lost=8, copies=2, odd=2, choices=124)
@example(seed=735348, lost=8, copies=2, odd=0, choices=129)
@example(seed=659924, lost=8, copies=2, odd=0, choices=13)
@example(seed=577509, lost=7, copies=1, odd=0, choices=33)
@example(seed=583939, lost=3, copies=2, odd=3, choices=173)
@example(seed=345825, lost=8, copies=2, odd=2, choices=236)
@example(seed=625549, lost=5, copies=2, odd=2, choices=95)
def test_a_memo_settles_a_bucket_emptied_only_as_a_run_would(
    seed: int, lost: int, copies: int, odd: int, choices: int
) -> None:
    """Paragraphs a full bucket refused beyond those the memo noted are found in the text
    (Dedupe._askers) where the bucket lost more paragraphs than that: the memo settles the
    run only where a run removes nothing, though some of those paragraphs are now near
    copies of the bucket's others."""
    assert emptied(seed, lost, copies, odd, random.Random(choices))[0]


def test_refused_paragraphs_found_in_the_text_settle_a_round() -> None:
    """Those paragraphs (see the test above) let a memo settle some rounds, and not others
    (else the test above would prove little)."""
    told = [emptied(seed, 3, seed % 2, seed % 3, random.Random(seed)) for seed in range(16)]
    assert all(equal for equal, _ in told)
    assert any(settled for _, settled in told) and not all(settled for _, settled in told)


def test_a_repeat_kept_whose_first_copy_went_leaves_no_memo(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A paragraph kept though an earlier one had its words (it is no sentence), where that
    earlier one went as a near copy: a run over what the run left files it, as the first
    of its words now, and then removes a later near copy of it that the run compared with
    nothing alike. So the run leaves no memo to say a later round would remove nothing."""
    monkeypatch.setattr(placing, "MARK_CHARS", 0)
    first = (
        "The council minister said the hospital railway election weather market energy"
        " prices schools teachers housing planning transport airport football"
    )
    near = first + " and the town was"  # as near as the threshold lets
    nearer = near + " told"  # near to `near`, not to `first`
    text = "\n".join(["Council news", first + ".", near + ".", near, nearer + "."]) + "\n"
    stage = dedupe.Dedupe(RULES)
    doc = Document(text=text, metadata=Metadata(language="en"))
    stage.run(doc)
    assert [change.rule for change in doc.changes] == ["dedupe:near"]  # `near.` went
    later = Document(text=doc.text, metadata=Metadata(language="en"))
    later.memos.update(doc.memos)
    stage.run(later)
    again = Document(text=doc.text, metadata=Metadata(language="en"))
    stage.run(again)
    assert [change.rule for change in again.changes] == ["dedupe:near"]  # `nearer.` goes
    assert (later.text, later.changes) == (again.text, again.changes)


def dedupe_run(text: str, memo: bool) -> tuple[object, ...]:
    """dedupe's run over `text`, where the run leaves a memo (every paragraph that may be a
    repeat goes on to be filed) or none (the first is held back until a second goes on)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(placing, "MARK_CHARS", 0 if memo else 1 << 62)
        doc = Document(text=text, metadata=Metadata(language="en"))
        dedupe.Dedupe(RULES).run(doc)
    return doc.text, doc.changes


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([1, 2, 3, 8]))
@example(0, 1)
def test_a_paragraph_held_back_until_a_second_goes_on_gives_what_filing_it_gives(
    seed: int, count: int
) -> None:
    text = articles(seed, count)
    assert dedupe_run(text, memo=False) == dedupe_run(text, memo=True)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([1, 2, 3, 8]))
def test_the_distinct_words_dedupe_leaves_are_the_texts(seed: int, count: int) -> None:
    """dedupe leaves a short text's words the union of its lines' sets it made, with the
    words of its lines too short for a set: every word of the text, once."""
    doc = Document(text=articles(seed, count), metadata=Metadata(language="en"))
    dedupe.Dedupe(RULES).run(doc)
    assert doc.words().distinct() == {w for line in doc.text.split("\n") for w in words_of(line)}
