"""Time PhraseMatcher with 10 to 10,000 rules: `python bench/matcher.py [--json FILE]`.

The text is seed 004 repeated to about 1 MB. The synthetic rules are two-word phrases
built from the text's own words, so each rule's first word occurs in the text and the
matcher does real candidate work. Every synthetic set also holds one phrase the text does
contain ("commerce deficit"), so the matcher's prefilter never skips the scan and the
figures compare the scan itself. The shipped rules are timed too. Prints a table, then the
same figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.phrases import WORD, Phrase, PhraseMatcher  # noqa: E402
from cleaner.ruleset import load_rules  # noqa: E402

SEED = ROOT / "seeds" / "004_ba5458754ed9f4c7.txt"
SIZES = (10, 100, 1_000, 10_000)
MEGABYTE = 1_000_000


def text(size: int = MEGABYTE) -> str:
    seed = SEED.read_text(encoding="utf-8")
    return (seed + "\n\n") * (size // len(seed) + 1)


def synthetic(count: int, sample: str, seed: int = 4) -> list[Phrase]:
    """`count` distinct two-word phrases of the sample's words, pairs it rarely holds."""
    words = sorted({m.group().lower() for m in WORD.finditer(sample)})
    rng = random.Random(seed)
    phrases = {"commerce deficit": Phrase("commerce deficit", "trade deficit", "bench:0")}
    while len(phrases) < count:
        target = f"{rng.choice(words)} {rng.choice(words)}"
        phrases.setdefault(target, Phrase(target, f"r{len(phrases)}", f"bench:{len(phrases)}"))
    return list(phrases.values())


def measure(phrases: Sequence[Phrase], body: str, repeat: int = 3) -> dict[str, float]:
    """Build time, and best-of-`repeat` match time scaled to one megabyte."""
    start = time.perf_counter()
    matcher = PhraseMatcher(phrases)
    build = time.perf_counter() - start
    best = float("inf")
    matches = 0
    for _ in range(repeat):
        start = time.perf_counter()
        matches = sum(1 for _ in matcher.finditer(body))
        best = min(best, time.perf_counter() - start)
    return {
        "rules": len(phrases),
        "build_ms": build * 1000,
        "match_s_per_mb": best * MEGABYTE / len(body),
        "matches": matches,
    }


def run() -> list[dict[str, float | str]]:
    body = text()
    rows: list[dict[str, float | str]] = []
    for size in SIZES:
        rows.append({"set": "synthetic", **measure(synthetic(size, body), body)})
    shipped = [rule.phrase() for rule in load_rules().spin]
    rows.append({"set": "shipped", **measure(shipped, body)})
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the JSON here")
    args = parser.parse_args(argv)
    rows = run()
    print(f"{'rules':>9} {'set':<10} {'build ms':>9} {'match s/MB':>11} {'matches':>8}")
    for row in rows:
        print(
            f"{row['rules']:>9,} {row['set']:<10} {row['build_ms']:>9.1f} "
            f"{row['match_s_per_mb']:>11.3f} {row['matches']:>8}"
        )
    report = json.dumps(rows, indent=2)
    print(report)
    if args.json:
        args.json.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
