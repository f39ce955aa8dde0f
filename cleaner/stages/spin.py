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
    WORD,
    Match,
    Phrase,
    PhraseMatcher,
    overlaps,
    protected_spans,
    substitute,
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
        spin = self.rules.spin
        self.every = spin_matcher(spin)
        self.always = spin_matcher(tuple(r for r in spin if r.tier == "always"))
        self.names = PhraseMatcher(Phrase(t, t, "protected") for t in self.rules.protected)

    def matches(self, matcher: PhraseMatcher, text: str, words: Words | None) -> list[Match]:
        """The matches of `matcher` in `text` (whose words are `words`, when known), less
        those inside URLs and protected names."""
        found = list(matcher.finditer(text, words))
        if found:
            protected = protected_spans(text, self.names)
            found = [m for m in found if not overlaps(m, protected)]
        return found

    def score(self, text: str, words: Words | None = None) -> tuple[float, list[Match]]:
        """Spin score of `text` (always-tier hits per 1,000 words) and those hits."""
        hits = self.matches(self.always, text, words)
        if not hits:
            return 0.0, hits
        count = sum(1 for _ in WORD.finditer(text))  # a list of them all could be huge
        return 1000.0 * len(hits) / count, hits

    def run(self, doc: Document) -> None:
        text = doc.text
        if not self.rules.spin:
            return
        words = doc.words()
        score, hits = self.score(text, words)
        verdict = doc.metadata.spin
        if verdict is None:
            distinct = len({m.phrase.rule_id for m in hits})
            gated = score >= self.options.gate and distinct >= self.options.min_rules
            verdict = SpinVerdict(round(score, 2), len(hits), distinct, gated)
            doc.metadata.spin = verdict
        # Else a later round (see Pipeline.run_many): the first round's repairs removed the
        # evidence, so its verdict stands.
        gated = verdict.gated
        matches = self.matches(self.every, text, words) if gated else hits
        if not matches:
            return
        matches = agree(text, matches)
        for m in matches:
            rule = m.phrase.data
            assert isinstance(rule, SpinRule)
            doc.record(self.name, rule.rule_id, m.text, m.replacement, (m.start, m.end))
        doc.text = substitute(text, matches)


STAGE = Spin
