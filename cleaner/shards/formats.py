"""The shard formats: which names are shards, and, for each format, its rows read a batch
at a time, cleaned (cleaner.shards.rows) and written to a shard of the same format, every
field kept. WARC archives become JSONL: one row per HTML response, with its URL and date.

pyarrow (Parquet) and fastwarc (WARC) are extras, imported where a shard needs them.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from cleaner.errors import ConfigError
from cleaner.shards.names import Settings, kind, shard_suffix
from cleaner.shards.rows import FIELDS, INVALID, MISSING, SPIN, Row, clean_values

if TYPE_CHECKING:
    from cleaner.api import Cleaner, Format
    from cleaner.shards.store import Store
    from cleaner.shards.tally import Tally

# Rows read before they are cleaned together: a batch ends at either bound, so memory
# holds one batch of a shard whatever its size (a row of many megabytes makes its own).
BATCH_ROWS = 512
BATCH_BYTES = 1 << 20
# The extra that brings each format's reader.
EXTRAS = {"parquet": ("pyarrow", "shards"), "warc": ("fastwarc", "shards")}
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Span:
    """A part of a shard cleaned on its own (cleaner.shards.pieces): bytes [start, stop)
    of a JSONL shard, whose first line is line `first`; or rows [start, stop) of a Parquet
    shard (`first` is `start`), where `start` is a multiple of BATCH_ROWS, so its rows are
    cleaned in the batches a whole-shard run cleans them in."""

    start: int
    stop: int
    first: int


def require(kinds: Sequence[str]) -> None:
    """Raise ConfigError naming the extra to install if the reader of a kind is missing."""
    import importlib

    for name in sorted(set(kinds)):
        if name in EXTRAS:
            module, extra = EXTRAS[name]
            try:
                importlib.import_module(module)
            except ImportError:
                raise ConfigError(
                    f"{name} shards need {module}, which is not installed: "
                    f"pip install 'cleaner[{extra}]'"
                ) from None


Label = Callable[[int], str]  # names the row at an index of a batch, for a bad row


def clean(
    source: Path,
    sink: IO[bytes],
    cleaner: Cleaner,
    settings: Settings,
    tally: Tally,
    span: Span | None = None,
    store: Store | None = None,
) -> None:
    """Clean the shard `source` (in `store`, if not a local file) into `sink` (a binary
    file), counting into `tally`; or only its `span`, into a part that
    cleaner.shards.pieces joins to the others."""
    name = source.name
    suffix = shard_suffix(name)
    gz = bool(suffix and suffix.endswith(".gz"))
    shard = kind(name)
    with open(source, "rb") if store is None else store.open(source) as raw:
        if shard == "parquet":
            _parquet(raw, source.name, sink, cleaner, settings, tally, span)
            return
        # pyarrow's files read by line through a buffer only (a local file has its own).
        stream: IO[bytes] = raw if store is None else io.BufferedReader(raw, 1 << 20)  # type: ignore[type-var]
        with _lines(sink, gz) as out:
            if shard == "jsonl":
                _jsonl(stream, gz, out, cleaner, settings, tally, span, source.name)
            else:
                _warc(stream, source.name, out, cleaner, settings, tally)


def _count(tally: Tally, rows: Sequence[Row], label: Label) -> None:
    for i, row in enumerate(rows):
        tally.add(row, label(i) if row.status not in ("ok", "skipped") else "")


# JSONL -------------------------------------------------------------------------------


@contextlib.contextmanager
def _lines(sink: IO[bytes], gz: bool) -> Iterator[IO[bytes]]:
    """Where the lines of a JSONL shard go: the sink, or gzipped into it reproducibly (no
    time and no name in the header), so the same rows make the same bytes. The sink stays
    open: GzipFile leaves a file object it was given open."""
    if not gz:
        yield sink
        return
    import gzip

    with gzip.GzipFile(filename="", mode="wb", fileobj=sink, compresslevel=6, mtime=0) as out:
        yield out  # type: ignore[misc]


def _jsonl(
    raw: IO[bytes],
    gz: bool,
    out: IO[bytes],
    cleaner: Cleaner,
    settings: Settings,
    tally: Tally,
    span: Span | None,
    name: str,
) -> None:
    import gzip  # here, as in _lines: a run over plain files never needs it

    opened = gzip.GzipFile(fileobj=raw, mode="rb") if gz else contextlib.nullcontext(raw)
    with opened as shard:
        lines: Iterator[bytes] = iter(shard)
        if span is not None:
            shard.seek(span.start)
            lines = _upto(shard, span.stop - span.start)  # type: ignore[arg-type]
        batch: list[tuple[int, bytes]] = []
        size = 0
        for number, line in enumerate(lines, 1 if span is None else span.first):
            if not line.strip():
                continue  # blank lines hold no row (one at the end is common)
            batch.append((number, line))
            size += len(line)
            if size >= BATCH_BYTES or len(batch) >= BATCH_ROWS:
                _jsonl_batch(name, batch, out, cleaner, settings, tally)
                batch, size = [], 0
        _jsonl_batch(name, batch, out, cleaner, settings, tally)


def _upto(lines: IO[bytes], size: int) -> Iterator[bytes]:
    """The lines of `lines` from where it stands, up to `size` bytes (a span ends at the
    end of a line)."""
    for line in lines:
        if size <= 0:
            return
        size -= len(line)
        yield line


def _jsonl_batch(
    name: str,
    batch: list[tuple[int, bytes]],
    out: IO[bytes],
    cleaner: Cleaner,
    settings: Settings,
    tally: Tally,
) -> None:
    records: list[dict[str, Any] | str] = []
    for _, line in batch:
        try:
            value = json.loads(line)
        except ValueError as exc:
            value = f"not JSON: {exc}"
        if not isinstance(value, dict | str):
            value = f"not a JSON object but {type(value).__name__}"
        records.append(value)
    good = [r for r in records if isinstance(r, dict)]
    cleaned = iter(clean_values(cleaner, [r.get(settings.text_field, MISSING) for r in good],
                                settings.text_field))  # fmt: skip
    rows: list[Row] = []
    for (_, line), record in zip(batch, records, strict=True):
        if isinstance(record, str):  # a line that holds no row: kept as it came
            row = Row(None, INVALID, record)
            fields: dict[str, Any] = {"cleaner_raw": line.decode("utf-8", "replace").rstrip("\n")}
        else:
            row, fields = next(cleaned), record
            if row.text is not None:
                fields[settings.text_field] = row.text
        fields.update(zip(FIELDS, row.columns(), strict=True))
        out.write(_json_line(fields))
        rows.append(row)

    def label(i: int) -> str:
        record = records[i]
        ident = record.get(settings.id_field) if isinstance(record, dict) else None
        return f"{name}: line {batch[i][0]}" + ("" if ident is None else f" (id {ident!r})")

    _count(tally, rows, label)


def _json_line(fields: dict[str, Any]) -> bytes:
    try:
        return (json.dumps(fields, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (JSON can escape one; UTF-8 cannot hold it)
        return (json.dumps(fields) + "\n").encode("ascii")


# Parquet -----------------------------------------------------------------------------


def _parquet(
    source: IO[bytes],
    name: str,
    sink: IO[bytes],
    cleaner: Cleaner,
    settings: Settings,
    tally: Tally,
    span: Span | None = None,
) -> None:
    """The shard's rows cleaned into a Parquet file; or with `span`, that span's, into an
    Arrow IPC file of the cleaned batches (cleaner.shards.pieces joins them)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with pq.ParquetFile(source) as shard:
        schema = arrow_schema(shard.schema_arrow)
        writer: Any = (
            pq.ParquetWriter(sink, schema) if span is None else pa.ipc.new_file(sink, schema)
        )
        with writer:
            offset = 0 if span is None else span.start
            for batch in _arrow_batches(shard, span):
                cleaned, rows = clean_arrow(batch, cleaner, settings.text_field, schema)
                writer.write_batch(cleaned)

                def label(i: int, batch: Any = batch, start: int = offset + tally.rows) -> str:
                    where = f"{name}: row {start + i + 1}"
                    if settings.id_field in batch.schema.names:
                        where += f" (id {batch.column(settings.id_field)[i].as_py()!r})"
                    return where

                _count(tally, rows, label)


