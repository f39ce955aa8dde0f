"""Batch runs: find the input files, clean them (in worker processes if asked), and write
each clean copy atomically at the same relative path under the output folder.

Inputs are only ever read. An output is written to a temporary file beside it and renamed,
so a reader never sees half a file. Each process writes the copies of the files it cleaned
(see Output). Results come back in input order whatever the number of workers, so every
report is the same for every `--jobs`.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.document import Change, Document
from cleaner.errors import RunFailed, SkipFile, reason
from cleaner.pipeline import Pipeline
from cleaner.rules import RuleSet

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
CHUNK = 64  # jobs cleaned together, and sent to a worker at a time, at most
BATCH_BYTES = 1 << 20  # input read before the jobs read so far are cleaned together
# Cleaning holds the words of the documents it is cleaning together (lists and sets) and
# makes no reference cycles. At the cyclic collector's default threshold, 700 new
# containers, it walks those live words again and again and finds no garbage: 1.7% of the
# instructions of a BBC run (callgrind) and more of its time, since the walks miss the
# processor's cache. This threshold lets a batch clean a chunk between collections.
GC_THRESHOLD = 50_000


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
    text: str = ""  # the clean text; emptied once settled, unless Output.texts
    original: str = ""  # the decoded input, before cleaning (not in the JSON report)
    metadata: dict[str, Any] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    outcome: str = ""  # written | unchanged | stale | missing, set when compared with output
    # SHA-256 of the input's bytes and of its clean copy's, for the manifest: set where the
    # copy is written (or found already written), so the parent reads and hashes neither.
    source_hash: str = ""
    output_hash: str = ""


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
    out = str(resolved(output))
    jobs: dict[str, Job] = {}
    for path in paths:
        if path.is_dir():
            for file, relative, real in _walk(path, out):
                jobs.setdefault(real, Job(Path(file), Path(relative)))
        else:
            rel = Path(path.name)
            if source is not None:
                with contextlib.suppress(ValueError):
                    rel = resolved(path).relative_to(resolved(source))
            jobs.setdefault(str(resolved(path)), Job(path, rel))
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
    expected = {str(output_name(job.relative)) for job in jobs}
    return [Path(f) for f, rel, _ in _walk(output, str(resolved(output))) if rel not in expected]


def resolved(path: Path) -> Path:
    """`path` made absolute with symlinks followed as far as they go.

    A symlink loop stays unresolved (Path.resolve raises RuntimeError on one); reading it
    later fails with a message naming it.
    """
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def identity(path: Path) -> tuple[int, int] | None:
    """The (device, inode) of the file `path` names, symlinks followed; None if there is
    none. Two paths name the same file when their identities are equal."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _walk(folder: Path, skip: str) -> Iterator[tuple[str, str, str]]:
    """Each file under `folder` a run reads, with its path relative to `folder` and its
    resolved path; folders before their subfolders, names sorted. The folder whose resolved
    path is `skip` is left out.

    Symlinked folders are not entered, so a symlink loop cannot trap the walk. That also
    makes every folder walked a real one, so a file's resolved path is its folder's joined
    with its name unless the file is a symlink itself: one `resolved` per folder, not one
    per file, which costs a system call for each part of the path.
    """
    stack = [(str(folder), str(resolved(folder)), "")]
    while stack:
        here, real, relative = stack.pop()
        try:
            with os.scandir(here) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError:
            continue  # an unreadable folder holds nothing a run can read
        folders = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                inside = os.path.join(real, name)
                if not entry.is_symlink() and inside != skip:
                    folders.append((entry.path, inside, os.path.join(relative, name)))
            elif name.lower().endswith(SUFFIXES):
                file = entry.path
                target = (
                    str(resolved(Path(file))) if entry.is_symlink() else os.path.join(real, name)
                )
                yield file, os.path.join(relative, name), target
        stack.extend(reversed(folders))


_worker: Pipeline | None = None
_output: Output | None = None
_jobs: Sequence[Job] = ()


def _init_worker(
    jobs: Sequence[Job],
    rules: RuleSet,
    disabled: Sequence[str],
    settings: dict[str, Any],
    output: Output | None,
) -> None:
    global _worker, _output, _jobs
    # Ctrl-C reaches the whole process group; the parent alone handles it (exit 130), so
    # workers ignore it rather than each printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _collect_less()  # for good: the worker's process is the batch's own
    _worker = Pipeline(rules, disabled, settings)
    _output = output
    _jobs = jobs


