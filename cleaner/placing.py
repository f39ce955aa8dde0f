"""Where each change stands in a document's input and in its clean text.

A stage logs each edit with its span in the text it received (Change.span). The pipeline
keeps, for each stage run that changed a document, the edits as a Step; once the document
is clean, a change's span is carried back through the steps before it to the input, and
forward through its own and the later ones to the output. The same steps tell a stage's
run in a later round which lines changed since its last (see kept_lines).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from cleaner.document import Change, Document, Edit, Span, Step, line_numbers

# A stage's run over a text of MARK_CHARS to MARK_MOST characters may leave what its run in
# a later round needs to be settled without reading the whole text again (see remembers):
# a Mark, to be told what changed since (see kept_lines), dedupe's Memo, spin's paragraphs.
# A shorter text's run again costs little, and each of these holds about the text again,
# which the memory bound (100 MB and 6 times the input) affords beside the rest only up to
# MARK_MOST.
MARK_CHARS = 1 << 18
MARK_MOST = 1 << 23
# A piece of a marked text left as it was: where it starts in that text, where it starts in
# the text now, and its length.
Piece = tuple[int, int, int]


@dataclass(frozen=True)
class Mark:
    """A document's text as a stage run received it, and how many steps it had taken."""

    text: str
    steps: int


def remembers(text: str) -> bool:
    """Whether a stage's run over `text` leaves what a later round's run needs (see
    MARK_CHARS)."""
    return MARK_CHARS <= len(text) <= MARK_MOST


def mark(doc: Document) -> Mark | None:
    """`doc` marked as it stands; None for a text too short or too long (see remembers)."""
    if remembers(doc.text):
        return Mark(doc.text, len(doc.steps))
    return None


class Kept(NamedTuple):
    """A run of lines of a document's text that are lines of a marked text, in order."""

    then: int  # the first line's index in the marked text
    now: int  # its index in the text now
    lines: int
    start: int  # where the first line starts in the text now
    end: int  # where the last one ends, before its line break


def kept_lines(doc: Document, since: Mark) -> list[Kept] | None:
    """The lines of `doc`'s text that the steps since `since` left as they were, each with
    the line break (or the text's edge) on both sides of it: a line's neighbour in a run
    was its neighbour then. Every other line is changed: edited, put in, or beside a line
    removed. None where a step holds no positions (see Step).

    The steps say where the changes are; the rest of the text is compared with the marked
    one as strings, so that a text changed outside the steps is never taken for one left
    as it was."""
    then, now = since.text, doc.text
    if len(doc.steps) < since.steps:
        return None
    pieces: list[Piece] = [(0, 0, len(then))]
    for done in doc.steps[since.steps :]:
        if done.edits is None:
            return None
        pieces = _carried(pieces, done.edits)
    kept: list[Kept] = []
    line_then = line_now = at_then = at_now = 0  # lines counted before the offsets
    for b, a, n in pieces:
        if not now.startswith(then[b : b + n], a):
            return None
        # The first line whose break before it is in the piece, or the texts' first; the
        # last whose break after it is, or the texts' last.
        start = 0 if a == b == 0 else now.find("\n", a, a + n) + 1
        ends = a + n == len(now) and b + n == len(then)
        end = a + n if ends else now.rfind("\n", a, a + n)
        if end < start or (not start and (a or b)):
            continue  # no line has both its breaks in the piece
        line_now += now.count("\n", at_now, start)
        line_then += then.count("\n", at_then, b + start - a)
        lines = now.count("\n", start, end) + 1
        kept.append(Kept(line_then, line_now, lines, start, end))
        # Counted on from the last line's start (its line breaks, then's as now's).
        at_now, at_then = end, b + end - a
        line_now += lines - 1
        line_then += lines - 1
    return kept


def changed_stretches(kept: Sequence[Kept], text: str) -> Iterator[tuple[int, int, int]]:
    """The runs of lines of `text` between those `kept`: the first's index, where it
    starts and where the last one ends."""
    line, at = 0, 0
    for run in kept:
        if run.now > line:
            yield line, at, run.start - 1
        line, at = run.now + run.lines, run.end + 1
    if at <= len(text):
        yield line, at, len(text)


class Changed:
    """The lines of a text not among those `kept` (see kept_lines), as one text of their
    own, `text`, a line break apart; and where each stretch of them stands in the whole."""

    def __init__(self, whole: str, kept: Sequence[Kept]) -> None:
        stretches = list(changed_stretches(kept, whole))
        self.text = "\n".join([whole[start:end] for _, start, end in stretches])
        # Where each stretch starts in `text` and in the whole; its first line in each.
        self._at: list[int] = []
        self._start: list[int] = []
        self._line: list[int] = []
        self._first: list[int] = []
        at = line = 0
        for first, start, end in stretches:
            self._at.append(at)
            self._start.append(start)
            self._line.append(line)
            self._first.append(first)
            at += end - start + 1
            line += whole.count("\n", start, end) + 1

    def offset(self, at: int) -> int:
        """Where offset `at` of `text` stands in the whole."""
        k = bisect.bisect_right(self._at, at) - 1
        return self._start[k] + at - self._at[k]

    def line(self, index: int) -> int:
        """The index in the whole of line `index` of `text`."""
        k = bisect.bisect_right(self._line, index) - 1
        return self._first[k] + index - self._line[k]


def _carried(pieces: list[Piece], edits: Sequence[Edit]) -> list[Piece]:
    """`pieces` of the text a step received, less what its `edits` replaced and cut where
    they put text in, placed in the text the step made."""
    out: list[Piece] = []
    k = shift = 0
    for b, a, n in pieces:
        at, end = a, a + n
        while k < len(edits) and edits[k][0] < end:
            start, stop, length = edits[k]
            if start > at:
                out.append((b + at - a, at + shift, start - at))
            if stop > end:  # it reaches into the next piece too
                at = end
                break
            at = max(at, stop)
            shift += length - (stop - start)
            k += 1
        if at < end:
            out.append((b + at - a, at + shift, end - at))
    return out


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