def _arrow_batches(shard: Any, span: Span | None) -> Iterator[Any]:
    """The record batches of a pyarrow ParquetFile, BATCH_ROWS rows each (the last fewer),
    counted from its first row; with `span`, those of its rows, read from the row groups
    that hold them alone."""
    if span is None:
        yield from shard.iter_batches(batch_size=BATCH_ROWS, use_threads=False)
        return
    import pyarrow as pa

    groups, row, first = [], 0, None
    for group in range(shard.num_row_groups):
        count = shard.metadata.row_group(group).num_rows
        if row < span.stop and row + count > span.start:
            groups.append(group)
            first = row if first is None else first
        row += count
    row = first or 0
    waiting: list[Any] = []
    held = 0
    for batch in shard.iter_batches(batch_size=BATCH_ROWS, row_groups=groups, use_threads=False):
        low, high = max(0, span.start - row), min(batch.num_rows, span.stop - row)
        row += batch.num_rows
        if high > low:
            waiting.append(batch.slice(low, high - low))
            held += high - low
        while held >= BATCH_ROWS or (held and row >= span.stop):
            rows = pa.Table.from_batches(waiting).combine_chunks()
            yield from rows.slice(0, BATCH_ROWS).to_batches()
            rest = rows.slice(BATCH_ROWS)
            waiting, held = rest.to_batches(), rest.num_rows


