"""Errors a user can act on: each names the file (and line) that caused it."""

from __future__ import annotations


class CleanerError(Exception):
    """Base for errors reported to the user as one line, without a traceback."""


class RuleError(CleanerError):
    """A rule file is malformed; the message starts with `path:line:`."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line


class ConfigError(CleanerError):
    """The configuration (pyproject.toml, cleaner.toml or flags) is invalid."""


class RunFailed(CleanerError):
    """The run cannot go on, through no fault of the input or the configuration."""


class SkipFile(CleanerError):
    """This input is not text (binary); it is reported and never written."""


class StageError(Exception):
    """A stage failed on one document: a bug that input found. It costs that file only."""

    def __init__(self, stage: str, cause: BaseException) -> None:
        super().__init__(f"internal error in stage {stage}: {type(cause).__name__}: {cause}")
        self.stage = stage


def reason(exc: OSError) -> str:
    """An OSError for a person: its reason, and the path it concerns if not the obvious one."""
    why = exc.strerror or str(exc)
    return f"{why}: {exc.filename}" if exc.filename else why
