"""Whole-word phrase matching whose cost does not grow with the number of phrases.

The text is split into word tokens once; each token is looked up in a dict keyed by the
first word of every phrase, and only the few phrases starting with that word are compared,
longest first. A regular-expression alternation of thousands of phrases would instead try
every alternative at every position.

Case follows rules/README.md: a phrase written in lower case also matches its Capitalised,
Title Case and UPPER CASE forms (and the replacement takes the same form); a phrase written
with capitals matches that form and UPPER CASE; an exact phrase matches only as written.
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cleaner.case import recase
from cleaner.tokens import ALNUM_RUNS, Words, blocks, casefold

# A word: letters or digits, with inner apostrophes, hyphens, dots or ampersands
# ("don't", "trade-dependent", "U.S", "AT&T"); the final dot of "U.S." is punctuation.
WORD = re.compile(r"[^\W_]+(?:['’.\-&][^\W_]+)*")
# Where WORD joins two runs of letters and digits into one word. Written to start with the
# joiner, which the expression engine finds by a fast scan.
_JOIN = re.compile(r"['’.\-&](?<=[^\W_]['’.\-&])(?=[^\W_])")
# A word as phrases match it: a final "'s" stands apart, so that a phrase is found in its
# possessive ("White Home" in "the White Home's staff") and keeps a clitic ("careworn
# that's" -> "stressed that's"). The language models keep WORD: their data writes "it's".
_PHRASE_WORD = re.compile(r"['’][sS]\b|[^\W_]+(?:(?!['’][sS]\b)['’.\-&][^\W_]+)*")
_SPACE = re.compile(r"\s+")
# Spaces between the words of a phrase may hold one line break, never a blank line.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
SECTION = 1 << 11  # characters, at least, matched at a time (see PhraseMatcher.finditer)
WHOLE = 1 << 16  # characters of a text matched at once when its words are at hand
_NONSPACE = re.compile(r"\S+")
# Probes (see PhraseMatcher._index_runs) in the text folded only where they are in the text:
# ASCII punctuation, which casefolding neither changes nor makes of another character
# (tests/core/test_phrases.py checks every character), less the apostrophe, which fold
# also makes of the curly one.
_FOLD_KEEPS = frozenset(string.punctuation) - {"'"}
URL = re.compile(r"(?:https?://|www\.)[^\s)\]>\"']+|\]\([^)\s]*\)|[\w.+-]+@[\w-]+\.[\w.]+")
# What every URL match holds (see url_spans).
_URL_MARKS = ("://", "www.", "@", "](")


def word_count(text: str) -> int:
    """The number of WORD matches in `text`: its runs of letters and digits, less the
    joins that make one word of two (found in C, where a search for each WORD match costs
    far more, and a list of them all could be huge)."""
    runs = sum(len(ALNUM_RUNS.findall(block)) for block in blocks(text))
    return runs - sum(1 for _ in _JOIN.finditer(text))


def fold(word: str) -> str:
    return casefold(word).replace("’", "'")


def folded(phrase: str) -> tuple[str, ...]:
    """The words of `phrase` as phrases compare them."""
    return tuple(fold(m.group()) for m in _PHRASE_WORD.finditer(phrase))


def word_grams(text: str, lengths: Iterable[int]) -> Iterator[tuple[str, ...]]:
    """Every run of n folded words in `text`, for each n in `lengths`."""
    words = folded(text)
    for n in lengths:
        yield from zip(*(words[i:] for i in range(n)), strict=False)


@dataclass(frozen=True)
class Phrase:
    """A phrase to find and what to put in its place."""

    target: str
    replacement: str
    rule_id: str
    exact: bool = False
    data: Any = None  # the caller's own payload, returned with each match


@dataclass(frozen=True)
class Match:
    """One occurrence of a phrase: where, as written there, and its replacement."""

    start: int
    end: int
    text: str
    replacement: str
    phrase: Phrase


# Not frozen, and equal only to itself: a spun file's run makes one of each spin rule, and
# a frozen dataclass sets each field through object.__setattr__, four times the cost. None
# is changed once made, nor compared but by identity.
@dataclass(eq=False)
class _Compiled:
    """A phrase split as matching compares it."""

    phrase: Phrase
    words: tuple[str, ...]  # as written, apostrophes straight
    folded: tuple[str, ...]
    seps: tuple[str, ...]  # punctuation between words, spaces folded to one
    prefix: str
    suffix: str
    lower: bool  # written all in lower case


# A run builds matchers over overlapping rule sets (all spin rules, then the always tier);
# each phrase is compiled once.
@lru_cache(maxsize=1 << 14)
def _compile(phrase: Phrase) -> _Compiled:
    spans = list(_PHRASE_WORD.finditer(phrase.target))
    if not spans:
        raise ValueError(f"phrase has no words: {phrase.target!r}")
    words = tuple(m.group().replace("’", "'") for m in spans)
    seps = tuple(
        _SPACE.sub(" ", phrase.target[a.end() : b.start()]) for a, b in itertools.pairwise(spans)
    )
    return _Compiled(
        phrase=phrase,
        words=words,
        folded=tuple(fold(w) for w in words),
        seps=seps,
        prefix=phrase.target[: spans[0].start()],
        suffix=phrase.target[spans[-1].end() :],
        lower=phrase.target == phrase.target.lower(),
    )


def _case_form(found: Sequence[str], c: _Compiled) -> str | None:
    """Which case form of the phrase `found` is ('as', 'upper', 'capital', 'title'), if any."""
    found = [w.replace("’", "'") for w in found]
    if found == list(c.words):
        return "as"
    if c.phrase.exact:
        return None
    joined = " ".join(found)
    if joined.isupper() and any(ch.isalpha() for ch in joined):
        return "upper"
    if not c.lower:
        return None
    if found[0][:1].isupper() and found[0][1:] == c.words[0][1:] and found[1:] == list(c.words[1:]):
        return "capital"
    if all(f == w[:1].upper() + w[1:] for f, w in zip(found, c.words, strict=True)):
        return "title"
    return None


class _Node:
    __slots__ = ("children", "ends")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.ends: list[_Compiled] = []  # phrases whose last word is this node's


def _trie(compiled: Sequence[_Compiled]) -> _Node:
    """The trie of the phrases `compiled`, by their folded words: at each phrase's last
    word, the phrases ending there, longest first (see _match_at), equal lengths in the
    order given. Made from the phrases when a matcher is restored too: faster than
    reading a kept copy of it node by node."""
    root = _Node()
    shared: list[list[_Compiled]] = []  # the ends of nodes where several phrases end
    for c in compiled:
        node = root
        for word in c.folded:
            child = node.children.get(word)
            if child is None:
                child = node.children[word] = _Node()
            node = child
        node.ends.append(c)
        if len(node.ends) == 2:
            shared.append(node.ends)
    for ends in shared:
        ends.sort(key=lambda e: -len(e.phrase.target))  # stable: in order, equal lengths
    return root


# A built PhraseMatcher as plain data (see PhraseMatcher.state): of each phrase, in order,
# what _compile makes of it; and the prefilter's tables. Its trie is made of the first.
_CompiledState = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str, str, bool]
_Singles = dict[str, list[tuple[str, bool]]]
# Of a phrase of several runs: its runs outside its key pair, its other pairs, and the
# phrase folded with its spacing folded.
_Entry = tuple[tuple[str, ...], tuple[str, ...], str]
# Each key pair's longer run: its other run, the pair " a b ", and the phrases with that key.
_Pairs = dict[str, list[tuple[str, str, list[_Entry]]]]
MatcherState = tuple[list[_CompiledState], _Singles, _Pairs]


class PhraseMatcher:
    """Finds non-overlapping phrase occurrences, longest phrase first where they overlap.

    Phrases sit in a trie of folded words, so finding every phrase that starts at a word
    costs one dict lookup per word of the longest such phrase, whatever their number.
    """

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self.size = 0
        self._compiled: list[_Compiled] = []  # in the order given (see state)
        # A prefilter over runs of letters and digits (words split at their joiners, so
        # "long-term" is two): a phrase of several runs needs each pair of its adjacent
        # runs side by side in the text, and is looked at only when the text holds both
        # runs of its key pair, the pair of longest (likely rarest) runs; a phrase of one
        # run needs that run with its punctuation ("ten%"). Most texts hold no phrase and
        # are passed over with set operations and a few substring searches. A phrase
        # that passes must also occur, folded, in the text with its spacing folded: as
        # runs, "e mail" is in every text that says "e-mail".
        self._singles: _Singles = {}  # run: (literal, exact)
        # key pair's longer run: its other run: " a b ": of each phrase with that key, its
        # runs outside the key pair, its other pairs and the phrase folded with its spacing
        # folded; kept as _Pairs, each run's keys in a list (see could_match)
        keyed: dict[str, dict[str, dict[str, list[_Entry]]]] = {}
        for phrase in phrases:
            c = _compile(phrase)
            self._compiled.append(c)
            runs = ALNUM_RUNS.findall(" ".join(c.folded))
            if len(runs) == 1:
                literal = c.phrase.target if c.phrase.exact else fold(c.phrase.target)
                self._singles.setdefault(runs[0], []).append((literal, c.phrase.exact))
            else:
                pairs = list(itertools.pairwise(runs))
                a, b = max(pairs, key=lambda p: (min(map(len, p)), len(p[0]) + len(p[1]), p))
                rare, other = (a, b) if len(a) >= len(b) else (b, a)
                by_key = keyed.setdefault(rare, {}).setdefault(other, {})
                rest = tuple(f" {x} {y} " for x, y in pairs if (x, y) != (a, b))
                needs = tuple(dict.fromkeys(run for run in runs if run not in (a, b)))
                whole = " ".join(fold(phrase.target).split())
                by_key.setdefault(f" {a} {b} ", []).append((needs, rest, whole))
            self.size += 1
        self._pairs: _Pairs = {
            run: [
                (other, key, entries)
                for other, keys in by_other.items()
                for key, entries in keys.items()
            ]
            for run, by_other in keyed.items()
        }
        self._root = _trie(self._compiled)
        self._index_runs()

    def _index_runs(self) -> None:
        """The key pairs' longer runs as a set: a document's words meet it in one set
        intersection, twice as fast as with the dict's keys. The single runs, a few, are
        looked up among the document's words, one by one in C."""
        self._rare_runs = frozenset(self._pairs)
        self._single_runs = frozenset(self._singles)
        # Of each single run's literal, a character of it that is not a letter or digit
        # ("%" of "ten%"), if any: looked for first, in one fast pass, where a search for
        # the literal reads the text about a character at a time.
        self._probes = {
            literal: next((ch for ch in literal if not ch.isalnum()), "")
            for literals in self._singles.values()
            for literal, _exact in literals
        }
        # Whether a paragraph's matches are its own, whatever stands around it (see
        # paragraphs): so where no phrase's punctuation either side holds a space, the one
        # thing a phrase at a paragraph's edge could meet beyond it.
        self.local = not any(ch.isspace() for c in self._compiled for ch in (*c.prefix, *c.suffix))

    def __bool__(self) -> bool:
        return self.size > 0

    def state(self) -> MatcherState:
        """What this matcher was built into, as plain data (tuples, lists, dicts, strings),
        which `restored` turns back into it in a fraction of the time building takes:
        kept with the parsed rules (cleaner.ruleset) for the next run."""
        compiled = [
            (c.words, c.folded, c.seps, c.prefix, c.suffix, c.lower) for c in self._compiled
        ]
        return compiled, self._singles, self._pairs

    @classmethod
    def restored(
        cls,
        phrases: Sequence[Phrase],
        state: MatcherState,
        known: dict[int, _Compiled] | None = None,
    ) -> PhraseMatcher:
        """The matcher of `phrases` whose `state` was taken from one built of them.

        `known`, if given, holds what each phrase (by its id) was compiled into by matchers
        restored before with it, and gets this one's once it is restored: matchers sharing
        phrases share those. An id there is never another phrase's, as what it maps to holds
        its phrase."""
        compiled_state, singles, pairs = state
        if len(compiled_state) != len(phrases):
            raise ValueError("a matcher's state is of other phrases")
        seen = known if known is not None else {}
        compiled = [
            seen.get(id(phrase)) or _Compiled(phrase, *fields)
            for phrase, fields in zip(phrases, compiled_state, strict=True)
        ]
        matcher = cls(())
        matcher._root = _trie(compiled)
        matcher._compiled = compiled
        matcher._singles = singles
        matcher._pairs = pairs
        matcher._index_runs()
        matcher.size = len(compiled)
        if known is not None:  # only what a state that fits was restored into
            known.update({id(c.phrase): c for c in compiled})
        return matcher

    def could_match(self, text: str, words: Words | None = None) -> bool:
        """False when no phrase can occur in `text` (see the prefilter in __init__), whose
        words are `words` when the caller has them."""
        if not self.size:
            return False
        runs: list[str] = []
        if words is not None:
            present = words.distinct()
        else:
            runs = ALNUM_RUNS.findall(casefold(text))  # fold() changes no run
            present = set(runs)
        singles = self._single_runs.intersection(present)
        rare = present.intersection(self._rare_runs)
        if not singles and not rare:  # most texts: no further copy of the text is made
            return False
        folded = ""  # the text folded, made when first needed
        probes = self._probes
        for run in singles:
            for lit, exact in self._singles[run]:
                probe = probes[lit]
                if exact:
                    where = text
                elif probe in _FOLD_KEEPS and probe not in text:
                    continue  # nor is it in the text folded: most texts, never folded
                else:
                    folded = folded or fold(text)
                    where = folded
                if probe in where and lit in where:
                    return True
        # Adjacent runs, one space apart; made when a phrase's runs are all present, and
        # read until one pair is found side by side: a text with many rules' runs passes
        # at its first, and only a text that fails reads every pair. A phrase some of whose
        # runs are missing cannot have all its pairs there: passed over by set operations,
        # where a search reads the whole text. A key's other run, and a phrase's other runs,
        # are looked up one by one: a run found has a key or two, most with the other run
        # missing, where sets made of them would cost more than the look-ups.
        spaced: str | None = None
        folded_spacing: str | None = None
        for run in rare:
            for other, key, phrases in self._pairs[run]:
                if other not in present:
                    continue
                for needs, rest, whole in phrases:
                    if needs and not present.issuperset(needs):
                        continue
                    if spaced is None:
                        spaced = f" {words.joined() if words is not None else ' '.join(runs)} "
                    if key not in spaced:
                        break  # nor any other phrase of this key
                    if all(pair in spaced for pair in rest):
                        if folded_spacing is None:
                            folded_spacing = " ".join((folded or fold(text)).split())
                        if whole in folded_spacing:
                            return True
        return False

    def finditer(self, text: str, words: Words | None = None) -> Iterator[Match]:
        """Yield matches left to right; none overlaps another. `words`, when given, are
        the words of `text`, which spares finding them again."""
        if words is not None and len(text) <= WHOLE:
            yield from self._finditer(text, 0, len(text), words)
            return
        start = 0
        while start < len(text):
            # A phrase never spans a blank line, so a text whose words are not at hand is
            # matched a section at a time: its tokens never all exist at once, and only
            # the few sections the prefilter lets through are tokenised for phrases.
            blank = _BLANK_LINE.search(text, start + SECTION)
            end = blank.end() if blank else len(text)
            yield from self._finditer(text, start, end, None)
            start = end

    def _finditer(self, text: str, start: int, end: int, words: Words | None) -> Iterator[Match]:
        section = text[start:end]
        if not self.could_match(section, words):
            return
        spans = _PHRASE_WORD.finditer(text, start, end)
        tokens = [(m.start(), m.end(), m.group()) for m in spans]
        folded = _folded_tokens(section, start, tokens)
        # Only the words that start a phrase are looked at: found in C, where the trie's
        # first step would turn away the others one call at a time.
        starts = map(self._root.children.__contains__, folded)
        after = 0  # the first token after the last match
        for i in itertools.compress(itertools.count(), starts):
            if i < after:
                continue
            found = self._match_at(text, tokens, folded, i)
            if found is not None:
                yield found[0]
                after = i + found[1]

    def _match_at(
        self,
        text: str,
        tokens: Sequence[tuple[int, int, str]],
        folded: Sequence[str],
        i: int,
    ) -> tuple[Match, int] | None:
        """The longest phrase starting at token `i`, and how many tokens it spans."""
        ending: list[list[_Compiled]] = []  # ending[k - 1]: phrases of k words that fit
        node = self._root
        # By index: slicing folded[i:] would copy the rest of the text at every word.
        for j in range(i, len(folded)):
            child = node.children.get(folded[j])
            if child is None:
                break
            node = child
            ending.append(node.ends)
        for k in range(len(ending), 0, -1):
            for c in ending[k - 1]:
                match = _check(text, tokens, i, k, c)
                if match is not None:
                    return match, k
        return None


