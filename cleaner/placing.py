"""Where each change stands in a document's input and in its clean text.

A stage logs each edit with its span in the text it received (Change.span). The pipeline
keeps, for each stage run that changed a document, the edits as a Step; once the document
is clean, a change's span is carried back through the steps before it to the input, and
forward through its own and the later ones to the output.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cleaner.document import Change, Document, Span, line_numbers

# (start, end, length of what replaced it), in the text a stage received; sorted.
Edit = tuple[int, int, int]


@dataclass(frozen=True)
class Step:
    """The changes doc.changes[first:last] of one stage run, and its edits; `edits` is
    None when the run rewrote the text in a way no position survives (HTML made text), or
    its log does not account for every character it changed. `starts` gives where each
    change's span starts in the text the run made."""

    first: int
    last: int
    edits: tuple[Edit, ...] | None
    starts: dict[Span, int]


def step(before: str, after: str, changes: Sequence[Change], first: int) -> Step:
    """The Step of a stage run that turned `before` into `after`, logging `changes`."""
    last = first + len(changes)
    if before == after:
        return Step(first, last, (), {})
    spans = [(c.span, c.after or "") for c in changes]
    if any(span is None for span, _ in spans):
        return Step(first, last, None, {})
    located = sorted((span, new) for span, new in spans if span is not None)
    # The log accounts for the change when its edits, made on `before`, give `after`.
    out, at, shift = [], 0, 0
    edits: list[Edit] = []
    starts: dict[Span, int] = {}
    for (start, end), new in located:
        if start < at:
            return Step(first, last, None, {})  # overlapping edits
        out += [before[at:start], new]
        at = end
        starts[start, end] = start + shift
        shift += len(new) - (end - start)
        edits.append(_trimmed(before[start:end], new, start))
    out.append(before[at:])
    if "".join(out) != after:
        return Step(first, last, None, {})
    return Step(first, last, tuple(edits), starts)


def _trimmed(old: str, new: str, start: int) -> Edit:
    """The edit of `old` (at `start`) into `new` less what the two begin and end with
    alike, so that a point in a line of which only the end changed keeps its place."""
    most = min(len(old), len(new))
    head = 0
    while head < most and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < most - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return start + head, start + len(old) - tail, len(new) - head - tail


def number_lines(text: str, changes: list[Change], first: int) -> None:
    """Give changes[first:] with a span the line their span starts on in `text`."""
    order = sorted(
        (_first_char(text, c.span[0], c), i)
        for i, c in enumerate(changes[first:], first)
        if c.span is not None
    )
    for (_, i), line in zip(order, line_numbers(text, (start for start, _ in order)), strict=True):
        c = changes[i]
        changes[i] = Change(c.stage, c.rule, line, c.before, c.after, c.span, why=c.why)


def place(doc: Document, steps: Sequence[Step]) -> None:
    """Set every change's input and output spans, and the line of those that have an input
    span to the line of the input they stand on (see Change)."""
    if not steps:
        return
    forward = [None if s.edits is None else _Shifts(s.edits) for s in steps]
    inverse = [None if s.edits is None else _Shifts(_inverse(s.edits)) for s in steps]
    starts: list[tuple[int, int]] = []  # (input offset, change index)
    for k, s in enumerate(steps):
        for i in range(s.first, s.last):
            c = doc.changes[i]
            if c.span is None:
                continue
            into = _through(c.span, reversed(inverse[:k]))
            out = None
            if s.edits is not None:
                own = s.starts[c.span]
                out = _through((own, own + len(c.after or "")), forward[k + 1 :])
            doc.changes[i] = Change(
                c.stage, c.rule, c.line, c.before, c.after, c.span, into, out, c.why
            )
            if into is not None:
                starts.append((_first_char(doc.original, into[0], c), i))
    starts.sort()
    lines = line_numbers(doc.original, (offset for offset, _ in starts))
    for (_, i), line in zip(starts, lines, strict=True):
        c = doc.changes[i]
        doc.changes[i] = Change(
            c.stage, c.rule, line, c.before, c.after, c.span, c.input_span, c.output_span, c.why
        )


def _first_char(text: str, start: int, change: Change) -> int:
    """Where the text `change` concerns starts, at `start` in `text`: a removed last line
    takes the line break before it, which is not the line it stands on. (An empty line
    removed is taken to own the break at its span: the one after it.)"""
    before = change.before
    if before and text[start : start + 1] == "\n" and not before.startswith("\n"):
        return start + 1
    return start


def _inverse(edits: Sequence[Edit]) -> tuple[Edit, ...]:
    """The edits that undo `edits`, in the coordinates of the text they made."""
    out, shift = [], 0
    for start, end, length in edits:
        out.append((start + shift, start + shift + length, end - start))
        shift += length - (end - start)
    return tuple(out)


class _Shifts:
    """A step's edits (sorted, none overlapping another) as columns, with the shift of
    the text after each number of them, so that a point is carried through them by a
    binary search (see _point): a file with many changes has many in each step, and a
    scan of them for each change would cost their number squared."""

    def __init__(self, edits: Sequence[Edit]) -> None:
        self.starts = [start for start, _, _ in edits]
        self.ends = [end for _, end, _ in edits]
        self.lengths = [length for _, _, length in edits]
        shifts = (length - (end - start) for start, end, length in edits)
        self.shift = list(itertools.accumulate(shifts, initial=0))


def _through(span: Span, steps: Iterable[_Shifts | None]) -> Span | None:
    """`span` carried through each step's edits in turn; None once a step has none.

    It stays as tight as it can: its start goes after text put in where it starts, its end
    before text put in where it ends; an end inside replaced text takes all of what
    replaced it. An empty span (something put in) goes after text put in at its place.
    """
    start, end = span
    for edits in steps:
        if edits is None:
            return None
        if start == end:
            start = end = _point(edits, start, inside_end=True, after_insert=True)
        else:
            start = _point(edits, start, inside_end=False, after_insert=True)
            end = _point(edits, end, inside_end=True, after_insert=False)
    return start, end


def _point(edits: _Shifts, at: int, inside_end: bool, after_insert: bool) -> int:
    """Offset `at` carried through `edits`: a point inside replaced text goes to the start
    of what replaced it, or with `inside_end` to its end; a point where text was put in
    goes before it, or with `after_insert` after it."""
    # The edits wholly before `at` come first, as they are sorted: those that end before
    # it, then of those that end at it the one that replaced text, then text put in at
    # `at`, which is before it only with `after_insert`.
    k = bisect.bisect_left(edits.ends, at)
    ends, starts = edits.ends, edits.starts
    while k < len(ends) and ends[k] == at and (starts[k] < at or after_insert):
        k += 1
    shift = edits.shift[k]
    if k < len(starts) and starts[k] < at:
        return starts[k] + shift + (edits.lengths[k] if inside_end else 0)
    return at + shift
