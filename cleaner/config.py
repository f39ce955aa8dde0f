"""Configuration: `[tool.cleaner]` in pyproject.toml, or the top level of cleaner.toml.

Looked up in the current folder. Flags on the command line (and a library caller's
arguments) are added with Config.merged and win over the file. Each stage has its own table
named after it, `[tool.cleaner.spin]`, checked against that stage's options
(cleaner/options.py). Everything is checked here, once: what leaves this module is valid.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.errors import ConfigError
from cleaner.stagenames import STAGES

_TOP_KEYS = {"disable", "output", "rules", "source"}


@dataclass(frozen=True)
class Config:
    """The settings of a run: [tool.cleaner] of pyproject.toml or cleaner.toml, or given."""

    source: Path = Path("seeds")
    output: Path = Path("cleaned")
    rules: tuple[Path, ...] = ()
    disable: tuple[str, ...] = ()
    # Per stage with options set, its options (cleaner/options.py).
    stages: dict[str, Any] = field(default_factory=dict)
    origin: str = "defaults"

    def merged(
        self,
        disable: Iterable[str] = (),
        settings: Mapping[str, Mapping[str, Any]] | None = None,
        rules: Iterable[Path] = (),
        where: str = "",
    ) -> Config:
        """This configuration with more stages disabled, options set over its own (a
        stage's table, as in the file) and rule folders added; `where` names the source of
        them in errors ("--disable")."""
        disable = tuple(disable)
        check_stages(disable, where or "disable")
        stages = dict(self.stages)
        for name, values in (settings or {}).items():
            from cleaner.options import options_for  # here: most runs set no table

            check_stages([name], where or "settings")
            options = options_for(name, values, stages.get(name))
            if options is not None:
                stages[name] = options
        return Config(
            self.source,
            self.output,
            (*self.rules, *rules),
            (*self.disable, *(d for d in disable if d not in self.disable)),
            stages,
            self.origin,
        )

    def tables(self) -> dict[str, dict[str, Any]]:
        """Each stage's options set apart from its defaults, as tables (for the manifest)."""
        if not self.stages:
            return {}
        from cleaner.options import table

        return {name: table(options) for name, options in sorted(self.stages.items())}


def check_stages(names: Iterable[str], where: str) -> None:
    for name in names:
        if name not in STAGES:
            raise ConfigError(f"{where}: unknown stage {name!r} (stages: {', '.join(STAGES)})")


def find_config(folder: Path) -> tuple[Path, dict[str, Any]] | None:
    """The config file in `folder` and its cleaner table, if there is one."""
    for name, path_in in (("cleaner.toml", ()), ("pyproject.toml", ("tool", "cleaner"))):
        path = folder / name
        if not path.is_file():
            continue
        try:
            data: Any = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from None
        for key in path_in:
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
            stages[key] = value
        elif key not in _TOP_KEYS:
            known = ", ".join(sorted(_TOP_KEYS | set(STAGES)))
            raise ConfigError(f"{path}: unknown key {key!r} (known: {known})")
    config = Config(
        source=base / str(data.get("source", "seeds")),
        output=base / str(data.get("output", "cleaned")),
        rules=tuple(base / r for r in _strings(path, data, "rules")),
        origin=str(path),
    )
    try:
        return config.merged(_strings(path, data, "disable"), stages)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _strings(path: Path, data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key} must be a list of strings")
    return value
