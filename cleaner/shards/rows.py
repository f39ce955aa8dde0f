"""Rows of a shard cleaned a batch at a time: the text field of each row, cleaned by a
Cleaner, and the columns `cleaner` adds beside it. What the local engine, the Ray engine
and a user's own Ray pipeline (cleaner.engines.ray.CleanBatch) all make of a row, so their
output is the same."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleaner.api import Cleaned, Cleaner, Format

# The columns added to every row, in this order.
STATUS, MESSAGE, CHANGES, LANGUAGE, SPIN = (
    "cleaner_status",
    "cleaner_message",
    "cleaner_changes",
    "cleaner_language",
    "cleaner_spin",
)
FIELDS = (STATUS, MESSAGE, CHANGES, LANGUAGE, SPIN)
# A row whose text field is missing or not text: bad data, not a failure of cleaning.
INVALID = "invalid"


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()  # the value of a text field a row does not have


@dataclass(frozen=True)
class Row:
    """What cleaning made of one row. `text` is its clean text, or None where the row's
    field stays as it was (a bad row, or one a stage failed on: do no harm)."""

    text: str | None
    status: str  # ok | skipped | error, as Cleaned's, or invalid
    message: str = ""
    changes: str = "[]"  # the changes as JSON, each as Change.as_dict gives it
    language: str | None = None
    spin: float | None = None
    # For the tally: each change's (stage, rule), and whether nothing was left of a text.
    fired: tuple[tuple[str, str], ...] = ()
    emptied: bool = False

    def columns(self) -> tuple[str, str, str, str | None, float | None]:
        """The values of FIELDS."""
        return self.status, self.message, self.changes, self.language, self.spin


def clean_values(
    cleaner: Cleaner, values: Sequence[object], field: str, format: Format = "auto"
) -> list[Row]:
    """Clean the text-field value of each row (MISSING where a row has none), in order.
    Strings (or bytes) are cleaned together; any other value makes that row INVALID."""
    texts: list[tuple[int, str | bytes]] = [
        (i, v) for i, v in enumerate(values) if isinstance(v, str | bytes)
    ]
    rows: list[Row | None] = [None] * len(values)
    cleaned = cleaner.clean_many((v for _, v in texts), format=format)
    for (i, _), result in zip(texts, cleaned, strict=True):
        rows[i] = _row(result)
    for i, other in enumerate(values):
        if rows[i] is None:
            rows[i] = Row(None, INVALID, _invalid(other, field))
    return [row for row in rows if row is not None]


def _invalid(value: object, field: str) -> str:
    if value is MISSING:
        return f"no field {field!r}"
    if value is None:
        return f"field {field!r} is null"
    return f"field {field!r} is {type(value).__name__}, not text"


def _row(result: Cleaned) -> Row:
    changes = [change.as_dict() for change in result.changes]
    spin = result.metadata.spin
    ok = result.status == "ok"
    return Row(
        text=result.text if ok else None,
        status=result.status,
        message=result.message,
        changes=json.dumps(changes, ensure_ascii=False, separators=(",", ":")),
        language=result.metadata.language,
        spin=None if spin is None else spin.score,
        fired=tuple((change.stage, change.rule) for change in result.changes),
        emptied=ok and not result.text and bool(result.input.strip()),
    )
