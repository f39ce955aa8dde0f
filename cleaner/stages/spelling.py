"""spelling: split fused words and restore the space after a full stop, conservatively.

Scraping loses spaces where markup ended ("andcontributing", "leadersconfirmed",
"Africa.The"). A lower-case word missing from pyspellchecker's English frequency list is
split only when the split is the kind scraping makes and compounding does not:

- one half is a function word ("and", "as", "the"): "andcontributing", "academiaas";
  prepositions that also form compounds ("onboard", "inbox") do not count;
- a plural noun followed by a verb form in -ed or -ing: "countriesincluding",
  "leadersconfirmed". English compounds do not inflect their first half ("ringtones" is
  left alone);
- a verb form in -ed followed by a preposition: "signedin", "reportedby". No closed
  compound ends so (the name LinkedIn, written lower-case, is in rules/words.txt);
- and the word has no other reading as two words ("weblog": "we blog", "web log").

Capitalised words (names), words with digits, URLs, words from rules/words.txt, British
spellings of known words ("favour", "mobilisation") and words of other languages (in
italics, after a capitalised word English does not know, as in the Latin "Yersinia
pestis", or in the word list of the language of their paragraph, as "portare" in an
Italian quotation) are never touched. Other unknown words are listed in
`metadata.unknown_words`, not changed.
"""

from __future__ import annotations

import bisect
import re
import string
import sys
from collections.abc import Iterator, Sequence

from cleaner.document import Document, line_numbers
from cleaner.phrases import url_spans
from cleaner.pipeline import Stage
from cleaner.placing import Changed, Mark, kept_lines, mark
from cleaner.ruleset import RuleSet
from cleaner.stages.language import language_of
from cleaner.structure import code_spans, may_hold_code
from cleaner.tokens import Words
from cleaner.wordlist import lexicon, words_of

# Function words that scraping fuses to a neighbour. Prepositions that also make closed
# compounds ("onboard", "inbox", "overmighty", "checkin", "weblog") are left out.
LEFT_WORDS = frozenset(
    """about and been but from had has have he her his its not our she than that the their
    them then they this to was were which who will with would""".split()
)
RIGHT_WORDS = frozenset(
    """and are as for from had has have is of that the their this to was were which who
    will with would""".split()
)
# Prepositions that follow a verb in -ed in a fusion (see the module docstring).
AFTER_PARTICIPLE = frozenset({"at", "by", "in", "into", "on", "onto"})
SENTENCE_STARTERS = frozenset(
    """A According After Also An And As At But Earlier For He Her His However If In It Its
    Later Meanwhile On Our She So Some That The Their There These They This Those We
    When While With""".split()
)
MIN_LETTERS = 6  # a word is studied from this length up
Edit = tuple[int, int, str, str]  # start, end, replacement, rule id
_CANDIDATE = re.compile(rf"(?<![\w@#/.\-'’])[a-z]{{{MIN_LETTERS},}}(?![\w@/\-'’]|\.\w)")
# A whole run of lower-case letters long enough to study: where every candidate stands.
_LOWER_RUN = re.compile(rf"[a-z]{{{MIN_LETTERS},}}")
# Up to this many words are found with a substring search each (see _occurrences).
FEW = 32
# What every _MISSING_SPACE match holds. Written to start with the full stop, which the
# expression engine finds by a fast scan, instead of trying a letter at every position.
_MAYBE_MISSING_SPACE = re.compile(r"\.(?<=[a-z]\.)[A-Z]")
_MISSING_SPACE = re.compile(r"(?<![\w.@/])([A-Za-z]*[a-z]{2})\.([A-Z][a-z]*)(?![\w.@/])")
# The word that ends at the end of the searched span, with only spaces after it.
_BEFORE = re.compile(r"([^\W\d_]+\.?)[^\S\n]+\Z")
# British spellings, as (British ending, American ending): a word is known when its
# American form is.
_BRITISH = (
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ise", "ize"),
    ("our", "or"),
    ("ours", "ors"),
    ("tre", "ter"),
    ("yse", "yze"),
    ("ence", "ense"),
    ("ogue", "og"),
    ("lled", "led"),
    ("lling", "ling"),
)


def _fused(left: str, right: str) -> bool:
    """Whether `left` + `right` is a fusion scraping makes (see the module docstring)."""
    if left in LEFT_WORDS or right in RIGHT_WORDS:
        return True
    # "countries" + "including"; three letters are too few to tell a plural from a
    # prefix ("ups" + "killing" is "upskilling").
    plural = len(left) > 3 and left.endswith("s") and not left.endswith(("ss", "us", "is"))
    if plural and right.endswith(("ed", "ing")):
        return True
    return right in AFTER_PARTICIPLE and len(left) > 4 and left.endswith("ed")


