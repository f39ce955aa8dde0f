"""Suggestions as one rule file: where some overlap in the texts, what they make there.

A rule file matches longest first, so of two suggestions that overlap in a text only one
applies there: "the 2 shook -> the two shook" would leave "shook arms -> shook hands" no
match in "the 2 shook arms". At each place where suggestions overlap, their edits are kept
best ranked first. A further suggestion's edits are kept if they agree with those kept
and its score, what they gain beside the words as written replaced by what they gain
beside the edits kept, still passes MIN_SCORE: each was scored alone, and beside another's
swap it is often wrong ("Downing Road media -> Downing Street rules"). One scored by wire
style (cleaner/suggest/numerals.py) need only agree: the words around do not enter its score.

Where suggestions that do not overlap make the kept edits, they stay as they are;
otherwise one rule over the whole place makes them ("White Home go to -> White House
visit"). A suggestion left with no place of its own is dropped ("pending authorized ->
pending legal" beside "pending authorized motion -> pending legal action"); a new rule
takes the place of the first suggestion it so replaces.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from cleaner.phrases import WORD, Phrase, PhraseMatcher, fold
from cleaner.suggest.bigrams import Token, runs
from cleaner.suggest.edits import Edits, apply_edits, match_edits
from cleaner.suggest.fit import Fit, Window
from cleaner.suggest.scoring import MIN_SCORE
from cleaner.suggest.suggestion import Suggestion
from cleaner.tokens import Words
from cleaner.trigrams import Trigrams


@dataclass(frozen=True)
class _Spot:
    """One occurrence of a suggestion: which (by rank), where, and its edits there."""

    rank: int
    text: int
    start: int
    end: int
    edits: Edits


def together(
    ranked: Sequence[Suggestion],
    texts: Sequence[str],
    text_runs: Sequence[Sequence[Sequence[Token]]],
    trigrams: Trigrams,
) -> list[Suggestion]:
    """`ranked`, with one rule for each place where several of them overlap; `text_runs`
    are the runs of each text (cleaner/suggest/bigrams.py)."""
    spots = _spots(ranked, texts)
    covered: Counter[int] = Counter()  # rank: its spots that a rule for both takes over
    made: dict[tuple[str, str], Suggestion] = {}
    ranks: dict[tuple[str, str], set[int]] = {}  # each new rule: the ranks it covers
    for cluster in _clusters(spots):
        here = {spot.rank for spot in cluster}
        if len(here) < 2:
            continue
        at = cluster[0].text
        joined = _join(cluster, texts[at], text_runs[at], ranked, trigrams)
        if isinstance(joined, set):  # some of them make every edit: the others go
            covered.update(spot.rank for spot in cluster if spot.rank not in joined)
            continue
        covered.update(spot.rank for spot in cluster)
        key = (fold(joined.target), fold(joined.replacement))
        if key in made:
            made[key].occurrences += 1
        else:
            made[key] = joined
        ranks.setdefault(key, set()).update(here)
    total = Counter(spot.rank for spot in spots)
    out: list[Suggestion] = []
    for rank, s in enumerate(ranked):
        whole = 0 < total[rank] == covered[rank]
        if not whole:
            out.append(s)
        # A new rule takes the place of the first suggestion it replaces wholly; one that
        # replaces none is an addition and comes after the last suggestion it covers.
        for key in [k for k in made if (whole and rank in ranks[k]) or rank == max(ranks[k])]:
            out.append(made.pop(key))
    return out


def _spots(ranked: Sequence[Suggestion], texts: Sequence[str]) -> list[_Spot]:
    spots: list[_Spot] = []
    words = [Words(text) for text in texts]  # found once, not once per suggestion
    for rank, s in enumerate(ranked):
        matcher = PhraseMatcher([Phrase(s.target, s.replacement, str(rank))])
        for at, text in enumerate(texts):
            found = matcher.finditer(text, words[at])
            spots.extend(_Spot(rank, at, m.start, m.end, match_edits(m)) for m in found)
    return sorted(spots, key=lambda spot: (spot.text, spot.start, spot.rank))


def _clusters(spots: Sequence[_Spot]) -> list[list[_Spot]]:
    """Spots that overlap, directly or through another."""
    clusters: list[list[_Spot]] = []
    end = -1
    for spot in spots:
        if clusters and spot.text == clusters[-1][0].text and spot.start < end:
            clusters[-1].append(spot)
            end = max(end, spot.end)
        else:
            clusters.append([spot])
            end = spot.end
    return clusters


def _join(
    cluster: Sequence[_Spot],
    text: str,
    in_text: Sequence[Sequence[Token]],
    ranked: Sequence[Suggestion],
    trigrams: Trigrams,
) -> Suggestion | set[int]:
    """One rule over the whole cluster, or the ranks of the suggestions that make the
    edits kept there (see the module's docstring)."""
    members = sorted(cluster, key=lambda spot: spot.rank)
    lo = min(spot.start for spot in cluster)
    hi = max(spot.end for spot in cluster)
    fit = _fit(text, in_text, lo, hi, trigrams)
    # A place across punctuation has no one context to judge further edits in.
    edits = members[0].edits if fit is None else _kept_edits(members, text, lo, hi, fit, ranked)
    kept: list[_Spot] = []  # suggestions that make the edits without a rule for both
    for spot in members:
        if spot.edits.items() <= edits.items() and not any(_overlap(spot, k) for k in kept):
            kept.append(spot)
    if {span for spot in kept for span in spot.edits} == edits.keys():
        return {spot.rank for spot in kept}
    for spot in members:
        if spot.edits == edits and (spot.start, spot.end) == (lo, hi):
            return {spot.rank}
    target = " ".join(text[lo:hi].split())
    replacement = " ".join(apply_edits(text, lo, hi, edits).split())
    if all(ranked[spot.rank].target.islower() for spot in cluster):
        target, replacement = target.lower(), replacement.lower()
    here = sorted({spot.rank for spot in cluster})
    return Suggestion(
        target=target,
        replacement=replacement,
        score=ranked[here[0]].score,
        evidence="together: " + "; ".join(ranked[rank].rule for rank in here),
        forms=Counter({target: 1}),
        backed=any(ranked[rank].backed for rank in here),
    )


def _kept_edits(
    members: Sequence[_Spot], text: str, lo: int, hi: int, fit: Fit, ranked: Sequence[Suggestion]
) -> Edits:
    """The edits kept at text[lo:hi], best ranked first (see the module's docstring)."""
    edits = members[0].edits
    # Edits by wire style count as written where another is judged: the model cannot read
    # the figure ("the 2 shook"), and the words around do not enter their score.
    styled = dict(edits) if ranked[members[0].rank].by_style else {}
    for spot in members[1:]:
        if not all(_agree(span, new, edits) for span, new in spot.edits.items()):
            continue
        more = {**edits, **spot.edits}
        if ranked[spot.rank].by_style:  # "the 2" beside "international locations"
            edits = more
            styled.update(spot.edits)
            continue
        # Its score, with what its new edits gain beside the words as written replaced by
        # what they gain beside the edits kept so far.
        shared = {span: new for span, new in spot.edits.items() if span in edits}
        alone = fit.odds(
            _words(text, lo, hi, {**styled, **spot.edits}),
            _words(text, lo, hi, {**styled, **shared}),
        )
        beside = fit.odds(_words(text, lo, hi, more), _words(text, lo, hi, edits))
        if alone is None or beside is None:  # a word the model cannot judge
            continue
        if ranked[spot.rank].score + beside - alone >= MIN_SCORE:
            edits = more
    return edits


def _words(text: str, lo: int, hi: int, edits: Edits) -> tuple[str, ...]:
    """The words as the context model reads them ("it's" is one)."""
    return tuple(t.word for run in runs(apply_edits(text, lo, hi, edits)) for t in run)


def _fit(
    text: str, in_text: Sequence[Sequence[Token]], lo: int, hi: int, trigrams: Trigrams
) -> Fit | None:
    """The context of text[lo:hi] in its run, where its suggestions were scored (see
    cleaner/suggest/fit.py); None where the place spans two runs."""
    for run in in_text:
        inside = [i for i, t in enumerate(run) if lo <= t.start and t.end <= hi]
        if inside:
            if len(inside) < len(WORD.findall(text, lo, hi)):
                return None
            return Fit(Window(run, inside[0], inside[-1] + 1), trigrams)
    return None


def _overlap(a: _Spot, b: _Spot) -> bool:
    return a.start < b.end and b.start < a.end


def _agree(span: tuple[int, int], new: str, edits: Edits) -> bool:
    """No edit already made touches these characters, or one makes this same edit."""
    for made_at, made in edits.items():
        if made_at == span or (made_at[0] < span[1] and span[0] < made_at[1]):
            return made_at == span and fold(made) == fold(new)
    return True
