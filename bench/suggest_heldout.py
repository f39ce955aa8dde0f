"""Held-out measure of `cleaner suggest --learn`: spin it has not seen, in articles on any desk.

    python bench/suggest_heldout.py                 # 20 articles of ../shared/corpora/bbc
    python bench/suggest_heldout.py CORPUS --articles 50 --seed 3

Figures go to bench/results.json ("suggest_heldout"), beside those of the other benches.

Seed 004 is one article, and the method was tuned on it. Here clean BBC articles are spun
with the spin rules turned around ("trade deficit" -> "commerce deficit"), each place a
rule can spin taken with probability 0.6 (a draw of its own, so a new rule leaves the
other places as they were), as a spinner applies its thesaurus. `suggest` then gets the
spun article with every rule that fires on it removed, as `--learn` does: what it knows
of these swaps must come from other rules, the thesaurus and the trigram model. The
suggestions it lists are applied as rules, and the word edits they make are compared with
the edits that undo the spinning: undone (right) and wrong (an edit the original does not
have: a clean word changed, or a spun word changed to something else).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.phrases import PhraseMatcher, substitute  # noqa: E402
from cleaner.ruleset import SpinRule, load_rules, spin_matcher  # noqa: E402
from cleaner.suggest import Bigrams, suggest  # noqa: E402
from cleaner.suggest.lexicon import SpinLexicon  # noqa: E402
from cleaner.suggest.suggestion import Suggestion, listed  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from results import record  # noqa: E402
from wordedits import word_edits  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
SPIN_RATE = 0.6
MIN_SPUN = 8  # places spun; fewer and the article says little about the method


@dataclass
class Score:
    articles: int = 0
    spun_edits: int = 0
    undone: int = 0  # by the suggestions the command lists
    wrong: int = 0
    suggestions: int = 0
    # Every suggestion, listed or not, applied alone: right and wrong edits per score band
    # (the band's lower end, a multiple of 2), what LISTED_SCORE is chosen by.
    by_score: dict[int, list[int]] = field(default_factory=dict)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"suggest_heldout: {args.corpus}: no such folder", file=sys.stderr)
        return 2
    started = time.perf_counter()
    score = measure(args.corpus, args.articles, args.seed)
    seconds = time.perf_counter() - started
    print(
        f"{score.articles} articles, {score.spun_edits} spun edits, "
        f"{score.suggestions} suggestions: {score.undone} undone "
        f"({score.undone / max(score.spun_edits, 1):.0%}), {score.wrong} wrong; "
        f"{seconds / max(score.articles, 1):.1f} s per article"
    )
    for band, (right, wrong) in sorted(score.by_score.items()):
        print(f"  score {band} to {band + 2}: {right} right, {wrong} wrong edits, applied alone")
    figures = asdict(score)
    figures["by_score"] = {str(band): rw for band, rw in sorted(score.by_score.items())}
    figures.update(seed=args.seed, seconds_per_article=round(seconds / max(score.articles, 1), 2))
    record(f"suggest_heldout_{args.articles}", figures)
    return 0


def measure(corpus: Path, articles: int, seed: int) -> Score:
    """Spin `articles` articles of `corpus` (chosen and spun by `seed`) and score suggest."""
    # The written rules: the model tier is learned, partly from these very swaps.
    rules = tuple(r for r in load_rules().spin if r.tier != "model")
    spinner = _spinner(rules)
    bigrams = Bigrams.load()
    rng = random.Random(seed)
    files = sorted(corpus.rglob("*.txt"))
    rng.shuffle(files)
    score = Score()
    for path in files:
        if score.articles == articles:
            break
        try:
            original = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        places = [m for m in spinner.finditer(original) if _taken(seed, path, m.start)]
        if len(places) < MIN_SPUN:
            continue
        spun = substitute(original, places)
        lexicon = SpinLexicon.unseen(rules, [spun])
        every = suggest([spun], bigrams, lexicon=lexicon)
        want = word_edits(spun, original)
        for s in every:
            alone = word_edits(spun, _applied(spun, [s]))
            band = score.by_score.setdefault(2 * int(s.score // 2), [0, 0])
            band[0] += len(want & alone)
            band[1] += len(alone - want)
        # What the command lists (not those it leaves to --all).
        found = [s for s in every if listed(s)]
        made = word_edits(spun, _applied(spun, found))
        score.articles += 1
        score.spun_edits += len(want)
        score.undone += len(want & made)
        score.wrong += len(made - want)
        score.suggestions += len(found)
    return score


def _applied(text: str, found: Sequence[Suggestion]) -> str:
    """`text` with `found` made rules and applied."""
    as_rules = tuple(
        SpinRule(s.target, s.replacement, "always", False, f"suggested:{i}", "suggest")
        for i, s in enumerate(found)
    )
    return substitute(text, list(spin_matcher(as_rules).finditer(text)))


def _taken(seed: int, path: Path, start: int) -> bool:
    """Whether the spinner takes the place at `start`: a draw of its own, so that a rule
    added or taken away changes no other place's draw, as one stream per article would."""
    return random.Random(f"{seed}:{path.name}:{start}").random() < SPIN_RATE


def _spinner(rules: Sequence[SpinRule]) -> PhraseMatcher:
    """The rules turned around: one spun form per original, the first rule's."""
    turned: dict[str, SpinRule] = {}
    for rule in rules:
        original = rule.replacement.lower()
        if not rule.exact and any(c.isalpha() for c in original) and original not in turned:
            turned[original] = SpinRule(
                original, rule.target.lower(), "always", False, rule.rule_id, "turned"
            )
    return spin_matcher(tuple(turned.values()))


if __name__ == "__main__":
    raise SystemExit(main())