class Spelling(Stage):
    name = "spelling"
    english_only = True

    def __init__(self, rules: RuleSet, options: None = None) -> None:
        super().__init__(rules)
        self._verdicts: dict[str, tuple[str, str] | str] = {}
        self._languages: dict[str, str] = {}  # a paragraph's language (see language_of)

    def verdict(self, word: str) -> tuple[str, str] | str:
        """ "known", the two words an unknown `word` splits into, or "unknown". Cached:
        the same unknown words come back document after document."""
        found = self._verdicts.get(word)
        if found is None:
            found = "known" if self.known(word) else (self.split(word) or "unknown")
            self._verdicts[word] = found
        return found

    def known(self, word: str) -> bool:
        """In the word list, directly, as a British spelling, or as a plural of either."""
        stems = [word]
        if word.endswith("ies"):
            stems.append(word[:-3] + "y")
        if word.endswith("es"):
            stems.append(word[:-2])
        if word.endswith("s"):
            stems.append(word[:-1])
        return any(self._known_stem(stem) for stem in stems)

    def _known_stem(self, word: str) -> bool:
        words = lexicon().words
        if word in words or word in self.rules.words:
            return True
        return any(
            word.endswith(british) and word[: -len(british)] + american in words
            for british, american in _BRITISH
        )

    def _foreign(self, text: str, start: int) -> bool:
        """Whether the word at `start` is of another language than English, as its context
        shows: in italics (`*pestis*`, `_in vitro_`), or after a capitalised word English
        does not know, as a Latin name's species follows its genus ("Yersinia pestis",
        "Homo sapiens", "Y. pestis")."""
        if start and text[start - 1] in "*_":
            return True
        genus = _previous_word(text, start)
        if len(genus) == 2 and genus[0].isupper() and genus[1] == ".":  # "Y. pestis"
            return True
        return genus[:1].isupper() and genus[1:].islower() and not self.known(genus.lower())

    def _of_paragraph_language(self, text: str, start: int, word: str) -> bool:
        """Whether `word`, at `start`, is a word of the language of its paragraph, when that
        is not English: in an Italian quotation "portare" is Italian, not "port are"."""
        begin = text.rfind("\n", 0, start) + 1
        end = text.find("\n", start)
        paragraph = text[begin : end if end >= 0 else len(text)]
        language = self._languages.get(paragraph)
        if language is None:
            if len(self._languages) > 1000:
                self._languages.clear()
            language = self._languages[paragraph] = language_of(paragraph)[0]
        return word in words_of(language)

    def split(self, word: str) -> tuple[str, str] | None:
        """The split of an unknown `word` into two words, if scraping explains it.

        A word with two readings ("weblog": "we blog" or "web log") is a compound nobody
        listed, not a fusion: it is left alone.
        """
        common = lexicon().common
        readings = []
        for i in range(2, len(word) - 1):
            left, right = word[:i], word[i:]
            if left in common and right in common:
                readings.append((left, right))
        plausible = [r for r in readings if len(r[0]) > 2 and len(r[1]) > 2]
        chosen = [r for r in readings if _fused(*r)]
        if len(chosen) != 1 or any(r != chosen[0] for r in plausible):
            return None
        return chosen[0]

    def run(self, doc: Document) -> None:
        memo = doc.memos.pop(self.name, None)
        text = doc.text
        code = may_hold_code(text)
        since = None if code else mark(doc)  # for the next round's run (see _told)
        told = self._told(doc, memo) if isinstance(memo, Memo) and not code else None
        if told is None:
            found: list[tuple[int, str]] = []
            edits = self._edits(text, doc.words(), found, code)
            # By line for a memo, else where found: only the words are read.
            unknown = found if since is None else _by_line(text, found)
        else:
            edits, unknown = told
        if unknown:
            doc.metadata.unknown_words = sorted({word for _, word in unknown})
        if since is not None:
            doc.memos[self.name] = Memo(since, unknown)
        if not edits:
            return
        out, last = [], 0
        for start, end, replacement, rule in edits:
            doc.record(self.name, rule, text[start:end], replacement, (start, end))
            out.append(text[last:start] + replacement)
            last = end
        doc.text = "".join(out) + text[last:]

    def _told(self, doc: Document, memo: Memo) -> tuple[list[Edit], list[tuple[int, str]]] | None:
        """What a run over `doc` finds, its edits and its unknown words by line, told by
        the `memo` of the last run what changed since: what a run finds on a line depends
        on that line alone (in a text with no code), so the changed lines are read again
        and the others' unknown words taken from the memo. None where the memo cannot tell
        (see kept_lines)."""
        kept = kept_lines(doc, memo.since)
        if kept is None:
            return None
        changed = Changed(doc.text, kept)
        found: list[tuple[int, str]] = []
        edits = []
        # Lines of a text with no code hold none.
        for start, end, replacement, rule in self._edits(
            changed.text, Words(changed.text), found, False
        ):
            shift = changed.offset(start) - start
            edits.append((start + shift, end + shift, replacement, rule))
        unknown = [(changed.line(line), word) for line, word in _by_line(changed.text, found)]
        starts = [run.then for run in kept]
        for line, word in memo.unknown:
            k = bisect.bisect_right(starts, line) - 1
            if k >= 0 and line < kept[k].then + kept[k].lines:
                unknown.append((kept[k].now + line - kept[k].then, word))
        unknown.sort()
        return edits, unknown

    def _edits(
        self, text: str, words: Words, unknown: list[tuple[int, str]], code: bool
    ) -> list[Edit]:
        """(start, end, replacement, rule id) for each repair in `text`, whose words are
        `words` and which may hold code (see may_hold_code), in order; adds to `unknown`
        where each unknown word stands and the word."""
        # Most words are in the list, which leaves the few to study. The words are
        # casefolded, so names come too; `_occurrences` finds only the lower-case uses of
        # the rest.
        studied = {
            word
            for word in lexicon().words.unlisted(words.distinct())
            if len(word) >= MIN_LETTERS and word.isascii() and word.isalpha()
        }
        if len(studied) <= FEW:
            # Names never written in lower case, most of these, need no verdict.
            studied = {word for word in studied if word in text}
        suspects = {w for w in studied if self.verdict(w) != "known"}
        starters = _MAYBE_MISSING_SPACE.search(text) is not None
        if not suspects and not starters:
            return []
        urls = url_spans(text)
        edits: list[Edit] = []
        for start, word in _occurrences(text, suspects):
            if _inside((start, start + len(word)), urls) or self._foreign(text, start):
                continue
            verdict = self.verdict(word)
            if isinstance(verdict, tuple):
                if not self._of_paragraph_language(text, start, word):
                    edits.append(
                        (start, start + len(word), " ".join(verdict), "spelling:fused-word")
                    )
            else:
                unknown.append((start, word))
        for m in _missing_spaces(text) if starters else ():
            if m.group(2) in SENTENCE_STARTERS and not _inside(m.span(), urls):
                replacement = f"{m.group(1)}. {m.group(2)}"
                edits.append((m.start(), m.end(), replacement, "spelling:sentence-space"))
        edits.sort()
        return _outside_code(text, edits) if code else edits


