"""dedupe: remove paragraphs repeated inside one document; the first one stays.

A paragraph is a non-blank line. Repeats are found exactly (after folding case, spacing and
punctuation) and nearly (the share of shared word trigrams, Jaccard, at or above
`similarity`). Short lines are left alone: list markers, datelines and subheads repeat in
good articles. A line that is the title said twice or more (the usual trace of an image's
alt text) is a repeat of the title.

Near repeats are found with prefix filtering (Bayardo et al., "Scaling up all pairs
similarity search"): under one fixed order of trigrams, two sets with Jaccard >= t share a
trigram among the first |x| - ceil(t|x|) + 1 of each, so only those are indexed and probed,
and candidates are then verified exactly. Trigrams of rare words come first, so prefixes
are rare and their index lists short. A trigram already indexed for MAX_POSTINGS lines
(only in generated or degenerate text) indexes no more, so a 50 MB file stays near-linear.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from cleaner.document import Document
from cleaner.pipeline import Stage

_WORD = re.compile(r"[^\W_]+")
MIN_WORDS = 8
MAX_POSTINGS = 16


def _words(line: str) -> list[str]:
    return _WORD.findall(line.casefold())


def _shingles(words: list[str], counts: Counter[str]) -> dict[str, int]:
    """Word trigrams, each with the count of its rarest word (its rank in the order).

    A trigram is one string, not a tuple: strings are not tracked by the garbage collector,
    whose passes over millions of tuples made large documents superlinear.
    """
    return {
        " ".join(words[i : i + 3]): min(
            counts[words[i]], counts[words[i + 1]], counts[words[i + 2]]
        )
        for i in range(len(words) - 2)
    }


def _is_title_repeated(words: list[str], title: list[str]) -> bool:
    """`words` is `title` said two or more times over."""
    n = len(title)
    return (
        n > 0 and len(words) >= 2 * n and len(words) % n == 0 and words == title * (len(words) // n)
    )


class Dedupe(Stage):
    name = "dedupe"
    options = {"similarity": 0.8}

    def run(self, doc: Document) -> None:
        lines = doc.text.split("\n")
        title: list[str] = next((_words(line) for line in lines if line.strip()), [])
        seen: set[str] = set()
        shingles: list[set[str]] = []
        postings: dict[str, list[int]] = defaultdict(list)
        removed: dict[int, str] = {}
        counts = Counter(word for line in lines for word in _words(line))
        for index, line in enumerate(lines):
            words = _words(line)
            if index and _is_title_repeated(words, title):
                removed[index] = "dedupe:title-repeat"
                continue
            if len(words) < MIN_WORDS:
                continue
            key = " ".join(words)
            if key in seen:
                removed[index] = "dedupe:exact"
                continue
            seen.add(key)
            ranked = _shingles(words, counts)
            mine = set(ranked)
            prefix = self._prefix(ranked)
            if self._near_duplicate(mine, prefix, shingles, postings):
                removed[index] = "dedupe:near"
                continue
            number = len(shingles)
            shingles.append(mine)
            for s in prefix:
                if len(postings[s]) < MAX_POSTINGS:
                    postings[s].append(number)
        if not removed:
            return
        for index, rule_id in sorted(removed.items()):
            doc.record(self.name, rule_id, index + 1, lines[index], None)
        doc.text = "\n".join(line for i, line in enumerate(lines) if i not in removed)

    def _prefix(self, ranked: dict[str, int]) -> list[str]:
        """The trigrams that any set at least `similarity` like this one must share."""
        size = len(ranked)
        # The epsilon keeps float error (0.7 * 10 = 7.000000000000001) from shortening it.
        length = size - math.ceil(self.settings["similarity"] * size - 1e-9) + 1
        return sorted(ranked, key=lambda s: (ranked[s], s))[: max(0, length)]

    def _near_duplicate(
        self,
        mine: set[str],
        prefix: list[str],
        shingles: list[set[str]],
        postings: dict[str, list[int]],
    ) -> bool:
        threshold = self.settings["similarity"]
        candidates = {other for s in prefix for other in postings.get(s, ())}
        for other in sorted(candidates):
            common = len(mine & shingles[other])
            union = len(mine) + len(shingles[other]) - common
            if union and common / union >= threshold:
                return True
        return False


STAGE = Dedupe
