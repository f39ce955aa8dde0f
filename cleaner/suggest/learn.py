"""The spinner's lexicon (rules/spin/model.txt), learned from the evidence that spinners
make each swap.

    python -m cleaner.suggest.learn            # rewrites rules/spin/model.txt
    python -m cleaner.suggest.learn --check    # exit 1 if the shipped file differs

Three sources, each a set of one-way swaps (the words a spinner wrote -> the words it
replaced), counted:

- `rules`: the always and gated rule files read as swaps (cleaner/suggest/lexicon.py),
  counted once per rule that shows the swap;
- `seed004`: rules/spin/sources/seed004.tsv, every swap the spinner made in seeds/004;
- `pairs`: rules/spin/sources/pairs.tsv, real spun copies aligned word by word with their
  originals (their addresses and swap counts; the texts are not kept), counted once per
  pair that shows the swap, and rules/spin/sources/inserted.tsv, the words those copies
  add, each read with the word it stands before ("gross sales" -> "sales",
  cleaner/suggest/inserted.py), counted alike.

Where the pairs show a swap's words, its line also gives their places there: where the
spinner wrote them for the original (pairs.tsv's counts), and where a copy kept them as
its original has them (rules/spin/sources/kept.tsv, cleaner/suggest/kept.py), and, if any,
where the spinner wrote them for originals the lexicon does not give them (`elsewhere`):
the odds the spin stage weighs a repair by.

Each one-word swap is also taken in the other forms of its words ("workplaces" for
"offices", from "workplace" for "office"), with the same evidence. A swap enters when it
was seen twice (in two rules, two pairs, or two sources), or once
and Moby's thesaurus confirms the two are synonyms: a swap seen once could be an edit, not
the spinner. It stays one-way: a swap whose reverse has as much evidence, a swap that
rewrites a rule's own target, and one whose original is itself a swap's target (a second
run would change the text again) are left out. Words a rule writes, and words far
commoner or as plain as their original, are left out too, unless the pairs show them the
spinner's far more often than kept (SHOWN) and no real spinner is seen writing other
words for them. Where the spinner wrote the same words for several originals ("greatest"
for "highest" and for "best"), each is kept, and the spin stage weighs them at each place,
the best-evidenced one alone for recognition (cleaner/stages/spin.py).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.phrases import fold, folded
from cleaner.rulefile import shipped_rules_dir
from cleaner.ruleset import SpinRule, spin_rules
from cleaner.stages.spin import SHOWN, odds
from cleaner.suggest.bigrams import FUNCTION_ZIPF, zipf
from cleaner.suggest.lexicon import SpinLexicon
from cleaner.suggest.thesaurus import Inflector, Synonyms
from cleaner.trigrams import Trigrams

Words = tuple[str, ...]
SOURCES = ("pairs", "rules", "seed004")
PLAIN_ZIPF = 5.9  # wordfreq's Zipf scale: "those" and commoner (see plain)
COMMONER = 1.5  # nats: the words written 4.5 times commoner than the original (see commoner)
# The forms a one-word swap is inflected to, by the tag class of the form seen.
_TAGS = {
    "NN": ("NN", "NNS"),
    "VB": ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ"),
    "JJ": ("JJ", "JJR", "JJS"),
    "RB": ("RB", "RBR", "RBS"),
}
HEADER = """\
# The spinner's lexicon: one-way swaps (the words a spinner wrote -> the words it replaced),
# each with how often it was seen and where. Written by `python -m cleaner.suggest.learn`
# from the rules and rules/spin/sources/ (seed004.tsv, pairs.tsv, kept.tsv): edit those,
# not this file. A swap here is repaired only in a document recognised as spun, and
# only where the trigram model finds the original fits its sentence far better
# (rules/README.md, "@tier model").
@tier model
"""


@dataclass
class Evidence:
    """How often each swap was seen, by source."""

    seen: dict[tuple[Words, Words], Counter[str]] = field(default_factory=dict)
    # The pairs' word for word: each swap's places, and the words written kept (see kept).
    swapped: Counter[tuple[Words, Words]] = field(default_factory=Counter)
    kept: Counter[Words] = field(default_factory=Counter)

    def add(self, spun: Words, original: Words, source: str, times: int = 1) -> None:
        if spun and original and spun != original:
            self.seen.setdefault((spun, original), Counter())[source] += times

    def total(self, swap: tuple[Words, Words]) -> int:
        return sum(self.seen.get(swap, Counter()).values())

    def places(self, swap: tuple[Words, Words]) -> tuple[int, int]:
        """The pairs' places where the spinner wrote `swap`'s words for its original, and
        where a copy kept them. A phrase the pairs never show that swaps one word in its
        context ("anticipated to" -> "expected to") has that word's swap's places."""
        spun, original = swap
        found = self.swapped[swap], self.kept[spun]
        if any(found) or len(spun) != len(original) or len(spun) < 2:
            return found
        differ = [(a, b) for a, b in zip(spun, original, strict=True) if a != b]
        if len(differ) != 1:
            return found
        word = (differ[0][0],), (differ[0][1],)
        return self.swapped[word], self.kept[word[0]]


def from_rules(evidence: Evidence, rules: Iterable[SpinRule]) -> None:
    for spun, originals in SpinLexicon.learn(rules).swaps.items():
        for original, count in originals.items():
            evidence.add(spun, original, "rules", count)


def read_tsv(path: Path, columns: int) -> Iterable[list[str]]:
    """The tab-separated lines of `path` with `columns` fields, comments and blanks skipped."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != columns:
            sys.exit(f"{path}:{number}: expected {columns} tab-separated fields")
        yield fields