def _folded_tokens(section: str, start: int, tokens: Sequence[tuple[int, int, str]]) -> list[str]:
    """fold() of each of `tokens` (start, end, text), which lie in `section`, a text that
    starts at `start`. Folding the section once and cutting it costs far less, and gives
    the same words where folding kept its length: then each character became one."""
    whole = fold(section)
    if len(whole) != len(section):
        return [fold(t[2]) for t in tokens]
    return [whole[t[0] - start : t[1] - start] for t in tokens]


def _check(
    text: str, tokens: Sequence[tuple[int, int, str]], i: int, k: int, c: _Compiled
) -> Match | None:
    """`c` matched at tokens i..i+k-1, if its punctuation and case fit there."""
    if not all(
        _sep_ok(text[tokens[i + j][1] : tokens[i + j + 1][0]], c.seps[j]) for j in range(k - 1)
    ):
        return None
    start, end = tokens[i][0], tokens[i + k - 1][1]
    if c.prefix and text[max(0, start - len(c.prefix)) : start] != c.prefix:
        return None
    if c.suffix and text[end : end + len(c.suffix)] != c.suffix:
        return None
    form = _case_form([t[2] for t in tokens[i : i + k]], c)
    if form is None:
        return None
    start -= len(c.prefix)
    end += len(c.suffix)
    replacement = _same_apostrophes(recase(c.phrase.replacement, form), text[start:end])
    return Match(start, end, text[start:end], replacement, c.phrase)


