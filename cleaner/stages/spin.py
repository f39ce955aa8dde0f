"""spin: repair the synonym swaps of article spinners ("White Home" -> "White House").

Rules come in three tiers (rules/README.md). `always` targets never occur in edited English
and are repaired anywhere. `gated` targets are also ordinary English ("stated"), and so are
the `model` tier's, the spinner's lexicon learned from real spun text ("within" for "in",
rules/spin/model.txt): they are repaired only in a document recognised as spun. A document
is recognised on either evidence: always-tier hits (`gate` per 1,000 words, from
`min_rules` distinct rules), or those hits with strong model swaps, places where the
trigram model finds a lexicon swap's original far likelier than the words written
(`margin` nats, less what the swap's odds in the pairs give, SPARED at most, or more where
they are against it): `recognise` per 1,000 words, from `min_swaps` distinct rules and swaps.
Clean text has few of either: a press release that really says "stated" keeps its words.

In a recognised document every rule applies, then each lexicon swap whose evidence
passes `margin`: its margin (at least LEAST), with its odds in the real spun pairs
(_prior), and SAME_SWAP more where the same swap passes elsewhere in it or a rule's repair
there makes it (a spinner swaps a word wherever it stands); a swap's change names each.
Inside a name the words' rarity is set aside, and odds count only where they reach SHOWN
either way.
Where the lexicon gives the words written several originals, the likeliest at the place
stands for them (_channel) if it is plainly the likeliest (AMBIGUOUS). Rules take
precedence where they overlap a swap, and the words a rule's repair wrote are no swap's in
a later round (_written).
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections.abc import Mapping, Sequence

from cleaner.articles import agree
from cleaner.document import Document
from cleaner.margins import margin
from cleaner.metadata import SpinVerdict
from cleaner.options import SpinOptions
from cleaner.phrases import (
    Match,
    Phrase,
    PhraseMatcher,
    fold,
    folded,
    outside,
    paragraphs,
    protected_spans,
    substitute,
    word_count,
)
from cleaner.pipeline import Stage
from cleaner.placing import remembers
from cleaner.ruleset import RuleSet, SpinRule, spin_matcher
from cleaner.sites import Lexicon, Site, index, starts
from cleaner.structure import code_spans
from cleaner.tokens import Words
from cleaner.trigrams import Trigrams

Swap = tuple[Match, str]  # a lexicon swap's place, and its evidence (see _evidence)
Parts = tuple[tuple[float, str], ...]  # what a repair's evidence adds to its margin, and why
PAIRS = "for its odds in the pairs"
RARITY = "for its words' rarity set aside"
# Swap sites weighed for recognition, at most: a text with more is sampled (Spin.verdict).
SAMPLE = 500
# Strong places among the rare swaps that leave a text unsettled when they are too few to
# recognise it: it is then weighed on every swap of the lexicon, the common words' too (a
# heavily spun copy writes "the place" for "where" and "simply" for "just"), which is what
# recognition means; the rare ones are a first look that settles most texts for less.
# Clean text seldom shows three, so the whole look is seldom taken.
UNSETTLED = 3
# Words a text needs to be judged on model swaps: in fewer, a swap or two would pass any
# rate per 1,000 words (a headline, a caption); such a text is judged on its hits alone.
MIN_WORDS = 40
# Strong places of one swap that count towards recognition, at most: a spinner's text shows
# many swaps, where clean text that suits one of them repeats it ("the Native Team" of a
# rugby history, "native" for "local" to the lexicon).
PER_SWAP = 2
# Nats a repair's evidence gains where the same swap passes elsewhere in the document, or
# a rule's repair there makes it: a spinner swaps a word wherever it stands, so a weaker
# fit there is the spinner's too.
SAME_SWAP = 3.0
# Nats of margin that one nat of a swap's odds in the pairs (see _odds) is worth: the
# trigram model, which sees two words either side, is far surer than it should be. This,
# SAME_SWAP and the places the odds start from were fitted on the pairs' places, each
# story's repairs weighed with a lexicon learned without it (bench/spin_pairs.py).
ODDS = 2.5
# Nats by which a repair's original must fit better than the words written, whatever its
# odds: these say how often the spinner writes the words, not that it wrote them here, and
# where the model can hardly tell the two readings apart the pairs show such a repair as
# often wrong as right.
LEAST = 0.5
# Places a swap's odds start from (see _odds): the pairs' places where the spinner wrote
# its words for its original, and those where a copy kept them as the original has them.
# Before the pairs show either, the words are taken for the writer's, six to one.
SWAPPED_ONE = 0.5
KEPT_ONE = 3.0
# Log odds in the pairs (see _odds) that show a swap's words the spinner's so much more often
# than kept that they count inside a name too (see _named), and that let the lexicon take a
# swap its learner would otherwise guess too plain or a rule's output (cleaner.suggest.learn).
SHOWN = 1.0
# Share of a line's words capitalised that makes it a Title Case headline (see _in_name).
TITLE_CASE = 0.8
# Nats of `margin` that a swap's odds in the pairs may spare a place weighed for recognition,
# at most (see _needs): the odds say how often the spinner writes the words, not that it
# wrote them here. Swaps copies keep more often than they write need as much more as their
# odds say, without limit: clean text uses those words as the writer means them ("male",
# never seen written for "man"). Against the margin alone, short clean texts (BBC and
# ScrapingHub articles cut into 45-250 words) are recognised far less often, and no spun
# copy of the pairs is lost (bench/spin_pairs.py).
SPARED = 1.0
# Nats by which, where the lexicon gives the words written several originals, the likeliest
# at the place (see _channel) must beat the next, or the place is left alone: the spinner
# wrote the words for one of them, and a repair to another is no closer to the original
# ("might" for "could", "may" or "would"). Of the stage's levers, the pairs show this one
# trading the fewest repairs for precision (bench/spin_pairs.py).
AMBIGUOUS = 4.0


class Spin(Stage):
    name = "spin"
    english_only = True

    def __init__(self, rules: RuleSet, options: SpinOptions | None = None) -> None:
        super().__init__(rules)
        self.options = options or SpinOptions()
        self.tiered = tuple(r for r in self.rules.spin if r.tier != "model")
        self.lexicon = tuple(r for r in self.rules.spin if r.tier == "model")
        # Each lexicon target's originals, the best seen first: the matcher of places finds
        # that one, and repair weighs the others where it stands (see strong).
        self.originals = _by_target(self.lexicon)
        self.firsts = tuple(swaps[0] for swaps in self.originals.values())
        self.always = spin_matcher(tuple(r for r in self.tiered if r.tier == "always"))
        self.names = PhraseMatcher(Phrase(t, t, "protected") for t in self.rules.protected)
        self._every: PhraseMatcher | None = None
        self._model: PhraseMatcher | None = None
        self._others: tuple[PhraseMatcher, ...] | None = None
        self._rare: Lexicon | None = None
        self._whole: Lexicon | None = None
        self._swaps: dict[tuple[str, str], str] | None = None  # see _made_by
        self._ids: frozenset[str] | None = None  # the rules' ids, see _written

    @property
    def every(self) -> PhraseMatcher:
        """The matcher of every rule: made when a document is first recognised as spun,
        which most never are (a pre-commit hook cleaning one seed is spared making it)."""
        if self._every is None:
            self._every = spin_matcher(self.tiered)
        return self._every

    @property
    def model(self) -> PhraseMatcher:
        """The matcher of the lexicon's swaps, made for the first English document."""
        if self._model is None:
            self._model = spin_matcher(self.firsts)
        return self._model

    @property
    def others(self) -> tuple[PhraseMatcher, ...]:
        """Matchers of the lexicon's other originals: the second of each target that has
        one, then the third...; made when a document is first repaired."""
        if self._others is None:
            depth = max(map(len, self.originals.values()), default=1)
            self._others = tuple(
                spin_matcher(tuple(s[k] for s in self.originals.values() if len(s) > k))
                for k in range(1, depth)
            )
        return self._others

    @property
    def rare(self) -> Lexicon:
        """The lexicon's swaps weighed for recognition (cleaner/sites.py), made for the
        first English document."""
        if self._rare is None:
            self._rare = index(self.lexicon)
        return self._rare

    @property
    def whole(self) -> Lexicon:
        """Every one of the lexicon's swaps, to weigh a document its rare ones leave
        unsettled (see verdict)."""
        if self._whole is None:
            # Its swaps that are not rare are kept with the rules too, once a text needs
            # them: made, they ask the model a question of each swap in the lexicon.
            self._whole = self.rare.widened(rare=0.0)
        return self._whole

    def matches(
        self,
        matcher: PhraseMatcher,
        text: str,
        words: Words | None,
        protected: _Protected | None = None,
    ) -> list[Match]:
        """The matches of `matcher` in `text` (whose words are `words`, when known), less
        those inside URLs, protected names and code (`protected`: theirs, when the caller
        has them)."""
        found = list(matcher.finditer(text, words))
        if found:
            found = outside(found, (protected or _Protected(text, words, self.names)).spans())
        return found

    def sites(
        self, text: str, words: Words | None, protected: _Protected, taken: list[Match]
    ) -> list[Match]:
        """The places of the lexicon's swaps in `text`, less those that overlap `taken`
        (rules' matches) and those that hold an acronym (see _acronym)."""
        if not self.lexicon:
            return []
        ruled = [(m.start, m.end) for m in taken]
        found = outside(self.matches(self.model, text, words, protected), ruled)
        return [m for m in found if not _acronym(text, m)]

    def strong(
        self,
        text: str,
        sites: Sequence[Match],
        ruled: Sequence[Match],
        others: Mapping[tuple[int, int], Sequence[Match]] | None = None,
    ) -> list[Swap]:
        """The `sites` whose evidence passes `margin`: the margin its original fits by (at
        least LEAST), with its swap's odds in the pairs (_prior; in a name, _named), and
        SAME_SWAP more where the same swap passes elsewhere or a rule matched in `ruled`
        makes it ("oil costs -> oil prices" makes "costs -> prices"); with their evidence.
        Where `others` holds other originals for a site's words (by its start and end), the
        likeliest (see _channel) stands for it, if by AMBIGUOUS at least."""
        if not sites:
            return []
        trigrams = Trigrams.load()
        bar = self.options.margin
        weighed = []  # each place, its margin, what else it weighs, and their sum
        for site in sites:
            found = []  # each original's _channel score, margin, own odds, and match
            for m in (site, *(others or {}).get((site.start, site.end), ())):
                gain = margin(text, m, trigrams)
                if gain is not None:
                    own = _own_odds(m, trigrams)
                    found.append((_channel(gain, own, m), gain, own, m))
            if not found:
                continue
            found.sort(key=_SCORE, reverse=True)
            if len(found) > 1 and found[0][0] - found[1][0] < AMBIGUOUS:
                continue
            _, gain, own, m = found[0]
            # In a name, what its context gives: the written words' rarity is no evidence,
            # nor are its odds in the pairs unless they show the words far more often the
            # spinner's than kept, or kept than the spinner's (SHOWN, see _named): a copy
            # keeps a name's words ("Chapter 11").
            more = _named(m, own) if _in_name(text, m) else ((_prior(m), PAIRS),)
            # Started at 0.0: a compiled build holds a sum started at 0 as an int.
            weighed.append((m, gain, more, gain + sum((n for n, _ in more), 0.0)))
        weighed = [place for place in weighed if place[1] >= LEAST]
        sure = {m.phrase.rule_id for m, _, _, total in weighed if total >= bar}
        sure.update(self._made_by(ruled))
        passed: list[Swap] = []
        for m, gain, more, total in weighed:
            if total >= bar:
                passed.append((m, _evidence(gain, more)))
            elif m.phrase.rule_id in sure and total + SAME_SWAP >= bar:
                passed.append((m, _evidence(gain, more, same=True)))
        return passed

    def alternatives(
        self, text: str, words: Words | None, protected: _Protected
    ) -> dict[tuple[int, int], list[Match]]:
        """The matches of the lexicon's other originals in `text`, by their start and end."""
        found: dict[tuple[int, int], list[Match]] = {}
        for matcher in self.others:
            for m in self.matches(matcher, text, words, protected):
                found.setdefault((m.start, m.end), []).append(m)
        return found

    def _written(self, doc: Document) -> set[tuple[str, ...]]:
        """Every run of words the rules wrote in `doc`'s earlier rounds (see run): the
        lexicon leaves them alone, where a later round could take a rule's repair for the
        spinner's words ("monetary establishment" -> "financial institution" -> "bank")."""
        if self._ids is None:
            self._ids = frozenset(r.rule_id for r in self.tiered)
        runs: set[tuple[str, ...]] = set()
        for change in doc.changes:
            if change.stage == self.name and change.after and change.rule in self._ids:
                words = folded(change.after)
                runs.update(
                    words[i:j] for i in range(len(words)) for j in range(i + 1, len(words) + 1)
                )
        return runs

    def _made_by(self, ruled: Sequence[Match]) -> set[str]:
        """The rule ids of the lexicon's one-word swaps that the rules matched in `ruled`
        make, word for word: where a rule and its replacement differ in one word."""
        if self._swaps is None:
            self._swaps = {(fold(r.target), fold(r.replacement)): r.rule_id for r in self.lexicon}
        made = set()
        for m in ruled:
            written, original = fold(m.text).split(), fold(m.replacement).split()
            if len(written) != len(original):
                continue
            pairs = [(a, b) for a, b in zip(written, original, strict=True) if a != b]
            if len(pairs) == 1 and pairs[0] in self._swaps:
                made.add(self._swaps[pairs[0]])
        return made

    def run(self, doc: Document) -> None:
        text = doc.text
        if not self.rules.spin:
            return
        memo = doc.memos.pop(self.name, None)
        if isinstance(memo, _Unspun) and memo.settles(text, self.always):
            doc.memos[self.name] = memo  # it tells a later round as it told this one
            return
        words = doc.words()
        protected = _Protected(text, words, self.names)
        found = list(self.always.finditer(text, words))  # protected or not: see _Unspun
        hits = outside(found, protected.spans()) if found else found
        always = _per_1000(hits, text)
        verdict = doc.metadata.spin
        if verdict is None:
            verdict = self.verdict(words, always, hits)
            doc.metadata.spin = verdict
        # Else a later round (see Pipeline.run_many): the first round's repairs removed the
        # evidence, so its verdict stands.
        matches, swaps = hits, []
        if verdict.recognised:
            matches = self.matches(self.every, text, words, protected)
            if self.options.model:
                sites = self.sites(text, words, protected, matches)
                if written := self._written(doc):
                    sites = [site for site in sites if folded(site.text) not in written]
                swaps = self.strong(text, sites, matches, self.alternatives(text, words, protected))
        if not matches and not swaps:
            if not found and not verdict.recognised and _Unspun.worth(text, self.always):
                doc.memos[self.name] = _Unspun(text)
            return
        # By where each ends: agree() may take an article into a match, never its end.
        why = {m.end: evidence for m, evidence in swaps}
        placed = agree(text, sorted([*matches, *(m for m, _ in swaps)], key=lambda m: m.start))
        for m in placed:
            rule = m.phrase.data
            assert isinstance(rule, SpinRule)
            doc.record(
                self.name, rule.rule_id, m.text, m.replacement, (m.start, m.end), why.get(m.end)
            )
        doc.text = substitute(text, placed)

    def _strong(
        self,
        lexicon: Lexicon,
        sample: list[Site],
        step: int,
        count: int,
        hits: list[Match],
        rules: int,
    ) -> tuple[list[Site], int]:
        """The strong ones of `sample`, one in `step` of `lexicon`'s sites in a text of
        `count` words, weighed while the text can still be recognised: those found, and how
        many of them it would take."""
        options = self.options
        needed = math.ceil((options.recognise * count / 1000 - len(hits)) / step)
        found = _weigh(lexicon, sample, needed, options.min_swaps - rules, options.margin)
        return found, needed

    def verdict(self, words: Words, always: float, hits: list[Match]) -> SpinVerdict:
        """Whether the text of `words` reads as spun, and on what evidence (see the
        module's docstring).

        Swap sites are weighed only while the text can still reach `recognise`: in most
        clean text it soon cannot, and its counts are those found by then. A long text's
        many sites are weighed a sample, evenly spread: the share of strong ones is what
        recognition needs, and it costs the same for any length; its counts are then
        estimates, and its kinds those the sample shows.
        """
        options = self.options
        rules = len({m.phrase.rule_id for m in hits})
        strong, kinds, per_1000 = 0, 0, always
        # The places are found in one pass, which also counts the words that start a swap
        # (`most`): a text with too few for `min_swaps` has few places, cheap to find.
        # A text too long for its words to be held has hundreds of thousands of places:
        # it is counted first, on both lexicons in one reading, and sampled as its places
        # are found, since held they would take more memory than the rest of cleaning.
        counted: Sequence[int | None] = [None, None]
        sample: list[Site] = []
        most, step = 0, 1
        if self.lexicon:
            if not words.held:
                counted = starts((self.rare, self.whole), words)
            sample, most, step = _sample(self.rare, words, counted[0])
        count = words.count() if most + rules >= options.min_swaps else 0
        if count >= MIN_WORDS:
            found, needed = self._strong(self.rare, sample, step, count, hits, rules)
            if needed > len(found) >= UNSETTLED:
                sample, _, step = _sample(self.whole, words, counted[1])
                found, needed = self._strong(self.whole, sample, step, count, hits, rules)
            strong = len(found) * step
            kinds = len({site[0].kind for site in found})
            per_1000 = 1000.0 * (strong + len(hits)) / count
        recognised = (always >= options.gate and rules >= options.min_rules) or (
            per_1000 >= options.recognise and kinds + rules >= options.min_swaps
        )
        return SpinVerdict(round(per_1000, 2), len(hits), rules, strong, kinds, recognised)


