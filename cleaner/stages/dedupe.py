"""dedupe: remove paragraphs repeated inside one document; the first one stays.

A paragraph is a non-blank line. Repeats are found exactly (after folding case, spacing and
punctuation) and nearly (the share of shared word trigrams, Jaccard, at or above
`similarity`). Short lines are left alone: list markers, datelines and subheads repeat in
good articles. A line that is the title said twice or more (the usual trace of an image's
alt text) is a repeat of the title.
"""

from __future__ import annotations

import re
from collections import defaultdict

from cleaner.document import Document
from cleaner.pipeline import Stage

_WORD = re.compile(r"[^\W_]+")
MIN_WORDS = 8


def _words(line: str) -> list[str]:
    return _WORD.findall(line.casefold())


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


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
        seen: dict[tuple[str, ...], int] = {}
        shingles: list[set[tuple[str, ...]]] = []
        postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
        removed: dict[int, str] = {}
        for index, line in enumerate(lines):
            words = _words(line)
            if index and _is_title_repeated(words, title):
                removed[index] = "dedupe:title-repeat"
                continue
            if len(words) < MIN_WORDS:
                continue
            key = tuple(words)
            if key in seen:
                removed[index] = "dedupe:exact"
                continue
            seen[key] = index
            mine = _shingles(words)
            if self._near_duplicate(mine, shingles, postings):
                removed[index] = "dedupe:near"
                continue
            number = len(shingles)
            shingles.append(mine)
            for s in mine:
                postings[s].append(number)
        if not removed:
            return
        for index, rule_id in sorted(removed.items()):
            doc.record(self.name, rule_id, index + 1, lines[index], None)
        doc.text = "\n".join(line for i, line in enumerate(lines) if i not in removed)

    def _near_duplicate(
        self,
        mine: set[tuple[str, ...]],
        shingles: list[set[tuple[str, ...]]],
        postings: dict[tuple[str, ...], list[int]],
    ) -> bool:
        shared: dict[int, int] = defaultdict(int)
        for s in mine:
            for other in postings.get(s, ()):
                shared[other] += 1
        threshold = self.settings["similarity"]
        for other, common in shared.items():
            union = len(mine) + len(shingles[other]) - common
            if union and common / union >= threshold:
                return True
        return False


STAGE = Dedupe