def read_input(path: Path) -> bytes:
    """The bytes of a regular file. Anything else (a FIFO, a device, a folder named like a
    file) is refused without blocking: reading a FIFO would wait for a writer forever."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a FIFO, socket or device"
            raise OSError(0, f"is {kind}, not a regular file")
        # os.read, not a file object, whose set-up costs more than reading a short article.
        # A regular file reads whole in one call, unless it changed since fstat or is too
        # big for one read (2 GB).
        data = os.read(fd, info.st_size + 1)
        if len(data) != info.st_size:
            chunks = [data]
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            data = b"".join(chunks)
        return data
    finally:
        os.close(fd)


def sha256(data: bytes) -> str:
    """The hash the manifest keeps of an input and of its clean copy: made here, where a
    copy is written, and again in manifest.file_hash, so the two must be one function."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Output:
    """The folder of clean copies, and whether to write them there. A result is compared
    with its copy, and written, where it was cleaned: with `--jobs`, in the worker, so the
    workers share the reading and writing out too."""

    folder: Path
    write: bool
    inputs: frozenset[tuple[int, int]] = frozenset()  # identities of the inputs
    # Whether a settled result keeps its texts: only a diff or an HTML report reads them
    # again. Without them a result is a few hundred bytes to send back and to hold.
    texts: bool = True

    def settle(self, result: Result) -> None:
        """Set a cleaned result's outcome against its copy (written, unchanged, missing,
        stale), writing it if asked; a copy that cannot be written makes it an error."""
        self._compare_and_write(result)
        if not self.texts:
            result.text = result.original = ""

    def _compare_and_write(self, result: Result) -> None:
        target = self.folder / result.relative
        data = result.text.encode("utf-8")
        absent = False  # then nothing stands there that could be an input
        try:
            old: bytes | None = read_input(target)
        except FileNotFoundError:
            old, absent = None, True
        except OSError:
            old = None
        if old == data:
            result.outcome = "unchanged"
        elif not self.write:
            result.outcome = "missing" if old is None else "stale"
        else:
            try:
                if not absent and identity(target) in self.inputs:
                    raise OSError(0, "it is an input file (choose an --output outside the inputs)")
                _write_atomic(target, data)
            except OSError as exc:
                result.status, result.message = "error", f"cannot write {target}: {reason(exc)}"
                return
            result.outcome = "written"
        if self.write:
            result.output_hash = sha256(data)


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
        pending.append((result, Document(text="", path=str(job.source), raw=data)))
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
            cleaned.append(result)
    if output is not None and cleaned:
        # Ctrl-C is held once for the few milliseconds these writes take, not once for
        # each: once for each cost 0.3 s in a run over 8,900 articles (34 us a file).
        with ctrl_c_deferred():
            for result in cleaned:
                output.settle(result)


def _clean_in_worker(span: tuple[int, int]) -> list[Result]:
    """Clean the jobs `span` (start, stop) names: a worker is given every job when it
    starts (by fork, without pickling), so each chunk sent to it is two numbers."""
    assert _worker is not None
    return list(clean_files(_worker, _jobs[span[0] : span[1]], _output))


def run(
    jobs: Sequence[Job],
    rules: RuleSet,
    disabled: Sequence[str],
    settings: dict[str, Any],
    workers: int = 1,
    output: Output | None = None,
) -> Iterator[Result]:
    """Clean every job, yielding results in job order, a chunk of jobs at a time, each
    settled against `output` if given."""
    if not jobs:
        return  # no pipeline to build, so no stage is imported
    size = max(1, min(CHUNK, len(jobs) // (workers * 4)))
    spans = [(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
    if workers <= 1 or len(jobs) < 2:
        pipeline = Pipeline(rules, disabled, settings)
        with fewer_collections():
            for start, stop in spans:
                yield from clean_files(pipeline, jobs[start:stop], output)
        return
    # Imported here: multiprocessing costs a hook's start-up time it never needs.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(
        max_workers=workers,
        initializer=_init_worker,
        initargs=(jobs, rules, disabled, settings, output),
    )
    try:
        with fewer_collections():  # the parent holds the results a chunk at a time too
            for results in pool.map(_clean_in_worker, spans):
                yield from results
    except BrokenProcessPool:
        raise RunFailed(
            "a worker process died (killed, or out of memory?); every copy it wrote is "
            "whole. Run again, with fewer --jobs if memory is short"
        ) from None
    finally:
        # On Ctrl-C (or any early exit) drop the queued work instead of finishing it.
        pool.shutdown(wait=True, cancel_futures=True)


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
        gc.set_threshold(*before)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()

# As mkstemp opens its files: never an existing file nor a symlink, binary on Windows.
_NEW_FILE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


@contextlib.contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """Hold a Ctrl-C that arrives inside the block until the block is done.

    A signal mask would not do: with worker processes the pool's own threads are running,
    and the signal goes to one of them. Python runs handlers in the main thread, so a
    handler that only takes note works whichever thread the signal reached. Where Ctrl-C
    is ignored (a `--jobs` worker) there is nothing to hold, and a handler would let it in.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    ):
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            raise KeyboardInterrupt


def write_atomic(path: Path, text: str) -> None:
    """Write `path` through a temporary file and a rename, never leaving either half-done;
    Ctrl-C lands between files, never inside one."""
    with ctrl_c_deferred():
        _write_atomic(path, text.encode("utf-8"))


def _write_atomic(path: Path, data: bytes) -> None:
    """write_atomic, for a caller that holds Ctrl-C itself."""
    fd, tmp = _temporary(path)
    try:
        try:
            view = memoryview(data)
            while view:  # a write may take less than it is given
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _temporary(path: Path) -> tuple[int, str]:
    """A new file beside `path`, open for writing, and its name.

    It is named by the process id, unique among running processes, so no random name need
    be drawn (tempfile's drawing cost more than the write); a name that a process which
    died left behind falls back to mkstemp. The folder is made if need be, which is only
    tried when making the file fails: a run writes many files into few folders.
    """
    name = os.path.join(path.parent, f".{path.name}.{os.getpid()}.tmp")

    def make() -> tuple[int, str]:
        try:
            return os.open(name, _NEW_FILE, 0o666), name  # 0o666 less the umask
        except FileExistsError:
            fd, other = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp's 0600 is for secrets, not articles
            return fd, other

    try:
        return make()
    except (FileNotFoundError, NotADirectoryError):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError as exc:  # a file stands where a folder must be
            raise NotADirectoryError(
                errno.ENOTDIR, os.strerror(errno.ENOTDIR), exc.filename
            ) from None
        return make()
