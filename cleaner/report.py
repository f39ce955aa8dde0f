"""What a run did, for people (summary, explain) and for programs (JSON)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from cleaner import __version__
from cleaner.batch import Result
from cleaner.document import Change
from cleaner.pipeline import RUN_ENGLISH, STAGES
from cleaner.ruleset import RuleSet


def per_stage(results: Sequence[Result]) -> Counter[str]:
    return Counter(c.stage for r in results for c in r.changes)


def per_rule(results: Sequence[Result]) -> Counter[str]:
    return Counter(c.rule for r in results for c in r.changes)


def unused_rules(results: Sequence[Result], rules: RuleSet) -> list[str]:
    """Ids of the loaded rule-file rules that changed nothing in this run: candidates to retire."""
    fired = per_rule(results)
    loaded = {r.rule_id for r in rules.boilerplate} | {r.rule_id for r in rules.spin}
    return sorted(rule for rule in loaded if not fired[rule])


@dataclass
class Tally:
    """What the closing summary says of a run, counted as the results come, so that a run
    writing no report need not hold every result (kilobytes each) to the end."""

    files: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    stages: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)

    def add(self, result: Result) -> None:
        self.files += 1
        self.outcomes[result.outcome or result.status] += 1
        self.stages.update(change.stage for change in result.changes)
        if result.metadata.language is not None:
            self.languages[result.metadata.language] += 1


def summary(tally: Tally, seconds: float) -> str:
    parts = [f"{tally.files} file(s) in {seconds:.2f}s"]
    parts.extend(f"{n} {what}" for what, n in sorted(tally.outcomes.items()))
    lines = [", ".join(parts)]
    stages = tally.stages
    if stages:
        lines.append(
            "changes: " + ", ".join(f"{name} {stages[name]}" for name in STAGES if stages[name])
        )
    languages = tally.languages
    other = {lang: n for lang, n in languages.items() if lang not in RUN_ENGLISH}
    if other:
        lines.append("not English: " + ", ".join(f"{k} {v}" for k, v in sorted(other.items())))
    if languages["unknown"]:
        lines.append(
            f"too little text to tell the language (cleaned as English): {languages['unknown']}"
        )
    return "\n".join(lines)


def write_json(
    path: Path, results: Sequence[Result], seconds: float, rules: RuleSet | None = None
) -> None:
    data: dict[str, Any] = {
        "version": __version__,
        "seconds": round(seconds, 3),
        "summary": {
            "files": len(results),
            "per_stage": dict(sorted(per_stage(results).items())),
            "per_rule": dict(sorted(per_rule(results).items())),
        },
        "files": [
            {
                "path": r.source,
                "output": r.relative,
                "status": r.status,
                "outcome": r.outcome,
                "message": r.message,
                "metadata": r.metadata.as_dict(),
                "changes": [c.as_dict() for c in r.changes],
            }
            for r in results
        ],
    }
    if rules is not None:
        data["summary"]["unused_rules"] = unused_rules(results, rules)
    from cleaner.batch import write_atomic

    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def where(change: Change) -> str:
    """Where a change stands, for people: its line (the input's; see Change), or the
    whole document."""
    return f"line {change.line}" if change.line else "document"


def shown(text: str) -> str:
    """`text` of a change as a line of `explain` shows it: a line break it puts in or takes
    out would otherwise show as nothing."""
    return text.replace("\n", "\\n") if not text.strip("\n") else text


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
            f"encoding {meta.encoding}, spin score {meta.spin.score if meta.spin else '-'}"
            f"{' (gated)' if meta.spin and meta.spin.gated else ''}",
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
        # Line breaks inside a change are indented as the change is.
        yield [("      - ", ""), (shown(change.before).replace("\n", "\n  "), "red strike")]
        if change.after is not None:
            yield [("      + ", ""), (shown(change.after).replace("\n", "\n  "), "green")]
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
