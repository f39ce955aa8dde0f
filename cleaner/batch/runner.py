"""A batch run as the command makes it: the inputs the manifest shows stale cleaned (in
worker processes if asked), each settled against the output folder, the manifest kept,
orphans found; from typed options in to a summary out. Printing is the caller's: it is told
of each result as it comes.

A run that finds every copy fresh (a pre-commit hook's usual run) reads the rule files
only to digest them: its Cleaner, which parses the rules, and the modules that clean are
loaded when the first input needs cleaning."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.batch import manifest
from cleaner.batch.files import sha256
from cleaner.batch.inputs import Job, identity, is_shard, orphans, output_name
from cleaner.batch.output import Output, Result
from cleaner.cachefiles import lasting
from cleaner.config import Config
from cleaner.errors import ConfigError
from cleaner.rulefile import files_digest, rule_files
from cleaner.shards import names
from cleaner.shards.names import where
from cleaner.shards.tally import Tally as Rows

if TYPE_CHECKING:
    from cleaner.api import Cleaner
    from cleaner.shards.store import Store

ENGINES = ("local", "ray")

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
    shards: names.Settings = field(default_factory=names.Settings)  # how rows are read
    engine: str = "local"  # what cleans the shards: this machine, or a Ray cluster
    address: str | None = None  # the Ray cluster's (None: start one here, or RAY_ADDRESS)
    output_store: Store | None = None  # where `output` is, if not a local folder (shards)

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
    rows: Rows = field(default_factory=Rows)  # the shards' rows, summed
    # Bad rows in shards skipped as finished, and those shards: reported (exit 3) by the
    # run that cleaned them, and only summed by a run that does not clean them again.
    bad_before: int = 0
    shards_bad_before: int = 0

    def add(self, result: Result) -> None:
        if result.tally is not None:
            self.rows.merge(result.tally)
            if result.outcome == SKIPPED and result.tally.bad:
                self.bad_before += result.tally.bad
                self.shards_bad_before += 1
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
    """What a run did: its tally, its time, its results and the orphans it found."""

    tally: Tally
    seconds: float
    results: list[Result]  # every result, when RunOptions.keep_results
    orphans: list[Path]  # copies whose input is gone (removed, with prune and writing)
    cleaner: Cleaner | None = None  # the run's, if an input needed cleaning

    @property
    def wrote(self) -> bool:
        return self.tally.outcomes["written"] > 0


def run(
    jobs: Sequence[Job],
    config: Config,
    options: RunOptions,
    watch: Watch | None = None,
) -> Summary:
    """Clean the `jobs` the manifest does not show as fresh with a Cleaner of `config`,
    settle every result against the output folder, and say how it went; `watch` hears of
    it as it goes. On an interrupt the manifest keeps what was finished, so the next run
    resumes."""
    watch = watch or Watch()
    output, store = options.output, options.output_store
    if store is not None and not all(map(is_shard, jobs)):
        raise ConfigError(
            f"output {store.label(output)}: only shards are written to a URI; plain files "
            "to a local folder"
        )
    existed = output.exists() if store is None else bool(store.kind(output))
    if existed and (not output.is_dir() if store is None else store.kind(output) != "folder"):
        raise ConfigError(
            f"output {where(output, store)} is a file, not a folder: name a folder for the "
            "clean copies (--output DIR, or `output` under [tool.cleaner])"
        )
    # Reports and diffs describe every change, so they need every file cleaned.
    reuse = not (options.force or options.diff or options.keep_results)
    book = manifest.Manifest.load(output, store)
    rules = files_digest(rule_files(config.rules))
    producer = manifest.producer_digest(rules, config.disable, config.tables())
    start = time.perf_counter()
    # The summary counts the changes in the copies this run makes; a diff shows them all.
    summary = Summary(Tally(every_change=options.diff), 0.0, [], [])

    def keep(result: Result) -> None:
        summary.tally.add(result)
        if options.keep_results:
            summary.results.append(result)

    todo: list[Job] = []
    shards: list[Job] = []
    shard_producer = _shard_producer(producer, options.shards) if any(map(is_shard, jobs)) else ""
    for job in jobs:
        name = output_name(job.relative)
        key = job.relative.as_posix()
        if not is_shard(job):
            if reuse and book.fresh(key, job.source, output / name, producer):
                keep(Result(str(name), str(job.source), outcome=SKIPPED))
            else:
                todo.append(job)
            continue
        # A shard's report is its tally, kept beside it: a report needs no cleaning again.
        tally = None
        target = output / name
        if not (options.force or options.diff) and book.fresh(
            key, job.source, target, shard_producer, job.store
        ):
            from cleaner.shards.tally import read_tally

            tally = read_tally(target, store)
        if tally is not None:
            keep(Result(str(name), where(job.source, job.store), outcome=SKIPPED, tally=tally))
        else:
            shards.append(job)
    if shards:
        from cleaner.shards.formats import require

        require([names.kind(job.source.name) for job in shards])
        _check_engine(options)  # one that cannot start says so before any file is cleaned
    # What the run must never write over: only a folder there before the run can hold an
    # input, and only a run that cleans something writes.
    inputs: frozenset[tuple[int, int]] = frozenset()
    if options.write and existed and (todo or shards) and store is None:
        inputs = frozenset(filter(None, (identity(job.source) for job in jobs if not job.store)))
    settle = Output(
        output, options.write, inputs, texts=options.keep_texts, new=not existed, store=store
    )
    workers = options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
    watch.planned(len(todo) + len(shards))
    if not (todo or shards):
        return _finish(jobs, options, book, summary, start)
    with lasting():  # the cleaning core's modules and the rules, which last the run
        from cleaner.api import Cleaner
        from cleaner.batch import execute

        cleaner = summary.cleaner = Cleaner(config=config)
    ran = execute.run(todo, cleaner, workers, settle, watch.tick)
    shards_ran: Iterator[tuple[int, Result]] = iter(())
    try:
        for job, result in zip(todo, ran, strict=True):
            keep(result)
            watch.told(result)
            if result.output_hash:  # written, or found already written
                key = job.relative.as_posix()
                book.record(key, result.source_hash, result.output_hash, producer)
        if shards and options.engine == "ray":
            from cleaner.engines import ray

            shards_ran = ray.run_shards(
                shards, cleaner, settle, options.shards, options.jobs, options.address
            )
        elif shards:
            shards_ran = execute.run_shards(
                shards, cleaner, workers, settle, options.shards, watch.tick
            )
        for index, result in shards_ran:
            keep(result)
            watch.told(result)
            if result.output_hash:
                key = shards[index].relative.as_posix()
                book.record(key, result.source_hash, result.output_hash, shard_producer)
                # A shard is long to make: the manifest keeps it at once, so a run killed
                # later (even by SIGKILL, which leaves no time to save) skips it next time.
                book.save()
    except KeyboardInterrupt:
        # Every copy recorded is whole: saved, they spare the next run their cleaning.
        ran.close()
        _close(shards_ran)
        if options.write:
            book.save()
        raise
    finally:
        ran.close()  # its workers end now, not when the generator is collected
        _close(shards_ran)
    return _finish(jobs, options, book, summary, start)


def _finish(
    jobs: Sequence[Job],
    options: RunOptions,
    book: manifest.Manifest,
    summary: Summary,
    start: float,
) -> Summary:
    """Find the orphans (removing them if asked), save the manifest if it changed, and
    time the run."""
    output = options.output
    if options.whole:
        book.keep({job.relative.as_posix() for job in jobs})
        summary.orphans = orphans(jobs, output)
        if options.write and options.prune:
            for path in summary.orphans:
                path.unlink()
                if names.shard_suffix(path.name):
                    from cleaner.shards.tally import tally_path

                    tally_path(path).unlink(missing_ok=True)
    if options.write and (summary.wrote or options.whole):
        book.save()
    summary.seconds = time.perf_counter() - start
    return summary


def _check_engine(options: RunOptions) -> None:
    """Raise ConfigError if the engine RunOptions names is unknown or cannot run here."""
    if options.engine == "ray":
        from cleaner.engines import ray

        ray.require()
    elif options.engine != "local":
        raise ConfigError(f"engine {options.engine!r}: not one of {', '.join(ENGINES)}")


def _shard_producer(producer: str, settings: names.Settings) -> str:
    """The producer of an output shard: that of a clean text, with how rows are read and
    the versions of the libraries that write the formats (pyarrow's is in each Parquet
    file it writes)."""
    from importlib import metadata

    versions = {}
    for package in ("pyarrow", "fastwarc"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = ""
    made = {"producer": producer, "settings": vars(settings), "versions": versions}
    return sha256(json.dumps(made, sort_keys=True).encode())


def _close(running: Iterator[tuple[int, Result]]) -> None:
    close = getattr(running, "close", None)
    if close is not None:
        close()
