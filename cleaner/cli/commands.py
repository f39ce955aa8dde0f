"""The sub-commands behind `cleaner.cli.main`, each taking the parsed arguments."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.batch.inputs import Job, discover, inside_source, is_shard, remote_jobs
from cleaner.batch.output import Result
from cleaner.batch.runner import RunOptions, Summary, Watch, run
from cleaner.cli.console import ExitCode, Progress, unified_diff
from cleaner.config import Config, load_config
from cleaner.errors import ConfigError, reason
from cleaner.reports.summary import summary as report_summary
from cleaner.shards.names import Settings, shard_suffix

if TYPE_CHECKING:
    from cleaner.shards.store import Store

# The commands that clean import the modules that clean (cleaner.api and what it stands
# on) where they need them: a pre-commit hook that finds its copies up to date needs none.


def _setup(args: argparse.Namespace) -> Config:
    """The configuration file's settings with the flags added, checked."""
    return load_config().merged(args.disable, rules=args.rules, where="--disable")


def clean(args: argparse.Namespace) -> int:
    config = _setup(args)
    output: Path | str = args.output or config.output
    uris: list[str] = [p for p in args.paths if isinstance(p, str)]
    paths: list[Path] = [p for p in args.paths if isinstance(p, Path)]
    if not args.paths:
        paths = [config.source]
    if not args.paths and not config.source.exists():
        where = (
            f"the source folder set in {config.origin}"
            if config.origin != "defaults"
            else "the default source folder (no pyproject.toml or cleaner.toml sets one here)"
        )
        raise ConfigError(
            f"nothing to clean: no PATH given, and {where}, {config.source}, does not exist. "
            "Pass the files or folders to clean (cleaner clean PATH ... --output DIR), or set "
            "`source` under [tool.cleaner] in pyproject.toml"
        )
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
    store = None
    if isinstance(output, str):
        from cleaner.shards.store import open_uri

        if args.prune:
            raise ConfigError(f"--prune: orphans are looked for in a local folder, not {output}")
        store, output = open_uri(output)
    # An output folder in a store is no local folder for the walk to leave out.
    jobs = discover(present, output if store is None else Path(os.devnull), config.source)
    for uri in uris:
        jobs.extend(remote_jobs(uri))
    # Only a run over whole local folders knows every input, so only it can tell an orphan.
    whole = bool(present) and not uris and store is None and all(p.is_dir() for p in present)
    return _worst(code, _run(args, jobs, config, output, whole, store)[0])


def hook(args: argparse.Namespace) -> int:
    """The pre-commit hook: clean (or check) the given files that lie in the source folder.
    Like every pre-commit fixer it fails when it wrote something, for the user to review
    and stage; when nothing was written it has touched nothing, the manifest included."""
    config = _setup(args)
    jobs = inside_source(args.files, config.source, config.output)
    code, wrote = _run(args, jobs, config, config.output, False)
    if wrote:
        print(
            f"cleaner: clean copies written in {config.output}: review and stage them",
            file=sys.stderr,
        )
    return _worst(code, ExitCode.CHANGED if wrote else ExitCode.OK)


def _run(
    args: argparse.Namespace,
    jobs: list[Job],
    config: Config,
    output: Path,
    whole: bool,
    store: Store | None = None,
) -> tuple[int, bool]:
    """Run the batch (cleaner.batch.runner) as the flags ask, telling each result, the
    orphans, the reports and the summary; the exit code, and whether anything was written."""
    if args.diff and any(is_shard(job) for job in jobs):
        raise ConfigError(
            "--diff shows plain files, not shards: see a shard's changes in its "
            "cleaner_changes column, or the counts with --report FILE"
        )
    ray = args.engine == "ray"
    options = RunOptions(
        output=output,
        check=args.check,
        diff=args.diff,
        force=args.force,
        prune=args.prune,
        jobs=args.jobs if args.jobs is not None else (0 if ray else 1),
        whole=whole,
        keep_results=bool(args.report or args.html_report),
        keep_texts=bool(args.diff or args.html_report),
        shards=Settings(text_field=args.text_field, id_field=args.id_field),
        engine=args.engine,
        address=args.address,
        output_store=store,
    )
    telling = _Telling(args, output)
    try:
        summary = run(jobs, config, options, telling)
    finally:
        telling.progress.close()
    code = telling.code
    for path in summary.orphans:
        if options.write and options.prune:
            print(f"cleaner: {path}: orphan removed (its input is gone)", file=sys.stderr)
        else:
            hint = "" if args.check else " (--prune removes it)"
            print(f"cleaner: {path}: orphan: its input is gone{hint}", file=sys.stderr)
    if summary.orphans and args.check:
        code = _worst(code, ExitCode.CHANGED)
    code = _worst(code, _write_reports(args, summary, config))
    print(report_summary(summary.tally, summary.seconds), file=sys.stderr)
    return code, summary.wrote


