"""`cleaner suggest --learn` on spin nobody wrote a rule from (bench/suggest_heldout.py).

Seed 004 is one article, and the method was tuned on it; this measure spins articles of
every desk, with the spinner's swaps the rule base knows.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from conftest import baseline


def test_spin_in_articles_no_rule_was_written_from_is_undone(
    bbc: Path, heldout: ModuleType
) -> None:
    """BBC articles spun with the rules turned around, each rule that fires removed.

    The benchmark at 8 articles (20 by default); the floors are in bench/baseline.json.
    """
    floors = baseline("suggest_heldout_8")
    score = heldout.measure(bbc, articles=8, seed=7)
    # The rules spin these: a new rule calls for new floors.
    assert score.spun_edits == floors["spun_edits"]
    assert score.undone >= floors["undone"]
    assert score.wrong <= floors["wrong"]
