"""One big shard shared among `--jobs` workers: cut into spans (formats.Span), each cleaned
on its own into a part, and the parts joined, in order, into the output shard, byte for
byte what cleaning it whole writes.

A plain JSONL shard is cut at line ends, into spans of about PIECE_BYTES; the lines of
each are cleaned and written as cleaning the whole shard writes them, so its parts are
joined end to end. A Parquet shard is cut into row ranges of a multiple of BATCH_ROWS
rows, so that each row is cleaned in the batch it is cleaned in whole; its parts hold the
cleaned batches (Arrow IPC), which the join writes to one Parquet file as cleaning the
whole shard does. A gzipped JSONL shard, or a WARC archive, cannot be read from a middle:
it stays whole.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from cleaner.shards.formats import BATCH_ROWS, Span, arrow_schema
from cleaner.shards.names import kind, shard_suffix

# Input bytes a span holds, about: enough that its part's cost to join is small beside its
# cleaning, few enough that a shard of a few hundred megabytes keeps two workers busy.
PIECE_BYTES = 32 << 20


def spans(source: Path, size: int | None = None) -> list[Span]:
    """The spans `source` is cut into, of about `size` bytes each (PIECE_BYTES); none
    where it is not twice that, cannot be cut, or cannot be read (cleaning it whole says
    why)."""
    size = size or PIECE_BYTES
    suffix = shard_suffix(source.name)
    try:
        if suffix not in (".jsonl", ".parquet") or source.stat().st_size < 2 * size:
            return []
        if suffix == ".jsonl":
            return _line_spans(source, size)
        return _row_spans(source, size)
    except Exception:  # not what its name says (pyarrow's errors), or gone: said when cleaned
        return []


def _line_spans(source: Path, size: int) -> list[Span]:
    """Spans of whole lines: each ends at the first line end past `size` bytes from its
    start. The lines before each are counted, so bad rows are named by their line."""
    found: list[Span] = []
    with open(source, "rb") as shard:
        end = shard.seek(0, 2)
        start, line = 0, 1
        while start < end:
            stop = end
            if start + size < end:
                shard.seek(start + size)
                shard.readline()  # to the end of the line the cut falls in
                stop = shard.tell()
            shard.seek(start)
            found.append(Span(start, stop, line))
            line += _count_lines(shard, stop - start)
            start = stop
    return found


def _count_lines(shard: IO[bytes], size: int) -> int:
    count = 0
    while size > 0:
        chunk = shard.read(min(size, 1 << 20))
        if not chunk:
            break
        count += chunk.count(b"\n")
        size -= len(chunk)
    return count


def _row_spans(source: Path, size: int) -> list[Span]:
    import pyarrow.parquet as pq

    with pq.ParquetFile(source) as shard:
        rows = shard.metadata.num_rows
    per_row = max(1, source.stat().st_size) / max(1, rows)
    step = max(1, round(size / per_row / BATCH_ROWS)) * BATCH_ROWS
    return [Span(start, min(start + step, rows), start) for start in range(0, rows, step)]


def join(source: Path, parts: Sequence[Path], sink: IO[bytes]) -> None:
    """Write the parts of `source`, in order, into `sink` as its output shard."""
    if kind(source.name) == "jsonl":
        for part in parts:
            with open(part, "rb") as piece:
                shutil.copyfileobj(piece, sink, 1 << 20)
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    with pq.ParquetFile(source) as shard:
        schema = arrow_schema(shard.schema_arrow)
    with pq.ParquetWriter(sink, schema) as writer:
        for part in parts:
            with pa.memory_map(str(part)) as mapped:
                reader = pa.ipc.open_file(mapped)
                for index in range(reader.num_record_batches):
                    writer.write_batch(reader.get_batch(index))
