"""The HTML report: one static page a person reads before trusting a run.

A summary (files, changes per stage and per rule, languages, spin scores), then per file a
line diff of its decoded input against its clean text: removed text struck, inserted text
marked, each changed line tagged with the stage and rule that changed it. The page is
self-contained (no script, no external asset; a Content-Security-Policy forbids both), and
every piece of document text is HTML-escaped. The stage filter is CSS only: one hidden
checkbox per stage, placed before the content so `~` selectors can hide its rows.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html import escape
from importlib.resources import files
from pathlib import Path

from cleaner import __version__
from cleaner.batch.files import write_atomic
from cleaner.batch.output import Result
from cleaner.document import Change
from cleaner.reports.counts import per_rule, per_stage, unused_rules
from cleaner.reports.explain import spin_summary, where
from cleaner.ruleset import RuleSet
from cleaner.stagenames import STAGES

CONTEXT = 2  # unchanged lines shown on each side of a change; longer runs fold away
PAIR_RATIO = 0.5  # similarity above which a removed and an inserted line are one edited line
PAIR_WINDOW = 40  # inserted lines searched for the partner of a removed one
CLIP = 400  # characters of a change shown outside the diff (a whole document can be one)
TOP = 10  # rows of the summary's rule, spin and busiest-file tables before they fold

_TOKEN = re.compile(r"\s+|\S+")
_VISIBLE_SPACE = str.maketrans({" ": "␣", "\n": "↵", "\t": "⇥"})


@dataclass
class Row:
    """One line of the diff: unchanged (`same`), removed, inserted, or edited in place."""

    kind: str  # same | del | ins | edit
    old: str | None
    new: str | None
    old_no: int
    new_no: int
    changes: list[Change] = field(default_factory=list)


def write_html(
    path: Path, results: Sequence[Result], seconds: float, rules: RuleSet | None = None
) -> None:
    write_atomic(path, render(results, seconds, rules))


def render(results: Sequence[Result], seconds: float, rules: RuleSet | None = None) -> str:
    stages = per_stage(results)
    shown = [s for s in STAGES if stages[s]]
    body = [
        *(f'<input type="checkbox" class="toggle" id="show-{s}" checked>' for s in shown),
        _header(results, seconds),
        _filters(shown, stages),
        "<main>",
        _summary(results, rules),
        _files(results),
        "</main>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>cleaner report: {len(results)} file(s)</title>"
        f"<style>{_css()}{_filter_css(shown)}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


# Diff model -------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def diff_rows(original: str, clean: str) -> list[Row]:
    a, b = _lines(original), _lines(clean)
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(
                Row("same", a[i], b[j], i + 1, j + 1)
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
        else:
            rows.extend(_pair(a, i1, i2, b, j1, j2))
    return rows


def _pair(a: list[str], i1: int, i2: int, b: list[str], j1: int, j2: int) -> Iterator[Row]:
    """Rows for a changed block, pairing each removed line with a similar inserted one."""
    j = j1
    for i in range(i1, i2):
        best, partner = PAIR_RATIO, -1
        for k in range(j, min(j2, j + PAIR_WINDOW)):
            m = difflib.SequenceMatcher(None, a[i], b[k], autojunk=False)
            if m.real_quick_ratio() > best and m.quick_ratio() > best and m.ratio() > best:
                best, partner = m.ratio(), k
        if partner < 0:
            yield Row("del", a[i], None, i + 1, 0)
            continue
        yield from (Row("ins", None, b[k], 0, k + 1) for k in range(j, partner))
        yield Row("edit", a[i], b[partner], i + 1, partner + 1)
        j = partner + 1
    yield from (Row("ins", None, b[k], 0, k + 1) for k in range(j, j2))


def attribute(rows: Sequence[Row], changes: Sequence[Change]) -> list[Change]:
    """Tag each changed row with the changes that explain it; the rest are returned.

    A change is matched by its text, as its line number counts lines of the text its stage
    received, not of the input. Changes of the whole document (line 0) or spanning lines
    are never matched to a single row.
    """
    attached: set[int] = set()  # by identity: two equal changes may fall on two rows
    for row in rows:
        if row.kind == "same":
            continue
        for change in changes:
            if id(change) in attached or change.line == 0 or "\n" in change.before:
                continue
            if _explains(change, row):
                row.changes.append(change)
                attached.add(id(change))
    return [c for c in changes if id(c) not in attached]


def _explains(change: Change, row: Row) -> bool:
    old, new = row.old or "", row.new or ""
    if row.kind == "del":
        return change.after is None and change.before.strip() == old.strip()
    if change.after is None:
        return False
    if row.kind == "ins":
        return bool(change.after.strip()) and change.after.strip() in new
    before, after = change.before, change.after
    occurrences = max(old.count(before) if before else 0, new.count(after) if after else 0)
    taken = sum(1 for c in row.changes if (c.before, c.after) == (before, after))
    return taken < occurrences


# Rendering --------------------------------------------------------------------------------


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _stage(stage: str) -> str:
    """A stage name safe in a class attribute."""
    return stage if stage in STAGES else "other"


def _tag(change: Change) -> str:
    title = f"stage {change.stage}, rule {change.rule}, {where(change)}"
    if change.why:
        title += f"; {change.why}"
    return (
        f'<span class="tag s-{_stage(change.stage)}" title="{_e(title)}">{_e(change.rule)}</span>'
    )


def _mark(tag: str, text: str) -> str:
    if text and not text.strip():
        return f'<{tag} class="ws">{_e(text.translate(_VISIBLE_SPACE))}</{tag}>'
    return f"<{tag}>{_e(text)}</{tag}>"


def word_diff(old: str, new: str) -> str:
    """`old` turned into `new` as HTML: removed words in <del>, inserted words in <ins>."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(_e("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(_mark("del", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(_mark("ins", "".join(b[j1:j2])))
    return "".join(out)


def _row(row: Row) -> str:
    filters = " ".join(sorted({f"f-{_stage(c.stage)}" for c in row.changes}))
    if row.kind == "edit":
        text = word_diff(row.old or "", row.new or "")
    elif row.kind == "del":
        text = _mark("del", row.old or "") if row.old else '<del class="blank">blank line</del>'
    elif row.kind == "ins":
        text = _mark("ins", row.new or "") if row.new else '<ins class="blank">blank line</ins>'
    else:
        text = _e(row.old)
    sign = {"same": "", "del": "−", "ins": "+", "edit": "±"}[row.kind]
    return (
        f'<div class="row {row.kind} {filters}">'
        f'<span class="no">{row.old_no or ""}</span><span class="no">{row.new_no or ""}</span>'
        f'<span class="sign">{sign}</span><span class="tx">{text}</span>'
        f'<span class="tags">{"".join(_tag(c) for c in row.changes)}</span></div>'
    )


def _diff(rows: Sequence[Row]) -> str:
    near: set[int] = set()
    for i, row in enumerate(rows):
        if row.kind != "same":
            near.update(range(i - CONTEXT, i + CONTEXT + 1))
    out: list[str] = []
    run: list[str] = []

    def fold() -> None:
        if len(run) > 1:
            out.append(
                f'<details class="ctx"><summary>{len(run)} unchanged lines</summary>'
                + "".join(run)
                + "</details>"
            )
        else:
            out.extend(run)
        run.clear()

    for i, row in enumerate(rows):
        if row.kind == "same" and i not in near:
            run.append(_row(row))
            continue
        fold()
        out.append(_row(row))
    fold()
    return '<div class="diff">' + "".join(out) + "</div>"


def _clip(text: str) -> str:
    return text if len(text) <= CLIP else text[:CLIP] + f"… ({len(text):,} characters)"


def _note(change: Change) -> str:
    if change.after is None:
        text = _mark("del", _clip(change.before))
    elif len(change.before) <= CLIP and len(change.after) <= CLIP:
        text = word_diff(change.before, change.after)
    else:
        text = _mark("del", _clip(change.before)) + " → " + _mark("ins", _clip(change.after))
    filters = f"note f-{_stage(change.stage)}"
    return f'<li class="{filters}">{_tag(change)} <span class="tx">{text}</span></li>'


def _meta(result: Result) -> str:
    meta = result.metadata
    spin = meta.spin
    parts = [
        f"from {_e(result.source)}",
        f"language {_e(meta.language)} ({_e(meta.language_method)})",
        f"encoding {_e(meta.encoding)}",
        _e(spin_summary(spin)),
    ]
    if meta.skipped_stages:
        parts.append("skipped stages: " + _e(", ".join(meta.skipped_stages)))
    if meta.unknown_words:
        parts.append("unknown words, not changed: " + _e(", ".join(meta.unknown_words)))
    return '<p class="meta">' + " · ".join(parts) + "</p>"


def _chips(changes: Sequence[Change]) -> str:
    counts = Counter(c.stage for c in changes)
    return "".join(
        f'<span class="chip s-{_stage(s)}">{_e(s)} {counts[s]}</span>'
        for s in [*STAGES, *sorted(set(counts) - set(STAGES))]
        if counts[s]
    )


def _files(results: Sequence[Result]) -> str:
    """Changed (and failed) files in input order, then the unchanged ones folded together."""
    numbered = list(enumerate(results, start=1))
    quiet = [(n, r) for n, r in numbered if r.status == "ok" and not r.changes]
    parts = [_file(n, r) for n, r in numbered if r.status != "ok" or r.changes]
    if quiet:
        parts.append(
            f'<details class="quiet"><summary>{len(quiet):,} file(s) without changes</summary>'
            + "".join(_file(n, r) for n, r in quiet)
            + "</details>"
        )
    return '<section id="files"><h2>Files</h2>' + "".join(parts) + "</section>"


def _file(number: int, result: Result) -> str:
    head = f'<span class="path">{_e(result.relative)}</span>'
    if result.status != "ok":
        return (
            f'<details class="file {result.status}" id="file-{number}"><summary>{head}'
            f'<span class="status">{_e(result.status)}</span></summary>'
            f'<p class="meta">{_e(result.source)}: {_e(result.message)}</p></details>'
        )
    if not result.changes:
        return (
            f'<details class="file clean" id="file-{number}"><summary>{head}'
            f'<span class="status">no changes</span></summary>{_meta(result)}</details>'
        )
    rows = diff_rows(result.original, result.text)
    loose = attribute(rows, result.changes)
    notes = ""
    if loose:
        notes = (
            '<h4>Changes the line diff cannot show</h4><ul class="notes">'
            + "".join(_note(c) for c in loose)
            + "</ul>"
        )
    count = len(result.changes)
    return (
        f'<details class="file changed" id="file-{number}" open><summary>{head}'
        f'<span class="status">{count} change{"s" if count != 1 else ""}</span>'
        f"{_chips(result.changes)}</summary>{_meta(result)}{_diff(rows)}{notes}</details>"
    )


def _header(results: Sequence[Result], seconds: float) -> str:
    status = Counter(
        r.status if r.status != "ok" else ("changed" if r.changes else "unchanged") for r in results
    )
    total = sum(len(r.changes) for r in results)
    kinds = {"changed": "files changed", "unchanged": "unchanged", "skipped": "skipped"}
    kinds["error"] = "errors"
    cards = [("files", len(results)), ("changes", total)]
    cards += [(label, status[k]) for k, label in kinds.items() if status[k]]
    return (
        "<header><h1>cleaner report</h1>"
        f'<p class="meta">cleaner {_e(__version__)} · {len(results)} file(s) in {seconds:.2f}s</p>'
        '<div class="cards">'
        + "".join(f'<div class="card"><b>{n:,}</b><span>{_e(k)}</span></div>' for k, n in cards)
        + "</div></header>"
    )


def _filters(shown: Sequence[str], stages: Counter[str]) -> str:
    if not shown:
        return ""
    labels = "".join(
        f'<label for="show-{s}" class="chip s-{s}">{s} {stages[s]}</label>' for s in shown
    )
    return f'<nav class="filters"><span>Show changes of stage:</span>{labels}</nav>'


def _filter_css(shown: Sequence[str]) -> str:
    css = []
    for s in shown:
        label = f"~nav label[for=show-{s}]"
        css.append(
            f"#show-{s}:not(:checked)~main .f-{s}{{display:none}}"
            f"#show-{s}:not(:checked){label}{{opacity:.35;text-decoration:line-through}}"
            f"#show-{s}:focus-visible{label}{{outline:2px solid #0969da}}"
        )
    return "".join(css)


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], cls: str = "") -> str:
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def _bar(n: int, most: int) -> str:
    return f'<span class="bar" style="width:{100 * n / max(most, 1):.0f}%"></span>'


