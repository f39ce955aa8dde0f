"""Which files a run reads: the inputs under the paths it is given, where each one's clean
copy goes, and the copies whose input is gone."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.document import HTML_SUFFIXES
from cleaner.shards import names

if TYPE_CHECKING:
    from cleaner.shards.store import Store

# Plain files (one document each), then shards (many rows each: cleaner.shards).
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", *names.SUFFIXES)


@dataclass(frozen=True)
class Job:
    """One input to clean and where its clean copy goes."""

    source: Path  # the input file
    relative: Path  # its path under the output folder
    store: Store | None = None  # where `source` is, if not on a local file system


def remote_jobs(uri: str) -> list[Job]:
    """Jobs for the shards at a URI (cleaner.shards.store): the one shard it names, or
    those under the folder it names, each keeping its path relative to it. ConfigError if
    there is nothing there, or a file named that is not a shard: plain files are read from
    local folders only."""
    from cleaner.errors import ConfigError
    from cleaner.shards.store import open_uri

    store, root = open_uri(uri)
    try:
        kind = store.kind(root)
        if kind == "file":
            if names.shard_suffix(root.name) is None:
                raise ConfigError(
                    f"{uri}: not a shard ({', '.join(names.SUFFIXES)}); plain files are "
                    "read from local folders only"
                )
            return [Job(root, Path(root.name), store)]
        if kind != "folder":
            raise ConfigError(f"{uri}: no such file or folder")
        found = [
            Job(path, path.relative_to(root), store)
            for path in store.files(root)
            if names.shard_suffix(path.name) is not None
            and not any(part.startswith(".") for part in path.relative_to(root).parts)
        ]
    except OSError as exc:
        raise ConfigError(f"{uri}: cannot list it: {exc}") from None
    return found


def output_name(relative: Path) -> Path:
    """HTML inputs become plain text, so their clean copy is named `.txt`; a WARC
    archive's pages become JSONL (see cleaner.shards.names.output_name)."""
    if relative.suffix.lower() in HTML_SUFFIXES:
        return relative.with_suffix(".txt")
    return names.output_name(relative)


def is_shard(job: Job) -> bool:
    """Whether the job's input is a shard of many rows, not one document."""
    return names.shard_suffix(job.source.name) is not None


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
