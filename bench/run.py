"""Benchmark: cleaner's pipeline against the obvious version, on a corpus folder.

    python bench/run.py                      # ../shared/corpora/bbc, copied 4 times
    python bench/run.py CORPUS --copies 1 --json out.json
    pip install --no-deps --target /tmp/cleaner-build . && \
        python bench/run.py --compiled /tmp/cleaner-build   # the compiled build (setup.py)

Each measurement runs in a fresh process and is timed from outside it, so start-up
(interpreter, imports, rules, dictionaries) counts. Prints a table and writes JSON:
docs/s, MB/s, seconds per stage, peak memory; the obvious version's docs/s and the ratio;
peak memory at 1x and 10x the corpus; the `--jobs 2` speed-up and whether its output is
identical to `--jobs 1`, beside two independent processes cleaning half the corpus each
(what the machine allows `--jobs 2` at best). With --compiled, the pipeline is the
compiled build found there, and the source's plain Python is measured beside it.

The figures above are the pipeline's alone. The rows after them are what a user waits for:
`cleaner clean` over the copied corpus, reading the files, cleaning them, writing every
clean copy and the manifest into a fresh folder under --scratch, with `--jobs 1` and 2,
beside the floor: a bare Python pass that only reads, decodes, splits (into lines and
words) and writes the same files. Then long files: generated article-like text of each
--big-sizes megabytes, and the corpus, each cleaned as one file and as many small ones,
CPU time and peak memory of each, --big-runs times in turn (--only-big measures these
alone, and keeps the other figures). Last the pre-commit hook on one seed, up to date and
cleaning it (--only-hook: that alone, the same way). Every figure goes to the "speed"
section of the results file, bench/results.json unless --json.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, overload

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from results import record  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"


def corpus_files(folder: Path, copies: int) -> list[Path]:
    files = sorted(p for p in folder.rglob("*.txt") if p.name[:1].isdigit())
    return files * copies


class Jobs(Sequence[Any]):
    """The corpus as batch jobs made when asked for: a list of 22,250 jobs made up front
    would itself be a tenth of the peak memory being measured."""

    def __init__(self, files: list[Path]) -> None:
        self.files = files

    def __len__(self) -> int:
        return len(self.files)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return Jobs(self.files[index])
        from cleaner import batch

        return batch.Job(self.files[index], Path(self.files[index].name))


def child(
    mode: str, folder: Path, copies: int, jobs: int, site: Path, part: tuple[int, int] = (0, 1)
) -> dict[str, Any]:
    """Clean the corpus (every `part[1]`th file from the `part[0]`th) in this process with
    the cleaner found in `site`, and say what it took (run by `measure`)."""
    sys.path.insert(0, str(site))
    import cleaner.pipeline
    from cleaner import batch
    from cleaner.api import Cleaner
    from cleaner.ruleset import load_rules

    files = corpus_files(folder, copies)[part[0] :: part[1]]
    rules = load_rules()
    digest = hashlib.sha256()
    seconds: dict[str, float] = {}
    size = 0
    if mode == "fast":
        for result in batch.run(Jobs(files), Cleaner(rules=rules), workers=jobs):
            digest.update(result.text.encode())
            for stage, value in result.seconds.items():
                seconds[stage] = seconds.get(stage, 0.0) + value
        size = sum(f.stat().st_size for f in files)
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        import obvious

        steps = obvious.build(rules)
        for f in files:
            data = f.read_bytes()
            size += len(data)
            digest.update(obvious.clean(data, steps, seconds).encode())
    peak_kib = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return {
        "docs": len(files),
        "bytes": size,
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "seconds_per_stage": seconds,
        "output_sha256": digest.hexdigest(),
        "compiled": not cleaner.pipeline.__file__.endswith(".py"),
    }


def measure(
    mode: str, folder: Path, copies: int, jobs: int = 1, site: Path = ROOT
) -> dict[str, Any]:
    """Run `child` in a fresh interpreter, timed from here: start-up counts."""
    start = time.perf_counter()
    out = subprocess.run(
        _command(mode, folder, copies, jobs, site), check=True, capture_output=True, text=True
    ).stdout
    wall = time.perf_counter() - start
    data: dict[str, Any] = json.loads(out)
    data.update(
        mode=mode,
        copies=copies,
        jobs=jobs,
        wall_seconds=round(wall, 3),
        docs_per_second=round(data["docs"] / wall, 1),
        mb_per_second=round(data["bytes"] / wall / 1e6, 2),
    )
    return data


def _command(
    mode: str, folder: Path, copies: int, jobs: int, site: Path, part: tuple[int, int] = (0, 1)
) -> list[str]:
    """The command line of a `child` run."""
    return [sys.executable, __file__, "--child", mode, "--copies", str(copies),
            "--jobs", str(jobs), "--site", str(site), "--part", str(part[0]),
            "--parts", str(part[1]), str(folder)]  # fmt: skip


def measure_apart(folder: Path, copies: int, site: Path, processes: int = 2) -> float:
    """Wall seconds for `processes` independent processes, started together, to clean a
    share of the corpus each: what this machine allows `--jobs` at best, with no work
    shared out and no results sent back."""
    start = time.perf_counter()
    running = [
        subprocess.Popen(
            _command("fast", folder, copies, 1, site, (k, processes)), stdout=subprocess.DEVNULL
        )
        for k in range(processes)
    ]
    for process in running:
        if process.wait():
            raise subprocess.CalledProcessError(process.returncode, process.args)
    return time.perf_counter() - start


def measure_command(inputs: Path, scratch: Path, jobs: int, site: Path) -> dict[str, Any]:
    """`cleaner clean INPUTS` into a new folder in `scratch`, in a fresh process timed from
    here; the wall time and a digest of every clean copy written.

    Nothing is deleted between runs: ext4 passes over the inodes of files deleted in the
    last minutes when it makes a file: deleting one run's copies just before the next
    made that run slower here, and its time less steady."""
    output = scratch / f"out-{jobs}"
    command = [sys.executable, "-m", "cleaner", "clean", str(inputs), "-o", str(output),
               "--jobs", str(jobs)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(site)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=scratch)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    digest = hashlib.sha256()
    for path in sorted(output.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(output)).encode() + b"\0" + path.read_bytes())
    return {
        "wall_seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "output_sha256": digest.hexdigest(),
    }


# Run in a process of its own: `cleaner clean SOURCE -o OUTPUT`, then what it used.
CLEAN_CHILD = """
import json, resource, sys
import cleaner.pipeline
from cleaner.cli import main
code = main(["clean", sys.argv[1], "-o", sys.argv[2]])
used = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"exit": code, "cpu_seconds": round(used.ru_utime + used.ru_stime, 3),
                  "peak_mib": PEAK_MIB(used),
                  "compiled": not cleaner.pipeline.__file__.endswith(".py")}))
