"""boilerplate: remove lines that are page furniture, not article text.

Two sources of evidence. Rules from rules/boilerplate.txt name known lines ("Top Stories
Today"), navigation ("Back to ..."), block headers ("More To Read") and line patterns
(Markdown images, photo credits). A heuristic in the spirit of jusText catches link lists no
rule names: a short header with no sentence punctuation followed by three or more short
list-item or headline lines, none of them a sentence, is a list of links to other stories.
Every removed line is logged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaner.document import Document, remove_lines
from cleaner.options import BoilerplateOptions
from cleaner.pipeline import Stage
from cleaner.ruleset import BoilerplateRule, RuleSet

_DECOR = re.compile(r"^[\s#*_>|]+|[\s#*_:|]+$")
_DECOR_CHARS = "#*_>|:"  # every non-space character that _DECOR removes
_SPACE = re.compile(r"\s+")
_BULLET = re.compile(r"^\s*(?:[-*•·▪►»]|\d{1,2}[.)])\s+")
_LINK_ONLY = re.compile(r"^\s*(?:[-*•]\s*)?\[[^\]]+\]\([^)]+\)\s*$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*\s*$")
_HEADER_END = re.compile(r"[.!?:;,]\s*$")
NAV_MAX_WORDS = 8
HEADER_MAX_WORDS = 6
ITEM_MAX_WORDS = 20
MIN_ITEMS = 3


def normalise(line: str) -> str:
    """A line with Markdown decoration, case and spacing folded away, for comparisons."""
    return _SPACE.sub(" ", _DECOR.sub("", line)).casefold()


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
            if line.isascii() and line.isprintable():  # then its only whitespace is " "
                least = len(line) - line.count(" ") - sum(map(line.count, _DECOR_CHARS))
            else:
                least = len("".join(line.split()).strip(_DECOR_CHARS))
            if least > self.short:
                return None
        key = normalise(line)
        return key if len(key) <= self.short else None

    def run(self, doc: Document) -> None:
        lines = doc.text.split("\n")
        keys = [self.key(line) for line in lines]
        removed: dict[int, str] = {}  # line index -> rule id
        for index, line in enumerate(lines):
            rule = self._line_rule(line, keys[index]) if line else None
            if rule is not None:
                removed[index] = rule.rule_id
        # Blocks and link lists are looked for in what the single-line rules leave, which
        # is the text a second run would see: a caption between a header and its links
        # must not hide the list now and expose it then.
        kept = [index for index in range(len(lines)) if index not in removed]
        view = [lines[index] for index in kept]
        k = 0
        while k < len(view):
            key = keys[kept[k]]
            block = self.blocks.get(key) if key else None
            heuristic = (
                block is None and key is not None and self.options.link_lists
                and _is_header(view[k])
            )  # fmt: skip
            if block is not None or heuristic:
                end = _list_end(view, k + 1)
                if block is not None or end - (k + 1) >= MIN_ITEMS:
                    rule_id = block.rule_id if block else "boilerplate:link-list"
                    for j in range(k, end):
                        removed[kept[j]] = rule_id
                    k = end
                    continue
            if _LINK_ONLY.match(view[k]) and _is_link_run(view, k):
                removed[kept[k]] = "boilerplate:link-list"
            k += 1
        if removed:
            remove_lines(doc, self.name, lines, removed)

    def _line_rule(self, line: str, key: str | None) -> BoilerplateRule | None:
        if key == "":
            return None
        if key is not None:
            rule = self.lines.get(key)
            if rule is not None:
                return rule
            if len(key.split()) <= NAV_MAX_WORDS and not _SENTENCE_END.search(line):
                for prefix, nav in self.nav:
                    if key.startswith(prefix):
                        return nav
        for regex, regex_rule in self.regexes:
            if regex.search(line):
                return regex_rule
        return None


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


def _list_end(lines: Sequence[str], start: int) -> int:
    """The index after the run of list items (headlines or links) that starts at `start`."""
    end = start
    while end < len(lines) and _is_item(lines[end]):
        line = lines[end]
        if not (_LINK_ONLY.match(line) or _looks_like_headline(_BULLET.sub("", line))):
            break
        end += 1
    return end


def _is_link_run(lines: Sequence[str], i: int) -> bool:
    """A Markdown link alone on its line, next to another such line: a list of links."""
    near = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    return any(_LINK_ONLY.match(n) for n in near)


STAGE = Boilerplate
