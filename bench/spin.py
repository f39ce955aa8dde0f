"""Spin bench: clean text spun by a spinner of our own, and seed 004 against its key.

    python bench/spin.py                   # 300 BBC articles and the ScrapingHub texts
    python bench/spin.py --bbc 2225 --seed 3

Figures go to bench/results.json ("spin"), beside those of the other benches.

Synthetic spin: BBC articles (a sample of `--bbc`, drawn by `--seed`) and the English
article texts of the ScrapingHub benchmark's ground truth are spun by bench/spinner.py,
which knows nothing of the spin rules, at both its levels (light, about one swap a
sentence; heavy, about three). Originals and spun copies are cleaned with the public API,
and for each level:

- recognition: the share of spun copies cleaning takes for spun (see `recognised`), and
  of originals (false alarms, under "clean");
- repair: the spinner's word edits undone (recall) and the spin stage's word edits that
  undo one (precision); each side is the set of edits of the spun copy's words (the
  spinner's from its own list of swaps, the stage's from its changes), compared by
  bench/wordedits.py;
- words the spin stage changes in the originals, which should be none;
- the spin stage's time per 1,000 words (the pipeline's clock for that stage).

It is our spinner, not theirs: a figure to tune by, not to trust alone.

Seed 004: the share of the swaps of its key (rules/spin/sources/seed004.tsv, SPUN<TAB>
ORIGINAL) that cleaning undoes, and the word error rate before and after cleaning against
a reference made by applying the key to the seed. The reference is approximate: the key
is applied as phrases wherever they occur, and two lines for one phrase ("robust
enterprise" -> "robust business", -> "strong enterprise") are merged word by word, so it
may differ from the wire original here and there. The seed is taken as the other stages
leave it (spin switched off), so that what they remove (an image line) counts on neither
side.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Cleaned, Cleaner  # noqa: E402
from cleaner.phrases import Phrase, PhraseMatcher, folded, substitute  # noqa: E402
from cleaner.stages.decode import decode_text  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from pages import SCRAPINGHUB, changed_words, ground_truth  # noqa: E402
from results import RESULTS, record  # noqa: E402
from spinner import LEVELS, Spinner, Spun  # noqa: E402
from wordedits import Edit, edits_at, matched, word_edits, word_errors  # noqa: E402

BBC = ROOT.parent / "shared" / "corpora" / "bbc"
SEED004 = next((ROOT / "seeds").glob("004_*.txt"))
KEY = ROOT / "rules" / "spin" / "sources" / "seed004.tsv"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", type=int, default=300, help="BBC articles to spin (300)")
    parser.add_argument("--bbc-dir", type=Path, default=BBC, help="the BBC corpus")
    parser.add_argument(
        "--scrapinghub", type=Path, default=SCRAPINGHUB, help="the folder of its ground-truth.json"
    )
    parser.add_argument("--seed", type=int, default=7, help="the sample's and the spinner's")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the results file")
    args = parser.parse_args(argv)
    for path in (args.bbc_dir, args.scrapinghub / "ground-truth.json"):
        if not path.exists():
            print(f"spin: {path}: not found", file=sys.stderr)
            return 2
    started = time.perf_counter()
    corpora = {
        "bbc": bbc_texts(args.bbc_dir, args.bbc, args.seed),
        "scrapinghub": ground_truth_texts(args.scrapinghub),
    }
    worker = Cleaner().warm_up()
    figures = measure(corpora, Spinner(args.seed), worker)
    figures["seed004"], notes = seed004(worker)
    figures.update(
        seed=args.seed,
        cpu_count=os.cpu_count(),
        seconds=round(time.perf_counter() - started, 1),
    )
    print(report(figures, notes))
    record("spin", figures, args.results)
    return 0


def bbc_texts(folder: Path, articles: int, seed: int) -> list[str]:
    """`articles` BBC articles drawn by `seed`, decoded as the corpus is (one is Latin-1)."""
    files = sorted(folder.rglob("[0-9]*.txt"))
    chosen = random.Random(seed).sample(files, min(articles, len(files)))
    return [decode_text(p.read_bytes()) for p in sorted(chosen)]


def ground_truth_texts(folder: Path) -> list[str]:
    """The article texts people cut from the benchmark's pages (English or not: cleaning
    tells, and only English ones are spun)."""
    return [item["articleBody"] for _, item in sorted(ground_truth(folder).items())]


def recognised(cleaned: Cleaned) -> bool:
    """Whether cleaning took the text for spun: the spin verdict's `recognised` where it has
    one, else whether it opened the gate to the gated rules."""
    verdict = cleaned.metadata.spin
    for field in ("recognised", "gated"):  # None: not English, or no spin rules
        if hasattr(verdict, field):
            return bool(getattr(verdict, field))
    return False


def spin_only(cleaned: Cleaned) -> str:
    """The input with the spin stage's changes made, and no other stage's.

    A later round's repair that touches an earlier one's text is placed over all of it
    (cleaner/placing.py), and its text holds what both made: the outermost change of
    those that overlap, the later of two alike, stands for them.
    """
    text, parts, at = cleaned.input, [], 0
    spans = sorted(
        (c.input_span[0], -c.input_span[1], -n, c.after or "")
        for n, c in enumerate(cleaned.changes)
        if c.stage == "spin" and c.input_span is not None
    )
    for start, minus_end, _, after in spans:
        if start >= at:
            parts += [text[at:start], after]
            at = -minus_end
    return "".join([*parts, text[at:]])


def _clean(worker: Cleaner, texts: Iterable[str]) -> tuple[list[Cleaned], float]:
    """Each of `texts` cleaned, and the seconds the spin stage took over them."""
    before = worker.pipeline.seconds["spin"]
    done = list(worker.clean_many(texts))
    return done, worker.pipeline.seconds["spin"] - before


def measure(
    corpora: Mapping[str, Sequence[str]], spinner: Spinner, worker: Cleaner
) -> dict[str, Any]:
    """Recognition and repair on `corpora` (name: texts) spun by `spinner` at each level,
    and what cleaning does to the originals."""
    names = [name for name, texts in corpora.items() for _ in texts]
    texts = [text for group in corpora.values() for text in group]
    _progress(f"cleaning {len(texts)} originals")
    originals, seconds = _clean(worker, texts)
    english = [i for i, c in enumerate(originals) if c.metadata.language == "en"]
    changed: Counter[str] = Counter()
    for c in originals:
        changed.update(ch.rule for ch in c.changes if ch.stage == "spin")
    words = sum(len(folded(t)) for t in texts)
    figures: dict[str, Any] = {
        "clean": {
            "docs": len(texts),
            "english": len(english),
            "words": words,
            "recognised": _share(sum(map(recognised, originals)), len(texts)),
            "recognised_by_corpus": _by_corpus(names, [recognised(c) for c in originals]),
            "words_changed": sum(changed_words(c.input, spin_only(c)) for c in originals),
            "changes_by_rule": dict(sorted(changed.items())),
            "spin_ms_per_1000_words": round(1e6 * seconds / words, 3),
        }
    }
    spinning = 0.0
    for level in LEVELS:
        _progress(f"spinning {len(english)} English texts ({level}) and cleaning them")
        started = time.perf_counter()
        spun = [spinner.spin(texts[i], level) for i in english]
        spinning += time.perf_counter() - started
        cleaned, seconds = _clean(worker, [s.text for s in spun])
        figures[level] = _scored([names[i] for i in english], spun, cleaned, seconds)
    figures["spinner_seconds"] = round(spinning, 1)
    return figures


def _scored(
    names: Sequence[str], spun: Sequence[Spun], cleaned: Sequence[Cleaned], seconds: float
) -> dict[str, Any]:
    """Recognition and repair of spun copies (`names` their corpora), and the spin stage's
    `seconds` over them."""
    totals: Counter[str] = Counter()
    per: dict[str, Counter[str]] = {}
    for name, s, c in zip(names, spun, cleaned, strict=True):
        words = folded(s.text)
        wanted, made = spinner_edits(s), word_edits(s.text, spin_only(c))
        undone, right = map(len, matched(words, wanted, made))
        one = Counter(
            docs=1,
            recognised=int(recognised(c)),
            words=len(words),
            sentences=s.sentences,
            swaps=len(s.edits),
            phrase_swaps=sum(len(e.before.split()) + len(e.after.split()) > 2 for e in s.edits),
            number_swaps=sum(e.after.isdigit() for e in s.edits),
            spinner_edits=len(wanted),
            stage_edits=len(made),
            undone=undone,
            right=right,
        )
        totals.update(one)
        per.setdefault(name, Counter()).update(one)
    figures: dict[str, Any] = dict(totals)
    figures.update(
        swaps_per_sentence=round(totals["swaps"] / max(totals["sentences"], 1), 2),
        recognised=_share(totals["recognised"], totals["docs"]),
        recall=_share(totals["undone"], totals["spinner_edits"]),
        precision=_share(totals["right"], totals["stage_edits"]),
        spin_ms_per_1000_words=round(1e6 * seconds / max(totals["words"], 1), 3),
        by_corpus={
            name: {
                "docs": c["docs"],
                "recognised": _share(c["recognised"], c["docs"]),
                "recall": _share(c["undone"], c["spinner_edits"]),
                "precision": _share(c["right"], c["stage_edits"]),
            }
            for name, c in sorted(per.items())
        },
    )
    return figures


def spinner_edits(spun: Spun) -> set[Edit]:
    """The spinner's swaps as edits of the spun copy's words that give back the original."""
    return {x for e in spun.edits for x in edits_at(spun.text, e.spun_start, e.after, e.before)}


def seed004(
    worker: Cleaner, seed: Path = SEED004, key: Path = KEY
) -> tuple[dict[str, Any], list[str]]:
    """The key's swaps undone by cleaning seed 004, and its word error rate before and
    after against the key's reference; and, to read, the key's swaps left undone somewhere
    and the edits cleaning made that the key does not."""
    data = seed.read_bytes()
    cleaned = worker.clean_bytes(data, path=str(seed))
    others = Cleaner(rules=worker.rules, config=worker.config, disable=["spin"])
    base = others.clean_bytes(data, path=str(seed)).text
    swaps = _merged(key_swaps(key))
    matcher = PhraseMatcher(Phrase(a, b, str(n)) for n, (a, b) in enumerate(swaps))
    places = list(matcher.finditer(base))
    reference = substitute(base, places)
    by_place = [edits_at(base, m.start, m.text, m.replacement) for m in places]
    wanted = set().union(*by_place)
    words = folded(base)
    made = word_edits(base, cleaned.text)
    undone, right = matched(words, wanted, made)
    found: Counter[int] = Counter()
    done: Counter[int] = Counter()
    for m, edits in zip(places, by_place, strict=True):
        n = int(m.phrase.rule_id)
        found[n] += 1
        done[n] += edits <= undone
    left = [n for n in sorted(found) if done[n] < found[n]]
    ref = folded(reference)
    figures = {
        "recognised": recognised(cleaned),
        "key_swaps": len(swaps),
        "key_swaps_in_seed": len(found),
        "key_swaps_repaired": len(found) - len(left),
        "key_share_repaired": _share(len(found) - len(left), len(found)),
        "places": len(places),
        "places_repaired": sum(done.values()),
        "word_edits": len(wanted),
        "undone": len(undone),
        "stage_edits": len(made),
        "right": len(right),
        "recall": _share(len(undone), len(wanted)),
        "precision": _share(len(right), len(made)),
        "wer_before": _share(word_errors(ref, words), len(ref)),
        "wer_after": _share(word_errors(ref, folded(cleaned.text)), len(ref)),
    }
    notes = [f"left: {' -> '.join(swaps[n])} ({done[n]} of {found[n]})" for n in left]
    notes += [
        f"not in the key: {' '.join(words[i:j])} -> {' '.join(new)}"
        for i, j, new in sorted(made - right)
    ]
    return figures, notes


def key_swaps(path: Path) -> list[tuple[str, str]]:
    """The key's lines, SPUN<TAB>ORIGINAL, as pairs."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(a, b) for a, _, b in (x.partition("\t") for x in lines if x and x[0] != "#")]


