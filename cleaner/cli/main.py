"""The `cleaner` command: `main(argv) -> int`, with the exit codes in ExitCode."""

from __future__ import annotations

import argparse
import gc
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from cleaner import __version__
from cleaner.batch.interrupts import Interrupted, handled
from cleaner.cachefiles import lasting, own_process
from cleaner.cli.console import ExitCode, columns
from cleaner.errors import CleanerError, RunFailed

DESCRIPTION = """\
Clean scraped news articles: strip boilerplate, drop repeated paragraphs, repair
mojibake, fused words and synonym-spun phrases, and explain every change.

Stages, in order: decode, html, unicode, language, boilerplate, dedupe, spin,
spelling, tidy. Switch one off with `disable = ["spelling"]` under [tool.cleaner]
in pyproject.toml (or cleaner.toml) or with --disable.
"""

EPILOG = """\
examples:
  cleaner clean seeds --output cleaned          write clean copies of seeds/ to cleaned/
  cleaner clean seeds --output cleaned --check  exit 1 if any clean copy is missing or stale
  cleaner clean seeds --output cleaned --diff   show what would change, write nothing
  cleaner clean crawl/ --output clean/ --jobs 0 clean every shard (.jsonl, .parquet, .warc)
  cleaner clean crawl/ -o clean/ --engine ray --address auto
                                                the same, on a Ray cluster
  cleaner clean --prune                         also remove clean copies whose seed is gone
  cleaner hook seeds/a.txt notes.txt            pre-commit: clean seeds/a.txt, ignore notes.txt
  cleaner explain seeds/004.txt                 every change to one file, and why
  cleaner rules check                           validate the rule files
  cleaner suggest seeds/004.txt --top 20        candidate spin rules mined from a text

exit codes:
  0  success: everything cleaned (or, with --check, up to date)
  1  --check: a clean copy is missing or would change, or an orphan is left
     hook (without --check): a clean copy was written, to review and stage
  2  usage error: bad arguments, configuration or rule file
  3  some input could not be read or an output could not be written
     (the other files were still processed), or a worker process died,
     or a shard this run cleaned had a bad row (its text missing or not
     text; its cleaner_status says so, and the rest of the shard was
     cleaned). A re-run that skips that shard as finished does not clean
     it again, so it does not fail for it: its summary counts the bad rows
     (the shard's tally names them), and --force cleans it again
  130  interrupted (Ctrl-C, SIGINT)
  143  terminated (SIGTERM)
       either within moments, however often the signal comes: no partial output is
       left behind, and the next run skips the copies already finished
"""


