"""Benchmark: web pages in, and no harm to clean articles.

    python bench/pages.py                  # both parts; figures into bench/results.json
    python bench/pages.py --part extraction --pages 40

Extraction: the ScrapingHub article-extraction benchmark (../shared/corpora/scrapinghub:
181 news pages, the article text a person cut from each, and the benchmark's own
evaluate.py, which scores word 4-gram shingles). Each page is cleaned as `cleaner` cleans a
.html file, and given in the same run, page by page in turn, to trafilatura alone: with its
defaults, and as configured by `cleaner` (precision first, no comments), each going first
on a page in turn. Prints and writes
F1, precision and recall (evaluate.py's, with its bootstrap spread) and seconds per page.

Harm: clean text must come through unchanged. Cleaned as .txt: the benchmark's hand-cut
article texts, the BBC corpus, the seeds' expected clean copies and tests/noop; per set the
words changed (replaced, removed or inserted, as tests/core/test_corpus.py counts them), and
for the article texts every change, by rule.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from results import RESULTS, record  # noqa: E402
from wordedits import word_errors  # noqa: E402

SHARED = ROOT.parent / "shared"
SCRAPINGHUB = SHARED / "corpora" / "scrapinghub"
WORD = re.compile(r"\S+")
HARM_SETS = {
    "bbc": SHARED / "corpora" / "bbc",
    "expected": SHARED / "expected",
    "noop": ROOT / "tests" / "noop",
}


def changed_words(before: str, after: str) -> int:
    """Words of `before` that are not kept in `after` (replaced or removed), plus inserted."""
    return word_errors(WORD.findall(before), WORD.findall(after))


def evaluator(folder: Path = SCRAPINGHUB) -> ModuleType:
    """The benchmark's evaluate.py, as a module."""
    spec = importlib.util.spec_from_file_location("evaluate", folder / "evaluate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ground_truth(folder: Path = SCRAPINGHUB) -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(
        (folder / "ground-truth.json").read_text(encoding="utf-8")
    )
    return data


def extraction(pages: int | None, bootstrap: int) -> dict[str, Any]:
    import trafilatura

    import cleaner

    truth = ground_truth()
    keys = sorted(truth)[:pages]
    truth = {key: truth[key] for key in keys}
    worker = cleaner.Cleaner().warm_up()
    runs = {
        "cleaner": lambda data: worker.clean_bytes(data, path="page.html").text,
        "trafilatura": lambda data: trafilatura.extract(data) or "",
        "trafilatura-precision": lambda data: trafilatura.extract(
            data, favor_precision=True, include_comments=False
        )
        or "",
    }
    predictions: dict[str, dict[str, dict[str, str]]] = {name: {} for name in runs}
    seconds = dict.fromkeys(runs, 0.0)
    for run in runs.values():  # warm: imports and first-use tables are not per page
        run(gzip.decompress((SCRAPINGHUB / "html" / f"{keys[0]}.html.gz").read_bytes()))
    names = list(runs)
    for turn, key in enumerate(keys):
        data = gzip.decompress((SCRAPINGHUB / "html" / f"{key}.html.gz").read_bytes())
        # Each run goes first on a third of the pages: a run that follows another on the
        # same page finds it in the processor's caches, and goes some 3% faster.
        for name in names[turn % len(names) :] + names[: turn % len(names)]:
            run = runs[name]
            start = time.perf_counter()
            text = run(data)
            seconds[name] += time.perf_counter() - start
            predictions[name][key] = {"articleBody": text}
    evaluate = evaluator()
    out: dict[str, Any] = {"pages": len(keys), "bootstrap": bootstrap}
    for name in runs:
        metrics = evaluate.evaluate(truth, predictions[name], bootstrap)
        out[name] = {
            **{k: round(metrics[k], 4) for k in ("f1", "precision", "recall", "accuracy")},
            **{f"{k}_std": round(metrics[f"{k}_std"], 4) for k in ("f1", "precision", "recall")},
            "seconds_per_page": round(seconds[name] / len(keys), 5),
        }
    out["time_ratio"] = round(seconds["cleaner"] / seconds["trafilatura"], 3)
    return out


def harm() -> dict[str, Any]:
    from cleaner.pipeline import Pipeline
    from cleaner.ruleset import load_rules

    pipeline = Pipeline(load_rules())
    out: dict[str, Any] = {}
    texts = [(key, item["articleBody"]) for key, item in sorted(ground_truth().items())]
    words = changed = 0
    rules: Counter[str] = Counter()
    listed = []
    for key, text in texts:
        doc = pipeline.clean_text(text, f"{key}.txt")
        words += len(WORD.findall(text))
        lost = changed_words(text, doc.text)
        changed += lost
        for change in doc.changes:
            rules[change.rule] += 1
            if not change.rule.startswith("tidy:"):
                listed.append([key[:12], change.rule, change.before, change.after])
    out["ground-truth"] = {
        "texts": len(texts), "words": words, "changed": changed,
        "per_rule": dict(sorted(rules.items())), "changes": listed,
    }  # fmt: skip
    for name, folder in HARM_SETS.items():
        if not folder.is_dir():
            continue
        words = changed = files = 0
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md")):
            if not path.name[:1].isalnum():
                continue
            doc = pipeline.clean_bytes(path.read_bytes(), str(path))
            text = path.read_bytes().decode(doc.metadata.encoding or "utf-8")
            files += 1
            words += len(WORD.findall(text))
            changed += changed_words(text, doc.text)
        out[name] = {"texts": files, "words": words, "changed": changed}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("extraction", "harm", "both"), default="both")
    parser.add_argument("--pages", type=int, help="only the first N pages (by name)")
    parser.add_argument("--bootstrap", type=int, default=1000, help="evaluate.py's samples")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the results file")
    args = parser.parse_args(argv)
    if not SCRAPINGHUB.is_dir():
        print(f"pages: {SCRAPINGHUB} is absent", file=sys.stderr)
        return 2
    if args.part in ("extraction", "both"):
        found = extraction(args.pages, args.bootstrap)
        record("extraction", found, args.results)
        print(f"{'':22} {'F1':>7} {'precision':>10} {'recall':>7} {'s/page':>8}")
        for name in ("cleaner", "trafilatura", "trafilatura-precision"):
            row = found[name]
            print(f"{name:22} {row['f1']:7.4f} {row['precision']:10.4f} {row['recall']:7.4f}"
                  f" {row['seconds_per_page']:8.4f}")  # fmt: skip
        print(f"time, cleaner / trafilatura: {found['time_ratio']}")
    if args.part in ("harm", "both"):
        found = harm()
        record("harm", found, args.results)
        for name, row in found.items():
            one_in = row["words"] / row["changed"] if row["changed"] else float("inf")
            print(f"{name:14} {row['texts']:5} texts {row['words']:8} words "
                  f"{row['changed']:6} changed (1 in {one_in:,.0f})")  # fmt: skip
        for rule, count in found["ground-truth"]["per_rule"].items():
            print(f"  {rule:40} {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
