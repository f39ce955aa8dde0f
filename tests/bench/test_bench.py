"""The benchmark runs end to end on a small corpus and reports what it promises."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import ROOT

ARTICLE = (
    "Storm hits coast\n\n"
    "A storm brought heavy rain and strong winds to the coast on Monday, closing roads.\n\n"
    "Forecasters said the worst of the weather would pass by Tuesday morning.\n"
)


def test_benchmark_reports_speed_memory_jobs_long_files_and_the_hook(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for section in ("news", "sport"):
        (corpus / section).mkdir(parents=True)
        for n in range(3):
            (corpus / section / f"{n:03}.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), str(corpus), "--copies", "2",
         "--json", str(out), "--big-sizes", "0.2"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    results = json.loads(out.read_text(encoding="utf-8"))["speed"]
    assert results["fast"]["docs"] == 12 and results["obvious"]["docs"] == 6
    assert set(results["fast"]["seconds_per_stage"]) >= {"decode", "dedupe", "spin", "tidy"}
    assert results["memory"]["1x_mib"] > 0 and results["memory"]["10x_mib"] > 0
    jobs2 = results["jobs2"]
    assert jobs2["identical_output"] is True
    assert jobs2["speedup"] > 0 and jobs2["two_processes_apart_speedup"] > 0
    command = results["command"]
    assert command["docs"] == 12 and command["identical_output"] is True
    assert command["jobs1_wall_seconds"] > 0 and command["jobs2_wall_seconds"] > 0
    floor = results["floor"]
    assert floor["wall_seconds"] > 0 and floor["cpu_ratio"] > 0
    big = results["big"]["plain"]
    assert set(big) == {"generated_0.2mb", "corpus"}
    for one in big.values():
        assert one["one_file"]["exit"] == one["as_files"]["exit"] == 0
        assert one["cpu_ratio"] > 0 and one["one_file"]["peak_mib"] > 0
    assert big["corpus"]["megabytes"] > 0 and big["generated_0.2mb"]["megabytes"] == 0.2
    for hook in results["hook"]["plain"].values():
        assert hook["up_to_date_seconds"] > 0 and hook["cleaning_seconds"] > 0
    for label in ("pipeline", "obvious", "peak memory", "--jobs 2", "two processes, half each",
                  "cleaner clean, end to end", "the floor", "one file, corpus (plain)",
                  "cleaner hook 004 (plain)"):  # fmt: skip
        assert label in done.stdout


def run_only(tmp_path: Path, corpus: Path, *flags: str) -> tuple[dict[str, Any], str]:
    """bench/run.py with an --only flag over a results file holding other figures: the
    results written, less those figures (checked kept), and what it printed."""
    out = tmp_path / "bench.json"
    kept = {"pages": {"f1": 0.5}, "speed": {"fast": {"docs": 7}, "big": {}, "hook": {}}}
    out.write_text(json.dumps(kept), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), str(corpus), *flags, "--json", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["pages"] == kept["pages"] and results["speed"]["fast"] == {"docs": 7}
    assert "obvious" not in done.stdout
    return results["speed"], done.stdout


def test_only_big_measures_the_long_files_and_keeps_every_other_figure(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"{n:03}.txt").write_text(ARTICLE, encoding="utf-8")
    speed, printed = run_only(tmp_path, corpus, "--only-big", "--big-sizes", "0.1")
    assert set(speed["big"]) == {"plain"} and speed["hook"] == {}
    assert set(speed["big"]["plain"]) == {"generated_0.1mb", "corpus"}
    assert "one file, corpus (plain)" in printed


def test_only_hook_measures_the_hook_and_keeps_every_other_figure(tmp_path: Path) -> None:
    speed, printed = run_only(tmp_path, tmp_path / "no corpus needed", "--only-hook")
    assert set(speed["hook"]) == {"plain"} and speed["big"] == {}
    for hook in speed["hook"]["plain"].values():
        assert hook["up_to_date_seconds"] > 0 and hook["cleaning_seconds"] > 0
    assert "cleaner hook 004 (plain)" in printed


def test_a_part_skipped_keeps_its_last_figures(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "000.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "bench.json"
    last = {part: {"last": part} for part in ("memory", "jobs2", "command", "floor", "big", "hook")}
    out.write_text(json.dumps({"speed": {"fast": {"docs": 7}, **last}}), encoding="utf-8")
    skips = ["--skip-memory", "--skip-jobs", "--skip-command", "--skip-big", "--skip-hook"]
    skips += ["--copies", "1"]
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), str(corpus), *skips, "--json", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    speed = json.loads(out.read_text(encoding="utf-8"))["speed"]
    assert {part: speed[part] for part in last} == last
    assert speed["fast"]["docs"] == 1  # what was run is measured again
