"""The one file the benches write their figures to (bench/results.json), a section each;
the README links it, and tests that need a floor read bench/baseline.json instead."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results.json"


def record(section: str, figures: Any, path: Path = RESULTS) -> None:
    """Set `section` of the results file to `figures`, keeping every other section."""
    results: dict[str, Any] = {}
    if path.is_file():
        results = json.loads(path.read_text(encoding="utf-8"))
    results[section] = figures
    text = json.dumps(dict(sorted(results.items())), indent=1, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
