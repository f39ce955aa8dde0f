"""Invariants over any text (hypothesis): no crash, idempotent, deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner.document import Document, format_of
from cleaner.errors import SkipFile
from cleaner.metadata import Metadata
from cleaner.pipeline import STAGES, Pipeline, stage_class
from cleaner.ruleset import load_rules

RULES = load_rules()
PIPELINE = Pipeline(RULES)
# Text that looks like articles often enough to reach every stage's code paths.
FRAGMENTS = st.sampled_from(
    [
        "The White Home stated on Friday.",
        "Top Stories Today",
        "More To Read",
        "- Kenya and Japan sign loan deal to boost development",
        "![alt](http://x/y.jpg)",
        "andcontributing",
        "Africa.The",
        "Japanâ€™s",
        "&amp;",
        "<p>hi</p>",
        "\r\n",
        "\n\n",
        "   ",
        "commerce deficit",
        "2 international locations",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=40), FRAGMENTS), max_size=30).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_pipeline_never_raises_and_is_idempotent(text: str) -> None:
    once = PIPELINE.clean_text(text).text
    again = PIPELINE.clean_text(once)
    assert again.text == once, again.changes


@FAST
@given(TEXT)
def test_pipeline_is_deterministic(text: str) -> None:
    assert Pipeline(RULES).clean_text(text).text == PIPELINE.clean_text(text).text


@FAST
@given(TEXT)
def test_every_change_is_placed_inside_the_input_and_the_output(text: str) -> None:
    doc = PIPELINE.clean_text(text)
    for change in doc.changes:
        for span, whole in ((change.input_span, doc.original), (change.output_span, doc.text)):
            assert span is None or 0 <= span[0] <= span[1] <= len(whole), change
        # Only what concerns the whole document, or text made of a page, has no place.
        if change.input_span is None:
            assert change.span is None or doc.metadata.format == "html", change
        assert change.line >= (change.span is not None)


@FAST
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_are_skipped(data: bytes) -> None:
    try:
        doc = PIPELINE.clean_bytes(data)
    except SkipFile:
        assert b"\0" in data or data[:2] in (b"\xff\xfe", b"\xfe\xff")
        return
    doc.text.encode("utf-8")


@FAST
@given(TEXT, st.sampled_from(STAGES))
@example("&ap;\r<", "unicode")  # ftfy made a line break, beside which the entity was left
def test_each_stage_is_idempotent_alone(text: str, name: str) -> None:
    stage = stage_class(name)(RULES)

    first = Document(text=text, metadata=Metadata(language="en"))
    stage.run(first)
    second = Document(text=first.text, metadata=Metadata(language="en"))
    stage.run(second)
    assert second.text == first.text


# Any Unicode text at all (every plane, controls, combining marks, bidi), not only
# article-like text; and a path that makes the html stage parse it.
ANY_TEXT = st.one_of(TEXT, st.text(max_size=300))
ANY_PATH = st.sampled_from(["<text>", "a.html"])
# Stages that only remove lines or normalise newlines: their output is never longer.
SHRINK_ONLY = {"decode", "language", "boilerplate", "dedupe"}


def explained_growth(doc: Document) -> int:
    """How much longer the change log says the text may have become."""
    return sum(max(0, len(c.after) - len(c.before)) for c in doc.changes if c.after is not None)


@FAST
@given(ANY_TEXT, ANY_PATH, st.sampled_from(STAGES))
def test_each_stage_never_raises_and_grows_only_as_its_log_says(
    text: str, path: str, name: str
) -> None:
    stage = stage_class(name)(RULES)
    doc = Document(text=text, path=path, format=format_of(path), metadata=Metadata(language="en"))
    stage.run(doc)
    doc.text.encode("utf-8")
    growth = len(doc.text) - len(text)
    if name in SHRINK_ONLY:
        assert growth <= 0, doc.changes
    elif name == "html":
        # Markup becomes paragraphs: every separator it adds replaces a longer tag, and the
        # text gains at most its final newline.
        assert growth <= 1
    else:
        assert growth <= explained_growth(doc), doc.changes


@FAST
@given(ANY_TEXT, ANY_PATH)
def test_pipeline_on_any_text_is_valid_idempotent_utf8(text: str, path: str) -> None:
    once = PIPELINE.clean_text(text, path)
    once.text.encode("utf-8")
    assert PIPELINE.clean_text(once.text).text == once.text


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=3, max_size=6))
def test_output_is_the_same_for_every_jobs(texts: list[str]) -> None:
    import tempfile
    from pathlib import Path

    from cleaner import batch
    from cleaner.api import Cleaner

    with tempfile.TemporaryDirectory() as folder:
        jobs = []
        for i, text in enumerate(texts):
            path = Path(folder) / f"{i}.txt"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            jobs.append(batch.Job(path, Path(path.name)))
        one = [(r.status, r.text, r.changes) for r in batch.run(jobs, Cleaner(rules=RULES), 1)]
        two = [(r.status, r.text, r.changes) for r in batch.run(jobs, Cleaner(rules=RULES), 2)]
    assert one == two


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(TEXT.map(str.encode), st.just(b"\x00\x01binary\x00" * 50)), max_size=8))
def test_documents_cleaned_together_end_as_each_alone(inputs: list[bytes]) -> None:
    """run_many, stage by stage across documents, gives each what run gives it alone."""
    together = [Document(text="", raw=data) for data in inputs]
    ended = PIPELINE.run_many(together)
    for data, doc, end in zip(inputs, together, ended, strict=True):
        try:
            alone = PIPELINE.clean_bytes(data)
        except SkipFile:
            assert isinstance(end, SkipFile)
            continue
        assert end is None
        assert (doc.text, doc.changes, doc.metadata) == (alone.text, alone.changes, alone.metadata)


# Inputs the fuzzer (tests/fuzz/fuzz_pipeline.py) once broke, kept so they stay fixed, and
# hostile inputs written by hand (NULs, lone surrogates, stray BOMs, UTF-16 and UTF-32 with
# and without one, mixed line ends, huge lines). They are committed: on a clone without
# them the test below would have nothing to replay.
CRASHES = sorted((ROOT / "tests" / "fuzz" / "crashes").glob("*.*"))


def test_the_crash_corpus_is_there() -> None:
    assert CRASHES, "tests/fuzz/crashes/ is empty or missing: nothing is replayed"


@pytest.mark.parametrize("path", CRASHES, ids=[path.name for path in CRASHES])
def test_inputs_the_fuzzer_once_broke(path: Path) -> None:
    try:
        once = PIPELINE.clean_bytes(path.read_bytes(), path.name)
    except SkipFile:
        return
    # The clean copy is text, whatever the input was.
    again = PIPELINE.clean_text(once.text, "clean.txt")
    assert (again.text, again.changes) == (once.text, [])