def _write_reports(args: argparse.Namespace, summary: Summary, config: Config) -> int:
    code: int = ExitCode.OK
    if not (args.report or args.html_report):
        return code
    from cleaner.reports.json_report import write_json
    from cleaner.ruleset import load_rules

    # The rules a report names as unused: those of the run's Cleaner (every input is
    # cleaned for a report), read here only when there was no input at all.
    rules = summary.cleaner.rules if summary.cleaner else load_rules(list(config.rules))
    if args.report:
        try:
            write_json(args.report, summary.results, summary.seconds, rules)
        except OSError as exc:
            print(f"cleaner: {args.report}: cannot write report: {reason(exc)}", file=sys.stderr)
            code = ExitCode.FAILED
    if args.html_report:
        from cleaner.reports.html import write_html

        # A page of diffs shows documents; a shard's rows are summed in --report instead.
        files = [r for r in summary.results if not shard_suffix(r.source)]
        try:
            write_html(args.html_report, files, summary.seconds, rules)
        except OSError as exc:
            print(
                f"cleaner: {args.html_report}: cannot write report: {reason(exc)}", file=sys.stderr
            )
            code = ExitCode.FAILED
    return code


_ORDER = (ExitCode.OK, ExitCode.CHANGED, ExitCode.FAILED)


def _worst(a: int, b: int) -> int:
    return max(a, b, key=_ORDER.index)


class _Telling(Watch):
    """What the command says as a run goes: a progress bar, and each result's news."""

    def __init__(self, args: argparse.Namespace, output: Path) -> None:
        self.args, self.output = args, output
        self.progress = Progress(0)
        self.done = 0
        self.code: int = ExitCode.OK

    def planned(self, count: int) -> None:
        self.progress = Progress(count)

    def tick(self, stage: str) -> None:
        self.progress.tick(stage)

    def told(self, result: Result) -> None:
        self.done += 1
        self.progress.update(self.done, result.relative)
        self.code = _worst(self.code, _tell(result, self.output, self.args))


def _tell(result: Result, output: Path, args: argparse.Namespace) -> int:
    """Say what became of one result (settled by batch.Output); the exit code it implies."""
    if result.status == "error":
        print(f"cleaner: {result.source}: {result.message}", file=sys.stderr)
        return ExitCode.FAILED
    if result.status == "skipped":
        print(f"cleaner: {result.source}: skipped: {result.message}", file=sys.stderr)
        return ExitCode.OK
    code: int = ExitCode.OK
    if result.tally is not None and result.tally.bad:
        tally = result.tally
        print(
            f"cleaner: {result.source}: {tally.bad} of {tally.rows} row(s) not cleaned, "
            "kept as they were (their cleaner_status says why):",
            file=sys.stderr,
        )
        for problem in tally.problems:
            print(f"  {problem}", file=sys.stderr)
        if tally.bad > len(tally.problems):
            print(f"  ... and {tally.bad - len(tally.problems)} more", file=sys.stderr)
        code = ExitCode.FAILED
    if result.emptied:
        removed = Counter(change.stage for change in result.changes)
        print(
            f"cleaner: {result.source}: emptied: nothing was left once cleaned (removed by "
            f"{', '.join(f'{stage} {n}' for stage, n in removed.items())}); its copy is empty",
            file=sys.stderr,
        )
    if args.diff:  # against the input as decoded, so a CRLF or cp1252 file diffs by its edits
        sys.stdout.write(unified_diff(result.original, result.text, result.relative))
    if args.check and result.outcome in ("missing", "stale"):
        print(f"cleaner: {output / result.relative}: {result.outcome}", file=sys.stderr)
        return _worst(code, ExitCode.CHANGED)
    return code


def explain(args: argparse.Namespace) -> int:
    from cleaner.api import Cleaner
    from cleaner.batch.execute import run as clean_jobs
    from cleaner.reports.explain import explain as explain_result

    cleaner = Cleaner(config=_setup(args))
    if args.file.is_dir():
        raise ConfigError(
            f"{args.file}: is a folder; explain takes one file (cleaner explain "
            f"{args.file / 'NAME.txt'}). For every file in a folder: cleaner clean "
            f"{args.file} --diff, or --report FILE"
        )
    if not args.file.is_file():
        print(f"cleaner: {args.file}: no such file", file=sys.stderr)
        return ExitCode.FAILED
    job = Job(args.file, Path(args.file.name))
    if is_shard(job):
        raise ConfigError(
            f"{args.file}: is a shard; explain takes one document. Clean it (cleaner clean "
            f"{args.file} --output DIR): each row's changes are in its cleaner_changes"
        )
    result = next(clean_jobs([job], cleaner))
    explain_result(result, sys.stdout, colour=sys.stdout.isatty())
    return ExitCode.FAILED if result.status == "error" else ExitCode.OK


def rules_check(args: argparse.Namespace) -> int:
    from cleaner.rulecheck import check
    from cleaner.ruleset import load_rules

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
    for job in discover(present, Path(os.devnull)):
        if is_shard(job):
            print(f"cleaner: {job.source}: a shard; suggest reads plain files", file=sys.stderr)
            continue
        try:
            texts.append(decode_text(job.source.read_bytes()))
        except OSError as exc:
            print(f"cleaner: {job.source}: cannot read: {reason(exc)}", file=sys.stderr)
            code = ExitCode.FAILED
        except SkipFile as exc:
            print(f"cleaner: {job.source}: skipped: {exc}", file=sys.stderr)
    lexicon = None
    if args.learn:
        from cleaner.ruleset import load_rules
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
            f"{len(weak)} left out: scoring under {LISTED_SCORE:g}, where held out most "
            "of their edits were wrong (--all lists them, last)",
            file=sys.stderr,
        )
    if unbacked and not args.all:
        print(
            f"{len(unbacked)} left out: found in texts where no suggestion scores "
            f"{STRONG_SCORE:g} or more, as in clean text (--all lists them, last)",
            file=sys.stderr,
        )
    return code