def from_key(evidence: Evidence, path: Path) -> None:
    for spun, original in read_tsv(path, 2):
        evidence.add(folded(spun), folded(original), "seed004")


def from_pairs(evidence: Evidence, path: Path) -> None:
    """One count per pair that shows a swap, however often it made it there; its places
    are counted apart (Evidence.swapped)."""
    for _spun_url, _original_url, spun, original, count in read_tsv(path, 5):
        evidence.add(folded(spun), folded(original), "pairs")
        evidence.swapped[folded(spun), folded(original)] += int(count)


def from_kept(evidence: Evidence, path: Path) -> None:
    """The places where the pairs' spun copies keep words the spinner writes for others
    (rules/spin/sources/kept.tsv, written by `python -m cleaner.suggest.kept`)."""
    for _spun_url, _original_url, words, count in read_tsv(path, 4):
        evidence.kept[folded(words)] += int(count)


def inflect(evidence: Evidence, inflector: Inflector, trigrams: Trigrams) -> None:
    """Each one-word swap in the other forms of its words, with its evidence: the spinner
    that writes "workplace" for "office" writes "workplaces" for "offices". Only forms the
    trigram model knows: the stage could not score others, and some forms lemminflect
    makes are no English ("fee'd"). A form seen itself too keeps the larger count of
    each source: the superlative of "greater" -> "higher", seen in eleven pairs, is no
    less the spinner's for one pair that shows "greatest" -> "highest" itself."""
    derived: dict[tuple[Words, Words], Counter[str]] = {}
    for (spun, original), sources in sorted(evidence.seen.items()):
        if len(spun) != 1 or len(original) != 1:
            continue
        lemmas = {tag: lemma for lemma, tag in inflector.analyses(original[0])}
        for lemma, tag in inflector.analyses(spun[0]):
            if tag not in lemmas:
                continue
            for other in _TAGS[tag[:2]]:
                forms = inflector.inflect(lemma, other), inflector.inflect(lemmas[tag], other)
                if (
                    forms[0]
                    and forms[1]
                    and trigrams.known(forms[0][0])
                    and trigrams.known(forms[1][0])
                ):
                    form: tuple[Words, Words] = (forms[0][0],), (forms[1][0],)
                    derived[form] = derived.get(form, Counter()) | sources
    for form, sources in derived.items():
        evidence.seen[form] = evidence.seen.get(form, Counter()) | sources


