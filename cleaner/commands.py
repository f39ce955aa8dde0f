"""The sub-commands behind `cleaner.cli.main`, each taking the parsed arguments."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from cleaner import batch, report
from cleaner.cli import ExitCode, Progress, unified_diff
from cleaner.config import Config, load_config
from cleaner.errors import ConfigError
from cleaner.pipeline import STAGES
from cleaner.rules import RuleSet, load_rules


def _setup(args: argparse.Namespace) -> tuple[Config, RuleSet, tuple[str, ...]]:
    config = load_config()
    for name in args.disable:
        if name not in STAGES:
            raise ConfigError(f"--disable: unknown stage {name!r} (stages: {', '.join(STAGES)})")
    rules = load_rules(list(config.rules) + list(args.rules))
    return config, rules, tuple(config.disable) + tuple(args.disable)


def clean(args: argparse.Namespace) -> int:
    config, rules, disabled = _setup(args)
    output: Path = args.output or config.output
    paths: list[Path] = args.paths or [config.source]
    code: int = ExitCode.OK
    present = []
    for path in paths:
        if path.exists():
            present.append(path)
        else:
            what = (
                "broken symlink or symlink loop" if path.is_symlink() else "no such file or folder"
            )
            print(f"cleaner: {path}: {what}", file=sys.stderr)
            code = ExitCode.FAILED
    jobs = batch.discover(present, output, config.source)
    inputs = frozenset(batch.resolved(job.source) for job in jobs)
    workers = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    start = time.perf_counter()
    results = []
    progress = Progress(len(jobs))
    write = not (args.check or args.diff)
    try:
        for done, result in enumerate(
            batch.run(jobs, rules, disabled, config.stages, workers), start=1
        ):
            progress.update(done, result.relative)
            results.append(result)
            code = _worst(code, _settle(result, output, write, args, inputs))
    finally:
        progress.close()
    seconds = time.perf_counter() - start
    if args.report:
        try:
            report.write_json(args.report, results, seconds)
        except OSError as exc:
            print(f"cleaner: {args.report}: cannot write report: {_why(exc)}", file=sys.stderr)
            code = ExitCode.FAILED
    print(report.summary(results, seconds), file=sys.stderr)
    return code


def _worst(a: int, b: int) -> int:
    order = (ExitCode.OK, ExitCode.CHANGED, ExitCode.FAILED)
    return max(a, b, key=order.index)


def _why(exc: OSError) -> str:
    """An OSError for a person: its reason, and the path it concerns if not the obvious one."""
    reason = exc.strerror or str(exc)
    return f"{reason}: {exc.filename}" if exc.filename else reason


def _settle(
    result: batch.Result,
    output: Path,
    write: bool,
    args: argparse.Namespace,
    inputs: frozenset[Path] = frozenset(),
) -> int:
    """Compare one result with its clean copy, write it if asked; the exit code it implies."""
    if result.status == "error":
        print(f"cleaner: {result.source}: {result.message}", file=sys.stderr)
        return ExitCode.FAILED
    if result.status == "skipped":
        print(f"cleaner: {result.source}: skipped: {result.message}", file=sys.stderr)
        return ExitCode.OK
    target = output / result.relative
    old = batch.existing(target)
    if args.diff:
        source = batch.existing(Path(result.source))
        diff = unified_diff(source if source is not None else "", result.text, result.relative)
        sys.stdout.write(diff)
    if old == result.text:
        result.outcome = "unchanged"
        return ExitCode.OK
    if not write:
        result.outcome = "missing" if old is None else "stale"
        if args.check:
            print(f"cleaner: {target}: {result.outcome}", file=sys.stderr)
            return ExitCode.CHANGED
        return ExitCode.OK
    try:
        if batch.resolved(target) in inputs:
            raise OSError(0, "it is an input file (choose an --output outside the inputs)")
        batch.write_atomic(target, result.text)
    except OSError as exc:
        print(f"cleaner: {target}: cannot write: {_why(exc)}", file=sys.stderr)
        result.status, result.message = "error", f"cannot write {target}"
        return ExitCode.FAILED
    result.outcome = "written"
    return ExitCode.OK


def explain(args: argparse.Namespace) -> int:
    config, rules, disabled = _setup(args)
    if not args.file.is_file():
        print(f"cleaner: {args.file}: no such file", file=sys.stderr)
        return ExitCode.FAILED
    job = batch.Job(args.file, Path(args.file.name))
    result = next(batch.run([job], rules, disabled, config.stages))
    report.explain(result, sys.stdout)
    return ExitCode.FAILED if result.status == "error" else ExitCode.OK


def rules_check(args: argparse.Namespace) -> int:
    from cleaner.rulecheck import check

    config = load_config()
    rules = load_rules(list(config.rules) + list(args.rules))
    problems = check(rules, args.corpus)
    for problem in problems:
        print(problem)
    count = len(rules.spin) + len(rules.boilerplate)
    print(
        f"{len(rules.files)} rule file(s), {count} rule(s), {len(problems)} problem(s)",
        file=sys.stderr,
    )
    return ExitCode.CHANGED if problems else ExitCode.OK
