"""`cleaner explain`: every change to one file, and why, for a person (in colour on a
terminal)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from cleaner.batch.output import Result
from cleaner.document import Change
from cleaner.metadata import SpinVerdict


def where(change: Change) -> str:
    """Where a change stands, for people: its line (the input's; see Change), or the
    whole document."""
    return f"line {change.line}" if change.line else "document"


# How `explain` shows the whitespace at the end of a change's text, which a terminal would
# not: an edit of only that (a final newline, trailing spaces) would read as no change.
_TRAILING = str.maketrans({" ": "·", "\t": "→", "\n": "⏎"})


def visible(text: str) -> str:
    """`text` with its trailing whitespace drawn (a space as ·, a tab as →, a newline as ⏎)."""
    body = text.rstrip(" \t\n")
    return body + text[len(body) :].translate(_TRAILING)


# Terminal colours per stage for `explain`; the HTML report has its own palette in CSS.
STAGE_STYLES = {
    "decode": "magenta",
    "html": "magenta",
    "unicode": "bright_magenta",
    "language": "blue",
    "boilerplate": "yellow",
    "dedupe": "cyan",
    "spin": "bright_red",
    "spelling": "green",
    "tidy": "bright_black",
}


# A line of `explain`: its pieces of text, each with the rich style a terminal shows it in.
Line = list[tuple[str, str]]


def spin_summary(spin: SpinVerdict | None) -> str:
    """The spin verdict and its evidence, in words."""
    if spin is None:
        return "spin score -"
    verdict = "recognised as spun" if spin.recognised else "not spun"
    return (
        f"spin score {spin.score} ({verdict}: {spin.hits} always-tier hits of {spin.rules} "
        f"rules, {spin.swaps} model swaps of {spin.kinds} kinds)"
    )


def explain_lines(result: Result) -> Iterator[Line]:
    """What `explain` says of one result, line by line: its file, how it was read, and
    each change with its stage, rule, place, and the text before and after."""
    yield [(result.source, "bold")]
    if result.status != "ok":
        yield [(f"  {result.status}: {result.message}", "red")]
        return
    meta = result.metadata
    yield [
        (
            f"  language {meta.language} ({meta.language_method}), "
            f"encoding {meta.encoding}, {spin_summary(meta.spin)}",
            "dim",
        )
    ]
    if not result.changes:
        yield [("  no changes", "dim")]
    for change in result.changes:
        removed = " removed:" if change.after is None else ":"
        yield [
            ("  ", ""),
            (f"[{change.stage}]", STAGE_STYLES.get(change.stage, "bold")),
            (f" {change.rule} ", "bold"),
            (f"({where(change)}){removed}", "dim"),
        ]
        if change.why:
            yield [(f"      {change.why}", "dim")]
        # Line breaks inside a change are indented as the change is.
        yield [("      - ", ""), (visible(change.before).replace("\n", "\n  "), "red strike")]
        if change.after is not None:
            yield [("      + ", ""), (visible(change.after).replace("\n", "\n  "), "green")]
    if meta.unknown_words:
        yield [(f"  unknown words (not changed): {', '.join(meta.unknown_words)}", "yellow")]


def explain(result: Result, out: TextIO, colour: bool = False) -> None:
    """Write `explain_lines` to `out`, in colour for a terminal.

    Document text goes to rich as Text, never markup, so brackets in an article print as is.
    """
    if not colour:
        for line in explain_lines(result):
            out.write("".join(text for text, _style in line) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=True)
    for line in explain_lines(result):
        console.print(Text.assemble(*line))
