"""Batch runs over files: which files (inputs), reading and writing them (files), cleaning
them in one process or several (execute, workers, interrupts), a shard of many rows into
its output shard (shard), what became of each (output) and the manifest that lets the next
run skip what is fresh (manifest); run holds it together, from typed options in to a
summary out.

Names load from their modules when first asked for: the command imports this package for
its signal handling, and a pre-commit hook that finds its copies up to date cleans nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cleaner.lazy import names

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

if TYPE_CHECKING:
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

_HOMES = {
    "clean_files": "cleaner.batch.execute",
    "run": "cleaner.batch.execute",
    "read_input": "cleaner.batch.files",
    "sha256": "cleaner.batch.files",
    "write_atomic": "cleaner.batch.files",
    "SUFFIXES": "cleaner.batch.inputs",
    "Job": "cleaner.batch.inputs",
    "discover": "cleaner.batch.inputs",
    "identity": "cleaner.batch.inputs",
    "inside_source": "cleaner.batch.inputs",
    "is_shard": "cleaner.batch.inputs",
    "orphans": "cleaner.batch.inputs",
    "output_name": "cleaner.batch.inputs",
    "resolved": "cleaner.batch.inputs",
    "Output": "cleaner.batch.output",
    "Result": "cleaner.batch.output",
}


__getattr__ = names("cleaner.batch", _HOMES)
