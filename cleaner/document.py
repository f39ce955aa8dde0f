"""The unit of work every stage reads and writes: text, metadata and a change log."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from cleaner.metadata import Metadata
from cleaner.tokens import Words

Span = tuple[int, int]
# (start, end, length of what replaced it), in the text a stage received; sorted.
Edit = tuple[int, int, int]
# What a text is written in: "html" is made text by the html stage, "text" and "markdown"
# never are, "auto" is when it looks like a page (a doctype or <html> tag first).
FORMATS = ("auto", "html", "markdown", "text")
HTML_SUFFIXES = (".html", ".htm")


def format_of(path: str) -> str:
    """The format a file's name gives its text: HTML pages by suffix, else "auto"."""
    return "html" if path.lower().endswith(HTML_SUFFIXES) else "auto"


@dataclass(frozen=True)
class Change:
    """One edit a stage made.

    `span` is where it stands in the text the stage received (start, end): what stood
    there was replaced by `after`, or removed when `after` is None. A change that concerns
    the whole document (its encoding, HTML made text) has no span. Once the document is
    clean, `input_span` and `output_span` place the change in the decoded input and in the
    clean text, so it can be joined to either; a span is None where no position exists
    (before HTML was made text, the input holds markup, not this text).

    `line` is 1-based: the line of the input the change stands on, else (after HTML was
    made text) the line of the text the stage received; 0 for the whole document. `why`
    is the evidence of a change its rule alone does not explain (a spin model repair's
    margin).
    """

    stage: str
    rule: str
    line: int
    before: str
    after: str | None
    span: Span | None = None
    input_span: Span | None = None
    output_span: Span | None = None
    why: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __reduce__(self) -> tuple[type[Change], tuple[Any, ...]]:
        # Sent back from `--jobs` workers. Spelled out because a compiled frozen class
        # cannot be rebuilt attribute by attribute, as pickle otherwise does.
        return Change, (
            self.stage,
            self.rule,
            self.line,
            self.before,
            self.after,
            self.span,
            self.input_span,
            self.output_span,
            self.why,
        )


@dataclass(frozen=True)
class Step:
    """The changes doc.changes[first:last] of one stage run, and its edits; `edits` is
    None when the run rewrote the text in a way no position survives (HTML made text), or
    its log does not account for every character it changed. `starts` gives where each
    change's span starts in the text the run made (see cleaner/placing.py)."""

    first: int
    last: int
    edits: tuple[Edit, ...] | None
    starts: dict[Span, int]


@dataclass
class Document:
    text: str
    path: str = "<text>"
    raw: bytes | None = None
    format: str = "auto"  # one of FORMATS
    # The text as decoded, before any stage changed it: what a report diffs against.
    original: str = ""
    metadata: Metadata = field(default_factory=Metadata)
    changes: list[Change] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, for benchmarks

    def __post_init__(self) -> None:
        self._words: Words | None = None  # see `words`; not a field, so never compared
        # What a stage's run left for its run in a later round, by stage (see
        # dedupe.Memo); the pipeline drops them once the document is clean.
        self.memos: dict[str, object] = {}
        # What each stage run after decode that changed the text did, in order: the
        # pipeline places the changes by them once the document is clean, and a stage's
        # run is told by them what changed since its last (see placing.kept_lines).
        self.steps: list[Step] = []

    def words(self) -> Words:
        """The words of the current text, found once however many stages read them, and
        after a stage's edits found again only in the lines it changed (see Words). A long
        text's are found again when read, but its distinct words and their count are kept
        while it stands."""
        words = self._words
        if words is None or words.text is not self.text:
            words = Words(self.text, words)
            self._words = words
        return words

    def record(
        self,
        stage: str,
        rule: str,
        before: str,
        after: str | None,
        span: Span | None = None,
        why: str | None = None,
    ) -> None:
        """Log one edit to the text the stage received (see Change); the pipeline numbers
        its line and places it in the input and the output."""
        self.changes.append(Change(stage, rule, 0, before, after, span, why=why))


def removal_spans(lines: Sequence[str], removed: Iterable[int]) -> dict[int, Span]:
    """Where each line of `removed` stands in "\n".join(`lines`), with the line break that
    goes with it: the one after it, or the one before it when no kept line follows."""
    gone = sorted(removed)
    wanted = set(gone)
    last_kept = next((i for i in reversed(range(len(lines))) if i not in wanted), -1)
    spans, at, i = {}, 0, 0
    for index in gone:
        at += sum(len(line) + 1 for line in lines[i:index])
        i = index
        start, end = at, at + len(lines[index])
        if index < last_kept:
            end += 1
        elif index:
            start -= 1
        spans[index] = (start, end)
    return spans


def remove_lines(doc: Document, stage: str, lines: list[str], removed: dict[int, str]) -> None:
    """Remove from `doc`, whose text is "\n".join(`lines`), the lines `removed` names (line
    index: rule id), logging each."""
    for index, span in removal_spans(lines, removed).items():
        doc.record(stage, removed[index], lines[index], None, span)
    doc.text = "\n".join(line for i, line in enumerate(lines) if i not in removed)


def line_numbers(text: str, offsets: Iterable[int]) -> Iterator[int]:
    """The 1-based line of each offset into `text`; offsets must come in order. Counting
    on from the last offset keeps a document with many changes linear."""
    line, last = 1, 0
    for offset in offsets:
        line += text.count("\n", last, offset)
        last = offset
        yield line
