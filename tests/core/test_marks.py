"""A later round's boilerplate and spelling, told by the steps since their last run which
lines changed (placing.kept_lines), give what a run over the whole text gives: text,
changes and metadata. On generated articles with repeats across them, furniture, link
lists a repeat hides until dedupe removes it, misspellings, unknown words and fused words
the first round repairs; and for each way a change can reach a decision."""

from __future__ import annotations

import copy
import difflib
import random
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_rounds import cleaned

from cleaner import placing
from cleaner.document import Change, Document, Step
from cleaner.metadata import Metadata
from cleaner.pipeline import Pipeline, stage_class
from cleaner.placing import Mark, kept_lines, step
from cleaner.ruleset import load_rules
from cleaner.stages import boilerplate, spelling

RULES = load_rules()
WORDS = """council budget minister hospital railway election weather market energy prices
schools teachers housing planning transport airport football striker museum festival
village residents police inquiry report figures growth workers company shares profits
the and of to in a was said that for on with by as at from""".split()
FUSED = ["andcontributing", "leadersconfirmed", "countriesincluding", "sharethis"]
UNKNOWN = ["zorbling", "flimbered", "quastoral", "brindlewick"]
HEADLINES = [
    "Kenya and Japan sign loan deal to boost development",
    "Council approves new budget for village schools",
    "Railway strike ends after late night talks",
    "Museum festival draws record crowds this summer",
]


def sentence(rnd: random.Random) -> str:
    words = rnd.choices(WORDS, k=rnd.randint(4, 24))
    draw = rnd.random()
    if draw < 0.15:
        words[rnd.randrange(len(words))] = rnd.choice(FUSED)
    elif draw < 0.3:
        words[rnd.randrange(len(words))] = rnd.choice(UNKNOWN)
    elif draw < 0.35:
        words[rnd.randrange(len(words))] = "said.The"  # a space the first round puts back
    return " ".join(words).capitalize() + rnd.choice([".", ".", "?", ""])


def furniture(rnd: random.Random, made: list[str]) -> list[list[str]]:
    """Kinds of lines: the first eight look like page furniture and are not, or not yet
    (a later stage can make them so); the others are furniture."""
    items = [f"- {headline}" for headline in rnd.sample(HEADLINES, rnd.randint(2, 4))]
    links = [f"[{headline}](http://x.example/{i})" for i, headline in enumerate(HEADLINES)]
    sentences = [line for line in made if line.endswith(".")]
    repeat = rnd.choice(sentences) if sentences else "The council said so."
    return [
        # A repeat between a header and its list, which dedupe removes.
        ["More from our reporters", repeat, *items],
        ["Latest headlines", repeat, "", *items],
        ["The shop listed what it sells:", "More from the store", *items],
        ["Related", "- Fish and chips"],
        [rnd.choice(links)],
        ["Back to the main page"],
        ["sharethis article"],  # spelling makes it a line a rule names
        ["", "", "   "],
        ["More from our reporters", *items],
        rnd.sample(links, 2),
        ["Top Stories Today"],
        ["Image caption: The minister visited the hospital on Friday  "],
    ]


def pages(seed: int, count: int, kinds: Sequence[int] = ()) -> str:
    """`count` articles a blank line apart, paragraphs of which come again, with lines
    that look like furniture among them: some `kinds` of them (see furniture), or kinds
    drawn at random, with none that a first round removes in some texts."""
    rnd = random.Random(seed)
    again, extras = rnd.choice([0.0, 0.2]), rnd.choice([0.05, 0.3])
    pool = range(12) if rnd.random() < 0.5 else range(8)
    kinds = kinds or rnd.sample(pool, rnd.randint(1, len(pool)))
    made: list[str] = []
    articles: list[list[str]] = []
    for _ in range(count):
        article = [rnd.choice(HEADLINES)]
        for _ in range(rnd.randint(1, 8)):
            if made and rnd.random() < again:
                article.append(rnd.choice(made))
            elif rnd.random() < extras:
                article += furniture(rnd, made)[rnd.choice(kinds)]
            else:
                article.append(sentence(rnd))
                made.append(article[-1])
        articles.append(article)
    return "\n\n".join("\n".join(article) for article in articles) + rnd.choice(["\n", ""])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.sampled_from([1, 5, 40, 300]))
def test_later_rounds_told_by_marks_give_what_full_rounds_give(seed: int, count: int) -> None:
    text = pages(seed, count)
    assert cleaned(text, settled=True) == cleaned(text, settled=False)


