"""What the command prints besides its reports: exit codes, diffs and a progress bar."""

from __future__ import annotations

import difflib
import os
import sys
import time
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    CHANGED = 1
    USAGE = 2
    FAILED = 3
    INTERRUPTED = 130


def unified_diff(before: str, after: str, name: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )


class Progress:
    """A one-line progress bar on stderr, shown only when stderr is a terminal."""

    INTERVAL = 0.1  # seconds between redraws: a run cleans thousands of files a second

    def __init__(self, total: int) -> None:
        self.total = total
        self.shown = sys.stderr.isatty() and total > 1 and not os.environ.get("CI")
        self.start = time.perf_counter()
        self.drawn = float("-inf")

    def update(self, done: int, name: str) -> None:
        if not self.shown:
            return
        now = time.perf_counter()
        if now - self.drawn < self.INTERVAL and done < self.total:
            return
        self.drawn = now
        width = 30
        filled = width * done // self.total
        rate = done / max(now - self.start, 1e-9)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {done}/{self.total} {rate:6.0f} files/s {name[-30:]:<30}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 100 + "\r")
            sys.stderr.flush()
