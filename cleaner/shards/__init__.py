"""Corpus shards (JSONL, gzipped JSONL, Parquet, WARC) cleaned row by row into shards of
the same name and format: every field kept, the text replaced by its clean copy, and
`cleaner_status`, `cleaner_message`, `cleaner_changes`, `cleaner_language` and
`cleaner_spin` added (rows); read and written a batch at a time (formats); counted into a
tally written beside each output shard (tally). cleaner.batch.shard cleans one shard into
a run's output folder with these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cleaner import lazy

__all__ = [
    "FIELDS",
    "SUFFIXES",
    "Row",
    "Settings",
    "Tally",
    "clean_values",
    "kind",
    "output_name",
    "read_tally",
    "require",
    "shard_suffix",
    "tally_path",
]

if TYPE_CHECKING:
    from cleaner.shards.formats import require
    from cleaner.shards.names import SUFFIXES, Settings, kind, output_name, shard_suffix
    from cleaner.shards.rows import FIELDS, Row, clean_values
    from cleaner.shards.tally import Tally, read_tally, tally_path

# Names load from their modules when first asked for: the batch side reads shard names
# (cleaner.shards.names) on every run, shards or not, and a run of plain files needs none
# of the formats, nor the cleaning core (cleaner.api) or a format's library.
_HOMES = {
    "require": "cleaner.shards.formats",
    **dict.fromkeys(
        ("SUFFIXES", "Settings", "kind", "output_name", "shard_suffix"), "cleaner.shards.names"
    ),
    **dict.fromkeys(("FIELDS", "Row", "clean_values"), "cleaner.shards.rows"),
    **dict.fromkeys(("Tally", "read_tally", "tally_path"), "cleaner.shards.tally"),
}


__getattr__ = lazy.names("cleaner.shards", _HOMES)