"""
# The floor: what any tool that reads, decodes, splits and writes these files must do.
FLOOR_CHILD = """
import json, os, resource, sys
source, output = sys.argv[1], sys.argv[2]
words = 0
for folder, _dirs, files in os.walk(source):
    target = os.path.join(output, os.path.relpath(folder, source))
    os.makedirs(target, exist_ok=True)
    for name in files:
        with open(os.path.join(folder, name), "rb") as handle:
            data = handle.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", "replace")
        words += sum(len(line.split()) for line in text.split("\\n"))
        with open(os.path.join(target, name), "wb") as handle:
            handle.write(text.encode("utf-8"))
used = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"exit": 0, "cpu_seconds": round(used.ru_utime + used.ru_stime, 3),
                  "peak_mib": PEAK_MIB(used), "words": words}))
"""
# A child's own peak: ru_maxrss of a process started by vfork, as subprocess starts one,
# counts its parent's memory too on Linux, where VmHWM counts the child's alone.
PEAK = """
def PEAK_MIB(used):
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(used.ru_maxrss / 1024, 1)
"""


def measure_child(code: str, source: Path, output: Path, site: Path) -> dict[str, Any]:
    """Run `code` (CLEAN_CHILD or FLOOR_CHILD) on `source` into `output` in a fresh process
    with the cleaner found in `site`: what it reports, and its wall time from here."""
    env = {**os.environ, "PYTHONPATH": str(site)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK + code, str(source), str(output)],
        check=True, capture_output=True, text=True, env=env, cwd=output.parent,
    )  # fmt: skip
    data: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    data["wall_seconds"] = round(time.perf_counter() - start, 3)
    if data["exit"] not in (0, 1):
        raise RuntimeError(f"{source}: exit {data['exit']}: {done.stderr[-500:]}")
    return data


def article_paragraphs(size: int) -> list[str]:
    """Article-like paragraphs with a realistic (Zipf) word distribution, all distinct, of
    `size` characters in all, each followed by a blank line. Every paragraph shares words
    with many others: the work dedupe does on a long text is at its most."""
    sys.path.insert(0, str(ROOT))
    from cleaner import wordlist as lexicon

    counts = lexicon.counts(lexicon.packaged())
    vocab = sorted(counts, key=lambda w: -counts[w])[:5000]
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocab))))
    rnd = random.Random(0)
    paragraphs: list[str] = []
    while size > 0:
        words = rnd.choices(vocab, cum_weights=cumulative, k=rnd.randint(12, 40))
        paragraphs.append(" ".join(words).capitalize() + ".\n\n")
        size -= len(paragraphs[-1])
    return paragraphs


PARAGRAPHS_A_FILE = 20  # generated text as small files: about a news article each


def write_big_inputs(paragraphs: Sequence[str], folder: Path) -> tuple[Path, Path]:
    """`paragraphs` as one file in `folder`, and as a folder of PARAGRAPHS_A_FILE each."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "big.txt").write_text("".join(paragraphs), encoding="utf-8")
    for n, start in enumerate(range(0, len(paragraphs), PARAGRAPHS_A_FILE)):
        part = folder / "parts" / f"{n // 1000:03}" / f"{n:06}.txt"
        part.parent.mkdir(parents=True, exist_ok=True)
        part.write_text("".join(paragraphs[start : start + PARAGRAPHS_A_FILE]), encoding="utf-8")
    return folder / "big.txt", folder / "parts"


