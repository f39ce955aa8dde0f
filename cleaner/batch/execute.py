"""Cleaning a batch of files: read a few at a time, cleaned together stage by stage (see
Pipeline.run_many), in worker processes if asked, each result settled against the output
folder where it was cleaned. Results come back in input order whatever the number of
workers, so every report is the same for every `--jobs`."""

from __future__ import annotations

import contextlib
import functools
import gc
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.api import Cleaner
from cleaner.batch import interrupts
from cleaner.batch.files import read_input, sha256
from cleaner.batch.inputs import Job, output_name
from cleaner.batch.output import Output, Result
from cleaner.cachefiles import kept_to_the_end
from cleaner.document import Document, format_of
from cleaner.errors import RunFailed, SkipFile
from cleaner.pipeline import Pipeline

if TYPE_CHECKING:
    from cleaner.shards.formats import Span
    from cleaner.shards.names import Settings
    from cleaner.shards.tally import Tally

CHUNK = 64  # jobs cleaned together, and sent to a worker at a time, at most


BATCH_BYTES = 1 << 20  # input read before the jobs read so far are cleaned together


# Cleaning holds the words of the documents it is cleaning together (lists and sets) and
# makes no reference cycles. At the cyclic collector's default threshold, 700 new
# containers, it walks those live words again and again and finds no garbage, at a cost
# that callgrind sees in a BBC run and the clock more, since the walks miss the processor's
# cache. This threshold lets a batch clean a chunk between collections.
GC_THRESHOLD = 50_000


def _ready_worker(
    jobs: Sequence[Job], cleaner: Cleaner, output: Output | None
) -> Callable[[tuple[int, int]], list[Result]]:
    """Set up a `--jobs` worker process; what cleans a span (start, stop) of `jobs` there.
    A worker is given every job when it starts (by fork, without pickling), so each span
    sent to it is two numbers."""
    _collect_less()  # for good: the worker's process is the batch's own
    pipeline = cleaner.pipeline

    def clean(span: tuple[int, int]) -> list[Result]:
        return list(clean_files(pipeline, jobs[span[0] : span[1]], output))

    return clean


def clean_files(
    pipeline: Pipeline, jobs: Sequence[Job], output: Output | None = None
) -> Iterator[Result]:
    """Clean `jobs` together (see Pipeline.run_many), yielding results in job order, each
    settled against `output` if given. They are read and cleaned a few at a time, so that
    their texts never hold much more than BATCH_BYTES at once: a big file is cleaned on its
    own."""
    waiting: list[Result] = []
    pending: list[tuple[Result, Document]] = []
    size = 0
    for job in jobs:
        result = Result(relative=str(output_name(job.relative)), source=str(job.source))
        waiting.append(result)
        try:
            data = read_input(job.source)
        except OSError as exc:
            result.status, result.message = "error", f"cannot read: {exc.strerror or exc}"
            continue
        if output is not None and output.write:
            result.source_hash = sha256(data)
        path = str(job.source)
        pending.append((result, Document(text="", path=path, raw=data, format=format_of(path))))
        size += len(data)
        del data  # held by the document alone, which drops it once decoded
        if size >= BATCH_BYTES:
            _clean_together(pipeline, pending, output)
            yield from waiting
            waiting, pending, size = [], [], 0
    _clean_together(pipeline, pending, output)
    yield from waiting


def _clean_together(
    pipeline: Pipeline, pending: list[tuple[Result, Document]], output: Output | None
) -> None:
    ended = pipeline.run_many([doc for _, doc in pending])
    cleaned = []
    for (result, doc), end in zip(pending, ended, strict=True):
        if isinstance(end, SkipFile):
            result.status, result.message = "skipped", str(end)
        elif end is not None:
            # A bug a strange input finds must cost that file, not the batch.
            result.status, result.message = "error", str(end)[:500]
        else:
            result.text, result.metadata, result.changes = doc.text, doc.metadata, doc.changes
            result.original, result.seconds = doc.original, doc.seconds
            result.emptied = not doc.text and bool(doc.original.strip())
            cleaned.append(result)
    if output is not None and cleaned:
        # Interrupts are held once for the few milliseconds these writes take, not once for
        # each: a signal handler set and reset per file costs more than a short article's
        # write.
        with interrupts.deferred():
            for result in cleaned:
                output.settle(result)


