"""The user's cache folder, where cleaner keeps what it can make again from its inputs
(the word list in a fast form, the parsed rules): each file is named by a digest of what it
was made from, read only if whole, and written whole or not at all."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

# Whether what is read from the cache may be frozen out of the cyclic collector's sight
# (see lasting): only in the command's own process, never in a library caller's.
_freeze = False


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cleaner"


def save(path: Path, data: bytes) -> bool:
    """Write `data` to `path` through a temporary file in its folder, renamed into place:
    a reader sees the old file or the new one whole, whoever else writes it at the same
    time. Best effort, and whether it was written: a cache that cannot be written only
    costs time."""
    import tempfile  # here: a cache is seldom written

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    except OSError:
        return False
    return True


def prune(written: Path, pattern: str, keep: int) -> None:
    """Remove all but the `keep` files matching `pattern` beside `written` (kept) written
    last: each edit of the rules leaves a copy no run will read again. A reader whose file
    goes only makes it again."""
    with contextlib.suppress(OSError):
        found = []
        for path in written.parent.glob(pattern):
            if path != written:
                with contextlib.suppress(FileNotFoundError):  # another run's prune took it
                    found.append((path.stat().st_mtime, path))
        for _, path in sorted(found, reverse=True)[keep - 1 :]:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def sealed(data: bytes) -> bytes:
    """`data` behind its own digest, which `unsealed` checks: a copy damaged in a way its
    format would still read (a flipped byte inside a word) is told from a whole one."""
    return hashlib.sha256(data).digest() + data


def unsealed(data: bytes) -> bytes | None:
    """What `sealed` made `data` from, or None if it is not whole."""
    seal, body = data[:32], data[32:]
    return body if hashlib.sha256(body).digest() == seal else None


def own_process() -> None:
    """Say that the process is the command's own (see lasting)."""
    global _freeze
    _freeze = True


def kept_to_the_end() -> None:
    """In the command's own process, freeze what is live now (see lasting): what a run
    holds when its cleaning ends (its jobs and results) lasts until the exit, and a
    collection would walk all of it to find no garbage. Elsewhere this does nothing."""
    if _freeze:
        gc.freeze()


@contextlib.contextmanager
def lasting() -> Iterator[None]:
    """Around making, or restoring from the cache, what a run keeps to its end (the rules,
    their matchers, the lexicon's index; the command's parser, the modules and stages that
    hold them, imported and made): tens of thousands of objects, which each cyclic
    collection would walk again, to find no garbage: a twentieth of cleaning one file. In
    the command's own process no collection runs inside, and everything made so far is
    then frozen (gc.freeze), never walked again. Elsewhere (a library caller's process)
    this does nothing: collections put off would only come at once after it."""
    if not _freeze:
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