_MODEL_CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
def resident():
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) / 1024
import pocketsphinx
from cleaner.trigrams import Trigrams
before = resident()
Trigrams.load().gram(("the",))  # read on its first question
print(round(resident() - before, 1))
"""


def model_mib(site: Path) -> float:
    """MiB the trigram model holds resident once read (measured in a child process)."""
    done = subprocess.run(
        [sys.executable, "-c", _MODEL_CHILD, str(site)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(done.stdout)


def measure_big(
    one: Path, many: Path, scratch: Path, site: Path, runs: int = 1
) -> dict[str, Any]:
    """One file against the same text as many files: CPU, wall and peak memory of each,
    `runs` times in turn (one file, then the files). A single pair of runs swings by half
    on a shared machine (the files' side most: it writes thousands of new files), so the
    ratio is the median of the pairs', with their range; `one_file` and `as_files` are the
    median pair's runs, and `one_file_peak_mib_most` the highest peak of any run."""
    size_mb = one.stat().st_size / 1e6
    pairs = []
    for _ in range(runs):
        # Fresh folders: a run into the last one's would find its copies up to date.
        first = measure_child(CLEAN_CHILD, one, Path(tempfile.mkdtemp(dir=scratch)) / "out", site)
        files = measure_child(CLEAN_CHILD, many, Path(tempfile.mkdtemp(dir=scratch)) / "out", site)
        pairs.append((first["cpu_seconds"] / files["cpu_seconds"], first, files))
    pairs.sort(key=lambda pair: pair[0])
    ratio, first, files = pairs[len(pairs) // 2]
    return {
        "megabytes": round(size_mb, 3),
        "runs": runs,
        "one_file": first,
        "as_files": files,
        "cpu_ratio": round(ratio, 2),
        "cpu_ratio_range": [round(pairs[0][0], 2), round(pairs[-1][0], 2)],
        "wall_ratio": round(first["wall_seconds"] / files["wall_seconds"], 2),
        "one_file_cpu_seconds_per_mb": round(first["cpu_seconds"] / size_mb, 3),
        "one_file_peak_mib_most": max(pair[1]["peak_mib"] for pair in pairs),
        # Issue 26's bound, plus what the spin stage's trigram model holds resident once
        # read, at the first English text (a fixed cost since issue 24).
        "model_mib": (model := model_mib(site)),
        "peak_bound_mib": round((100e6 + 6 * one.stat().st_size) / 2**20 + model, 1),
    }


def corpus_as_one_file(folder: Path, scratch: Path) -> tuple[Path, Path]:
    """The corpus's articles (decoded as `cleaner` decodes them) in one file, a blank line
    apart, and the folder of the articles themselves."""
    sys.path.insert(0, str(ROOT))
    from cleaner.stages.decode import decode_bytes

    texts = [decode_bytes(path.read_bytes())[0].rstrip("\n") for path in corpus_files(folder, 1)]
    one = scratch / "corpus.txt"
    one.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    return one, folder


def measure_hook(site: Path, scratch: Path) -> dict[str, Any]:
    """`cleaner hook` on one seed in a copy of the project's seeds and clean copies: up to
    date (best of 5 runs, wall from here), and cleaning it after its copy was deleted."""
    repo = scratch / "hook"
    shutil.copytree(ROOT / "seeds", repo / "seeds")
    shutil.copytree(ROOT / "cleaned", repo / "cleaned")
    (repo / "pyproject.toml").write_text(
        '[tool.cleaner]\nsource = "seeds"\noutput = "cleaned"\n', encoding="utf-8"
    )
    # Bytecode written and read again, as from a user's install (pip compiles it): with
    # PYTHONDONTWRITEBYTECODE inherited, every run would compile each module from source.
    # Kept in the scratch folder (the warm-up clean below writes it), not in the checkout.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"PYTHONPATH": str(site), "PYTHONPYCACHEPREFIX": str(scratch / "pycache")}
    command = [sys.executable, "-m", "cleaner"]
    subprocess.run([*command, "clean"], cwd=repo, env=env, capture_output=True, check=True)
    results: dict[str, Any] = {}
    for seed in ("000_c8d8a61c1fb48c9d.txt", "004_ba5458754ed9f4c7.txt"):
        up_to_date, cleaning = [], []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([*command, "hook", f"seeds/{seed}"], cwd=repo, env=env,
                           capture_output=True, check=True)  # fmt: skip
            up_to_date.append(time.perf_counter() - start)
            (repo / "cleaned" / seed).unlink()
            start = time.perf_counter()
            subprocess.run([*command, "hook", f"seeds/{seed}"], cwd=repo, env=env,
                           capture_output=True)  # fmt: skip
            cleaning.append(time.perf_counter() - start)
        results[seed] = {
            "up_to_date_seconds": round(min(up_to_date), 3),
            "cleaning_seconds": round(min(cleaning), 3),
        }
    return results


def copy_corpus(folder: Path, copies: int, scratch: Path) -> Path:
    """The corpus's articles copied `copies` times into one folder in `scratch`."""
    inputs, files = scratch / "in", corpus_files(folder, 1)
    for copy in range(copies):
        for file in files:
            target = inputs / str(copy) / file.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
    return inputs


def table(rows: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def _count(value: str) -> int:
    """A number of copies: one at least, since each figure is a rate over them."""
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {n}")
    return n


def measure_long_files(
    args: argparse.Namespace, builds: dict[str, Path], rows: list[tuple[str, str]]
) -> dict[str, Any]:
    """Generated text of each --big-sizes megabytes, and the corpus, each cleaned as one file
    and as many, in each of `builds` (see measure_big); a row for each goes to `rows`."""
    big: dict[str, Any] = {build: {} for build in builds}
    with tempfile.TemporaryDirectory(prefix="cleaner-bench-", dir=args.scratch) as where:
        scratch = Path(where)
        inputs = {}
        for size in (float(mb) for mb in args.big_sizes.split(",")):
            paragraphs = article_paragraphs(int(size * 1e6))
            folder = scratch / f"generated-{size:g}"
            inputs[f"generated_{size:g}mb"] = write_big_inputs(paragraphs, folder)
            del paragraphs
        one, _ = corpus_as_one_file(args.corpus, scratch)
        inputs["corpus"] = one, copy_corpus(args.corpus, 1, scratch)
        for build, place in builds.items():
            for name, (one, many) in inputs.items():
                measured = measure_big(one, many, scratch, place, args.big_runs)
                big[build][name] = measured
                low, high = measured["cpu_ratio_range"]
                rows.append((f"one file, {name} ({build})",
                             f"{measured['one_file']['cpu_seconds']:.1f} s CPU "
                             f"({measured['one_file_cpu_seconds_per_mb']} s/MB), peak "
                             f"{measured['one_file_peak_mib_most']} MiB (bound "
                             f"{measured['peak_bound_mib']}); as files "
                             f"{measured['as_files']['cpu_seconds']:.1f} s: "
                             f"{measured['cpu_ratio']}x ({low}-{high}, "
                             f"{measured['runs']} runs)"))  # fmt: skip
    return big


def measure_hooks(
    args: argparse.Namespace, builds: dict[str, Path], rows: list[tuple[str, str]]
) -> dict[str, Any]:
    """measure_hook in each of `builds`; a row for each seed goes to `rows`."""
    hooks: dict[str, Any] = {}
    for build, place in builds.items():
        with tempfile.TemporaryDirectory(prefix="cleaner-bench-", dir=args.scratch) as where:
            hooks[build] = measure_hook(place, Path(where))
        for seed, hook in hooks[build].items():
            timed = f"up to date {hook['up_to_date_seconds']} s, "
            rows.append((f"cleaner hook {seed[:3]} ({build})",
                         f"{timed}cleaning it {hook['cleaning_seconds']} s"))  # fmt: skip
    return hooks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--copies", type=_count, default=4, help="times the corpus is cleaned")
    parser.add_argument("--obvious-copies", type=_count, default=1)
    parser.add_argument(
        "--json",
        type=Path,
        default=ROOT / "bench" / "results.json",
        help="the results file (default bench/results.json)",
    )
    parser.add_argument(
        "--skip-memory",
        action="store_true",
        help="no 1x/10x memory runs (the results file keeps its last)",
    )
    parser.add_argument(
        "--skip-jobs",
        action="store_true",
        help="no --jobs 2 run (the results file keeps its last)",
    )
    parser.add_argument(
        "--skip-command",
        action="store_true",
        help="no `cleaner clean` runs, nor the floor (the results file keeps its last)",
    )
    parser.add_argument(
        "--big-sizes",
        default="5,20,50",
        help="megabytes of generated text cleaned as one file and as many (default 5,20,50)",
    )
    parser.add_argument(
        "--big-runs",
        type=_count,
        default=3,
        help="pairs of long-file runs, one file then many, whose median ratio is kept (default 3)",
    )
    parser.add_argument(
        "--skip-big",
        action="store_true",
        help="no long-file runs (the results file keeps its last)",
    )
    parser.add_argument(
        "--skip-hook",
        action="store_true",
        help="no pre-commit hook runs (the results file keeps its last)",
    )
    parser.add_argument(
        "--only-big",
        action="store_true",
        help="the long-file runs alone; every other figure of the results file stays",
    )
    parser.add_argument(
        "--only-hook",
        action="store_true",
        help="the pre-commit hook's runs alone (no corpus needed); every other figure stays",
    )
    parser.add_argument(
        "--scratch",
        type=Path,
        metavar="DIR",
        help="where `cleaner clean` reads and writes its copies (default: the system's "
        "temporary folder); its file system's speed shows in those rows",
    )
    parser.add_argument(
        "--compiled", type=Path, metavar="DIR", help="measure the compiled build installed in DIR"
    )
    parser.add_argument("--site", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=("fast", "obvious"), help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--part", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--parts", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir() and (args.only_big or not args.only_hook):
        print(f"bench: corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    if args.child:
        part = (args.part, args.parts)
        print(json.dumps(child(args.child, args.corpus, args.copies, args.jobs, args.site, part)))
        return 0

    # Long files and the hook, in each build measured: with --compiled, the plain source too.
    builds = {"compiled": args.compiled, "plain": ROOT} if args.compiled else {"plain": ROOT}
    if args.only_big or args.only_hook:
        only_rows: list[tuple[str, str]] = []
        kept = json.loads(args.json.read_text(encoding="utf-8")) if args.json.is_file() else {}
        speed = kept.get("speed", {})
        if args.only_big:
            speed["big"] = measure_long_files(args, builds, only_rows)
        if args.only_hook:
            speed["hook"] = measure_hooks(args, builds, only_rows)
        print(table(only_rows))
        record("speed", speed, args.json)
        return 0
    site = args.compiled or ROOT
    fast = measure("fast", args.corpus, args.copies, site=site)
    if args.compiled and not fast["compiled"]:
        print(f"bench: no compiled build in {args.compiled}", file=sys.stderr)
        return 2
    obvious = measure("obvious", args.corpus, args.obvious_copies)
    # The obvious version the issue names: ftfy, langdetect and pyspellchecker on everything
    # and a few regexes, with its start-up and reading; its all-pairs dedupe and
    # rule-by-rule spin, far slower still, taken out.
    slowest = sum(obvious["seconds_per_stage"].get(stage, 0.0) for stage in ("dedupe", "spin"))
    named_rate = obvious["docs"] / (obvious["wall_seconds"] - slowest)
    results: dict[str, Any] = {
        "corpus": str(args.corpus),
        "cpu_count": os.cpu_count(),
        "fast": fast,
        "obvious": obvious,
        "speedup": round(fast["docs_per_second"] / obvious["docs_per_second"], 1),
        "obvious_without_dedupe_spin_docs_per_second": round(named_rate, 1),
        "speedup_without_dedupe_spin": round(fast["docs_per_second"] / named_rate, 1),
    }
    build = "compiled" if fast["compiled"] else "plain Python"
    rows = [
        ("corpus", f"{args.corpus} x{args.copies} ({fast['docs']} docs, "
                   f"{fast['bytes'] / 1e6:.1f} MB)"),
        ("pipeline", f"{fast['wall_seconds']:.2f} s wall, start-up included ({build}): "
                     f"{fast['docs_per_second']:.0f} docs/s, {fast['mb_per_second']:.2f} MB/s, "
                     f"peak {fast['peak_rss_mib']} MiB"),
    ]  # fmt: skip
    if args.compiled:
        plain = measure("fast", args.corpus, args.copies)
        results["plain"] = plain
        rows.append(("  plain Python", f"{plain['wall_seconds']:.2f} s wall: "
                                       f"{plain['docs_per_second']:.0f} docs/s"))  # fmt: skip
    rows += [
        ("obvious", f"{obvious['wall_seconds']:.2f} s for {obvious['docs']} docs: "
                    f"{obvious['docs_per_second']:.0f} docs/s"),
        ("speed-up", f"{results['speedup']}x docs/s"),
        ("  vs ftfy+langdetect+pyspellchecker alone", f"{named_rate:.0f} docs/s: "
                                                      f"{results['speedup_without_dedupe_spin']}x"),
    ]  # fmt: skip
    for stage, value in fast["seconds_per_stage"].items():
        other = obvious["seconds_per_stage"].get(stage)
        per_doc_fast = 1e6 * value / fast["docs"]
        per_doc_obvious = (
            f"{1e6 * other / obvious['docs']:8.0f}" if other is not None else "       -"
        )
        rows.append(
            (f"  {stage}", f"{per_doc_fast:8.0f} us/doc   obvious {per_doc_obvious} us/doc")
        )
    if not args.skip_memory:
        one = measure("fast", args.corpus, 1, site=site)
        ten = measure("fast", args.corpus, 10, site=site)
        results["memory"] = {"1x_mib": one["peak_rss_mib"], "10x_mib": ten["peak_rss_mib"]}
        rows.append(("peak memory", f"1x {one['peak_rss_mib']} MiB, 10x {ten['peak_rss_mib']} MiB"))
    if not args.skip_jobs:
        # Measured back to back with one process again: this shared machine's speed drifts
        # within minutes.
        one = measure("fast", args.corpus, args.copies, site=site)
        two = measure("fast", args.corpus, args.copies, jobs=2, site=site)
        apart = measure_apart(args.corpus, args.copies, site)
        same = two["output_sha256"] == fast["output_sha256"]
        results["jobs2"] = {
            "jobs1_wall_seconds": one["wall_seconds"],
            "wall_seconds": two["wall_seconds"],
            "speedup": round(one["wall_seconds"] / two["wall_seconds"], 2),
            "identical_output": same,
            "two_processes_apart_wall_seconds": round(apart, 3),
            "two_processes_apart_speedup": round(one["wall_seconds"] / apart, 2),
        }
        jobs2 = results["jobs2"]
        rows += [
            ("--jobs 2", f"{two['wall_seconds']:.2f} s against {one['wall_seconds']:.2f} s "
                         f"for --jobs 1: {jobs2['speedup']}x, identical: {same}"),
            ("  two processes, half each", f"{apart:.2f} s: "
                                           f"{jobs2['two_processes_apart_speedup']}x, the "
                                           f"machine's ceiling for --jobs 2"),
        ]  # fmt: skip
    if not args.skip_command:
        with tempfile.TemporaryDirectory(prefix="cleaner-bench-", dir=args.scratch) as where:
            scratch = Path(where)
            inputs = copy_corpus(args.corpus, args.copies, scratch)
            one = measure_command(inputs, scratch, 1, site)
            two = measure_command(inputs, scratch, 2, site)
            floor = measure_child(FLOOR_CHILD, inputs, scratch / "floor", site)
        docs = fast["docs"]
        results["floor"] = {
            "wall_seconds": floor["wall_seconds"],
            "cpu_seconds": floor["cpu_seconds"],
            "command_jobs1_wall_seconds": one["wall_seconds"],
            "command_jobs1_cpu_seconds": one["cpu_seconds"],
            "wall_ratio": round(one["wall_seconds"] / floor["wall_seconds"], 2),
            "cpu_ratio": round(one["cpu_seconds"] / floor["cpu_seconds"], 2),
        }
        results["command"] = {
            "scratch": str(scratch.parent),
            "docs": docs,
            "jobs1_wall_seconds": one["wall_seconds"],
            "jobs1_docs_per_second": round(docs / one["wall_seconds"], 1),
            "jobs2_wall_seconds": two["wall_seconds"],
            "jobs2_docs_per_second": round(docs / two["wall_seconds"], 1),
            "speedup": round(one["wall_seconds"] / two["wall_seconds"], 2),
            "identical_output": one["output_sha256"] == two["output_sha256"],
        }
        command = results["command"]
        rows += [
            ("cleaner clean, end to end", f"--jobs 1 {one['wall_seconds']:.2f} s: "
                                          f"{command['jobs1_docs_per_second']:.0f} docs/s; "
                                          f"--jobs 2 {two['wall_seconds']:.2f} s: "
                                          f"{command['jobs2_docs_per_second']:.0f} docs/s, "
                                          f"{command['speedup']}x, identical: "
                                          f"{command['identical_output']}"),
            ("  copies written under", str(scratch.parent)),
            ("  the floor: read, split, write", f"{floor['wall_seconds']:.2f} s wall, "
                                                f"{floor['cpu_seconds']:.2f} s CPU; --jobs 1 "
                                                f"{results['floor']['wall_ratio']}x its wall, "
                                                f"{results['floor']['cpu_ratio']}x its CPU"),
        ]  # fmt: skip
    if not args.skip_big:
        results["big"] = measure_long_files(args, builds, rows)
    if not args.skip_hook:
        results["hook"] = measure_hooks(args, builds, rows)
    # A part skipped keeps the figures the results file has of it, as --only-big keeps
    # the others: skipping a part is not measuring it as nothing.
    skipped = {
        "memory": args.skip_memory,
        "jobs2": args.skip_jobs,
        "command": args.skip_command,
        "floor": args.skip_command,
        "big": args.skip_big,
        "hook": args.skip_hook,
    }
    kept = json.loads(args.json.read_text(encoding="utf-8")) if args.json.is_file() else {}
    for section, skip in skipped.items():
        if skip and section in kept.get("speed", {}):
            results[section] = kept["speed"][section]
    print(table(rows))
    record("speed", results, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
