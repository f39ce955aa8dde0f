"""The few lines a run ends with: files and outcomes, changes per stage, languages."""

from __future__ import annotations

from cleaner.batch.runner import Tally
from cleaner.stagenames import RUN_ENGLISH, STAGES


def summary(tally: Tally, seconds: float) -> str:
    parts = [f"{tally.files} file(s) in {seconds:.2f}s"]
    parts.extend(f"{n} {what}" for what, n in sorted(tally.outcomes.items()))
    lines = [", ".join(parts)]
    stages = tally.stages
    if stages:
        lines.append(
            "changes: " + ", ".join(f"{name} {stages[name]}" for name in STAGES if stages[name])
        )
    rows = tally.rows
    if rows.shards:
        lines.append(
            f"shards: {rows.shards}, rows: {rows.rows} ("
            + ", ".join(f"{n} {status}" for status, n in sorted(rows.status.items()))
            + ")"
        )
        if rows.stages:
            lines.append(
                "changes in rows: "
                + ", ".join(f"{name} {rows.stages[name]}" for name in STAGES if rows.stages[name])
            )
        if tally.bad_before:
            lines.append(
                f"bad rows in shards not cleaned again: {tally.bad_before} in "
                f"{tally.shards_bad_before} shard(s), kept as they were and reported when "
                "cleaned; each shard's tally (NAME.tally.json beside it) names them"
            )
        if rows.skipped_records:
            lines.append(f"WARC records that are not HTML responses, left out: "
                         f"{rows.skipped_records}")  # fmt: skip
    if tally.emptied:
        lines.append(f"emptied (nothing left once cleaned; the copy is empty): {tally.emptied}")
    languages = tally.languages
    other = {lang: n for lang, n in languages.items() if lang not in RUN_ENGLISH}
    if other:
        lines.append("not English: " + ", ".join(f"{k} {v}" for k, v in sorted(other.items())))
    if languages["unknown"]:
        lines.append(
            f"too little text to tell the language (cleaned as English): {languages['unknown']}"
        )
    return "\n".join(lines)
