"""The JSON report, for programs: per file its outcome, metadata and every change."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cleaner import __version__
from cleaner.batch.files import write_atomic
from cleaner.batch.output import Result
from cleaner.reports.counts import per_rule, per_stage, unused_rules
from cleaner.ruleset import RuleSet
from cleaner.shards.names import shard_suffix
from cleaner.shards.tally import Tally


def write_json(
    path: Path, results: Sequence[Result], seconds: float, rules: RuleSet | None = None
) -> None:
    shards = [r for r in results if shard_suffix(r.source)]
    results = [r for r in results if not shard_suffix(r.source)]
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
                **_entry(r),
                "metadata": r.metadata.as_dict(),
                "changes": [c.as_dict() for c in r.changes],
            }
            for r in results
        ],
    }
    rows = Tally()
    for shard in shards:
        rows.merge(shard.tally or Tally())
    if rules is not None:
        data["summary"]["unused_rules"] = unused_rules(results, rules, rows.rules)
    if shards:
        # Shards are summed, never listed row by row: their rows carry their changes.
        summary = rows.as_dict()
        del summary["format"]
        data["shards"] = {
            "summary": summary,
            "files": [
                {**_entry(r), "rows": dict(sorted((r.tally or Tally()).status.items()))}
                for r in shards
            ],
        }
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _entry(result: Result) -> dict[str, str]:
    return {
        "path": result.source,
        "output": result.relative,
        "status": result.status,
        "outcome": result.outcome,
        "message": result.message,
    }
