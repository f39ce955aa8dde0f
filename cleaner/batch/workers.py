"""The worker processes of `--jobs`: started, fed spans of jobs, and stopped, always within
a deadline.

They are owned here rather than by concurrent.futures' ProcessPoolExecutor, which could not
be stopped on an interrupt: its shutdown waits for the work under way, its management
thread and queue feeders block on pipes a dying process leaves half-read, and its exit
handler joins every worker with no deadline. A Ctrl-C repeated there broke that wait and
left workers running with no parent. Here the parent is the only thread; each worker has
one pipe, on which it receives a span and sends back its results; and stopping is
always the same few steps, with a deadline, none of which a signal can cut (`stop`).

Workers ignore SIGINT and SIGTERM, which reach the whole process group: the parent alone
acts on them, by sending each worker STOP, which ends it at once, even inside a call into
C, except while it writes a copy (cleaner.batch.interrupts.deferred holds it there), so no
partial file is left. One that has not ended by the deadline is killed.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

from cleaner.batch import interrupts
from cleaner.errors import RunFailed

# Spans a worker holds at once: the one it cleans and the next, so it never waits for one.
AHEAD = 2
# Seconds a stopped worker has to end before it is killed: time to finish writing a copy.
GRACE = 1.0
DIED = (
    "a worker process died (killed, or out of memory?); every copy it wrote is whole. Run "
    "again, with fewer --jobs if memory is short"
)

Serve = Callable[[tuple[int, int]], Any]


def _context() -> Any:
    # fork gives a worker the jobs, rules and pipeline settings without pickling them.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class Worker:
    def __init__(self, context: Any, setup: Callable[[], Serve], others: Sequence[Worker]) -> None:
        self.conn, child = context.Pipe()
        self.pending: deque[int] = deque()  # indexes of the spans sent, in order
        forked = context.get_start_method() == "fork"
        inherited = [worker.conn for worker in others] if forked else []
        self.process = context.Process(target=_serve, args=(child, setup, inherited), daemon=True)
        self.process.start()
        child.close()  # else a worker started later would hold it open

    def alive(self) -> bool:
        return self.process.exitcode is None


def _serve(conn: Connection, setup: Callable[[], Serve], inherited: Sequence[Connection]) -> None:
    """A worker's life: clean each span received and send back its results, until told to
    end (None) or stopped."""
    interrupts.become_worker()
    for other in inherited:  # the parent's ends of earlier workers' pipes
        other.close()
    clean: Serve | None = None
    while True:
        try:
            span = conn.recv()
        except EOFError:  # the parent is gone
            return
        if span is None:
            return
        try:
            clean = clean or setup()
            reply: Any = clean(span)
        except Exception as exc:  # a bug: the run stops, and says where
            reply = RunFailed(f"a worker process failed: {type(exc).__name__}: {exc}")
        conn.send(reply)


class Pool:
    """Worker processes, each made ready by `setup` (run in the worker), which returns the
    function that cleans a span there. Whatever happens after `start` is called, even in
    it, `stop` must follow (in a `finally`)."""

    def __init__(self, setup: Callable[[], Serve], ahead: int = AHEAD) -> None:
        self.setup = setup
        self.ahead = ahead  # spans a worker holds at once (1 where each is long: a shard)
        self.workers: list[Worker] = []

    def start(self, count: int) -> None:
        context = _context()
        # Held while starting: a worker started but not yet listed would outlive the run.
        with interrupts.deferred():
            for _ in range(count):
                self.workers.append(Worker(context, self.setup, self.workers))

    def map(
        self, spans: Sequence[tuple[int, int]], tick: Callable[[], None] | None = None
    ) -> Iterator[Any]:
        """Each span's results, in span order. `tick` is called at intervals while the
        parent waits, for a progress display."""
        done: dict[int, Any] = {}
        want = 0
        for index, reply in self.each(spans, tick):
            done[index] = reply
            while want in done:
                reply = done.pop(want)
                if isinstance(reply, RunFailed):
                    raise reply
                yield reply
                want += 1

    def each(
        self, spans: Sequence[tuple[int, int]], tick: Callable[[], None] | None = None
    ) -> Iterator[tuple[int, Any]]:
        """Each span's index and results, as each is done (see map); a span whose worker
        failed gives the RunFailed saying how, for the caller to raise."""
        sent = 0
        for _ in range(len(spans)):
            for worker in self.workers:
                while sent < len(spans) and len(worker.pending) < self.ahead:
                    self._send(worker, spans[sent])
                    worker.pending.append(sent)
                    sent += 1
            busy = [w for w in self.workers if w.pending]
            while True:
                ready = wait(
                    [w.conn for w in busy] + [w.process.sentinel for w in busy],
                    timeout=None if tick is None else 0.1,
                )
                if ready:
                    break
                if tick is not None:
                    tick()
            worker = next(w for w in busy if w.conn in ready or w.process.sentinel in ready)
            if worker.conn not in ready:
                raise RunFailed(DIED)
            index = worker.pending.popleft()
            yield index, self._receive(worker)

    @staticmethod
    def _send(worker: Worker, span: tuple[int, int]) -> None:
        try:
            worker.conn.send(span)
        except OSError:
            raise RunFailed(DIED) from None

    @staticmethod
    def _receive(worker: Worker) -> Any:
        try:
            return worker.conn.recv()
        except (EOFError, OSError):
            raise RunFailed(DIED) from None

    def stop(self, finished: bool) -> None:
        """End every worker: when `finished`, by telling it to (it is idle); else at once,
        by STOP. Either way each is gone, and reaped, within GRACE seconds; a signal that
        comes meanwhile is held until they are."""
        with interrupts.deferred():
            for worker in self.workers:
                if not worker.alive():
                    continue
                try:
                    if finished:
                        worker.conn.send(None)
                    else:
                        os.kill(worker.process.pid, interrupts.STOP)
                except (OSError, ValueError):
                    pass  # it is ending already
            deadline = time.monotonic() + GRACE
            for worker in self.workers:
                worker.process.join(max(0.0, deadline - time.monotonic()))
            for worker in self.workers:
                if worker.alive():
                    worker.process.kill()
                    worker.process.join()
                worker.conn.close()
                worker.process.close()
