"""What a run did, for people (summary, explain) and for programs (JSON)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from cleaner import __version__
from cleaner.batch import Result
from cleaner.document import Change
from cleaner.pipeline import STAGES


def per_stage(results: Sequence[Result]) -> Counter[str]:
    return Counter(c.stage for r in results for c in r.changes)


def per_rule(results: Sequence[Result]) -> Counter[str]:
    return Counter(c.rule for r in results for c in r.changes)


def summary(results: Sequence[Result], seconds: float) -> str:
    outcomes = Counter(r.outcome or r.status for r in results)
    stages = per_stage(results)
    parts = [f"{len(results)} file(s) in {seconds:.2f}s"]
    parts.extend(f"{n} {what}" for what, n in sorted(outcomes.items()))
    lines = [", ".join(parts)]
    if stages:
        lines.append(
            "changes: " + ", ".join(f"{name} {stages[name]}" for name in STAGES if stages[name])
        )
    languages = Counter(
        str(r.metadata.get("language")) for r in results if "language" in r.metadata
    )
    other = {lang: n for lang, n in languages.items() if lang != "en"}
    if other:
        lines.append("not English: " + ", ".join(f"{k} {v}" for k, v in sorted(other.items())))
    return "\n".join(lines)


def write_json(path: Path, results: Sequence[Result], seconds: float) -> None:
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
                "metadata": r.metadata,
                "changes": [c.as_dict() for c in r.changes],
            }
            for r in results
        ],
    }
    from cleaner.batch import write_atomic

    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def describe(change: Change) -> str:
    where = f"line {change.line}" if change.line else "document"
    if change.after is None:
        return f"[{change.stage}] {change.rule} ({where}) removed:\n    - {change.before}"
    return f"[{change.stage}] {change.rule} ({where}):\n    - {change.before}\n    + {change.after}"


def explain(result: Result, out: TextIO) -> None:
    out.write(f"{result.source}\n")
    if result.status != "ok":
        out.write(f"  {result.status}: {result.message}\n")
        return
    meta = result.metadata
    spin = meta.get("spin", {})
    out.write(
        f"  language {meta.get('language')} ({meta.get('language_method')}), "
        f"encoding {meta.get('encoding')}, spin score {spin.get('score', '-')}"
        f"{' (gated)' if spin.get('gated') else ''}\n"
    )
    if not result.changes:
        out.write("  no changes\n")
    for change in result.changes:
        out.write("  " + describe(change).replace("\n", "\n  ") + "\n")
    unknown = meta.get("unknown_words")
    if unknown:
        out.write(f"  unknown words (not changed): {', '.join(unknown)}\n")
