"""The library face: clean a text, bytes or many of them, and get each clean text with
every change made to it.

    >>> import cleaner
    >>> cleaned = cleaner.clean("Top Stories Today\\nThe White Home said so.\\n")
    >>> cleaned.text, [c.rule for c in cleaned.changes]

`Cleaner` holds a configured pipeline (rules, disabled stages, settings); build one and
reuse it. It pickles as its configuration and builds its pipeline again where it lands,
so a worker process (multiprocessing, Ray, Spark) can be handed one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from cleaner.cachefiles import lasting
from cleaner.config import Config, load_config
from cleaner.document import FORMATS, Change, Document, format_of
from cleaner.errors import ConfigError, SkipFile, StageError
from cleaner.metadata import Metadata
from cleaner.pipeline import Pipeline
from cleaner.ruleset import RuleSet, load_rules

Format = Literal["auto", "text", "markdown", "html"]
Status = Literal["ok", "skipped", "error"]
BATCH = 64  # documents cleaned together by clean_many (see Pipeline.run_many)
# A page in a language other than English: it loads the extractor and langdetect's profiles.
# Spun as the shipped rules know it: recognised, so that spin makes all it makes for spin.
_WARM_SPUN = "The White Home stated the commerce deficit with 2 international locations grew.\n"
_WARM_PAGE = (
    "<html><body><article><p>"
    + "Le chat dort sur le canapé pendant que la pluie tombe sur la ville. " * 4
    + "</p></article></body></html>"
)


@dataclass(frozen=True)
class Cleaned:
    """One cleaned input. `status` is "ok", "skipped" (not text: binary bytes) or "error"
    (a stage failed on this input, a bug it found); `message` says why, and `text` is then
    the input as far as it was decoded (empty for skipped bytes). `input` is the input as
    decoded, before any stage changed it: what the changes' input spans index."""

    text: str
    changes: tuple[Change, ...] = ()
    metadata: Metadata = field(default_factory=Metadata)
    status: Status = "ok"
    message: str = ""
    input: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class Cleaner:
    """A configured cleaning pipeline.

    `rules` is a loaded RuleSet, else the shipped rules plus those under `rule_dirs` are
    loaded; `disable` names stages to switch off; `settings` maps a stage's name to its
    options (`{"spin": {"gate": 5.0}}`). `config` reads `[tool.cleaner]` from a
    pyproject.toml or cleaner.toml in that folder (or takes a Config) first; the
    arguments add to it. Errors in any of these raise ConfigError or RuleError at once.
    """

    def __init__(
        self,
        *,
        rules: RuleSet | None = None,
        rule_dirs: Sequence[str | Path] = (),
        disable: Sequence[str] = (),
        settings: Mapping[str, Mapping[str, Any]] | None = None,
        config: Config | str | Path | None = None,
    ) -> None:
        if config is not None and not isinstance(config, Config):
            config = load_config(Path(config))
        self.config = (config or Config()).merged(disable, settings, map(Path, rule_dirs))
        self.rules = rules if rules is not None else load_rules(list(self.config.rules))
        self._pipeline: Pipeline | None = None

    def warm_up(self) -> Cleaner:
        """Load now what the stages load on their first text (their libraries, the word
        list), and return self: a worker calls it before timing or serving its first batch."""
        self.pipeline.run(Document(text="Warm up, the words said.\n"))
        self.pipeline.run(Document(text=_WARM_PAGE, format="html"))  # extractor, langdetect
        self.pipeline.run(Document(text=_WARM_SPUN))  # spin's matchers and lexicon
        if any(stage.name == "spin" for stage in self.pipeline.stages):
            from cleaner.trigrams import Trigrams

            Trigrams.load().read()  # else read at the first place weighed, in a timed text
        return self

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline itself, built on first use (and again where a Cleaner is unpickled)."""
        if self._pipeline is None:
            with lasting():  # the stages' modules and what they hold last as the rules do
                self._pipeline = Pipeline(self.rules, self.config.disable, self.config.stages)
        return self._pipeline

    def clean(self, text: str, *, format: Format = "auto", path: str | None = None) -> Cleaned:
        """Clean `text`. `format` "html" makes a page text; "auto" does so when the text
        looks like a page, or `path` ends in .html or .htm."""
        return self._many([_document(text, format, path)])[0]

    def clean_bytes(
        self, data: bytes, *, format: Format = "auto", path: str | None = None
    ) -> Cleaned:
        """Decode `data` as the command decodes a file (cleaner/stages/decode.py) and clean it."""
        return self._many([_document(data, format, path)])[0]

    def clean_many(
        self, items: Iterable[str | bytes], *, format: Format = "auto"
    ) -> Iterator[Cleaned]:
        """Clean each of `items` (texts or bytes), in order, a batch at a time, stage by
        stage over the batch (faster than one by one). Never raises for one item: its
        Cleaned says what stopped it."""
        batch: list[Document] = []
        for item in items:
            batch.append(_document(item, format, None))
            if len(batch) == BATCH:
                yield from self._many(batch)
                batch = []
        yield from self._many(batch)

    def _many(self, docs: list[Document]) -> list[Cleaned]:
        ended = self.pipeline.run_many(docs)
        return [_cleaned(doc, end) for doc, end in zip(docs, ended, strict=True)]

    def __getstate__(self) -> dict[str, Any]:
        # The configuration only: a compiled pipeline cannot be rebuilt from its parts by
        # pickle, and building it again is cheap next to cleaning.
        return {"rules": self.rules, "config": self.config}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.rules, self.config = state["rules"], state["config"]
        self._pipeline = None


def _document(item: str | bytes, format: str, path: str | None) -> Document:
    if format not in FORMATS:
        raise ConfigError(f"format: {format!r} is not one of {', '.join(FORMATS)}")
    if format == "auto" and path is not None:
        format = format_of(path)
    if isinstance(item, bytes):
        return Document(text="", path=path or "<bytes>", raw=item, format=format)
    return Document(text=item, path=path or "<text>", format=format)


def _cleaned(doc: Document, end: SkipFile | StageError | None) -> Cleaned:
    status: Status = "ok"
    if isinstance(end, SkipFile):
        status = "skipped"
    elif end is not None:
        status = "error"
    changes = tuple(doc.changes)
    return Cleaned(doc.text, changes, doc.metadata, status, str(end or ""), doc.original)


_default: Cleaner | None = None


def clean(text: str, *, format: Format = "auto", path: str | None = None) -> Cleaned:
    """Clean `text` with the shipped rules and default settings (see Cleaner.clean)."""
    global _default
    if _default is None:
        _default = Cleaner()
    return _default.clean(text, format=format, path=path)
