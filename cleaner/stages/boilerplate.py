"""boilerplate: remove lines that are page furniture, not article text.

Two sources of evidence. Rules from rules/boilerplate.txt name known lines ("Top Stories
Today"), navigation ("Back to ..."), block headers ("More To Read") and line patterns
(Markdown images, photo credits). A heuristic in the spirit of jusText catches link lists no
rule names: a short header that says links follow ("More on this story") over three or
more short list-item or headline lines, none of them a sentence, or a run of Markdown links.

A first word is not evidence enough: a navigation line goes when it is a link or nothing of
the article follows it, a block header never without the list under it (unless its
items are headlines or links, a list is the article's section), and a list the article
introduces ("...with each path having one berth:") is the article's. Fenced and indented
code is never furniture. Every removed line is logged.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Sequence

from cleaner.document import Document, remove_lines
from cleaner.options import BoilerplateOptions
from cleaner.pipeline import Stage
from cleaner.placing import Mark, changed_stretches, kept_lines, mark
from cleaner.regexguard import anchored
from cleaner.ruleset import BoilerplateRule, RuleSet
from cleaner.structure import LINK, code_lines, may_hold_code
from cleaner.tokens import latin1

# Decoration at a line's edges, which normalising removes: before the text, whitespace and
# `#*_>|`; after it, whitespace and `#*_:|`.
_LEADING = re.compile(r"[\s#*_>|]*")
_TRAILING = "#*_:|"
_DECOR_CHARS = "#*_>|:"  # every non-space character removed at either edge
# The Latin-1 characters that are whitespace to str.split and to \s: deleted from a line in
# Latin-1 in C, what is left is counted (see Boilerplate.key).
_LATIN1_SPACE = bytes(b for b in range(256) if chr(b).isspace())
_LATIN1_EDGE = _LATIN1_SPACE.decode("latin-1") + _DECOR_CHARS
_BULLET = re.compile(r"^\s*(?:[-*•·▪►»]|\d{1,2}[.)])\s+")
_LINK_ONLY = re.compile(r"^\s*(?:[-*•]\s*)?\[([^\]]+)\]\([^)]+\)\s*$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*\s*$")
_HEADER_END = re.compile(r"[.!?:;,]\s*$")
NAV_MAX_WORDS = 8
HEADER_MAX_WORDS = 6
ITEM_MAX_WORDS = 20
MIN_ITEMS = 3
JOIN_AFTER = 256  # lines (see Boilerplate._regex_rule)
# Words by which a header says that links to other pages follow ("More on this story").
_NAV_WORDS = frozenset(
    """also elsewhere explore further headlines latest more picks popular read recommended
    related shared similar sponsored stories trending viewed watch""".split()
)
_WORD = re.compile(r"\w+")


def normalise(line: str) -> str:
    """A line with Markdown decoration, case and spacing folded away, for comparisons."""
    # The edges found from each end: an expression for the trailing decoration would be
    # tried at every character of the line.
    leading = _LEADING.match(line)
    start = leading.end() if leading else 0
    end = len(line)
    while end > start and (line[end - 1] in _TRAILING or line[end - 1].isspace()):
        end -= 1
    # No whitespace is left at either edge, so splitting only folds the spacing inside.
    return " ".join(line[start:end].split()).casefold()


class Boilerplate(Stage):
    name = "boilerplate"

    def __init__(self, rules: RuleSet, options: BoilerplateOptions | None = None) -> None:
        super().__init__(rules)
        self.options = options or BoilerplateOptions()
        boilerplate = self.rules.boilerplate
        self.lines = {normalise(r.pattern): r for r in boilerplate if r.kind == "line"}
        self.blocks = {normalise(r.pattern): r for r in boilerplate if r.kind == "block"}
        self.nav = [(normalise(r.pattern), r) for r in boilerplate if r.kind == "nav"]
        self.regexes = [(re.compile(r.pattern), r) for r in boilerplate if r.kind == "regex"]
        # The regex rules joined (see _joined), once a run has tried them on JOIN_AFTER lines
        # one by one: joining costs about as much as trying them on a few hundred lines.
        self._joined: tuple[re.Pattern[str] | None, list[re.Pattern[str]]] | None = None
        self._tried = 0
        # A line whose normalised form is much longer than every pattern is no header, nav
        # line or listed line; only a regex rule can match it.
        patterns = [*self.lines, *self.blocks, *(prefix for prefix, _ in self.nav)]
        self.short = 2 * max(map(len, patterns), default=0) + 40

    def key(self, line: str) -> str | None:
        """`line` normalised for the line, block and nav rules; None when that is too long.

        Normalising is most of this stage's work, so a paragraph is first measured without
        its spacing and (edge) decoration, which normalising would remove at most: what is
        left is already too long.
        """
        if not line:
            return ""
        if len(line) > self.short:
            data = line.encode("ascii") if line.isascii() else latin1(line)
            if data is not None:
                # Normalising keeps every character but whitespace and the decoration at
                # the edges (casefolding never shortens): at least those not whitespace,
                # less all that stripping the edges would take.
                kept = len(data.translate(None, _LATIN1_SPACE))
                least = kept - (len(line) - len(line.strip(_LATIN1_EDGE)))
            else:
                least = len("".join(line.split()).strip(_DECOR_CHARS))
            if least > self.short:
                return None
        key = normalise(line)
        return key if len(key) <= self.short else None

    def run(self, doc: Document) -> None:
        since = doc.memos.pop(self.name, None)
        if (isinstance(since, Mark) and self._settled(doc, since)) or self._run(doc):
            # A later round's run is told what changed since (see _settled).
            now = mark(doc)
            if now is not None:
                doc.memos[self.name] = now

    def _run(self, doc: Document) -> bool:
        """Remove the furniture in `doc`; whether there was none, and no code."""
        lines = doc.text.split("\n")
        # Never furniture, whatever its words; looked for only where the text may hold some.
        code = code_lines(lines) if may_hold_code(doc.text) else set()
        keys = [None if i in code else self.key(line) for i, line in enumerate(lines)]
        removed: dict[int, str] = {}  # line index -> rule id
        navs: dict[int, str] = {}  # navigation without link syntax: see _trailing
        for index, line in enumerate(lines):
            rule = self._line_rule(line, keys[index]) if line and index not in code else None
            if rule is None:
                continue
            if rule.kind == "nav" and not LINK.search(line):
                navs[index] = rule.rule_id
            else:
                removed[index] = rule.rule_id
        # Blocks and link lists are looked for in what the single-line rules leave, which
        # is the text a second run would see: a caption between a header and its links
        # must not hide the list now and expose it then.
        kept = [index for index in range(len(lines)) if index not in removed]
        view = [lines[index] for index in kept]
        view_keys = [keys[index] for index in kept]
        k = 0
        while k < len(view):
            if kept[k] in code:
                k += 1
                continue
            # A line without a key (a paragraph, most lines) heads no block: not asked.
            found = self._block(view, view_keys[k], k) if view_keys[k] else None
            if found is not None:
                end, rule_id = found
                for j in range(k, end):
                    removed[kept[j]] = rule_id
                k = end
                continue
            if _LINK_ONLY.match(view[k]) and _is_link_run(view, k):
                removed[kept[k]] = "boilerplate:link-list"
            k += 1
        _trailing(lines, navs, removed)
        if removed:
            remove_lines(doc, self.name, lines, removed)
        return not removed and not code

    def _settled(self, doc: Document, since: Mark) -> bool:
        """Whether a run over `doc` would remove nothing, where a run over the text marked
        `since` removed nothing (and found no code), told by what changed since.

        A line goes by a rule of its own, which reads the line alone; as a block or link
        list, whose header reads the line before it with words, the lines after it as far
        as the list's end and the first line after that with words, and a link the lines
        on either side; as navigation, when no line with words but navigation follows it.
        So only these are read again: each line changed, and each whose block or link
        list reaches one; and the last line with words. With code in the text, a changed
        line can make others code: a run.
        """
        if may_hold_code(doc.text):
            return False
        kept = kept_lines(doc, since)
        if kept is None:
            return False
        text = doc.text
        lines = text.split("\n")
        changed = [
            i
            for first, start, end in changed_stretches(kept, text)
            for i in range(first, first + text.count("\n", start, end) + 1)
        ]
        for i in changed:
            line = lines[i]
            rule = self._line_rule(line, self.key(line)) if line else None
            if rule is not None and (rule.kind != "nav" or LINK.search(line)):
                return False
        last = _worded(lines, len(lines), -1)
        if last and self._line_rule(last, self.key(last)) is not None:
            return False  # navigation last goes (see _trailing)
        for k in sorted(_reaching(lines, changed)):
            if self._block(lines, self.key(lines[k]), k) is not None:
                return False
            if _LINK_ONLY.match(lines[k]) and _is_link_run(lines, k):
                return False
        return True

    def _block(self, view: list[str], key: str | None, k: int) -> tuple[int, str] | None:
        """The end of the block or link list that `view[k]`, whose key is `key`, heads, and
        its rule id; None when it heads none.

        A known header (a `block` rule) goes with the list of headlines or links under it
        (blank lines between allowed), or alone when no list follows it; over any other
        list it stays, as does a Markdown heading over items that are not links: the list
        is the article's own section ("## Recommended" over a review's picks). A header
        no rule names heads a link list only when it says so ("More on this", "Latest
        headlines") or every item is a link, with three items or more, and no sentence of
        the article introduces the list (a line ending in a colon).
        """
        if not key:
            return None
        block = self.blocks.get(key)
        header = view[k]
        if block is None and not (self.options.link_lists and _is_header(header)):
            return None
        end, items, links = _list_end(view, k + 1)
        if block is not None:
            heading = header.lstrip().startswith("#")
            if items and (not heading or links == items):
                return end, block.rule_id
            if not items and not _BULLET.match(_worded(view, k, 1)):
                return k + 1, block.rule_id  # a header with no list: it alone
            return None  # its list is the article's: a header never goes without it
        said = bool(_NAV_WORDS & set(_WORD.findall(key)))
        if items < MIN_ITEMS or not (said or links == items):
            return None
        if _worded(view, k, -1).rstrip().endswith(":"):
            return None  # the article introduces the list
        return end, "boilerplate:link-list"

    def _line_rule(self, line: str, key: str | None) -> BoilerplateRule | None:
        if key == "":
            return None
        if key is not None:
            rule = self.lines.get(key)
            if rule is not None:
                return rule
            link = _LINK_ONLY.match(line)
            said = normalise(link.group(1)) if link else key  # a link says where it goes
            if (
                len(said.split()) <= NAV_MAX_WORDS
                and not _SENTENCE_END.search(said)
                and ":" not in said  # "Back to school: parents face rising costs"
            ):
                for prefix, nav in self.nav:
                    if said.startswith(prefix):
                        return nav
        return self._regex_rule(line)

    def _regex_rule(self, line: str) -> BoilerplateRule | None:
        """The first regex rule that matches `line`, if any."""
        if self._joined is None:
            self._tried += 1
            if self._tried > JOIN_AFTER:
                self._joined = _joined([regex.pattern for regex, _ in self.regexes])
        else:
            # Most lines match no regex rule: one call says so for all that are joined, and
            # a loop for the others (any() over a generator would make one for each line).
            joined, apart = self._joined
            if joined is None or joined.match(line) is None:
                for regex in apart:
                    if regex.search(line):
                        break
                else:
                    return None
        for regex, regex_rule in self.regexes:
            if regex.search(line):
                return regex_rule
        return None


# A pattern's global flags that a group of it alone can take: `(?i)^x` is `(?i:^x)`.
_GLOBAL_FLAGS = re.compile(r"\(\?([is]+)\)")
_FLAG_BITS = {"i": re.IGNORECASE, "s": re.DOTALL}


def _joined(patterns: Sequence[str]) -> tuple[re.Pattern[str] | None, list[re.Pattern[str]]]:
    """One expression that matches at a line's start where any of `patterns` that can only
    match there (see regexguard.anchored) would match the line, and the other patterns
    compiled apart. A pattern that numbers its groups, or takes flags a group cannot, stays
    apart: joined, its references and flags would change."""
    joined: list[str] = []
    apart: list[re.Pattern[str]] = []
    for pattern in patterns:
        compiled = re.compile(pattern)
        leading = _GLOBAL_FLAGS.match(pattern)
        letters = leading.group(1) if leading else ""
        # Its flags must be those of its leading group alone (a str pattern is UNICODE).
        flags = functools.reduce(operator.or_, map(_FLAG_BITS.__getitem__, letters), re.UNICODE)
        if compiled.groups or compiled.flags != flags or not anchored(pattern):
            apart.append(compiled)
        else:
            body = pattern[leading.end() :] if leading else pattern
            joined.append(f"(?{letters}:{body})")
    try:
        return (re.compile("|".join(joined)) if joined else None), apart
    except re.error:  # a global flag repeated after the leading group ("(?i)(?i)^x")
        return None, [re.compile(pattern) for pattern in patterns]


def _is_header(line: str) -> bool:
    # A date or a numbered heading is not a link-list header.
    words = line.split()
    return (
        0 < len(words) <= HEADER_MAX_WORDS
        and not _HEADER_END.search(line)
        and not any(map(str.isdigit, line))
        and not _BULLET.match(line)
    )


def _is_item(line: str) -> bool:
    """A list item or headline: short, and not a sentence."""
    words = line.split()
    return 0 < len(words) <= ITEM_MAX_WORDS and not _SENTENCE_END.search(line)


def _looks_like_headline(line: str) -> bool:
    # Headlines in a link list start with a capital and run to at least four words; a
    # list of names or titles ("- The Aviator", "- Ray") is article content.
    words = line.split()
    return len(words) >= 4 and words[0][:1].isupper()


def _list_end(lines: Sequence[str], start: int) -> tuple[int, int, int]:
    """The index after the run of list items (headlines or links) that starts at
    `start`, blank lines between them allowed; how many items, and how many are links."""
    end = at = start
    items = links = 0
    while at < len(lines):
        line = lines[at]
        if not line.strip():
            at += 1
            continue
        if not _is_listed(line):
            break
        items += 1
        links += _LINK_ONLY.match(line) is not None
        at = end = at + 1
    return end, items, links


def _worded(lines: Sequence[str], k: int, step: int) -> str:
    """The first line after `lines[k]` (`step` 1) or before it (-1) that holds more than
    whitespace; "" when none does."""
    k += step
    while 0 <= k < len(lines):
        if lines[k].strip():
            return lines[k]
        k += step
    return ""


def _is_listed(line: str) -> bool:
    """An item of a link list: a short line, no sentence, that is a link or a headline."""
    return _is_item(line) and (
        _LINK_ONLY.match(line) is not None or _looks_like_headline(_BULLET.sub("", line))
    )


def _reaching(lines: Sequence[str], changed: Sequence[int]) -> set[int]:
    """The lines whose block, link list or link reads one of the lines `changed` (see
    Boilerplate._block and _is_link_run): each of those, the first line with words after
    it, and the lines before it whose list would run into it. (A line after it made part
    of a link run makes it a link too.)"""
    reaching: set[int] = set()
    walked: set[int] = set()
    for i in changed:
        reaching.add(i)
        after = i + 1
        while after < len(lines) and not lines[after].strip():
            after += 1
        if after < len(lines):
            reaching.add(after)
        k = i - 1
        while k >= 0 and k not in walked:
            walked.add(k)
            reaching.add(k)
            if lines[k].strip() and not _is_listed(lines[k]):
                break
            k -= 1
    return reaching


def _trailing(lines: Sequence[str], navs: dict[int, str], removed: dict[int, str]) -> None:
    """Remove the navigation lines `navs` that nothing of the article follows: "Back to
    Japan-Kenya Relations" at the foot of a page is a link, "Return to Office mandates
    spark protests" over an article is its headline."""
    for index in reversed(range(len(lines))):
        if not lines[index].strip() or index in removed:
            continue
        if index not in navs:
            return
        removed[index] = navs[index]


def _is_link_run(lines: Sequence[str], i: int) -> bool:
    """A Markdown link alone on its line, next to another such line: a list of links."""
    near = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    return any(_LINK_ONLY.match(n) for n in near)


STAGE = Boilerplate
