"""Benchmark: shards, on one machine and on a Ray cluster of two nodes on it.

    python bench/shards.py                   # BBC x16 as JSONL and Parquet shards, a 1 GB
                                             # JSONL shard, the WARC readers
    python bench/shards.py --copies 2 --big-mb 50 --results out.json   # a quick run

BBC x16 (one shard of the corpus per copy) is cleaned by `cleaner clean` with `--jobs 1`,
`--jobs 2`, and `--engine ray` on a cluster of a head and a worker node of one CPU each
started here (its start-up timed apart; its workers at niceness 0, as --jobs workers
run), each into a fresh folder, --repeat times in turn, the fastest run of each kept:
wall time of the whole command (start-up, joining the cluster, actors' start, cleaning,
the tail), documents per second per worker core (end to end, and steady: once every
worker is at work), the workers' CPU seconds (user and system, sampled from /proc), the
peak memory of each worker process (VmHWM, sampled from /proc), and whether every run
wrote the same bytes (shards, tallies, manifest). A JSONL shard of --big-mb megabytes is
cleaned with --jobs 1 beside one copy of the corpus as one shard, to show memory flat,
and with --jobs 2, which cuts it into spans, to show the same bytes. The WARC readers,
fastwarc and warcio (if installed), read the same archive. Figures go into the `shards`
part of bench/results.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests")]
from results import RESULTS, record  # noqa: E402
from shardkit import page, write_jsonl, write_parquet, write_warc  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"


def corpus_rows(folder: Path) -> list[dict[str, Any]]:
    from cleaner.stages.decode import decode_text

    files = sorted(p for p in folder.rglob("*.txt") if p.name[:1].isdigit())
    return [{"id": f"{p.parent.name}/{p.stem}", "text": decode_text(p.read_bytes())} for p in files]


class Peaks:
    """Samples, while a run goes, the peak memory (VmHWM) of the processes that clean:
    the command's process and its children, or Ray's actors (named after CleanShards)."""

    def __init__(self) -> None:
        self.peaks: dict[int, int] = {}
        self.ticks: dict[int, int] = {}  # user and system CPU time, in clock ticks
        self.root = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Peaks:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _run(self) -> None:
        while not self.stop.wait(0.1):
            for entry in os.scandir("/proc"):
                if entry.name.isdigit():
                    self._sample(int(entry.name))

    def _sample(self, pid: int) -> None:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parent = int(fields.get("PPid", "0"))
        ours = self.root and (pid == self.root or parent == self.root)
        # An actor of the cluster this process started, not of another on the machine.
        if ours or (b"CleanShards" in command and _descends(pid, os.getpid())):
            kib = int(fields.get("VmHWM", "0 kB").split()[0])
            self.peaks[pid] = max(self.peaks.get(pid, 0), kib)
            try:
                ticks = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return
            self.ticks[pid] = max(self.ticks.get(pid, 0), int(ticks[11]) + int(ticks[12]))

    def worker_cpu(self) -> float:
        """CPU seconds of the workers (the last sample of each: up to 0.1 s short)."""
        workers = [t for pid, t in self.ticks.items() if pid != self.root] or list(
            self.ticks.values()
        )
        return round(sum(workers) / os.sysconf("SC_CLK_TCK"), 2)

    def worker_peaks(self) -> list[float]:
        """Peaks of the workers in MiB (with --jobs N > 1 the parent only hands out work)."""
        workers = [kib for pid, kib in self.peaks.items() if pid != self.root]
        return [round(k / 1024, 1) for k in (workers or list(self.peaks.values()))]


def busy() -> float:
    """CPU seconds the machine has spent busy (every process, ours or not) since boot."""
    with open("/proc/stat") as stat:
        ticks = [int(n) for n in stat.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # less idle, iowait


# The machine is shared: before each run, wait (up to QUIET_WAIT seconds) for a second in
# which it is all but idle, so that runs compete with as little of others' work as can be.
QUIET_CPUS, QUIET_WAIT = 0.15, 60.0


def quiet() -> float:
    """Wait for a quiet second (see QUIET_CPUS); the seconds waited."""
    start = time.perf_counter()
    while time.perf_counter() - start < QUIET_WAIT:
        before = busy()
        time.sleep(1.0)
        if busy() - before < QUIET_CPUS:
            break
    return round(time.perf_counter() - start, 1)


def _descends(pid: int, ancestor: int) -> bool:
    """Whether the process `pid` is a descendant of `ancestor`."""
    while pid > 1:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return False
        pid = int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid")))
        if pid == ancestor:
            return True
    return False


def clean(inputs: Path, output: Path, *extra: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "cleaner", "clean", str(inputs), "-o", str(output), *extra]
    waited = quiet()
    with Peaks() as peaks:
        start, before = time.perf_counter(), busy()
        running = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
        peaks.root = running.pid
        _, err = running.communicate()
        wall, machine = time.perf_counter() - start, busy() - before
    if running.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} exited {running.returncode}:\n{err}")
    # machine_cpu_seconds less worker_cpu_seconds: the command's own process, Ray's, the
    # sampler's, and any other work on the machine meanwhile.
    return {"wall_seconds": round(wall, 2), "worker_cpu_seconds": peaks.worker_cpu(),
            "machine_cpu_seconds": round(machine, 2), "quiet_wait_seconds": waited,
            "worker_peak_mib": peaks.worker_peaks(), "output_sha256": digest(output)}  # fmt: skip


def steady(output: Path, docs_per_shard: int, workers: int) -> float:
    """Documents per second per worker once every worker is at work, leaving out start-up
    and shut-down: the shards finished after each worker's first, over the time from the
    last of those first finishes to the last finish (told by the output shards' times)."""
    done = sorted(p.stat().st_mtime for p in output.iterdir() if not p.name.startswith(".")
                  and not p.name.endswith(".json"))  # fmt: skip
    return round(
        (len(done) - workers) * docs_per_shard / (done[-1] - done[workers - 1]) / workers, 1
    )


def digest(folder: Path) -> str:
    total = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            total.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return total.hexdigest()


def engines(scratch: Path, rows: list[dict[str, Any]], copies: int, repeat: int) -> dict[str, Any]:
    """Each engine run `repeat` times, in turn, each run into a fresh folder; the figures
    of each engine's fastest run are kept (the machine is shared: the others' work only
    ever slows a run down)."""
    import shutil

    from ray.cluster_utils import Cluster

    # Ray starts its workers at niceness 15, so that on a shared machine they yield to
    # everything else, where the --jobs workers do not: at 0, like is compared with like.
    os.environ["RAY_worker_niceness"] = "0"  # noqa: SIM112 (Ray's name, case and all)
    found: dict[str, Any] = {}
    for kind in ("jsonl", "parquet"):
        inputs = scratch / f"in-{kind}"
        inputs.mkdir()
        for copy in range(copies):
            shard = [{**row, "id": f"{copy}/{row['id']}"} for row in rows]
            if kind == "jsonl":
                write_jsonl(inputs / f"bbc-{copy:02}.jsonl", shard)
            else:
                write_parquet(inputs / f"bbc-{copy:02}.parquet", shard)
        docs = len(rows) * copies
        start = time.perf_counter()
        cluster = Cluster(
            initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False}
        )
        cluster.add_node(num_cpus=1)
        cluster.wait_for_nodes()
        started = time.perf_counter() - start
        engines = {
            "jobs1": ("--jobs", "1"),
            "jobs2": ("--jobs", "2"),
            "ray": ("--engine", "ray", "--address", cluster.address),
        }
        runs: dict[str, Any] = {}
        try:
            for _ in range(repeat):
                for name, extra in engines.items():
                    output = scratch / f"{kind}-{name}"
                    shutil.rmtree(output, ignore_errors=True)
                    run = clean(inputs, output, *extra)
                    run["workers"] = 1 if name == "jobs1" else 2
                    run["steady_docs_per_second_per_worker_core"] = steady(
                        output, len(rows), run["workers"]
                    )
                    best = runs.get(name)
                    if best is None or run["wall_seconds"] < best["wall_seconds"]:
                        runs[name] = run
                    walls = runs.setdefault(f"{name}_walls", [])
                    walls.append(run["wall_seconds"])
        finally:
            cluster.shutdown()
        runs["ray"].update(cluster_start_seconds=round(started, 2), worker_niceness=0)
        for name in engines:
            run = runs[name]
            run["docs_per_second"] = round(docs / run["wall_seconds"], 1)
            run["docs_per_second_per_worker_core"] = round(
                docs / run["wall_seconds"] / run["workers"], 1
            )
            run["docs_per_worker_cpu_second"] = round(docs / run["worker_cpu_seconds"], 1)
        for rate in ("docs_per_second_per_worker_core", "steady_docs_per_second_per_worker_core"):
            runs[f"ray_vs_jobs2_{rate}"] = round(runs["ray"][rate] / runs["jobs2"][rate], 3)
        runs["identical_output"] = len({runs[k]["output_sha256"] for k in engines}) == 1
        runs["docs"] = docs
        runs["repeat"] = repeat
        found[kind] = runs
        print(kind, json.dumps(runs), flush=True)
    return found