class _Help(argparse.HelpFormatter):
    """argparse's help at the terminal's width, found without importing shutil (see
    cleaner.cli.console.columns)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = columns() - 2 if width is None else width  # as argparse sizes it
        super().__init__(prog, indent_increment, max_help_position, width)


class _RawHelp(_Help, argparse.RawDescriptionHelpFormatter):
    """_Help, its descriptions and epilogs printed as written."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=_RawHelp,
    )
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    clean = sub.add_parser(
        "clean",
        help="clean files or folders into an output folder",
        description="Clean every .txt, .md and .html file under PATH into --output, "
        "keeping relative paths. Inputs are never modified. Shards (.jsonl, .jsonl.gz, "
        ".parquet, .warc, .warc.gz) are cleaned row by row into a shard of the same name "
        "and format (a WARC's HTML responses into JSONL), every field kept, the text field "
        "replaced by its clean copy, and cleaner_status, cleaner_message, cleaner_changes, "
        "cleaner_language and cleaner_spin added; a tally of each is written beside it "
        "(NAME.tally.json). Parquet and WARC need: pip install 'cleaner[shards]'.",
        epilog=EPILOG,
        formatter_class=_RawHelp,
    )
    clean.add_argument(
        "paths",
        nargs="*",
        type=_place,
        metavar="PATH",
        help="files or folders to clean (default: the configured source, seeds/); shards "
        "also by URI (s3://bucket/crawl/, gs://, hdfs://, file://), read through pyarrow's "
        "file systems, credentials from the environment",
    )
    clean.add_argument(
        "-o",
        "--output",
        type=_place,
        metavar="DIR",
        help="folder for the clean copies (default: the configured output, cleaned/); for "
        "shards, a URI too (s3://bucket/clean/)",
    )
    _checking(clean)
    clean.add_argument(
        "--prune",
        action="store_true",
        help="remove orphans: clean copies whose input is gone (reported without it)",
    )
    clean.add_argument(
        "--diff",
        action="store_true",
        help="print unified diffs of what cleaning changes; write nothing",
    )
    clean.add_argument(
        "-j",
        "--jobs",
        type=_count,
        default=None,
        metavar="N",
        help="worker processes (0: one per core; default 1); they pay off from a few hundred "
        "files (bench/results.json has the speed-up measured); shards are shared out "
        "one to a worker at a time, a big .jsonl or .parquet shard (64 MB and up) cut "
        "into spans of about 32 MB, joined again in order. With --engine ray: actors, "
        "one CPU each, each given whole shards "
        "(default 0: one per CPU of the cluster). Output is the same for every N",
    )
    clean.add_argument(
        "--text-field",
        default="text",
        metavar="NAME",
        help="the field (JSONL) or column (Parquet) of a shard's rows that holds the text "
        "(default: text); a row without it, or where it is not text, is kept as it is, with "
        "cleaner_status invalid",
    )
    clean.add_argument(
        "--id-field",
        default="id",
        metavar="NAME",
        help="the field that names a row in messages about bad rows (default: id); a WARC "
        "page's record id is written to it",
    )
    clean.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="what cleans the shards: local (this machine, --jobs processes) or ray (a pool "
        "of Ray actors: pip install 'cleaner[ray]'); plain files are cleaned locally either way. "
        "Both write the same shards, manifest and tallies",
    )
    clean.add_argument(
        "--address",
        metavar="ADDR",
        help="with --engine ray: the cluster to join (host:port, or auto); default: "
        "RAY_ADDRESS if set, else a one-machine cluster started for the run",
    )
    clean.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="write a JSON report: per file its metadata and every change",
    )
    clean.add_argument(
        "--html-report",
        type=Path,
        metavar="FILE",
        help="write one self-contained HTML page: summary, and per file a diff with each "
        "change labelled by stage and rule (plain files; shards are summed in --report)",
    )
    _common(clean)

    hook = sub.add_parser(
        "hook",
        help="pre-commit hook: clean the given files that lie in the source folder",
        description="Clean each FILE inside the configured source folder (seeds/) into "
        "the configured output folder (cleaned/) at the same relative path; other files "
        "are ignored. Exits 1 when it wrote a clean copy (review and stage it), or with "
        "--check when one is missing or stale. Set up in .pre-commit-config.yaml: see the "
        "README.",
        epilog=EPILOG,
        formatter_class=_RawHelp,
    )
    hook.add_argument("files", nargs="*", type=Path, metavar="FILE")
    _checking(hook)
    hook.set_defaults(
        diff=False,
        report=None,
        html_report=None,
        jobs=1,
        prune=False,
        text_field="text",
        id_field="id",
        engine="local",
        address=None,
    )
    _common(hook)

    explain = sub.add_parser(
        "explain",
        help="show every change cleaning makes to one file",
        description="Clean FILE in memory and list every change: stage, rule id, line, "
        "before and after. Writes nothing.",
        formatter_class=_Help,
    )
    explain.add_argument("file", type=Path, metavar="FILE")
    _common(explain)

    rules = sub.add_parser("rules", help="work with rule files", formatter_class=_Help)
    rules_sub = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    check = rules_sub.add_parser(
        "check",
        help="validate rule files",
        description="Report malformed lines (path:line), unsorted files, duplicates, "
        "cycles, and with --corpus, `always` spin targets found in clean reference text "
        "and `gated` targets it writes so often that a spun document's would often be "
        "the writer's own.",
        formatter_class=_Help,
    )
    check.add_argument(
        "--corpus",
        type=Path,
        metavar="DIR",
        help="folder of clean reference text (e.g. the BBC corpus)",
    )
    _common(check)

    suggest = sub.add_parser(
        "suggest",
        help="mine candidate spin rules from texts",
        description="List word pairs that are rare in English where a variant (a thesaurus "
        "neighbour, or with --learn a swap the rules show the spinner making) fits the "
        "words around it far better under a trigram model of English, as rule lines ready "
        "to paste into rules/spin/, best first, each under a comment with its evidence. "
        "Needs: pip install 'cleaner[suggest]'.",
        formatter_class=_Help,
    )
    suggest.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    suggest.add_argument(
        "--top", type=_count, default=50, metavar="N", help="show the N best (default 50; 0: all)"
    )
    suggest.add_argument(
        "--reference",
        type=Path,
        metavar="DIR",
        help="folder of clean .txt files: a pair they write is English, not spin",
    )
    suggest.add_argument(
        "--learn",
        action="store_true",
        help="also try the swaps the spinner made in the spin rules (shipped and configured), "
        "leaving out every rule that fires on the texts",
    )
    suggest.add_argument(
        "--all",
        action="store_true",
        help="also list, last, the weak suggestions (held out, most of their edits were "
        "wrong) and those from texts where none scores high enough to show spin (in "
        "clean text nearly all suggestions are wrong)",
    )
    return parser


def _place(value: str) -> Path | str:
    """A local path, or a URI (kept as given: a Path would fold its "//")."""
    from cleaner.shards.names import is_uri

    return value if is_uri(value) else Path(value)


def _count(value: str) -> int:
    """A whole number, 0 or more (argparse turns the error into a usage error, exit 2)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {number}")
    return number


def _checking(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a clean copy is missing or would differ",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="clean every input, even those the manifest shows unchanged since the last run",
    )


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rules",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="also load rule files from DIR (repeatable)",
    )
    parser.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="STAGE",
        help="switch a stage off (repeatable)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    # Run as a program (no argv), nothing but the interpreter's exit follows: a signal
    # then is ignored, not allowed to break the exit with a traceback. The process is then
    # the command's own: what the cache restores may be frozen (cachefiles.lasting).
    if argv is None:
        own_process()
    try:
        with handled(for_good=argv is None):
            return _main(argv)
    except KeyboardInterrupt as exc:
        print("cleaner: interrupted", file=sys.stderr)
        if isinstance(exc, Interrupted) and exc.signum == signal.SIGTERM:
            return ExitCode.TERMINATED
        return ExitCode.INTERRUPTED
    finally:
        if argv is None:
            # The exit's cycle collections would each visit every object the run loaded
            # (rules, matchers, the trigram cache), a large part of cleaning one file cold.
            # Frozen, they are still freed, and not visited; nothing runs after.
            gc.freeze()


def _main(argv: Sequence[str] | None) -> int:
    with lasting():  # the parser lasts to the command's end too
        parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return ExitCode.USAGE
    try:
        with lasting():  # the command's modules, which last to its end
            from cleaner.cli import commands
        if args.command == "clean":
            return commands.clean(args)
        if args.command == "hook":
            return commands.hook(args)
        if args.command == "explain":
            return commands.explain(args)
        if args.command == "suggest":
            return commands.suggest(args)
        return commands.rules_check(args)
    except CleanerError as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return ExitCode.FAILED if isinstance(exc, RunFailed) else ExitCode.USAGE
