"""What the batch side asks of the shards on every run, shards or not: which names are
shards, what a shard's rows are read by (Settings), how a place is named. Apart from the
formats' readers and writers (cleaner.shards.formats), and the modules and dataclasses
they bring, which a run of plain files never needs: one file's run starts faster without
them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleaner.shards.store import Store

# Longest first: "a.jsonl.gz" is a gzipped JSONL shard, not some ".gz" file.
SUFFIXES = (".jsonl.gz", ".warc.gz", ".jsonl", ".parquet", ".warc")


@dataclass(frozen=True)
class Settings:
    """How a shard's rows are read: which field holds the text, which names a row."""

    text_field: str = "text"
    id_field: str = "id"


def shard_suffix(name: str) -> str | None:
    """The shard suffix `name` ends with (case aside), or None if it is not a shard."""
    lower = name.lower()
    if not lower.endswith(SUFFIXES):  # most names, told in one call: a plain file's
        return None
    return next((s for s in SUFFIXES if lower.endswith(s)), None)


def kind(name: str) -> str:
    """ "jsonl", "parquet" or "warc" for a shard's name."""
    suffix = shard_suffix(name)
    if suffix is None:
        raise ValueError(f"{name}: not a shard")
    return suffix.split(".")[1]


def output_name(relative: Path) -> Path:
    """A WARC archive's rows are written as JSONL (gzipped if it was); every other shard
    keeps its name."""
    suffix = shard_suffix(relative.name)
    if suffix is not None and suffix.startswith(".warc"):
        stem = relative.name[: -len(suffix)]
        return relative.with_name(stem + suffix.replace(".warc", ".jsonl"))
    return relative


_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_uri(text: str) -> bool:
    """Whether `text` names a place by URI (scheme://...), not a local path."""
    return bool(_URI.match(text))


def where(path: Path, store: Store | None) -> str:
    """How messages name `path`: as it is, or in a store, by its URI."""
    return str(path) if store is None else store.label(path)
