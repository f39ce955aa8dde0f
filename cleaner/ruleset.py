"""Loading and validating the rule files (format: rules/README.md).

Rules ship inside the package (`cleaner/rules`, mapped from the top-level `rules/` folder);
a user's `--rules DIR` folders are read after them. Every problem is a RuleError that names
`path:line`. The digest of every file read lets a batch run know when its output is stale.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import ModuleType

from cleaner import phrases, tokens
from cleaner.errors import RuleError
from cleaner.phrases import WORD, Phrase, PhraseMatcher, fold
from cleaner.regexguard import unsafe_reason
from cleaner.rulefile import Line, files_digest, read_lines, rule_files, slug
from cleaner.wordlist import cache_dir

BOILERPLATE_KINDS = ("block", "line", "nav", "regex")
TIERS = ("always", "gated", "model")
_ARROW = " -> "
_EXACT = " [exact]"
# A model-tier line ends in its evidence: `[seen 12: pairs, rules]`.
_SEEN = re.compile(r"\s\[seen ([1-9][0-9]*): ([a-z0-9]+(?:, [a-z0-9]+)*)\]$")
# The modules whose code decides whether rules pass _check_cycles (see _check_cycles_once).
_CHECKING_CODE = (phrases, tokens, sys.modules[__name__])


@dataclass(frozen=True)
class BoilerplateRule:
    kind: str
    pattern: str
    rule_id: str
    origin: str


@dataclass(frozen=True)
class SpinRule:
    target: str
    replacement: str
    tier: str
    exact: bool
    rule_id: str
    origin: str
    # model tier: how many times the swap was seen, and where (rules/spin/README.md)
    seen: int = 0
    sources: tuple[str, ...] = ()

    def phrase(self) -> Phrase:
        return Phrase(self.target, self.replacement, self.rule_id, self.exact, self)


@dataclass(frozen=True)
class RuleSet:
    boilerplate: tuple[BoilerplateRule, ...] = ()
    spin: tuple[SpinRule, ...] = ()
    protected: tuple[str, ...] = ()
    words: frozenset[str] = frozenset()
    files: tuple[str, ...] = ()
    digest: str = field(default="")


def load_rules(extra: Sequence[Path] = (), shipped: bool = True) -> RuleSet:
    files = rule_files(extra, shipped)
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
    digest = files_digest(files)
    _check_cycles_once(spin, digest)
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
            "a model-tier swap ends in its evidence, '[seen N: SOURCE, ...]'"
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
    )


def _check_duplicates(keys: Sequence[tuple[str, str]], what: str) -> None:
    seen: dict[str, str] = {}
    for key, origin in keys:
        if key in seen:
            path, _, number = origin.rpartition(":")
            raise RuleError(path, int(number), f"duplicate {what} {key!r} (first at {seen[key]})")
        seen[key] = origin


@lru_cache(maxsize=4)
def spin_matcher(rules: tuple[SpinRule, ...]) -> PhraseMatcher:
    """A matcher of `rules`, built once per process: the cycle check at load and the spin
    stage use the same one."""
    return PhraseMatcher(r.phrase() for r in rules)


def _check_cycles_once(rules: Sequence[SpinRule], digest: str) -> None:
    """_check_cycles, run once for each set of rule files (`digest`) and checking code.

    The check builds a matcher of every spin rule: most of the start-up of a pre-commit
    hook that finds its copies up to date, which needs no matcher, and the rules seldom
    change between runs. A set that passed leaves an empty marker in the cache folder
    (see lexicon.cache_dir), named by a digest of its files and of the code the check
    runs, so an edited rule file or another version of that code is checked again. A
    marker only ever says "passed", so a lost or unwritable one costs a check, never a
    miss; a shipped-digest constant instead would need editing with every rule.
    """
    try:
        code = b"".join(map(_source, _CHECKING_CODE))
    except OSError:  # a build without its sources: checked every time
        _check_cycles(rules)
        return
    key = hashlib.sha256(digest.encode() + b"\0" + code).hexdigest()[:32]
    marker = cache_dir() / f"rules-checked-{key}"
    if marker.exists():
        return
    _check_cycles(rules)
    with contextlib.suppress(OSError):
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()


def _source(module: ModuleType) -> bytes:
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
