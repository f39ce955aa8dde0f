"""The words real spun copies add to their originals, read as swaps
(rules/spin/sources/inserted.tsv), beside the swaps of rules/spin/sources/pairs.tsv.

    python -m cleaner.suggest.inserted PAIRS [PAIRS ...]  # rewrites rules/spin/sources/inserted.tsv

Run it before `python -m cleaner.suggest.kept`, which counts the kept places of these
swaps' words too. Each PAIRS folder holds one folder per pair: spun.txt, original.txt and
meta.tsv, the pairs pairs.tsv lists (others are passed over). pairs.tsv reads a stretch
the spinner only added with the word before it ("declining gross" -> "declining"), a swap
seen beside that word alone; here each such addition is read with the word it stands
before (cleaner.suggest.lexicon.insertions): "gross sales" -> "sales", "brand new" ->
"new", "high quality" -> "quality", which recur from story to story. A swap pairs.tsv
already lists for the pair is not repeated. `python -m cleaner.suggest.learn` reads this
file as it reads pairs.tsv, so a swap enters the lexicon on the same evidence (seen in two
pairs); the file holds addresses and counts: SPUN_URL<TAB>ORIGINAL_URL<TAB>SPUN<TAB>
ORIGINAL<TAB>COUNT.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from cleaner.phrases import folded
from cleaner.suggest.kept import listed, rewrite
from cleaner.suggest.learn import read_tsv
from cleaner.suggest.lexicon import Words, insertions

HEADER = """\
# The words real spun copies of pairs.tsv add to their originals, each read with the word
# it stands before ("gross sales" -> "sales"), written by `python -m cleaner.suggest.inserted`;
# the texts are not kept here. Read as pairs.tsv is, in its columns:
# SPUN_URL<TAB>ORIGINAL_URL<TAB>SPUN<TAB>ORIGINAL<TAB>COUNT, one line per (pair, swap),
# words folded.
"""


def found(folders: Sequence[Path], root: Path) -> list[str]:
    """inserted.tsv's lines for the pairs in `folders` that `root`'s pairs.tsv lists."""
    shown: set[tuple[str, str, Words, Words]] = {
        (row[0], row[1], folded(row[2]), folded(row[3]))
        for row in read_tsv(root / "sources" / "pairs.tsv", 5)
    }
    lines = []
    for pair, spun, original in listed(folders, root):
        swaps = Counter(insertions(spun, original))
        for (written, was), count in sorted(swaps.items()):
            if (*pair, written, was) not in shown:
                lines.append(f"{pair[0]}\t{pair[1]}\t{' '.join(written)}\t{' '.join(was)}\t{count}")
    return sorted(lines)


def main(argv: Sequence[str] | None = None) -> int:
    return rewrite(argv, "cleaner.suggest.inserted", __doc__, "inserted.tsv", HEADER, 5, found)


if __name__ == "__main__":
    sys.exit(main())
