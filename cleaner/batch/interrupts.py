"""SIGINT and SIGTERM: a run stops at once, and never halfway through writing a file.

`cleaner` handles both signals while `main` runs (`handled`): the first raises Interrupted
wherever the main thread is, and every later one is ignored, so the clean-up that the
first set going (stopping worker processes, saving the manifest) cannot itself be broken
off by a second Ctrl-C. Blocks that must not be cut (writing a file, starting a worker
process) hold a signal until they end (`deferred`).

`--jobs` workers ignore both signals, which reach the whole process group: the parent
alone decides, and stops them with STOP (see cleaner.batch.workers).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

SIGNALS = (signal.SIGINT, signal.SIGTERM)
# The signal with which the parent stops a worker: one that nothing sends to a process
# group, left at its default action (the process ends at once, even inside a long call
# into C, where a Python handler would wait for the call to return).
STOP = signal.SIGUSR1

_Handler = Callable[[int, FrameType | None], Any] | int | None
_worker = False  # set in a `--jobs` worker process


class Interrupted(KeyboardInterrupt):
    """The run was interrupted by `signum` (SIGINT, as Ctrl-C, or SIGTERM)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class _Once:
    """A handler that interrupts the run at the first signal and ignores the rest."""

    def __init__(self) -> None:
        self.caught: int | None = None

    def __call__(self, signum: int, _frame: FrameType | None) -> None:
        if self.caught is None:
            self.caught = signum
            raise Interrupted(signum)


@contextlib.contextmanager
def handled(for_good: bool = False) -> Iterator[None]:
    """SIGINT and SIGTERM raise Interrupted, once, inside the block.

    Afterwards the previous handlers are back, unless `for_good`: a program's `main`, after
    which only the interpreter's exit is left, keeps ignoring both, so a signal that comes
    as it exits cannot print a traceback from the exit instead of its exit code.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread can set handlers
        return
    previous = [signal.getsignal(signum) for signum in SIGNALS]
    once = _Once()
    for signum in SIGNALS:
        signal.signal(signum, once)
    try:
        yield
    finally:
        for signum, handler in zip(SIGNALS, previous, strict=True):
            signal.signal(signum, signal.SIG_IGN if for_good else _restorable(handler))


def _restorable(handler: _Handler) -> _Handler:
    # A handler that Python did not set reads as None; the default is the closest.
    return signal.SIG_DFL if handler is None else handler


def become_worker() -> None:
    """Make this process a `--jobs` worker: it ignores SIGINT and SIGTERM for good, and
    STOP ends it, except inside `deferred` blocks."""
    global _worker
    _worker = True
    for signum in SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    signal.signal(STOP, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {STOP})


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM (in a worker, STOP) that arrive inside the block until it
    ends, then act on them as the handlers outside it would.

    In the parent a signal mask would not do: Python runs its handlers in the main thread
    whichever thread the kernel gave the signal to, and another thread (a library's) may
    not block it. A handler that only takes note works whatever thread it reached. In a
    worker STOP has no handler, so that it can end the worker inside a call into C; there
    the mask holds it (a worker has no other thread).
    """
    if _worker:
        signal.pthread_sigmask(signal.SIG_BLOCK, {STOP})
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {STOP})
        return
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = [signal.signal(signum, lambda n, _f: caught.append(n)) for signum in SIGNALS]
    try:
        yield
    finally:
        for signum, handler in zip(SIGNALS, previous, strict=True):
            signal.signal(signum, _restorable(handler))
        for came in caught:
            _deliver(came, previous[SIGNALS.index(came)])


def _deliver(signum: int, handler: _Handler) -> None:
    """Act on `signum` as `handler` would have when it came."""
    if handler is signal.SIG_IGN:
        return
    if callable(handler):
        handler(signum, None)
    else:  # the default action, which only the kernel takes: end the process
        os.kill(os.getpid(), signum)