def learn(
    evidence: Evidence, rules: Sequence[SpinRule], thesaurus: Synonyms, trigrams: Trigrams
) -> list[str]:
    """The lexicon's lines, sorted (see the module's docstring for what enters)."""
    targets = {folded(r.target) for r in rules}
    replacements = {folded(r.replacement) for r in rules}
    seen: dict[Words, list[tuple[int, Words]]] = {}  # each spun's originals, best first
    # Words real spinners (the pairs, seed 004) are seen writing others for: a later round
    # would take a rule's repair to them for the spinner's words ("by means of" ->
    # "through" -> "during"); only a rule shows "monetary establishment" for "financial
    # institution".
    restored = {o for (_, o), sources in evidence.seen.items() if set(sources) - {"rules"}}
    for (spun, original), sources in sorted(evidence.seen.items()):
        total = sum(sources.values())
        # Made far more often than kept in the pairs (log odds SHOWN, weighed by the stage
        # at each place all the same), a swap overrules the guesses that its words are too
        # common or plain to be the spinner's ("internet" for "net": written at 30 places,
        # kept at none), or a rule's ("financial institution" for "bank", at 93 places).
        shown = odds(*evidence.places((spun, original))) >= SHOWN
        if spun in targets or any(w.isdigit() for w in spun):
            continue  # a rule repairs it already; numbers are the rules' (wire style)
        if spun in replacements and not (shown and spun not in restored):
            continue  # a rule writes it
        if spun[0].startswith("'") or original[0].startswith("'"):
            continue  # half a contraction ("he's" -> "he is" aligned as "'s" -> "is")
        if evidence.total((original, spun)) >= total:
            continue
        if total < 2 and not synonyms(spun, original, thesaurus):
            continue
        if not shown and (commoner(spun, original, trigrams) or plain(spun, original)):
            continue
        seen.setdefault(spun, []).append((-total, original))
    for originals in seen.values():
        originals.sort()
    # No original may hold a target (a second run would rewrite it): where two swaps
    # would, the better seen one stays ("metropolis" -> "city" against "city" -> "town").
    # Each spun words' best original first, then the others, which cannot displace one.
    kept: dict[Words, list[Words]] = {}
    written: set[Words] = set()  # every run of words in a kept original
    for spun, originals in sorted(seen.items(), key=lambda item: (item[1][0][0], item[0])):
        if spun not in written and _holds_none(originals[0][1], kept, targets):
            kept[spun] = [originals[0][1]]
            written |= _runs(originals[0][1])
    # The spinner writes one word for several ("greater" for "higher" and for "more"):
    # each original seen enough is kept, and the stage takes the one that fits each place.
    for spun, chosen in kept.items():
        for _, original in seen[spun][1:]:
            if _holds_none(original, kept, targets):
                chosen.append(original)
    by_words: Counter[Words] = Counter()  # the pairs' places, by the words written
    for (spun, _), count in evidence.swapped.items():
        by_words[spun] += count
    lines = []
    for spun, chosen in kept.items():
        # Where the pairs show the spinner writing these words for originals the lexicon
        # does not give them (each seen too seldom, or another's target): places where a
        # repair to any of `chosen` would be wrong as surely as where a copy kept them.
        elsewhere = by_words[spun] - sum(evidence.swapped[spun, original] for original in chosen)
        for original in chosen:
            sources = evidence.seen[spun, original]
            where = ", ".join(s for s in SOURCES if sources[s])
            places = evidence.places((spun, original))
            counts = f"; swapped {places[0]}, kept {places[1]}" if any(places) else ""
            if counts and elsewhere:
                counts += f", elsewhere {elsewhere}"
            lines.append(
                f"{' '.join(spun)} -> {' '.join(original)}"
                f" [seen {sum(sources.values())}: {where}{counts}]"
            )
    return sorted(lines, key=lambda line: (fold(line.partition(" -> ")[0]), line))


