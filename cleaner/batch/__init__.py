"""Batch runs over files: which files (inputs), reading and writing them (files), cleaning
them in one process or several (execute, workers, interrupts), a shard of many rows into
its output shard (shard), what became of each (output) and the manifest that lets the next
run skip what is fresh (manifest); run holds it together, from typed options in to a
summary out."""

from cleaner.batch.execute import clean_files, run
from cleaner.batch.files import read_input, sha256, write_atomic
from cleaner.batch.inputs import (
    SUFFIXES,
    Job,
    discover,
    identity,
    inside_source,
    is_shard,
    orphans,
    output_name,
    resolved,
)
from cleaner.batch.output import Output, Result

__all__ = [
    "SUFFIXES",
    "Job",
    "Output",
    "Result",
    "clean_files",
    "discover",
    "identity",
    "inside_source",
    "is_shard",
    "orphans",
    "output_name",
    "read_input",
    "resolved",
    "run",
    "sha256",
    "write_atomic",
]
