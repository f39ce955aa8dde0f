"""The library face (cleaner/api.py): what a data engineer calls, and what it promises."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from conftest import ROOT

import cleaner
from cleaner import Cleaned, Cleaner, ConfigError

DIRTY = (
    "Storm closes roads\n"
    "\n"
    "Top Stories Today\n"
    "The White Home said the storm closed roads andcontributing to delays.\n"
    "Crews worked overnight.The mayor thanked them.   \n"
)


def test_clean_gives_the_text_and_every_change() -> None:
    cleaned = cleaner.clean(DIRTY)
    assert cleaned.ok and cleaned.message == ""
    assert "Top Stories Today" not in cleaned.text
    assert "The White House said" in cleaned.text
    assert "roads and contributing" in cleaned.text
    assert {c.stage for c in cleaned.changes} >= {"boilerplate", "spin", "spelling", "tidy"}


def test_each_change_joins_to_the_input_and_the_output() -> None:
    cleaned = cleaner.clean(DIRTY)
    for i, change in enumerate(cleaned.changes):
        assert change.input_span is not None and change.output_span is not None
        start, end = change.input_span
        # What the input holds there, unless an earlier change edited it first.
        if not any(_overlap(change.input_span, c.input_span) for c in cleaned.changes[:i]):
            assert DIRTY[start:end].strip() == change.before.strip(), change
        start, end = change.output_span
        if not any(_overlap(change.output_span, c.output_span) for c in cleaned.changes[i + 1 :]):
            assert cleaned.text[start:end] == (change.after or ""), change
    # A line is the input's: the one the change's text starts on.
    lines = {c.rule: c.line for c in cleaned.changes}
    assert lines["boilerplate:top-stories-today"] == 3
    assert lines["spin:white-home"] == lines["spelling:fused-word"] == 4
    assert lines["spelling:sentence-space"] == lines["tidy:trailing-space"] == 5


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def test_a_change_made_on_another_change_reaches_back_to_what_the_input_held() -> None:
    # "the 2 international locations" is repaired in two places of one line; every span
    # stays inside the text and in order.
    text = "Leaders of the 2 international locations met.The talks went well today.\n"
    cleaned = cleaner.Cleaner(settings={"spin": {"gate": 0.0, "min_rules": 0}}).clean(text)
    for change in cleaned.changes:
        assert change.input_span is not None and change.output_span is not None
        assert 0 <= change.input_span[0] <= change.input_span[1] <= len(text)
        assert 0 <= change.output_span[0] <= change.output_span[1] <= len(cleaned.text)


def test_html_made_text_has_no_input_spans_only_its_own() -> None:
    page = "<html><body><p>The White Home said so.</p><script>x()</script></body></html>"
    cleaned = cleaner.clean(page)
    assert cleaned.text == "The White House said so.\n"
    spin = next(c for c in cleaned.changes if c.stage == "spin")
    assert spin.input_span is None  # the input holds markup, not this text
    assert spin.span is not None and spin.output_span == (4, 15)


@pytest.mark.parametrize(
    ("format", "path", "html"),
    [("auto", None, True), ("text", None, False), ("markdown", None, False), ("html", None, True)],
)
def test_format_says_whether_a_page_is_made_text(format: str, path: str | None, html: bool) -> None:
    page = "<!doctype html><p>One.</p><p>Two.</p>"
    cleaned = cleaner.clean(page, format=format, path=path)  # type: ignore[arg-type]
    assert (cleaned.text == "One.\n\nTwo.\n") is html


def test_a_path_ending_in_html_makes_a_fragment_text() -> None:
    assert cleaner.clean("<p>One.</p>", path="a.html").text == "One.\n"
    assert cleaner.clean("<p>One.</p>").text == "<p>One.</p>\n"


def test_bad_arguments_fail_at_once() -> None:
    with pytest.raises(ConfigError):
        Cleaner(disable=["nonsense"])
    with pytest.raises(ConfigError):
        Cleaner(settings={"spin": {"gate": "high"}})
    with pytest.raises(ConfigError):
        cleaner.clean("text", format="pdf")  # type: ignore[arg-type]


def test_clean_many_never_raises_for_one_item() -> None:
    results = list(Cleaner().clean_many([b"\x89PNG\x00\x00", DIRTY, "caf\xe9".encode("cp1252")]))
    assert [r.status for r in results] == ["skipped", "ok", "ok"]
    assert "binary" in results[0].message
    assert results[2].text == "café\n" and results[2].input == "café"
    assert results[2].metadata.encoding == "cp1252"


def test_clean_many_gives_what_clean_gives_one_by_one() -> None:
    texts = [DIRTY, "Plain words here.\n", DIRTY.upper()] * 30  # more than one batch
    worker = Cleaner()
    assert list(worker.clean_many(texts)) == [worker.clean(text) for text in texts]


def test_a_cleaner_pickles_and_cleans_as_before() -> None:
    worker = Cleaner(disable=["spelling"], settings={"dedupe": {"similarity": 0.9}})
    again = pickle.loads(pickle.dumps(worker))
    assert again.config.disable == ("spelling",)
    assert again.clean(DIRTY) == worker.clean(DIRTY)
    assert "andcontributing" in again.clean(DIRTY).text
    cleaned = again.clean(DIRTY)
    assert pickle.loads(pickle.dumps(cleaned)) == cleaned
    assert isinstance(cleaned, Cleaned)


def test_warm_up_returns_the_cleaner_with_the_trigram_model_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The model is read on its first question (cleaner.trigrams), which the warm-up texts
    # need not ask: a worker times its texts after the warm-up, and none may pay for it.
    from cleaner.trigrams import Trigrams

    unread = Trigrams.load.__wrapped__(Trigrams)  # type: ignore[attr-defined]
    monkeypatch.setattr(Trigrams, "load", staticmethod(lambda: unread))
    worker = Cleaner()
    assert worker.warm_up() is worker
    assert type(unread._model).__name__ != "_Unread"


def test_a_config_folder_is_read(tmp_path: Path) -> None:
    (tmp_path / "cleaner.toml").write_text('disable = ["spin"]\n', encoding="utf-8")
    assert "White Home" in Cleaner(config=tmp_path).clean(DIRTY).text


def test_the_seeds_cleaned_through_the_api_are_the_cli_copies() -> None:
    worker = Cleaner()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    assert seeds
    for seed, cleaned in zip(seeds, worker.clean_many(p.read_bytes() for p in seeds), strict=True):
        assert cleaned.text == (ROOT / "cleaned" / seed.name).read_text(encoding="utf-8")