class Memo:
    """What a run over a long text leaves for the next round's (see Spelling._told): the
    text it read, marked, and each unknown word it found there with its line, in order."""

    def __init__(self, since: Mark, unknown: list[tuple[int, str]]) -> None:
        self.since = since
        self.unknown = unknown


def _by_line(text: str, found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The line of `text` each (offset, word) `found` stands on, with the word, in order."""
    found.sort()
    lines = line_numbers(text, [at for at, _ in found])
    return [(line - 1, word) for line, (_, word) in zip(lines, found, strict=True)]


def _outside_code(text: str, edits: list[Edit]) -> list[Edit]:
    """The `edits` (in order) that fall outside the code in `text` (see code_spans): an
    identifier is not a fused word ("theresult = total()")."""
    spans = code_spans(text) if edits else []
    if not spans:
        return edits
    kept: list[Edit] = []
    i = 0
    for edit in edits:
        while i < len(spans) and spans[i][1] < edit[0]:
            i += 1
        if i == len(spans) or edit[0] < spans[i][0]:
            kept.append(edit)
    return kept


def _previous_word(text: str, start: int) -> str:
    """The word before `start` on its line (with a full stop after it, if any), if only
    spaces (no-break too) stand between."""
    m = _BEFORE.search(text, max(0, start - 40), start)
    return m.group(1) if m else ""


def _occurrences(text: str, words: set[str]) -> Iterator[tuple[int, str]]:
    """(start, word) where each of `words` stands in `text` as a whole word a candidate for
    splitting, in no set order.

    A candidate is a whole run of lower-case letters, so it is found either by a substring
    search for each word or by one pass over the runs: the searches run at memory speed
    and cost less for a few words, the one pass keeps the cost linear for many.
    """
    if len(words) > FEW:
        for m in _LOWER_RUN.finditer(text):
            word = m.group()
            if word in words and _is_candidate(text, m.start(), word):
                yield m.start(), word
        return
    for word in words:
        start = text.find(word)
        while start != -1:
            if _is_candidate(text, start, word):
                yield start, word
            start = text.find(word, start + len(word))


def _missing_spaces(text: str) -> Iterator[re.Match[str]]:
    """The matches of _MISSING_SPACE in `text`, in order.

    The expression starts with a look-behind, so a search tries it at every character.
    Each match holds one full stop, where _MAYBE_MISSING_SPACE finds it, and starts where
    the run of letters before that stop starts: it is tried there alone.
    """
    for hit in _MAYBE_MISSING_SPACE.finditer(text):
        start = hit.start()
        while start and text[start - 1] in string.ascii_letters:
            start -= 1
        m = _MISSING_SPACE.match(text, start)
        if m is not None:
            yield m


def _is_candidate(text: str, start: int, word: str) -> bool:
    m = _CANDIDATE.match(text, start)
    return m is not None and m.end() == start + len(word)


def _inside(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    """Whether `span` lies inside one of `spans`, which are in order and do not overlap."""
    i = bisect.bisect_right(spans, (span[0], sys.maxsize)) - 1
    return i >= 0 and span[1] <= spans[i][1]


STAGE = Spelling