def big_shard(scratch: Path, rows: list[dict[str, Any]], megabytes: int) -> dict[str, Any]:
    one, big = scratch / "one", scratch / "big"
    one.mkdir()
    big.mkdir()
    write_jsonl(one / "bbc.jsonl", rows)
    lines = [json.dumps(row) + "\n" for row in rows]
    size = sum(len(line.encode()) for line in lines)
    count = 0
    with open(big / "big.jsonl", "w", encoding="utf-8") as out:
        while count * size < megabytes * 1_000_000:
            out.writelines(json.dumps({**row, "copy": count}) + "\n" for row in rows)
            count += 1
    small = clean(one, scratch / "one-out", "--jobs", "1")
    large = clean(big, scratch / "big-out", "--jobs", "1")
    # Two workers share the one shard by spans (cleaner.shards.pieces).
    shared = clean(big, scratch / "big-out-2", "--jobs", "2")
    found = {
        "megabytes": round((big / "big.jsonl").stat().st_size / 1e6, 1),
        "docs": len(rows) * count,
        "wall_seconds": large["wall_seconds"],
        "peak_mib": max(large["worker_peak_mib"]),
        "one_copy_peak_mib": max(small["worker_peak_mib"]),
        "jobs2_wall_seconds": shared["wall_seconds"],
        "jobs2_worker_peak_mib": shared["worker_peak_mib"],
        "jobs2_identical_output": shared["output_sha256"] == large["output_sha256"],
    }
    print("big", json.dumps(found), flush=True)
    return found


