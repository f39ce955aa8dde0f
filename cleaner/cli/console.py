"""What the command prints besides its reports: exit codes, diffs and a progress bar."""

from __future__ import annotations

import os
import sys
import time
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    CHANGED = 1
    USAGE = 2
    FAILED = 3
    INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a process that SIGINT ended
    TERMINATED = 143  # 128 + SIGTERM


def unified_diff(before: str, after: str, name: str) -> str:
    import difflib  # only --diff needs it

    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )


class Progress:
    """A one-line progress display on stderr, shown only when stderr is a terminal and the
    run lasts long enough to need one: files done, their rate and the time so far, the
    stage under way (a large file takes long) and a turning mark that shows the run is
    alive between files. It is cut to the terminal's width: a line that wrapped would
    stack a new line at every redraw."""

    INTERVAL = 0.1  # seconds between redraws: a run cleans thousands of files a second
    TURNS = "|/-\\"

    def __init__(self, total: int) -> None:
        self.total = total
        self.shown = sys.stderr.isatty() and total > 0 and not os.environ.get("CI")
        self.start = time.perf_counter()
        self.drawn = self.start  # nothing is shown of a run shorter than INTERVAL
        self.done = 0
        self.name = ""  # the file done last
        self.stage = ""
        self.turn = 0
        self.used = False

    def update(self, done: int, name: str) -> None:
        """`done` files of the total are done, the last of them `name`."""
        self.done, self.name = done, name
        self._draw(final=done >= self.total)

    def tick(self, stage: str) -> None:
        """Still working: on stage `stage` (if not "", which leaves the last one named)."""
        if stage:
            self.stage = stage
        self._draw()

    def _draw(self, final: bool = False) -> None:
        if not self.shown:
            return
        now = time.perf_counter()
        if now - self.drawn < self.INTERVAL and not final:
            return
        self.drawn, self.used = now, True
        self.turn += 1
        elapsed = now - self.start
        rate = self.done / max(elapsed, 1e-9)
        status = (
            f" {self.done}/{self.total} {rate:4.0f} files/s {elapsed:5.1f}s "
            f"{self.TURNS[self.turn % len(self.TURNS)]}"
        )
        width = _width()
        bar = max(0, min(30, width - len(status) - 2 - 24))  # 24 left for stage and name
        filled = bar * self.done // self.total
        line = (f"[{'#' * filled}{'-' * (bar - filled)}]" if bar else "") + status
        for part in (self.stage, self.name):
            room = width - len(line) - 1
            if part and room > 3:
                line += " " + (part if len(part) <= room else "..." + part[3 - room :])
        sys.stderr.write("\r" + line[:width].ljust(width))
        sys.stderr.flush()

    def close(self) -> None:
        if self.used:
            sys.stderr.write("\r" + " " * _width() + "\r")
            sys.stderr.flush()


def _width() -> int:
    """The columns a progress line may fill: the terminal's, less the last, as writing
    into it wraps on some terminals."""
    return columns() - 1


def columns() -> int:
    """The terminal's width as shutil.get_terminal_size gives it: $COLUMNS if a positive
    number, else standard output's terminal's, else 80. Not shutil's own, which brings the
    bz2 and lzma modules, and argparse asks it for every argument a parser is given (see
    cleaner.cli.main.build_parser): a hundredth of cleaning one file."""
    try:
        found = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        found = 0
    if found > 0:
        return found
    try:
        found = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 0
    except (ValueError, OSError):  # closed, detached or not a terminal
        found = 0
    return found or 80
