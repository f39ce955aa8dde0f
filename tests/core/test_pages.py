"""Web pages in, and no harm to clean article text, on the ScrapingHub benchmark (when
../shared/corpora/scrapinghub is present): extraction scores at least bench/baseline.json's
floor by the benchmark's own evaluate.py, and its hand-cut article texts, cleaned as text,
change at most its share of words, each change a repair listed below."""

from __future__ import annotations

import gzip
from types import ModuleType

import pytest
from conftest import baseline, bench_script

from cleaner.pipeline import Pipeline

# Every change cleaning makes to the hand-cut texts, and why it is right: (rule, before).
REPAIRS = {
    # a photo credit on a line of its own, its photo gone: page furniture the cut kept
    ("boilerplate:photo-credit", "(Image credit: All About Space)"),
    # a full stop with no space after it, "...reported on Wednesday.The stabbing..."
    ("spelling:sentence-space", "Wednesday.The"),
}


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    module = bench_script("pages", "pages.py")
    if not module.SCRAPINGHUB.is_dir():
        pytest.skip("benchmark ../shared/corpora/scrapinghub not present")
    return module


def test_extraction_scores_at_least_the_baseline(bench: ModuleType, pipeline: Pipeline) -> None:
    truth = bench.ground_truth()
    prediction = {}
    for key in truth:
        data = gzip.decompress((bench.SCRAPINGHUB / "html" / f"{key}.html.gz").read_bytes())
        prediction[key] = {"articleBody": pipeline.clean_bytes(data, "page.html").text}
    metrics = bench.evaluator().evaluate(truth, prediction, 1)
    for name, floor in baseline("extraction").items():
        assert metrics[name] >= floor, (name, metrics[name])


def test_article_texts_pass_through_with_repairs_only(
    bench: ModuleType, pipeline: Pipeline
) -> None:
    words = changed = 0
    for key, item in sorted(bench.ground_truth().items()):
        text = item["articleBody"]
        doc = pipeline.clean_text(text, f"{key}.txt")
        words += len(bench.WORD.findall(text))
        changed += bench.changed_words(text, doc.text)
        for change in doc.changes:
            if not change.rule.startswith("tidy:"):
                assert (change.rule, change.before) in REPAIRS, (key, change)
    assert changed / words <= baseline("harm")["ground-truth"], (changed, words)