def _sample(
    lexicon: Lexicon, words: Words, most: int | None
) -> tuple[list[Site], int, int]:
    """The places of `lexicon`'s swaps in the text of `words` that recognition weighs, how
    many words start a swap, and one in how many places the sample holds: every place in
    any but a long text, SAMPLE of them evenly spread in one. Where `most` (how many words
    start a swap) is counted already, the sample is drawn as the places are found."""
    if most is None:
        sites, most = lexicon.sites(words)
        step = _step(most)
        return sites[::step], most, step
    step = _step(most)
    return lexicon.sites(words, step)[0], most, step


def _step(most: int) -> int:
    """One in how many of a text's places, among `most` words that start a swap, are
    weighed: all in any but a long text, SAMPLE of them evenly spread in one."""
    return max(1, -(-most // SAMPLE))  # ceiling division; 1 where no word starts a swap


def _per_1000(hits: Sequence[Match], text: str) -> float:
    """`hits` per 1,000 words of `text`."""
    return 1000.0 * len(hits) / word_count(text) if hits else 0.0


def _by_target(lexicon: Sequence[SpinRule]) -> dict[str, list[SpinRule]]:
    """The lexicon's swaps by their target folded, the best seen first (then in the order
    given): the spinner writes one word for several ("greater" for "higher" and "more")."""
    found: dict[str, list[SpinRule]] = {}
    for rule in lexicon:
        found.setdefault(fold(rule.target), []).append(rule)
    for swaps in found.values():
        swaps.sort(key=lambda rule: -rule.seen)
    return found


def _in_name(text: str, m: Match) -> bool:
    """Whether `m` is capitalised inside its sentence, so part of a name ("Adani
    Enterprises", "the Native Team", or the spinner's "Downing Avenue"), outside a Title
    Case headline. A spinner swaps the words of names too, and there the name's other
    words make the original far likelier ("Downing Street"); a real name that holds a
    lexicon word ("the Metropolis Group") fits its own words no worse, and only the rarity
    of the written word would speak for a repair (see _own_odds)."""
    if not m.text[:1].isupper():
        return False
    before = text[: m.start].rstrip(" \t\"'“‘([")
    if not before or before[-1] in ".!?:\n":
        return False
    # A headline in Title Case capitalises every word: there it says nothing.
    words = _line(text, m).split()
    return sum(w[:1].isupper() for w in words) < TITLE_CASE * len(words)


def _acronym(text: str, m: Match) -> bool:
    """Whether `m` holds a word of two letters or more in capitals, in a line that is not
    all capitals: an acronym ("The PC maker"), which a spinner copies as it stands, where
    its lexicon swaps the word in "Super Micro Pc" for "Computer"."""
    if not any(len(word) > 1 and word.isupper() for word in _LETTERS.findall(m.text)):
        return False
    return not _line(text, m).isupper()


def _line(text: str, m: Match) -> str:
    """The line of `text` that `m` stands in."""
    end = text.find("\n", m.end)
    return text[text.rfind("\n", 0, m.start) + 1 : end if end >= 0 else len(text)]


def _own_odds(m: Match, trigrams: Trigrams) -> float:
    """The log odds, in nats, of `m`'s original against its words as written, each phrase
    standing alone: the part of a margin that no context gives. A phrase is weighed as one
    ("financial institution", whose second word its first makes likely), not word by word,
    or a phrase of two words would seem rarer than any one word it stands for."""
    return _alone(folded(m.replacement), trigrams) - _alone(folded(m.text), trigrams)


def _alone(words: Sequence[str], trigrams: Trigrams) -> float:
    """log P(`words`), each word after those before it in the phrase, none before it."""
    gram = trigrams.gram
    # Started at 0.0: a compiled build holds a sum started at 0 as an int.
    return sum((gram(tuple(words[max(0, i - 2) : i + 1])) for i in range(len(words))), 0.0)


def _channel(gain: float, own: float, m: Match) -> float:
    """How likely `m`'s original is, up to a constant the same for every original of its
    words, from its margin `gain` and its words' own odds `own` (see _own_odds): what its
    context gives (the margin less its own odds: a common original fits anywhere, and the
    margin alone would favour "get" for "acquire" wherever "receive" was meant) and how
    often the spinner was seen writing those words for it."""
    rule = m.phrase.data
    assert isinstance(rule, SpinRule)
    return gain - own + math.log(max(1, rule.seen))


def _named(m: Match, own: float) -> Parts:
    """What a repair's evidence gains (or loses) inside a name: its words' own odds `own`
    set aside (see _own_odds), and its odds in the pairs where they reach SHOWN either way:
    words the copies keep far more often than they write for another are the writer's, in
    a name all the more ("Chief Justice", never "Leader Justice"). Odds the pairs' places
    hardly move from where they start (a swap seen once, or read off a rule) say neither."""
    rule = m.phrase.data
    assert isinstance(rule, SpinRule)
    rarity = (-own, RARITY)
    odds = _odds(rule)
    against = rule.kept > rule.swapped and odds <= -SHOWN
    return (rarity, (_prior(m), PAIRS)) if odds >= SHOWN or against else (rarity,)


def _prior(m: Match) -> float:
    """What a repair's evidence gains (or loses) for its swap's odds in the pairs: ODDS
    nats of margin for each nat of them (see _odds). Posterior odds are prior odds times
    the likelihood ratio: the margin is the model's ratio, and the pairs give the prior."""
    rule = m.phrase.data
    assert isinstance(rule, SpinRule)
    return _prior_of(rule)


def _prior_of(rule: SpinRule) -> float:
    """The nats of margin `rule`'s odds in the pairs are worth (see _prior)."""
    return ODDS * _odds(rule)


def _needs(rule: SpinRule, margin: float) -> float:
    """The margin a place of `rule`'s swap needs to count towards recognition: `margin`
    less what its odds in the pairs are worth (see _prior), which spare it SPARED at most.
    A repair weighs the odds in full: it is made only in a recognised document, where the
    spinner's hand is already plain; a document is judged on a handful of places, where
    clean text that uses a spinner's favourite words would pass on their odds alone."""
    return margin - min(_prior_of(rule), SPARED)


def _odds(rule: SpinRule) -> float:
    """The log odds, from the pairs, that the spinner wrote `rule`'s words for its original
    where they stand, against that they are the writer's or stand for another: the places
    where it did (`swapped`) against those where a spun copy kept the original's own words
    (`kept`) or the spinner wrote them for an original the lexicon does not give them
    (`elsewhere`: "Help" for the "Aid" of Rite Aid, where the lexicon has "support"), each
    from SWAPPED_ONE and KEPT_ONE. "Curiosity", which copies write for "interest" and never
    keep, is the spinner's nearly anywhere; the writer's "shares", which copies keep far
    more often than they write for "stocks", needs a large margin, and so does a swap the
    pairs never show in these words (one read off a rule, or an inflection of one seen)."""
    return odds(rule.swapped, rule.kept + rule.elsewhere)


def odds(swapped: int, kept: int) -> float:
    """The log odds of a swap whose words the pairs show `swapped` places written for its
    original and `kept` places kept as the original has them (see _odds)."""
    return math.log((swapped + SWAPPED_ONE) / (kept + KEPT_ONE))


def _evidence(gain: float, more: Parts, same: bool = False) -> str:
    """What a repair's change says of why it was made: its margin `gain`, what else was
    weighed with it (`more`: its odds in the pairs, or in a name the rarity of its words
    set aside and odds that reach SHOWN), and SAME_SWAP where the same swap passes
    elsewhere."""
    said = ", ".join(
        [f"model: the original fits by {gain:.1f} nats", *(f"{n:+.1f} {why}" for n, why in more)]
    )
    if more[0][1] == RARITY:
        said += ", in a name"
    return f"{said}, {SAME_SWAP:+.1f} for the same swap elsewhere" if same else said


_LETTERS = re.compile(r"[^\W\d_]+")  # a word's letters
_SCORE = operator.itemgetter(0)  # an original's _channel score (see Spin.strong)
_SWAP = operator.itemgetter(0)  # a place's swap
_KIND = operator.attrgetter("kind")  # a swap's kind


def _weigh(
    lexicon: Lexicon, sites: list[Site], needed: int, kinds: int, margin: float
) -> list[Site]:
    """The strong ones among `sites`, whose margin reaches what their swap needs by `margin`
    (see _needs), PER_SWAP of each kind at most, weighed only while `needed` of them from
    `kinds` kinds can still be found. The kinds seen least are weighed first: where one
    fails the count that can still be found falls at once, so a clean text soon shows it
    cannot reach the bar."""
    least = margin - SPARED  # no swap needs less: most places fall short, asked no more
    of_kind = list(map(_KIND, map(_SWAP, sites)))  # each place's kind, found in C
    # Sites of each kind not yet weighed: counted here, where a Counter's making (its
    # checks of what it is given, in Python) costs more than the counting of a dozen.
    left: dict[str, int] = {}
    for kind in of_kind:
        left[kind] = left.get(kind, 0) + 1
    # What can still be found: of each kind, its strong places and those not yet weighed,
    # PER_SWAP at most (`could`, summed over the kinds), and the kinds where that is not 0
    # (`alive`). A strong place leaves both as they were; a place that fails takes one
    # from its kind's where fewer than PER_SWAP are left.
    could = sum(map(min, left.values(), itertools.repeat(PER_SWAP)))
    alive = len(left)
    if could < needed or alive < kinds:
        return []  # out of reach before any place is weighed: nor are they sorted
    found: list[Site] = []
    times = dict.fromkeys(left, 0)
    weighed = lexicon.margin
    # The places' order, their kinds' counts looked up in C: a stable sort, as by a key.
    rank = list(map(left.__getitem__, of_kind))
    for i in sorted(range(len(sites)), key=rank.__getitem__):
        if could < needed or alive < kinds:
            break
        kind = of_kind[i]
        done = times[kind]
        if done == PER_SWAP:
            continue
        rest = left[kind] = left[kind] - 1
        gain = weighed(sites[i])
        if gain >= least and gain >= _needs(sites[i][0].rule, margin):
            found.append(sites[i])
            times[kind] = done + 1
        elif done + rest < PER_SWAP:
            could -= 1
            if not done + rest:
                alive -= 1
    return found


class _Unspun:
    """What the run over a long text not recognised as spun, where the always tier matched
    nothing (protected or not), leaves a later round: the text's paragraphs (see
    phrases.paragraphs). A later round's text, its verdict the same, is left as it is
    where it still matches nothing: where each of its paragraphs is one of these or, new,
    matches nothing alone. Paragraphs are compared as strings."""

    def __init__(self, text: str) -> None:
        self.paragraphs = set(paragraphs(text))

    @staticmethod
    def worth(text: str, always: PhraseMatcher) -> bool:
        """Whether the run over `text` leaves one: a paragraph's matches must be its own."""
        return remembers(text) and always.local

    def settles(self, text: str, always: PhraseMatcher) -> bool:
        """Whether `text` is left as it is, and if so, its paragraphs now the ones held."""
        now = paragraphs(text)
        for paragraph in now:
            if paragraph not in self.paragraphs and next(always.finditer(paragraph), None):
                return False
        self.paragraphs = set(now)
        return True


class _Protected:
    """The spans of a text that repairs leave alone (see protected_spans), found once, when
    first asked for: a gated text's matches of both tiers are checked against them."""

    def __init__(self, text: str, words: Words | None, names: PhraseMatcher) -> None:
        self.text = text
        self.words = words
        self.names = names
        self._spans: list[tuple[int, int]] | None = None

    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = protected_spans(self.text, self.names, self.words)
            self._spans.extend(code_spans(self.text))
        return self._spans


STAGE = Spin
