"""What cleaning a shard came to, counted row by row (never holding the rows): rows per
status, changes per stage and per rule, languages, a histogram of spin scores, and the
first few bad rows. Written beside each output shard as JSON, read back for a shard a
re-run skips, and merged over a run into one summary."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleaner.shards.rows import Row
    from cleaner.shards.store import Store

FORMAT = 1
SUFFIX = ".tally.json"  # beside an output shard: part-0.jsonl -> part-0.jsonl.tally.json
PROBLEMS = 20  # bad rows named in a tally (each counts in `status` whatever their number)
# The lower edges of the spin-score bins (always-tier hits per 1,000 words): 0 alone is
# clean copy; the gate that opens the gated rules is 3 by default.
SPIN_EDGES = (0.0, 1.0, 3.0, 10.0, 30.0)


def spin_bin(score: float | None) -> str:
    """The histogram label of a spin score: "0", "0-1", "1-3", "3-10", "10-30", "30+"; "none"
    where spin did not score a cleaned row (switched off, or a language it skips)."""
    if score is None:
        return "none"
    if score <= 0.0:
        return "0"
    for low, high in itertools.pairwise(SPIN_EDGES):
        if score < high:
            return f"{low:g}-{high:g}"
    return f"{SPIN_EDGES[-1]:g}+"


@dataclass
class Tally:
    """What cleaning a shard's rows came to, summed."""

    shards: int = 0
    rows: int = 0
    status: Counter[str] = field(default_factory=Counter)
    stages: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    spin: Counter[str] = field(default_factory=Counter)
    emptied: int = 0
    problems: list[str] = field(default_factory=list)  # "SHARD: row N (id X): why"
    skipped_records: int = 0  # WARC records that are not HTML responses

    def add(self, row: Row, where: str) -> None:
        """Count one row; `where` names it (shard, row number, id) should it be bad."""
        self.rows += 1
        self.status[row.status] += 1
        for stage, rule in row.fired:
            self.stages[stage] += 1
            self.rules[rule] += 1
        if row.status == "ok":
            if row.language is not None:
                self.languages[row.language] += 1
            self.spin[spin_bin(row.spin)] += 1
        self.emptied += row.emptied
        if row.status not in ("ok", "skipped") and len(self.problems) < PROBLEMS:
            self.problems.append(f"{where}: {row.status}: {row.message}")

    def merge(self, other: Tally) -> None:
        self.shards += other.shards
        self.rows += other.rows
        for mine, theirs in (
            (self.status, other.status),
            (self.stages, other.stages),
            (self.rules, other.rules),
            (self.languages, other.languages),
            (self.spin, other.spin),
        ):
            mine.update(theirs)
        self.emptied += other.emptied
        self.skipped_records += other.skipped_records
        self.problems.extend(other.problems[: max(0, PROBLEMS - len(self.problems))])

    @property
    def bad(self) -> int:
        """Rows not cleaned: invalid ones, and those a stage failed on."""
        return self.rows - self.status["ok"] - self.status["skipped"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "shards": self.shards,
            "rows": self.rows,
            "status": dict(sorted(self.status.items())),
            "per_stage": dict(sorted(self.stages.items())),
            "per_rule": dict(sorted(self.rules.items())),
            "languages": dict(sorted(self.languages.items())),
            "spin_histogram": dict(sorted(self.spin.items(), key=lambda kv: _bin_order(kv[0]))),
            "emptied": self.emptied,
            "skipped_records": self.skipped_records,
            "problems": self.problems,
        }

    def dumps(self) -> str:
        return json.dumps(self.as_dict(), indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def loads(cls, text: str) -> Tally:
        """A tally from its JSON; ValueError (or KeyError, TypeError) if it is not one."""
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"tally format {data.get('format')!r}, not {FORMAT}")
        return cls(
            shards=int(data["shards"]),
            rows=int(data["rows"]),
            status=Counter(data["status"]),
            stages=Counter(data["per_stage"]),
            rules=Counter(data["per_rule"]),
            languages=Counter(data["languages"]),
            spin=Counter(data["spin_histogram"]),
            emptied=int(data["emptied"]),
            skipped_records=int(data["skipped_records"]),
            problems=[str(p) for p in data["problems"]],
        )


def tally_path(shard: Path) -> Path:
    """Where the tally of the output shard `shard` is written."""
    return shard.with_name(shard.name + SUFFIX)


def read_tally(shard: Path, store: Store | None = None) -> Tally | None:
    """The tally beside the output shard `shard` (in `store`, if not a local file); None if
    it is missing or unreadable."""
    path = tally_path(shard)
    try:
        return Tally.loads(path.read_text("utf-8") if store is None else store.read_text(path))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _bin_order(label: str) -> float:
    if label == "none":
        return -1.0
    return float(label.split("-")[0].rstrip("+"))
