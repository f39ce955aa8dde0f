"""The unit of work every stage reads and writes: text, metadata and a change log."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from cleaner.tokens import Words


@dataclass(frozen=True)
class Change:
    """One edit a stage made.

    `line` is 1-based and counts lines of the text as that stage received it (0 when the
    change concerns the whole document, such as its encoding). `after` is None when the
    line was removed.
    """

    stage: str
    rule: str
    line: int
    before: str
    after: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __reduce__(self) -> tuple[type[Change], tuple[str, str, int, str, str | None]]:
        # Sent back from `--jobs` workers. Spelled out because a compiled frozen class
        # cannot be rebuilt attribute by attribute, as pickle otherwise does.
        return Change, (self.stage, self.rule, self.line, self.before, self.after)


@dataclass
class Document:
    text: str
    path: str = "<text>"
    raw: bytes | None = None
    # The text as decoded, before any stage changed it: what a report diffs against.
    original: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, for benchmarks

    def __post_init__(self) -> None:
        self._words: Words | None = None  # see `words`; not a field, so never compared

    def words(self) -> Words:
        """The words of the current text, found once however many stages read them, and
        after a stage's edits found again only in the lines it changed (see Words)."""
        words = self._words
        if words is None or words.text is not self.text:
            words = Words(self.text, words)
            # A long text's words are found again when read (see Words): keeping its
            # Words would only keep the text alive after a stage replaced it.
            self._words = words if words.held else None
        return words

    def record(self, stage: str, rule: str, line: int, before: str, after: str | None) -> None:
        self.changes.append(Change(stage, rule, line, before, after))


def line_numbers(text: str, offsets: Iterable[int]) -> Iterator[int]:
    """The 1-based line of each offset into `text`; offsets must come in order. Counting
    on from the last offset keeps a document with many changes linear."""
    line, last = 1, 0
    for offset in offsets:
        line += text.count("\n", last, offset)
        last = offset
        yield line
