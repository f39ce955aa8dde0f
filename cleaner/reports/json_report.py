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
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