def _runs(words: Words) -> set[Words]:
    """Every run of one or more of `words`, in order."""
    return {words[i:j] for i in range(len(words)) for j in range(i + 1, len(words) + 1)}


def _holds_none(original: Words, kept: dict[Words, list[Words]], targets: set[Words]) -> bool:
    """Whether no run of `original`'s words is a kept swap's or a rule's target."""
    return not any(run in kept or run in targets for run in _runs(original))


def plain(spun: Words, original: Words) -> bool:
    """Whether both sides are only the commonest words of English ("on" for "at", "these"
    for "those", "can" for "will"): spinners make such swaps, but writers choose between
    them far more often, and a word either side cannot tell the two apart."""
    return min(zipf(word) for word in (*spun, *original)) >= PLAIN_ZIPF


def commoner(spun: Words, original: Words, trigrams: Trigrams) -> bool:
    """Whether the words written are far commoner than the original (by COMMONER nats,
    to the trigram model, alone). A spinner writes a thesaurus's synonym, which is seldom
    the commoner word; such a swap is read off a rule whose context made it ("help" for
    "aid" from "first help"), and at most places it would be wrong."""
    if not all(map(trigrams.known, (*spun, *original))):
        return False
    return trigrams.logprob(spun) - trigrams.logprob(original) > COMMONER


def synonyms(spun: Words, original: Words, thesaurus: Synonyms) -> bool:
    """Whether the thesaurus lists the words that differ as synonyms, in these forms (the
    words both sides share, context a swap was read with, are left aside), and they are
    words with content: Moby lists "at" for "on"."""
    head = 0
    while head < min(len(spun), len(original)) - 1 and spun[head] == original[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(spun), len(original)) - head - 1 and spun[-1 - tail] == original[-1 - tail]
    ):
        tail += 1
    a, b = " ".join(spun[head : len(spun) - tail]), " ".join(original[head : len(original) - tail])
    if min(zipf(a), zipf(b)) >= FUNCTION_ZIPF:
        return False
    return b in thesaurus.of(a) or a in thesaurus.of(b)


def gather(root: Path) -> tuple[list[SpinRule], Evidence]:
    """The rule files of `root` (rules/spin) less the lexicon, and the evidence of its
    sources, every one-word swap inflected."""
    # Read without the lexicon, which may be the file being rewritten, or broken.
    rules = [
        rule
        for path in sorted(root.glob("*.txt"))
        if path.name != "model.txt"
        for rule in spin_rules(path)
    ]
    evidence = Evidence()
    from_rules(evidence, rules)
    from_key(evidence, root / "sources" / "seed004.tsv")
    for name in ("pairs.tsv", "inserted.tsv"):
        if (root / "sources" / name).is_file():
            from_pairs(evidence, root / "sources" / name)
    if (root / "sources" / "kept.tsv").is_file():
        from_kept(evidence, root / "sources" / "kept.tsv")
    inflect(evidence, Inflector(), Trigrams.load())
    return rules, evidence


def build(root: Path) -> str:
    rules, evidence = gather(root)
    trigrams = Trigrams.load()
    vocabulary = {" ".join(side) for swap in evidence.seen for side in swap}
    vocabulary |= {word for phrase in list(vocabulary) for word in phrase.split()}
    lines = learn(evidence, rules, Synonyms.for_words(vocabulary), trigrams)
    return HEADER + "\n" + "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cleaner.suggest.learn",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped file differs")
    args = parser.parse_args(argv)
    root = shipped_rules_dir() / "spin"
    text = build(root)
    path = root / "model.txt"
    if args.check:
        same = path.is_file() and path.read_text(encoding="utf-8") == text
        print(f"{path}: {'up to date' if same else 'differs from what the sources give'}")
        return 0 if same else 1
    path.write_text(text, encoding="utf-8")
    print(f"{path}: {text.count(' -> ')} swaps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
