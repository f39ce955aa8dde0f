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
from cleaner.shards.tally import Tally


def write_json(
    path: Path, results: Sequence[Result], seconds: float, rules: RuleSet | None = None
) -> None:
    shards = [r for r in results if r.tally is not None]
    results = [r for r in results if r.tally is None]
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
    rows = Tally()
    for shard in shards:
        assert shard.tally is not None
        rows.merge(shard.tally)
    if rules is not None:
        data["summary"]["unused_rules"] = unused_rules(results, rules, rows.rules)
    if shards:
        # Shards are summed, never listed row by row: their rows carry their changes.
        summary = rows.as_dict()
        del summary["format"]
        data["shards"] = {
            "summary": summary,
            "files": [
                {
                    "path": r.source,
                    "output": r.relative,
                    "status": r.status,
                    "outcome": r.outcome,
                    "message": r.message,
                    "rows": r.tally.rows if r.tally else 0,
                    "status_of_rows": dict(sorted(r.tally.status.items())) if r.tally else {},
                }
                for r in shards
            ],
        }
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
