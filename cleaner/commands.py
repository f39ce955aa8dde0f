"""The sub-commands behind `cleaner.cli.main`, each taking the parsed arguments."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from cleaner import batch, manifest, report
from cleaner.config import Config, load_config
from cleaner.console import ExitCode, Progress, unified_diff
from cleaner.errors import ConfigError, reason
from cleaner.ruleset import RuleSet, load_rules

SKIPPED = "skipped (unchanged since the last run)"


def _setup(args: argparse.Namespace) -> tuple[Config, RuleSet, tuple[str, ...]]:
    config = load_config().merged(args.disable, rules=args.rules, where="--disable")
    return config, load_rules(list(config.rules)), config.disable


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
    # Only a run over whole folders knows every input, so only it can tell an orphan.
    whole = bool(present) and all(path.is_dir() for path in present)
    return _worst(code, _run(args, jobs, output, (config, rules, disabled), whole)[0])


def hook(args: argparse.Namespace) -> int:
    """The pre-commit hook: clean (or check) the given files that lie in the source folder.
    Like every pre-commit fixer it fails when it wrote something, for the user to review
    and stage; when nothing was written it has touched nothing, the manifest included."""
    config, rules, disabled = _setup(args)
    jobs = batch.inside_source(args.files, config.source, config.output)
    code, wrote = _run(args, jobs, config.output, (config, rules, disabled), False)
    if wrote:
        print(
            f"cleaner: clean copies written in {config.output}: review and stage them",
            file=sys.stderr,
        )
    return _worst(code, ExitCode.CHANGED if wrote else ExitCode.OK)


def _run(
    args: argparse.Namespace,
    jobs: list[batch.Job],
    output: Path,
    setup: tuple[Config, RuleSet, tuple[str, ...]],
    whole: bool,
) -> tuple[int, bool]:
    """Clean the jobs the manifest does not show as fresh, settle every result and the
    orphans (of a `whole` run); the exit code, and whether anything was written."""
    config, rules, disabled = setup
    write = not (args.check or args.diff)
    inputs: frozenset[tuple[int, int]] = frozenset()
    if write:  # what the run must never write over
        inputs = frozenset(filter(None, (batch.identity(job.source) for job in jobs)))
    settle = batch.Output(output, write, inputs, texts=bool(args.diff or args.html_report))
    # Report and diff describe every change, so they need every file cleaned.
    reuse = not (args.force or args.diff or args.report or args.html_report)
    book = manifest.Manifest.load(output)
    producer = manifest.producer_digest(rules.digest, disabled, config.tables())
    start = time.perf_counter()
    todo: list[batch.Job] = []
    tally = report.Tally()
    # A report reads every result again; without one a run keeps none, only the tally.
    reporting = bool(args.report or args.html_report)
    results: list[batch.Result] = []

    def keep(result: batch.Result) -> None:
        tally.add(result)
        if reporting:
            results.append(result)

    for job in jobs:
        name = batch.output_name(job.relative)
        if reuse and book.fresh(job.relative.as_posix(), job.source, output / name, producer):
            keep(batch.Result(str(name), str(job.source), outcome=SKIPPED))
        else:
            todo.append(job)
    code: int = ExitCode.OK
    workers = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    progress = Progress(len(todo))
    try:
        ran = batch.run(todo, rules, disabled, config.stages, workers, settle)
        for done, (job, result) in enumerate(zip(todo, ran, strict=True), start=1):
            progress.update(done, result.relative)
            keep(result)
            code = _worst(code, _tell(result, output, args))
            if result.output_hash:  # written, or found already written
                key = job.relative.as_posix()
                book.record(key, result.source_hash, result.output_hash, producer)
    finally:
        progress.close()
    wrote = tally.outcomes["written"] > 0
    if whole:
        book.keep({job.relative.as_posix() for job in jobs})
        code = _worst(code, _settle_orphans(batch.orphans(jobs, output), write, args))
    if write and (wrote or whole):
        book.save()
    seconds = time.perf_counter() - start
    if args.report:
        try:
            report.write_json(args.report, results, seconds, rules)
        except OSError as exc:
            print(f"cleaner: {args.report}: cannot write report: {reason(exc)}", file=sys.stderr)
            code = ExitCode.FAILED
    if args.html_report:
        from cleaner.htmlreport import write_html

        try:
            write_html(args.html_report, results, seconds, rules)
        except OSError as exc:
            print(
                f"cleaner: {args.html_report}: cannot write report: {reason(exc)}", file=sys.stderr
            )
            code = ExitCode.FAILED
    print(report.summary(tally, seconds), file=sys.stderr)
    return code, wrote


def _settle_orphans(found: list[Path], write: bool, args: argparse.Namespace) -> int:
    for path in found:
        if write and args.prune:
            path.unlink()
            print(f"cleaner: {path}: orphan removed (its input is gone)", file=sys.stderr)
        else:
            hint = "" if args.check else " (--prune removes it)"
            print(f"cleaner: {path}: orphan: its input is gone{hint}", file=sys.stderr)
    return ExitCode.CHANGED if found and args.check else ExitCode.OK


def _worst(a: int, b: int) -> int:
    order = (ExitCode.OK, ExitCode.CHANGED, ExitCode.FAILED)
    return max(a, b, key=order.index)


def _tell(result: batch.Result, output: Path, args: argparse.Namespace) -> int:
    """Say what became of one result (settled by batch.Output); the exit code it implies."""
    if result.status == "error":
        print(f"cleaner: {result.source}: {result.message}", file=sys.stderr)
        return ExitCode.FAILED
    if result.status == "skipped":
        print(f"cleaner: {result.source}: skipped: {result.message}", file=sys.stderr)
        return ExitCode.OK
    if args.diff:  # against the input as decoded, so a CRLF or cp1252 file diffs by its edits
        sys.stdout.write(unified_diff(result.original, result.text, result.relative))
    if args.check and result.outcome in ("missing", "stale"):
        print(f"cleaner: {output / result.relative}: {result.outcome}", file=sys.stderr)
        return ExitCode.CHANGED
    return ExitCode.OK


def explain(args: argparse.Namespace) -> int:
    config, rules, disabled = _setup(args)
    if not args.file.is_file():
        print(f"cleaner: {args.file}: no such file", file=sys.stderr)
        return ExitCode.FAILED
    job = batch.Job(args.file, Path(args.file.name))
    result = next(batch.run([job], rules, disabled, config.stages))
    report.explain(result, sys.stdout, colour=sys.stdout.isatty())
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


def suggest(args: argparse.Namespace) -> int:
    from cleaner.errors import SkipFile
    from cleaner.stages.decode import decode_text
    from cleaner.suggest import Bigrams, format_suggestion
    from cleaner.suggest import suggest as mine
    from cleaner.suggest.scoring import STRONG_SCORE
    from cleaner.suggest.suggestion import LISTED_SCORE, listed

    if args.reference is not None and not args.reference.is_dir():
        raise ConfigError(f"--reference: {args.reference}: no such folder")
    texts, code = [], ExitCode.OK
    present = [path for path in args.paths if path.exists()]
    for path in set(args.paths) - set(present):
        print(f"cleaner: {path}: no such file or folder", file=sys.stderr)
        code = ExitCode.FAILED
    # Nothing is written, so there is no output folder to keep out of the walk.
    for job in batch.discover(present, Path(os.devnull)):
        try:
            texts.append(decode_text(job.source.read_bytes()))
        except OSError as exc:
            print(f"cleaner: {job.source}: cannot read: {reason(exc)}", file=sys.stderr)
            code = ExitCode.FAILED
        except SkipFile as exc:
            print(f"cleaner: {job.source}: skipped: {exc}", file=sys.stderr)
    lexicon = None
    if args.learn:
        from cleaner.suggest.lexicon import SpinLexicon

        lexicon = SpinLexicon.unseen(load_rules(list(load_config().rules)).spin, texts)
    found = mine(texts, Bigrams.load(args.reference), lexicon=lexicon)
    weak = [s for s in found if s.backed and not listed(s)]
    unbacked = [s for s in found if not s.backed]
    pool = [s for s in found if listed(s)]
    if args.all:
        pool += weak + unbacked
    shown = pool[: args.top] if args.top > 0 else pool
    for s in shown:
        print(format_suggestion(s))
    print(f"{len(found)} suggestion(s), {len(shown)} shown", file=sys.stderr)
    if weak and not args.all:
        print(
            f"{len(weak)} left out: scoring under {LISTED_SCORE:g}, where held out "
            "about 1 in 8 of their edits was right (--all lists them, last)",
            file=sys.stderr,
        )
    if unbacked and not args.all:
        print(
            f"{len(unbacked)} left out: found in texts where no suggestion scores "
            f"{STRONG_SCORE:g} or more, as in clean text (--all lists them, last)",
            file=sys.stderr,
        )
    return code