def test_marks_settle_some_later_rounds_and_not_others() -> None:
    """Over many generated texts the marks tell some later rounds and send others to a
    run (else the test above would prove little), and each gives what full rounds give."""
    with pytest.MonkeyPatch.context() as patch:
        settled, told = _spied(patch)
        for seed in range(12):
            text = pages(seed, 60)
            assert cleaned(text, settled=True) == cleaned(text, settled=False)
    assert any(settled) and not all(settled)
    assert any(told)


def _spied(patch: pytest.MonkeyPatch) -> tuple[list[bool], list[bool]]:
    """Whether each later run of boilerplate was settled by its mark, and whether each of
    spelling's was told by its memo, as they run."""
    settled: list[bool] = []
    told: list[bool] = []
    settle, tell = boilerplate.Boilerplate._settled, spelling.Spelling._told

    def counted_settle(self: boilerplate.Boilerplate, doc: Document, since: Mark) -> bool:
        settled.append(settle(self, doc, since))
        return settled[-1]

    def counted_tell(self: spelling.Spelling, doc: Document, memo: spelling.Memo) -> object:
        found = tell(self, doc, memo)
        told.append(found is not None)
        return found

    patch.setattr(boilerplate.Boilerplate, "_settled", counted_settle)
    patch.setattr(spelling.Spelling, "_told", counted_tell)
    return settled, told


# The lines a step left as they were.


def stepped(before: str, after: str, first: int) -> Step:
    """The Step of a stage run that turned `before` into `after` a line at a time, logging
    each run of lines it replaced, removed or put in."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    starts = [0]
    for line in old:
        starts.append(starts[-1] + len(line))
    changes = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            span = (starts[i1], starts[i2])
            put = "".join(new[j1:j2])
            changes.append(Change("edit", "edit:lines", 0, before[slice(*span)], put, span))
    return step(before, after, changes, first)


def edited(lines: list[str], rnd: random.Random) -> list[str]:
    """`lines` with a few lines changed, removed, put in or blanked."""
    lines = list(lines)
    for _ in range(rnd.randint(0, 4)):
        i = rnd.randrange(len(lines) + 1)
        kind = rnd.randrange(4)
        if kind == 0 and i < len(lines):
            lines[i] += " x"
        elif kind == 1 and i < len(lines) and len(lines) > 1:
            del lines[i]
        elif kind == 2:
            lines.insert(i, rnd.choice(["", "new", lines[rnd.randrange(len(lines))]]))
        elif i < len(lines):
            lines[i] = ""
    return lines


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "", "c d"]), min_size=1, max_size=12), st.data())
def test_kept_lines_are_lines_as_they_were_beside_their_neighbours(
    lines: list[str], data: st.DataObject
) -> None:
    """Through steps that each change a few lines, every line said to be kept is the line
    it was, and so are its neighbours in its run; a run at an edge of the text is at that
    edge of the marked one."""
    rnd = random.Random(data.draw(st.integers(0, 10**6)))
    text = "\n".join(lines) + rnd.choice(["", "\n"])
    doc = Document(text=text)
    since = Mark(text, 0)
    for _ in range(data.draw(st.integers(0, 3))):
        later = "\n".join(edited(doc.text.split("\n"), rnd))
        doc.steps.append(stepped(doc.text, later, 0))
        doc.text = later
    kept = kept_lines(doc, since)
    assert kept is not None
    then, now = since.text.split("\n"), doc.text.split("\n")
    for run in kept:
        assert then[run.then : run.then + run.lines] == now[run.now : run.now + run.lines]
        assert (run.then == 0) == (run.now == 0)
        assert (run.then + run.lines == len(then)) == (run.now + run.lines == len(now))
        assert doc.text[run.start : run.end] == "\n".join(now[run.now : run.now + run.lines])
    # Each line changed is read again: a changed stretch is every line between the runs.
    gaps = list(placing.changed_stretches(kept, doc.text))
    covered = sorted(
        [i for run in kept for i in range(run.now, run.now + run.lines)]
        + [i for first, s, e in gaps for i in range(first, first + doc.text.count("\n", s, e) + 1)]
    )
    assert covered == list(range(len(now)))


def test_kept_lines_keep_all_but_the_lines_a_step_changed() -> None:
    text = "\n".join(f"line {i}" for i in range(10)) + "\n"
    doc = Document(text=text)
    since = Mark(text, 0)
    later = text.replace("line 4\n", "").replace("line 7", "line seven")
    doc.steps.append(stepped(text, later, 0))
    doc.text = later
    kept = kept_lines(doc, since)
    assert kept is not None
    changed = [
        i
        for first, s, e in placing.changed_stretches(kept, later)
        for i in range(first, first + later.count("\n", s, e) + 1)
    ]
    # Line 5, now line 4, is beside the line removed; line 7, now 6, was edited.
    assert changed == [4, 6]


def test_kept_lines_through_steps_whose_changes_meet() -> None:
    """A step that removes lines around one an earlier step edited: the lines around
    both are kept, as the text's pieces are carried through edits that span several."""
    text = "\n".join(f"line {i}" for i in range(10)) + "\n"
    doc = Document(text=text)
    since = Mark(text, 0)
    edited = text.replace("line 5", "line five")
    for later in (edited, edited.replace("line 4\nline five\n", "")):
        doc.steps.append(stepped(doc.text, later, 0))
        doc.text = later
    kept = kept_lines(doc, since)
    assert kept is not None
    assert [(run.then, run.now, run.lines) for run in kept] == [(0, 0, 4), (7, 5, 4)]