def run(
    jobs: Sequence[Job],
    cleaner: Cleaner,
    workers: int = 1,
    output: Output | None = None,
    tick: Callable[[str], None] | None = None,
) -> Generator[Result, None, None]:
    """Clean every job, yielding results in job order, a chunk of jobs at a time, each
    settled against `output` if given. `tick`, for a progress display, is called as the
    run goes: with the name of each stage as it starts, or, with `workers`, with "" at
    intervals while the results are awaited."""
    if not jobs:
        return  # no pipeline to build, so no stage is imported
    size = max(1, min(CHUNK, len(jobs) // (workers * 4)))
    spans = [(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
    if workers <= 1 or len(jobs) < 2:
        pipeline = cleaner.pipeline
        pipeline.on_stage = tick
        try:
            with fewer_collections():
                for start, stop in spans:
                    yield from clean_files(pipeline, jobs[start:stop], output)
        finally:
            pipeline.on_stage = None
        return
    # Imported here: multiprocessing costs a hook's start-up time it never needs.
    from cleaner.batch.workers import Pool

    pool = Pool(functools.partial(_ready_worker, jobs, cleaner, output))
    finished = False
    try:
        pool.start(min(workers, len(spans)))
        with fewer_collections():  # the parent holds the results a chunk at a time too
            for results in pool.map(spans, None if tick is None else lambda: tick("")):
                yield from results
        finished = True
    finally:
        # On an interrupt, an error or a consumer that stops early, the work under way is
        # dropped; every worker is gone before this returns.
        pool.stop(finished)


def run_shards(
    jobs: Sequence[Job],
    cleaner: Cleaner,
    workers: int,
    output: Output,
    settings: Settings,
    tick: Callable[[str], None] | None = None,
) -> Generator[tuple[int, Result], None, None]:
    """Clean every shard job into its output shard; yield each job's index and result as
    each is done, so the manifest keeps a finished shard at once, whatever shard is still
    running. With `workers`, each is given a shard at a time, or a span of a big one (see
    cleaner.shards.pieces), whose parts this process joins when all are done."""
    # The shard modules, and the file utilities only they need here, are imported for
    # shards: most runs clean plain files, and one file's run starts faster without them.
    import shutil

    if not jobs:
        return
    if workers <= 1:
        pipeline = cleaner.pipeline
        pipeline.on_stage = tick
        try:
            with fewer_collections():
                for index, job in enumerate(jobs):
                    yield index, _clean_shard(cleaner, job, output, settings)
        finally:
            pipeline.on_stage = None
        return
    from cleaner.batch.workers import Pool

    tasks = [(index, span) for index, job in enumerate(jobs) for span in _spans(job)]
    if len(tasks) < 2:
        yield 0, _clean_shard(cleaner, jobs[0], output, settings)
        return
    parts = _parts_folder(output) if any(span for _, span in tasks) else Path()
    # A worker holds one task at a time: a second, sent ahead, could wait behind a long
    # one while another worker is idle.
    ready = functools.partial(_ready_shard_worker, jobs, tasks, parts, cleaner, output, settings)
    pool = Pool(ready, ahead=1)
    finished = False
    cut = Counter(index for index, span in tasks if span is not None)
    done: dict[int, dict[int, Tally | str]] = {}
    try:
        pool.start(min(workers, len(tasks)))
        each = [(task, task + 1) for task in range(len(tasks))]
        for task, results in pool.each(each, None if tick is None else lambda: tick("")):
            if isinstance(results, RunFailed):
                raise results
            index = tasks[task][0]
            if index not in cut:
                yield index, results[0]
                continue
            done.setdefault(index, {})[task] = results[0]
            if len(done[index]) == cut[index]:
                yield index, _join(jobs[index], output, parts, done.pop(index))
        finished = True
    finally:
        pool.stop(finished)
        if parts.name:
            shutil.rmtree(parts, ignore_errors=True)


def _spans(job: Job) -> list[Span | None]:
    """The spans a shard job is cut into among workers; [None] for one cleaned whole (as
    is one in a store: read by spans, it would be read twice)."""
    from cleaner.shards import pieces

    found = pieces.spans(job.source) if job.store is None else []
    return list(found) if len(found) > 1 else [None]


def _parts_folder(output: Output) -> Path:
    """A new folder for the parts of the shards cut into spans: in the output folder when
    writing (the same file system as the shards joined from them), else a temporary one."""
    import tempfile

    if output.write:
        output.folder.mkdir(parents=True, exist_ok=True)
    where = str(output.folder) if output.write else None
    return Path(tempfile.mkdtemp(prefix=".cleaner-parts-", dir=where))


def _join(job: Job, output: Output, parts: Path, done: dict[int, Tally | str]) -> Result:
    from cleaner.batch.shard import join_shard

    tasks = sorted(done)
    files = [parts / str(task) for task in tasks]
    try:
        relative = str(output_name(job.relative))
        return join_shard(job.source, relative, output, files, [done[t] for t in tasks])
    finally:
        for part in files:
            part.unlink(missing_ok=True)


def _ready_shard_worker(
    jobs: Sequence[Job],
    tasks: Sequence[tuple[int, Span | None]],
    parts: Path,
    cleaner: Cleaner,
    output: Output,
    settings: Settings,
) -> Callable[[tuple[int, int]], list[Result | Tally | str]]:
    """Set up a `--jobs` worker for shards; what cleans a span of `tasks` there: a whole
    shard (its Result), or a span of one into its part (its Tally, or why it failed)."""
    from cleaner.batch.shard import clean_piece

    _collect_less()

    def clean(span: tuple[int, int]) -> list[Result | Tally | str]:
        done: list[Result | Tally | str] = []
        for task in range(*span):
            index, piece = tasks[task]
            if piece is None:
                done.append(_clean_shard(cleaner, jobs[index], output, settings))
            else:
                part = parts / str(task)
                done.append(clean_piece(cleaner, jobs[index].source, piece, part, settings))
        return done

    return clean


def _clean_shard(cleaner: Cleaner, job: Job, output: Output, settings: Settings) -> Result:
    from cleaner.batch.shard import clean_shard

    relative = str(output_name(job.relative))
    return clean_shard(cleaner, job.source, relative, output, settings, job.store)


def _collect_less() -> tuple[int, int, int]:
    """Raise the cyclic collector's first threshold to GC_THRESHOLD; return all three as
    they were."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], GC_THRESHOLD), *before[1:])
    return before


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often inside the block (see GC_THRESHOLD)."""
    before = _collect_less()
    try:
        yield
    finally:
        # Restored, the first threshold would set off a collection at once, over all that
        # the block made and still holds: the command's results, tens of thousands of
        # objects and no garbage. In the command's own process they are frozen instead.
        kept_to_the_end()
        gc.set_threshold(*before)
