"""Reading an input and writing a clean copy: a read never blocks on what is not a regular
file, and a copy is written to a temporary file and renamed, so that a reader never sees
half of one and an interrupted run leaves none."""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from cleaner.batch import interrupts


def read_input(path: Path) -> bytes:
    """The bytes of a regular file. Anything else (a FIFO, a device, a folder named like a
    file) is refused without blocking: reading a FIFO would wait for a writer forever."""
    fd, info = _open_regular(path)
    try:
        return _read_whole(fd, info.st_size)
    finally:
        os.close(fd)


# Files bigger than this are hashed a piece at a time (a shard can be gigabytes); smaller
# ones are read whole, in one call, which is faster for an article.
WHOLE = 1 << 24


def hash_file(path: Path) -> str:
    """sha256 of the bytes of the regular file `path`, read whole if it is small and a
    piece at a time if not, so that hashing a shard takes no memory. Refused as read_input
    refuses what is not a regular file."""
    fd, info = _open_regular(path)
    try:
        if info.st_size <= WHOLE:
            return sha256(_read_whole(fd, info.st_size))
        digest = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)


def _open_regular(path: Path) -> tuple[int, os.stat_result]:
    """A descriptor open for reading on the regular file `path`, and its fstat; OSError
    for anything else (opened without blocking, then closed)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a FIFO, socket or device"
            raise OSError(0, f"is {kind}, not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def _read_whole(fd: int, size: int) -> bytes:
    """What is left to read of `fd`, a regular file of `size` bytes (its fstat's)."""
    # os.read, not a file object, whose set-up costs more than reading a short article.
    # A regular file reads whole in one call, unless it changed since fstat or is too big
    # for one read (2 GB).
    data = os.read(fd, size + 1)
    if len(data) != size:
        chunks = [data]
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        data = b"".join(chunks)
    return data


def sha256(data: bytes) -> str:
    """The hash the manifest keeps of an input and of its clean copy: made here, where a
    copy is written, and again in manifest.file_hash, so the two must be one function."""
    return hashlib.sha256(data).hexdigest()


@functools.cache
def _umask() -> int:
    """The process's umask, read once, when the first copy needs it (reading it means
    setting it, which importing this module must not do)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@functools.cache
def _pid() -> int:
    """This process's id, asked of the system once (each os.getpid is a system call, and a
    run names a temporary file for every copy); forgotten in a child at fork, whose id is
    its own."""
    return os.getpid()


os.register_at_fork(after_in_child=_pid.cache_clear)


# As mkstemp opens its files: never an existing file nor a symlink, binary on Windows.
_NEW_FILE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def write_atomic(path: Path, text: str) -> None:
    """Write `path` through a temporary file and a rename, never leaving either half-done;
    an interrupt lands between files, never inside one."""
    with interrupts.deferred():
        write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """write_atomic, for a caller that holds interrupts itself."""
    fd, tmp = _temporary(path)
    try:
        try:
            view = memoryview(data)
            while view:  # a write may take less than it is given
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def staged(path: Path) -> Iterator[tuple[IO[bytes], str]]:
    """A new temporary file beside `path` (see _temporary), open for writing, and its name,
    for a copy written a piece at a time: the caller renames it when it is whole. If the
    block fails, or is interrupted, the file is removed."""
    fd, tmp = _temporary(path)
    try:
        with open(fd, "wb") as sink:
            yield sink, tmp
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _temporary(path: Path) -> tuple[int, str]:
    """A new file beside `path`, open for writing, and its name.

    It is named by the process id, unique among running processes, so no random name need
    be drawn (tempfile's drawing cost more than the write); a name that a process which
    died left behind falls back to mkstemp. The folder is made if need be, which is only
    tried when making the file fails: a run writes many files into few folders.
    """
    name = os.path.join(path.parent, f".{path.name}.{_pid()}.tmp")

    def make() -> tuple[int, str]:
        try:
            return os.open(name, _NEW_FILE, 0o666), name  # 0o666 less the umask
        except FileExistsError:
            import tempfile  # seldom needed: not imported by every run

            fd, other = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            os.fchmod(fd, 0o666 & ~_umask())  # mkstemp's 0600 is for secrets, not articles
            return fd, other

    try:
        return make()
    except (FileNotFoundError, NotADirectoryError):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError as exc:  # a file stands where a folder must be
            raise NotADirectoryError(
                errno.ENOTDIR, os.strerror(errno.ENOTDIR), exc.filename
            ) from None
        return make()
