"""Batch runs: find the input files, clean them (in worker processes if asked), and write
each clean copy atomically at the same relative path under the output folder.

Inputs are only ever read. An output is written to a temporary file beside it and renamed,
so a reader never sees half a file. Results come back in input order whatever the number
of workers, so every report is the same for every `--jobs`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.document import Change, Document
from cleaner.errors import SkipFile
from cleaner.pipeline import Pipeline
from cleaner.rules import RuleSet

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class Job:
    source: Path  # the input file
    relative: Path  # its path under the output folder


@dataclass
class Result:
    relative: str
    source: str
    status: str = "ok"  # ok | skipped | error
    message: str = ""
    text: str = ""
    original: str = ""  # the decoded input, before cleaning (not in the JSON report)
    metadata: dict[str, Any] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    outcome: str = ""  # written | unchanged | stale | missing, set when compared with output


def output_name(relative: Path) -> Path:
    """HTML inputs become plain text, so their clean copy is named `.txt`."""
    if relative.suffix.lower() in HTML_SUFFIXES:
        return relative.with_suffix(".txt")
    return relative


def discover(paths: Sequence[Path], output: Path, source: Path | None = None) -> list[Job]:
    """Input files under `paths`, sorted; the output folder is never read as input.

    A folder's files keep their path relative to that folder. A file named on its own keeps
    its path relative to the configured `source` folder when it lies inside it (so the
    pre-commit hook maps `seeds/a/b.txt` to `cleaned/a/b.txt`), else just its name.
    """
    out = output.resolve()
    jobs: dict[Path, Job] = {}
    for path in paths:
        if path.is_dir():
            for file in _walk(path, out):
                jobs.setdefault(file.resolve(), Job(file, file.relative_to(path)))
        else:
            rel = Path(path.name)
            if source is not None:
                with contextlib.suppress(ValueError):
                    rel = path.resolve().relative_to(source.resolve())
            jobs.setdefault(path.resolve(), Job(path, rel))
    return sorted(jobs.values(), key=lambda j: (str(j.relative), str(j.source)))


def inside_source(files: Sequence[Path], source: Path, output: Path) -> list[Job]:
    """Jobs for the files (as a pre-commit hook is given them) that lie in the `source`
    folder, keeping their path relative to it; every other file is ignored, as is anything
    a folder run would not read (other suffixes, dot files, the output folder)."""
    root, out = source.resolve(), output.resolve()
    jobs: dict[Path, Job] = {}
    for file in files:
        path = file.resolve()
        if not path.is_relative_to(root) or path.is_relative_to(out) or not path.is_file():
            continue
        rel = path.relative_to(root)
        if file.name.lower().endswith(SUFFIXES) and not any(p.startswith(".") for p in rel.parts):
            jobs.setdefault(path, Job(file, rel))
    return sorted(jobs.values(), key=lambda j: (str(j.relative), str(j.source)))


def orphans(jobs: Sequence[Job], output: Path) -> list[Path]:
    """Files in `output` that no job writes: clean copies of inputs that are gone."""
    expected = {output_name(job.relative) for job in jobs}
    return [f for f in _walk(output, output.resolve()) if f.relative_to(output) not in expected]


def _walk(folder: Path, skip: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != skip)
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                yield here / name


_worker: Pipeline | None = None


def _init_worker(rules: RuleSet, disabled: Sequence[str], settings: dict[str, Any]) -> None:
    global _worker
    _worker = Pipeline(rules, disabled, settings)


def clean_file(pipeline: Pipeline, job: Job) -> Result:
    result = Result(relative=str(output_name(job.relative)), source=str(job.source))
    try:
        data = job.source.read_bytes()
    except OSError as exc:
        result.status, result.message = "error", f"cannot read: {exc.strerror or exc}"
        return result
    before = dict(pipeline.seconds)
    try:
        doc = pipeline.run(Document(text="", path=str(job.source), raw=data))
    except SkipFile as exc:
        result.status, result.message = "skipped", str(exc)
        return result
    result.text, result.metadata, result.changes = doc.text, doc.metadata, doc.changes
    result.original = doc.original
    result.seconds = {k: v - before.get(k, 0.0) for k, v in pipeline.seconds.items()}
    return result


def _clean_in_worker(job: Job) -> Result:
    assert _worker is not None
    return clean_file(_worker, job)


def run(
    jobs: Sequence[Job],
    rules: RuleSet,
    disabled: Sequence[str],
    settings: dict[str, Any],
    workers: int = 1,
) -> Iterator[Result]:
    """Clean every job, yielding results in job order."""
    if not jobs:
        return  # no pipeline to build, so no stage is imported
    if workers <= 1 or len(jobs) < 2:
        pipeline = Pipeline(rules, disabled, settings)
        for job in jobs:
            yield clean_file(pipeline, job)
        return
    # Imported here: multiprocessing costs a hook's start-up time it never needs.
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(64, len(jobs) // (workers * 4)))
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(rules, disabled, settings)
    ) as pool:
        yield from pool.map(_clean_in_worker, jobs, chunksize=chunk)


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def existing(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
