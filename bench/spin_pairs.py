"""Spin repair on real spun articles, each against its original, with the lexicon learned
without the article's own story (cross-validated).

    python bench/spin_pairs.py PAIRS [PAIRS ...] [--folds 5]

Each PAIRS folder holds one folder per pair: spun.txt, original.txt and meta.tsv (`spun<TAB>
URL`, `original<TAB>URL`), as found for rules/spin/sources/pairs.tsv (whose lines are these
pairs' swaps), each read on the stretch both texts tell (cleaner.suggest.kept.told: a
stored page's menus, bylines and the tail one excerpt has and the other lacks are no
one's edits). The texts are third-party copies and are not kept in the repository, so
this bench runs where they are. The pairs' stories (their original addresses) are split into
folds; for each fold the lexicon is learned again (cleaner.suggest.learn) from the rules,
seed 004's key and the other folds' lines of pairs.tsv and kept.tsv, and the fold's spun
copies and originals are cleaned with it. Figures go to bench/results.json ("spin_pairs"):

- recognised: spun copies recognised as spun, and originals (false alarms);
- word errors against the originals before and after, and the share removed;
- the spin stage's word edits that undo the spinner's and the spinner's edits undone
  (recall). Matched edit for edit, an edit that makes part of a longer change ("local
  weather" -> "climate" where the spinner also wrote "we're" for "we are" beside it) does
  not count, and a pair's "original" is the nearest clean copy found, sometimes another
  outlet's version of the wire story: that share is a floor (`precision_floor`);
- each edit's effect on its own, weighed between the nearest words both texts share
  (wordedits.effects): `precision`, the share of edits that bring the text closer to the
  original, and `harmful`, the share that take it further away; the rest change nothing
  there (the original says a third thing, or that stretch is rewritten);
- the spin stage's milliseconds per 1,000 words on the recognised copies (recognition and
  model repair), and on the originals (recognition alone).
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results import record  # noqa: E402
from wordedits import effects, matched, word_edits, word_errors  # noqa: E402

from cleaner import Cleaner  # noqa: E402
from cleaner.phrases import folded, word_count  # noqa: E402
from cleaner.rulefile import shipped_rules_dir  # noqa: E402
from cleaner.ruleset import load_rules  # noqa: E402
from cleaner.suggest.kept import pairs_in as pair_folders  # noqa: E402
from cleaner.suggest.kept import texts  # noqa: E402
from cleaner.suggest.learn import build  # noqa: E402

Pair = tuple[Path, str]  # a pair's folder, its original's address


def pairs_in(folders: Sequence[Path]) -> list[Pair]:
    return [(folder, original) for (_, original), folder in pair_folders(folders)]


def fold_rules(held: set[str], scratch: Path) -> Cleaner:
    """A cleaner whose lexicon is learned without the `held` stories' lines of pairs.tsv
    and kept.tsv."""
    rules = scratch / "rules"
    shutil.copytree(shipped_rules_dir(), rules)
    for name in ("pairs.tsv", "inserted.tsv", "kept.tsv"):
        source = rules / "spin" / "sources" / name
        lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
        left = [ln for ln in lines if ln.startswith("#") or ln.split("\t")[1] not in held]
        source.write_text("".join(left), encoding="utf-8")
    (rules / "spin" / "model.txt").write_text(build(rules / "spin"), encoding="utf-8")
    return Cleaner(rules=load_rules([rules], shipped=False)).warm_up()


def measure(pairs: Sequence[Pair], folds: int) -> dict[str, object]:
    stories = sorted({original for _, original in pairs})
    tally: Counter[str] = Counter()
    seconds = {"spun": 0.0, "original": 0.0}
    words = {"spun": 0, "original": 0}
    for k in range(folds):
        held = {story for i, story in enumerate(stories) if i % folds == k}
        with tempfile.TemporaryDirectory() as scratch:
            worker = fold_rules(held, Path(scratch))
        # Learning a fold's lexicon leaves tens of thousands of objects: collected now and
        # what lives frozen, or a full collection (0.1-0.4 s) can land in one document's
        # timed spin stage and double the milliseconds per 1,000 words.
        gc.collect()
        gc.freeze()
        for folder, story in pairs:
            if story not in held:
                continue
            spun, original = texts(folder)
            before = worker.pipeline.seconds["spin"]
            cleaned = worker.clean(spun)
            spent = worker.pipeline.seconds["spin"] - before
            verdict = cleaned.metadata.spin
            tally["docs"] += 1
            if verdict is not None and verdict.recognised:
                tally["recognised"] += 1
                seconds["spun"] += spent
                words["spun"] += word_count(spun)
            before = worker.pipeline.seconds["spin"]
            clean_copy = worker.clean(original)
            seconds["original"] += worker.pipeline.seconds["spin"] - before
            words["original"] += word_count(original)
            tally["originals_recognised"] += bool(
                clean_copy.metadata.spin and clean_copy.metadata.spin.recognised
            )
            reference, written = folded(original), folded(spun)
            tally["errors_before"] += word_errors(reference, written)
            tally["errors_after"] += word_errors(reference, folded(cleaned.text))
            wanted, made = word_edits(spun, original), word_edits(spun, cleaned.text)
            undone, right = matched(written, wanted, made)
            tally["spinner_edits"] += len(wanted)
            tally["undone"] += len(undone)
            tally["stage_edits"] += len(made)
            tally["right"] += len(right)
            changes = effects(reference, written, made)
            tally["closer"] += sum(change < 0 for change in changes)
            tally["further"] += sum(change > 0 for change in changes)
        gc.unfreeze()  # the fold's pipeline may go
    return {
        "folds": folds,
        "stories": len(stories),
        **tally,
        "errors_removed": round(1 - tally["errors_after"] / max(1, tally["errors_before"]), 4),
        "recall": round(tally["undone"] / max(1, tally["spinner_edits"]), 4),
        "precision_floor": round(tally["right"] / max(1, tally["stage_edits"]), 4),
        "precision": round(tally["closer"] / max(1, tally["stage_edits"]), 4),
        "harmful": round(tally["further"] / max(1, tally["stage_edits"]), 4),
        "spin_ms_per_1000_words_recognised": round(
            1e6 * seconds["spun"] / max(1, words["spun"]), 3
        ),
        "spin_ms_per_1000_words_originals": round(
            1e6 * seconds["original"] / max(1, words["original"]), 3
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folders", nargs="+", type=Path, metavar="PAIRS")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    pairs = pairs_in(args.folders)
    if not pairs:
        parser.error("no pairs found (folders of spun.txt, original.txt, meta.tsv)")
    figures = measure(pairs, args.folds)
    for key, value in figures.items():
        print(f"{key:36} {value}")
    record("spin_pairs", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
