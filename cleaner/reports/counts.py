"""Counts over a run's results that the JSON and HTML reports both give."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from cleaner.batch.output import Result
from cleaner.ruleset import RuleSet


def per_stage(results: Sequence[Result]) -> Counter[str]:
    return Counter(c.stage for r in results for c in r.changes)


def per_rule(results: Sequence[Result]) -> Counter[str]:
    return Counter(c.rule for r in results for c in r.changes)


def unused_rules(
    results: Sequence[Result], rules: RuleSet, also: Counter[str] | None = None
) -> list[str]:
    """Ids of the loaded rule-file rules that changed nothing in this run (in `results`,
    nor in the rows counted in `also`): candidates to retire."""
    fired = per_rule(results) + (also or Counter())
    loaded = {r.rule_id for r in rules.boilerplate} | {r.rule_id for r in rules.spin}
    return sorted(rule for rule in loaded if not fired[rule])