def arrow_schema(schema: Any) -> Any:
    """The schema of cleaned Arrow data: the fields of `schema` (a pyarrow.Schema), then
    FIELDS (in place of any it had: data cleaned before), its metadata kept."""
    import pyarrow as pa

    kept = [field for field in schema if field.name not in FIELDS]
    added = [pa.field(name, pa.float64() if name == SPIN else pa.string()) for name in FIELDS]
    return pa.schema(kept + added, metadata=schema.metadata)


def clean_arrow(
    data: Any, cleaner: Cleaner, text: str, schema: Any = None, format: Format = "auto"
) -> tuple[Any, list[Row]]:
    """`data` (a pyarrow RecordBatch or Table) cleaned: its `text` column replaced by the
    clean texts (a bad row's kept), FIELDS added; with the Rows it came to. `schema` is
    arrow_schema(data.schema), if the caller holds it."""
    import pyarrow as pa

    schema = schema if schema is not None else arrow_schema(data.schema)
    names = data.schema.names
    values: list[object] = data.column(text).to_pylist() if text in names else [MISSING] * len(data)
    rows = clean_values(cleaner, values, text, format)
    columns = []
    for field in list(schema)[: len(schema) - len(FIELDS)]:
        column = data.column(field.name)
        if field.name == text and (pa.types.is_string(field.type)
                                   or pa.types.is_large_string(field.type)):  # fmt: skip
            new = [v if r.text is None else r.text for r, v in zip(rows, values, strict=True)]
            column = pa.array(new, type=field.type)
        columns.append(column)
    for index, name in enumerate(FIELDS):
        kind = schema.field(name).type
        columns.append(pa.array([row.columns()[index] for row in rows], type=kind))
    return type(data).from_arrays(columns, schema=schema), rows


# WARC --------------------------------------------------------------------------------


def _warc(
    stream: IO[bytes],
    name: str,
    out: IO[bytes],
    cleaner: Cleaner,
    settings: Settings,
    tally: Tally,
) -> None:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    pages: list[tuple[dict[str, Any], str | bytes]] = []
    size = 0
    for record in ArchiveIterator(stream, parse_http=True, auto_decode="all"):
        content = (record.http_content_type or "").lower() if record.is_http else ""
        if record.record_type != WarcRecordType.response or content not in HTML_TYPES:
            tally.skipped_records += 1
            continue
        fields = {
            "url": record.headers.get("WARC-Target-URI"),
            "date": record.headers.get("WARC-Date"),
            settings.id_field: record.record_id,
        }
        pages.append((fields, _page(record.reader.read(), record.http_charset)))
        size += len(pages[-1][1])
        if size >= BATCH_BYTES or len(pages) >= BATCH_ROWS:
            _warc_batch(name, pages, out, cleaner, settings, tally)
            pages, size = [], 0
    _warc_batch(name, pages, out, cleaner, settings, tally)


def _page(data: bytes, charset: str | None) -> str | bytes:
    """A page's text, decoded as its HTTP header says where Python knows that charset and
    it is not UTF-8; else its bytes, which cleaning reads as UTF-8, else cp1252."""
    charset = (charset or "").lower()
    if charset and charset not in ("utf-8", "utf8"):
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return data


def _warc_batch(
    name: str,
    pages: list[tuple[dict[str, Any], str | bytes]],
    out: IO[bytes],
    cleaner: Cleaner,
    settings: Settings,
    tally: Tally,
) -> None:
    html: Format = "html"
    rows = clean_values(cleaner, [page for _, page in pages], settings.text_field, html)
    for (fields, _), row in zip(pages, rows, strict=True):
        fields[settings.text_field] = row.text if row.text is not None else ""
        fields.update(zip(FIELDS, row.columns(), strict=True))
        out.write(_json_line(fields))

    def label(i: int) -> str:
        return f"{name}: {pages[i][0]['url']}"

    _count(tally, rows, label)
