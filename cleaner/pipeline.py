"""Stages and the pipeline that runs them.

A stage is one small unit with one job over a Document; its name is used everywhere: the
registry key here, its `[tool.cleaner.NAME]` config table, its label in reports and the
prefix of its rule ids. The pipeline owns order, timing and counting; stages never drop a
document, they label it.
"""

from __future__ import annotations

import importlib
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from cleaner.document import Document, Step, format_of
from cleaner.errors import ConfigError, SkipFile, StageError
from cleaner.placing import number_lines, place, step
from cleaner.ruleset import RuleSet
from cleaner.stagenames import RUN_ENGLISH, STAGES


class Stage:
    """Base class: subclasses set `name`, optionally `english_only`. A stage with options
    (cleaner/options.py) takes them, checked, as the second argument, else its defaults."""

    name: ClassVar[str]
    # Skipped (and said so in the document's metadata) for text not in English.
    english_only: ClassVar[bool] = False

    def __init__(self, rules: RuleSet, options: Any = None) -> None:
        self.rules = rules

    def run(self, doc: Document) -> None:
        raise NotImplementedError


def stage_class(name: str) -> type[Stage]:
    # Imported on demand: a stage's heavy dependencies load only when it runs.
    if name not in STAGES:
        raise ConfigError(f"unknown stage {name!r} (stages: {', '.join(STAGES)})")
    module = importlib.import_module(f"cleaner.stages.{name}")
    cls = module.STAGE
    assert issubclass(cls, Stage) and cls.name == name
    stage: type[Stage] = cls
    return stage

# Rounds of the stages after decode: the second of them usually changes nothing; the bound is
# against two stages that undo each other.
MAX_ROUNDS = 8


class Pipeline:
    def __init__(
        self,
        rules: RuleSet,
        disabled: Sequence[str] = (),
        options: Mapping[str, Any] | None = None,
    ) -> None:
        """A pipeline of every stage but the `disabled`, each with its `options` (checked
        where the configuration was built: see cleaner/config.py), else its defaults."""
        options = options or {}
        self.stages: list[Stage] = [
            stage_class(name)(rules, options.get(name))
            for name in STAGES
            if name not in disabled
        ]
        # decode turns bytes into text once; the rest run in rounds (see `run_many`).
        self.first_round_only = sum(1 for stage in self.stages if stage.name == "decode")
        self.seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        self.changes: Counter[str] = Counter()
        self.documents = 0
        # Told the name of each stage as it starts over the documents: a progress display.
        self.on_stage: Callable[[str], None] | None = None

    def run(self, doc: Document) -> Document:
        """Clean `doc` in place (and return it). SkipFile propagates: the file is not text."""
        (ended,) = self.run_many([doc])
        if ended is not None:
            raise ended
        return doc

    def run_many(self, docs: Sequence[Document]) -> list[SkipFile | StageError | None]:
        """Clean each of `docs` in place, and say how each ended: None when cleaned, else the
        SkipFile or StageError that stopped it (and it alone).

        Each stage runs over all the documents before the next stage starts, which keeps
        each stage's tables in the processor's cache: 8% to 15% faster than one document
        at a time through every stage, for the same result.

        Stages after `decode` run again while a round changes a document: a stage can find
        work in what a later one leaves (a removed caption reveals markup, a repaired spin
        makes two paragraphs the same, a split word completes a spun phrase). The text a
        round leaves unchanged is a clean copy that cleaning again leaves unchanged too.
        """
        self.documents += len(docs)
        ended: list[SkipFile | StageError | None] = [None] * len(docs)
        going = list(range(len(docs)))
        for stage in self.stages[: self.first_round_only]:
            going = self._run_stage_over(stage, docs, going, ended, False)
        for _ in range(MAX_ROUNDS):
            before = {i: docs[i].text for i in going}
            for stage in self.stages[self.first_round_only :]:
                going = self._run_stage_over(stage, docs, going, ended, True)
                if stage.name == "html":
                    # A page made text is where the rounds start: a round that changes
                    # nothing after it has nothing to show the next one.
                    before = {i: docs[i].text for i in going}
            going = [i for i in going if docs[i].text != before[i]]
            if not going:
                break
        for doc, end in zip(docs, ended, strict=True):
            doc.memos.clear()
            if end is None:
                place(doc, doc.steps)
            doc.steps = []
        return ended

    def _run_stage_over(
        self,
        stage: Stage,
        docs: Sequence[Document],
        going: list[int],
        ended: list[SkipFile | StageError | None],
        stepped: bool,
    ) -> list[int]:
        """Run `stage` on the documents `going`, adding to their steps what changed each
        when `stepped`; those it stops are recorded in `ended` and left out of what is
        returned."""
        if self.on_stage is not None and going:
            self.on_stage(stage.name)
        for i in going:
            try:
                done = self._run_stage(stage, docs[i])
            except (SkipFile, StageError) as exc:
                ended[i] = exc
                continue
            if done is not None and stepped:
                docs[i].steps.append(done)
        return [i for i in going if ended[i] is None]

    def _run_stage(self, stage: Stage, doc: Document) -> Step | None:
        """Run `stage` on `doc`; the Step it made, if it changed anything."""
        if stage.english_only and (doc.metadata.language or "en") not in RUN_ENGLISH:
            skipped = doc.metadata.skipped_stages
            if stage.name not in skipped:  # a later round skips it again
                skipped.append(stage.name)
            return None
        before = len(doc.changes)
        text = doc.text
        start = time.perf_counter()
        try:
            stage.run(doc)
        except SkipFile:
            raise
        except Exception as exc:
            raise StageError(stage.name, exc) from exc
        elapsed = time.perf_counter() - start
        self.seconds[stage.name] += elapsed
        doc.seconds[stage.name] = doc.seconds.get(stage.name, 0.0) + elapsed
        self.changes[stage.name] += len(doc.changes) - before
        if len(doc.changes) == before and doc.text is text:
            return None
        number_lines(text, doc.changes, before)
        return step(text, doc.text, doc.changes[before:], before)

    def clean_text(self, text: str, path: str = "<text>") -> Document:
        return self.run(Document(text=text, path=path, format=format_of(path)))

    def clean_bytes(self, data: bytes, path: str = "<bytes>") -> Document:
        return self.run(Document(text="", path=path, raw=data, format=format_of(path)))
