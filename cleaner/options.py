"""Each stage's options, typed, and how a configuration table becomes them.

A stage with options reads them from one frozen dataclass here, named after it; its
`[tool.cleaner.NAME]` table (or `Cleaner(settings={NAME: ...})`) is checked once, where
the configuration is built, against the fields' defaults: a key the stage does not have,
or a value of another type, is a ConfigError naming the table. The dataclasses live in
this plain module, not with their compiled stages, because a configuration crosses
process boundaries pickled, and a compiled frozen class does not unpickle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from cleaner.errors import ConfigError

EXTRACTORS = ("trafilatura", "basic")
# The spin stage's model thresholds, chosen on measured data: clean text (BBC, the
# ScrapingHub ground truth, seeds 000-003) against spun (seed 004, bench/spin.py's synthetic
# spinner); bench/results.json ("spin") holds what they give.
MARGIN = 4.0
RECOGNISE = 20.0
MIN_SWAPS = 3


@dataclass(frozen=True)
class HtmlOptions:
    """[tool.cleaner.html]: how a page becomes text."""

    extractor: str = "trafilatura"  # the page's article; "basic": every block of the page

    def __post_init__(self) -> None:
        if self.extractor not in EXTRACTORS:
            raise ConfigError(
                f"[tool.cleaner.html] extractor: expected one of {', '.join(EXTRACTORS)}, "
                f"got {self.extractor!r}"
            )


@dataclass(frozen=True)
class LanguageOptions:
    """[tool.cleaner.language]: which languages are the target ones."""

    targets: tuple[str, ...] = ("en",)  # languages reported as the target ones
    english_share: float = 0.15  # share of English function words that makes text English


@dataclass(frozen=True)
class BoilerplateOptions:
    """[tool.cleaner.boilerplate]: the heuristics beside the rules."""

    link_lists: bool = True  # the link-list heuristic, beside the rules


@dataclass(frozen=True)
class DedupeOptions:
    """[tool.cleaner.dedupe]: when two paragraphs are the same."""

    similarity: float = 0.8  # word-trigram Jaccard at which two paragraphs are the same


@dataclass(frozen=True)
class SpinOptions:
    """[tool.cleaner.spin]: when a document is spun, and what is repaired."""

    # A document is recognised as spun, which unlocks the gated rules and the model
    # repairs, on either evidence (README, "Spin"):
    gate: float = 3.0  # always-tier hits per 1,000 words ...
    min_rules: int = 2  # ... from at least this many distinct rules; or
    recognise: float = RECOGNISE  # always-tier hits and strong model swaps per 1,000 words
    min_swaps: int = MIN_SWAPS  # ... from at least this many distinct rules and swaps
    margin: float = MARGIN  # nats by which the original must fit better: a strong swap
    model: bool = True  # repair the lexicon's swaps (rules/spin/model.txt), not only score


OPTIONS: dict[str, type[Any]] = {
    "boilerplate": BoilerplateOptions,
    "dedupe": DedupeOptions,
    "html": HtmlOptions,
    "language": LanguageOptions,
    "spin": SpinOptions,
}


def options_for(stage: str, table: Mapping[str, Any], base: Any = None) -> Any:
    """The options of `stage` that `table` sets over `base` (else the defaults); None for
    a stage without options, whose table must be empty."""
    kind = OPTIONS.get(stage)
    defaults = base if base is not None else (kind() if kind is not None else None)
    known = {f.name: getattr(defaults, f.name) for f in fields(kind)} if kind else {}
    values = {}
    for key, value in table.items():
        if key not in known:
            names = ", ".join(sorted(known)) or "none"
            raise ConfigError(f"[tool.cleaner.{stage}]: unknown option {key!r} (known: {names})")
        values[key] = _checked(stage, key, value, known[key])
    return replace(defaults, **values) if defaults is not None else None


def table(options: Any) -> dict[str, Any]:
    """What `options` set apart from the defaults, as a configuration table would."""
    default = type(options)()
    return {
        f.name: list(value) if isinstance(value, tuple) else value
        for f in fields(options)
        if (value := getattr(options, f.name)) != getattr(default, f.name)
    }


def _checked(stage: str, key: str, value: Any, default: Any) -> Any:
    """`value` in the type of `default`: an int for a float, a list of strings for a tuple;
    bool is never taken for a number, nor a number for a bool."""
    if isinstance(default, tuple):
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(value)
        wanted = "list of strings"
    else:
        wanted = type(default).__name__
        exact = isinstance(value, type(default)) and isinstance(value, bool) == isinstance(
            default, bool
        )
        if exact:
            return value
        if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
    raise ConfigError(f"[tool.cleaner.{stage}] {key}: expected {wanted}, got {value!r}")