def _summary(results: Sequence[Result], rules: RuleSet | None) -> str:
    stages, by_rule = per_stage(results), per_rule(results)
    stage_files = Counter(s for r in results for s in {c.stage for c in r.changes})
    rule_files = Counter(x for r in results for x in {c.rule for c in r.changes})
    most = max(stages.values(), default=0)
    blocks = [
        "<div><h3>Changes per stage</h3>"
        + _table(
            ("stage", "changes", "files", ""),
            [
                (
                    f'<span class="chip s-{_stage(s)}">{_e(s)}</span>',
                    str(n),
                    str(stage_files[s]),
                    _bar(n, most),
                )
                for s in [*STAGES, *sorted(set(stages) - set(STAGES))]
                if (n := stages[s])
            ],
            "num bars",
        )
        + "</div>",
        _rules(by_rule, rule_files),
        _busiest(results),
        _languages(results),
        _spin(results),
    ]
    if rules is not None:
        unused = unused_rules(results, rules)
        blocks.append(
            f"<div><h3>Rules that never fired</h3><details><summary>{len(unused)} of "
            f'{len(rules.boilerplate) + len(rules.spin)} loaded rules</summary><ul class="unused">'
            + "".join(f"<li>{_e(u)}</li>" for u in unused)
            + "</ul></details></div>"
        )
    return (
        '<section id="summary"><h2>Summary</h2><div class="grid">'
        + "".join(blocks)
        + "</div></section>"
    )


