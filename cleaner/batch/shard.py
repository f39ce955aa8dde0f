"""One shard cleaned into its output shard: its rows streamed through the cleaner a batch
at a time into a temporary file, which replaces the output shard when whole and differs
from it, and its tally written beside. The same function runs in the command's process,
in a `--jobs` worker and in a Ray actor, so every engine writes the same bytes."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from cleaner.api import Cleaner
from cleaner.batch import interrupts
from cleaner.batch.files import hash_file, staged, write_atomic
from cleaner.batch.output import Output, Result
from cleaner.errors import reason
from cleaner.shards import formats
from cleaner.shards.tally import Tally, read_tally, tally_path


def clean_shard(
    cleaner: Cleaner, source: Path, relative: str, output: Output, settings: formats.Settings
) -> Result:
    """Clean the shard `source` into `relative` under the output folder (written only if
    `output.write`); the result holds its outcome, hashes and tally. A shard that cannot be
    read, or written, is an error result; a bad row is only that row's status."""
    result = Result(relative=relative, source=str(source))
    target = output.folder / relative
    try:
        result.source_hash = hash_file(source)
    except OSError as exc:
        result.status, result.message = "error", f"cannot read: {reason(exc)}"
        return result
    tally = Tally(shards=1)
    try:
        with _interim(target, output.write) as (sink, interim):
            formats.clean(source, sink, cleaner, settings, tally)
    except OSError as exc:
        result.status, result.message = "error", f"cannot read or write it: {reason(exc)}"
        return result
    except Exception as exc:  # a shard that is not what its name says (pyarrow's errors)
        result.status, result.message = "error", f"{type(exc).__name__}: {exc}"[:500]
        return result
    result.tally = tally
    try:
        _settle(result, interim, target, output)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(interim)
    return result


@contextlib.contextmanager
def _interim(target: Path, write: bool) -> Iterator[tuple[IO[bytes], str]]:
    """A file to write the output shard into: beside the target (renamed onto it when
    whole), or with nothing to be written in the output folder, a temporary one."""
    if write:
        with staged(target) as (sink, name):
            yield sink, name
        return
    fd, name = tempfile.mkstemp(prefix="cleaner-shard-", suffix=".tmp")
    try:
        with open(fd, "wb") as sink:
            yield sink, name
    except BaseException:
        os.unlink(name)
        raise


def _settle(result: Result, interim: str, target: Path, output: Output) -> None:
    """Set the outcome of a shard written to `interim` against its output shard, which
    `interim` replaces if asked and they differ; then the tally is written beside it."""
    made = hash_file(Path(interim))
    try:
        old: str | None = hash_file(target)
    except OSError:
        old = None

    def write() -> None:
        with interrupts.deferred():
            os.replace(interim, target)

    if output.put(result, target, old is not None, old is None, old == made, write):
        return
    if output.write:
        result.output_hash = made
        assert result.tally is not None
        if read_tally(target) != result.tally:
            write_atomic(tally_path(target), result.tally.dumps())
