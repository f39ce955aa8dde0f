"""Invariants over any text (hypothesis): no crash, idempotent, deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.document import Document
from cleaner.errors import SkipFile
from cleaner.pipeline import STAGES, Pipeline, stage_class
from cleaner.rules import load_rules

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
def test_each_stage_is_idempotent_alone(text: str, name: str) -> None:
    stage = stage_class(name)(RULES, {})

    first = Document(text=text, metadata={"language": "en"})
    stage.run(first)
    second = Document(text=first.text, metadata={"language": "en"})
    stage.run(second)
    assert second.text == first.text