def _same_apostrophes(replacement: str, found: str) -> str:
    """Use the text's apostrophe, straight or curly, in what replaces it."""
    if "'" in found and "’" not in found:
        return replacement.replace("’", "'")
    if "’" in found and "'" not in found:
        return replacement.replace("'", "’")
    return replacement


def _sep_ok(found: str, wanted: str) -> bool:
    if _BLANK_LINE.search(found):
        return False
    return _SPACE.sub(" ", found) == wanted


def paragraphs(text: str) -> list[str]:
    """The pieces of `text` between its blank lines. No match spans a blank line, nor does
    a token, so a matcher whose phrases' punctuation either side holds no space (its
    `local`) finds in a paragraph what it finds there in the text, whatever stands around
    it."""
    return _BLANK_LINE.split(text)


def outside(matches: Sequence[Match], spans: Iterable[tuple[int, int]]) -> list[Match]:
    """The `matches` (in text order) that overlap none of `spans`: one sweep over both, so
    a long text's many matches and spans cost no more than their sorting."""
    ordered = sorted(spans)
    kept = []
    i, reach = 0, -1
    for m in matches:
        # ordered[:i] start before m ends; m overlaps one when the furthest end passes its start.
        while i < len(ordered) and ordered[i][0] < m.end:
            reach = max(reach, ordered[i][1])
            i += 1
        if reach <= m.start:
            kept.append(m)
    return kept


