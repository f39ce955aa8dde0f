"""Shards on a file system that pyarrow opens by URI (`s3://`, `gs://`, `hdfs://`,
`abfs://`, `file://`: pyarrow.fs.FileSystem.from_uri, with credentials as pyarrow finds
them, from the environment), read and written as shards in a local folder are.

A shard is read as a stream (a Parquet shard by ranges), never copied whole; an output
shard is made in a local temporary file, as every output shard is, then put beside its
place under a temporary name and moved onto it, so no reader sees half of one. The
manifest and the tallies are read and written there the same way. A Store pickles (its
pyarrow file system does), so a Ray actor reads and writes where the command would.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cleaner.errors import ConfigError


@dataclass(frozen=True)
class Store:
    fs: Any  # a pyarrow.fs.FileSystem
    scheme: str  # of the URI it was opened by, to name its files in messages

    def label(self, path: Path) -> str:
        """`path` as a URI, for messages."""
        return f"{self.scheme}://{path.as_posix()}"

    def open(self, path: Path) -> IO[bytes]:
        """The file at `path`, open for reading (and seeking: Parquet reads by range)."""
        stream: IO[bytes] = self.fs.open_input_file(path.as_posix())
        return stream

    def hash(self, path: Path) -> str:
        """sha256 of the file at `path`, read a piece at a time; OSError if there is none
        (FileNotFoundError) or it cannot be read. (pyarrow's streams would gunzip a .gz
        file unless told not to.)"""
        digest = hashlib.sha256()
        with self.fs.open_input_stream(path.as_posix(), compression=None) as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()

    def read_text(self, path: Path) -> str:
        with self.fs.open_input_stream(path.as_posix(), compression=None) as stream:
            data: bytes = stream.read()
        return data.decode("utf-8")

    def kind(self, path: Path) -> str:
        """ "file", "folder" or "" (nothing there)."""
        from pyarrow.fs import FileType

        found = self.fs.get_file_info(path.as_posix()).type
        return {FileType.File: "file", FileType.Directory: "folder"}.get(found, "")

    def files(self, root: Path) -> Iterator[Path]:
        """The files under the folder `root`, at any depth, by name."""
        from pyarrow.fs import FileSelector, FileType

        found = self.fs.get_file_info(FileSelector(root.as_posix(), recursive=True))
        yield from sorted(Path(f.path) for f in found if f.type == FileType.File)

    def write(self, path: Path, data: bytes) -> None:
        """Put `data` at `path` whole (see put)."""
        self._put(path, lambda stream: stream.write(data))

    def upload(self, local: str, path: Path) -> None:
        """Put the local file `local` at `path` whole (see put)."""

        def copy(stream: Any) -> None:
            with open(local, "rb") as source:
                while chunk := source.read(1 << 20):
                    stream.write(chunk)

        self._put(path, copy)

    def _put(self, path: Path, fill: Any) -> None:
        """Write a file beside `path` under a temporary name with `fill`, then move it onto
        `path` (an object store writes an object whole in any case)."""
        self.fs.create_dir(path.parent.as_posix(), recursive=True)
        interim = path.with_name(f".{path.name}.{os.getpid()}.tmp").as_posix()
        try:
            with self.fs.open_output_stream(interim, compression=None) as stream:
                fill(stream)
            self.fs.move(interim, path.as_posix())
        except BaseException:
            with contextlib.suppress(OSError):
                self.fs.delete_file(interim)
            raise


def open_uri(uri: str) -> tuple[Store, Path]:
    """The Store a URI names a place on, and the path of that place in it; ConfigError if
    pyarrow is missing or does not know the URI."""
    try:
        from pyarrow.fs import FileSystem
    except ImportError:
        raise ConfigError(
            f"{uri}: shards by URI are read and written through pyarrow, which is not "
            "installed: pip install 'cleaner[shards]'"
        ) from None
    try:
        fs, path = FileSystem.from_uri(uri)
    except (ValueError, OSError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise ConfigError(f"{uri}: pyarrow cannot open it: {exc}") from None
    return Store(fs, uri.split("://", 1)[0]), Path(path)
