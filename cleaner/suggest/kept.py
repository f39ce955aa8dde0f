"""Where real spun copies keep the words their spinner writes for others
(rules/spin/sources/kept.tsv), beside the swaps of rules/spin/sources/pairs.tsv.

    python -m cleaner.suggest.kept PAIRS [PAIRS ...]    # rewrites rules/spin/sources/kept.tsv

Lines of the pairs whose texts are not in PAIRS are kept as they are: the texts are not
kept in the repository, and those at hand are often only the pairs just found. Run it
after `python -m cleaner.suggest.inserted`, whose swaps' words it counts too.

Each PAIRS folder holds one folder per pair: spun.txt, original.txt and meta.tsv (`spun<TAB>
URL`, `original<TAB>URL`), the pairs pairs.tsv lists (others are passed over), each read
on the stretch both texts tell (see told, as every reader of the pairs). Each pair is
aligned word by word as its swaps were (cleaner.suggest.lexicon.kept), and every place
where the copy and the original have the same words is counted for the words a swap of the
lexicon's sources writes ("acquired" kept where the original says "acquired"). A spinner
writes such a word for another, but so does the writer: how often each happens is the odds
the spin stage weighs its repairs by (`swapped` against `kept`, rules/spin/model.txt). The
file holds addresses and counts: SPUN_URL<TAB>ORIGINAL_URL<TAB>WORDS<TAB>COUNT.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from cleaner.phrases import folded
from cleaner.rulefile import shipped_rules_dir
from cleaner.suggest.learn import gather, read_tsv
from cleaner.suggest.lexicon import Words, kept

HEADER = """\
# Where the real spun copies of pairs.tsv keep words that a swap of the lexicon's sources
# writes (their spinner wrote the original's own words there), counted by
# `python -m cleaner.suggest.kept`, aligned as pairs.tsv was; the texts are not kept here.
# SPUN_URL<TAB>ORIGINAL_URL<TAB>WORDS<TAB>COUNT, one line per (pair, words), words folded.
"""


Pair = tuple[str, str]  # a pair's addresses: the spun copy's, its original's
TEXTS = ("spun.txt", "original.txt")
SHARED = 4  # words in a run both texts share that tells they tell the same story there
_WORD = re.compile(r"\w+")


def pairs_in(folders: Sequence[Path]) -> Iterator[tuple[Pair, Path]]:
    """Each pair folder in `folders` (spun.txt, original.txt, meta.tsv): its addresses, and
    the folder."""
    for folder in folders:
        for meta in sorted(folder.glob("*/meta.tsv")):
            urls = dict(line.split("\t", 1) for line in meta.read_text().splitlines() if line)
            yield (urls["spun"].strip(), urls["original"].strip()), meta.parent


def told(spun: str, original: str) -> tuple[str, str]:
    """Each text's lines from the one where the two texts' first shared run of SHARED words
    starts to the one where their last ends (both whole where they share none): a stored
    page's menus and bylines, and the tail one excerpt has and the other lacks, are not
    the spinner's."""
    words = [
        [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(t)]
        for t in (spun, original)
    ]
    matcher = difflib.SequenceMatcher(
        a=[w for w, _, _ in words[0]], b=[w for w, _, _ in words[1]], autojunk=False
    )
    runs = [b for b in matcher.get_matching_blocks() if b.size >= SHARED]
    if not runs:
        return spun, original
    cut = []
    for text, found, first, last in (
        (spun, words[0], runs[0].a, runs[-1].a + runs[-1].size - 1),
        (original, words[1], runs[0].b, runs[-1].b + runs[-1].size - 1),
    ):
        start = text.rfind("\n", 0, found[first][1]) + 1
        end = text.find("\n", found[last][2])
        cut.append(text[start : len(text) if end < 0 else end].strip("\n") + "\n")
    return cut[0], cut[1]


def texts(folder: Path) -> tuple[str, str]:
    """A pair folder's texts, spun and original, each the stretch both tell (see told)."""
    spun, original = ((folder / name).read_text(encoding="utf-8") for name in TEXTS)
    return told(spun, original)


def listed_pairs(root: Path) -> set[Pair]:
    """The pairs `root`'s pairs.tsv lists (rules/spin: its sources/pairs.tsv)."""
    return {(row[0], row[1]) for row in read_tsv(root / "sources" / "pairs.tsv", 5)}


def listed(folders: Sequence[Path], root: Path) -> Iterator[tuple[Pair, Words, Words]]:
    """The pairs in `folders` that `root`'s pairs.tsv lists: each pair's addresses, and its
    texts' words folded."""
    pairs = listed_pairs(root)
    for pair, folder in pairs_in(folders):
        if pair in pairs:
            spun, original = texts(folder)
            yield pair, folded(spun), folded(original)


def counted(folders: Sequence[Path], root: Path) -> list[str]:
    """kept.tsv's lines for the pairs in `folders` that `root`'s pairs.tsv lists."""
    _, evidence = gather(root)
    phrases = {spun for spun, _ in evidence.seen}
    lines = []
    for pair, spun, original in listed(folders, root):
        for words, count in sorted(kept(spun, original, phrases).items()):
            lines.append(f"{pair[0]}\t{pair[1]}\t{' '.join(words)}\t{count}")
    return sorted(lines)


def command(
    argv: Sequence[str] | None, module: str, doc: str | None
) -> tuple[argparse.ArgumentParser, list[Path], Path, set[Pair]]:
    """The command line of a tool that reads pair folders, `python -m MODULE PAIRS...`: its
    parser (for its errors), the folders, rules/spin, and the pairs pairs.tsv lists."""
    parser = argparse.ArgumentParser(
        prog=f"python -m {module}",
        description=doc,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("folders", nargs="+", type=Path, metavar="PAIRS")
    folders = parser.parse_args(argv).folders
    root = shipped_rules_dir() / "spin"
    return parser, folders, root, listed_pairs(root)


def rewrite(
    argv: Sequence[str] | None,
    module: str,
    doc: str | None,
    name: str,
    header: str,
    columns: int,
    lines_of: Callable[[Sequence[Path], Path], list[str]],
) -> int:
    """The command line of a source read from the pairs' texts: `python -m MODULE PAIRS...`
    rewrites rules/spin/sources/NAME with `header`, the lines `lines_of` gives for the pairs
    in PAIRS, and the file's lines of every other pair as they were."""
    parser, folders, root, known = command(argv, module, doc)
    given = {pair for pair, _ in pairs_in(folders) if pair in known}
    if not given:
        parser.error("no pairs of pairs.tsv found (folders of spun.txt, original.txt, meta.tsv)")
    path = root / "sources" / name
    others = ["\t".join(row) for row in read_tsv(path, columns) if (row[0], row[1]) not in given]
    lines = lines_of(folders, root)
    path.write_text(header + "\n".join(sorted(lines + others)) + "\n", encoding="utf-8")
    print(f"{path}: {len(lines)} lines of {len(given)} pairs, {len(others)} of others kept")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return rewrite(argv, "cleaner.suggest.kept", __doc__, "kept.tsv", HEADER, 4, counted)


if __name__ == "__main__":
    sys.exit(main())