def _merged(swaps: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """One swap per spun phrase: lines for the same phrase that change different words of
    it ("fairly straightforward" -> "fairly easy", -> "pretty straightforward") made one."""
    by_phrase: dict[str, tuple[str, str]] = {}
    for spun, original in swaps:
        prior = by_phrase.get(spun.lower())
        if prior is not None:
            words, first, second = spun.split(), prior[1].split(), original.split()
            if len(words) == len(first) == len(second):
                original = " ".join(
                    b if a == f else f for a, f, b in zip(words, first, second, strict=True)
                )
        by_phrase[spun.lower()] = (spun, original)
    return list(by_phrase.values())


def _share(part: int, whole: int) -> float | None:
    """part / whole; None when there is no whole (the precision of no edits)."""
    return round(part / whole, 4) if whole else None


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.1%}"


def _by_corpus(names: Sequence[str], flags: Sequence[bool]) -> dict[str, float | None]:
    counts = Counter(names)
    hits = Counter(name for name, flag in zip(names, flags, strict=True) if flag)
    return {name: _share(hits[name], counts[name]) for name in sorted(counts)}


def _progress(message: str) -> None:
    print(f"spin: {message}", file=sys.stderr, flush=True)


def report(figures: Mapping[str, Any], notes: Sequence[str]) -> str:
    """The figures, for a person to read."""
    clean = figures["clean"]
    rows = [
        f"originals: {clean['docs']} ({clean['english']} English, {clean['words']} words): "
        f"{_percent(clean['recognised'])} recognised as spun, {clean['words_changed']} words "
        f"changed by spin; spin {clean['spin_ms_per_1000_words']} ms per 1,000 words",
    ]
    for level in LEVELS:
        f = figures[level]
        rows.append(
            f"{level}: {f['docs']} docs, {f['swaps_per_sentence']} swaps a sentence: "
            f"{_percent(f['recognised'])} recognised; repair recall {_percent(f['recall'])} "
            f"({f['undone']} of {f['spinner_edits']}), precision {_percent(f['precision'])} "
            f"({f['right']} of {f['stage_edits']}); spin {f['spin_ms_per_1000_words']} ms "
            "per 1,000 words"
        )
        for name, c in f["by_corpus"].items():
            rows.append(
                f"  {name}: {c['docs']} docs, {_percent(c['recognised'])} recognised, "
                f"recall {_percent(c['recall'])}, precision {_percent(c['precision'])}"
            )
    s = figures["seed004"]
    rows.append(
        f"seed 004: recognised {s['recognised']}; {s['key_swaps_repaired']} of "
        f"{s['key_swaps_in_seed']} key swaps repaired everywhere "
        f"({_percent(s['key_share_repaired'])}), {s['places_repaired']} of {s['places']} "
        f"places; word edits {s['undone']} of "
        f"{s['word_edits']} undone, {s['right']} of {s['stage_edits']} right; "
        f"WER {s['wer_before']:.3f} -> {s['wer_after']:.3f}"
    )
    rows += [f"  {note}" for note in notes]
    rows.append(f"{figures['seconds']} s")
    return "\n".join(rows)


if __name__ == "__main__":
    raise SystemExit(main())
