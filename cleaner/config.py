"""Configuration: `[tool.cleaner]` in pyproject.toml, or the top level of cleaner.toml.

Looked up in the current folder. Flags on the command line win over the file. Each stage
has its own table named after it, `[tool.cleaner.spin]`, checked against that stage's
options.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.errors import ConfigError
from cleaner.pipeline import STAGES, validate_settings

_TOP_KEYS = {"disable", "output", "rules", "source"}


@dataclass(frozen=True)
class Config:
    source: Path = Path("seeds")
    output: Path = Path("cleaned")
    rules: tuple[Path, ...] = ()
    disable: tuple[str, ...] = ()
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    origin: str = "defaults"


def find_config(folder: Path) -> tuple[Path, dict[str, Any]] | None:
    """The config file in `folder` and its cleaner table, if there is one."""
    for name, table in (("cleaner.toml", ()), ("pyproject.toml", ("tool", "cleaner"))):
        path = folder / name
        if not path.is_file():
            continue
        try:
            data: Any = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from None
        for key in table:
            data = data.get(key) if isinstance(data, dict) else None
        if isinstance(data, dict):
            return path, data
    return None


def load_config(folder: Path | None = None) -> Config:
    folder = folder or Path.cwd()
    found = find_config(folder)
    if found is None:
        return Config()
    path, data = found
    base = path.parent
    stages: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        if key in STAGES:
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: [{key}] must be a table")
            try:
                validate_settings(key, value)
            except ConfigError as exc:
                raise ConfigError(f"{path}: {exc}") from None
            stages[key] = value
        elif key not in _TOP_KEYS:
            known = ", ".join(sorted(_TOP_KEYS | set(STAGES)))
            raise ConfigError(f"{path}: unknown key {key!r} (known: {known})")
    disable = _strings(path, data, "disable")
    for name in disable:
        if name not in STAGES:
            raise ConfigError(
                f"{path}: disable: unknown stage {name!r} (stages: {', '.join(STAGES)})"
            )
    return Config(
        source=base / str(data.get("source", "seeds")),
        output=base / str(data.get("output", "cleaned")),
        rules=tuple(base / r for r in _strings(path, data, "rules")),
        disable=tuple(disable),
        stages=stages,
        origin=str(path),
    )


def _strings(path: Path, data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key} must be a list of strings")
    return value
