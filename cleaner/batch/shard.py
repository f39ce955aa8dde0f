"""One shard cleaned into its output shard: its rows streamed through the cleaner a batch
at a time into a temporary file (or, for a big shard shared among workers, its spans
cleaned into parts, then joined into one), which replaces the output shard when whole and
differs from it, and its tally written beside. The same functions run in the command's
process, in a `--jobs` worker and in a Ray actor, so every engine writes the same bytes."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from cleaner.api import Cleaner
from cleaner.batch import interrupts
from cleaner.batch.files import hash_file, staged, write_atomic
from cleaner.batch.output import Output, Result
from cleaner.errors import reason
from cleaner.shards import formats, pieces
from cleaner.shards.names import Settings, where
from cleaner.shards.tally import Tally, read_tally, tally_path

if TYPE_CHECKING:
    from cleaner.shards.store import Store


def clean_shard(
    cleaner: Cleaner,
    source: Path,
    relative: str,
    output: Output,
    settings: Settings,
    store: Store | None = None,
) -> Result:
    """Clean the shard `source` (in `store`, if not a local file) into `relative` under the
    output folder (written only if `output.write`); the result holds its outcome, hashes
    and tally. A shard that cannot be read, or written, is an error result; a bad row is
    only that row's status."""

    def write(sink: IO[bytes]) -> Tally:
        tally = Tally(shards=1)
        formats.clean(source, sink, cleaner, settings, tally, store=store)
        return tally

    return _make(source, relative, output, write, store)


def clean_piece(
    cleaner: Cleaner, source: Path, span: formats.Span, part: Path, settings: Settings
) -> Tally | str:
    """Clean the `span` of the shard `source` into the file `part` (see
    cleaner.shards.pieces); its tally, or why it could not be."""
    tally = Tally()
    try:
        with open(part, "wb") as sink:
            formats.clean(source, sink, cleaner, settings, tally, span)
    except OSError as exc:
        return f"cannot read or write it: {reason(exc)}"
    except Exception as exc:  # a shard that is not what its name says (pyarrow's errors)
        return f"{type(exc).__name__}: {exc}"[:500]
    return tally


def join_shard(
    source: Path,
    relative: str,
    output: Output,
    parts: Sequence[Path],
    tallies: Sequence[Tally | str],
) -> Result:
    """The output shard of `source` joined from the `parts` its spans were cleaned into,
    in order, with their `tallies` (a str: why that span failed, and so the shard), settled
    as clean_shard settles a shard cleaned whole."""
    failed = next((t for t in tallies if isinstance(t, str)), None)
    if failed is not None:
        return Result(relative=relative, source=str(source), status="error", message=failed)

    def write(sink: IO[bytes]) -> Tally:
        pieces.join(source, parts, sink)
        tally = Tally(shards=1)
        for each in tallies:
            assert not isinstance(each, str)
            tally.merge(each)
        return tally

    return _make(source, relative, output, write)


def _make(
    source: Path,
    relative: str,
    output: Output,
    write: Callable[[IO[bytes]], Tally],
    store: Store | None = None,
) -> Result:
    """The result of writing the output shard of `source` (in `store`, if not a local
    file) with `write`, which returns its tally; the shard replaces the one in the output
    folder if asked and they differ."""
    result = Result(relative=relative, source=where(source, store))
    target = output.folder / relative
    try:
        result.source_hash = hash_file(source) if store is None else store.hash(source)
    except OSError as exc:
        result.status, result.message = "error", f"cannot read: {reason(exc)}"
        return result
    try:
        # An output shard in a store is made here, then put there whole.
        with _interim(target, output.write and output.store is None) as (sink, interim):
            tally = write(sink)
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
    store = output.store
    try:
        old: str | None = hash_file(target) if store is None else store.hash(target)
    except OSError:
        old = None

    def write() -> None:
        with interrupts.deferred():
            if store is None:
                os.replace(interim, target)
            else:
                store.upload(interim, target)

    if output.put(result, target, old is not None, old is None, old == made, write):
        return
    if output.write:
        result.output_hash = made
        assert result.tally is not None
        if read_tally(target, store) != result.tally:
            if store is None:
                write_atomic(tally_path(target), result.tally.dumps())
            else:
                store.write(tally_path(target), result.tally.dumps().encode("utf-8"))