def _rules(by_rule: Counter[str], rule_files: Counter[str]) -> str:
    """The rules that fired, most first; beyond the top few, folded away."""
    rows = [
        (
            f'<span class="tag s-{_stage(rule.partition(":")[0])}">{_e(rule)}</span>',
            str(n),
            str(rule_files[rule]),
        )
        for rule, n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    head = ("rule", "changes", "files")
    out = "<div><h3>Changes per rule</h3>" + _table(head, rows[:TOP], "num")
    if rows[TOP:]:
        out += (
            f"<details><summary>{len(rows) - TOP:,} more rule(s)</summary>"
            + _table(head, rows[TOP:], "num")
            + "</details>"
        )
    return out + "</div>"


def _busiest(results: Sequence[Result]) -> str:
    ranked = sorted(
        ((n, r) for n, r in enumerate(results, start=1) if r.changes),
        key=lambda nr: -len(nr[1].changes),
    )
    rows = [
        (f'<a href="#file-{n}">{_e(r.relative)}</a>', str(len(r.changes)), _chips(r.changes))
        for n, r in ranked[:TOP]
    ]
    return (
        "<div><h3>Files with the most changes</h3>"
        + _table(("file", "changes", "stages"), rows)
        + "</div>"
    )


def _languages(results: Sequence[Result]) -> str:
    languages = Counter(str(r.metadata.language) for r in results if r.status == "ok")
    rows = [
        (_e(lang), str(n)) for lang, n in sorted(languages.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return "<div><h3>Languages</h3>" + _table(("language", "files"), rows, "num") + "</div>"


def _spin(results: Sequence[Result]) -> str:
    scored = [
        (n, r, r.metadata.spin)
        for n, r in enumerate(results, start=1)
        if r.metadata.spin is not None and r.metadata.spin.score
    ]
    scored.sort(key=lambda nrs: -nrs[2].score)
    recognised = sum(1 for _, _, spin in scored if spin.recognised)
    head = (
        f"<div><h3>Spin scores</h3><p>{len(scored)} file(s) with signs of spin, "
        f"{recognised} recognised as spun"
    )
    if not scored:
        return head + "</p></div>"
    rows = [
        (
            f'<a href="#file-{n}">{_e(r.relative)}</a>',
            _e(spin.score),
            f"{spin.hits} ({spin.rules})",
            f"{spin.swaps} ({spin.kinds})",
            "recognised" if spin.recognised else "",
        )
        for n, r, spin in scored[:TOP]
    ]
    head_row = ("file", "score", "hits (rules)", "model swaps (kinds)", "")
    return head + "; highest:</p>" + _table(head_row, rows, "num") + "</div>"


def _css() -> str:
    return files("cleaner.reports").joinpath("report.css").read_text(encoding="utf-8")