def protected_spans(
    text: str, names: PhraseMatcher, words: Words | None = None
) -> list[tuple[int, int]]:
    """Spans of URLs, e-mail addresses and protected names in `text`, whose words are
    `words` when the caller has them."""
    spans = url_spans(text)
    spans.extend((m.start, m.end) for m in names.finditer(text, words))
    return spans


def url_spans(text: str) -> list[tuple[int, int]]:
    """The spans of URL's matches in `text`, in order.

    The expression tries every character it reads, slowly, and a long text holds few
    URLs. A match never holds a line break and always holds one of _URL_MARKS, so only
    the lines that hold a mark are read, each once.
    """
    starts: set[int] = set()
    for mark in _URL_MARKS:
        at = text.find(mark)
        while at != -1:
            starts.add(text.rfind("\n", 0, at) + 1)
            end = text.find("\n", at)
            at = -1 if end == -1 else text.find(mark, end)
    spans: list[tuple[int, int]] = []
    for start in sorted(starts):
        end = text.find("\n", start)
        spans.extend(m.span() for m in URL.finditer(text, start, len(text) if end == -1 else end))
    return spans


def substitute(text: str, matches: Iterable[Match]) -> str:
    """`text` with each match replaced; matches must be in order and not overlap."""
    out, last = [], 0
    for m in matches:
        out.append(text[last : m.start])
        out.append(m.replacement)
        last = m.end
    out.append(text[last:])
    return "".join(out)
