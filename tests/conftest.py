from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from cleaner.pipeline import Pipeline
from cleaner.ruleset import RuleSet, load_rules
from cleaner.stages.decode import decode_text

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BBC = SHARED / "corpora" / "bbc"


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_rules()


@pytest.fixture(scope="session")
def pipeline(rules: RuleSet) -> Pipeline:
    return Pipeline(rules)


@pytest.fixture(scope="session")
def bbc() -> Path:
    """The BBC reference corpus beside the project; absent on a user's fresh clone."""
    if not BBC.is_dir():
        pytest.skip("reference corpus ../shared/corpora/bbc not present")
    return BBC


@pytest.fixture(scope="session")
def bbc_texts(bbc: Path) -> list[str]:
    """Every BBC article's text, decoded as cleaning decodes it (one is Latin-1)."""
    return [decode_text(p.read_bytes()) for p in sorted(bbc.rglob("[0-9]*.txt"))]


def baseline(section: str) -> dict[str, Any]:
    """A section of bench/baseline.json: the floors measured figures must not fall below."""
    data: dict[str, dict[str, Any]] = json.loads(
        (ROOT / "bench" / "baseline.json").read_text(encoding="utf-8")
    )
    return data[section]


def clean(pipeline: Pipeline, text: str, path: str = "<text>") -> str:
    return pipeline.clean_text(text, path).text


def bench_script(name: str, path: str) -> ModuleType:
    """A script of bench/, which is not a module of the package, loaded as `name`."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # a dataclass in it looks itself up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def heldout() -> ModuleType:
    """bench/suggest_heldout.py."""
    return bench_script("heldout", "suggest_heldout.py")