def warc_readers(scratch: Path, rows: list[dict[str, Any]]) -> dict[str, Any]:
    archive = write_warc(scratch / "bbc.warc.gz", [page(row["text"]) for row in rows * 4])
    found: dict[str, Any] = {"pages": len(rows) * 4}
    from fastwarc.warc import ArchiveIterator

    start = time.perf_counter()
    with open(archive, "rb") as stream:
        for record in ArchiveIterator(stream, parse_http=True, auto_decode="all"):
            record.reader.read()
    found["fastwarc_seconds"] = round(time.perf_counter() - start, 3)
    try:
        from warcio.archiveiterator import ArchiveIterator as WarcioIterator
    except ImportError:
        return found
    start = time.perf_counter()
    with open(archive, "rb") as stream:
        for record in WarcioIterator(stream):
            record.content_stream().read()
    found["warcio_seconds"] = round(time.perf_counter() - start, 3)
    print("warc", json.dumps(found), flush=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--copies", type=int, default=16, help="shards of the corpus")
    parser.add_argument("--big-mb", type=int, default=1000, help="size of the big JSONL shard")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each engine (best kept)")
    parser.add_argument("--scratch", type=Path, help="where shards are written (default: tmp)")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--skip", action="append", default=[],
                        choices=("engines", "big", "warc"))  # fmt: skip
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"bench: corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    import tempfile

    rows = corpus_rows(args.corpus)
    found: dict[str, Any] = {"corpus": str(args.corpus), "cpu_count": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="cleaner-shards-", dir=args.scratch) as where:
        scratch = Path(where)
        if "warc" not in args.skip:
            found["warc_readers"] = warc_readers(scratch, rows)
        if "engines" not in args.skip:
            found["engines"] = engines(scratch, rows, args.copies, args.repeat)
        if "big" not in args.skip:
            found["big_jsonl"] = big_shard(scratch, rows, args.big_mb)
    # A part left out (--skip) keeps its figures from the last run that made them.
    earlier: dict[str, Any] = {}
    if args.results.is_file():
        earlier = json.loads(args.results.read_text(encoding="utf-8")).get("shards", {})
    record("shards", {**earlier, **found}, args.results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
