"""spin: repair the synonym swaps of article spinners ("White Home" -> "White House").

Rules come in two tiers (rules/README.md). `always` targets never occur in edited English
and are repaired anywhere. `gated` targets are also ordinary English ("stated"), so they are
repaired only when the document itself shows clear spin: its spin score, the number of
`always` hits per 1,000 words, reaches `gate`, from at least `min_rules` distinct rules. A
press release that really says "stated" has no `always` hits and keeps its words.
"""

from __future__ import annotations

from cleaner.articles import agree
from cleaner.document import Document
from cleaner.metadata import SpinVerdict
from cleaner.options import SpinOptions
from cleaner.phrases import (
    Match,
    Phrase,
    PhraseMatcher,
    overlaps,
    protected_spans,
    substitute,
    word_count,
)
from cleaner.pipeline import Stage
from cleaner.ruleset import RuleSet, SpinRule, spin_matcher
from cleaner.tokens import Words


class Spin(Stage):
    name = "spin"
    english_only = True

    def __init__(self, rules: RuleSet, options: SpinOptions | None = None) -> None:
        super().__init__(rules)
        self.options = options or SpinOptions()
        self.always = spin_matcher(tuple(r for r in self.rules.spin if r.tier == "always"))
        self.names = PhraseMatcher(Phrase(t, t, "protected") for t in self.rules.protected)
        self._every: PhraseMatcher | None = None

    @property
    def every(self) -> PhraseMatcher:
        """The matcher of every spin rule: made when a document first shows clear spin,
        which most never do (a pre-commit hook cleaning one seed is spared making it)."""
        if self._every is None:
            self._every = spin_matcher(self.rules.spin)
        return self._every

    def matches(
        self,
        matcher: PhraseMatcher,
        text: str,
        words: Words | None,
        protected: _Protected | None = None,
    ) -> list[Match]:
        """The matches of `matcher` in `text` (whose words are `words`, when known), less
        those inside URLs and protected names (`protected`: theirs, when the caller has
        them)."""
        found = list(matcher.finditer(text, words))
        if found:
            spans = (protected or _Protected(text, words, self.names)).spans()
            found = [m for m in found if not overlaps(m, spans)]
        return found

    def score(
        self, text: str, words: Words | None = None, protected: _Protected | None = None
    ) -> tuple[float, list[Match]]:
        """Spin score of `text` (always-tier hits per 1,000 words) and those hits."""
        hits = self.matches(self.always, text, words, protected)
        if not hits:
            return 0.0, hits
        return 1000.0 * len(hits) / word_count(text), hits

    def run(self, doc: Document) -> None:
        text = doc.text
        if not self.rules.spin:
            return
        words = doc.words()
        protected = _Protected(text, words, self.names)
        score, hits = self.score(text, words, protected)
        verdict = doc.metadata.spin
        if verdict is None:
            distinct = len({m.phrase.rule_id for m in hits})
            gated = score >= self.options.gate and distinct >= self.options.min_rules
            verdict = SpinVerdict(round(score, 2), len(hits), distinct, gated)
            doc.metadata.spin = verdict
        # Else a later round (see Pipeline.run_many): the first round's repairs removed the
        # evidence, so its verdict stands.
        gated = verdict.gated
        matches = self.matches(self.every, text, words, protected) if gated else hits
        if not matches:
            return
        matches = agree(text, matches)
        for m in matches:
            rule = m.phrase.data
            assert isinstance(rule, SpinRule)
            doc.record(self.name, rule.rule_id, m.text, m.replacement, (m.start, m.end))
        doc.text = substitute(text, matches)


class _Protected:
    """The spans of a text that repairs leave alone (see protected_spans), found once, when
    first asked for: a gated text's matches of both tiers are checked against them."""

    def __init__(self, text: str, words: Words | None, names: PhraseMatcher) -> None:
        self.text = text
        self.words = words
        self.names = names
        self._spans: list[tuple[int, int]] | None = None

    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = protected_spans(self.text, self.names, self.words)
        return self._spans


STAGE = Spin