def test_a_text_changed_outside_the_steps_is_never_kept() -> None:
    text = "one\ntwo\nthree\n"
    doc = Document(text=text.replace("two", "tw0"))
    assert kept_lines(doc, Mark(text, 0)) is None
    doc.steps.append(Step(0, 0, None, {}))  # a step that holds no positions
    assert kept_lines(doc, Mark(doc.text, 0)) is None


# Each way a change reaches a stage's decisions, a stage at a time: the run told by the
# mark its first run left gives what a run over the changed text gives.


def told_and_run(name: str, first: str, later: str) -> tuple[object, object, bool]:
    """What a run of stage `name` over `later` gives (its text, changes and metadata),
    told by the mark its run over `first` left, then made from `first` by another stage
    (whose changes are logged a line at a time); what a run with no mark gives; and
    whether the mark told the run."""
    pipeline = Pipeline(RULES)
    stage = stage_class(name)(RULES)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(placing, "MARK_CHARS", 0)
        settled, told = _spied(patch)
        doc = Document(text=first, metadata=Metadata(language="en"))
        done = pipeline._run_stage(stage, doc)
        doc.steps += [done] if done is not None else []  # as the pipeline keeps them
        assert doc.memos, "the first run left no mark"
        doc.steps.append(stepped(doc.text, later, len(doc.changes)))
        doc.text = later
        fresh = Document(text=later, metadata=copy.deepcopy(doc.metadata))
        first_changes = len(doc.changes)
        pipeline._run_stage(stage, doc)
        patch.setattr(placing, "MARK_CHARS", 1 << 62)
        pipeline._run_stage(stage, fresh)
    ran = (doc.text, doc.changes[first_changes:], doc.metadata)
    return ran, (fresh.text, fresh.changes, fresh.metadata), settled + told == [True]


INTRO = "The council met on Friday to talk about the budget for the village."
ITEMS = "\n".join(f"- {headline}" for headline in HEADLINES[:3])


