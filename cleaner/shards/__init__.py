"""Corpus shards (JSONL, gzipped JSONL, Parquet, WARC) cleaned row by row into shards of
the same name and format: every field kept, the text replaced by its clean copy, and
`cleaner_status`, `cleaner_message`, `cleaner_changes`, `cleaner_language` and
`cleaner_spin` added (rows); read and written a batch at a time (formats); counted into a
tally written beside each output shard (tally). cleaner.batch.shard cleans one shard into
a run's output folder with these."""

from cleaner.shards.formats import SUFFIXES, Settings, kind, output_name, require, shard_suffix
from cleaner.shards.rows import FIELDS, Row, clean_values
from cleaner.shards.tally import Tally, read_tally, tally_path

# None of these imports the cleaning core (cleaner.api) or a format's library: the batch
# side reads shard names from here on every run, shards or not.

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
