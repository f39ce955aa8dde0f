"""Loading and validating the rule files (format: rules/README.md).

Rules ship inside the package (`cleaner/rules`, mapped from the top-level `rules/` folder);
a user's `--rules DIR` folders are read after them. Every problem is a RuleError that names
`path:line`. The digest of every file read lets a batch run know when its output is stale.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from cleaner import case, phrases, regexguard, rulefile, tokens
from cleaner.cachefiles import cache_dir, lasting, prune, save, sealed, unsealed
from cleaner.errors import RuleError
from cleaner.phrases import WORD, Phrase, PhraseMatcher, fold
from cleaner.regexguard import unsafe_reason
from cleaner.rulefile import Line, files_digest, read_lines, rule_files, slug

BOILERPLATE_KINDS = ("block", "line", "nav", "regex")
TIERS = ("always", "gated", "model")
T = TypeVar("T")
_ARROW = " -> "
_EXACT = " [exact]"
# A model-tier line ends in its evidence: `[seen 12: pairs, rules]`, and where the pairs
# show its words, their places: `[seen 12: pairs, rules; swapped 9, kept 4]`, and those
# where the spinner wrote them for an original the lexicon does not give them, if any
# (`, elsewhere 2`).
_SEEN = re.compile(
    r"\s\[seen ([1-9][0-9]*): ([a-z0-9]+(?:, [a-z0-9]+)*)"
    r"(?:; swapped ([0-9]+), kept ([0-9]+)(?:, elsewhere ([1-9][0-9]*))?)?\]$"
)
# The modules whose code decides what rule files load as and whether they pass the checks
# (see _cache_file).
_LOADING_CODE = (case, phrases, regexguard, rulefile, tokens, sys.modules[__name__])


@dataclass(frozen=True)
class BoilerplateRule:
    """A boilerplate rule: its kind, its pattern, and where it was read."""

    kind: str
    pattern: str
    rule_id: str
    origin: str


@dataclass(frozen=True)
class SpinRule:
    """A spin rule: a target, what replaces it, its tier, and where it was read."""

    target: str
    replacement: str
    tier: str
    exact: bool
    rule_id: str
    origin: str
    # model tier: how many times the swap was seen, and where (rules/spin/README.md)
    seen: int = 0
    sources: tuple[str, ...] = ()
    # ... and the places in the pairs where the spinner wrote it, kept its words, and wrote
    # them for an original the lexicon does not give them
    swapped: int = 0
    kept: int = 0
    elsewhere: int = 0

    def phrase(self) -> Phrase:
        return Phrase(self.target, self.replacement, self.rule_id, self.exact, self)


@dataclass(frozen=True)
class RuleSet:
    """The rules of a run, parsed and checked, and the digest of their files."""

    boilerplate: tuple[BoilerplateRule, ...] = ()
    spin: tuple[SpinRule, ...] = ()
    protected: tuple[str, ...] = ()
    words: frozenset[str] = frozenset()
    files: tuple[str, ...] = ()
    digest: str = field(default="")


# Parsed sets of rules kept in the cache, the last written: a user's own and the shipped
# rules of a few versions, each about 0.6 MB.
KEPT = 8
# What a cached RuleSet is made of (see _RulesOnly).
_CACHED_CLASSES: dict[str, type] = {
    cls.__name__: cls for cls in (BoilerplateRule, SpinRule, RuleSet)
}


def load_rules(extra: Sequence[Path] = (), shipped: bool = True) -> RuleSet:
    """The rules of the shipped files (if `shipped`) and of the folders `extra`, checked;
    as parsed before when the cache holds them (see _cache_file)."""
    files = rule_files(extra, shipped)
    digest = files_digest(files)
    place = _cache_file(files, digest)
    found = _cached(place, files, digest) if place is not None else None
    if found is not None:
        rules, states = found
    else:
        rules, states = _parsed(files, digest), {}
        # Kept only if no file changed while it was read (else the copy could be of other
        # bytes than its name says); where it cannot be, nothing made of them is kept.
        if place is not None and (files_digest(files) != digest or not _keep(place, rules, {})):
            place = None
    _last[:] = [_Loaded(rules, place, states)]
    return rules


def _parsed(files: Sequence[tuple[str, Path]], digest: str) -> RuleSet:
    boilerplate: list[BoilerplateRule] = []
    spin: list[SpinRule] = []
    protected: list[str] = []
    words: set[str] = set()
    for kind, path in files:
        if kind == "spin":
            spin.extend(spin_rules(path))
        elif kind == "boilerplate":
            boilerplate.extend(_boilerplate_rules(path))
        elif kind == "protected":
            protected.extend(line.text for line in read_lines(path))
        elif kind == "words":
            words.update(fold(line.text) for line in read_lines(path))
    _check_duplicates([(r.rule_id, r.origin) for r in boilerplate], "boilerplate rule")
    spin = _name_alternatives(spin)
    _check_duplicates(_target_keys(spin), "spin target")
    _check_duplicates([(r.rule_id, r.origin) for r in spin if r.tier == "model"], "lexicon swap")
    _check_cycles(spin)
    return RuleSet(
        boilerplate=tuple(boilerplate),
        spin=tuple(spin),
        protected=tuple(protected),
        words=frozenset(words),
        files=tuple(str(path) for _kind, path in files),
        digest=digest,
    )


def _name_alternatives(spin: list[SpinRule]) -> list[SpinRule]:
    """The rules, with each lexicon swap whose target has several originals ("greater ->
    higher", "greater -> more": the spinner writes one word for several) named by both
    sides, so that each change says which original was chosen."""
    counts = Counter(fold(r.target) for r in spin if r.tier == "model")
    return [
        replace(r, rule_id=f"{r.rule_id}:{slug(r.replacement)}")
        if r.tier == "model" and counts[fold(r.target)] > 1
        else r
        for r in spin
    ]


def _target_keys(spin: Sequence[SpinRule]) -> list[tuple[str, str]]:
    """Each rule's target folded, with its origin; a lexicon target once, however many
    originals it has."""
    keys, lexicon = [], set()
    for r in spin:
        key = fold(r.target)
        if r.tier == "model":
            if key in lexicon:
                continue
            lexicon.add(key)
        keys.append((key, r.origin))
    return keys


def _boilerplate_rules(path: Path) -> Iterable[BoilerplateRule]:
    for line in read_lines(path):
        kind, _, rest = line.text.partition(" ")
        rest = rest.strip()
        if kind not in BOILERPLATE_KINDS:
            raise line.error(
                f"unknown kind {kind!r} (expected one of {', '.join(BOILERPLATE_KINDS)})"
            )
        if not rest:
            raise line.error(f"empty pattern for {kind!r}")
        name = slug(rest)
        if kind == "regex":
            name, _, pattern = rest.partition(" ")
            pattern = pattern.strip()
            if not pattern:
                raise line.error("a regex rule needs a name and a pattern: regex NAME PATTERN")
            reason = unsafe_reason(pattern)
            if reason:
                raise line.error(reason)
            rest = pattern
        yield BoilerplateRule(kind, rest, f"boilerplate:{name}", line.origin)


def spin_rules(path: Path) -> Iterable[SpinRule]:
    tier: str | None = None
    for line in read_lines(path, directives=frozenset({"tier"})):
        if line.directive == "tier":
            if tier is not None:
                raise line.error("a spin rule file takes one @tier directive")
            if line.text not in TIERS:
                raise line.error(f"unknown tier {line.text!r} (expected always, gated or model)")
            tier = line.text
            continue
        if tier is None:
            raise line.error(
                "rule before the @tier directive (add '@tier always', '@tier gated' or"
                " '@tier model')"
            )
        yield _spin_rule(line, tier)


def _spin_rule(line: Line, tier: str) -> SpinRule:
    text = line.text
    seen = _SEEN.search(text)
    if (seen is None) != (tier != "model"):
        raise line.error(
            "a model-tier swap ends in its evidence, '[seen N: SOURCE, ...]' or"
            " '[seen N: SOURCE, ...; swapped N, kept N[, elsewhere N]]'"
            if tier == "model"
            else f"'[seen ...]' belongs to model-tier swaps, not the {tier} tier"
        )
    if seen is not None:
        text = text[: seen.start()]
    exact = text.endswith(_EXACT)
    if exact:
        text = text[: -len(_EXACT)]
    if _ARROW not in text:
        raise line.error("expected 'TARGET -> REPLACEMENT'")
    target, _, replacement = (part.strip() for part in text.partition(_ARROW))
    if not target or not WORD.search(target):
        raise line.error("empty target")
    if not replacement:
        raise line.error("empty replacement")
    if fold(target) == fold(replacement):
        raise line.error("replacement equals target")
    if seen is None:
        return SpinRule(target, replacement, tier, exact, f"spin:{slug(target)}", line.origin)
    return SpinRule(
        target,
        replacement,
        tier,
        exact,
        f"spin:model:{slug(target)}",
        line.origin,
        int(seen.group(1)),
        tuple(seen.group(2).split(", ")),
        int(seen.group(3) or 0),
        int(seen.group(4) or 0),
        int(seen.group(5) or 0),
    )


def _check_duplicates(keys: Sequence[tuple[str, str]], what: str) -> None:
    seen: dict[str, str] = {}
    for key, origin in keys:
        if key in seen:
            path, _, number = origin.rpartition(":")
            raise RuleError(path, int(number), f"duplicate {what} {key!r} (first at {seen[key]})")
        seen[key] = origin


class _Matchers:
    """spin_matcher: the matchers of the last few sets of rules asked for, each found by
    its rules' identities (the rules held, so that none is another's), where lru_cache
    would hash every rule, a dataclass, field by field at each call: thousands of rules,
    a hundredth of cleaning a spun file."""

    def __init__(self, make: Callable[[tuple[SpinRule, ...]], PhraseMatcher], size: int) -> None:
        self._make, self._size = make, size
        self._made: dict[tuple[int, ...], tuple[tuple[SpinRule, ...], PhraseMatcher]] = {}

    def __call__(self, rules: tuple[SpinRule, ...]) -> PhraseMatcher:
        key = tuple(map(id, rules))
        found = self._made.pop(key, None)
        if found is None:
            found = rules, self._make(rules)
            if len(self._made) >= self._size:
                del self._made[next(iter(self._made))]  # the least recently asked for
        self._made[key] = found
        return found[1]

    def cache_clear(self) -> None:
        self._made.clear()


def _spin_matcher(rules: tuple[SpinRule, ...]) -> PhraseMatcher:
    """A matcher of `rules`, built once per process (the cycle check at load and the spin
    stage use the same one), and kept with them (see derived): whatever sets of rules the spin
    stage matches together, each is built once per set of files."""
    loaded = _last[0] if _last else None
    if loaded is None:
        phrases, known = [r.phrase() for r in rules], None
    else:
        phrases, known = loaded.phrases(rules), loaded.compiled
    return derived(
        rules,
        "matcher",
        lambda: PhraseMatcher(phrases),
        PhraseMatcher.state,
        lambda state: PhraseMatcher.restored(phrases, state, known),
    )


spin_matcher = _Matchers(_spin_matcher, 4)


def derived(
    rules: Sequence[SpinRule],
    kind: str,
    make: Callable[[], T],
    state: Callable[[T], Any],
    restored: Callable[[Any], T],
    version: str = "",
) -> T:
    """What `make` makes of some of the spin rules last loaded, `rules`: restored from the
    cache, where it is kept with them the first time it is made.

    `kind` names what is made; `version`, everything else it is made from (a version of
    the code, a model's file): what is kept of another version is made again, and
    replaced, so no state stays that no run will read. `state(made)` is plain data
    (tuples, lists, dicts, strings, numbers), which `restored` turns back into it; a state
    that does not fit (`restored` raises) is made again and kept again."""
    loaded = _last[0] if _last else None
    at = loaded.positions(rules) if loaded is not None else None
    key = (kind, at)
    kept = loaded.states.get(key) if loaded is not None else None
    if kept is not None and kept[0] == version:
        try:
            with lasting():
                return restored(_RulesOnly(io.BytesIO(kept[1])).load())
        except Exception:  # a state that does not fit: made, and kept again
            pass
    with lasting():  # made, it lasts as restored would
        made = make()
        if loaded is not None and at is not None and loaded.place is not None:
            data = pickle.dumps(state(made), protocol=pickle.HIGHEST_PROTOCOL)
            loaded.states[key] = (version, data)
            if not _keep(loaded.place, loaded.rules, loaded.states):
                loaded.place = None  # not tried again in this process
    return made


# What the cache keeps besides the rules, by what it is (see derived) and the positions in
# `RuleSet.spin` of the rules it was made of: the version it was made at, and its state.
_States = dict[tuple[str, tuple[int, ...] | None], tuple[str, bytes]]


@dataclass
class _Loaded:
    """The rules last loaded, where they are kept (None: nowhere), and the states of what
    is kept with them (see derived)."""

    rules: RuleSet
    place: Path | None
    states: _States
    _at: dict[int, int] = field(default_factory=dict)  # a rule's id: its position
    # A rule's id: its phrase, which holds the rule (as its data), so no id here is ever
    # another object's.
    _phrases: dict[int, Phrase] = field(default_factory=dict)
    compiled: dict[int, Any] = field(default_factory=dict)  # see PhraseMatcher.restored

    def positions(self, rules: Sequence[SpinRule]) -> tuple[int, ...] | None:
        """Where each of `rules` is in the rules loaded (by identity: the spin stage
        takes them from there), or None if one is not."""
        if not self._at:
            self._at = {id(rule): i for i, rule in enumerate(self.rules.spin)}
        at = tuple(self._at.get(id(rule), -1) for rule in rules)
        return None if -1 in at else at

    def phrases(self, rules: Sequence[SpinRule]) -> list[Phrase]:
        """The phrases of `rules`, each rule's made once: the matchers of the spin stage
        share those of the rules they have in common (every rule's and the always tier's)."""
        made = self._phrases
        found = []
        for rule in rules:
            phrase = made.get(id(rule))
            if phrase is None:
                phrase = made[id(rule)] = rule.phrase()
            found.append(phrase)
        return found


_last: list[_Loaded] = []  # the rules last loaded (see derived)


def _keep(place: Path, rules: RuleSet, states: _States) -> bool:
    """Keep `rules` and `states` at `place`; whether it could be written."""
    written = save(place, sealed(pickle.dumps((rules, states), protocol=pickle.HIGHEST_PROTOCOL)))
    prune(place, "rules-*.pickle", KEPT)
    return written


def _cache_file(files: Sequence[tuple[str, Path]], digest: str) -> Path | None:
    """Where the rules parsed from `files` (whose digest is `digest`) are kept.

    Parsing them, and the check of their replacements that builds a matcher of every spin
    rule, take most of the set-up of cleaning one file, and the rules seldom change between
    runs. The copy is named by a digest of the files' paths, their bytes and the code that
    parses and checks them, so an edited rule file, a folder elsewhere or another version
    of that code is parsed again; only a set that passed every check is kept. None for a
    build without its sources, whose code cannot be digested: parsed every time.
    """
    try:
        code = b"".join(map(module_source, _LOADING_CODE))
    except OSError:
        return None
    named = "\0".join([digest, *(str(path) for _kind, path in files)]).encode()
    key = hashlib.sha256(named + b"\0" + code).hexdigest()[:32]
    return cache_dir() / f"rules-{key}.pickle"


class _RulesOnly(pickle.Unpickler):
    """Unpickles the rule classes and nothing else: a file in the cache folder that is not
    one of ours can make no other object, nor run any code."""

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name in _CACHED_CLASSES:
            return _CACHED_CLASSES[name]
        raise pickle.UnpicklingError(f"not a class of the rules cache: {module}.{name}")


def _cached(
    place: Path, files: Sequence[tuple[str, Path]], digest: str
) -> tuple[RuleSet, _States] | None:
    """The rules kept at `place`, if it holds a whole copy of those of `files`, and the
    states of what is kept with them (see derived)."""
    try:
        body = unsealed(place.read_bytes())
        with lasting():
            rules, states = _RulesOnly(io.BytesIO(body)).load() if body is not None else (None, {})
    except Exception:  # absent, unreadable or not ours: each means parse again
        return None
    paths = tuple(str(path) for _kind, path in files)
    if not isinstance(rules, RuleSet) or rules.digest != digest or rules.files != paths:
        return None
    if not isinstance(states, dict):
        return None
    return rules, states


def module_source(module: ModuleType) -> bytes:
    """The source of `module`, which a compiled build keeps beside its compiled code."""
    path = Path(module.__file__ or "")
    return path.with_name(module.__name__.rpartition(".")[2] + ".py").read_bytes()


def _check_cycles(rules: Sequence[SpinRule]) -> None:
    """No replacement may contain a target: a second run would change the text again.

    Except a model-tier target inside a rule's replacement ("commerce" in "Department of
    Commerce"): those targets are ordinary English, repaired only where the trigram model
    finds the original far likelier in its sentence, which a rule's own output is not.
    """
    matcher = spin_matcher(tuple(rules))
    for rule in rules:
        for match in matcher.finditer(rule.replacement):
            other = match.phrase.data
            assert isinstance(other, SpinRule)
            if other.tier == "model" and rule.tier != "model":
                continue
            path, _, number = rule.origin.rpartition(":")
            raise RuleError(
                path,
                int(number),
                f"replacement {rule.replacement!r} contains the target {other.target!r} "
                f"of {other.origin}: the repair would not be stable",
            )