@pytest.mark.parametrize(
    ("first", "later", "told"),
    [
        # A line changed that a rule of its own now removes.
        (f"{INTRO}\nsharethis article\n{INTRO}\n", f"{INTRO}\nshare this article\n{INTRO}\n", 0),
        # A repeat between a header and its list removed: the header now heads it.
        (
            f"{INTRO}\n\nMore from our reporters\n{INTRO}\n{ITEMS}\n\nThe end of it.\n",
            f"{INTRO}\n\nMore from our reporters\n{ITEMS}\n\nThe end of it.\n",
            0,
        ),
        # A sentence at the end of a list made a headline: the list, read from far
        # above, is long enough now.
        (
            f"{INTRO}\nMore from our reporters\n\n- {HEADLINES[0]}\n\n- {HEADLINES[1]}\n"
            f"{INTRO}\nThe end of it.\n",
            f"{INTRO}\nMore from our reporters\n\n- {HEADLINES[0]}\n\n- {HEADLINES[1]}\n"
            f"- {HEADLINES[2]}\nThe end of it.\n",
            0,
        ),
        # The line before the header no longer introduces the list.
        (
            f"{INTRO}\nThe shop listed what it sells:\n\n\nMore from the store\n{ITEMS}\n",
            f"{INTRO}\nThe shop listed what it sells.\n\n\nMore from the store\n{ITEMS}\n",
            0,
        ),
        # ... or is gone, and the header is the text's first line.
        (
            f"The shop listed what it sells:\nMore from the store\n{ITEMS}\n{INTRO}\n",
            f"More from the store\n{ITEMS}\n{INTRO}\n",
            0,
        ),
        # A link alone, whose neighbour above or below it becomes a link.
        (
            f"{INTRO}\n[{HEADLINES[0]}](http://x.example/0)\n{INTRO}\n",
            f"[{HEADLINES[1]}](http://x.example/1)\n[{HEADLINES[0]}](http://x.example/0)\n{INTRO}\n",
            0,
        ),
        (
            f"{INTRO}\n[{HEADLINES[0]}](http://x.example/0)\n{INTRO}\n",
            f"{INTRO}\n[{HEADLINES[0]}](http://x.example/0)\n[{HEADLINES[1]}](http://x.example/1)\n",
            0,
        ),
        # Navigation that the article no longer follows.
        (f"{INTRO}\nBack to the main page\n{INTRO}\n\n", f"{INTRO}\nBack to the main page\n\n", 0),
        # A known header over the article's own list, which goes: the header goes alone.
        (f"{INTRO}\nRelated\n- Fish and chips\n", f"{INTRO}\nRelated\n", 0),
        # Changes that make no furniture, far from it and beside it.
        (
            f"{INTRO}\nMore from our reporters\n{INTRO}\n{ITEMS}\n{INTRO}\n",
            f"{INTRO} Again.\nMore from our reporters\n{INTRO}\n{ITEMS}\n\n{INTRO}\n",
            1,
        ),
        (
            f"{INTRO}\nBack to the main page\n{INTRO}\n",
            f"{INTRO}\nBack to the main page\nEnd.\n",
            1,
        ),
    ],
)
def test_boilerplate_told_reads_what_a_change_reaches(first: str, later: str, told: int) -> None:
    ran, fresh, was_told = told_and_run("boilerplate", first, later)
    assert ran == fresh
    assert was_told == bool(told)


UNKNOWN_LINE = "The zorbling prices rose in the market."
# More unknown words than a substring search each is used for (see spelling.FEW).
MANY = [f"zorbl{a}{b}" for a in "aeiouy" for b in "kmnprt"]


@pytest.mark.parametrize(
    ("first", "later"),
    [
        # An unknown word kept where its line was, gone with the only line it was on,
        # and new on a changed line.
        (f"{INTRO}\n{UNKNOWN_LINE}\n{INTRO}\n", f"{INTRO} Again.\n{UNKNOWN_LINE}\n{INTRO}\n"),
        (f"{INTRO}\n{UNKNOWN_LINE}\n{INTRO}\n", f"{INTRO}\n{INTRO}\n"),
        (f"{INTRO}\n{UNKNOWN_LINE}\n", f"{INTRO}\n{UNKNOWN_LINE}\nThe flimbered report.\n"),
        # ... gone from a changed line just after a line kept, where another is listed.
        (
            f"{INTRO}\n{UNKNOWN_LINE}\nThe flimbered report.\n",
            f"{INTRO}\nThe prices rose.\nThe flimbered report.\n",
        ),
        # None found now: the words listed before stay listed, as after a run.
        (f"{UNKNOWN_LINE}\n{INTRO}\n", f"{INTRO}\n"),
        # A fused word and a lost space made by a change, placed in the whole text.
        (
            f"{INTRO}\n{INTRO}\n{INTRO}\n",
            f"{INTRO}\n{INTRO} It andcontributing.\nHe said.The end\n",
        ),
        # ... at the start of a line that starts a stretch of changed lines, not the first.
        (
            f"{INTRO}\nIt rained.\nIt was cold.\nIt snowed.\n",
            f"{INTRO} Again.\nIt rained.\nleadersconfirmed it, and zorbling.\nIt snowed.\n",
        ),
        # A word's context on its line changed: in italics it is another language's.
        (
            f"{INTRO}\n{UNKNOWN_LINE}\n",
            f"{INTRO}\n{UNKNOWN_LINE.replace('zorbling', '*zorbling*')}\n",
        ),
        # The first round's repair, read again.
        (f"{INTRO}\nThe leadersconfirmed it.\n", f"{INTRO}\nThe leadersconfirmed it.\n{INTRO}\n"),
        # Many unknown words (see MANY), of which the changed lines hold few.
        (
            "\n".join(f"The {word}s rose." for word in MANY) + "\n",
            "\n".join(f"The {word}s rose." for word in MANY) + "\nThe quastoral end.\n",
        ),
    ],
)
def test_spelling_told_reads_the_changed_lines(first: str, later: str) -> None:
    ran, fresh, told = told_and_run("spelling", first, later)
    assert ran == fresh
    assert told
