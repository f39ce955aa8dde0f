"""A compiled build (see setup.py) cleans exactly as the source does.

mypyc keeps Python's meaning but not all of its leniency (a dataclass default, a call
that forwards *args), so the build is checked on every input the tests ship, the BBC
corpus when present, and generated hostile text. Runs when CLEANER_COMPILED names a
folder holding a build (`pip install --no-deps --target DIR .`, as .ci/run makes one).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BBC, ROOT

COMPILED = os.environ.get("CLEANER_COMPILED", "")
pytestmark = pytest.mark.skipif(
    not COMPILED, reason="no compiled build (set CLEANER_COMPILED to its folder)"
)

# Each input's text, change log and metadata, as a digest; or how it ended.
# Cleaned in two worker processes, as `--jobs 2` does: results come back pickled.
DRIVER = """
import hashlib, json, sys
from pathlib import Path
import cleaner.pipeline
from cleaner import batch
from cleaner.api import Cleaner
from cleaner.ruleset import load_rules

jobs = [batch.Job(Path(name), Path(name).relative_to("/")) for name in sys.argv[1:]]
digests = {}
for result in batch.run(jobs, Cleaner(rules=load_rules()), workers=2):
    seen = [result.status, result.message, result.text, result.metadata.as_dict()]
    seen.append([change.as_dict() for change in result.changes])
    digest = hashlib.sha256(json.dumps(seen, sort_keys=True).encode()).hexdigest()
    digests[result.source] = digest
print(json.dumps({"compiled": cleaner.pipeline.__file__.endswith(".so"), "digests": digests}))
"""
# Pieces of what cleaning repairs, and of what it must survive.
PIECES = [
    "The White Home stated",
    " andcontributing ",
    "Africa.The ",
    "Japanâ€™s ",
    "cafÃ© ",
    "ﬁne ",
    "![alt](http://x.y/z.png)\n",
    "More To Read\n",
    "- [Link](http://a.b)\n",
    "<p>para</p>",
    "&amp; ",
    "\u2028",
    "\ud800",
    "\x00",
    "\r\n",
    "\n\n",
    "said the minister, who declined to comment on the trade deficit ",
    "2 international locations ",
    "Ruto and Ishiba at Olkaria ",
    "Paris est la capitale de la France. ",
    "x" * 300,
]


def _digests(pythonpath: Path, files: list[Path], cwd: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    run = subprocess.run(
        [sys.executable, "-c", DRIVER, *map(str, files)],
        cwd=cwd,  # not the project, whose source would be imported first
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(run.stdout)
    return result


def _generated(folder: Path, count: int = 300) -> list[Path]:
    rng = random.Random(5)
    files = []
    for i in range(count):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 40)))
        path = folder / f"generated{i:03}.txt"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        files.append(path)
    return files


def _long(folder: Path) -> list[Path]:
    """Generated articles long enough that dedupe leaves a memo for a later round (see
    test_rounds), some of which it settles; and pages whose boilerplate and spelling
    leave marks for theirs (see test_marks)."""
    from test_marks import pages
    from test_rounds import articles

    files = []
    for seed in range(4):
        path = folder / f"long{seed}.txt"
        path.write_text(articles(seed, 1500), encoding="utf-8")
        files.append(path)
    # Lines that only look like furniture, whose boilerplate rounds are settled, or all.
    for seed, kinds in enumerate([(2, 3, 4, 5, 7), ()]):
        path = folder / f"pages{seed}.txt"
        path.write_text(pages(seed, 1500, kinds), encoding="utf-8")
        files.append(path)
    return files


def test_compiled_build_cleans_as_the_source(tmp_path: Path) -> None:
    files = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())
    for folder in ("tests/golden", "tests/noop"):
        files += sorted(p for p in (ROOT / folder).rglob("*") if p.is_file())
    files += sorted(BBC.rglob("[0-9]*.txt")) if BBC.is_dir() else []
    files += _generated(tmp_path)
    files += _long(tmp_path)
    files = [file.resolve() for file in files]
    compiled = _digests(Path(COMPILED), files, tmp_path)
    source = _digests(ROOT, files, tmp_path)
    assert compiled["compiled"] is True, f"{COMPILED} holds no compiled build"
    assert source["compiled"] is False
    differ = [
        name
        for name, digest in source["digests"].items()  # type: ignore[attr-defined]
        if compiled["digests"][name] != digest  # type: ignore[index]
    ]
    assert not differ, differ[:10]


# A Cleaner, its results and their changes cross a process boundary both ways in the
# compiled build: pickled here, in the build, and read back in the build.
PICKLING = """
import pickle, sys
import cleaner.pipeline
from cleaner import Cleaner

worker = pickle.loads(pickle.dumps(Cleaner(disable=["dedupe"])))
cleaned = worker.clean("Top Stories Today\\nThe White Home said so andcontributing.\\n")
again = pickle.loads(pickle.dumps(cleaned))
assert again == cleaned and again.changes == cleaned.changes, (again, cleaned)
assert cleaned.text == "The White House said so and contributing.\\n", cleaned.text
print(cleaner.pipeline.__file__.endswith(".so"))
"""


def test_a_cleaner_and_its_results_pickle_in_the_compiled_build(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": COMPILED}
    run = subprocess.run(
        [sys.executable, "-c", PICKLING], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "True", f"{COMPILED} holds no compiled build"


def test_the_compiled_build_writes_the_same_shards(tmp_path: Path) -> None:
    """Shards cleaned by the compiled build in two worker processes (each result, with its
    tally, sent back pickled) are the source's, byte for byte."""
    from shardkit import articles, rows_for, snapshot, write_jsonl

    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "a.jsonl", rows_for(articles(30)))
    write_jsonl(tmp_path / "in" / "b.jsonl.gz", [*rows_for(articles(20)), {"id": "bad"}])
    outputs = []
    for name, site in (("compiled", COMPILED), ("source", str(ROOT))):
        env = {**os.environ, "PYTHONPATH": site}
        command = [sys.executable, "-m", "cleaner", "clean", "in", "-o", name, "--jobs", "2"]
        run = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert run.returncode == 3 and "b.jsonl.gz: 1 of 21 row(s)" in run.stderr, run.stderr
        outputs.append(snapshot(tmp_path / name))
    assert outputs[0] == outputs[1]
