"""What the stages learn about a document, beside its text: typed, one field per fact.

Each field is set by one stage (named in its comment) and read by the reports; the spin
verdict is also read by spin itself in later rounds (see Pipeline.run_many). A plain module,
not compiled: results cross process boundaries pickled, which a compiled class would not
survive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class SpinVerdict:
    """spin: the evidence that a document was spun, and the verdict.

    `hits` are always-tier hits, from `rules` distinct rules; `swaps` are places where the
    model finds a lexicon swap's original far likelier than the words written, of `kinds`
    distinct swaps. `score` is both per 1,000 words (where the text cannot be recognised,
    the swaps weighed until that was plain). `recognised` unlocks the gated rules and the
    model repairs (SpinOptions says on what evidence).
    """

    score: float = 0.0
    hits: int = 0
    rules: int = 0
    swaps: int = 0
    kinds: int = 0
    recognised: bool = False


@dataclass
class Metadata:
    """What the stages learned of a document, beside its text."""

    encoding: str | None = None  # decode: what the bytes were read as
    format: str | None = None  # html: "html" when the text was made of a page
    html_error: str | None = None  # html: why a page was kept as it came
    extractor: str | None = None  # html: what made the page text, "trafilatura" or "basic"
    declared_language: str | None = None  # html: the language a page says it is in ("pt")
    language: str | None = None  # language: a code, or "unknown" for too little text
    language_method: str | None = None  # language: "function-words", "declared", ...
    non_target_language: bool = False  # language: not one of its targets
    skipped_stages: list[str] = field(default_factory=list)  # pipeline: English-only ones
    spin: SpinVerdict | None = None  # spin
    unknown_words: list[str] = field(default_factory=list)  # spelling: left as written

    def as_dict(self) -> dict[str, Any]:
        """The facts that were found, as the JSON report writes them."""
        return {key: value for key, value in asdict(self).items() if value not in (None, False, [])}
