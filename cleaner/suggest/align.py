"""A new real spun copy and its original, aligned into the lines pairs.tsv takes.

    python -m cleaner.suggest.align PAIRS [PAIRS ...]   # candidate lines on stdout

Each PAIRS folder holds one folder per pair: spun.txt, original.txt and meta.tsv (`spun<TAB>
URL`, `original<TAB>URL`). For each pair rules/spin/sources/pairs.tsv does not list yet,
the texts (the stretch both tell, cleaner.suggest.kept.told) are aligned word by word
(cleaner.suggest.lexicon.swaps) and every stretch where they differ is printed as
pairs.tsv has it: SPUN_URL<TAB>ORIGINAL_URL<TAB>SPUN<TAB>ORIGINAL<TAB>COUNT, words folded.
Not every line is the spinner's: read them, and keep only its swaps (words, phrases, a
word split in two or two joined, reorderings, contractions, numbers as words or digits),
not an update of the story (other facts or numbers), page furniture (bylines,
"Advertisement", "Also read") or a misalignment where paragraphs moved. Then add the
lines kept to pairs.tsv, and run `python -m cleaner.suggest.inserted PAIRS...`, `python -m
cleaner.suggest.kept PAIRS...` and `python -m cleaner.suggest.learn` (rules/README.md). On
stderr, each pair's share of the original's words its copy keeps in order: a copy spun
from that original keeps most of them; well under half says another version of the
story, or another story.
"""

from __future__ import annotations

import difflib
import sys
from collections import Counter
from collections.abc import Iterator, Sequence

from cleaner.phrases import folded
from cleaner.suggest.kept import Pair, command, pairs_in, texts
from cleaner.suggest.lexicon import Words, swaps


def aligned(pair: Pair, spun: Words, original: Words) -> Iterator[str]:
    """pairs.tsv's candidate lines for `pair`, whose texts' words are `spun` and `original`."""
    counts = Counter((" ".join(a), " ".join(b)) for a, b in swaps(spun, original))
    for (written, was), count in sorted(counts.items()):
        yield f"{pair[0]}\t{pair[1]}\t{written}\t{was}\t{count}"


def kept_in_order(spun: Words, original: Words) -> float:
    """The share of `original`'s words that `spun` keeps in the same order."""
    matcher = difflib.SequenceMatcher(a=spun, b=original, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(1, len(original))


def main(argv: Sequence[str] | None = None) -> int:
    parser, folders, _, known = command(argv, "cleaner.suggest.align", __doc__)
    new = [(pair, folder) for pair, folder in pairs_in(folders) if pair not in known]
    if not new:
        parser.error("no pair that pairs.tsv does not list yet (folders of spun.txt, ...)")
    for pair, folder in new:
        spun, original = (folded(text) for text in texts(folder))
        lines = list(aligned(pair, spun, original))
        print("\n".join(lines))
        print(
            f"{folder.name}: {len(spun)} words spun, {len(original)} original, "
            f"{kept_in_order(spun, original):.0%} of the original kept in order, "
            f"{len(lines)} lines",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
