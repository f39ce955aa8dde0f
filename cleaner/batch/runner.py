"""A batch run as the command makes it: the inputs the manifest shows stale cleaned (in
worker processes if asked), each settled against the output folder, the manifest kept,
orphans found; from typed options in to a summary out. Printing is the caller's: it is told
of each result as it comes."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.api import Cleaner
from cleaner.batch import execute, manifest
from cleaner.batch.inputs import Job, identity, orphans, output_name
from cleaner.batch.output import Output, Result
from cleaner.errors import ConfigError

SKIPPED = "skipped (unchanged since the last run)"


@dataclass(frozen=True)
class RunOptions:
    """What a run is asked to do."""

    output: Path  # the folder of clean copies
    check: bool = False  # write nothing; a missing or stale copy is an outcome to report
    diff: bool = False  # write nothing; every result keeps its texts, for a diff
    force: bool = False  # clean every input, even those the manifest shows fresh
    prune: bool = False  # remove orphans (a `whole` run finds them)
    jobs: int = 1  # worker processes; 0: one per core
    whole: bool = False  # the inputs are whole folders: a copy no input makes is an orphan
    keep_results: bool = False  # keep every result, for a report (each input is cleaned)
    keep_texts: bool = False  # results keep their texts (a diff, the HTML report)

    @property
    def write(self) -> bool:
        return not (self.check or self.diff)


@dataclass
class Tally:
    """What the closing summary says of a run, counted as the results come, so that a run
    writing no report need not hold every result (kilobytes each) to the end."""

    # Whether `stages` counts the changes of every file cleaned, not only of those whose
    # copy is written (or, with --check, would be): a copy already up to date holds its
    # changes from an earlier run.
    every_change: bool = False
    files: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    stages: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    emptied: int = 0

    def add(self, result: Result) -> None:
        self.files += 1
        self.outcomes[result.outcome or result.status] += 1
        if self.every_change or result.outcome != "unchanged":
            self.stages.update(change.stage for change in result.changes)
        self.emptied += result.emptied
        if result.metadata.language is not None:
            self.languages[result.metadata.language] += 1


class Watch:
    """What a caller hears of a run as it goes (each does nothing here): how many inputs
    are to be cleaned, each stage as it starts or, with workers, that the run is alive
    (see execute.run), and each cleaned result, in job order."""

    def planned(self, count: int) -> None:
        pass

    def tick(self, stage: str) -> None:
        pass

    def told(self, result: Result) -> None:
        pass


@dataclass
class Summary:
    tally: Tally
    seconds: float
    results: list[Result]  # every result, when RunOptions.keep_results
    orphans: list[Path]  # copies whose input is gone (removed, with prune and writing)

    @property
    def wrote(self) -> bool:
        return self.tally.outcomes["written"] > 0


def run(
    jobs: Sequence[Job],
    cleaner: Cleaner,
    options: RunOptions,
    watch: Watch | None = None,
) -> Summary:
    """Clean the `jobs` the manifest does not show as fresh with `cleaner`, settle every
    result against the output folder, and say how it went; `watch` hears of it as it goes.
    On an interrupt the manifest keeps what was finished, so the next run resumes."""
    watch = watch or Watch()
    output = options.output
    if output.exists() and not output.is_dir():
        raise ConfigError(
            f"output {output} is a file, not a folder: name a folder for the clean copies "
            "(--output DIR, or `output` under [tool.cleaner])"
        )
    inputs: frozenset[tuple[int, int]] = frozenset()
    if options.write:  # what the run must never write over
        inputs = frozenset(filter(None, (identity(job.source) for job in jobs)))
    settle = Output(output, options.write, inputs, texts=options.keep_texts)
    # Reports and diffs describe every change, so they need every file cleaned.
    reuse = not (options.force or options.diff or options.keep_results)
    book = manifest.Manifest.load(output)
    config = cleaner.config
    producer = manifest.producer_digest(cleaner.rules.digest, config.disable, config.tables())
    start = time.perf_counter()
    # The summary counts the changes in the copies this run makes; a diff shows them all.
    summary = Summary(Tally(every_change=options.diff), 0.0, [], [])

    def keep(result: Result) -> None:
        summary.tally.add(result)
        if options.keep_results:
            summary.results.append(result)

    todo: list[Job] = []
    for job in jobs:
        name = output_name(job.relative)
        if reuse and book.fresh(job.relative.as_posix(), job.source, output / name, producer):
            keep(Result(str(name), str(job.source), outcome=SKIPPED))
        else:
            todo.append(job)
    workers = options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
    watch.planned(len(todo))
    ran = execute.run(todo, cleaner, workers, settle, watch.tick)
    try:
        for job, result in zip(todo, ran, strict=True):
            keep(result)
            watch.told(result)
            if result.output_hash:  # written, or found already written
                key = job.relative.as_posix()
                book.record(key, result.source_hash, result.output_hash, producer)
    except KeyboardInterrupt:
        # Every copy recorded is whole: saved, they spare the next run their cleaning.
        ran.close()
        if options.write:
            book.save()
        raise
    finally:
        ran.close()  # its workers end now, not when the generator is collected
    if options.whole:
        book.keep({job.relative.as_posix() for job in jobs})
        summary.orphans = orphans(jobs, output)
        if options.write and options.prune:
            for path in summary.orphans:
                path.unlink()
    if options.write and (summary.wrote or options.whole):
        book.save()
    summary.seconds = time.perf_counter() - start
    return summary
