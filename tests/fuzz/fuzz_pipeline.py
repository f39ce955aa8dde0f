"""Mutation fuzzer for the whole pipeline (bytes in, as `cleaner clean` reads them).

Not collected by pytest (no `test_` prefix): run it by hand for as long as you like,

    python tests/fuzz/fuzz_pipeline.py --seconds 180 [--seed 1]

It starts from the seeds, the golden inputs and hostile fragments, and mutates them (byte
flips, splices, repeats, truncations, inserted encodings and markup). Each input must be
cleaned or skipped as binary, never raise; the result must be valid UTF-8 and cleaning it
again must change nothing and log nothing. A failing input is saved under tests/fuzz/crashes/
and the run exits 1. (atheris is not used: it has no wheel for this Python; this needs
nothing extra.)
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
import traceback
from pathlib import Path

from cleaner.errors import SkipFile
from cleaner.pipeline import Pipeline
from cleaner.ruleset import load_rules

ROOT = Path(__file__).resolve().parents[2]
FRAGMENTS = [
    b"<html><body>",
    b"<p>",
    b"</p>",
    b"<li>",
    b"<script>x()</script>",
    b"<div>" * 50,
    b"\r\n",
    b"\r",
    b"\n\n\n",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xff\xfe\x00\x00",
    "Wide text, no BOM\r\n".encode("utf-16-le"),
    "Wide text, no BOM\n".encode("utf-16-be"),
    "Wide text, no BOM\n".encode("utf-32-le"),
    b"\xed\xa0\x80",  # a lone surrogate, as UTF-8 would write one
    b"\x93smart\x94",
    b"\xc3\xa2\xe2\x82\xac\xe2\x84\xa2",
    "\u200b\u200d\u202e\u2066".encode(),
    "東京 العربية français".encode(),
    b"Top Stories Today\n",
    b"More To Read\n- A headline about a thing here\n- Another headline about things\n",
    b"![alt](http://x/y.jpg)\n",
    b"(Photo: Reuters)\n",
    b"White Home stated",
    b"andcontributing Africa.The",
    b"&amp;&#x27;&nbsp;",
    b"a" * 1000,
    b" " * 1000,
]


def corpus() -> list[bytes]:
    files = (
        sorted((ROOT / "seeds").glob("*.txt"))
        + sorted((ROOT / "tests" / "golden").glob("*.in.*"))
        + sorted((ROOT / "tests" / "fuzz" / "crashes").glob("*.*"))
    )
    return [p.read_bytes() for p in files] + FRAGMENTS


def mutate(rnd: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    buf = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        op = rnd.randrange(6)
        at = rnd.randint(0, len(buf))
        if op == 0 and buf:  # flip a byte
            buf[rnd.randrange(len(buf))] = rnd.randrange(256)
        elif op == 1:  # insert a fragment
            buf[at:at] = rnd.choice(FRAGMENTS)
        elif op == 2:  # splice part of another input
            other = rnd.choice(pool)
            start = rnd.randint(0, len(other))
            buf[at:at] = other[start : start + rnd.randint(0, 2000)]
        elif op == 3 and buf:  # delete a span
            del buf[at : at + rnd.randint(1, 200)]
        elif op == 4 and buf:  # repeat a span
            end = min(len(buf), at + rnd.randint(1, 300))
            buf[at:at] = bytes(buf[at:end]) * rnd.randint(2, 5)
        else:  # truncate
            del buf[at:]
    return bytes(buf[:200_000])


def check(pipeline: Pipeline, data: bytes, path: str) -> None:
    try:
        doc = pipeline.clean_bytes(data, path)
    except SkipFile:
        return
    doc.text.encode("utf-8")
    again = pipeline.clean_text(doc.text, path.replace(".html", ".txt"))
    assert again.text == doc.text and not again.changes, [c.rule for c in again.changes]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    pipeline = Pipeline(load_rules())
    pool = corpus()
    runs, start = 0, time.monotonic()
    while time.monotonic() - start < args.seconds:
        data = mutate(rnd, rnd.choice(pool), pool)
        path = rnd.choice(["in.txt", "in.html", "in.md"])
        try:
            check(pipeline, data, path)
        except Exception:
            crashes = ROOT / "tests" / "fuzz" / "crashes"
            crashes.mkdir(exist_ok=True)
            name = crashes / f"{hashlib.sha256(data).hexdigest()[:16]}{Path(path).suffix}"
            name.write_bytes(data)
            traceback.print_exc()
            print(f"failing input saved as {name} after {runs} runs", file=sys.stderr)
            return 1
        runs += 1
        if len(pool) < 400 and rnd.random() < 0.05:
            pool.append(data)  # keep some mutants: mutations compound
    seconds = time.monotonic() - start
    print(f"{runs} executions in {seconds:.0f}s, no failure (seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
